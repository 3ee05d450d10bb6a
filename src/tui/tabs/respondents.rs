//! Respondents tab: the analysed data, one row per respondent — id, cohort, scale scores,
//! disclosure score, paradoxical — and nothing else: no raw answers, never PII. Scrollable
//! (the id column stays put while h/l scroll the others), sortable by any column (s / S),
//! searchable by id (/). Sorting happens on the key press, never while drawing.

use std::cmp::Ordering;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::RespondentRow;
use crate::study::Study;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::tabs::{clicked_row, navigate, take_top};
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
    pub fn on_new_rows(&mut self, rows: &[RespondentRow], study: &Study) {
        self.order = (0..rows.len()).collect();
        self.apply_sort(rows, study);
        self.selected = 0;
        self.offset = 0;
    }

    pub fn handle(&mut self, action: Action, rows: &[RespondentRow], study: &Study, body: Rect) {
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

    /// Stable sort by the sort column; missing values last in either direction.
    fn apply_sort(&mut self, rows: &[RespondentRow], study: &Study) {
        let Some(col) = self.sort else {
            self.order.sort_unstable();
            return;
        };
        let n_scales = study.codebook.scales.len();
        let cohort_rank = |r: &RespondentRow| {
            r.cohort
                .as_ref()
                .and_then(|c| study.cohort_names.iter().position(|n| n == c))
        };
        let key = |r: &RespondentRow| -> SortKey {
            match col {
                0 => SortKey::Text(r.id.clone()),
                1 => SortKey::Rank(cohort_rank(r)),
                c if c < 2 + n_scales => SortKey::Num(r.scale_scores.get(c - 2).copied().flatten()),
                c if c == 2 + n_scales => SortKey::Num(r.disclosure_score),
                _ => SortKey::Rank(r.paradoxical.map(usize::from)),
            }
        };
        let desc = self.descending;
        self.order.sort_by(|&a, &b| {
            let (Some(ra), Some(rb)) = (rows.get(a), rows.get(b)) else {
                return Ordering::Equal;
            };
            compare(&key(ra), &key(rb), desc)
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

    /// Moves to the first row (in display order) whose id contains the query, ignoring case.
    pub fn jump_to_search(&mut self, rows: &[RespondentRow], body: Rect) -> bool {
        if self.search.is_empty() {
            return false;
        }
        let q = self.search.to_lowercase();
        let hit = self.order.iter().position(|&i| {
            rows.get(i)
                .is_some_and(|r| r.id.to_lowercase().contains(&q))
        });
        match hit {
            Some(pos) => {
                self.selected = pos;
                let page = visible_rows(body);
                self.offset = pos.saturating_sub(page / 2);
                true
            }
            None => false,
        }
    }
}

#[derive(Debug, PartialEq)]
enum SortKey {
    Text(String),
    Num(Option<f64>),
    Rank(Option<usize>),
}

fn compare(a: &SortKey, b: &SortKey, desc: bool) -> Ordering {
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

/// Ids like R2 < R10: compare digit runs by value.
fn natural(a: &str, b: &str) -> Ordering {
    let split = |s: &str| -> (String, Option<u128>) {
        let digits: String = s.chars().rev().take_while(char::is_ascii_digit).collect();
        let prefix_len = s.len() - digits.len();
        let num = digits.chars().rev().collect::<String>().parse().ok();
        (s[..prefix_len].to_string(), num)
    };
    let (pa, na) = split(a);
    let (pb, nb) = split(b);
    pa.cmp(&pb).then(na.cmp(&nb)).then(a.cmp(b))
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

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(analysis) = &app.analysis else {
        return;
    };
    let st = &app.respondents;
    let rows = &analysis.rows;
    let cols = columns(&app.study);
    let n_scales = app.study.codebook.scales.len();
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
    let window: Vec<&RespondentRow> = st
        .order
        .iter()
        .skip(st.offset)
        .take(page)
        .filter_map(|&i| rows.get(i))
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
