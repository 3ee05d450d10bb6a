//! Per-respondent derived values: scale scores with reverse coding and the ⌈k/2⌉ rule,
//! the disclosure score with its ⌈D/2⌉ coverage rule, and the classifications concerned /
//! discloser / paradoxical. Computed once per filter change; every statistic downstream
//! reads these slices.

use rayon::prelude::*;

use crate::analysis::filter::{Filter, ScoreCondition};
use crate::analysis::power::Sesoi;
use crate::import::screen;
use crate::study::Study;

/// Derived values for the respondents a filter selects (in study order).
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Study row of each selected respondent.
    pub rows: Vec<usize>,
    /// Per scale (codebook order), per selected respondent — except the concern scale,
    /// whose scores are moved to `concern` (its entry here is empty): read through
    /// [`Scores::scale`].
    pub(crate) scale: Vec<Vec<Option<f64>>>,
    /// The concern scale's index, when the codebook names one.
    pub(crate) concern_scale: Option<usize>,
    /// Concern scores (all missing without a concern scale).
    pub concern: Vec<Option<f64>>,
    pub disclosure: Vec<Option<f64>>,
    /// Cohort index (into `Study::cohort_names`) per selected respondent.
    pub cohort: Vec<Option<u8>>,
    /// Weight per selected respondent (1 when unweighted).
    pub weight: Vec<f64>,
    pub weighted: bool,
    pub concern_threshold: Option<f64>,
    pub disclosure_threshold: f64,
    /// The equivalence margins every gap block tests ρ and the risk difference against.
    pub sesoi: Sesoi,
}

impl Scores {
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    /// Scores on scale `s` (codebook order) per selected respondent; empty for a scale the
    /// codebook does not have.
    pub fn scale(&self, s: usize) -> &[Option<f64>] {
        if Some(s) == self.concern_scale {
            &self.concern
        } else {
            self.scale.get(s).map_or(&[], Vec::as_slice)
        }
    }
    /// How many scales [`Scores::scale`] serves.
    pub fn scales(&self) -> usize {
        self.scale.len()
    }
    /// "Concerned": a concern score strictly above the concern threshold.
    pub fn concerned(&self, i: usize) -> Option<bool> {
        Some(self.concern[i]? > self.concern_threshold?)
    }
    /// "Discloser": a disclosure score at or above the disclosure threshold.
    pub fn discloser(&self, i: usize) -> Option<bool> {
        Some(self.disclosure[i]? >= self.disclosure_threshold)
    }
}

/// Whether study row `r` passes the filter.
pub fn selected(study: &Study, filter: &Filter, r: usize) -> bool {
    if study.flagged.get(r) == Some(&true) && screen::excluding(study, filter.exclude_flagged) {
        return false;
    }
    if !filter.cohorts.is_empty() {
        match study.cohort[r] {
            Some(c) if filter.cohorts.contains(&(c as usize)) => {}
            _ => return false,
        }
    }
    for (g, levels) in &filter.groups {
        if levels.is_empty() {
            continue;
        }
        let Some(factor) = study.groups.get(*g) else {
            continue;
        };
        match factor.codes.get(r).copied().flatten() {
            Some(l) if levels.contains(&l) => {}
            _ => return false,
        }
    }
    if filter.scores.is_empty() {
        return true;
    }
    // The score conditions, from this respondent's scores computed as `compute` does.
    let cb = &study.codebook;
    let scale = |s: usize| {
        (s < cb.scales.len())
            .then(|| scale_score(study, s, r))
            .flatten()
    };
    let disclosure = disclosure_score(study, r);
    let threshold = cb.paradox.as_ref().map_or(0.5, |p| p.disclosure_threshold);
    let concerned = cb
        .concern_scale_index()
        .and_then(|s| Some(scale(s)? > cb.concern_threshold()?));
    let paradoxical = concerned
        .zip(disclosure.map(|d| d >= threshold))
        .map(|(c, d)| c && d);
    filter
        .scores
        .iter()
        .all(|c| c.holds(scale, disclosure, paradoxical))
}

/// One respondent's score on scale `s`: mean of the non-missing items after reverse
/// coding (x' = min + max − x), missing unless ⌈k/2⌉ items are present.
pub fn scale_score(study: &Study, s: usize, r: usize) -> Option<f64> {
    let spec = &study.codebook.scales[s];
    let data = &study.scales[s];
    let k = spec.items.len();
    let mut sum = 0.0;
    let mut count = 0usize;
    for (i, item) in data.items.iter().enumerate() {
        if let Some(x) = item[r] {
            let x = x as f64;
            let x = if spec.reverse.contains(&spec.items[i]) {
                (spec.min + spec.max) as f64 - x
            } else {
                x
            };
            sum += x;
            count += 1;
        }
    }
    (count > 0 && count >= k.div_ceil(2)).then(|| sum / count as f64)
}

