//! The standard normal distribution: its cdf on both tails and its quantile, to full
//! precision. The power and equivalence calculations need them at any level a researcher
//! asks for (`paradox plan --alpha --power`), not only at the fixed 95% of the intervals.
//!
//! The tails come from the regularized incomplete gamma functions, Φ(−|x|) = Q(½, x²/2)/2
//! (Abramowitz & Stegun 1964, §6.5 and §7.1), rather than from statrs 0.18's `erfc`, whose
//! rational approximation is off by up to ~10⁻¹⁰ relative (erfc(1) = 0.15729920705728503
//! against the true 0.15729920705028516), too coarse for a p-value compared with other
//! software to 10⁻¹².

use statrs::function::erf::erfc_inv;
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur};

/// The smaller tail P(Z ≥ |x|) = Q(½, x²/2)/2 and its complement 1 − P(Z ≥ |x|) =
/// (1 + P(½, x²/2))/2, each from its own incomplete gamma function.
fn tails(x: f64) -> (f64, f64) {
    if x == 0.0 {
        return (0.5, 0.5);
    }
    if x.is_infinite() {
        return (0.0, 1.0);
    }
    let a = x * x / 2.0;
    let small = checked_gamma_ur(0.5, a).map_or(f64::NAN, |q| 0.5 * q);
    let large = checked_gamma_lr(0.5, a).map_or(f64::NAN, |p| 0.5 + 0.5 * p);
    (small, large)
}

/// Φ(x), evaluated on its own tail, so a tiny lower tail keeps its relative precision. A NaN
/// `x` gives NaN.
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let (small, large) = tails(x);
    if x < 0.0 {
        small
    } else {
        large
    }
}

/// 1 − Φ(x), evaluated directly rather than as `1 − Φ(x)`.
pub fn normal_sf(x: f64) -> f64 {
    normal_cdf(-x)
}

/// The standard normal density φ(x).
fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Φ⁻¹(p) for 0 < p < 1: statrs' inverse complementary error function (a few ulp at the
/// levels checked below), then Newton steps on Φ while a step is larger than the tails'
/// own precision (~10⁻¹⁵ relative) could explain — a guard against a poor starting point
/// that leaves a good one alone instead of moving it by the tails' rounding. `None` outside
/// (0, 1).
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    let mut x = -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p);
    for _ in 0..4 {
        // On the upper half compare upper tails: 1 − p is exact there (p ≥ ½), and Φ(x)
        // near 1 would lose the digits that matter.
        let err = if p > 0.5 {
            (1.0 - p) - normal_sf(x)
        } else {
            normal_cdf(x) - p
        };
        let step = err / normal_pdf(x);
        if !step.is_finite() || step.abs() <= 1e-13 * x.abs().max(1e-3) {
            break;
        }
        x -= step;
    }
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;

    #[test]
    fn quantiles_match_scipy() {
        // scipy 1.17.1: scipy.stats.norm.ppf(p)
        for (p, expected) in [
            (0.975, 1.959963984540054),
            (0.95, 1.6448536269514722),
            (0.8, 0.8416212335729143),
            (0.9, 1.2815515655446004),
            (0.5, 0.0),
            (0.025, -1.959963984540054),
            (1e-10, -6.361340902404056),
            (0.999, 3.090232306167813),
        ] {
            let x = normal_quantile(p).unwrap_or(f64::NAN);
            assert!(
                (x - expected).abs() <= 4.0 * f64::EPSILON * expected.abs().max(1.0),
                "Φ⁻¹({p}) = {x:e}, scipy {expected:e}"
            );
        }
        assert_eq!(normal_quantile(0.0), None);
        assert_eq!(normal_quantile(1.0), None);
        assert_eq!(normal_quantile(f64::NAN), None);
    }

    #[test]
    fn cdf_matches_scipy_in_both_tails() {
        // scipy 1.17.1: scipy.stats.norm.cdf(x), scipy.stats.norm.sf(x)
        assert_close(normal_cdf(-1.0), 0.15865525393145707, 1e-14);
        assert_close(normal_cdf(-10.0), 7.61985302416047e-24, 1e-13);
        assert_close(normal_sf(10.0), 7.61985302416047e-24, 1e-13);
        assert_close(normal_sf(1.6448536269514722), 0.050000000000000044, 1e-14);
        assert_close(normal_cdf(0.3), 0.6179114221889526, 1e-14);
        assert_close(
            normal_cdf(std::f64::consts::SQRT_2),
            0.9213503964748575,
            1e-14,
        );
        assert_close(
            normal_sf(std::f64::consts::SQRT_2),
            0.07864960352514251,
            1e-14,
        );
        assert_eq!(normal_cdf(0.0), 0.5);
        assert_eq!(normal_cdf(f64::NEG_INFINITY), 0.0);
        assert_eq!(normal_sf(f64::NEG_INFINITY), 1.0);
    }
}
