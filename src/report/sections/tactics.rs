//! Section 6, "Acceptability of personalization tactics": the tactics ranked by
//! acceptance, each tactic's acceptable and intrusive shares with the cohort test and
//! spread — with the diverging bar chart and the tables.

use crate::analysis::summary::{Summary, TacticLevels};
use crate::fmt::{count, pct, NOT_AVAILABLE};
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;
use crate::report::words::SurveyWords;

use super::prose::{chi2_stats, differ_words, fin, share_ci};

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
        let known: Vec<(&str, f64)> = t
            .by_cohort
            .iter()
            .filter_map(|b| Some((b.cohort.as_deref()?, fin(b.acceptable)?)))
            .collect();
        if known.len() >= 2 {
            let hi = known.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let lo = known.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                if hi.1 > lo.1 {
                    s.push_str(&format!(
                        "Acceptance is highest among {} ({}) and lowest among {} ({}).",
                        hi.0,
                        pct(hi.1),
                        lo.0,
                        pct(lo.1)
                    ));
                }
            }
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