/// Share of the respondent's data types with known behaviour that were shared; missing
/// unless at least ⌈D/2⌉ of the D data types with a `behavior` are known.
pub fn disclosure_score(study: &Study, r: usize) -> Option<f64> {
    let mut d_total = 0usize;
    let mut known = 0usize;
    let mut shared = 0usize;
    for col in study.shared.iter().flatten() {
        d_total += 1;
        if let Some(s) = col.get(r).copied().flatten() {
            known += 1;
            shared += s as usize;
        }
    }
    (d_total > 0 && known > 0 && known >= d_total.div_ceil(2)).then(|| shared as f64 / known as f64)
}

/// Scale scores of many respondents: per respondent, its items in codebook order (the
/// additions of [`scale_score`], in its order), with the reverse-coding flags looked up once
/// per scale rather than per respondent; no per-item temporaries.
fn scale_scores(study: &Study, s: usize, rows: &[usize]) -> Vec<Option<f64>> {
    let spec = &study.codebook.scales[s];
    let k = spec.items.len();
    let flip = (spec.min + spec.max) as f64;
    let items: Vec<(&[crate::study::Code], bool)> = study.scales[s]
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.as_slice(), spec.reverse.contains(&spec.items[i])))
        .collect();
    let need = k.div_ceil(2).max(1) as u32;
    rows.iter()
        .map(|&r| {
            let mut sum = 0.0f64;
            let mut count = 0u32;
            for &(item, reverse) in &items {
                if let Some(x) = item[r] {
                    sum += if reverse { flip - x as f64 } else { x as f64 };
                    count += 1;
                }
            }
            (count >= need).then(|| sum / count as f64)
        })
        .collect()
}

/// The filter as lookup tables (a flag per cohort and per group level), so that selecting
/// from a million respondents is a few array reads each rather than set searches.
/// One restricted group column: its codes, a flag per level, and the set itself (for codes
/// beyond the factor's levels, which a loaded study never holds).
type GroupRule<'a> = (
    &'a [Option<u32>],
    Vec<bool>,
    &'a std::collections::BTreeSet<u32>,
);

struct Selector<'a> {
    cohorts: Option<Vec<bool>>,
    /// Per restricted group: its codes, a flag per level, and the set (for codes beyond the
    /// factor's levels, which a loaded study never holds).
    groups: Vec<GroupRule<'a>>,
    /// Careless respondents flagged by screening, when they are left out.
    flagged: Option<&'a [bool]>,
}

impl<'a> Selector<'a> {
    fn new(study: &'a Study, filter: &'a Filter) -> Selector<'a> {
        let flags = |set: &std::collections::BTreeSet<usize>, len: usize| {
            (0..len).map(|i| set.contains(&i)).collect::<Vec<bool>>()
        };
        let cohorts = (!filter.cohorts.is_empty()).then(|| flags(&filter.cohorts, 256));
        let groups = filter
            .groups
            .iter()
            .filter(|(_, levels)| !levels.is_empty())
            .filter_map(|(g, levels)| {
                let factor = study.groups.get(*g)?;
                let keep = (0..factor.levels.len())
                    .map(|l| levels.contains(&(l as u32)))
                    .collect();
                Some((factor.codes.as_slice(), keep, levels))
            })
            .collect();
        let flagged =
            screen::excluding(study, filter.exclude_flagged).then_some(study.flagged.as_slice());
        Selector {
            cohorts,
            groups,
            flagged,
        }
    }

    /// Exactly [`selected`].
    fn keep(&self, study: &Study, r: usize) -> bool {
        if self.flagged.is_some_and(|f| f.get(r) == Some(&true)) {
            return false;
        }
        if let Some(cohorts) = &self.cohorts {
            match study.cohort[r] {
                Some(c) if cohorts[c as usize] => {}
                _ => return false,
            }
        }
        self.groups.iter().all(
            |(codes, keep, levels)| match codes.get(r).copied().flatten() {
                Some(l) => keep
                    .get(l as usize)
                    .copied()
                    .unwrap_or_else(|| levels.contains(&l)),
                None => false,
            },
        )
    }
}

