//! Where things go on the screen, as a pure function of the terminal size, so that mouse
//! hit-testing in `update` agrees with what `ui` draws.

use ratatui::layout::Rect;

use crate::tui::tab::Tab;

/// The regions of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub legend: Rect,
    pub status: Rect,
}

pub fn screen((w, h): (u16, u16)) -> Rect {
    Rect::new(0, 0, w, h)
}

/// Tab bar on top, status bar at the bottom, the suppression legend above it; the rest is
/// the body. On very short terminals the legend, then the status bar, give way.
pub fn layout(area: Rect) -> Areas {
    let h = area.height;
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    let empty = Rect::new(area.x, area.y, area.width, 0);
    let tabs = if h >= 1 { row(area.y) } else { empty };
    let status = if h >= 2 { row(area.y + h - 1) } else { empty };
    let legend = if h >= 5 { row(area.y + h - 2) } else { empty };
    let reserved = u16::from(h >= 1) + u16::from(h >= 2) + u16::from(h >= 5);
    let body = Rect::new(
        area.x,
        area.y + u16::from(h >= 1),
        area.width,
        h.saturating_sub(reserved),
    );
    Areas {
        tabs,
        body,
        legend,
        status,
    }
}

/// How the tab bar names the tabs at a width: in full from 100 columns, by short names
/// below, by number alone (the active tab keeps its short name) when even those do not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabNames {
    Full,
    Short,
    Numbers,
}

fn bar_width(names: TabNames, active: Tab) -> usize {
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| tab_label_as(i, *t, names, active).chars().count() + 1)
        .sum()
}

pub fn tab_names(width: u16, active: Tab) -> TabNames {
    let w = usize::from(width);
    if w >= 100 && bar_width(TabNames::Full, active) <= w {
        TabNames::Full
    } else if bar_width(TabNames::Short, active) <= w {
        TabNames::Short
    } else {
        TabNames::Numbers
    }
}

/// (first column, one past the last column, tab) of each tab title in the tab bar.
pub fn tab_ranges(bar: Rect, active: Tab) -> Vec<(u16, u16, Tab)> {
    let names = tab_names(bar.width, active);
    let mut x = bar.x;
    let mut out = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let w = tab_label_as(i, *tab, names, active).chars().count() as u16;
        out.push((x, x.saturating_add(w), *tab));
        x = x.saturating_add(w + 1);
    }
    out
}

/// The tab's title in the bar drawn at `width`.
pub fn tab_label(i: usize, tab: Tab, width: u16, active: Tab) -> String {
    tab_label_as(i, tab, tab_names(width, active), active)
}

fn tab_label_as(i: usize, tab: Tab, names: TabNames, active: Tab) -> String {
    match names {
        TabNames::Full => format!(" {} {} ", i + 1, tab.title()),
        TabNames::Short => format!(" {} {} ", i + 1, tab.short()),
        TabNames::Numbers if tab == active => format!(" {} {} ", i + 1, tab.short()),
        TabNames::Numbers => format!(" {} ", i + 1),
    }
}

/// The tab under column `x` of the tab bar.
pub fn tab_at(x: u16, bar: Rect, active: Tab) -> Option<Tab> {
    tab_ranges(bar, active)
        .into_iter()
        .find(|&(a, b, _)| x >= a && x < b && x < bar.right())
        .map(|(_, _, t)| t)
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The filter picker's box on a screen, for `entries` lines.
/// Two lines on top (the expression and its error or hint), the entries, the draft in
/// words at the bottom.
pub fn picker_area(screen: Rect, entries: usize) -> Rect {
    let inner_h = screen.height.saturating_sub(6).max(1) as usize;
    let height = (entries.min(inner_h) + 5) as u16;
    centered(screen, 64, height)
}

/// Lines of entries the picker shows, and the first one shown (the cursor kept in view).
pub fn picker_window(popup: Rect, cursor: usize) -> (usize, usize) {
    let visible = popup.height.saturating_sub(5) as usize;
    (visible, cursor.saturating_sub(visible.saturating_sub(1)))
}

/// The picker entry under (x, y), if any.
pub fn picker_entry_at(
    popup: Rect,
    cursor: usize,
    entries: usize,
    x: u16,
    y: u16,
) -> Option<usize> {
    let (visible, start) = picker_window(popup, cursor);
    if x <= popup.x || x + 1 >= popup.right() || y < popup.y + 3 {
        return None;
    }
    let k = usize::from(y - popup.y - 3);
    (k < visible && start + k < entries).then_some(start + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_eight_tabs_fit_the_bar_at_80_and_at_40_columns() {
        for w in [80u16, 60, 40, 120] {
            let bar = Rect::new(0, 0, w, 1);
            for active in Tab::ALL {
                let ranges = tab_ranges(bar, active);
                assert_eq!(ranges.len(), 8);
                assert!(ranges[7].1 <= w, "{w}: {ranges:?}");
                assert_eq!(tab_at(ranges[7].0, bar, active), Some(Tab::Robustness));
            }
        }
        assert_eq!(tab_names(120, Tab::Overview), TabNames::Full);
        assert_eq!(tab_names(99, Tab::Overview), TabNames::Short);
    }
}
