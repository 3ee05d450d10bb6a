//! Turning the columns read into a [`Study`], step by step: row counts, cohorts, notes on
//! the codebook, group levels, behaviour per data type, missing answers per column, and
//! the study itself with its load warnings (a file error when no respondent is left). Each step frees the
//! per-respondent inputs it has used (a million respondents: 8 MB per column).

use rayon::prelude::*;

use super::columns::SurveyColumns;
use super::loader::{file_name, Loader};
use crate::import::warnings;
use crate::study::codebook::CohortScheme;
use crate::study::error::StudyError;
use crate::study::{cohort, Codebook, Factor, ScaleData, Study};

/// An unknown cohort among the raw cohort codes (kept as `u32`, not `Option`).
const UNKNOWN: u32 = u32::MAX;

/// The most cohorts a scheme may give: more is not a cohort scheme (the codebook's limit on
/// `order` and `edges`; cohorts are stored in one byte per respondent).
const MAX_COHORTS: usize = crate::study::codebook::limits::MAX_COHORTS;

/// Cohorts of the analysed respondents, and the missing answers of the columns they come
/// from (those columns are gone once the cohorts are known).
struct Cohorts {
    /// The cohorts that have respondents, in the scheme's natural order.
    names: Vec<String>,
    /// Index into `names` per respondent, `None` when unknown.
    codes: Vec<Option<u8>>,
    missing_birth_year: u64,
    missing_age: u64,
}

/// Behaviour per data type and respondent, from a behaviour file, an event log or the
/// survey.
struct Behavior {
    /// Whether any behaviour source was loaded at all.
    loaded: bool,
    /// Per data type: `None` without a `behavior`, else known/shared per respondent.
    shared: Vec<Option<Vec<Option<bool>>>>,
    /// Per respondent: at least one behaviour value or event (empty without behaviour).
    seen: Vec<bool>,
}

impl Loader {
    /// The loaded study, once every file has been read.
    pub(super) fn finish(mut self) -> Result<Study, StudyError> {
        self.count_rejected_rows();
        let cohorts = self.cohorts()?;
        self.codebook_notes();
        let groups = self.groups();
        let behavior = self.behavior();
        self.audit.missing_by_column =
            missing_by_column(&self.cb, &self.cols, &behavior.shared, &cohorts);
        self.into_study(cohorts, groups, behavior)
    }

    /// Rejected rows of the survey and of the behaviour file or event log (distinct rows).
    fn count_rejected_rows(&mut self) {
        let survey_name = file_name(&self.files.survey);
        self.audit.rejected_rows = self
            .rejected
            .rows
            .iter()
            .filter(|(f, _)| *f == survey_name)
            .count() as u64;
        self.audit.behavior_rejected_rows =
            self.rejected.rows.len() as u64 - self.audit.rejected_rows;
    }

    /// Each respondent's cohort under the codebook's scheme; only cohorts that have
    /// respondents are kept. Frees the birth year, age and cohort columns.
    fn cohorts(&mut self) -> Result<Cohorts, StudyError> {
        let birth_year = std::mem::take(&mut self.cols.birth_year);
        let age = std::mem::take(&mut self.cols.age);
        let cohort_col = std::mem::take(&mut self.cols.cohort_col);
        let (all_names, raw) = raw_cohorts(&self.cb, &birth_year, &age, &cohort_col);
        drop(cohort_col);
        let missing_birth_year = count_none(&birth_year);
        let missing_age = count_none(&age);
        drop((birth_year, age));
        let (names, remap) = present_cohorts(&all_names, &raw);
        if names.len() > MAX_COHORTS {
            return Err(StudyError::Io {
                path: self.files.codebook.clone(),
                message: format!("more than {MAX_COHORTS} cohorts: not a cohort scheme"),
            });
        }
        let codes: Vec<Option<u8>> = raw
            .iter()
            .map(|&c| {
                if c == UNKNOWN {
                    None
                } else {
                    remap[c as usize]
                }
            })
            .collect();
        drop(raw);
        self.audit.unknown_cohort = codes.iter().filter(|c| c.is_none()).count() as u64;
        Ok(Cohorts {
            names,
            codes,
            missing_birth_year,
            missing_age,
        })
    }

