//! Disclosure control of the `models` section.
//!
//! Threshold rule, applied like the rule for proportions: a model is withheld (`null`) when
//! its complete cases, its events or its non-events are fewer than `min_cell` — a model of a
//! handful of respondents, or with a handful of events, says too much about each of them.
//! Within a published model, a dummy term whose level has fewer than `min_cell`
//! respondents, events or non-events loses its estimate, SE, odds ratio, CI and p (the
//! level counts behind this rule are kept in memory only and never published). A trend test
//! is withheld when the χ² of the same cohort × level table is suppressed (same table, same
//! exposure).
//!
//! Under differential privacy the models and trend tests are not published: they are not
//! functions of the noisy count tables, and a principled DP logistic regression (objective
//! perturbation, Chaudhuri et al. 2011) would need its own share of the budget and bounded
//! covariates; it is left out and the notes say so.

use crate::analysis::summary::{LogitModel, Summary};

/// Nulls every model and trend test (differential privacy); returns the note.
pub fn withhold_under_dp(s: &mut Summary) -> Vec<String> {
    if !s.models.computed {
        return Vec::new();
    }
    s.models.disclosure = None;
    for d in &mut s.models.by_data_type {
        d.model = None;
    }
    for t in &mut s.models.tactic_trends {
        t.acceptable = None;
        t.ordinal = None;
    }
    vec![
        "differential privacy: the adjusted models and the cohort trend tests are not published (they cannot be derived from the noisy counts)"
            .into(),
    ]
}

fn small(v: u64, min_cell: u32) -> bool {
    v < u64::from(min_cell)
}

/// Applies the threshold rule to one model; returns whether it was withheld and how many
/// terms lost their statistics.
fn suppress_model(m: &mut Option<LogitModel>, min_cell: u32) -> (bool, usize) {
    let Some(model) = m.as_mut() else {
        return (false, 0);
    };
    let n = model.n.unwrap_or(0);
    let events = model.events.unwrap_or(0);
    if small(n, min_cell) || small(events, min_cell) || small(n.saturating_sub(events), min_cell) {
        *m = None;
        return (true, 0);
    }
    let mut hidden = 0;
    for t in &mut model.terms {
        let Some((ln, le)) = t.level_n else { continue };
        if small(ln, min_cell) || small(le, min_cell) || small(ln.saturating_sub(le), min_cell) {
            if t.estimate.is_some() {
                hidden += 1;
            }
            t.estimate = None;
            t.se = None;
            t.odds_ratio = None;
            t.ci = None;
            t.p = None;
        }
    }
    (false, hidden)
}

/// The threshold rule on `s.models` (after the count tables were suppressed, so a trend
/// test can follow its χ²); returns notes.
pub fn suppress(s: &mut Summary, min_cell: u32) -> Vec<String> {
    if min_cell <= 1 || !s.models.computed {
        return Vec::new();
    }
    let mut withheld = Vec::new();
    let mut terms = 0;
    let (w, h) = suppress_model(&mut s.models.disclosure, min_cell);
    if w {
        withheld.push("discloser".to_string());
    }
    terms += h;
    for d in &mut s.models.by_data_type {
        let (w, h) = suppress_model(&mut d.model, min_cell);
        if w {
            withheld.push(format!("shared: {}", d.name));
        }
        terms += h;
    }
    let mut trends = 0;
    for t in &mut s.models.tactic_trends {
        let chi2_published = s
            .tactics
            .iter()
            .find(|x| x.name == t.name)
            .and_then(|x| x.chi2.as_ref())
            .and_then(|c| c.chi2)
            .is_some();
        if !chi2_published && (t.acceptable.is_some() || t.ordinal.is_some()) {
            t.acceptable = None;
            t.ordinal = None;
            trends += 1;
        }
    }
    let mut notes = Vec::new();
    if !withheld.is_empty() {
        notes.push(format!(
            "disclosure control: the adjusted model(s) of {} withheld: fewer than {min_cell} respondents, events or non-events",
            withheld.join(", ")
        ));
    }
    if terms > 0 {
        notes.push(format!(
            "disclosure control: {terms} model term(s) withheld: their level has fewer than {min_cell} respondents, events or non-events"
        ));
    }
    if trends > 0 {
        notes.push(format!(
            "disclosure control: {trends} tactic trend test(s) withheld with the χ² of the same table"
        ));
    }
    notes
}
