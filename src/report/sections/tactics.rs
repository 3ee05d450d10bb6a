//! Section 6, "Acceptability of personalization tactics": the tactics ranked by
//! acceptance, each tactic's acceptable and intrusive shares with the cohort test and
//! spread — with the diverging bar chart and the tables.

use crate::analysis::summary::{Summary, TacticLevels};
use crate::fmt::{count, pct, NOT_AVAILABLE};
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;
use crate::report::words::SurveyWords;

use super::compare;
use super::prose::{chi2_stats, differ_words, fin, share_ci};
use crate::analysis::summary::Collapsed;

fn tactic_sentence(label: &str, t: &TacticLevels) -> String {
    let n =
        t.n.map(|n| format!(" (n = {})", count(n)))
            .unwrap_or_default();
    match (fin(t.acceptable), fin(t.intrusive)) {
        (Some(a), Some(i)) => format!(
            "{label}: {} of respondents found it acceptable and {} intrusive{n}. ",
            share_ci(a, t.acceptable_ci),
            share_ci(i, t.intrusive_ci)
        ),
        (Some(a), None) => format!(
            "{label}: {} of respondents found it acceptable{n}; the share who found it intrusive is {NOT_AVAILABLE}. ",
            share_ci(a, t.acceptable_ci)
        ),
        (None, Some(i)) => format!(
            "{label}: {} of respondents found it intrusive{n}; the share who found it acceptable is {NOT_AVAILABLE}. ",
            share_ci(i, t.intrusive_ci)
        ),
        (None, None) => format!(
            "{label}: the shares who found it acceptable or intrusive are {NOT_AVAILABLE}. "
        ),
    }
}

/// One sentence saying how the tactic's table was coarsened for publication.
fn merge_sentence(c: &Collapsed, min: i32, max: i32, words: &SurveyWords, tactic: &str) -> String {
    let mut parts = Vec::new();
    if !c.levels.is_empty() {
        let bands: Vec<String> = c
            .levels
            .iter()
            .map(|b| words.band(tactic, b, min, max))
            .collect();
        parts.push(format!(
            "its answers are shown in {} bands: {}",
            bands.len(),
            bands.join("; ")
        ));
    }
    if !c.cohorts.is_empty() {
        let merged: Vec<String> = c.cohorts.iter().map(|m| m.join(" + ")).collect();
        parts.push(format!("{} are shown as one row", merged.join(" and ")));
    }
    format!(
        "To publish every cohort without exposing small groups, {}.",
        parts.join("; and ")
    )
}

pub fn section(summary: &Summary, words: &SurveyWords) -> Section {
    let mut blocks = Vec::new();
    if summary.tactics.is_empty() {
        blocks.push(Block::Para(
            "The study rates no personalization tactic.".into(),
        ));
        return Section {
            id: "tactics",
            title: "Acceptability of personalization tactics".into(),
            blocks,
        };
    }
    let mut ranked: Vec<(&str, f64)> = summary
        .tactics
        .iter()
        .filter_map(|t| Some((t.label.as_str(), fin(t.overall.acceptable)?)))
        .collect();
    // Stable order: by acceptance, ties by codebook order (sort_by is stable).
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    if ranked.len() >= 2 {
        let list: Vec<String> = ranked
            .iter()
            .map(|(l, a)| format!("{l} ({})", pct(*a)))
            .collect();
        blocks.push(Block::Para(format!(
            "Ranked by the share of respondents who find them acceptable: {}.",
            list.join(", ")
        )));
    }
    let mut items = Vec::new();
    for t in &summary.tactics {
        let mut s = tactic_sentence(&t.label, &t.overall);
        match &t.chi2 {
            Some(c) => match differ_words(c.p, true) {
                Some(w) => s.push_str(&format!(
                    "Ratings {w} between cohorts ({}). ",
                    chi2_stats(c)
                )),
                None => s.push_str(&format!(
                    "The test of ratings by cohort is {NOT_AVAILABLE}. "
                )),
            },
            None => s.push_str(&format!(
                "The test of ratings by cohort is {NOT_AVAILABLE}. "
            )),
        }
        let rows: Vec<compare::Row<'_>> = t
            .by_cohort
            .iter()
            .filter_map(|b| {
                Some(compare::Row {
                    name: b.cohort.as_deref()?,
                    share: b.acceptable,
                    ci: b.acceptable_ci,
                })
            })
            .collect();
        if let Some(r) = compare::range_sentence("acceptance", &rows) {
            s.push_str(&r);
            s.push(' ');
        }
        let trend = summary
            .models
            .tactic_trends
            .iter()
            .find(|tr| tr.name == t.name)
            .and_then(|tr| tr.acceptable.as_ref());
        if let Some(r) = compare::trend_sentence(trend, "find it acceptable more often") {
            s.push_str(&r);
            s.push(' ');
        }
        if let Some(c) = &t.collapsed {
            s.push_str(&merge_sentence(c, t.min, t.max, words, &t.name));
        }
        items.push(s.trim_end().to_string());
    }
    blocks.push(Block::List(items));
    blocks.push(Block::Chart(ChartRef::TacticAcceptance));
    blocks.push(Block::Table(tables::tactics::tactic_summary_table(summary)));
    for t in &summary.tactics {
        blocks.push(Block::Table(tables::tactics::tactic_levels_table(t, words)));
    }
    Section {
        id: "tactics",
        title: "Acceptability of personalization tactics".into(),
        blocks,
    }
}
