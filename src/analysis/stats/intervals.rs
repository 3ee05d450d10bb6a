//! Confidence intervals for proportions: the Wilson score interval for every published
//! proportion, Newcombe's hybrid score interval for a difference of two proportions (95%,
//! and 90% for the equivalence test of the risk difference), the Clopper–Pearson exact
//! interval behind McNemar's odds ratio, and Kish's effective sample size that stands in for
//! n when proportions are weighted.

use super::dist::beta_quantile;

/// Two-sided 95% standard normal quantile, `Φ⁻¹(0.975)`: every published confidence
/// interval is 95%, except the equivalence test's.
pub const Z95: f64 = 1.959963984540054;

/// Two-sided 90% standard normal quantile, `Φ⁻¹(0.95)`: the interval of an equivalence test
/// at α = .05 (its two one-sided tests reject exactly when the 90% interval lies inside the
/// margin).
pub const Z90: f64 = 1.6448536269514722;

/// Wilson (1927) score interval, 95%. `n` may be a Kish effective n (non-integer).
/// `None` when `n <= 0` or not finite, or `p_hat` is not finite or outside `[0, 1]`.
pub fn wilson(p_hat: f64, n: f64) -> Option<[f64; 2]> {
    wilson_z(p_hat, n, Z95)
}

/// [`wilson`] at the two-sided level of the normal quantile `z` (e.g. [`Z90`]).
pub fn wilson_z(p_hat: f64, n: f64, z: f64) -> Option<[f64; 2]> {
    if !(n.is_finite() && n > 0.0 && (0.0..=1.0).contains(&p_hat)) {
        return None;
    }
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let center = (p_hat + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p_hat * (1.0 - p_hat) / n + z2 / (4.0 * n * n)).sqrt();
    // The interval contains p̂ and lies in [0, 1] exactly; rounding alone could put a bound
    // one ulp outside (e.g. the upper bound 0.9999999999999999 at p̂ = 1).
    let low = (center - half).clamp(0.0, 1.0).min(p_hat);
    let high = (center + half).clamp(0.0, 1.0).max(p_hat);
    Some([low, high])
}

/// Newcombe (1998, Stat Med 17:873–890) method 10, the hybrid score interval for
/// `p1 − p2` built from the two Wilson intervals `[l1, u1]`, `[l2, u2]`:
/// `[d − √((p1−l1)² + (u2−p2)²), d + √((u1−p1)² + (p2−l2)²)]`, 95%.
/// `None` when either Wilson interval is undefined.
pub fn newcombe_rd(p1: f64, n1: f64, p2: f64, n2: f64) -> Option<[f64; 2]> {
    newcombe_rd_z(p1, n1, p2, n2, Z95)
}

/// [`newcombe_rd`] at the two-sided level of the normal quantile `z`: the same hybrid built
/// from the two Wilson intervals at that level (e.g. [`Z90`] for an equivalence test).
pub fn newcombe_rd_z(p1: f64, n1: f64, p2: f64, n2: f64, z: f64) -> Option<[f64; 2]> {
    let [l1, u1] = wilson_z(p1, n1, z)?;
    let [l2, u2] = wilson_z(p2, n2, z)?;
    let d = p1 - p2;
    let below = (p1 - l1).hypot(u2 - p2);
    let above = (u1 - p1).hypot(p2 - l2);
    Some([(d - below).max(-1.0), (d + above).min(1.0)])
}

/// Clopper–Pearson (1934) exact 95% interval of `x` successes out of `n`:
/// `[B⁻¹(0.025; x, n−x+1), B⁻¹(0.975; x+1, n−x)]`, with 0 and 1 at the boundaries.
/// `None` when `n = 0` or `x > n`.
pub fn clopper_pearson(x: u64, n: u64) -> Option<[f64; 2]> {
    let [(low, _), (high, _)] = clopper_pearson_with_complements(x, n)?;
    Some([low, high])
}

/// Clopper–Pearson bounds as `[(πL, 1 − πL), (πU, 1 − πU)]`, each complement computed
/// directly so that odds `π/(1 − π)` stay precise when a bound is close to 1.
pub(crate) fn clopper_pearson_with_complements(x: u64, n: u64) -> Option<[(f64, f64); 2]> {
    if n == 0 || x > n {
        return None;
    }
    let (xf, nf) = (x as f64, n as f64);
    let low = if x == 0 {
        (0.0, 1.0)
    } else {
        beta_quantile(xf, nf - xf + 1.0, 0.025)?
    };
    let high = if x == n {
        (1.0, 0.0)
    } else {
        beta_quantile(xf + 1.0, nf - xf, 0.975)?
    };
    Some([low, high])
}

