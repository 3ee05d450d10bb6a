//! The top of the analysis: runs every family on the scores of the selected respondents and
//! assembles the [`Summary`].

use std::collections::BTreeMap;

use super::filter::{describe_scheme, AnalysisOptions, Filter};
use super::respondents::Respondents;
use super::*;
use crate::study::Study;

/// Computes the unsuppressed [`Summary`] (before disclosure control).
pub fn summarize(study: &Study, filter: &Filter, options: &AnalysisOptions) -> Summary {
    summarize_with_respondents(study, filter, options).0
}

/// [`summarize`], also handing back the per-respondent scores it was computed from (the
/// dashboard's Respondents tab shows them, rather than computing them a second time).
pub fn summarize_with_respondents(
    study: &Study,
    filter: &Filter,
    options: &AnalysisOptions,
) -> (Summary, Respondents) {
    summarize_merged(study, filter, options, &Merges::default())
}

/// In a set of merged cohorts: the respondents whose cohort is unknown (publishing merges
/// them into a cohort row when, left apart, their figures would follow by difference from
/// the overall ones).
pub const COHORT_UNKNOWN: usize = usize::MAX;

/// The name of [`COHORT_UNKNOWN`] in a merged cohort's name.
pub const COHORT_UNKNOWN_NAME: &str = "cohort unknown";

/// Categories analysed as one: publishing coarsens a table whose cells are too small by
/// merging neighbouring cohorts (or levels of a group column), and the merged rows' figures
/// and the tests across rows are then those of an analysis in which the merged categories
/// are one category (see `privacy::collapse`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merges {
    /// Sets of cohort indices (into `Study::cohort_names`), each analysed as one cohort
    /// named by its members joined with " + ", at the place of its first member.
    pub cohorts: Vec<Vec<usize>>,
    /// Per group column (index into `Study::groups`): sets of level indices analysed as one
    /// level, named likewise.
    pub group_levels: BTreeMap<usize, Vec<Vec<u32>>>,
}

impl Merges {
    pub fn is_empty(&self) -> bool {
        self.cohorts.iter().all(|m| m.len() < 2)
            && self
                .group_levels
                .values()
                .all(|sets| sets.iter().all(|m| m.len() < 2))
    }

    /// Old cohort index → merged cohort index, the merged cohorts' names, and the merged
    /// cohort that takes in the respondents of unknown cohort ([`COHORT_UNKNOWN`]), if any.
    fn cohort_map(&self, names: &[String]) -> (Vec<u8>, Vec<String>, Option<u8>) {
        let mut map = vec![u8::MAX; names.len()];
        let mut merged = Vec::new();
        let mut unknown = None;
        for c in 0..names.len() {
            if map[c] != u8::MAX {
                continue;
            }
            let set = self
                .cohorts
                .iter()
                .find(|set| set.contains(&c))
                .cloned()
                .unwrap_or_else(|| vec![c]);
            let at = merged.len() as u8;
            let mut label: Vec<&str> = set
                .iter()
                .filter_map(|&m| names.get(m).map(String::as_str))
                .collect();
            if set.contains(&COHORT_UNKNOWN) {
                unknown = Some(at);
                label.push(COHORT_UNKNOWN_NAME);
            }
            for &m in &set {
                if let Some(slot) = map.get_mut(m) {
                    *slot = at;
                }
            }
            merged.push(label.join(" + "));
        }
        (map, merged, unknown)
    }
}

