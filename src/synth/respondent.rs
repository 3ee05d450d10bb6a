//! Drawing one respondent: cohort, demographics, weight, the two latent traits, and every
//! answer and behaviour conditional on the planted events "concerned" and "discloser".
//! Drawing never allocates, so a study of any size streams through a fixed buffer.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use super::model::{tactic_mean, Model};
use super::params::{
    COHORTS, CONCERN_NOISE, CONCERN_REVERSE_ITEM, CONCERN_SLOPE, COUNTRIES, DATA_TYPES, GENDERS,
    LATENT_CORRELATION, MAX_REJECTION_ROUNDS, P_BIRTH_YEAR_MISSING, P_ITEM_MISSING, P_NO_BEHAVIOR,
    P_ROW_ERROR, P_TACTIC_MISSING, P_TYPE_KNOWN, P_WILLING_MISSING, TACTIC_CONCERN_LOADING,
    TACTIC_CUTS, WILLING_CUTS,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowError {
    ConcernOutOfRange,
    ZeroWeight,
    UnknownTacticLabel,
}

/// One respondent as the model draws it, before formatting. No heap: drawing never
/// allocates.
#[derive(Debug, Clone)]
pub(super) struct Respondent {
    pub(super) cohort: usize,
    pub(super) birth_year: Option<i32>,
    pub(super) gender: usize,
    pub(super) country: usize,
    pub(super) weight: f64,
    /// Answers as written (the reverse-keyed item already reversed); `None` = missing.
    pub(super) concern: [Option<u8>; 5],
    pub(super) willing: [Option<u8>; 5],
    pub(super) tactics: [Option<u8>; 7],
    pub(super) has_behavior: bool,
    pub(super) known: [bool; 5],
    pub(super) shared: [bool; 5],
    pub(super) row_error: Option<RowError>,
}

fn pick<T>(rng: &mut ChaCha8Rng, table: &[(T, f64)]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, (_, p)) in table.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    table.len() - 1
}

pub(super) fn normal(rng: &mut ChaCha8Rng) -> f64 {
    rng.sample(StandardNormal)
}

fn likert(x: f64, min: u8, max: u8) -> u8 {
    x.round().clamp(min as f64, max as f64) as u8
}

fn ordinal(latent: f64, cuts: &[f64; 4]) -> u8 {
    1 + cuts.iter().filter(|&&c| latent > c).count() as u8
}

pub(super) fn draw_respondent(rng: &mut ChaCha8Rng, m: &Model) -> Respondent {
    let u: f64 = rng.random();
    let cohort = m.cohort_cdf.iter().position(|&c| u < c).unwrap_or(4);
    let cp = &COHORTS[cohort];
    let birth_year = rng.random_range(cp.first_birth_year..=cp.last_birth_year);
    let birth_year = (!rng.random_bool(P_BIRTH_YEAR_MISSING)).then_some(birth_year);
    let gender = pick(rng, &GENDERS);
    let country = pick(rng, &COUNTRIES);
    // Raking-like weights: log-normal with mean 1 (E[exp(σZ − σ²/2)] = 1), trimmed to
    // 0.4..2.5 as weighting practice does.
    let sigma = 0.35;
    let w = (sigma * normal(rng) - sigma * sigma / 2.0)
        .exp()
        .clamp(0.4, 2.5);
    let weight = (w * 10_000.0).round() / 10_000.0;

    // Latent traits: z_c, z_d standard normal with correlation LATENT_CORRELATION.
    let z_c = normal(rng);
    let r = LATENT_CORRELATION;
    let z_d = r * z_c + (1.0 - r * r).sqrt() * normal(rng);
    let concerned = z_c > m.concern_cut[cohort];
    let discloser = z_d > m.discloser_cut[cohort];

    let concern = draw_concern(rng, z_c - m.concern_cut[cohort], concerned);

    let mut willing = [None; 5];
    for (j, dt) in DATA_TYPES.iter().enumerate() {
        let latent =
            dt.willing_offset + cp.willing_shift + 0.45 * z_d - 0.2 * z_c + 0.85 * normal(rng);
        let v = ordinal(latent, &WILLING_CUTS);
        willing[j] = (!rng.random_bool(P_WILLING_MISSING)).then_some(v);
    }

    let mut tactics = [None; 7];
    let loading = TACTIC_CONCERN_LOADING;
    for (t, slot) in tactics.iter_mut().enumerate() {
        // Within a cohort z_c ~ N(0,1), so the latent is exactly N(tactic_mean, 1).
        let latent =
            tactic_mean(t, cohort) - loading * z_c + (1.0 - loading * loading).sqrt() * normal(rng);
        let v = ordinal(latent, &TACTIC_CUTS);
        *slot = (!rng.random_bool(P_TACTIC_MISSING)).then_some(v);
    }

    let has_behavior = !rng.random_bool(P_NO_BEHAVIOR);
    let known = if has_behavior {
        draw_known(rng, P_TYPE_KNOWN)
    } else {
        [false; 5]
    };
    let shared = draw_shared(rng, z_d - m.discloser_cut[cohort], &known, discloser);

    let row_error = rng
        .random_bool(P_ROW_ERROR)
        .then(|| match rng.random_range(0..3) {
            0 => RowError::ConcernOutOfRange,
            1 => RowError::ZeroWeight,
            _ => RowError::UnknownTacticLabel,
        });

    Respondent {
        cohort,
        birth_year,
        gender,
        country,
        weight,
        concern,
        willing,
        tactics,
        has_behavior,
        known,
        shared,
        row_error,
    }
}

