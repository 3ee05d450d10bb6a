//! Pure statistics: a loaded [`Study`] plus a [`Filter`] and [`AnalysisOptions`] in, one
//! [`Summary`] out (definitions in `docs/methods.md`). No I/O, no terminal.
//!
//! [`summarize`] here runs the families (one file each: `reliability`, `gap`, `data_types`,
//! `tactics`, `distributions`, `groups`, `sensitivity`, `models`, then `adjust`) and
//! assembles their results. Below the families sit what they share: the data types of
//! [`summary`], the accumulators of `common` and the primitives of `stats`; `groups`,
//! `tactics` and `screening` reuse `gap`'s block and test helpers.

pub mod adjust;
pub mod common;
pub mod data_types;
pub mod distributions;
pub mod gap;
pub mod groups;
pub mod models;
pub mod reliability;
pub mod scores;
pub mod screening;
pub mod sensitivity;
pub mod source;
pub mod stats;
pub mod summary;
pub mod tactics;

pub use source::Source;
pub use summary::Summary;

use crate::study::Study;

/// Which respondents a summary covers. Empty sets mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Cohort indices (into `Study::cohort_names`) to keep; empty = all cohorts, including
    /// respondents whose cohort is unknown.
    pub cohorts: std::collections::BTreeSet<usize>,
    /// Per group column (index into `Study::groups`): level indices to keep.
    pub groups: std::collections::BTreeMap<usize, std::collections::BTreeSet<u32>>,
    /// Leave respondents flagged by careless-response screening out (`Some(true)`) or keep
    /// them (`Some(false)`); `None` follows the codebook's `[screening] exclude`.
    pub exclude_flagged: Option<bool>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty()
            && self.groups.values().all(|s| s.is_empty())
            && self.exclude_flagged.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Use the codebook's survey weights (ignored when it declares none).
    pub use_weights: bool,
    /// Compute `by_group` (every figure per level of each group column): on for reports;
    /// the dashboard asks for it only while its Groups tab is open (it roughly doubles a
    /// million-respondent recompute). `sensitivity` is always computed (one pass).
    pub by_group: bool,
    /// Fit the adjusted models of `models`. On for reports; the dashboard asks
    /// for them only while its Models tab is open (a million-respondent fit costs more than
    /// its filter-recompute budget).
    pub models: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            use_weights: true,
            by_group: true,
            models: true,
        }
    }
}

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
    let scores = {
        let _t = crate::progress::phase("analysis: scores");
        scores::compute(study, filter, options.use_weights)
    };
    let families = crate::progress::phase("analysis: families");
    let mut notes = common::Notes::default();
    let cb = &study.codebook;
    let names = &study.cohort_names;
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
    (summary, Respondents { scores })
}

/// The active filter in words, e.g. "cohort: Gen Z, Millennials; country: DE".
pub fn describe_filter(study: &Study, filter: &Filter) -> String {
    if filter.is_empty() {
        return "all respondents".into();
    }
    let mut parts = Vec::new();
    if !filter.cohorts.is_empty() {
        let names: Vec<&str> = filter
            .cohorts
            .iter()
            .filter_map(|&c| study.cohort_names.get(c).map(String::as_str))
            .collect();
        parts.push(format!("cohort: {}", names.join(", ")));
    }
    match filter.exclude_flagged {
        Some(true) => parts.push("careless respondents excluded".into()),
        Some(false) => parts.push("careless respondents included".into()),
        None => {}
    }
    for (g, levels) in &filter.groups {
        if levels.is_empty() {
            continue;
        }
        if let Some(f) = study.groups.get(*g) {
            let names: Vec<&str> = levels
                .iter()
                .filter_map(|&l| f.levels.get(l as usize).map(String::as_str))
                .collect();
            parts.push(format!("{}: {}", f.name, names.join(", ")));
        }
    }
    parts.join("; ")
}

fn describe_scheme(study: &Study) -> String {
    use crate::study::codebook::CohortScheme;
    let cb = &study.codebook;
    match cb.cohorts.scheme {
        CohortScheme::Generation if cb.columns.age.is_some() => {
            "generations (Pew Research Center) from age: birth year = survey year − age (±1 year)"
                .into()
        }
        CohortScheme::Generation => "generations (Pew Research Center) from birth year".into(),
        CohortScheme::AgeBands => "age bands".into(),
        CohortScheme::Column => format!(
            "cohort column \"{}\"",
            cb.cohorts.column.as_deref().unwrap_or("")
        ),
    }
}

/// One analysed respondent for the dashboard's Respondents tab (never raw PII).
#[derive(Debug, Clone, PartialEq)]
pub struct RespondentRow {
    pub index: usize,
    pub id: String,
    pub cohort: Option<String>,
    /// Per scale, in codebook order.
    pub scale_scores: Vec<Option<f64>>,
    pub disclosure_score: Option<f64>,
    pub concerned: Option<bool>,
    pub discloser: Option<bool>,
    pub paradoxical: Option<bool>,
    pub weight: Option<f64>,
}

/// The respondents a filter selects with their derived scores, for the dashboard's
/// Respondents tab: columns as computed for the summary, one [`RespondentRow`] made at a
/// time (only the rows on screen), so a million respondents cost no strings.
#[derive(Debug, Clone, Default)]
pub struct Respondents {
    scores: scores::Scores,
}

impl Respondents {
    pub fn new(scores: scores::Scores) -> Respondents {
        Respondents { scores }
    }
    pub fn len(&self) -> usize {
        self.scores.len()
    }
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }
    /// Row `i`'s id (no copy).
    pub fn id<'a>(&self, study: &'a Study, i: usize) -> &'a str {
        &study.ids[self.scores.rows[i]]
    }
    /// Row `i`'s cohort index.
    pub fn cohort(&self, i: usize) -> Option<usize> {
        self.scores.cohort[i].map(usize::from)
    }
    /// Row `i`'s score on scale `s` (codebook order).
    pub fn scale_score(&self, s: usize, i: usize) -> Option<f64> {
        self.scores.scale(s).get(i).copied().flatten()
    }
    pub fn disclosure_score(&self, i: usize) -> Option<f64> {
        self.scores.disclosure[i]
    }
    pub fn paradoxical(&self, i: usize) -> Option<bool> {
        let s = &self.scores;
        s.concerned(i).zip(s.discloser(i)).map(|(c, d)| c && d)
    }
    /// Row `i` in full.
    pub fn row(&self, study: &Study, i: usize) -> RespondentRow {
        let s = &self.scores;
        let r = s.rows[i];
        RespondentRow {
            index: r,
            id: study.ids[r].to_string(),
            cohort: s.cohort[i].and_then(|c| study.cohort_names.get(usize::from(c)).cloned()),
            scale_scores: (0..s.scales()).map(|k| s.scale(k)[i]).collect(),
            disclosure_score: s.disclosure[i],
            concerned: s.concerned(i),
            discloser: s.discloser(i),
            paradoxical: self.paradoxical(i),
            weight: study.weight.as_ref().map(|w| w[r]),
        }
    }
}

/// Per-respondent derived scores (scale scores, disclosure score, paradoxical).
pub fn respondent_rows(study: &Study, filter: &Filter) -> Vec<RespondentRow> {
    let r = Respondents::new(scores::compute(study, filter, true));
    (0..r.len()).map(|i| r.row(study, i)).collect()
}
