//! Multiplicity adjustments of a family of p-values: Holm's step-down (familywise error;
//! Dunn's pairs, and `[analysis] multiplicity = "holm"`) and Benjamini–Hochberg's step-up
//! (false discovery rate, `"bh"`).

/// Holm (1979) step-down adjustment, returned in input order: the i-th smallest p becomes
/// `max_{j ≤ i} (m − j + 1)·p_(j)`, capped at 1. A NaN p is treated as 1.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean: Vec<f64> = p
        .iter()
        .map(|&v| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| clean[i].total_cmp(&clean[j]));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * clean[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

/// Benjamini–Hochberg (1995) step-up adjustment (false discovery rate), returned in input
/// order: the i-th smallest of m p-values becomes `min_{j ≥ i} (m/j)·p_(j)`, capped at 1
/// (the "fdr_bh" adjusted p of statsmodels' `multipletests`). A NaN p is treated as 1.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let clean: Vec<f64> = p
        .iter()
        .map(|&v| if v.is_nan() { 1.0 } else { v.clamp(0.0, 1.0) })
        .collect();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| clean[i].total_cmp(&clean[j]));
    let mut adjusted = vec![0.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running
            .min(m as f64 / (rank + 1) as f64 * clean[i])
            .min(1.0);
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;
    use proptest::prelude::*;

    #[test]
    fn benjamini_hochberg_matches_statsmodels() {
        // statsmodels 0.15.0: multipletests(p, method='fdr_bh')[1]
        let cases: [(&[f64], &[f64]); 4] = [
            (
                &[0.01, 0.04, 0.03, 0.005, 0.2, 0.04],
                &[
                    0.030000000000000002,
                    0.048,
                    0.048,
                    0.030000000000000002,
                    0.2,
                    0.048,
                ],
            ),
            (
                &[
                    0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.222,
                    0.251, 0.269, 0.275, 0.34, 0.341, 0.384, 0.569, 0.594, 0.696, 0.762, 0.94,
                    0.942, 0.975, 0.986,
                ],
                &[
                    0.025,
                    0.1,
                    0.21,
                    0.21,
                    0.21,
                    0.25,
                    0.26428571428571423,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.49107142857142855,
                    0.5328125,
                    0.5328125,
                    0.5647058823529412,
                    0.781578947368421,
                    0.781578947368421,
                    0.8699999999999999,
                    0.9071428571428571,
                    0.986,
                    0.986,
                    0.986,
                    0.986,
                ],
            ),
            (&[0.3, 0.6], &[0.6, 0.6]),
            (&[0.9, 0.95, 0.99], &[0.99, 0.99, 0.99]),
        ];
        for (p, expected) in cases {
            let actual = benjamini_hochberg(p);
            assert_eq!(actual.len(), expected.len());
            for (a, e) in actual.iter().zip(expected) {
                assert_close(*a, *e, 1e-12);
            }
        }
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn holm_matches_statsmodels() {
        // statsmodels 0.15.0: multipletests(p, method='holm')[1]
        let p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04];
        let expected = [0.05, 0.12, 0.12, 0.03, 0.2, 0.12];
        for (actual, expected) in holm(&p).iter().zip(expected) {
            assert_close(*actual, expected, 1e-12);
        }
        assert!(holm(&[]).is_empty());
        assert_eq!(holm(&[0.3, 0.6]), vec![0.6, 0.6]);
    }

    proptest! {
        #[test]
        fn holm_is_monotone_bounded_and_above_input(p in prop::collection::vec(0.0f64..=1.0, 0..30)) {
            let adjusted = holm(&p);
            prop_assert_eq!(adjusted.len(), p.len());
            for (a, raw) in adjusted.iter().zip(&p) {
                prop_assert!(*a >= *raw && *a <= 1.0);
            }
            for i in 0..p.len() {
                for j in 0..p.len() {
                    if p[i] < p[j] {
                        prop_assert!(adjusted[i] <= adjusted[j]);
                    }
                }
            }
        }
    }
}
