//! Section 3, "Concern versus disclosure": the paradox in words — shares concerned and
//! disclosing, the paradoxical share against the share expected if concern did not matter,
//! the risk difference and Spearman's ρ, overall and per cohort — with the gap chart,
//! tables and heat map.

use crate::analysis::summary::{Ci, GapBlock, Summary};
use crate::fmt::{count, num, num_ci, p_value, pct, NOT_AVAILABLE};
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;
use crate::study::Study;

use super::prose::{concern_label, disclosure_phrase, fin, share_ci};
use super::verdict::{margin, verdict_after_spearman, verdict_or_unavailable, verdict_sentence};

/// Where a paradoxical share stands against the share expected under independence.
fn versus_expected(ci: Ci, expected: Option<f64>) -> String {
    let Some(e) = fin(expected) else {
        return String::new();
    };
    let word = match ci {
        Some([lo, _]) if lo > e => "more than the",
        Some([_, hi]) if hi < e => "fewer than the",
        Some(_) => "close to the",
        None => "against the",
    };
    format!(", {word} {} expected if concern did not matter", pct(e))
}

fn gap_block_sentences(block: &GapBlock, who: &str, disclose: &str) -> String {
    let mut out = String::new();
    match fin(block.paradoxical) {
        Some(p) => out.push_str(&format!(
            "{who}, {} were concerned yet shared {disclose}{}. ",
            share_ci(p, block.paradoxical_ci),
            versus_expected(block.paradoxical_ci, block.paradoxical_expected)
        )),
        None => out.push_str(&format!(
            "{who}, the share of respondents who were concerned yet shared {disclose} is {NOT_AVAILABLE}. "
        )),
    }
    out
}

/// The risk difference in words. A difference whose 95% CI includes 0 is called the
/// privacy paradox only when its 90% CI also lies within the smallest difference of interest
/// (equivalence); otherwise the sentence says that a difference that matters is not ruled
/// out.
pub fn rd_sentence(block: &GapBlock) -> String {
    let Some(rd) = fin(block.disclosure_rd) else {
        return format!(
            "The risk difference in disclosure between concerned and unconcerned respondents is {NOT_AVAILABLE}. "
        );
    };
    let eq = block.equivalence.as_ref();
    let ci90 = eq.and_then(|e| e.rd_ci90);
    let delta = eq.map(|e| margin(e.sesoi_rd)).unwrap_or_default();
    let equivalent = eq.and_then(|e| e.rd_equivalent);
    match block.disclosure_rd_ci {
        Some(ci) if ci[0] <= 0.0 && ci[1] >= 0.0 => match (equivalent, ci90) {
            (Some(true), Some(c90)) => format!(
                "Concern does not predict disclosure: concerned respondents were about as likely \
                 to be disclosers as unconcerned ones (risk difference {}, 95% CI {}), and the \
                 90% CI {} lies within \u{b1}{delta} \u{2014} the privacy paradox. ",
                num(rd, 2),
                num_ci(ci, 2),
                num_ci(c90, 2)
            ),
            (Some(false), Some(c90)) => format!(
                "Concerned respondents were about as likely to be disclosers as unconcerned \
                 ones (risk difference {}, 95% CI {}), but a difference of \u{b1}{delta} or more \
                 is not ruled out (90% CI {}), so this is no evidence of a paradox. ",
                num(rd, 2),
                num_ci(ci, 2),
                num_ci(c90, 2)
            ),
            _ => format!(
                "Concerned respondents were about as likely to be disclosers as unconcerned \
                 ones (risk difference {}, 95% CI {}); whether the difference is too small to \
                 matter is {NOT_AVAILABLE}. ",
                num(rd, 2),
                num_ci(ci, 2)
            ),
        },
        Some(ci) if ci[1] < 0.0 => format!(
            "Concern does predict disclosure: concerned respondents were less likely to be \
             disclosers (risk difference {}, 95% CI {}{}). ",
            num(rd, 2),
            num_ci(ci, 2),
            trivially_small(equivalent, ci90, &delta)
        ),
        Some(ci) => format!(
            "Concerned respondents were more likely to be disclosers than unconcerned ones \
             (risk difference {}, 95% CI {}{}). ",
            num(rd, 2),
            num_ci(ci, 2),
            trivially_small(equivalent, ci90, &delta)
        ),
        None => format!(
            "The risk difference in disclosure between concerned and unconcerned respondents is \
             {} (its confidence interval is {NOT_AVAILABLE}). ",
            num(rd, 2)
        ),
    }
}

/// "; yet smaller than ±0.05 (90% CI …), too small to matter" for a risk difference that
/// differs from 0 and is equivalent to none.
fn trivially_small(equivalent: Option<bool>, ci90: Option<[f64; 2]>, delta: &str) -> String {
    match (equivalent, ci90) {
        (Some(true), Some(c90)) => format!(
            "; yet within \u{b1}{delta} (90% CI {}), too small to matter",
            num_ci(c90, 2)
        ),
        _ => String::new(),
    }
}

