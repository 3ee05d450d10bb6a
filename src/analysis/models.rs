//! Adjusted models: does concern predict disclosure once cohort and the codebook's group
//! columns are held fixed? A logistic regression of "discloser" (disclosure score at or above
//! the codebook's threshold) and, per data type, of "shared" on concern score (per scale
//! point) + cohort dummies + group dummies, weighted when weights are in use, with HC1
//! sandwich standard errors ([`stats::logit`]); and the linear-by-linear trend test across
//! ordered cohorts for each tactic, published beside the unordered χ². The figures land in
//! the summary's [`Models`]; definitions in `docs/methods.md`.
//!
//! Complete cases only: a respondent enters a model when the outcome, the concern score, the
//! cohort and every group column are known. The reference level of the cohort is the first
//! cohort in the scheme's natural order (`Study::cohort_names`) present among those
//! respondents; of a group column, its first level in name order. A covariate with one
//! level among the complete cases is left out with a note, and so is a group column with
//! more levels than a breakdown takes (the codebook's `MAX_GROUP_LEVELS`). A model that cannot be estimated
//! — fewer respondents than parameters, an outcome that does not vary, a level whose
//! respondents all have the same outcome (quasi-complete separation), diverging
//! coefficients, a singular X'WX — is `null` with a note saying which. Fewer than 10 events
//! (or non-events) per parameter besides the intercept (Peduzzi et al. 1996) keeps the model
//! with a caution in its `note`.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::common::{finite, level_sizes, too_many_levels, Notes};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
use crate::analysis::stats::logit::{self, Design, Grouped, LogitError};
use crate::analysis::summary::{
    DataTypeModel, LogitModel, ModelTerm, Models, TacticSummary, TacticTrend, TrendTest,
};
use crate::study::codebook::limits::{MAX_GROUP_LEVELS, MAX_RANGE};
use crate::study::Study;

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Events per parameter below which a model gets a caution (Peduzzi et al. 1996).
const MIN_EPV: f64 = 10.0;

/// A categorical covariate as it enters a model: its name, the level of each complete case
/// (index into `levels`), the levels present, the reference.
struct Factor {
    name: String,
    levels: Vec<String>,
}

/// All models. `notes` gets a "models.…: reason" entry for every null model or test.
pub fn models(
    study: &Study,
    scores: &Scores,
    tactics: &[TacticSummary],
    cohort_names: &[String],
    notes: &mut Notes,
) -> Models {
    let classes = stats::Classes::of(&scores.concern);
    models_with(
        study,
        scores,
        classes.as_ref(),
        tactics,
        cohort_names,
        notes,
    )
}

