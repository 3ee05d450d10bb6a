//! The true values without a closed form — Spearman's ρ between the concern and disclosure
//! scores and the per-data-type say/do rates — from one large run of the model with a
//! fixed internal seed, computed once per process and labelled as Monte-Carlo values in
//! `truth.json`.

use std::sync::OnceLock;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::model::model;
use super::params::{COHORTS, DATA_TYPES};
use super::respondent::{concern_score, disclosure_score, draw_respondent};
use super::truth::round6;

/// Draws of the Monte-Carlo run.
const MC_DRAWS: u64 = 300_000;
const MC_SEED: u64 = 0x7061_7261_646f_7831;

#[derive(Debug, Clone, Serialize)]
struct DataTypeTruth {
    name: &'static str,
    willing: f64,
    shared: f64,
    say_do_gap: f64,
}

#[derive(Debug, Clone, Serialize)]
struct SpearmanTruth {
    cohort: &'static str,
    rho: f64,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct MonteCarloTruth {
    method: &'static str,
    draws: u64,
    seed: u64,
    spearman_concern_disclosure: f64,
    spearman_by_cohort: Vec<SpearmanTruth>,
    data_types: Vec<DataTypeTruth>,
}

/// Joint counts of (concern score, disclosure score) on exact keys: concern sum·60/k
/// (0..=420) and shared·60/known (0..=60); 60 is divisible by every k and known in 3..=5.
const CONCERN_KEYS: usize = 421;
const DISCLOSURE_KEYS: usize = 61;

/// Spearman's ρ with average ranks of the pairs tallied in `joint`: the Pearson correlation
/// of the mid-distribution transforms (F(x⁻)+F(x))/2, which equals the rank correlation with
/// midranks of the sample the counts came from (ranks are an affine map of it).
fn spearman_from_joint(joint: &[u64]) -> Option<f64> {
    let n: u64 = joint.iter().sum();
    if n < 4 {
        return None;
    }
    let nf = n as f64;
    let mut mx = vec![0u64; CONCERN_KEYS];
    let mut my = vec![0u64; DISCLOSURE_KEYS];
    for x in 0..CONCERN_KEYS {
        for y in 0..DISCLOSURE_KEYS {
            let c = joint[x * DISCLOSURE_KEYS + y];
            mx[x] += c;
            my[y] += c;
        }
    }
    let mid = |m: &[u64]| -> Vec<f64> {
        let mut acc = 0u64;
        m.iter()
            .map(|&c| {
                let g = (acc as f64 + c as f64 / 2.0) / nf;
                acc += c;
                g
            })
            .collect()
    };
    let (gx, gy) = (mid(&mx), mid(&my));
    let mean_x: f64 = (0..CONCERN_KEYS).map(|x| mx[x] as f64 * gx[x]).sum::<f64>() / nf;
    let mean_y: f64 = (0..DISCLOSURE_KEYS)
        .map(|y| my[y] as f64 * gy[y])
        .sum::<f64>()
        / nf;
    let var_x: f64 = (0..CONCERN_KEYS)
        .map(|x| mx[x] as f64 * (gx[x] - mean_x).powi(2))
        .sum();
    let var_y: f64 = (0..DISCLOSURE_KEYS)
        .map(|y| my[y] as f64 * (gy[y] - mean_y).powi(2))
        .sum();
    let mut cov = 0.0;
    for x in 0..CONCERN_KEYS {
        for y in 0..DISCLOSURE_KEYS {
            let c = joint[x * DISCLOSURE_KEYS + y];
            if c > 0 {
                cov += c as f64 * (gx[x] - mean_x) * (gy[y] - mean_y);
            }
        }
    }
    (var_x > 0.0 && var_y > 0.0).then(|| cov / (var_x * var_y).sqrt())
}

/// Monte-Carlo tallies, also used by the unit tests to check the closed forms.
pub(super) struct MonteCarlo {
    pub(super) truth: MonteCarloTruth,
    /// Per cohort: [concern known, concerned, disclosure known, discloser, both known,
    /// both & paradoxical, push rated, push intrusive]. Read by the unit tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    counts: [[u64; 8]; 5],
}

pub(super) fn monte_carlo() -> &'static MonteCarlo {
    static MC: OnceLock<MonteCarlo> = OnceLock::new();
    MC.get_or_init(run_monte_carlo)
}