fn spearman_sentence(block: &GapBlock, concern: &str) -> String {
    match fin(block.spearman_rho) {
        Some(rho) => {
            let mut inner = Vec::new();
            if let Some(ci) = block.spearman_ci {
                inner.push(format!("95% CI {}", num_ci(ci, 2)));
            }
            if let Some(p) = fin(block.spearman_p) {
                inner.push(p_value(p));
            }
            let inner = if inner.is_empty() {
                String::new()
            } else {
                format!(" ({})", inner.join(", "))
            };
            format!(
                "The rank correlation between the {concern} score and the disclosure score is \
                 Spearman\u{2019}s \u{3c1} = {}{inner}.",
                num(rho, 2)
            )
        }
        None => format!(
            "The rank correlation between the {concern} score and the disclosure score is {NOT_AVAILABLE}."
        ),
    }
}

/// Every cohort's verdict, one sentence each ("In the Silent cohort (n = 146) the data
/// cannot tell a paradox from a real effect: …"), or one sentence when none is available.
fn cohort_verdicts(by: &[GapBlock]) -> String {
    let delta = by
        .iter()
        .find_map(|b| b.equivalence.as_ref())
        .map(|e| format!(" \u{b1}{}", margin(e.sesoi_rho)))
        .unwrap_or_else(|| " the smallest correlation of interest".into());
    let intro = format!(
        "Cohort by cohort, Spearman\u{2019}s \u{3c1} is tested against 0 and, with two \
         one-sided tests, against{delta} (each at \u{3b1} = 0.05)."
    );
    if by.len() > 1 && by.iter().all(|b| verdict_sentence(b, "").is_none()) {
        return format!("{intro} In every cohort the verdict is {NOT_AVAILABLE}.");
    }
    let sentences: Vec<String> = by
        .iter()
        .map(|b| {
            let name = b.cohort.as_deref().unwrap_or("unnamed cohort");
            let who = match b.n {
                Some(n) => format!("In the {name} cohort (n = {})", count(n)),
                None => format!("In the {name} cohort"),
            };
            verdict_or_unavailable(b, &who)
        })
        .collect();
    format!("{intro} {}", sentences.join(" "))
}

