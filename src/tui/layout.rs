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

/// (first column, one past the last column, tab) of each tab title in the tab bar.
pub fn tab_ranges(bar: Rect) -> Vec<(u16, u16, Tab)> {
    let mut x = bar.x;
    let mut out = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let w = tab_label(i, *tab).chars().count() as u16;
        out.push((x, x.saturating_add(w), *tab));
        x = x.saturating_add(w + 1);
    }
    out
}

pub fn tab_label(i: usize, tab: Tab) -> String {
    format!(" {} {} ", i + 1, tab.title())
}

/// The tab under column `x` of the tab bar.
pub fn tab_at(x: u16, bar: Rect) -> Option<Tab> {
    tab_ranges(bar)
        .into_iter()
        .find(|&(a, b, _)| x >= a && x < b && x < bar.right())
        .map(|(_, _, t)| t)
}
