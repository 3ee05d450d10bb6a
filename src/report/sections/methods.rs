//! Section 9, "Methods": definitions, tests, weighting, how cohorts were assigned and
//! disclosure control, each as a paragraph with a run-in heading, followed by the privacy
//! module's notes on how the differential-privacy budget was split.

use crate::analysis::summary::Summary;
use crate::fmt::{count, num};
use crate::privacy::Published;
use crate::report::document::{Block, Section};
use crate::study::codebook::CohortScheme;
use crate::study::Study;

use super::prose::{capitalise, concern_label, disclosure_phrase, fin};
use super::verdict::margin;

/// The notes of the privacy module about differential privacy, without their prefix.
pub fn dp_notes(summary: &Summary) -> Vec<String> {
    summary
        .notes
        .iter()
        .filter_map(|n| n.strip_prefix("differential privacy: "))
        // Only a Latin first letter is capitalised: "ε" must not become "Ε".
        .map(|n| match n.chars().next() {
            Some(c) if c.is_ascii_lowercase() => capitalise(n),
            _ => n.to_string(),
        })
        .collect()
}

/// "Weights. No survey weights …" → a paragraph with the run-in heading "Weights".
fn run_in_heading(b: Block) -> Block {
    match b {
        Block::Para(p) => match p.split_once(". ") {
            Some((lead, rest)) if lead.len() < 40 => Block::Titled(lead.into(), rest.into()),
            _ => Block::Para(p),
        },
        other => other,
    }
}

