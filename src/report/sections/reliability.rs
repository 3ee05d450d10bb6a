//! Section 2, "Reliability of the attitude scales": Cronbach's α of every scale in words
//! (with the item whose removal would raise it), the mean score, the reliability tables
//! and the concern distribution chart.

use crate::analysis::summary::Summary;
use crate::fmt::{count, num, num_ci, NOT_AVAILABLE};
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;
use crate::study::Study;

use super::prose::fin;

/// Rules of thumb for α (George & Mallery 2003).
fn alpha_quality(a: f64) -> &'static str {
    if a >= 0.9 {
        "excellent"
    } else if a >= 0.8 {
        "good"
    } else if a >= 0.7 {
        "acceptable"
    } else if a >= 0.6 {
        "questionable"
    } else if a >= 0.5 {
        "poor"
    } else {
        "unacceptable"
    }
}

pub fn section(study: &Study, summary: &Summary) -> Section {
    let mut blocks = Vec::new();
    if summary.scales.is_empty() {
        blocks.push(Block::Para(
            "The codebook declares no multi-item scale.".into(),
        ));
    }
    for sc in &summary.scales {
        let k = sc.items.len();
        let mut p = match fin(sc.alpha) {
            Some(a) => {
                let mut t = format!(
                    "The {} scale ({k} items) has {} internal consistency: Cronbach\u{2019}s \u{3b1} = {}",
                    sc.label,
                    alpha_quality(a),
                    num(a, 2)
                );
                let mut inner = Vec::new();
                if let Some(ci) = sc.alpha_ci {
                    inner.push(format!("95% CI {}", num_ci(ci, 2)));
                }
                if let Some(n) = sc.n_complete {
                    inner.push(format!("n = {} complete responses", count(n)));
                }
                if !inner.is_empty() {
                    t.push_str(&format!(" ({})", inner.join("; ")));
                }
                t.push_str(". ");
                // Only an item whose removal would raise α is worth a sentence.
                if let Some(dropped) = &sc.alpha_if_dropped {
                    let best = dropped
                        .iter()
                        .filter_map(|(item, v)| fin(*v).map(|v| (item, v)))
                        .filter(|(_, v)| *v > a)
                        .max_by(|x, y| x.1.total_cmp(&y.1));
                    if let Some((item, v)) = best {
                        t.push_str(&format!(
                            "Dropping the item {item} would raise \u{3b1} to {}. ",
                            num(v, 2)
                        ));
                    }
                }
                t
            }
            None => format!(
                "Cronbach\u{2019}s \u{3b1} of the {} scale ({k} items) is {NOT_AVAILABLE}. ",
                sc.label
            ),
        };
        let range = study
            .codebook
            .scales
            .iter()
            .find(|s| s.name == sc.name)
            .map(|s| {
                format!(
                    " on its {}\u{2013}{} range",
                    num(s.min as f64, 0),
                    num(s.max as f64, 0)
                )
            })
            .unwrap_or_default();
        match (fin(sc.mean), fin(sc.sd)) {
            (Some(m), sd) => {
                p.push_str(&format!("Its mean score is {}{range}", num(m, 2)));
                if let Some(sd) = sd {
                    p.push_str(&format!(" (SD {})", num(sd, 2)));
                }
                if let Some(n) = sc.n {
                    p.push_str(&format!(", from {} respondents with a score", count(n)));
                }
                p.push('.');
            }
            (None, _) => p.push_str(&format!("Its mean score is {NOT_AVAILABLE}.")),
        }
        blocks.push(Block::Para(p.trim_end().to_string()));
    }
    if !summary.scales.is_empty() {
        blocks.push(Block::Table(tables::scales::reliability_table(summary)));
        if summary
            .scales
            .iter()
            .any(|s| s.alpha_if_dropped.as_ref().is_some_and(|m| !m.is_empty()))
        {
            blocks.push(Block::Table(tables::scales::alpha_if_dropped_table(
                summary,
            )));
        }
    }
    if !summary.distributions.concern_by_cohort.is_empty() {
        blocks.push(Block::Chart(ChartRef::ConcernDistribution));
    }
    Section {
        id: "reliability",
        title: "Reliability of the attitude scales".into(),
        blocks,
    }
}