/// Disclosure scores of many respondents, respondent by respondent (no per-column
/// temporaries); the same counts and the same division as [`disclosure_score`].
fn disclosure_scores(study: &Study, rows: &[usize]) -> Vec<Option<f64>> {
    let cols: Vec<&[Option<bool>]> = study.shared.iter().flatten().map(Vec::as_slice).collect();
    let d_total = cols.len();
    rows.iter()
        .map(|&r| {
            let (mut k, mut s) = (0usize, 0usize);
            for col in &cols {
                let v = col.get(r).copied().flatten();
                k += usize::from(v.is_some());
                s += usize::from(v == Some(true));
            }
            (d_total > 0 && k > 0 && k >= d_total.div_ceil(2)).then(|| s as f64 / k as f64)
        })
        .collect()
}

pub fn compute(study: &Study, filter: &Filter, use_weights: bool) -> Scores {
    // No filter and no screening exclusion: every row, without looking at each.
    let rows: Vec<usize> = if filter.is_empty() && !screen::excluding(study, filter.exclude_flagged)
    {
        (0..study.len()).collect()
    } else {
        let selector = Selector::new(study, filter);
        (0..study.len())
            .filter(|&r| selector.keep(study, r))
            .collect()
    };
    // Weights and cohorts first, on the calling thread (a study whose columns disagree in
    // length panics here, where the dashboard's worker catches it, rather than on a pool
    // thread); then the scale and disclosure scores in parallel.
    let weighted = use_weights && study.weight.is_some();
    let weight: Vec<f64> = match (&study.weight, weighted) {
        (Some(w), true) => rows.iter().map(|&r| w[r]).collect(),
        _ => vec![1.0; rows.len()],
    };
    let cohort: Vec<Option<u8>> = rows.iter().map(|&r| study.cohort[r]).collect();
    let (scale, disclosure) = rayon::join(
        || {
            (0..study.codebook.scales.len())
                .into_par_iter()
                .map(|s| scale_scores(study, s, &rows))
                .collect::<Vec<_>>()
        },
        || disclosure_scores(study, &rows),
    );
    // The concern scores are moved out of `scale`, not copied (16 MB at a million).
    let mut scale = scale;
    let concern_scale = study
        .codebook
        .concern_scale_index()
        .filter(|&s| s < scale.len());
    let concern = match concern_scale {
        Some(s) => std::mem::take(&mut scale[s]),
        None => vec![None; rows.len()],
    };
    let mut scores = Scores {
        cohort,
        rows,
        scale,
        concern_scale,
        concern,
        disclosure,
        weight,
        weighted,
        concern_threshold: study.codebook.concern_threshold(),
        disclosure_threshold: study
            .codebook
            .paradox
            .as_ref()
            .map(|p| p.disclosure_threshold)
            .unwrap_or(0.5),
        sesoi: study
            .codebook
            .paradox
            .as_ref()
            .map(|p| Sesoi {
                rho: p.sesoi_rho,
                rd: p.sesoi_rd,
            })
            .unwrap_or_default(),
    };
    if !filter.scores.is_empty() {
        keep_meeting(&mut scores, &filter.scores);
    }
    scores
}

/// Keeps the respondents meeting every score condition (the rows were selected on the
/// other parts of the filter; the scores are known only now).
fn keep_meeting(s: &mut Scores, conditions: &[ScoreCondition]) {
    // Which rows meet the conditions, then every column narrowed — each on its own thread
    // (at a million respondents these are the filter's longest steps after the scores).
    let keep: Vec<bool> = {
        let s = &*s;
        (0..s.len())
            .into_par_iter()
            .map(|i| {
                let paradoxical = s.concerned(i).zip(s.discloser(i)).map(|(c, d)| c && d);
                conditions.iter().all(|c| {
                    c.holds(
                        |k| s.scale(k).get(i).copied().flatten(),
                        s.disclosure[i],
                        paradoxical,
                    )
                })
            })
            .collect()
    };
    fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
        let mut k = keep.iter();
        v.retain(|_| k.next().copied().unwrap_or(false));
    }
    let keep = &keep;
    let Scores {
        rows,
        scale,
        concern,
        disclosure,
        cohort,
        weight,
        ..
    } = s;
    rayon::scope(|sc| {
        sc.spawn(|_| retain(rows, keep));
        sc.spawn(|_| retain(concern, keep));
        sc.spawn(|_| retain(disclosure, keep));
        sc.spawn(|_| retain(cohort, keep));
        sc.spawn(|_| retain(weight, keep));
        for col in scale.iter_mut().filter(|c| !c.is_empty()) {
            sc.spawn(move |_| retain(col, keep));
        }
    });
}
