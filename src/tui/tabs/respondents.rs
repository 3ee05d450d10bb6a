//! Respondents tab: the analysed data, one row per respondent — id, paradoxical, cohort,
//! scale scores, disclosure score, group values and weight — and nothing else: no raw
//! answers, never PII. Scrollable (the id column stays put while `<`/`>` scroll the
//! others), a column cursor (`h`/`l`) to sort on (`[` ascending, `]` descending, on a
//! thread of its own: see [`crate::tui::sorter`]) and to count (`F`), searchable in every
//! column as shown (`/`, then `n` / `N`, matches highlighted).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::Respondents;
use crate::study::Study;
use crate::tui::action::Action;
use crate::tui::columns::{self, Column};
use crate::tui::tabs::common::{clicked_row, navigate, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RespondentsState {
    /// Row indices (into the analysis' rows) in display order.
    pub order: Vec<usize>,
    /// Sort column (index into [`columns::columns`]); `None` = file order.
    pub sort: Option<usize>,
    pub descending: bool,
    /// The column cursor (index into [`columns::columns`]): what `[`/`]` sort on and `F`
    /// counts.
    pub cursor: usize,
    /// A sort is running on its thread (the order shown is the previous one).
    pub sorting: bool,
    /// Position in `order` of the highlighted row.
    pub selected: usize,
    /// First visible position.
    pub offset: usize,
    /// How many scrollable columns (all but the id) are scrolled off to the left.
    pub col_offset: usize,
    /// The text being searched for.
    pub search: String,
    before_search: (usize, usize),
}

/// Column headers, in display order (see [`columns::columns`]).
pub fn column_names(study: &Study) -> Vec<String> {
    columns::columns(study)
        .into_iter()
        .map(|c| columns::name(study, c))
        .collect()
}

/// Table area inside the body: one status line on top.
fn table_area(body: Rect) -> Rect {
    take_top(body, 1).1
}

fn visible_rows(body: Rect) -> usize {
    usize::from(table_area(body).height.saturating_sub(1)).max(1)
}

/// A column's width: its header with room for the sort arrow, at least six cells (eleven
/// for cohorts and group levels, which are words).
fn width_of(study: &Study, col: Column) -> usize {
    let h = columns::name(study, col).chars().count() + 1;
    match col {
        Column::Cohort | Column::Group(_) => h.max(11),
        _ => h.max(6),
    }
}

/// The id column's width: the longest id on screen, 2 to 24 cells.
fn id_width(st: &RespondentsState, rows: &Respondents, study: &Study, page: usize) -> usize {
    st.order
        .iter()
        .skip(st.offset)
        .take(page)
        .filter(|&&i| i < rows.len())
        .map(|&i| rows.id(study, i).chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 24)
}

impl RespondentsState {
    /// New rows arrived (filter changed): file order, start at the top. A sort set before
    /// is re-applied by the caller on the sort thread.
    pub fn on_new_rows(&mut self, rows: &Respondents) {
        self.order = (0..rows.len()).collect();
        self.selected = 0;
        self.offset = 0;
    }

    /// The sort thread's answer: the rows in sorted order, from the top.
    pub fn set_order(&mut self, order: Vec<usize>) {
        self.order = order;
        self.sorting = false;
        self.selected = 0;
        self.offset = 0;
    }

    /// The column under the cursor.
    pub fn cursor_column(&self, study: &Study) -> Column {
        let cols = columns::columns(study);
        cols.get(self.cursor.min(cols.len().saturating_sub(1)))
            .copied()
            .unwrap_or(Column::Id)
    }

    pub fn handle(&mut self, action: Action, rows: &Respondents, study: &Study, body: Rect) {
        let n_cols = columns::columns(study).len();
        let page = visible_rows(body);
        match action {
            Action::Left => {
                self.cursor = self.cursor.min(n_cols.saturating_sub(1)).saturating_sub(1);
                self.cursor_into_view(rows, study, body);
            }
            Action::Right => {
                self.cursor = (self.cursor + 1).min(n_cols.saturating_sub(1));
                self.cursor_into_view(rows, study, body);
            }
            Action::Click(_, y) => {
                if let Some(r) = clicked_row(y, table_area(body), self.offset) {
                    if r < self.order.len() {
                        self.selected = r;
                    }
                }
            }
            Action::ScrollUp | Action::ScrollDown => {
                // The wheel moves by three rows, like most terminal programs.
                for _ in 0..3 {
                    self.selected = navigate(self.selected, self.order.len(), action, page);
                }
            }
            other => self.selected = navigate(self.selected, self.order.len(), other, page),
        }
        self.scroll_into_view(page);
    }

    /// Scrolls the columns so the cursor's is on screen (the id column always is).
    fn cursor_into_view(&mut self, rows: &Respondents, study: &Study, body: Rect) {
        if self.cursor == 0 {
            return;
        }
        if self.cursor <= self.col_offset {
            self.col_offset = self.cursor - 1;
            return;
        }
        let cols = columns::columns(study);
        let width = usize::from(body.width);
        let id_w = id_width(self, rows, study, visible_rows(body)) + 1;
        // Scroll right until the columns from the first shown to the cursor fit.
        loop {
            let used: usize = id_w
                + (1 + self.col_offset..=self.cursor)
                    .map(|c| width_of(study, cols[c]) + 1)
                    .sum::<usize>();
            if used <= width || self.col_offset + 1 >= self.cursor {
                break;
            }
            self.col_offset += 1;
        }
    }

    fn scroll_into_view(&mut self, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    pub fn start_search(&mut self) {
        self.before_search = (self.selected, self.offset);
        self.search.clear();
    }

    pub fn cancel_search(&mut self) {
        (self.selected, self.offset) = self.before_search;
        self.search.clear();
    }

    /// Moves to the first row (in display order) with a cell containing the query, ignoring
    /// case.
    pub fn jump_to_search(&mut self, rows: &Respondents, study: &Study, body: Rect) -> bool {
        self.find(rows, study, body, None, true)
    }

    /// `n` / `N`: the next / previous row (from the selected one, wrapping) matching the
    /// last query.
    pub fn search_step(
        &mut self,
        rows: &Respondents,
        study: &Study,
        body: Rect,
        forward: bool,
    ) -> bool {
        self.find(rows, study, body, Some(self.selected), forward)
    }

    fn find(
        &mut self,
        rows: &Respondents,
        study: &Study,
        body: Rect,
        from: Option<usize>,
        forward: bool,
    ) -> bool {
        if self.search.is_empty() {
            return false;
        }
        let q = self.search.to_lowercase();
        let n = self.order.len();
        let cols = columns::columns(study);
        let matches = |pos: usize| -> bool {
            let i = self.order[pos];
            if i >= rows.len() {
                return false;
            }
            if contains_ignoring_case(rows.id(study, i), &q) {
                return true;
            }
            cols[1..]
                .iter()
                .any(|&c| contains_ignoring_case(&columns::cell(rows, study, i, c), &q))
        };
        let hit = match from {
            None => (0..n).find(|&p| matches(p)),
            Some(start) => (1..=n)
                .map(|k| {
                    if forward {
                        (start + k) % n
                    } else {
                        (start + n * 2 - k) % n
                    }
                })
                .find(|&p| matches(p)),
        };
        match hit {
            Some(pos) => {
                self.selected = pos;
                let page = visible_rows(body);
                if pos < self.offset || pos >= self.offset + page {
                    self.offset = pos.saturating_sub(page / 2);
                }
                true
            }
            None => false,
        }
    }
}

/// Whether `text` contains `lower_query` (already lower case), ignoring case; ASCII text
/// (nearly every id) is compared without making a lower-case copy.
fn contains_ignoring_case(text: &str, lower_query: &str) -> bool {
    if text.is_ascii() && lower_query.is_ascii() {
        let (t, q) = (text.as_bytes(), lower_query.as_bytes());
        q.is_empty() || t.windows(q.len()).any(|w| w.eq_ignore_ascii_case(q))
    } else {
        text.to_lowercase().contains(lower_query)
    }
}

/// Splits `text` into spans, the parts matching `lower_query` (ignoring case) in the
/// match style: a search's hits stand out in every visible cell.
fn highlighted(text: String, lower_query: &str, style: Style) -> Vec<Span<'static>> {
    if lower_query.is_empty() || !text.is_ascii() || !lower_query.is_ascii() {
        let hit = !lower_query.is_empty() && text.to_lowercase().contains(lower_query);
        return vec![Span::styled(
            text,
            if hit {
                style.patch(theme::matched())
            } else {
                style
            },
        )];
    }
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(k) = lower[at..].find(lower_query) {
        let (a, b) = (at + k, at + k + lower_query.len());
        if a > at {
            spans.push(Span::styled(text[at..a].to_string(), style));
        }
        spans.push(Span::styled(
            text[a..b].to_string(),
            style.patch(theme::matched()),
        ));
        at = b;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), style));
    }
    spans
}