/// Which data types are observed for a respondent with behaviour: each with probability
/// `p`, redrawn until at least one is, so that "has behaviour" means at least one behaviour
/// value or named event in both formats — what the import counts as a behaviour match.
pub(super) fn draw_known(rng: &mut ChaCha8Rng, p: f64) -> [bool; 5] {
    let mut known = [false; 5];
    for _ in 0..MAX_REJECTION_ROUNDS {
        for k in known.iter_mut() {
            *k = rng.random_bool(p);
        }
        if known.iter().any(|&k| k) {
            return known;
        }
    }
    [true; 5]
}

/// Concern items (as written) given the latent distance from the cohort's threshold and
/// the planted event. The pattern of missing items is drawn first and independently, then
/// item noise is redrawn until the analysis's scale score (mean of present items after
/// reverse coding, known with ≥ 3 of 5 items) is above 4 exactly when `concerned`.
fn draw_concern(rng: &mut ChaCha8Rng, distance: f64, concerned: bool) -> [Option<u8>; 5] {
    let mut present = [false; 5];
    for p in present.iter_mut() {
        *p = !rng.random_bool(P_ITEM_MISSING);
    }
    let n_present = present.iter().filter(|&&p| p).count();
    let target = 4.0 + CONCERN_SLOPE * distance;
    let mut values = [0u8; 5];
    let mut ok = false;
    for _ in 0..MAX_REJECTION_ROUNDS {
        for (i, v) in values.iter_mut().enumerate() {
            *v = likert(target + CONCERN_NOISE[i] * normal(rng), 1, 7);
        }
        if n_present < 3 {
            // No scale score: nothing to honour.
            ok = true;
            break;
        }
        let sum: u32 = (0..5)
            .filter(|&i| present[i])
            .map(|i| values[i] as u32)
            .sum();
        if (sum > 4 * n_present as u32) == concerned {
            ok = true;
            break;
        }
    }
    if !ok {
        values = if concerned { [5; 5] } else { [4; 5] };
    }
    let mut out = [None; 5];
    for i in 0..5 {
        if present[i] {
            let v = values[i];
            out[i] = Some(if i == CONCERN_REVERSE_ITEM { 8 - v } else { v });
        }
    }
    out
}

/// Which known data types were shared, given the latent distance from the cohort's
/// threshold: redrawn until the analysis's disclosure score (share of known types shared,
/// known with ≥ 3 of 5 types) is ≥ 0.5 exactly when `discloser`.
fn draw_shared(
    rng: &mut ChaCha8Rng,
    distance: f64,
    known: &[bool; 5],
    discloser: bool,
) -> [bool; 5] {
    let n_known = known.iter().filter(|&&k| k).count();
    let mut shared = [false; 5];
    for _ in 0..MAX_REJECTION_ROUNDS {
        for (j, s) in shared.iter_mut().enumerate() {
            *s = distance + DATA_TYPES[j].share_offset + 0.9 * normal(rng) > 0.0;
        }
        if n_known < 3 {
            return shared;
        }
        let n_shared = (0..5).filter(|&j| known[j] && shared[j]).count();
        if (2 * n_shared >= n_known) == discloser {
            return shared;
        }
    }
    [discloser; 5]
}

/// Concern score as (sum of present items after reverse coding, number present); known
/// with at least 3 of the 5 items, as the analysis defines it.
pub(super) fn concern_score(r: &Respondent) -> Option<(u32, u32)> {
    let mut sum = 0;
    let mut k = 0;
    for (i, v) in r.concern.iter().enumerate() {
        if let Some(v) = v {
            sum += if i == CONCERN_REVERSE_ITEM {
                8 - *v as u32
            } else {
                *v as u32
            };
            k += 1;
        }
    }
    (k >= 3).then_some((sum, k))
}

/// Disclosure score as (shared, known); known with at least 3 of the 5 data types, as the
/// analysis defines it.
pub(super) fn disclosure_score(r: &Respondent) -> Option<(u32, u32)> {
    let known = r.known.iter().filter(|&&k| k).count() as u32;
    let shared = (0..5).filter(|&j| r.known[j] && r.shared[j]).count() as u32;
    (known >= 3).then_some((shared, known))
}
