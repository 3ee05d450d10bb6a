//! Spearman's rank correlation ρ with its two-sided test and 95% interval: the association
//! of the concern and disclosure scores in every gap block (definition in
//! `docs/methods.md`). The p-value is computed on its tail side so that a very small p stays
//! precise instead of rounding to 0.

use super::dist::beta_reg_pair;
use super::intervals::Z95;
use super::rank::average_ranks;

/// Spearman's rank correlation with its test and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct SpearmanResult {
    pub rho: f64,
    /// Two-sided p; `Some(0.0)` when |ρ| = 1.
    pub p: Option<f64>,
    /// 95% CI; `None` when |ρ| = 1 (Fisher's z is infinite).
    pub ci: Option<[f64; 2]>,
    pub n: usize,
}

/// Spearman ρ = Pearson r of the average ranks. p two-sided from
/// `t = ρ·√((n−2)/(1−ρ²))` with n−2 df; 95% CI by Fisher's z with the Bonett & Wright (2000)
/// SE `√((1 + ρ²/2)/(n−3))`. `Err(reason)` when the lengths differ, n < 4, a value is not
/// finite, or either variable has zero variance. |ρ| = 1: p = 0 and no CI.
pub fn spearman(x: &[f64], y: &[f64]) -> Result<SpearmanResult, String> {
    if x.len() != y.len() {
        return Err(format!(
            "Spearman needs paired values, got {} and {}",
            x.len(),
            y.len()
        ));
    }
    let n = x.len();
    if n < 4 {
        return Err(format!("Spearman needs at least 4 pairs, got {n}"));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err("a value is not a finite number".to_string());
    }
    if is_constant(x) || is_constant(y) {
        return Err("one of the two scores does not vary".to_string());
    }
    let (rx, _) = average_ranks(x);
    let (ry, _) = average_ranks(y);
    // Average ranks always sum to n(n+1)/2, so their mean is exactly (n+1)/2.
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        let (da, db) = (a - mean, b - mean);
        sxy += da * db;
        sxx += da * da;
        syy += db * db;
    }
    spearman_from_sums(n, sxy, sxx, syy)
}

/// The end of [`spearman`]: ρ, p and CI from the n pairs' sums of rank deviation products
/// `Σ(rx−m)(ry−m)`, `Σ(rx−m)²`, `Σ(ry−m)²` with m = (n+1)/2 (for callers that rank by
/// counting classes and have already checked n ≥ 4 and that both variables vary).
pub fn spearman_from_sums(
    n: usize,
    sxy: f64,
    sxx: f64,
    syy: f64,
) -> Result<SpearmanResult, String> {
    // √(sxx·syy) rather than √sxx·√syy: exact when the two sums are equal (ρ = ±1).
    let rho = (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0);
    if !rho.is_finite() {
        return Err("Spearman's rho is not finite".to_string());
    }
    if rho.abs() == 1.0 {
        return Ok(SpearmanResult {
            rho,
            p: Some(0.0),
            ci: None,
            n,
        });
    }
    // With t² = ρ²(n−2)/(1−ρ²), the t tail I_{df/(df+t²)}(df/2, ½) has argument exactly
    // 1 − ρ²; passing (1−ρ)(1+ρ) and ρ² keeps both tails precise when |ρ| is near 1.
    let df = (n - 2) as f64;
    let p = beta_reg_pair(df / 2.0, 0.5, (1.0 - rho) * (1.0 + rho), rho * rho).map(|(p, _)| p);
    let se = ((1.0 + rho * rho / 2.0) / (n as f64 - 3.0)).sqrt();
    let z = rho.atanh();
    let ci = [(z - Z95 * se).tanh(), (z + Z95 * se).tanh()];
    Ok(SpearmanResult {
        rho,
        p,
        ci: ci.iter().all(|v| v.is_finite()).then_some(ci),
        n,
    })
}