pub fn render(state: &RespondentsState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let st = state;
    let study = view.study;
    let rows = &analysis.rows;
    let cols = columns::columns(study);
    let (info, table) = take_top(area, 1);
    let cursor = st.cursor.min(cols.len().saturating_sub(1));
    let sort = match st.sort.and_then(|c| cols.get(c)) {
        None => "file order".to_string(),
        Some(&c) => format!(
            "{} {}",
            columns::name(study, c),
            if st.descending {
                "↓ descending"
            } else {
                "↑ ascending"
            }
        ),
    };
    let pos = if rows.is_empty() { 0 } else { st.selected + 1 };
    let mut head = vec![Span::styled(
        format!("row {pos}/{} ", rows.len()),
        theme::title(),
    )];
    // The cell under the cursor in full when its column cuts it ("Prefer not" → "gender:
    // Prefer not to say").
    if let Some(&i) = st.order.get(st.selected).filter(|&&i| i < rows.len()) {
        if let Some(&col) = cols.get(cursor) {
            let text = columns::cell(rows, study, i, col);
            let w = if cursor == 0 {
                id_width(st, rows, study, usize::from(table.height.saturating_sub(1)))
            } else {
                width_of(study, col)
            };
            if text.chars().count() > w {
                head.push(Span::styled(
                    format!("· {}: {text} ", columns::name(study, col)),
                    theme::title(),
                ));
            }
        }
    }
    if st.sorting {
        head.push(Span::styled(
            format!("· sorting by {}… ", columns::name(study, cols[cursor])),
            theme::busy(),
        ));
    } else {
        head.push(Span::styled(format!("· sorted by {sort} "), theme::dim()));
    }
    head.push(Span::styled(
        "· h/l column · [ ] sort · / search · F counts",
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(head)), info);
    if table.height == 0 || table.width == 0 {
        return;
    }
    let page = usize::from(table.height.saturating_sub(1));
    let id_w = id_width(st, rows, study, page);
    let shown: Vec<usize> = std::iter::once(0)
        .chain((1 + st.col_offset)..cols.len())
        .collect();
    let q = st.search.to_lowercase();
    let mut y = table.y;
    // One line of cells: (text, width, right-aligned, style, highlight matches).
    let line_for = |cells: Vec<(String, usize, bool, Style, bool)>| {
        let mut spans = Vec::new();
        let mut used = 0usize;
        for (k, (text, w, right, style, mark)) in cells.into_iter().enumerate() {
            // A column is drawn whole or not at all (`>` scrolls to the rest).
            if k > 0 && used + w > table.width as usize {
                break;
            }
            let t: String = text.chars().take(w).collect();
            let pad = " ".repeat(w.saturating_sub(t.chars().count()));
            if right {
                spans.push(Span::styled(pad.clone(), style));
            }
            if mark {
                spans.extend(highlighted(t, &q, style));
            } else {
                spans.push(Span::styled(t, style));
            }
            if !right {
                spans.push(Span::styled(pad, style));
            }
            spans.push(Span::styled(" ", style));
            used += w + 1;
        }
        Line::from(spans)
    };
    let width = |c: usize| {
        if c == 0 {
            id_w
        } else {
            width_of(study, cols[c])
        }
    };
    let header: Vec<_> = shown
        .iter()
        .map(|&c| {
            let mut h = columns::name(study, cols[c]);
            if st.sort == Some(c) {
                h.push(if st.descending { '↓' } else { '↑' });
            }
            let style = if c == cursor {
                theme::header().patch(theme::selected())
            } else {
                theme::header()
            };
            (h, width(c), columns::is_numeric(cols[c]), style, false)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(line_for(header)),
        Rect::new(table.x, y, table.width, 1),
    );
    let window = st.order.iter().skip(st.offset).take(page);
    for (k, &i) in window.enumerate() {
        y += 1;
        if y >= table.bottom() || i >= rows.len() {
            break;
        }
        let style = if st.offset + k == st.selected {
            theme::selected()
        } else {
            theme::base()
        };
        let cells: Vec<_> = shown
            .iter()
            .map(|&c| {
                let text = columns::cell(rows, study, i, cols[c]);
                (text, width(c), columns::is_numeric(cols[c]), style, true)
            })
            .collect();
        frame.render_widget(
            Paragraph::new(line_for(cells)),
            Rect::new(table.x, y, table.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_search_ignores_case_without_copying_ascii() {
        assert!(contains_ignoring_case("R0000123", "r000"));
        assert!(contains_ignoring_case("abc", ""));
        assert!(!contains_ignoring_case("R12", "r123"));
        // Non-ASCII ids take the Unicode path.
        assert!(contains_ignoring_case("ÄRZTIN-7", "ärz"));
    }

    #[test]
    fn every_match_in_a_cell_is_its_own_span() {
        let spans = highlighted("Gen Z and gen z".into(), "gen z", Style::default());
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["Gen Z", " and ", "gen z"]);
        assert_eq!(spans[0].style, theme::matched());
        assert_eq!(spans[1].style, Style::default());
    }
}
