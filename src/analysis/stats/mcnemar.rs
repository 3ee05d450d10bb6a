//! McNemar's exact test with its mid-p and the conditional odds ratio: stated willingness
//! vs. actual sharing of one data type, on the discordant pairs of the paired 2×2 table
//! (definitions in `docs/methods.md`). Both p-values are sums of positive binomial terms,
//! so a very small p stays precise instead of rounding to 0.

use super::dist::{binomial_half_cdf, binomial_half_pmf};
use super::intervals::clopper_pearson_with_complements;

/// McNemar's exact test on the discordant pairs `b`, `c` of a paired 2×2 table:
/// `(p, mid_p)` with p = min(1, 2·BinomCDF(min(b,c); b+c, ½)) and
/// mid-p = 2·BinomCDF(min(b,c); b+c, ½) − BinomPMF(min(b,c); b+c, ½) (Fagerland, Lydersen &
/// Laake 2013). `None` when b + c = 0.
pub fn mcnemar_exact(b: u64, c: u64) -> Option<(f64, f64)> {
    let n = b.checked_add(c)?;
    if n == 0 {
        return None;
    }
    let k = b.min(c);
    // With CDF(k) = CDF(k−1) + PMF(k), both results are sums of positive terms, so a tiny
    // mid-p is not the difference of two nearly equal numbers.
    let below = if k == 0 {
        0.0
    } else {
        binomial_half_cdf(k - 1, n)
    };
    let pmf = binomial_half_pmf(k, n);
    let p = (2.0 * (below + pmf)).min(1.0);
    let mid_p = (2.0 * below + pmf).min(1.0);
    Some((p, mid_p))
}

/// McNemar odds ratio `c/b` with the 95% CI from the Clopper–Pearson interval [πL, πU] of
/// `c` out of `b + c`, as `[πL/(1−πL), πU/(1−πU)]` (conditional exact CI, Breslow & Day 1980
/// §7.3). `None` when b = 0 or c = 0.
pub fn mcnemar_odds_ratio(b: u64, c: u64) -> Option<(f64, [f64; 2])> {
    if b == 0 || c == 0 {
        return None;
    }
    let [(low, low_rest), (high, high_rest)] =
        clopper_pearson_with_complements(c, b.checked_add(c)?)?;
    let ci = [low / low_rest, high / high_rest];
    let ratio = c as f64 / b as f64;
    ci.iter().all(|v| v.is_finite()).then_some((ratio, ci))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;
    use proptest::prelude::*;

    #[test]
    fn mcnemar_matches_scipy() {
        // scipy 1.17.1: p = scipy.stats.binomtest(min(b,c), b+c, 0.5).pvalue,
        // mid-p = 2·binom.cdf(k, n, 0.5) − binom.pmf(k, n, 0.5)
        let cases = [
            (1, 5, 0.21875, 0.125),
            (0, 3, 0.25, 0.125),
            (3, 0, 0.25, 0.125),
            (5, 5, 1.0, 1.0),
            (
                12,
                30,
                0.007_915_897_334_896_727,
                0.005_401_572_654_591_289_5,
            ),
            (
                400,
                480,
                0.007_707_305_043_339_153,
                0.006_999_455_634_076_815,
            ),
            (0, 60, 1.734_723_475_976_807e-18, 8.673_617_379_883_987e-19),
        ];
        for (b, c, p, mid_p) in cases {
            let (actual_p, actual_mid) = mcnemar_exact(b, c).unwrap();
            assert_close(actual_p, p, 1e-9);
            assert_close(actual_mid, mid_p, 1e-9);
        }
        assert_eq!(mcnemar_exact(0, 0), None);
    }

    #[test]
    fn mcnemar_odds_ratio_matches_statsmodels() {
        // statsmodels 0.15.0: lo, hi = proportion_confint(c, b + c, method='beta');
        // [lo/(1−lo), hi/(1−hi)]
        let cases = [
            (1, 5, 5.0, 0.559_491_694_230_086_3, 236.487_692_867_362_63),
            (12, 30, 2.5, 1.242_963_135_062_151_5, 5.361_668_483_507_766),
            (
                7,
                2,
                2.0 / 7.0,
                0.028_960_053_413_129_235,
                1.500_584_972_572_095_2,
            ),
        ];
        for (b, c, ratio, low, high) in cases {
            let (actual, [actual_low, actual_high]) = mcnemar_odds_ratio(b, c).unwrap();
            assert_close(actual, ratio, 1e-12);
            assert_close(actual_low, low, 1e-8);
            assert_close(actual_high, high, 1e-8);
        }
        // mpmath (40 digits): πU = 0.975^(1/(c+1)); πL solves betainc(c, 2, 0, x) = 0.025.
        // (statsmodels' hi/(1−hi) is off by 1e-9 here: 1 − hi cancels.)
        let (ratio, [low, high]) = mcnemar_odds_ratio(1, 1_000_000).unwrap();
        assert_eq!(ratio, 1e6);
        assert_close(low, 179_479.848_944_894_68, 1e-8);
        assert_close(high, 39_497_929.203_097_38, 1e-9);
        assert_eq!(mcnemar_odds_ratio(0, 5), None);
        assert_eq!(mcnemar_odds_ratio(5, 0), None);
    }

    proptest! {
        #[test]
        fn mcnemar_p_values_are_probabilities(b in 0u64..500, c in 0u64..500) {
            if let Some((p, mid_p)) = mcnemar_exact(b, c) {
                prop_assert!(p > 0.0 && p <= 1.0);
                prop_assert!(mid_p > 0.0 && mid_p <= p);
            }
        }
    }
}