/// True when every value equals the first (exactly; no rounding involved).
fn is_constant(x: &[f64]) -> bool {
    x.windows(2).all(|w| w[0] == w[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::{assert_close, same, shuffle};
    use proptest::prelude::*;

    #[test]
    fn spearman_with_ties_matches_scipy() {
        // scipy 1.17.1: scipy.stats.spearmanr(x, y) for rho and p; CI by numpy:
        // tanh(arctanh(rho) ± 1.959963984540054·sqrt((1 + rho²/2)/(n − 3)))
        let x = [3.0, 2.5, 3.5, 4.0, 2.0, 3.0, 4.5, 3.0, 1.5, 4.0, 3.5, 2.5];
        let y = [
            0.5, 0.25, 0.5, 1.0, 0.0, 0.75, 1.0, 0.5, 0.0, 0.75, 0.5, 0.5,
        ];
        let r = spearman(&x, &y).unwrap();
        assert_eq!(r.n, 12);
        assert_close(r.rho, 0.874_920_052_067_684_1, 1e-12);
        assert_close(r.p.unwrap(), 0.000_194_731_083_539_482_31, 1e-9);
        let ci = r.ci.unwrap();
        assert_close(ci[0], 0.526_610_296_247_091_2, 1e-9);
        assert_close(ci[1], 0.971_701_692_304_031, 1e-9);
    }

    #[test]
    fn spearman_negative_matches_scipy() {
        // scipy 1.17.1: scipy.stats.spearmanr(range(1, 9), [8, 6, 7, 5, 3, 4, 2, 2]); CI numpy
        let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let y = [8.0, 6.0, 7.0, 5.0, 3.0, 4.0, 2.0, 2.0];
        let r = spearman(&x, &y).unwrap();
        assert_close(r.rho, -0.946_124_746_911_474_6, 1e-12);
        assert_close(r.p.unwrap(), 0.000_375_311_873_790_438_2, 1e-9);
        let ci = r.ci.unwrap();
        assert_close(ci[0], -0.993_304_442_043_164_7, 1e-9);
        assert_close(ci[1], -0.628_463_012_027_588_9, 1e-9);
    }

    #[test]
    fn spearman_far_tail_matches_scipy() {
        // scipy 1.17.1: xs = arange(200); ys = xs.copy(); ys[::10] = ys[::10][::-1];
        // scipy.stats.spearmanr(xs, ys)
        let x: Vec<f64> = (0..200).map(f64::from).collect();
        let mut y = x.clone();
        let every_tenth: Vec<f64> = y.iter().step_by(10).rev().copied().collect();
        for (slot, v) in y.iter_mut().step_by(10).zip(every_tenth) {
            *slot = v;
        }
        let r = spearman(&x, &y).unwrap();
        assert_close(r.rho, 0.800_495_012_375_309_5, 1e-12);
        assert_close(r.p.unwrap(), 6.725_334_375_768_6e-46, 1e-6);
    }

    #[test]
    fn spearman_perfect_and_undefined() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let r = spearman(&x, &[2.0, 4.0, 6.0, 8.0, 10.0]).unwrap();
        assert_eq!((r.rho, r.p, r.ci), (1.0, Some(0.0), None));
        let r = spearman(&x, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!((r.rho, r.p, r.ci), (-1.0, Some(0.0), None));
        assert!(spearman(&x[..3], &x[..3]).is_err());
        assert!(spearman(&x, &[1.0; 5]).is_err());
        assert!(spearman(&x, &x[..4]).is_err());
        assert!(spearman(&x, &[1.0, 2.0, f64::NAN, 4.0, 5.0]).is_err());
    }

    proptest! {
        #[test]
        fn permuting_respondents_keeps_spearman(
            pairs in prop::collection::vec((0u8..6, 0u8..6), 4..60), seed in any::<u64>(),
        ) {
            let shuffled = shuffle(&pairs, seed);
            let split = |v: &[(u8, u8)]| -> (Vec<f64>, Vec<f64>) {
                v.iter().map(|&(a, b)| (f64::from(a), f64::from(b))).unzip()
            };
            let (x, y) = split(&pairs);
            let (xs, ys) = split(&shuffled);
            match (spearman(&x, &y), spearman(&xs, &ys)) {
                (Ok(a), Ok(b)) => {
                    prop_assert!(same(a.rho, b.rho));
                    prop_assert!(a.rho.abs() <= 1.0);
                    if let (Some(pa), Some(pb)) = (a.p, b.p) {
                        prop_assert!(same(pa, pb) && (0.0..=1.0).contains(&pa));
                    }
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
            }
        }
    }
}