/// [`summarize_with_respondents`] with some categories analysed as one ([`Merges`]).
pub fn summarize_merged(
    study: &Study,
    filter: &Filter,
    options: &AnalysisOptions,
    merges: &Merges,
) -> (Summary, Respondents) {
    let mut scores = {
        let _t = crate::progress::phase("analysis: scores");
        scores::compute(study, filter, options.use_weights)
    };
    let merged_names;
    let names: &Vec<String> = if merges.cohorts.iter().any(|m| m.len() > 1) {
        let (map, merged, unknown) = merges.cohort_map(&study.cohort_names);
        for c in scores.cohort.iter_mut() {
            *c = match *c {
                Some(k) => Some(map.get(usize::from(k)).copied().unwrap_or(k)),
                None => unknown,
            };
        }
        merged_names = merged;
        &merged_names
    } else {
        &study.cohort_names
    };
    let families = crate::progress::phase("analysis: families");
    let mut notes = common::Notes::default();
    let cb = &study.codebook;
    let mut cohort_n = vec![0u64; names.len()];
    for c in scores.cohort.iter().flatten() {
        cohort_n[usize::from(*c)] += 1;
    }
    let unknown_cohort = scores.cohort.iter().filter(|c| c.is_none()).count() as u64;
    let behavior_match_rate = if study.has_behavior && !scores.is_empty() {
        let seen = scores
            .rows
            .iter()
            .filter(|&&r| study.behavior_seen.get(r).copied().unwrap_or(false))
            .count();
        Some(seen as f64 / scores.len() as f64)
    } else {
        None
    };
    if !study.has_behavior {
        notes.add(
            "study.behavior_match_rate",
            "the study has no behaviour data",
        );
    }
    if scores.weighted {
        notes.add(
            "weights",
            "proportions and means are weighted (CIs use Kish's effective n); counts, α, Spearman and all tests are unweighted",
        );
    }
    if unknown_cohort > 0 {
        notes.add(
            "cohorts",
            format!(
                "{unknown_cohort} respondents with unknown cohort count in overall figures only"
            ),
        );
    }
    let has_concern = cb.concern_scale_index().is_some();
    // The families are independent given the scores: they run in parallel (each sorts a
    // million values or more at scale), each with its own notes, which are then appended in
    // the fixed order scales, gap, data types, tactics so the output does not depend on
    // scheduling.
    let ((scales, gap), (data_types, tactics)) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut n = common::Notes::default();
                    (reliability::scales(study, &scores, &mut n), n)
                },
                || {
                    // The concern and disclosure scores as classes of distinct values,
                    // ranked by counting in every gap block and rank test (computed once,
                    // here, for gap and by_group).
                    let ranks = gap::GapRanks::of(&scores);
                    let mut n = common::Notes::default();
                    (
                        gap::gap_with(
                            &scores,
                            ranks.as_ref(),
                            names,
                            study.has_behavior,
                            has_concern,
                            &mut n,
                        ),
                        n,
                        ranks,
                    )
                },
            )
        },
        || {
            rayon::join(
                || {
                    let mut n = common::Notes::default();
                    (data_types::data_types(study, &scores, &mut n), n)
                },
                || {
                    let mut n = common::Notes::default();
                    (tactics::tactics(study, &scores, names, &mut n), n)
                },
            )
        },
    );
    let (scales, scale_notes) = scales;
    let (gap, gap_notes, ranks) = gap;
    let (data_types, dt_notes) = data_types;
    let (tactics, tactic_notes) = tactics;
    for part in [scale_notes, gap_notes, dt_notes, tactic_notes] {
        notes.0.extend(part.0);
    }
    if cb.tactics.is_empty() {
        notes.add("tactics", "the codebook declares no tactics");
    }
    drop(families);
    let rest = crate::progress::phase("analysis: by_group etc");
    let screening = screening::summarize(
        study,
        filter,
        options.use_weights,
        gap.overall.as_ref(),
        &mut notes,
    );
    let concern_range = cb
        .concern_scale_index()
        .and_then(|s| cb.scales.get(s))
        .map(|s| (s.min, s.max));
    // by_group (when asked for) on one core; sensitivity and the chart distributions, two
    // cheap passes, on the other (or on both, without by_group).
    let ((by_group, group_notes), ((sensitivity, sens_notes), distributions)) = rayon::join(
        || {
            let mut n = common::Notes::default();
            let g = if options.by_group {
                groups::by_group_with(
                    study,
                    &scores,
                    ranks.as_ref(),
                    study.has_behavior,
                    has_concern,
                    &merges.group_levels,
                    &mut n,
                )
            } else {
                Vec::new()
            };
            (g, n)
        },
        || {
            // Without by_group (the dashboard's recompute), these two share the cores.
            let sens = || {
                let mut n = common::Notes::default();
                let s =
                    sensitivity::sensitivity(&scores, concern_range, study.has_behavior, &mut n);
                (s, n)
            };
            let dist = || distributions::distributions(study, &scores, names);
            if options.by_group {
                (sens(), dist())
            } else {
                rayon::join(sens, dist)
            }
        },
    );
    notes.0.extend(group_notes.0);
    notes.0.extend(sens_notes.0);
    drop(rest);
    let _t = crate::progress::phase("analysis: models");
    let models = if options.models {
        models::models_with(
            study,
            &scores,
            ranks.as_ref().map(|r| &r.concern),
            &tactics,
            names,
            &mut notes,
        )
    } else {
        summary::Models::default()
    };
    let mut summary = Summary {
        study: summary::StudyInfo {
            name: cb.study.name.clone(),
            respondents: Some(study.audit.survey_rows),
            analysed: scores.len() as u64,
            rejected_rows: Some(study.audit.rejected_rows),
            behavior_match_rate,
            unknown_cohort: Some(unknown_cohort),
            weighted: scores.weighted,
            filter: describe_filter(study, filter),
            cohort_scheme: describe_scheme(study),
        },
        cohorts: names
            .iter()
            .zip(&cohort_n)
            .filter(|(_, n)| **n > 0)
            .map(|(name, n)| summary::CohortCount {
                name: name.clone(),
                n: Some(*n),
            })
            .collect(),
        scales,
        gap,
        data_types,
        tactics,
        distributions,
        models,
        disclosure_control: summary::DisclosureControlInfo {
            audit: None,
            min_cell: cb.disclosure_control.min_cell,
            suppressed_cells: 0,
            dp_epsilon: None,
        },
        screening,
        notes: notes.0,
        by_group,
        sensitivity,
    };
    adjust::adjust(&mut summary, cb.analysis.multiplicity);
    (summary, Respondents::new(scores))
}