/// [`models`] with the concern scores' classes already computed (the summary's, shared
/// with the gap blocks), or `None` when they are not classed.
pub(crate) fn models_with(
    study: &Study,
    scores: &Scores,
    concern_classes: Option<&stats::Classes>,
    tactics: &[TacticSummary],
    cohort_names: &[String],
    notes: &mut Notes,
) -> Models {
    let has_concern = study.codebook.concern_scale_index().is_some();
    let concern_label = study
        .codebook
        .concern_scale_index()
        .and_then(|s| study.codebook.scales.get(s))
        .map(|s| s.name.clone())
        .unwrap_or_else(|| "concern".into());
    let groups = model_groups(study, scores, notes);
    let slots = concern_classes.and_then(|c| Slots::of(&groups, scores, c, cohort_names));
    let spec = ModelSpec {
        scores,
        cohort_names,
        groups,
        concern: concern_label,
        slots: slots.as_ref(),
    };
    // The fits are independent: the disclosure model and the per-data-type models run in
    // parallel, each with its own notes, appended afterwards in codebook order so the output
    // does not depend on scheduling.
    let disclosure_fit = || {
        let mut n = Notes::default();
        let m = if !has_concern {
            n.add(
                "models.disclosure",
                "the codebook names no concern scale ([paradox] concern_scale)",
            );
            None
        } else if !study.has_behavior {
            n.add("models.disclosure", "the study has no behaviour data");
            None
        } else {
            let y: Vec<Option<bool>> = (0..scores.len()).map(|i| scores.discloser(i)).collect();
            spec.fit("discloser", "disclosing", &y, "models.disclosure", &mut n)
        };
        (m, n)
    };
    let data_type_fit = |d: usize| -> Option<(DataTypeModel, Notes)> {
        let dt = study.codebook.data_types.get(d)?;
        let shared = study.shared.get(d)?.as_ref()?;
        let mut n = Notes::default();
        let path = format!("models.by_data_type[{}]", dt.name);
        let model = if has_concern {
            let y: Vec<Option<bool>> = scores
                .rows
                .iter()
                .map(|&r| shared.get(r).copied().flatten())
                .collect();
            spec.fit(
                &format!("shared: {}", dt.name),
                &format!("sharing {}", dt.display_label().to_lowercase()),
                &y,
                &path,
                &mut n,
            )
        } else {
            n.add(&path, "the codebook names no concern scale");
            None
        };
        Some((
            DataTypeModel {
                name: dt.name.clone(),
                label: dt.display_label().to_string(),
                model,
            },
            n,
        ))
    };
    let ((disclosure, disclosure_notes), per_type) = rayon::join(disclosure_fit, || {
        (0..study.codebook.data_types.len())
            .into_par_iter()
            .filter_map(data_type_fit)
            .collect::<Vec<_>>()
    });
    notes.0.extend(disclosure_notes.0);
    let mut by_data_type = Vec::with_capacity(per_type.len());
    for (m, n) in per_type {
        notes.0.extend(n.0);
        by_data_type.push(m);
    }
    let tactic_trends = tactics.iter().map(|t| tactic_trend(t, notes)).collect();
    Models {
        computed: true,
        disclosure,
        by_data_type,
        tactic_trends,
    }
}

/// The group columns that enter the models: all but those with more levels among the
/// analysed respondents than a breakdown takes (their dummies would outnumber what a model
/// can estimate, and grow with the respondents), each of which gets a note.
fn model_groups<'a>(
    study: &'a Study,
    scores: &Scores,
    notes: &mut Notes,
) -> Vec<&'a crate::study::Factor> {
    study
        .groups
        .iter()
        .filter(|g| match too_many_levels(&level_sizes(g, &scores.rows)) {
            Some(k) => {
                notes.add(
                    "models",
                    format!(
                        "group column {} has {} levels among the analysed respondents, more than the {MAX_GROUP_LEVELS} a model term takes, so it is left out of the models",
                        g.name,
                        crate::fmt::count(k as u64)
                    ),
                );
                false
            }
            None => true,
        })
        .collect()
}

struct ModelSpec<'a> {
    scores: &'a Scores,
    cohort_names: &'a [String],
    /// The group columns that enter the models, in codebook order.
    groups: Vec<&'a crate::study::Factor>,
    concern: String,
    slots: Option<&'a Slots>,
}

/// Every respondent's covariate pattern as one number, computed once for all the fits:
/// slot = concern class · Π(levels + 1) + the factor levels (cohort, then the groups) in
/// mixed radix, or `u32::MAX` when the concern score, the cohort or a group level is
/// missing. `None` (each fit hashes its patterns) when the concern scores are not classed
/// or the slots would be too many for dense tables.
struct Slots {
    slot: Vec<u32>,
    /// Π(levels + 1) over the factors.
    combos: usize,
    /// Per factor, the product of the earlier factors' (levels + 1).
    place: Vec<usize>,
    /// Per factor, its levels + 1.
    radix: Vec<usize>,
    size: usize,
}

impl Slots {
    const MAX_SIZE: usize = 1 << 20;

