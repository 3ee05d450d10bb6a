//! Acceptability of the personalization tactics: the summary table and one table of rating
//! counts per tactic for people; `tactics.csv` (counts per level) and `tactic_summary.csv`
//! (shares and intervals) for machines.

use crate::analysis::summary::{Summary, TacticLevels, TacticSummary};
use crate::fmt::{cell_count, cell_pct, cell_pct_ci, csv_count, csv_number, num};
use crate::report::document::DisplayTable;
use crate::report::words::SurveyWords;

use super::csv_file::{ci_high, ci_low, CsvTable};

/// "Overall" first, then every cohort, each with its levels.
fn tactic_groups(t: &TacticSummary) -> Vec<(String, &TacticLevels)> {
    std::iter::once(("Overall".to_string(), &t.overall))
        .chain(
            t.by_cohort
                .iter()
                .map(|b| (b.cohort.clone().unwrap_or_default(), b)),
        )
        .collect()
}

pub fn tactic_summary_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for (group, l) in tactic_groups(t) {
            rows.push(vec![
                t.label.clone(),
                group,
                cell_count(l.n),
                cell_pct_ci(l.acceptable, l.acceptable_ci),
                cell_pct(l.neutral),
                cell_pct_ci(l.intrusive, l.intrusive_ci),
            ]);
        }
    }
    DisplayTable::new(
        "Acceptability of each tactic, overall and by cohort (95% CIs in brackets)",
        &[
            ("Tactic", false),
            ("Group", false),
            ("n", true),
            ("Acceptable", true),
            ("Neutral", true),
            ("Intrusive", true),
        ],
        rows,
    )
}

/// The rating counts of one tactic; the caption names the scale's ends in the survey's own
/// words when the codebook gives the tactic's column a label set.
pub fn tactic_levels_table(t: &TacticSummary, words: &SurveyWords) -> DisplayTable {
    let codes: Vec<String> = t.level_names("\u{2013}");
    let mut header: Vec<(&str, bool)> = vec![("Group", false), ("n", true)];
    header.extend(codes.iter().map(|c| (c.as_str(), true)));
    let rows = tactic_groups(t)
        .into_iter()
        .map(|(group, l)| {
            let mut r = vec![group, cell_count(l.n)];
            r.extend((0..codes.len()).map(|i| cell_count(l.levels.get(i).copied().flatten())));
            r
        })
        .collect();
    DisplayTable::new(
        format!(
            "{}: ratings ({} = {} \u{2026} {} = {}), respondents",
            t.label,
            num(t.min as f64, 0),
            words
                .tactic_level(&t.name, i64::from(t.min))
                .unwrap_or("very intrusive"),
            num(t.max as f64, 0),
            words
                .tactic_level(&t.name, i64::from(t.max))
                .unwrap_or("very acceptable"),
        ),
        &header,
        rows,
    )
}

/// The CSV `block` and `cohort` cells of a row: ("overall", "") or ("cohort", its name).
fn block_and_cohort(l: &TacticLevels) -> (String, String) {
    match &l.cohort {
        Some(c) => ("cohort".into(), c.clone()),
        None => ("overall".into(), String::new()),
    }
}

pub(super) fn tactics_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for l in std::iter::once(&t.overall).chain(t.by_cohort.iter()) {
            let (block, cohort) = block_and_cohort(l);
            for (i, code) in t.level_names("-").into_iter().enumerate() {
                rows.push(vec![
                    t.name.clone(),
                    block.clone(),
                    cohort.clone(),
                    code,
                    csv_count(l.levels.get(i).copied().flatten()),
                ]);
            }
        }
    }
    CsvTable {
        file: "tactics.csv",
        header: vec!["tactic", "block", "cohort", "level", "count"],
        rows,
    }
}

pub(super) fn tactic_summary_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for l in std::iter::once(&t.overall).chain(t.by_cohort.iter()) {
            let (block, cohort) = block_and_cohort(l);
            rows.push(vec![
                t.name.clone(),
                t.label.clone(),
                block,
                cohort,
                csv_count(l.n),
                csv_number(l.acceptable),
                ci_low(l.acceptable_ci),
                ci_high(l.acceptable_ci),
                csv_number(l.neutral),
                csv_number(l.intrusive),
                ci_low(l.intrusive_ci),
                ci_high(l.intrusive_ci),
            ]);
        }
    }
    CsvTable {
        file: "tactic_summary.csv",
        header: vec![
            "tactic",
            "label",
            "block",
            "cohort",
            "n",
            "acceptable",
            "acceptable_ci_low",
            "acceptable_ci_high",
            "neutral",
            "intrusive",
            "intrusive_ci_low",
            "intrusive_ci_high",
        ],
        rows,
    }
}
