//! "Key findings": the load warnings, when there are any, then the headline numbers in a
//! list, each only when it is available — the paradoxical share, the verdict of the tests of
//! ρ, what the risk difference says, the cohort with the most concerned disclosers and the
//! cohorts too small to tell a paradox from a real effect, the widest say–do gap and the
//! tactic most often found intrusive.

use crate::analysis::summary::Summary;
use crate::fmt::pct;
use crate::report::document::{Block, Section};
use crate::study::Study;

use super::gap::rd_sentence;
use super::prose::{capitalise, disclosure_phrase, fin, share_ci};
use super::verdict::{inconclusive_sentence, verdict_sentence};

/// The load warnings, when there are any, in a paragraph of their own above the headline
/// numbers: a finding drawn from a doubtful study should be read with them in mind.
fn warnings_block(warnings: &[String]) -> Option<Block> {
    if warnings.is_empty() {
        return None;
    }
    Some(Block::Titled(
        "Warnings".into(),
        format!(
            "The data loaded with {} (paradox check gives the details): {}.",
            if warnings.len() == 1 {
                "one warning".to_string()
            } else {
                format!("{} warnings", warnings.len())
            },
            warnings.join("; ")
        ),
    ))
}

/// The load warnings (see [`warnings_block`]), then the headline numbers, each only when
/// it is available.
pub fn section(study: &Study, summary: &Summary, warnings: &[String]) -> Section {
    let disclose = disclosure_phrase(study);
    let mut items = Vec::new();
    if let Some(o) = &summary.gap.overall {
        if let Some(p) = fin(o.paradoxical) {
            let expected = fin(o.paradoxical_expected)
                .map(|e| format!(" ({} expected if concern did not matter)", pct(e)))
                .unwrap_or_default();
            items.push(format!(
                "{} of respondents were concerned about privacy yet shared {disclose}{expected}.",
                capitalise(&share_ci(p, o.paradoxical_ci))
            ));
        }
        // The headline is the verdict of the two tests of ρ, not a bare p-value.
        if let Some(v) = verdict_sentence(o, "Overall,") {
            items.push(v);
        }
        if fin(o.disclosure_rd).is_some() {
            items.push(rd_sentence(o).trim_end().to_string());
        }
        let rows: Vec<super::compare::Row<'_>> = summary
            .gap
            .by_cohort
            .iter()
            .flatten()
            .filter_map(|b| {
                Some(super::compare::Row {
                    name: b.cohort.as_deref()?,
                    share: b.paradoxical,
                    ci: b.paradoxical_ci,
                })
            })
            .collect();
        items.extend(super::compare::range_sentence(
            "the share of concerned disclosers",
            &rows,
        ));
        items.extend(inconclusive_sentence(
            summary.gap.by_cohort.iter().flatten(),
        ));
    }
    // A "widest" or "most" claim ranges over every data type (tactic): with one of them
    // not published, the extreme among the rest could be a false one, so none is named.
    let all_gaps = summary.data_types.iter().all(|d| {
        fin(d.say_do_gap).is_some() && fin(d.willing).is_some() && fin(d.shared).is_some()
    });
    let widest = summary
        .data_types
        .iter()
        .filter_map(|d| Some((d, fin(d.say_do_gap)?, fin(d.willing)?, fin(d.shared)?)))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .filter(|_| all_gaps);
    if let Some((d, _, w, sh)) = widest {
        items.push(format!(
            "The widest say\u{2013}do gap is for {}: {} said they were willing to share it, {} shared it.",
            d.label,
            pct(w),
            pct(sh)
        ));
    }
    let all_acceptable = summary
        .tactics
        .iter()
        .all(|t| fin(t.overall.acceptable).is_some());
    let least_acceptable = summary
        .tactics
        .iter()
        .filter_map(|t| Some((t, fin(t.overall.acceptable)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|_| all_acceptable && summary.tactics.len() >= 2);
    if let Some((t, a)) = least_acceptable {
        items.push(format!(
            "The tactic least often found acceptable is {}: {} of respondents.",
            t.label,
            pct(a)
        ));
    }
    let mut blocks: Vec<Block> = warnings_block(warnings).into_iter().collect();
    blocks.push(if items.is_empty() {
        Block::Para(
            "No headline figure is available for this study (see the sections below and Notes)."
                .into(),
        )
    } else {
        Block::List(items)
    });
    Section {
        id: "findings",
        title: "Key findings".into(),
        blocks,
    }
}