    /// Remarks on what the codebook leaves out or approximates.
    fn codebook_notes(&mut self) {
        let cb = &self.cb;
        if cb.paradox.is_none() && !cb.scales.is_empty() {
            self.audit.notes.push(
                "the codebook names no concern scale ([paradox] concern_scale = \"…\"): the paradox statistics will be null"
                    .into(),
            );
        }
        if cb.data_types.is_empty() {
            self.audit.notes.push(
                "the codebook declares no [[data_type]]: there is no stated willingness or behaviour to compare".into(),
            );
        }
        if cb.columns.age.is_some() && cb.cohorts.scheme == CohortScheme::Generation {
            self.audit.notes.push(
                "generations from age: birth year = survey year − age, an approximation of ±1 year"
                    .into(),
            );
        }
    }

    /// The group columns, levels sorted by name and codes remapped to that order.
    fn groups(&mut self) -> Vec<Factor> {
        let mut groups = Vec::new();
        for (g, name) in self.cb.columns.group.iter().enumerate() {
            let names = &self.cols.group_names[g];
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.sort_by(|&a, &b| names[a].cmp(&names[b]));
            let mut rank = vec![0u32; names.len()];
            for (new, &old) in order.iter().enumerate() {
                rank[old] = new as u32;
            }
            // Remapped in place: no second column of codes.
            let mut codes = std::mem::take(&mut self.cols.group_codes[g]);
            for c in codes.iter_mut().flatten() {
                *c = rank[*c as usize];
            }
            groups.push(Factor {
                name: name.clone(),
                levels: order.iter().map(|&i| names[i].clone()).collect(),
                codes,
            });
        }
        groups
    }

    /// Behaviour per data type (from the survey column, or spread from the bitsets of a
    /// behaviour file or event log), and which respondents have any. Frees the bitsets.
    fn behavior(&mut self) -> Behavior {
        let n = self.cols.ids.len();
        let in_survey = &self.cols.behavior_in_survey;
        let loaded = self.bits.loaded || in_survey.iter().any(|b| *b);
        let mut shared: Vec<Option<Vec<Option<bool>>>> =
            Vec::with_capacity(self.cb.data_types.len());
        for (d, dt) in self.cb.data_types.iter().enumerate() {
            if dt.behavior.is_none() {
                shared.push(None);
            } else if in_survey[d] {
                shared.push(self.cols.behavior[d].take().or_else(|| Some(Vec::new())));
            } else if self.bits.loaded {
                let bits = &self.bits;
                shared.push(Some(
                    (0..n)
                        .into_par_iter()
                        .map(|r| bits.shared_of(r, d))
                        .collect(),
                ));
            } else {
                shared.push(None);
            }
        }
        let mut seen = Vec::new();
        if loaded {
            let any = &self.bits.any;
            seen = (0..n)
                .into_par_iter()
                .map(|r| {
                    let from_file = any.get(r).copied().unwrap_or(false);
                    let from_survey = shared
                        .iter()
                        .enumerate()
                        .any(|(d, s)| in_survey[d] && s.as_ref().is_some_and(|s| s[r].is_some()));
                    from_file || from_survey
                })
                .collect();
            self.audit.respondents_without_behavior = seen.iter().filter(|s| !**s).count() as u64;
        }
        self.bits.free();
        Behavior {
            loaded,
            shared,
            seen,
        }
    }

    /// The study; a file error when no respondent is left to analyse.
    fn into_study(
        mut self,
        cohorts: Cohorts,
        groups: Vec<Factor>,
        behavior: Behavior,
    ) -> Result<Study, StudyError> {
        let cb = &self.cb;
        let weight = cb
            .columns
            .weight
            .as_ref()
            .map(|_| std::mem::take(&mut self.cols.weight));
        let stated = cb
            .data_types
            .iter()
            .enumerate()
            .map(|(d, dt)| {
                dt.stated
                    .as_ref()
                    .map(|_| std::mem::take(&mut self.cols.stated[d]))
            })
            .collect();
        let durations = cb
            .screening
            .as_ref()
            .and_then(|s| s.duration.as_ref())
            .map(|_| std::mem::take(&mut self.cols.durations));
        let cols = self.cols;
        let mut study = Study {
            codebook: self.cb,
            ids: cols.ids,
            cohort_names: cohorts.names,
            cohort: cohorts.codes,
            weight,
            groups,
            scales: cols
                .items
                .into_iter()
                .map(|items| ScaleData { items })
                .collect(),
            stated,
            shared: behavior.shared,
            tactics: cols.tactics,
            behavior_seen: behavior.seen,
            has_behavior: behavior.loaded,
            durations,
            attention: cols.attention,
            flagged: Vec::new(),
            audit: self.audit,
        };
        study.audit.warnings = warnings::collect(&study, &self.facts);
        if study.is_empty() {
            return Err(StudyError::NothingToAnalyse(format!(
                "{}: no respondent is left to analyse ({} rows read, {} rejected; see the rejected rows)",
                self.files.survey.display(),
                study.audit.survey_rows,
                study.audit.rejected_rows
            )));
        }
        Ok(study)
    }
}

