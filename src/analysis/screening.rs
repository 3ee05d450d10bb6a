//! The `screening` section of the summary (codebook `[screening]`): the careless-response
//! rules with their parameters, how many of the respondents a filter selects each flags,
//! and the headline gap numbers with and without the flagged respondents.
//!
//! The flags themselves are computed once at load (`import::screen`, re-exported here).
//! Whether flagged respondents enter a statistic is decided in
//! [`crate::analysis::scores::selected`]: left out when the codebook says `exclude = true`
//! (or `Filter::exclude_flagged` overrides it), so every statistic sees the same respondents.

use crate::analysis::common::Notes;
use crate::analysis::summary::{GapBlock, ScreeningRule, ScreeningSummary};
use crate::analysis::{gap, scores, Filter};
use crate::study::Study;

pub use crate::import::screen::{flagged, flags, Flags, MIN_STRAIGHTLINE_ITEMS};

/// Whether flagged respondents are left out under `filter` (the filter's override, else
/// the codebook's `exclude`).
pub fn excluding(study: &Study, filter: &Filter) -> bool {
    crate::import::screen::excluding(study, filter.exclude_flagged)
}

/// The `screening` section for the respondents `filter` selects (flagged or not).
/// `current` is the overall gap block the summary already computed with the filter as
/// given: it is one of the two headline blocks, so only the other one is recomputed.
pub fn summarize(
    study: &Study,
    filter: &Filter,
    use_weights: bool,
    current: Option<&GapBlock>,
    notes: &mut Notes,
) -> Option<ScreeningSummary> {
    let spec = study.codebook.screening.as_ref()?;
    let f = flags(study)?;
    let excluded = excluding(study, filter);
    let has_concern = study.codebook.concern_scale_index().is_some();
    let block = |exclude: bool| -> Option<GapBlock> {
        let mut fl = filter.clone();
        fl.exclude_flagged = Some(exclude);
        let s = scores::compute(study, &fl, use_weights);
        let mut scratch = Notes::default();
        gap::gap(
            &s,
            &study.cohort_names,
            study.has_behavior,
            has_concern,
            &mut scratch,
        )
        .overall
    };
    let (with_flagged, without_flagged) = if excluded {
        (block(false), current.cloned())
    } else {
        (current.cloned(), block(true))
    };
    // The respondents the filter selects, flagged or not.
    let mut all = filter.clone();
    all.exclude_flagged = Some(false);
    let rows: Vec<usize> = (0..study.len())
        .filter(|&r| scores::selected(study, &all, r))
        .collect();
    let count = |col: &[bool]| rows.iter().filter(|&&r| col[r]).count() as u64;
    let mut rules = Vec::new();
    if let Some(d) = &spec.duration {
        rules.push(ScreeningRule {
            rule: "speeder".into(),
            target: d.clone(),
            criterion: format!(
                "duration < {} × median duration (Greszki, Meyer & Schoen 2015)",
                spec.speeder_fraction
            ),
            flagged: Some(count(&f.speeder)),
        });
        if f.median_duration.is_none() {
            notes.add(
                "screening.speeder",
                format!("no respondent has a duration in \"{d}\": no speeder can be flagged"),
            );
        }
    }
    for (s, col) in &f.straight {
        let scale = &study.codebook.scales[*s];
        rules.push(ScreeningRule {
            rule: "straightliner".into(),
            target: scale.name.clone(),
            criterion: format!(
                "the same answer to all {} items (zero variance; scales with k ≥ {MIN_STRAIGHTLINE_ITEMS})",
                scale.items.len()
            ),
            flagged: Some(count(col)),
        });
    }
    if !f.short_scales.is_empty() {
        notes.add(
            "screening.straightlining",
            format!(
                "scales with fewer than {MIN_STRAIGHTLINE_ITEMS} items are not screened for straightlining: {}",
                f.short_scales.join(", ")
            ),
        );
    }
    for (a, col) in f.attention.iter().enumerate() {
        let att = &spec.attention[a];
        let expected = match &att.expected {
            crate::study::codebook::Expected::Code(c) => c.to_string(),
            crate::study::codebook::Expected::Label(l) => format!("\"{l}\""),
        };
        rules.push(ScreeningRule {
            rule: "attention".into(),
            target: att.column.clone(),
            criterion: format!("an answer other than {expected} (no answer is not flagged)"),
            flagged: Some(count(col)),
        });
    }
    let flagged = count(&f.any);
    let screened = rows.len() as u64;
    if excluded && flagged > 0 {
        // No count here: notes are published, and the count may be suppressed.
        notes.add(
            "screening",
            "respondents flagged by careless-response screening are left out of every statistic (see screening)",
        );
    }
    Some(ScreeningSummary {
        rules,
        screened: Some(screened),
        flagged: Some(flagged),
        kept: Some(screened - flagged),
        excluded,
        median_duration: f.median_duration,
        speeder_cutoff: f.speeder_cutoff,
        with_flagged,
        without_flagged,
    })
}