/// Kish (1965) effective sample size `(Σw)²/Σw²`; 0 when there is no non-zero weight or a
/// weight is not finite (callers then treat the interval as undefined).
pub fn kish_effective_n(weights: &[f64]) -> f64 {
    let (sum, sum_sq) = weights
        .iter()
        .fold((0.0, 0.0), |(s, s2), &w| (s + w, s2 + w * w));
    let n = sum * sum / sum_sq;
    if n.is_finite() {
        n
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assert_close(actual: f64, expected: f64, rel: f64) {
        let tol = rel * expected.abs().max(1e-300);
        assert!(
            (actual - expected).abs() <= tol,
            "actual {actual:e}, expected {expected:e}"
        );
    }

    fn assert_interval(actual: Option<[f64; 2]>, expected: [f64; 2], rel: f64) {
        let actual = actual.expect("interval should be defined");
        assert_close(actual[0], expected[0], rel);
        assert_close(actual[1], expected[1], rel);
    }

    #[test]
    fn wilson_matches_statsmodels() {
        // statsmodels 0.15.0: proportion_confint(count, nobs, method='wilson')
        assert_interval(
            wilson(0.3, 50.0),
            [0.191_035_535_008_809_43, 0.437_503_504_644_534],
            1e-9,
        );
        assert_interval(wilson(0.0, 20.0), [0.0, 0.161_125_158_052_819_4], 1e-9);
        assert_interval(wilson(1.0, 20.0), [0.838_874_841_947_180_4, 1.0], 1e-9);
        assert_interval(
            wilson(1.0 / 3.0, 3.0),
            [0.061_491_944_720_396_26, 0.792_340_399_197_952_3],
            1e-9,
        );
        // Non-integer (Kish) n: proportion_confint(6.35, 12.7, method='wilson')
        assert_interval(
            wilson(0.5, 12.7),
            [0.259_047_636_138_179_27, 0.740_952_363_861_820_7],
            1e-9,
        );
    }

    #[test]
    fn wilson_rejects_undefined_input() {
        assert_eq!(wilson(0.5, 0.0), None);
        assert_eq!(wilson(0.5, -3.0), None);
        assert_eq!(wilson(1.2, 10.0), None);
        assert_eq!(wilson(f64::NAN, 10.0), None);
        assert_eq!(wilson(0.5, f64::INFINITY), None);
    }

    #[test]
    fn wilson_boundaries_are_exact() {
        assert_eq!(wilson(0.0, 7.0).unwrap()[0], 0.0);
        assert_eq!(wilson(1.0, 7.0).unwrap()[1], 1.0);
    }

    #[test]
    fn newcombe_matches_paper_and_statsmodels() {
        // Newcombe 1998, Table II, method 10: 56/70 − 48/80 → 0.0524 to 0.3339;
        // 9/10 − 3/10 → 0.1705 to 0.8090. Full precision from statsmodels 0.15.0:
        // confint_proportions_2indep(c1, n1, c2, n2, method='newcomb', compare='diff').
        assert_interval(
            newcombe_rd(0.8, 70.0, 0.6, 80.0),
            [0.052_431_472_402_364_98, 0.333_872_654_036_906_14],
            1e-9,
        );
        assert_interval(
            newcombe_rd(0.9, 10.0, 0.3, 10.0),
            [0.170_522_723_934_502_9, 0.809_017_973_535_488],
            1e-9,
        );
        assert_interval(
            newcombe_rd(6.0 / 7.0, 7.0, 2.0 / 7.0, 7.0),
            [0.058_227_927_482_312_09, 0.806_249_637_524_227_8],
            1e-9,
        );
        assert_interval(
            newcombe_rd(5.0 / 56.0, 56.0, 0.0, 29.0),
            [-0.038_137_147_903_536_936, 0.192_560_013_855_111_65],
            1e-9,
        );
        assert_interval(
            newcombe_rd(0.0, 10.0, 0.0, 20.0),
            [-0.161_125_158_052_819_4, 0.277_532_799_862_889_26],
            1e-9,
        );
        assert_interval(
            newcombe_rd(1.0, 10.0, 0.0, 20.0),
            [0.679_086_037_141_914_5, 1.0],
            1e-9,
        );
        assert_eq!(newcombe_rd(0.5, 0.0, 0.5, 10.0), None);
    }

    #[test]
    fn ninety_percent_intervals_match_statsmodels() {
        // statsmodels 0.15.0 with alpha=0.1: proportion_confint(15, 50, alpha=0.1,
        // method='wilson') and confint_proportions_2indep(c1, n1, c2, n2, method='newcomb',
        // compare='diff', alpha=0.1); Z90 is scipy.stats.norm.ppf(0.95).
        assert_eq!(Z90, 1.644_853_626_951_472_2);
        assert_interval(
            wilson_z(0.3, 50.0, Z90),
            [0.205_933_646_911_428_87, 0.414_599_627_403_079_1],
            1e-9,
        );
        assert_interval(
            newcombe_rd_z(0.8, 70.0, 0.6, 80.0, Z90),
            [0.076_564_191_544_072_07, 0.313_644_583_582_943_84],
            1e-9,
        );
        assert_interval(
            newcombe_rd_z(0.9, 10.0, 0.3, 10.0, Z90),
            [0.242_112_400_884_944_57, 0.789_623_507_372_128_7],
            1e-9,
        );
        assert_interval(
            newcombe_rd_z(0.0, 10.0, 0.0, 20.0, Z90),
            [-0.119_157_837_360_964_55, 0.212_941_970_083_407_1],
            1e-9,
        );
        // The 95% functions are the z-parameterised ones at Z95, bit for bit.
        assert_eq!(
            newcombe_rd(0.8, 70.0, 0.6, 80.0),
            newcombe_rd_z(0.8, 70.0, 0.6, 80.0, Z95)
        );
    }

    #[test]
    fn clopper_pearson_matches_statsmodels() {
        // statsmodels 0.15.0: proportion_confint(x, n, method='beta')
        assert_interval(
            clopper_pearson(0, 10),
            [0.0, 0.308_497_107_818_760_83],
            1e-9,
        );
        assert_interval(
            clopper_pearson(10, 10),
            [0.691_502_892_181_239_2, 1.0],
            1e-9,
        );
        assert_interval(
            clopper_pearson(3, 17),
            [0.037_985_068_070_626, 0.434_317_872_844_283_9],
            1e-9,
        );
        assert_interval(
            clopper_pearson(5, 6),
            [0.358_765_421_002_325_17, 0.995_789_255_485_510_6],
            1e-9,
        );
        assert_interval(
            clopper_pearson(1, 1_000_000),
            [2.531_780_766_379_417_8e-8, 5.571_630_655_166_941e-6],
            1e-9,
        );
        assert_interval(
            clopper_pearson(60, 60),
            [0.940_370_507_713_833_1, 1.0],
            1e-9,
        );
        assert_eq!(clopper_pearson(0, 0), None);
        assert_eq!(clopper_pearson(4, 3), None);
    }

    #[test]
    fn kish_effective_n_by_hand() {
        // (1+2+3+4)² / (1+4+9+16) = 100/30
        assert_close(kish_effective_n(&[1.0, 2.0, 3.0, 4.0]), 100.0 / 30.0, 1e-12);
        // Equal weights give the plain count.
        assert_close(kish_effective_n(&[0.7; 25]), 25.0, 1e-12);
        assert_eq!(kish_effective_n(&[]), 0.0);
        assert_eq!(kish_effective_n(&[0.0, 0.0]), 0.0);
        assert_eq!(kish_effective_n(&[1.0, f64::INFINITY]), 0.0);
    }

    proptest! {
        #[test]
        fn wilson_bounds_in_unit_interval_and_contain_p(p in 0.0f64..=1.0, n in 1e-3f64..1e7) {
            let [low, high] = wilson(p, n).unwrap();
            prop_assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high));
            prop_assert!(low <= p && p <= high);
        }

        #[test]
        fn wilson_at_integer_counts_contains_p(x in 0u32..200, extra in 0u32..200) {
            let n = f64::from(x + extra + 1);
            let p = f64::from(x) / n;
            let [low, high] = wilson(p, n).unwrap();
            prop_assert!(0.0 <= low && low <= p && p <= high && high <= 1.0);
        }

        #[test]
        fn newcombe_contains_difference(
            x1 in 0u32..100, m1 in 1u32..100, x2 in 0u32..100, m2 in 1u32..100,
        ) {
            let (n1, n2) = (f64::from(x1 + m1), f64::from(x2 + m2));
            let (p1, p2) = (f64::from(x1) / n1, f64::from(x2) / n2);
            let [low, high] = newcombe_rd(p1, n1, p2, n2).unwrap();
            prop_assert!(-1.0 <= low && low <= p1 - p2 + 1e-15);
            prop_assert!(p1 - p2 - 1e-15 <= high && high <= 1.0);
        }

        #[test]
        fn clopper_pearson_contains_p(x in 0u64..300, extra in 0u64..300) {
            let n = x + extra + 1;
            let p = x as f64 / n as f64;
            let [low, high] = clopper_pearson(x, n).unwrap();
            prop_assert!(0.0 <= low && low <= p && p <= high && high <= 1.0);
        }
    }
}