/// Every cohort name of the scheme, and each respondent's index into them ([`UNKNOWN`]
/// when the cohort cannot be told).
fn raw_cohorts(
    cb: &Codebook,
    birth_year: &[Option<i32>],
    age: &[Option<i32>],
    cohort_col: &[Option<u32>],
) -> (Vec<String>, Vec<u32>) {
    let code = |c: Option<usize>| c.map_or(UNKNOWN, |c| c as u32);
    let sy = cb.study.survey_year;
    match cb.cohorts.scheme {
        CohortScheme::Generation => {
            let c = birth_year
                .iter()
                .zip(age)
                .map(|(&by, &a)| {
                    let by = by.or_else(|| sy.zip(a).map(|(y, a)| y - a));
                    code(by.map(cohort::generation_of))
                })
                .collect();
            (cohort::generation_names(), c)
        }
        CohortScheme::AgeBands => {
            let edges = cb.cohorts.edges.clone().unwrap_or_default();
            let c = birth_year
                .iter()
                .zip(age)
                .map(|(&by, &a)| {
                    let age = a.or_else(|| sy.zip(by).map(|(y, b)| y - b));
                    code(age.and_then(|a| cohort::band_of(&edges, a)))
                })
                .collect();
            (cohort::band_names(&edges), c)
        }
        CohortScheme::Column => (
            cb.cohorts.order.clone().unwrap_or_default(),
            cohort_col.iter().map(|c| c.unwrap_or(UNKNOWN)).collect(),
        ),
    }
}

/// The cohorts that have respondents, in natural order, and for each cohort of the scheme
/// its index among them (`None`: no respondent).
fn present_cohorts(all_names: &[String], raw: &[u32]) -> (Vec<String>, Vec<Option<u8>>) {
    let mut counts = vec![0u64; all_names.len()];
    for &c in raw.iter().filter(|&&c| c != UNKNOWN) {
        counts[c as usize] += 1;
    }
    let mut remap = vec![None; all_names.len()];
    let mut names = Vec::new();
    for (i, name) in all_names.iter().enumerate() {
        if counts[i] > 0 {
            remap[i] = Some(names.len() as u8);
            names.push(name.clone());
        }
    }
    (names, remap)
}

/// Missing answers per codebook column among the analysed respondents, in codebook order.
fn missing_by_column(
    cb: &Codebook,
    cols: &SurveyColumns,
    shared: &[Option<Vec<Option<bool>>>],
    cohorts: &Cohorts,
) -> Vec<(String, u64)> {
    let mut missing = Vec::new();
    for (s, scale) in cb.scales.iter().enumerate() {
        for (i, item) in scale.items.iter().enumerate() {
            missing.push((item.clone(), count_none(&cols.items[s][i])));
        }
    }
    for (d, dt) in cb.data_types.iter().enumerate() {
        if let Some(c) = &dt.stated {
            missing.push((c.clone(), count_none(&cols.stated[d])));
        }
        if let (Some(c), Some(col)) = (&dt.behavior, &shared[d]) {
            missing.push((c.clone(), count_none(col)));
        }
    }
    for (t, tac) in cb.tactics.iter().enumerate() {
        missing.push((tac.column.clone(), count_none(&cols.tactics[t])));
    }
    if let Some(c) = &cb.columns.birth_year {
        missing.push((c.clone(), cohorts.missing_birth_year));
    }
    if let Some(c) = &cb.columns.age {
        missing.push((c.clone(), cohorts.missing_age));
    }
    if let Some(sc) = &cb.screening {
        if let Some(c) = &sc.duration {
            missing.push((c.clone(), count_none(&cols.durations)));
        }
        for (a, att) in sc.attention.iter().enumerate() {
            missing.push((att.column.clone(), count_none(&cols.attention[a])));
        }
    }
    missing
}

fn count_none<T: Sync>(v: &[Option<T>]) -> u64 {
    v.par_iter().filter(|x| x.is_none()).count() as u64
}
