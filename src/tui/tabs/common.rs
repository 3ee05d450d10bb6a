//! What every tab shares: the read-only [`View`] it draws from, list navigation, click
//! hit-testing and the split of its body into panes.

use ratatui::layout::Rect;

use crate::privacy::MinCell;
use crate::study::Study;
use crate::tui::action::Action;
use crate::tui::worker::Analysis;

/// What a tab may read while it draws: the study, the last finished analysis (unsuppressed,
/// with its published form) and the `min_cell` its marks use.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub study: &'a Study,
    pub analysis: Option<&'a Analysis>,
    pub min_cell: MinCell,
    /// Lines of the terminal the body shows (a tab draws on a taller canvas, which the
    /// body scrolls over; charts are sized to this).
    pub viewport: u16,
    /// Table columns (after the first) scrolled off to the left.
    pub col_offset: usize,
}

/// Moves a selection among `len` rows by one navigation action; `page` rows per page.
/// Returns the new index (0 when there are no rows).
pub fn navigate(selected: usize, len: usize, action: Action, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    let page = page.max(1);
    let s = selected.min(last);
    match action {
        Action::Up | Action::ScrollUp => s.saturating_sub(1),
        Action::Down | Action::ScrollDown => (s + 1).min(last),
        Action::PageUp => s.saturating_sub(page),
        Action::PageDown => (s + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => s,
    }
}

/// The row a click at screen row `y` lands on in a table drawn at `area` with one header
/// line and the first visible row `offset`.
pub fn clicked_row(y: u16, area: Rect, offset: usize) -> Option<usize> {
    let first = area.y.checked_add(1)?;
    if y < first || y >= area.bottom() {
        return None;
    }
    Some(offset + usize::from(y - first))
}

/// Splits `area` into two side-by-side panes when it is wide enough, else stacks them;
/// `first` is the share of the first pane in percent.
pub fn split(area: Rect, side_by_side_from: u16, first: u16) -> (Rect, Rect) {
    if area.width >= side_by_side_from {
        let w = (u32::from(area.width) * u32::from(first) / 100) as u16;
        (
            Rect::new(area.x, area.y, w, area.height),
            Rect::new(area.x + w, area.y, area.width - w, area.height),
        )
    } else {
        let h = (u32::from(area.height) * u32::from(first) / 100) as u16;
        (
            Rect::new(area.x, area.y, area.width, h),
            Rect::new(area.x, area.y + h, area.width, area.height - h),
        )
    }
}

/// The first `n` lines of `area` and the rest.
pub fn take_top(area: Rect, n: u16) -> (Rect, Rect) {
    let n = n.min(area.height);
    (
        Rect::new(area.x, area.y, area.width, n),
        Rect::new(area.x, area.y + n, area.width, area.height - n),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_clamps_at_both_ends_and_handles_empty_lists() {
        assert_eq!(navigate(0, 0, Action::Down, 10), 0);
        assert_eq!(navigate(0, 5, Action::Up, 10), 0);
        assert_eq!(navigate(4, 5, Action::Down, 10), 4);
        assert_eq!(navigate(1, 50, Action::PageDown, 10), 11);
        assert_eq!(navigate(45, 50, Action::PageDown, 10), 49);
        assert_eq!(navigate(3, 50, Action::Bottom, 10), 49);
    }

    #[test]
    fn clicks_on_the_header_select_nothing() {
        let area = Rect::new(0, 5, 20, 10);
        assert_eq!(clicked_row(5, area, 0), None);
        assert_eq!(clicked_row(6, area, 0), Some(0));
        assert_eq!(clicked_row(8, area, 30), Some(32));
        assert_eq!(clicked_row(15, area, 0), None);
    }
}