pub fn section(study: &Study, summary: &Summary) -> Section {
    let disclose = disclosure_phrase(study);
    let concern = concern_label(study);
    let mut blocks = Vec::new();
    let Some(overall) = &summary.gap.overall else {
        blocks.push(Block::Para(if study.has_behavior {
            "The gap between concern and disclosure is not available for this study (see Notes)."
                .into()
        } else {
            "This study has no behaviour data, so the gap between stated concern and actual \
             disclosure cannot be measured."
                .into()
        }));
        return Section {
            id: "gap",
            title: "Concern versus disclosure: the privacy paradox".into(),
            blocks,
        };
    };
    let mut p = String::new();
    let who = match overall.n {
        Some(n) => format!("Overall, of the {} respondents with both scores", count(n)),
        None => "Overall".to_string(),
    };
    match (fin(overall.concerned), fin(overall.disclosers)) {
        (Some(c), Some(d)) => p.push_str(&format!(
            "{who}, {} were concerned about privacy and {} were disclosers (shared {disclose}). ",
            pct(c),
            pct(d)
        )),
        (Some(c), None) => p.push_str(&format!(
            "{who}, {} were concerned about privacy; the share of disclosers is {NOT_AVAILABLE}. ",
            pct(c)
        )),
        (None, Some(d)) => p.push_str(&format!(
            "{who}, {} were disclosers (shared {disclose}); the share of concerned respondents is {NOT_AVAILABLE}. ",
            pct(d)
        )),
        (None, None) => p.push_str(&format!(
            "{who}, the shares of concerned respondents and of disclosers are {NOT_AVAILABLE}. "
        )),
    }
    p.push_str(&gap_block_sentences(overall, "In all", &disclose));
    p.push_str(&rd_sentence(overall));
    p.push_str(&spearman_sentence(overall, &concern));
    if let Some(v) = verdict_after_spearman(overall) {
        p.push(' ');
        p.push_str(&v);
    }
    blocks.push(Block::Para(p.trim_end().to_string()));

    if let Some(by) = summary.gap.by_cohort.as_ref().filter(|b| !b.is_empty()) {
        let mut q = String::new();
        let none_known = by.len() > 1 && by.iter().all(|b| fin(b.paradoxical).is_none());
        if none_known {
            // One sentence instead of the same one per cohort.
            q.push_str(&format!(
                "In every cohort, the share of respondents who were concerned yet shared {disclose} is {NOT_AVAILABLE}."
            ));
        }
        for b in by.iter().filter(|_| !none_known) {
            let name = b.cohort.as_deref().unwrap_or("unnamed cohort");
            let who = match b.n {
                Some(n) => format!("In the {name} cohort (n = {})", count(n)),
                None => format!("In the {name} cohort"),
            };
            q.push_str(&gap_block_sentences(b, &who, &disclose));
        }
        let rows: Vec<super::compare::Row<'_>> = by
            .iter()
            .filter_map(|b| {
                Some(super::compare::Row {
                    name: b.cohort.as_deref()?,
                    share: b.paradoxical,
                    ci: b.paradoxical_ci,
                })
            })
            .collect();
        // Shares of concerned disclosers, not verdicts: whether a cohort's concern predicts
        // its disclosure is said below, cohort by cohort.
        if let Some(r) = super::compare::range_sentence("the share of concerned disclosers", &rows)
        {
            q.push_str(&r);
            q.push(' ');
        }
        if let Some(c) = summary
            .gap
            .collapsed
            .as_ref()
            .filter(|c| !c.cohorts.is_empty())
        {
            let merged: Vec<String> = c.cohorts.iter().map(|m| m.join(" + ")).collect();
            q.push_str(&format!(
                "To publish every cohort without exposing small groups, {} are shown as one row, and the tests across cohorts compare the rows as shown.",
                merged.join(" and ")
            ));
        }
        blocks.push(Block::Para(q.trim_end().to_string()));
        blocks.push(Block::Para(cohort_verdicts(by)));
    }
    blocks.push(Block::Chart(ChartRef::GapByCohort));
    blocks.push(Block::Chart(ChartRef::RhoEquivalence));
    blocks.push(Block::Table(tables::gap::gap_table(summary)));
    blocks.push(Block::Table(tables::gap::concern_table_table(summary)));
    blocks.push(Block::Chart(ChartRef::ConcernDisclosureHeatmap));
    Section {
        id: "gap",
        title: "Concern versus disclosure: the privacy paradox".into(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::Equivalence;

    fn block(rd: Option<f64>, ci: Ci) -> GapBlock {
        GapBlock {
            disclosure_rd: rd,
            disclosure_rd_ci: ci,
            ..GapBlock::default()
        }
    }

    #[test]
    fn rd_sentence_reads_the_interval() {
        // Without an equivalence test an interval around 0 is not called the paradox.
        let s = rd_sentence(&block(Some(0.02), Some([-0.03, 0.07])));
        assert!(
            s.starts_with("Concerned respondents were about as likely"),
            "{s}"
        );
        assert!(
            s.contains("risk difference 0.02, 95% CI \u{2212}0.03 to 0.07"),
            "{s}"
        );
        assert!(!s.contains("paradox") && s.contains(NOT_AVAILABLE), "{s}");
        let with_90 = |ci90: [f64; 2], equivalent: bool| {
            let mut b = block(Some(0.02), Some([-0.03, 0.07]));
            b.equivalence = Some(Equivalence {
                sesoi_rho: 0.05,
                p_tost: None,
                sesoi_rd: 0.1,
                rd_ci90: Some(ci90),
                rd_equivalent: Some(equivalent),
                verdict: None,
            });
            rd_sentence(&b)
        };
        let s = with_90([-0.02, 0.06], true);
        assert!(s.starts_with("Concern does not predict disclosure"), "{s}");
        assert!(
            s.contains("90% CI \u{2212}0.02 to 0.06 lies within \u{b1}0.1"),
            "{s}"
        );
        assert!(s.contains("the privacy paradox"), "{s}");
        let s = with_90([-0.02, 0.12], false);
        assert!(s.contains("\u{b1}0.1 or more is not ruled out"), "{s}");
        assert!(s.contains("no evidence of a paradox"), "{s}");
        let s = rd_sentence(&block(Some(-0.12), Some([-0.18, -0.06])));
        assert!(s.starts_with("Concern does predict disclosure"), "{s}");
        let s = rd_sentence(&block(Some(0.1), Some([0.04, 0.16])));
        assert!(
            s.starts_with("Concerned respondents were more likely"),
            "{s}"
        );
        let s = rd_sentence(&block(Some(0.1), None));
        assert!(s.contains("0.10") && s.contains(NOT_AVAILABLE), "{s}");
        let s = rd_sentence(&block(None, Some([0.0, 0.1])));
        assert!(s.contains(NOT_AVAILABLE) && !s.contains("0.1"), "{s}");
    }

    #[test]
    fn paradoxical_share_is_compared_with_the_expected_one() {
        assert_eq!(
            versus_expected(Some([0.44, 0.52]), Some(0.40)),
            ", more than the 40% expected if concern did not matter"
        );
        assert_eq!(
            versus_expected(Some([0.26, 0.34]), Some(0.40)),
            ", fewer than the 40% expected if concern did not matter"
        );
        assert_eq!(
            versus_expected(Some([0.37, 0.45]), Some(0.40)),
            ", close to the 40% expected if concern did not matter"
        );
        assert_eq!(versus_expected(None, None), "");
    }
}