    fn of(
        groups: &[&crate::study::Factor],
        s: &Scores,
        classes: &stats::Classes,
        cohort_names: &[String],
    ) -> Option<Slots> {
        let radix: Vec<usize> = std::iter::once(cohort_names.len() + 1)
            .chain(groups.iter().map(|g| g.levels.len() + 1))
            .collect();
        let mut place = Vec::with_capacity(radix.len());
        let mut combos = 1usize;
        for &r in &radix {
            place.push(combos);
            combos = combos.checked_mul(r)?;
        }
        let size = classes.values.len().checked_mul(combos)?;
        if size > Self::MAX_SIZE {
            return None;
        }
        // A cohort or level index beyond its names (never in a loaded study) would need a
        // slot of its own: leave such a study to the hashing path, which handles it.
        let mut out_of_range = false;
        let slot = (0..s.len())
            .map(|i| {
                let class = classes.class[i];
                let Some(cohort) = s.cohort[i] else {
                    return u32::MAX;
                };
                out_of_range |= usize::from(cohort) >= cohort_names.len();
                if class == stats::NO_CLASS {
                    return u32::MAX;
                }
                let mut levels = usize::from(cohort);
                for (g, &p) in groups.iter().zip(&place[1..]) {
                    match g.codes.get(s.rows[i]).copied().flatten() {
                        Some(l) => {
                            out_of_range |= l as usize >= g.levels.len();
                            levels += l as usize * p;
                        }
                        None => return u32::MAX,
                    }
                }
                (class as usize * combos + levels) as u32
            })
            .collect();
        if out_of_range {
            return None;
        }
        Some(Slots {
            slot,
            combos,
            place,
            radix,
            size,
        })
    }

    /// Factor `f`'s level in slot `slot`.
    fn level(&self, slot: usize, f: usize) -> usize {
        slot % self.combos / self.place[f] % self.radix[f]
    }
}

