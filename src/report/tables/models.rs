//! The adjusted models: one odds-ratio table per logistic model and the cohort trend tests
//! of the tactics for people; `models.csv` (one row per model term) and
//! `tactic_trends.csv` for machines.

use crate::analysis::models::or2;
use crate::analysis::summary::{LogitModel, Summary};
use crate::fmt::{cell_count, cell_num, csv_count, csv_number, p_cell, MISSING_CELL};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

/// (label, outcome key, model) per outcome: discloser, then shared per data type.
pub fn outcomes(s: &Summary) -> Vec<(String, String, Option<&LogitModel>)> {
    let mut out = vec![(
        "Discloser".to_string(),
        "discloser".to_string(),
        s.models.disclosure.as_ref(),
    )];
    for d in &s.models.by_data_type {
        out.push((
            format!("Shared: {}", d.label),
            format!("shared: {}", d.name),
            d.model.as_ref(),
        ));
    }
    out
}

fn or_cell(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(or2)
        .unwrap_or_else(|| MISSING_CELL.into())
}

fn ci_cell(ci: Option<[f64; 2]>) -> String {
    match ci {
        Some([a, b]) if a.is_finite() && b.is_finite() => format!("{}\u{2013}{}", or2(a), or2(b)),
        _ => MISSING_CELL.into(),
    }
}

pub fn terms_table(label: &str, m: &LogitModel) -> DisplayTable {
    let refs: Vec<String> = m
        .reference_levels
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    DisplayTable {
        caption: format!(
            "{label}: odds ratios (n = {}, events = {}{}; reference: {})",
            cell_count(m.n),
            cell_count(m.events),
            if m.weighted { ", weighted" } else { "" },
            if refs.is_empty() {
                "none".to_string()
            } else {
                refs.join(", ")
            }
        ),
        header: ["Term", "OR", "95% CI", "p", "log-odds", "SE (HC1)"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, true, true, true, true, true],
        rows: m
            .terms
            .iter()
            .map(|t| {
                vec![
                    t.term.clone(),
                    or_cell(t.odds_ratio),
                    ci_cell(t.ci),
                    p_cell(t.p),
                    cell_num(t.estimate, 3),
                    cell_num(t.se, 3),
                ]
            })
            .collect(),
    }
}

pub fn trends_table(s: &Summary) -> DisplayTable {
    let cell = |x: Option<f64>| cell_num(x, 2);
    DisplayTable {
        caption: "Cohort trend of each tactic: linear-by-linear M\u{b2} (df = 1), cohorts scored 1, 2, \u{2026} from oldest to youngest in the scheme's order".into(),
        header: [
            "Tactic",
            "n",
            "M\u{b2} (rating)",
            "p",
            "r",
            "M\u{b2} (acceptable)",
            "p",
            "r",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false, true, true, true, true, true, true, true],
        rows: s
            .models
            .tactic_trends
            .iter()
            .map(|t| {
                let o = t.ordinal.as_ref();
                let a = t.acceptable.as_ref();
                vec![
                    t.label.clone(),
                    cell_count(o.and_then(|x| x.n)),
                    cell(o.and_then(|x| x.m2)),
                    p_cell(o.and_then(|x| x.p)),
                    cell_num(o.and_then(|x| x.r), 3),
                    cell(a.and_then(|x| x.m2)),
                    p_cell(a.and_then(|x| x.p)),
                    cell_num(a.and_then(|x| x.r), 3),
                ]
            })
            .collect(),
    }
}

/// `tables/models.csv`: one row per model term (a withheld or inestimable model has one
/// row with empty statistics), full precision.
pub(super) fn models_csv(s: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for (_, key, m) in outcomes(s) {
        match m {
            None => {
                let mut row = vec![key];
                row.extend(std::iter::repeat_n(String::new(), 11));
                rows.push(row);
            }
            Some(m) => {
                for t in &m.terms {
                    let refs: Vec<String> = m
                        .reference_levels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    rows.push(vec![
                        key.clone(),
                        t.term.clone(),
                        csv_number(t.estimate),
                        csv_number(t.se),
                        csv_number(t.odds_ratio),
                        ci_low(t.ci),
                        ci_high(t.ci),
                        csv_number(t.p),
                        csv_count(m.n),
                        csv_count(m.events),
                        m.weighted.to_string(),
                        refs.join(";"),
                    ]);
                }
            }
        }
    }
    CsvTable {
        file: "models.csv",
        header: vec![
            "outcome",
            "term",
            "estimate",
            "se_hc1",
            "odds_ratio",
            "or_ci_low",
            "or_ci_high",
            "p",
            "n",
            "events",
            "weighted",
            "reference_levels",
        ],
        rows,
    }
}

/// `tables/tactic_trends.csv`: per tactic and response coding, M², df, p, r, n.
pub(super) fn trends_csv(s: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &s.models.tactic_trends {
        for (coding, test) in [("rating", &t.ordinal), ("acceptable", &t.acceptable)] {
            let x = test.as_ref();
            rows.push(vec![
                t.name.clone(),
                coding.to_string(),
                csv_number(x.and_then(|x| x.m2)),
                csv_count(x.and_then(|x| x.df)),
                csv_number(x.and_then(|x| x.p)),
                csv_number(x.and_then(|x| x.r)),
                csv_count(x.and_then(|x| x.n)),
                t.cohorts.join(";"),
            ]);
        }
    }
    CsvTable {
        file: "tactic_trends.csv",
        header: vec![
            "tactic",
            "response",
            "m2",
            "df",
            "p",
            "r",
            "n",
            "cohort_order",
        ],
        rows,
    }
}
