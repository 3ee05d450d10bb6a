//! Models tab: the adjusted logistic models — one row per outcome (discloser,
//! then "shared" per data type) with the concern odds ratio, the selected model's full
//! odds-ratio table and its sentence — and the cohort trend test of each tactic. The models
//! are computed on demand: opening this tab asks the worker for them (see
//! `App::ensure_models`), so the filter recompute of the other tabs stays cheap.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::analysis::summary::{LogitModel, Summary};
use crate::tui::action::Action;
use crate::tui::grid::{Cell, Grid};
use crate::tui::tabs::common::{clicked_row, navigate, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelsState {
    pub selected: usize,
}

impl ModelsState {
    pub fn handle(&mut self, action: Action, summary: &Summary, body: Rect) {
        let len = outcomes(summary).len();
        if let Action::Click(_, y) = action {
            let area = take_top(body, len as u16 + 2).0;
            if let Some(row) = clicked_row(y, area, 0).filter(|&r| r < len) {
                self.selected = row;
            }
            return;
        }
        self.selected = navigate(self.selected, len, action, 5);
    }
}

/// (label, model) per outcome: discloser first, then each data type.
pub fn outcomes(s: &Summary) -> Vec<(String, Option<&LogitModel>)> {
    let mut out = vec![("Discloser".to_string(), s.models.disclosure.as_ref())];
    for d in &s.models.by_data_type {
        out.push((format!("Shared: {}", d.label), d.model.as_ref()));
    }
    out
}

/// One row per outcome with the concern term (the second term; the first is the intercept).
pub fn outcomes_grid(s: &Summary) -> Grid {
    let rows = outcomes(s)
        .into_iter()
        .map(|(label, m)| {
            let concern = m.and_then(|m| m.terms.get(1));
            vec![
                Cell::text(label),
                Cell::count(m.and_then(|m| m.n), 0),
                Cell::count(m.and_then(|m| m.events), 0),
                Cell::num(concern.and_then(|t| t.odds_ratio), 2, false),
                Cell::ci_num(concern.and_then(|t| t.ci), 2, false),
                Cell::p_value(concern.and_then(|t| t.p), false),
            ]
        })
        .collect();
    Grid {
        title: "adjusted models".into(),
        header: ["Outcome", "n", "events", "OR concern", "95% CI", "p"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

pub fn terms_grid(m: Option<&LogitModel>) -> Grid {
    let rows = m
        .map(|m| {
            m.terms
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(t.term.clone()),
                        Cell::num(t.odds_ratio, 2, false),
                        Cell::ci_num(t.ci, 2, false),
                        Cell::p_value(t.p, false),
                        Cell::num(t.estimate, 3, false),
                        Cell::num(t.se, 3, false),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Grid {
        title: m.map(|m| m.outcome.clone()).unwrap_or_default(),
        header: ["Term", "OR", "95% CI", "p", "log-odds", "SE (HC1)"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

pub fn trends_grid(s: &Summary) -> Grid {
    let rows = s
        .models
        .tactic_trends
        .iter()
        .map(|t| {
            let o = t.ordinal.as_ref();
            let a = t.acceptable.as_ref();
            vec![
                Cell::text(t.label.clone()),
                Cell::num(o.and_then(|x| x.m2), 2, false),
                Cell::p_value(o.and_then(|x| x.p), false),
                Cell::num(o.and_then(|x| x.r), 3, false),
                Cell::num(a.and_then(|x| x.m2), 2, false),
                Cell::p_value(a.and_then(|x| x.p), false),
            ]
        })
        .collect();
    Grid {
        title: "cohort trend (linear-by-linear, df 1)".into(),
        header: ["Tactic", "M² level", "p", "r", "M² acceptable", "p"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published) -> Vec<Grid> {
    let summary = published.summary();
    let mut out = vec![outcomes_grid(summary)];
    for (_, m) in outcomes(summary) {
        if m.is_some() {
            out.push(terms_grid(m));
        }
    }
    out.push(trends_grid(summary));
    out
}

pub fn render(state: &ModelsState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    if !s.models.computed {
        frame.render_widget(
            Paragraph::new("fitting the adjusted models …").style(theme::dim()),
            area,
        );
        return;
    }
    let p = analysis.published.summary();
    let list = outcomes(s);
    let selected = state.selected.min(list.len().saturating_sub(1));
    let top = outcomes_grid(s).marked(&outcomes_grid(p));
    let (t, rest) = take_top(area, top.rows.len() as u16 + 2);
    top.render(frame, t, Some(selected), view.col_offset);
    let model = list.get(selected).and_then(|(_, m)| *m);
    let published_model = outcomes(p).get(selected).and_then(|(_, m)| *m);
    let terms = terms_grid(model).marked(&terms_grid(published_model));
    let (t, rest) = take_top(rest, terms.rows.len() as u16 + 2);
    if model.is_some() {
        terms.render(frame, t, None, view.col_offset);
    }
    let mut lines: Vec<Line> = Vec::new();
    match model {
        Some(m) => {
            if let Some(sentence) = &m.sentence {
                lines.push(Line::from(sentence.clone()));
            }
            let refs: Vec<String> = m
                .reference_levels
                .iter()
                .map(|(k, v)| format!("{k} = {v}"))
                .collect();
            lines.push(Line::styled(
                format!(
                    "{} · HC1 robust SEs · IRLS {} iterations · reference: {}",
                    if m.weighted { "weighted" } else { "unweighted" },
                    m.iterations,
                    if refs.is_empty() {
                        "—".into()
                    } else {
                        refs.join(", ")
                    }
                ),
                theme::dim(),
            ));
            if let Some(n) = &m.note {
                lines.push(Line::styled(format!("note: {n}"), theme::dim()));
            }
        }
        None => {
            let why = list
                .get(selected)
                .map(|(label, _)| label.as_str())
                .unwrap_or("");
            lines.push(Line::styled(
                format!("{why}: not estimated — see the notes (Overview) for why"),
                theme::dim(),
            ));
        }
    }
    let (text, rest) = take_top(rest, lines.len() as u16 + 1);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
    if !s.models.tactic_trends.is_empty() {
        let trends = trends_grid(s).marked(&trends_grid(p));
        trends.render(frame, rest, None, view.col_offset);
    }
}