impl ModelSpec<'_> {
    /// Builds the design over the complete cases of outcome `y` (per selected respondent)
    /// and fits it; `None` with a note when it cannot be estimated.
    fn fit(
        &self,
        outcome: &str,
        verb: &str,
        y: &[Option<bool>],
        path: &str,
        notes: &mut Notes,
    ) -> Option<LogitModel> {
        let s = self.scores;
        let groups = &self.groups;
        // Complete cases: outcome, concern, cohort and every group level known.
        let cases: Vec<usize> = match self.slots {
            Some(sl) => (0..s.len())
                .filter(|&i| y[i].is_some() && sl.slot[i] != u32::MAX)
                .collect(),
            None => (0..s.len())
                .filter(|&i| {
                    y[i].is_some()
                        && s.concern[i].is_some()
                        && s.cohort[i].is_some()
                        && groups
                            .iter()
                            .all(|g| g.codes.get(s.rows[i]).copied().flatten().is_some())
                })
                .collect(),
        };
        let n = cases.len();
        // Categorical covariates: cohort first, then groups in codebook order. A case's level
        // is read where it is stored (`code`) rather than copied into a column per factor
        // (at a million cases those columns were tens of MB per fit, with several fits at
        // once).
        let mut factors: Vec<Factor> = Vec::new();
        factors.push(Factor {
            name: "cohort".into(),
            levels: self.cohort_names.to_vec(),
        });
        for g in groups {
            factors.push(Factor {
                name: g.name.clone(),
                levels: g.levels.clone(),
            });
        }
        let code = |f: usize, i: usize| -> usize {
            match f.checked_sub(1) {
                None => usize::from(s.cohort[i].unwrap_or(0)),
                Some(g) => groups[g]
                    .codes
                    .get(s.rows[i])
                    .copied()
                    .flatten()
                    .unwrap_or(0) as usize,
            }
        };
        let outcome_of = |k: usize| y[cases[k]].unwrap_or(false);
        let events = (0..n).filter(|&k| outcome_of(k)).count();
        let mut cautions: Vec<String> = Vec::new();
        // Terms: intercept, concern, then per factor its present levels after the reference.
        let mut terms: Vec<String> = vec!["(intercept)".into(), self.concern.clone()];
        let mut reference_levels = BTreeMap::new();
        // Per factor: level → column (None for the reference or a dropped factor).
        let mut column_of: Vec<Vec<Option<u32>>> = Vec::new();
        let mut level_counts: Vec<(u64, u64)> = Vec::new();
        let mut kept_names: Vec<String> = Vec::new();
        // With slots: cases and events per slot in one pass, then each factor's level
        // counts from the used slots (instead of one pass over the cases per factor).
        let per_slot = self.slots.map(|sl| {
            let mut counts = vec![(0u32, 0u32); sl.size];
            let mut used = Vec::new();
            for (k, &i) in cases.iter().enumerate() {
                let slot = sl.slot[i] as usize;
                let c = &mut counts[slot];
                if c.0 == 0 {
                    used.push(slot);
                }
                c.0 += 1;
                c.1 += u32::from(outcome_of(k));
            }
            (counts, used)
        });
        for (f, fac) in factors.iter().enumerate() {
            let mut count = vec![(0u64, 0u64); fac.levels.len()];
            match (self.slots, &per_slot) {
                (Some(sl), Some((counts, used))) => {
                    for &slot in used {
                        if let Some(c) = count.get_mut(sl.level(slot, f)) {
                            c.0 += u64::from(counts[slot].0);
                            c.1 += u64::from(counts[slot].1);
                        }
                    }
                }
                _ => {
                    for (k, &i) in cases.iter().enumerate() {
                        if let Some(c) = count.get_mut(code(f, i)) {
                            c.0 += 1;
                            c.1 += u64::from(outcome_of(k));
                        }
                    }
                }
            }
            let present: Vec<usize> = (0..fac.levels.len()).filter(|&l| count[l].0 > 0).collect();
            let mut cols = vec![None; fac.levels.len()];
            if present.len() < 2 {
                if n > 0 {
                    let only = present
                        .first()
                        .and_then(|&l| fac.levels.get(l))
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default();
                    cautions.push(format!(
                        "{} has one level{only} among the complete cases and is left out",
                        fac.name
                    ));
                }
                column_of.push(cols);
                continue;
            }
            // Quasi-complete separation by a level: all its respondents share one outcome.
            if let Some(&l) = present
                .iter()
                .find(|&&l| count[l].1 == 0 || count[l].1 == count[l].0)
            {
                let all = if count[l].1 == 0 { "none" } else { "all" };
                notes.add(
                    path,
                    format!(
                        "quasi-complete separation: {all} of the respondents with {} = {} have the outcome \"{outcome}\", so its odds ratio is infinite or zero and the model is not estimated",
                        fac.name, fac.levels[l]
                    ),
                );
                return None;
            }
            reference_levels.insert(fac.name.clone(), fac.levels[present[0]].clone());
            for &l in &present[1..] {
                cols[l] = Some(terms.len() as u32);
                terms.push(format!("{}: {}", fac.name, fac.levels[l]));
                level_counts.push(count[l]);
            }
            kept_names.push(fac.name.clone());
            column_of.push(cols);
        }
        let p = terms.len();
        if n <= p {
            notes.add(
                path,
                format!("fewer complete cases than the {p} parameters of the model"),
            );
            return None;
        }
        let slots = 2 + factors.len();
        let mut grouped = Grouped {
            x: Design::new(p, slots),
            ..Grouped::default()
        };
        // Respondents are summed by covariate pattern (concern score, level of every
        // factor): the key is the concern's bits and the levels in mixed radix; a radix
        // product that overflows (absurdly many levels) gives every respondent its own row.
        let radix: Option<Vec<u64>> =
            factors
                .iter()
                .map(|f| f.levels.len() as u64 + 1)
                .try_fold(Vec::new(), |mut acc, r| {
                    let prev = acc.last().copied().unwrap_or(1u64);
                    acc.push(prev.checked_mul(r)?);
                    Some(acc)
                });
        let mut index: FastMap<(u64, u64), usize> = FastMap::default();
        // With slots, a dense table slot → pattern instead of the hash map (the same
        // patterns, found in the same order).
        let mut pattern_of: Vec<u32> = match self.slots {
            Some(sl) => vec![u32::MAX; sl.size],
            None => Vec::new(),
        };
        let mut row: Vec<(u32, f64)> = Vec::with_capacity(slots);
        for (k, &i) in cases.iter().enumerate() {
            let concern = s.concern[i].unwrap_or(0.0);
            let slot = self.slots.map(|sl| sl.slot[i] as usize);
            let key = radix.as_ref().filter(|_| slot.is_none()).map(|r| {
                let levels: u64 = (0..factors.len())
                    .map(|f| code(f, i) as u64 * if f == 0 { 1 } else { r[f - 1] })
                    .sum();
                (concern.to_bits(), levels)
            });
            let existing = match slot {
                Some(slot) => Some(pattern_of[slot])
                    .filter(|&p| p != u32::MAX)
                    .map(|p| p as usize),
                None => key.and_then(|key| index.get(&key).copied()),
            };
            let pattern = match existing {
                Some(pattern) => pattern,
                None => {
                    row.clear();
                    row.push((0, 1.0));
                    row.push((1, concern));
                    for (f, cols) in column_of.iter().enumerate() {
                        if let Some(Some(c)) = cols.get(code(f, i)) {
                            row.push((*c, 1.0));
                        }
                    }
                    let pattern = grouped.push_pattern(&row);
                    match slot {
                        // At most MAX_SIZE patterns: the index fits in a u32.
                        Some(slot) => pattern_of[slot] = pattern as u32,
                        None => {
                            if let Some(key) = key {
                                index.insert(key, pattern);
                            }
                        }
                    }
                    pattern
                }
            };
            grouped.add(pattern, outcome_of(k), s.weight[i]);
        }
        let fit = match logit::fit_grouped(&grouped) {
            Ok(f) => f,
            Err(e) => {
                let why = match &e {
                    LogitError::Singular(Some(c)) => format!(
                        "X'WX is singular: the term \"{}\" is (almost) a linear combination of the earlier ones",
                        terms.get(*c).map(String::as_str).unwrap_or("?")
                    ),
                    other => other.to_string(),
                };
                notes.add(path, why);
                return None;
            }
        };
        let non_events = n - events;
        let epv = events.min(non_events) as f64 / (p - 1).max(1) as f64;
        if epv < MIN_EPV {
            cautions.push(format!(
                "fewer than {MIN_EPV} events per parameter ({:.1}; Peduzzi et al. 1996): estimates may be biased away from 1 and intervals too narrow",
                epv
            ));
        }
        let model_terms: Vec<ModelTerm> = terms
            .iter()
            .enumerate()
            .map(|(j, name)| {
                let b = fit.beta[j];
                let se = fit.se[j];
                let (ci, p) = if se > 0.0 {
                    (
                        Some([(b - stats::Z95 * se).exp(), (b + stats::Z95 * se).exp()])
                            .filter(|c| c.iter().all(|v| v.is_finite())),
                        finite(stats::normal_two_sided_p(b / se)),
                    )
                } else {
                    (None, None)
                };
                ModelTerm {
                    term: name.clone(),
                    estimate: finite(b),
                    se: finite(se),
                    odds_ratio: finite(b.exp()),
                    ci,
                    p,
                    level_n: if j >= 2 {
                        level_counts.get(j - 2).copied()
                    } else {
                        None
                    },
                }
            })
            .collect();
        let held: Vec<&str> = kept_names.iter().map(String::as_str).collect();
        let sentence = model_terms
            .get(1)
            .and_then(|t| sentence(t, &self.concern, verb, &held, n, s.weighted));
        Some(LogitModel {
            outcome: outcome.to_string(),
            n: Some(n as u64),
            events: Some(events as u64),
            terms: model_terms,
            reference_levels,
            weighted: s.weighted,
            converged: true,
            iterations: fit.iterations,
            covariance: "HC1".into(),
            sentence,
            note: (!cautions.is_empty()).then(|| cautions.join("; ")),
        })
    }
}

