//! The frequency view (`F`): how many of the respondents on screen give each value of a
//! column or survey item, with the weighted share, the value's label from the codebook
//! (its label set), a bar, and `†` where publishing would suppress the count or the share
//! (`privacy::rules`). The items are the Respondents table's categorical columns and every
//! survey item the codebook names (scale items, stated willingness, tactics); `j`/`k` step
//! through them. Counted once when an item is chosen, never while drawing.

use std::collections::BTreeMap;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::analysis::Respondents;
use crate::privacy::rules::{would_suppress_count, would_suppress_proportion};
use crate::study::Study;
use crate::tui::columns::Column;
use crate::tui::theme;

/// Something to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Column(Column),
    /// A survey column: its name and where its codes are.
    Survey {
        name: String,
        codes: Codes,
    },
}

/// Where a survey column's codes live in the study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codes {
    ScaleItem(usize, usize),
    Stated(usize),
    Tactic(usize),
}

/// One value's line.
#[derive(Debug, Clone, PartialEq)]
pub struct FreqRow {
    pub label: String,
    pub count: u64,
    /// Weighted share of the respondents counted (missing included).
    pub share: f64,
    /// Publishing would suppress the count or the share.
    pub suppressed: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FreqState {
    pub items: Vec<(String, Item)>,
    pub selected: usize,
    /// The counts of the selected item.
    pub rows: Vec<FreqRow>,
    pub n: u64,
}

/// Every countable item: the Respondents' categorical columns, then the survey's items.
pub fn items(study: &Study) -> Vec<(String, Item)> {
    let cb = &study.codebook;
    let mut out = vec![
        ("cohort".to_string(), Item::Column(Column::Cohort)),
        ("paradoxical".to_string(), Item::Column(Column::Paradoxical)),
    ];
    for (g, f) in study.groups.iter().enumerate() {
        out.push((f.name.clone(), Item::Column(Column::Group(g))));
    }
    for (s, spec) in cb.scales.iter().enumerate() {
        out.push((spec.name.clone(), Item::Column(Column::Scale(s))));
        for (k, name) in spec.items.iter().enumerate() {
            let codes = Codes::ScaleItem(s, k);
            out.push((
                name.clone(),
                Item::Survey {
                    name: name.clone(),
                    codes,
                },
            ));
        }
    }
    for (d, spec) in cb.data_types.iter().enumerate() {
        if let Some(name) = spec.stated.as_ref().filter(|_| study.stated[d].is_some()) {
            let codes = Codes::Stated(d);
            out.push((
                name.clone(),
                Item::Survey {
                    name: name.clone(),
                    codes,
                },
            ));
        }
    }
    for (t, spec) in cb.tactics.iter().enumerate() {
        let codes = Codes::Tactic(t);
        let name = spec.column.clone();
        out.push((name.clone(), Item::Survey { name, codes }));
    }
    out
}

/// A label set's words by code (the first text of a code that is not a bare number).
fn labels(study: &Study, column: &str) -> BTreeMap<i64, String> {
    let cb = &study.codebook;
    let mut out = BTreeMap::new();
    if let Some(set) = cb.label_columns.get(column).and_then(|n| cb.labels.get(n)) {
        for (text, &code) in set {
            if !text.trim().is_empty() && text.trim().parse::<f64>().is_err() {
                out.entry(code).or_insert_with(|| text.trim().to_string());
            }
        }
    }
    out
}

impl FreqState {
    /// The view opened on `start` (an item's index).
    pub fn open(study: &Study, start: usize) -> FreqState {
        FreqState {
            items: items(study),
            selected: start,
            ..FreqState::default()
        }
    }

    /// The index of the item counting `col`, if it is countable.
    pub fn index_of(&self, col: Column) -> Option<usize> {
        self.items.iter().position(|(_, i)| *i == Item::Column(col))
    }