pub fn section(study: &Study, published: &Published) -> Section {
    let summary = published.summary();
    let dp_seeded = published.dp_seeded();
    let cb = &study.codebook;
    let concern = concern_label(study);
    let threshold = cb
        .concern_threshold()
        .map(|t| {
            num(t, 2)
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        })
        .unwrap_or_else(|| "the scale midpoint".into());
    let mut blocks = Vec::new();
    blocks.push(Block::Para(format!(
        "Definitions. A scale score is the mean of a respondent\u{2019}s non-missing items after \
         reverse coding, given when at least half of the items are answered. A respondent is \
         concerned when the {concern} score exceeds {threshold}, and a discloser when they \
         shared {} with known behaviour; paradoxical respondents are both. The expected share \
         P(concerned)\u{b7}P(discloser) is the share of paradoxical respondents expected if \
         concern and disclosure were unrelated. The risk difference (RD) is P(discloser | \
         concerned) \u{2212} P(discloser | not concerned), with Newcombe\u{2019}s hybrid score \
         interval (method 10, Newcombe 1998). Proportions carry Wilson score 95% intervals; \
         Cronbach\u{2019}s \u{3b1} a Feldt interval; Spearman\u{2019}s \u{3c1} a Fisher-z \
         interval with the Bonett\u{2013}Wright standard error.",
        disclosure_phrase(study)
    )));
    blocks.push(Block::Para(
        "Tests. Cohort differences in concern: Kruskal\u{2013}Wallis H with tie correction, \
         \u{3b5}\u{b2} = H/(n\u{2212}1), and pairwise Dunn tests with Holm-adjusted p-values. \
         Cohort \u{d7} paradoxical and cohort \u{d7} tactic rating: Pearson \u{3c7}\u{b2} without \
         continuity correction, with Cram\u{e9}r\u{2019}s V. Stated versus actual sharing: \
         McNemar\u{2019}s exact test and its mid-p (Fagerland et al. 2013), and the odds ratio \
         c/b with an interval from the Clopper\u{2013}Pearson interval of c out of b+c. A \
         tactic is acceptable when rated above the midpoint of its scale and intrusive when \
         rated below it. p-values are two-sided; words such as \u{201c}differ\u{201d} refer \
         to p < 0.05."
            .into(),
    ));
    if let Some(p) = &cb.paradox {
        blocks.push(Block::Para(format!(
            "Paradox or low power. A correlation that does not differ from 0 is no evidence of \
             a paradox when the sample could not have detected a real one. For each block, the \
             detectable \u{3c1} is the smallest |\u{3c1}| the Spearman test detects with 80% \
             power at two-sided \u{3b1} = 0.05 given its n (Fisher z with the \
             Bonett\u{2013}Wright standard error; Cohen 1988). \u{3c1} is also tested for lying \
             within \u{b1}{} with two one-sided tests (Lakens 2017), and the RD is equivalent \
             to none when its 90% Newcombe interval lies within \u{b1}{}. The verdict: \
             \u{201c}predicts\u{201d} when \u{3c1} differs from 0 and is not shown to lie within \
             the margin; \u{201c}no meaningful relation\u{201d} (the privacy paradox) when it \
             lies within the margin and does not differ from 0; \u{201c}trivially small\u{201d} \
             when both tests reject; \u{201c}inconclusive\u{201d} when neither does \u{2014} the \
             data cannot tell a paradox from a real effect.",
            margin(p.sesoi_rho),
            margin(p.sesoi_rd)
        )));
    }
    blocks.push(Block::Para(if summary.study.weighted {
        "Weights. Proportions and means are weighted by the survey weights; their intervals \
         use Kish\u{2019}s effective sample size, and every n and count is unweighted. \
         \u{3b1}, Spearman and all tests are unweighted."
            .into()
    } else {
        "Weights. No survey weights were applied; \u{3b1}, Spearman and all tests are \
         unweighted in any case."
            .into()
    }));
    let approx = match cb.cohorts.scheme {
        CohortScheme::Generation if cb.columns.age.is_some() => Some(
            "Cohorts. Generations (Pew Research Center boundaries) are assigned from birth \
             year = survey year \u{2212} age, an approximation of \u{b1}1 year: respondents born \
             near a generation boundary may be placed one generation off.",
        ),
        CohortScheme::AgeBands if cb.columns.birth_year.is_some() => Some(
            "Cohorts. Age bands are assigned from age = survey year \u{2212} birth year, an \
             approximation of \u{b1}1 year.",
        ),
        _ => None,
    };
    if let Some(a) = approx {
        blocks.push(Block::Para(a.into()));
    }
    let dc = &summary.disclosure_control;
    let mut p = if published.suppression_on() {
        format!(
            "Disclosure control. Published counts from 1 to {} and statistics computed from \
             fewer than {} respondents are suppressed (shown as \u{2014}), with complementary \
             suppression so that no suppressed value can be recovered by subtraction; {}. ",
            dc.min_cell.saturating_sub(1),
            dc.min_cell,
            match dc.suppressed_cells {
                0 => "no value was suppressed".to_string(),
                1 => "1 value was suppressed".to_string(),
                n => format!("{} values were suppressed", count(n)),
            }
        )
    } else {
        format!(
            "Disclosure control. Small-cell suppression was turned off (min_cell = {}): small \
             counts may identify respondents, so this report should not be published as is. ",
            dc.min_cell
        )
    };
    if let Some(e) = fin(dc.dp_epsilon) {
        p.push_str(&format!(
            "Differential privacy: counts carry Laplace noise under a total budget \
             \u{3b5} = {}, split evenly across the published count tables; proportions and \
             intervals are derived from the noisy counts, and statistics that cannot be derived \
             from them (\u{3b1}, \u{3c1}, the tests) are not published{}. ",
            e,
            if dp_notes(summary).is_empty() {
                ""
            } else {
                "; the split and the expected error are listed below"
            }
        ));
        if dp_seeded {
            p.push_str("The noise came from a fixed seed: this report is NOT private. ");
        }
    }
    p.push_str("No per-respondent data appear in this report.");
    blocks.push(Block::Para(p));
    let mut blocks: Vec<Block> = blocks.into_iter().map(run_in_heading).collect();
    // The privacy module states how ε was split and the expected error of the noisy counts;
    // a report with noisy counts must say both, so those notes are repeated here, where
    // readers look.
    let dp = dp_notes(summary);
    if !dp.is_empty() {
        blocks.push(Block::List(dp));
    }
    Section {
        id: "methods",
        title: "Methods".into(),
        blocks,
    }
}