fn run_monte_carlo() -> MonteCarlo {
    let m = model();
    let mut rng = ChaCha8Rng::seed_from_u64(MC_SEED);
    let mut joint = vec![vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS]; COHORTS.len()];
    let mut counts = [[0u64; 8]; 5];
    // Per data type: [stated willing, stated unwilling, known, shared].
    let mut dt = [[0u64; 4]; 5];
    for _ in 0..MC_DRAWS {
        let r = draw_respondent(&mut rng, m);
        let c = &mut counts[r.cohort];
        let cs = concern_score(&r);
        let ds = disclosure_score(&r);
        if let Some((sum, k)) = cs {
            c[0] += 1;
            c[1] += u64::from(sum > 4 * k);
        }
        if let Some((s, k)) = ds {
            c[2] += 1;
            c[3] += u64::from(2 * s >= k);
        }
        if let (Some((sum, k)), Some((s, kd))) = (cs, ds) {
            c[4] += 1;
            c[5] += u64::from(sum > 4 * k && 2 * s >= kd);
            let x = (sum * 60 / k) as usize;
            let y = (s * 60 / kd) as usize;
            joint[r.cohort][x * DISCLOSURE_KEYS + y] += 1;
        }
        if let Some(v) = r.tactics[0] {
            c[6] += 1;
            c[7] += u64::from(v <= 2);
        }
        for (j, tally) in dt.iter_mut().enumerate() {
            match r.willing[j] {
                Some(v) if v > 3 => tally[0] += 1,
                Some(v) if v < 3 => tally[1] += 1,
                _ => {}
            }
            if r.known[j] {
                tally[2] += 1;
                tally[3] += u64::from(r.shared[j]);
            }
        }
    }
    let mut all = vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS];
    for j in &joint {
        for (a, b) in all.iter_mut().zip(j) {
            *a += b;
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let truth = MonteCarloTruth {
        method: "Monte Carlo: the model run with a fixed internal seed; standard error about 1/sqrt(draws) for rho overall (larger per cohort), sqrt(p(1-p)/n) for proportions",
        draws: MC_DRAWS,
        seed: MC_SEED,
        spearman_concern_disclosure: round6(spearman_from_joint(&all).unwrap_or(0.0)),
        spearman_by_cohort: COHORTS
            .iter()
            .zip(&joint)
            .map(|(c, j)| SpearmanTruth {
                cohort: c.name,
                rho: round6(spearman_from_joint(j).unwrap_or(0.0)),
            })
            .collect(),
        data_types: DATA_TYPES
            .iter()
            .zip(&dt)
            .map(|(d, t)| {
                let willing = ratio(t[0], t[0] + t[1]);
                let shared = ratio(t[3], t[2]);
                DataTypeTruth {
                    name: d.name,
                    willing: round6(willing),
                    shared: round6(shared),
                    say_do_gap: round6(shared - willing),
                }
            })
            .collect(),
    };
    MonteCarlo { truth, counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::truth::exact_truth;

    /// Wilson-free check: an MC proportion k/n agrees with p within 4.5 standard errors.
    fn close(k: u64, n: u64, p: f64) -> bool {
        let est = k as f64 / n as f64;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        (est - p).abs() < 4.5 * se
    }

    #[test]
    fn closed_forms_agree_with_the_simulated_model() {
        let (_, by) = exact_truth();
        let mc = monte_carlo();
        for (g, t) in by.iter().enumerate() {
            let c = mc.counts[g];
            assert!(close(c[1], c[0], t.concerned), "{} concerned", t.cohort);
            assert!(close(c[3], c[2], t.discloser), "{} discloser", t.cohort);
            assert!(close(c[5], c[4], t.paradoxical), "{} paradoxical", t.cohort);
            assert!(
                close(c[7], c[6], t.tactics[0].intrusive),
                "{} push intrusive",
                t.cohort
            );
        }
    }

    #[test]
    fn planted_targets() {
        let (overall, by) = exact_truth();
        assert!(
            (overall.concerned - 0.69).abs() < 0.01,
            "{}",
            overall.concerned
        );
        let push = overall.tactics[0].intrusive;
        assert!((push - 0.74).abs() < 0.01, "{push}");
        // Younger cohorts share more and accept push notifications more.
        for w in by.windows(2) {
            assert!(w[1].discloser > w[0].discloser);
            assert!(w[1].tactics[0].acceptable > w[0].tactics[0].acceptable);
        }
        let rho = monte_carlo().truth.spearman_concern_disclosure;
        assert!((-0.2..-0.05).contains(&rho), "{rho}");
        // A real paradox: many concerned disclosers.
        assert!(overall.paradoxical > 0.3, "{}", overall.paradoxical);
    }

    #[test]
    fn spearman_of_a_tiny_joint_matches_scipy() {
        // Pairs (x, y): (0,0) (60,0) (60,60) (120,60) (120,60).
        // scipy 1.17.1: scipy.stats.spearmanr([0,60,60,120,120],[0,0,60,60,60]) -> 0.7607257743127307
        let mut joint = vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS];
        for (x, y) in [(0, 0), (60, 0), (60, 60), (120, 60), (120, 60)] {
            joint[x * DISCLOSURE_KEYS + y] += 1;
        }
        let rho = spearman_from_joint(&joint).unwrap_or(f64::NAN);
        assert!((rho - 0.7607257743127307).abs() < 1e-12, "{rho}");
    }
}
