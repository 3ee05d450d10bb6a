//! Respondents tab: the analysed data, one row per respondent — id, cohort, scale scores,
//! disclosure score, paradoxical — and nothing else: no raw answers, never PII. Scrollable
//! (the id column stays put while h/l scroll the others), sortable by any column (s / S),
//! searchable in every column as shown (/, then n / N). Sorting happens on the key press,
//! never while drawing.

use std::cmp::Ordering;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::{RespondentRow, Respondents};
use crate::study::Study;
use crate::tui::action::Action;
use crate::tui::tabs::common::{clicked_row, navigate, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RespondentsState {
    /// Row indices (into the analysis' rows) in display order.
    pub order: Vec<usize>,
    /// Sort column (see [`columns`]); `None` = file order.
    pub sort: Option<usize>,
    pub descending: bool,
    /// Position in `order` of the highlighted row.
    pub selected: usize,
    /// First visible position.
    pub offset: usize,
    /// How many scrollable columns (all but the id) are scrolled off to the left.
    pub col_offset: usize,
    /// The id being searched for.
    pub search: String,
    before_search: (usize, usize),
}

/// Column headers: id, cohort, one per scale, disclosure, paradoxical.
pub fn columns(study: &Study) -> Vec<String> {
    let mut c = vec!["id".to_string(), "cohort".to_string()];
    c.extend(study.codebook.scales.iter().map(|s| s.name.clone()));
    c.push("disclosure".into());
    c.push("paradoxical".into());
    c
}

/// Table area inside the body: one status line on top.
fn table_area(body: Rect) -> Rect {
    take_top(body, 1).1
}

fn visible_rows(body: Rect) -> usize {
    usize::from(table_area(body).height.saturating_sub(1)).max(1)
}

impl RespondentsState {
    /// New rows arrived (filter changed): keep the sort, start at the top.
    pub fn on_new_rows(&mut self, rows: &Respondents, study: &Study) {
        self.order = (0..rows.len()).collect();
        self.apply_sort(rows, study);
        self.selected = 0;
        self.offset = 0;
    }

    pub fn handle(&mut self, action: Action, rows: &Respondents, study: &Study, body: Rect) {
        let n_cols = columns(study).len();
        let page = visible_rows(body);
        match action {
            Action::SortNext => {
                self.sort = match self.sort {
                    None => Some(0),
                    Some(c) if c + 1 < n_cols => Some(c + 1),
                    Some(_) => None,
                };
                self.descending = false;
                self.apply_sort(rows, study);
            }
            Action::SortReverse => {
                self.descending = !self.descending;
                if self.sort.is_none() {
                    self.sort = Some(0);
                }
                self.apply_sort(rows, study);
            }
            Action::Left => self.col_offset = self.col_offset.saturating_sub(1),
            Action::Right => {
                self.col_offset = (self.col_offset + 1).min(n_cols.saturating_sub(2));
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

    fn scroll_into_view(&mut self, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }

    /// Stable sort by the sort column; missing values last in either direction. The keys
    /// are read from the score columns in place (no per-row strings).
    fn apply_sort(&mut self, rows: &Respondents, study: &Study) {
        let Some(col) = self.sort else {
            self.order.sort_unstable();
            return;
        };
        let n_scales = study.codebook.scales.len();
        let key = |i: usize| -> SortKey<'_> {
            match col {
                0 => SortKey::Text(rows.id(study, i)),
                1 => SortKey::Rank(rows.cohort(i)),
                c if c < 2 + n_scales => SortKey::Num(rows.scale_score(c - 2, i)),
                c if c == 2 + n_scales => SortKey::Num(rows.disclosure_score(i)),
                _ => SortKey::Rank(rows.paradoxical(i).map(usize::from)),
            }
        };
        let desc = self.descending;
        let n = rows.len();
        self.order.sort_by(|&a, &b| {
            if a >= n || b >= n {
                return Ordering::Equal;
            }
            compare(&key(a), &key(b), desc)
        });
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
        let n_scales = study.codebook.scales.len();
        let n_cols = 4 + n_scales;
        let matches = |pos: usize| -> bool {
            let i = self.order[pos];
            if i >= rows.len() {
                return false;
            }
            if contains_ignoring_case(rows.id(study, i), &q) {
                return true;
            }
            let row = rows.row(study, i);
            (1..n_cols).any(|c| contains_ignoring_case(&cell_text(&row, c, n_scales), &q))
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

#[derive(Debug, PartialEq)]
enum SortKey<'a> {
    Text(&'a str),
    Num(Option<f64>),
    Rank(Option<usize>),
}

fn compare(a: &SortKey<'_>, b: &SortKey<'_>, desc: bool) -> Ordering {
    let dir = |o: Ordering| if desc { o.reverse() } else { o };
    // Missing values sort last whichever the direction, so they never hide the data.
    fn opt<T>(
        a: &Option<T>,
        b: &Option<T>,
        cmp: impl Fn(&T, &T) -> Ordering,
        dir: impl Fn(Ordering) -> Ordering,
    ) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => dir(cmp(x, y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    match (a, b) {
        (SortKey::Text(x), SortKey::Text(y)) => dir(natural(x, y)),
        (SortKey::Num(x), SortKey::Num(y)) => opt(x, y, |p, q| p.total_cmp(q), dir),
        (SortKey::Rank(x), SortKey::Rank(y)) => opt(x, y, |p, q| p.cmp(q), dir),
        _ => Ordering::Equal,
    }
}

/// Ids like R2 < R10: the prefix before the trailing digits as text, then the trailing
/// digits by value (any length; none sorts first), then the whole id. No allocation: a
/// sort of a million ids makes tens of millions of comparisons.
fn natural(a: &str, b: &str) -> Ordering {
    fn split(s: &str) -> (&str, Option<&str>) {
        let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (prefix, tail) = s.split_at(s.len() - digits);
        // The value's digits: without leading zeros (an all-zero run is "0").
        let value = (digits > 0).then(|| {
            let v = tail.trim_start_matches('0');
            if v.is_empty() {
                "0"
            } else {
                v
            }
        });
        (prefix, value)
    }
    let by_value = |x: &str, y: &str| x.len().cmp(&y.len()).then_with(|| x.cmp(y));
    let (pa, na) = split(a);
    let (pb, nb) = split(b);
    pa.cmp(pb)
        .then_with(|| match (na, nb) {
            (Some(x), Some(y)) => by_value(x, y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        })
        .then_with(|| a.cmp(b))
}

fn cell_text(row: &RespondentRow, col: usize, n_scales: usize) -> String {
    let num = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "—".into());
    match col {
        0 => row.id.clone(),
        1 => row.cohort.clone().unwrap_or_else(|| "unknown".into()),
        c if c < 2 + n_scales => num(row.scale_scores.get(c - 2).copied().flatten()),
        c if c == 2 + n_scales => num(row.disclosure_score),
        _ => match row.paradoxical {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "—".into(),
        },
    }
}

pub fn render(state: &RespondentsState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let st = state;
    let rows = &analysis.rows;
    let cols = columns(view.study);
    let n_scales = view.study.codebook.scales.len();
    let (info, table) = take_top(area, 1);
    let sort = match st.sort {
        None => "file order".to_string(),
        Some(c) => format!(
            "{} {}",
            cols.get(c).map(String::as_str).unwrap_or(""),
            if st.descending { "↓" } else { "↑" }
        ),
    };
    let pos = if rows.is_empty() { 0 } else { st.selected + 1 };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("row {pos}/{} ", rows.len()), theme::title()),
            Span::styled(
                format!("· sort: {sort} (s next, S reverse) · h/l columns · / search id"),
                theme::dim(),
            ),
        ])),
        info,
    );
    if table.height == 0 || table.width == 0 {
        return;
    }
    // Widths: the id column fits the longest visible id; the rest fit their header.
    let page = usize::from(table.height.saturating_sub(1));
    let window: Vec<RespondentRow> = st
        .order
        .iter()
        .skip(st.offset)
        .take(page)
        .filter(|&&i| i < rows.len())
        .map(|&i| rows.row(view.study, i))
        .collect();
    let id_w = window
        .iter()
        .map(|r| r.id.chars().count())
        .chain(std::iter::once(2))
        .max()
        .unwrap_or(2)
        .min(24);
    let width_of = |c: usize| -> usize {
        let h = cols.get(c).map(|s| s.chars().count()).unwrap_or(0);
        if c == 1 {
            h.max(11)
        } else {
            h.max(6)
        }
    };
    let shown: Vec<usize> = std::iter::once(0)
        .chain((1 + st.col_offset)..cols.len())
        .collect();
    let mut y = table.y;
    let line_for = |cells: Vec<(String, usize, bool)>, style| {
        let mut spans = Vec::new();
        let mut used = 0usize;
        for (text, w, right) in cells {
            if used >= table.width as usize {
                break;
            }
            let t: String = text.chars().take(w).collect();
            let padded = if right {
                format!("{t:>w$} ")
            } else {
                format!("{t:<w$} ")
            };
            used += w + 1;
            spans.push(Span::styled(padded, style));
        }
        Line::from(spans)
    };
    let header: Vec<(String, usize, bool)> = shown
        .iter()
        .map(|&c| {
            let mut h = cols[c].clone();
            if st.sort == Some(c) {
                h.push(if st.descending { '↓' } else { '↑' });
            }
            let w = if c == 0 { id_w } else { width_of(c) };
            (h, w, c >= 2)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(line_for(header, theme::header())),
        Rect::new(table.x, y, table.width, 1),
    );
    for (k, r) in window.iter().enumerate() {
        y += 1;
        if y >= table.bottom() {
            break;
        }
        let cells: Vec<(String, usize, bool)> = shown
            .iter()
            .map(|&c| {
                let w = if c == 0 { id_w } else { width_of(c) };
                (cell_text(r, c, n_scales), w, c >= 2)
            })
            .collect();
        let style = if st.offset + k == st.selected {
            theme::selected()
        } else {
            theme::base()
        };
        frame.render_widget(
            Paragraph::new(line_for(cells, style)),
            Rect::new(table.x, y, table.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural("R2", "R10"), Ordering::Less);
        assert_eq!(natural("R10", "R9"), Ordering::Greater);
        assert_eq!(natural("a", "b"), Ordering::Less);
        // Leading zeros do not change the value; the whole id breaks the tie.
        assert_eq!(natural("R007", "R7"), Ordering::Less);
        assert_eq!(natural("R0010", "R9"), Ordering::Greater);
        assert_eq!(natural("R000", "R0"), Ordering::Greater);
        // No trailing number sorts before any number with the same prefix.
        assert_eq!(natural("R", "R0"), Ordering::Less);
        // Numbers beyond any integer type still compare by value.
        assert_eq!(
            natural(
                "x99999999999999999999999999999999999999999",
                "x100000000000000000000000000000000000000000"
            ),
            Ordering::Less
        );
        assert_eq!(natural("R1", "R1"), Ordering::Equal);
    }

    #[test]
    fn id_search_ignores_case_without_copying_ascii() {
        assert!(contains_ignoring_case("R0000123", "r000"));
        assert!(contains_ignoring_case("abc", ""));
        assert!(!contains_ignoring_case("R12", "r123"));
        // Non-ASCII ids take the Unicode path.
        assert!(contains_ignoring_case("ÄRZTIN-7", "ärz"));
    }

    #[test]
    fn missing_values_sort_last_in_both_directions() {
        let some = SortKey::Num(Some(1.0));
        let none = SortKey::Num(None);
        assert_eq!(compare(&some, &none, false), Ordering::Less);
        assert_eq!(compare(&some, &none, true), Ordering::Less);
        assert_eq!(
            compare(&SortKey::Num(Some(1.0)), &SortKey::Num(Some(2.0)), true),
            Ordering::Greater
        );
    }
}
