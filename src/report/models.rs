//! The report's "Adjusted models" section and its tidy CSV tables (issue 10): the concern
//! effect of every adjusted logistic model in words, one odds-ratio table per model, the
//! cohort trend tests of the tactics, and `tables/models.csv` + `tables/tactic_trends.csv`
//! at full precision. Reads the published summary only.

use crate::analysis::models::or2;
use crate::analysis::summary::{LogitModel, Summary};

use super::tables::CsvTable;
use super::text::{cell_count, cell_num, p_cell, Block, DisplayTable, Section, MISSING_CELL};

const TITLE: &str = "7. Adjusted models";

/// (label, outcome key, model) per outcome: discloser, then shared per data type.
fn outcomes(s: &Summary) -> Vec<(String, String, Option<&LogitModel>)> {
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

fn terms_table(label: &str, m: &LogitModel) -> DisplayTable {
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

fn trends_table(s: &Summary) -> DisplayTable {
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

/// The section (always present, so section numbers never shift).
pub fn section(s: &Summary) -> Section {
    let mut blocks = Vec::new();
    if !s.models.computed {
        blocks.push(Block::Para(
            "The adjusted models were not computed for this report.".into(),
        ));
        return Section {
            id: "models",
            title: TITLE.into(),
            blocks,
        };
    }
    blocks.push(Block::Para(
        "Does concern predict behaviour once cohort and the study's group columns are held fixed? \
         Each model is a logistic regression of the outcome on the concern score (per scale point), \
         cohort and every group column (dummy-coded; the reference level is the first cohort in the \
         scheme's order and the first level of a group in alphabetical order), over respondents with \
         all of them known. Odds ratios have 95% Wald intervals from heteroskedasticity-robust \
         (HC1) standard errors; with survey weights the fit and the robust errors are weighted."
            .into(),
    ));
    let mut findings = Vec::new();
    let mut withheld = Vec::new();
    for (label, _, m) in outcomes(s) {
        match m {
            Some(m) => findings.push(match &m.sentence {
                Some(sentence) => format!("{label}: {sentence}"),
                None => format!("{label}: the concern effect is not available."),
            }),
            None => withheld.push(label),
        }
    }
    if !findings.is_empty() {
        blocks.push(Block::List(findings));
    }
    if !withheld.is_empty() {
        blocks.push(Block::Para(format!(
            "Not estimated or withheld (see the notes for why): {}.",
            withheld.join(", ")
        )));
    }
    for (label, _, m) in outcomes(s) {
        let Some(m) = m else { continue };
        blocks.push(Block::Table(terms_table(&label, m)));
        if let Some(note) = &m.note {
            blocks.push(Block::Titled("Caution".into(), format!("{label}: {note}.")));
        }
    }
    if !s.models.tactic_trends.is_empty() {
        blocks.push(Block::Para(
            "The trend test asks whether ratings rise or fall steadily from older to younger cohorts \
             (Agresti's linear-by-linear association, M\u{b2} = (N \u{2212} 1)\u{b7}r\u{b2}), a more \
             focused question than the unordered \u{3c7}\u{b2} of section 6; a positive r means younger \
             cohorts rate the tactic higher."
                .into(),
        ));
        blocks.push(Block::Table(trends_table(s)));
    }
    Section {
        id: "models",
        title: TITLE.into(),
        blocks,
    }
}

fn f(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) => serde_json::to_string(&v).unwrap_or_default(),
        None => String::new(),
    }
}

fn u(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// `tables/models.csv`: one row per model term (a withheld or inestimable model has one
/// row with empty statistics), full precision.
pub fn models_csv(s: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for (_, key, m) in outcomes(s) {
        match m {
            None => rows.push(vec![
                key,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]),
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
                        f(t.estimate),
                        f(t.se),
                        f(t.odds_ratio),
                        f(t.ci.map(|c| c[0])),
                        f(t.ci.map(|c| c[1])),
                        f(t.p),
                        u(m.n),
                        u(m.events),
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
pub fn trends_csv(s: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &s.models.tactic_trends {
        for (coding, test) in [("rating", &t.ordinal), ("acceptable", &t.acceptable)] {
            let x = test.as_ref();
            rows.push(vec![
                t.name.clone(),
                coding.to_string(),
                f(x.and_then(|x| x.m2)),
                u(x.and_then(|x| x.df)),
                f(x.and_then(|x| x.p)),
                f(x.and_then(|x| x.r)),
                u(x.and_then(|x| x.n)),
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