/// "Each point more concern goes with 0.83× the odds of disclosing (95% CI 0.79–0.88),
/// holding cohort and gender fixed; n = 2,312."
pub fn sentence(
    t: &ModelTerm,
    concern: &str,
    verb: &str,
    held: &[&str],
    n: usize,
    weighted: bool,
) -> Option<String> {
    let or = t.odds_ratio?;
    let ci = t.ci?;
    let held = match held {
        [] => String::new(),
        [one] => format!(", holding {one} fixed"),
        [init @ .., last] => format!(", holding {} and {last} fixed", init.join(", ")),
    };
    Some(format!(
        "Each point more {concern} goes with {}\u{d7} the odds of {verb} (95% CI {}\u{2013}{}){held}; n = {}{}.",
        or2(or),
        or2(ci[0]),
        or2(ci[1]),
        crate::fmt::count(n as u64),
        if weighted { ", weighted" } else { "" }
    ))
}

/// An odds ratio for people: two decimals, three significant digits below 0.1.
pub fn or2(x: f64) -> String {
    if x.abs() < 0.1 && x != 0.0 {
        format!("{x:.3}")
    } else {
        format!("{x:.2}")
    }
}

/// The trend tests of one tactic from its per-cohort level counts (cohorts without
/// answers left out, as in the χ² table).
fn tactic_trend(t: &TacticSummary, notes: &mut Notes) -> TacticTrend {
    let blocks: Vec<_> = t
        .by_cohort
        .iter()
        .filter(|b| b.levels.iter().any(|l| l.unwrap_or(0) > 0))
        .collect();
    let cohorts: Vec<String> = blocks
        .iter()
        .map(|b| b.cohort.clone().unwrap_or_default())
        .collect();
    let row_scores: Vec<f64> = (1..=blocks.len()).map(|s| s as f64).collect();
    let table: Vec<Vec<f64>> = blocks
        .iter()
        .map(|b| b.levels.iter().map(|l| l.unwrap_or(0) as f64).collect())
        .collect();
    let codes: Vec<f64> = (t.min..=t.max)
        .take(MAX_RANGE as usize + 1)
        .map(f64::from)
        .collect();
    let mid = (f64::from(t.min) + f64::from(t.max)) / 2.0;
    let accept_scores: Vec<f64> = codes
        .iter()
        .map(|&c| f64::from(u8::from(c > mid)))
        .collect();
    let path = format!("models.tactic_trends[{}]", t.name);
    let mut run = |scores: &[f64], which: &str| -> Option<TrendTest> {
        match logit::linear_by_linear(&table, &row_scores, scores) {
            Ok(r) => Some(TrendTest {
                m2: finite(r.m2),
                df: Some(1),
                p: r.p.and_then(finite),
                r: finite(r.r),
                n: Some(r.n),
            }),
            Err(why) => {
                notes.add(format!("{path}.{which}"), why);
                None
            }
        }
    };
    let ordinal = run(&codes, "ordinal");
    let acceptable = run(&accept_scores, "acceptable");
    TacticTrend {
        name: t.name.clone(),
        label: t.label.clone(),
        cohorts,
        acceptable,
        ordinal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_names_what_is_held_fixed() {
        let t = ModelTerm {
            term: "concern".into(),
            estimate: Some(-0.19),
            se: Some(0.03),
            odds_ratio: Some(0.8269),
            ci: Some([0.7905, 0.8803]),
            p: Some(1e-9),
            level_n: None,
        };
        assert_eq!(
            sentence(&t, "concern", "disclosing", &["cohort", "gender"], 2312, false).as_deref(),
            Some("Each point more concern goes with 0.83\u{d7} the odds of disclosing (95% CI 0.79\u{2013}0.88), holding cohort and gender fixed; n = 2,312.")
        );
        assert_eq!(
            sentence(&t, "concern", "sharing contacts", &["cohort", "gender", "country"], 12, true).as_deref(),
            Some("Each point more concern goes with 0.83\u{d7} the odds of sharing contacts (95% CI 0.79\u{2013}0.88), holding cohort, gender and country fixed; n = 12, weighted.")
        );
    }
}