    /// Counts the selected item among `rows`, weighted when `weighted`.
    pub fn count(&mut self, rows: &Respondents, study: &Study, weighted: bool, min_cell: u32) {
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        let Some((_, item)) = self.items.get(self.selected) else {
            return;
        };
        // value key → (label, count, weight); keys order the lines.
        let mut acc: BTreeMap<(u8, i64), (String, u64, f64)> = BTreeMap::new();
        let mut total_w = 0.0;
        let label_set = match item {
            Item::Survey { name, .. } => labels(study, name),
            Item::Column(_) => BTreeMap::new(),
        };
        for i in 0..rows.len() {
            let r = rows.study_row(i);
            let w = if weighted {
                rows.weight(study, i).unwrap_or(1.0)
            } else {
                1.0
            };
            total_w += w;
            let (key, label): ((u8, i64), String) = match item {
                Item::Column(Column::Cohort) => match rows.cohort(i) {
                    Some(c) => ((0, c as i64), study.cohort_names[c].clone()),
                    None => ((1, 0), "unknown".into()),
                },
                Item::Column(Column::Paradoxical) => match rows.paradoxical(i) {
                    Some(p) => ((0, i64::from(!p)), if p { "yes" } else { "no" }.into()),
                    None => ((1, 0), "missing".into()),
                },
                Item::Column(Column::Group(g)) => match rows.group_level(study, *g, i) {
                    Some(l) => ((0, l as i64), study.groups[*g].levels[l as usize].clone()),
                    None => ((1, 0), "missing".into()),
                },
                Item::Column(Column::Scale(s)) => match rows.scale_score(*s, i) {
                    Some(x) => ((0, (x * 100.0).round() as i64), crate::fmt::num(x, 2)),
                    None => ((1, 0), "missing".into()),
                },
                Item::Column(_) => ((1, 0), "missing".into()),
                Item::Survey { codes, .. } => {
                    let code = match *codes {
                        Codes::ScaleItem(s, k) => study.scales[s].items[k][r],
                        Codes::Stated(d) => study.stated[d].as_ref().and_then(|c| c[r]),
                        Codes::Tactic(t) => study.tactics[t][r],
                    };
                    match code {
                        Some(c) => {
                            let c = i64::from(c);
                            let label = match label_set.get(&c) {
                                Some(words) => format!("{c} = {words}"),
                                None => c.to_string(),
                            };
                            ((0, c), label)
                        }
                        None => ((1, 0), "missing".into()),
                    }
                }
            };
            let e = acc.entry(key).or_insert((label, 0, 0.0));
            e.1 += 1;
            e.2 += w;
        }
        let n = rows.len() as u64;
        self.n = n;
        self.rows = acc
            .into_values()
            .map(|(label, count, w)| FreqRow {
                label,
                count,
                share: if total_w > 0.0 { w / total_w } else { 0.0 },
                suppressed: would_suppress_count(count, min_cell)
                    || would_suppress_proportion(count, n, min_cell),
            })
            .collect();
    }

    /// `j`/`k`: the next or previous item (wrapping).
    pub fn step(&mut self, forward: bool) {
        let n = self.items.len().max(1);
        self.selected = if forward {
            (self.selected + 1) % n
        } else {
            (self.selected + n - 1) % n
        };
    }
}

/// The overlay: the item's name and place in the list, then a line per value.
pub fn render(state: &FreqState, weighted: bool, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(90);
    let height = (state.rows.len() as u16 + 5).min(area.height.saturating_sub(2));
    let popup = crate::tui::layout::centered(area, width, height);
    frame.render_widget(Clear, popup);
    let name = state
        .items
        .get(state.selected)
        .map(|(n, _)| n.as_str())
        .unwrap_or("");
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(format!(
            " {name}: counts · item {}/{} ",
            state.selected + 1,
            state.items.len()
        ))
        .title_bottom(" j/k other item · Esc closes ")
        .style(theme::popup());
    let inner = usize::from(popup.width.saturating_sub(2));
    let label_w = state
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, inner / 2);
    let bar_w = inner.saturating_sub(label_w + 20).max(1);
    let share = if weighted { "weighted %" } else { "%" };
    let mut lines = vec![Line::styled(
        format!("{:<label_w$} {:>7} {:>10}", "value", "n", share),
        theme::header(),
    )];
    for r in &state.rows {
        let label: String = if r.label.chars().count() > label_w {
            let cut: String = r.label.chars().take(label_w - 1).collect();
            format!("{cut}…")
        } else {
            r.label.clone()
        };
        let mark = if r.suppressed {
            theme::SUPPRESS_MARK
        } else {
            " "
        };
        let bar = "█".repeat((r.share * bar_w as f64).round() as usize);
        let style = if r.suppressed {
            theme::suppressed()
        } else {
            theme::base()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{label:<label_w$} {:>6}{mark} {:>9}{mark} ",
                    crate::fmt::count(r.count),
                    crate::fmt::pct1(r.share)
                ),
                style,
            ),
            Span::styled(bar, theme::concerned()),
        ]));
    }
    lines.push(Line::styled(
        format!(
            "n = {} · {} = publishing would suppress",
            crate::fmt::count(state.n),
            theme::SUPPRESS_MARK
        ),
        theme::dim(),
    ));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
