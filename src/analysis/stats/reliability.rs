//! Internal consistency of a Likert scale: Cronbach's α on complete cases, α with
//! each item dropped, and Feldt's confidence interval for α. Items arrive item-major
//! (`items[i][r]` = item `i` of respondent `r`), already restricted to complete cases.

use super::dist::f_quantile;

/// Cronbach (1951) α on complete cases: `k/(k−1)·(1 − Σ var_i / var_total)` with sample
/// variances (n−1). `Err(reason)` when k < 2, n < 2, the items differ in length, a value is
/// not finite, or the total score does not vary.
pub fn cronbach_alpha(items: &[Vec<f64>]) -> Result<f64, String> {
    let k = items.len();
    if k < 2 {
        return Err(format!("Cronbach's alpha needs at least 2 items, got {k}"));
    }
    check_items(items)?;
    let item_var_sum: f64 = items.iter().map(|item| sample_variance(item)).sum();
    let totals = respondent_totals(items);
    alpha_from_parts(k, item_var_sum, &totals)
}

/// α with each item removed in turn, on the same respondents. `Err(reason)` when k < 3 or
/// the input is invalid (as for [`cronbach_alpha`]); an entry is `None` when the remaining
/// items' total does not vary.
pub fn alpha_if_dropped(items: &[Vec<f64>]) -> Result<Vec<Option<f64>>, String> {
    let k = items.len();
    if k < 3 {
        return Err(format!(
            "alpha if item dropped needs at least 3 items, got {k}"
        ));
    }
    check_items(items)?;
    let item_vars: Vec<f64> = items.iter().map(|item| sample_variance(item)).collect();
    let item_var_sum: f64 = item_vars.iter().sum();
    let totals = respondent_totals(items);
    // One O(n) pass per dropped item over precomputed totals: O(n·k) overall.
    let mut rest = vec![0.0; totals.len()];
    let dropped = items
        .iter()
        .zip(&item_vars)
        .map(|(item, var)| {
            for ((r, total), value) in rest.iter_mut().zip(&totals).zip(item) {
                *r = total - value;
            }
            alpha_from_parts(k - 1, item_var_sum - var, &rest).ok()
        })
        .collect();
    Ok(dropped)
}

/// α with each item dropped (`None`: the rest does not vary), or why none is defined.
pub type DroppedAlphas = Result<Vec<Option<f64>>, String>;

/// [`cronbach_alpha`] and [`alpha_if_dropped`] of complete cases of integer item codes,
/// streamed respondent by respondent in one pass instead of held as an item matrix (at a
/// million respondents the matrix and its totals are tens of MB).
///
/// The moments are exact: integer sums of each item, of the total T and of their squares
/// and products (Σx_i, Σx_i², ΣT, ΣT², ΣT·x_i), from which every sum of squared
/// deviations is the exact integer n·SS = n·Σy² − (Σy)², also for the total less one item
/// (Σ(T − x_i)² = ΣT² − 2ΣT·x_i + Σx_i²). The n and n − 1 of the variances cancel in α,
/// so `α = k/(k−1)·(1 − Σ_i n·SS_i / n·SS_T)` takes two roundings: no accumulated rounding
/// error, whatever n, and a constant total is recognised exactly (n·SS_T = 0). Use:
/// [`AlphaStream::add`] on every complete case, then [`AlphaStream::finish`].
#[derive(Debug, Clone)]
pub struct AlphaStream {
    k: usize,
    n: u64,
    item_sum: Vec<i64>,
    item_sq: Vec<i128>,
    /// Σ T·x_i.
    cross: Vec<i128>,
    total_sum: i64,
    total_sq: i128,
    /// The squares and products of the last `pending` cases, in i64 (cheaper than i128
    /// per case); added to the i128 sums every `chunk` cases, before an i64 could overflow.
    item_sq_part: Vec<i64>,
    cross_part: Vec<i64>,
    total_sq_part: i64,
    pending: u32,
    chunk: u32,
}

impl AlphaStream {
    pub fn new(k: usize) -> AlphaStream {
        // |code| ≤ 2^15, so a case adds at most (k·2^15)² to any square or product sum.
        let per_case = (k.max(1) as u128).pow(2) << 30;
        let chunk = ((1u128 << 62) / per_case).clamp(1, 4096) as u32;
        AlphaStream {
            k,
            n: 0,
            item_sum: vec![0; k],
            item_sq: vec![0; k],
            cross: vec![0; k],
            total_sum: 0,
            total_sq: 0,
            item_sq_part: vec![0; k],
            cross_part: vec![0; k],
            total_sq_part: 0,
            pending: 0,
            chunk,
        }
    }

    /// Complete cases added so far.
    pub fn n(&self) -> usize {
        self.n as usize
    }

    /// One complete case's k codes (after reverse coding).
    #[inline]
    pub fn add(&mut self, x: &[i32]) {
        self.add_if(x, true);
    }

    /// [`AlphaStream::add`] when `complete`, else nothing, without a branch on it: an
    /// incomplete case must come with its codes set to 0, so that it adds 0 to every sum
    /// (the caller zeroes them with the same mask; random missingness would mispredict).
    #[inline]
    pub fn add_if(&mut self, x: &[i32], complete: bool) {
        let x = &x[..self.k];
        let total: i64 = x.iter().map(|&v| i64::from(v)).sum();
        self.n += u64::from(complete);
        self.total_sum += total;
        self.total_sq_part += total * total;
        for (((s, q), c), &v) in self
            .item_sum
            .iter_mut()
            .zip(&mut self.item_sq_part)
            .zip(&mut self.cross_part)
            .zip(x)
        {
            let v = i64::from(v);
            *s += v;
            *q += v * v;
            *c += total * v;
        }
        self.pending += 1;
        if self.pending == self.chunk {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (sum, part) in self.item_sq.iter_mut().zip(&mut self.item_sq_part) {
            *sum += i128::from(std::mem::take(part));
        }
        for (sum, part) in self.cross.iter_mut().zip(&mut self.cross_part) {
            *sum += i128::from(std::mem::take(part));
        }
        self.total_sq += i128::from(std::mem::take(&mut self.total_sq_part));
        self.pending = 0;
    }

    /// (α, α if each item is dropped), with the errors of [`cronbach_alpha`] and
    /// [`alpha_if_dropped`].
    pub fn finish(&self) -> (Result<f64, String>, DroppedAlphas) {
        let mut this = self.clone();
        this.flush();
        let k = this.k;
        let n = this.n;
        let too_few = || format!("Cronbach's alpha needs at least 2 complete respondents, got {n}");
        // n·SS of a variable from its sum and sum of squares: exact, never negative.
        let nss = |sum: i128, sq: i128| i128::from(n) * sq - sum * sum;
        let item_nss: Vec<i128> = (0..k)
            .map(|i| nss(i128::from(this.item_sum[i]), this.item_sq[i]))
            .collect();
        let item_nss_sum: i128 = item_nss.iter().sum();
        let from_parts = |k: usize, item_nss_sum: i128, total_nss: i128| {
            if total_nss == 0 {
                return Err("the scale total does not vary across respondents".to_string());
            }
            let k = k as f64;
            let alpha = k / (k - 1.0) * (1.0 - item_nss_sum as f64 / total_nss as f64);
            if alpha.is_finite() {
                Ok(alpha)
            } else {
                Err("Cronbach's alpha is not finite".to_string())
            }
        };
        let total_sum = i128::from(this.total_sum);
        let alpha = if k < 2 {
            Err(format!("Cronbach's alpha needs at least 2 items, got {k}"))
        } else if n < 2 {
            Err(too_few())
        } else {
            from_parts(k, item_nss_sum, nss(total_sum, this.total_sq))
        };
        let dropped = if k < 3 {
            Err(format!(
                "alpha if item dropped needs at least 3 items, got {k}"
            ))
        } else if n < 2 {
            Err(too_few())
        } else {
            Ok((0..k)
                .map(|i| {
                    let rest_sum = total_sum - i128::from(this.item_sum[i]);
                    let rest_sq = this.total_sq - 2 * this.cross[i] + this.item_sq[i];
                    from_parts(k - 1, item_nss_sum - item_nss[i], nss(rest_sum, rest_sq)).ok()
                })
                .collect())
        };
        (alpha, dropped)
    }
}

/// Feldt (1965; Feldt, Woodruff & Salih 1987) 95% CI for α:
/// `[1 − (1−α)·F⁻¹(0.975; n−1, (n−1)(k−1)), 1 − (1−α)·F⁻¹(0.025; n−1, (n−1)(k−1))]`.
/// `None` when n < 2, k < 2 or α is not finite.
pub fn feldt_ci(alpha: f64, n: usize, k: usize) -> Option<[f64; 2]> {
    if n < 2 || k < 2 || !alpha.is_finite() {
        return None;
    }
    let d1 = (n - 1) as f64;
    let d2 = d1 * (k - 1) as f64;
    let upper_f = f_quantile(0.975, d1, d2)?;
    let lower_f = f_quantile(0.025, d1, d2)?;
    let ci = [1.0 - (1.0 - alpha) * upper_f, 1.0 - (1.0 - alpha) * lower_f];
    ci.iter().all(|v| v.is_finite()).then_some(ci)
}

/// Equal lengths, at least 2 respondents, finite values.
fn check_items(items: &[Vec<f64>]) -> Result<(), String> {
    let n = items.first().map_or(0, Vec::len);
    if items.iter().any(|item| item.len() != n) {
        return Err("items have different numbers of respondents".to_string());
    }
    if n < 2 {
        return Err(format!(
            "Cronbach's alpha needs at least 2 complete respondents, got {n}"
        ));
    }
    if items.iter().flatten().any(|v| !v.is_finite()) {
        return Err("an item value is not a finite number".to_string());
    }
    Ok(())
}

fn respondent_totals(items: &[Vec<f64>]) -> Vec<f64> {
    let mut totals = vec![0.0; items.first().map_or(0, Vec::len)];
    for item in items {
        for (total, value) in totals.iter_mut().zip(item) {
            *total += value;
        }
    }
    totals
}

/// α from the number of items, the sum of item variances and the respondents' totals.
fn alpha_from_parts(k: usize, item_var_sum: f64, totals: &[f64]) -> Result<f64, String> {
    // An exact check: a constant total could otherwise show a rounding-size variance and
    // give a huge negative α instead of "undefined".
    let constant = totals.windows(2).all(|w| w[0] == w[1]);
    if constant {
        return Err("the scale total does not vary across respondents".to_string());
    }
    let total_var = sample_variance(totals);
    let k = k as f64;
    let alpha = k / (k - 1.0) * (1.0 - item_var_sum / total_var);
    if alpha.is_finite() {
        Ok(alpha)
    } else {
        Err("Cronbach's alpha is not finite".to_string())
    }
}

/// Sample variance (n − 1), two-pass for numerical stability.
fn sample_variance(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;
    use proptest::prelude::*;

    /// 4 items × 8 respondents, item-major.
    fn items() -> Vec<Vec<f64>> {
        vec![
            vec![4.0, 5.0, 4.0, 3.0, 2.0, 5.0, 3.0, 4.0],
            vec![3.0, 5.0, 4.0, 2.0, 2.0, 4.0, 3.0, 5.0],
            vec![4.0, 4.0, 5.0, 3.0, 1.0, 5.0, 2.0, 4.0],
            vec![2.0, 4.0, 3.0, 3.0, 2.0, 5.0, 3.0, 3.0],
        ]
    }

    #[test]
    fn alpha_and_alpha_if_dropped_match_numpy() {
        // numpy 2 (Cronbach's formula): k/(k-1)*(1 - X.var(axis=1, ddof=1).sum() /
        // X.sum(axis=0).var(ddof=1)), and the same on numpy.delete(X, i, axis=0).
        assert_close(
            cronbach_alpha(&items()).unwrap(),
            0.895_543_672_014_260_2,
            1e-12,
        );
        let dropped = alpha_if_dropped(&items()).unwrap();
        let expected = [
            0.807_476_635_514_018_7,
            0.872_928_176_795_580_2,
            0.868_250_539_956_803_5,
            0.905_660_377_358_490_7,
        ];
        assert_eq!(dropped.len(), 4);
        for (actual, expected) in dropped.iter().zip(expected) {
            assert_close(actual.unwrap(), expected, 1e-12);
        }
    }

    /// α does not change when every respondent is repeated m times (item and total
    /// variances scale by the same factor), so the numpy values above hold for the 8 cases
    /// repeated 125,000 times: a million cases, where float sums would drift in the last
    /// digits. The exact integer moments stay within an ulp or two.
    #[test]
    fn streamed_alpha_of_a_million_repeated_cases_matches_numpy() {
        let items = items();
        let cases: Vec<Vec<i32>> = (0..8)
            .map(|r| items.iter().map(|item| item[r] as i32).collect())
            .collect();
        let mut stream = AlphaStream::new(4);
        for _ in 0..125_000 {
            for x in &cases {
                stream.add(x);
            }
        }
        assert_eq!(stream.n(), 1_000_000);
        let (alpha, dropped) = stream.finish();
        assert_close(alpha.unwrap(), 0.895_543_672_014_260_2, 4e-16);
        let expected = [
            0.807_476_635_514_018_7,
            0.872_928_176_795_580_2,
            0.868_250_539_956_803_5,
            0.905_660_377_358_490_7,
        ];
        for (actual, expected) in dropped.unwrap().iter().zip(expected) {
            assert_close(actual.unwrap(), expected, 4e-16);
        }
    }

    #[test]
    fn three_item_example_matches_numpy() {
        // numpy, same formula: items [1,2,3,4], [2,3,3,5], [3,4,5,5]
        let items = vec![
            vec![1.0, 2.0, 3.0, 4.0],
            vec![2.0, 3.0, 3.0, 5.0],
            vec![3.0, 4.0, 5.0, 5.0],
        ];
        assert_close(
            cronbach_alpha(&items).unwrap(),
            0.948_529_411_764_705_8,
            1e-12,
        );
        let dropped = alpha_if_dropped(&items).unwrap();
        assert_close(dropped[0].unwrap(), 0.846_153_846_153_846, 1e-12);
        assert_close(dropped[1].unwrap(), 0.949_152_542_372_881_3, 1e-12);
        assert_close(dropped[2].unwrap(), 0.96, 1e-12);
    }

    #[test]
    fn dropped_alpha_is_none_when_the_rest_is_constant() {
        // Items 1 and 2 sum to 4 for everyone, so α without item 3 is undefined.
        let items = vec![
            vec![1.0, 2.0, 3.0],
            vec![3.0, 2.0, 1.0],
            vec![1.0, 3.0, 2.0],
        ];
        let dropped = alpha_if_dropped(&items).unwrap();
        assert_eq!(dropped[2], None);
        assert!(dropped[0].is_some() && dropped[1].is_some());
    }

    #[test]
    fn undefined_alpha_is_an_error() {
        assert!(cronbach_alpha(&[vec![1.0, 2.0, 3.0]]).is_err());
        assert!(cronbach_alpha(&[vec![1.0], vec![2.0]]).is_err());
        assert!(cronbach_alpha(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_err());
        assert!(cronbach_alpha(&[vec![1.0, 2.0], vec![2.0]]).is_err());
        assert!(cronbach_alpha(&[vec![1.0, f64::NAN], vec![2.0, 1.0]]).is_err());
        assert!(alpha_if_dropped(&items()[..2]).is_err());
    }

    #[test]
    fn feldt_ci_matches_scipy() {
        // scipy 1.17.1: 1 - (1 - a) * scipy.stats.f.ppf(q, n - 1, (n - 1) * (k - 1))
        let ci = feldt_ci(0.895_543_672_014_260_2, 8, 4).unwrap();
        assert_close(ci[0], 0.689_907_776_057_707_1, 1e-9);
        assert_close(ci[1], 0.976_537_436_512_257, 1e-9);
        let ci = feldt_ci(0.8, 1_000_000, 10).unwrap();
        assert_close(ci[0], 0.799_415_143_759_169_1, 1e-9);
        assert_close(ci[1], 0.800_583_841_245_644_2, 1e-9);
        let ci = feldt_ci(-0.5, 30, 2).unwrap();
        assert_close(ci[0], -2.151_493_725_926_318, 1e-9);
        assert_close(ci[1], 0.286_052_838_534_953, 1e-9);
        assert_eq!(feldt_ci(0.5, 1, 4), None);
        assert_eq!(feldt_ci(0.5, 10, 1), None);
        assert_eq!(feldt_ci(f64::NAN, 10, 4), None);
    }

    fn item_matrix() -> impl Strategy<Value = Vec<Vec<f64>>> {
        (2usize..6, 2usize..40).prop_flat_map(|(k, n)| {
            prop::collection::vec(prop::collection::vec(1u8..=5, n), k).prop_map(|items| {
                items
                    .into_iter()
                    .map(|item| item.into_iter().map(f64::from).collect())
                    .collect()
            })
        })
    }

    proptest! {
        #[test]
        fn alpha_is_at_most_one(items in item_matrix()) {
            if let Ok(alpha) = cronbach_alpha(&items) {
                prop_assert!(alpha <= 1.0 + 1e-12);
                prop_assert!(alpha.is_finite());
            }
        }

        /// The streamed α (exact integer moments) agrees with the matrix one (two-pass
        /// floating point) to rounding, and fails in the same cases with the same reasons,
        /// on integer codes including constant totals and 2-item scales.
        #[test]
        fn streamed_alpha_is_the_matrix_alpha(
            k in 0usize..7,
            n in 0usize..60,
            codes in prop::collection::vec(0i32..4, 420),
            flat in any::<bool>(),
        ) {
            let rows: Vec<Vec<i32>> = (0..n)
                .map(|r| (0..k).map(|i| if flat { 2 } else { codes[(r * 7 + i) % codes.len()] }).collect())
                .collect();
            let items: Vec<Vec<f64>> =
                (0..k).map(|i| rows.iter().map(|x| f64::from(x[i])).collect()).collect();
            let mut stream = AlphaStream::new(k);
            for x in &rows {
                stream.add(x);
            }
            prop_assert_eq!(stream.n(), n);
            let (alpha, dropped) = stream.finish();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(1.0);
            match (alpha, cronbach_alpha(&items)) {
                (Ok(a), Ok(b)) => prop_assert!(close(a, b), "{} vs {}", a, b),
                (a, b) => prop_assert_eq!(a, b),
            }
            match (dropped, alpha_if_dropped(&items)) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.len(), b.len());
                    for (x, y) in a.into_iter().zip(b) {
                        match (x, y) {
                            (Some(x), Some(y)) => prop_assert!(close(x, y), "{} vs {}", x, y),
                            (x, y) => prop_assert_eq!(x, y),
                        }
                    }
                }
                (a, b) => prop_assert_eq!(a, b),
            }
        }

        #[test]
        fn permuting_respondents_keeps_alpha(items in item_matrix(), seed in any::<u64>()) {
            let n = items[0].len();
            let mut perm: Vec<usize> = (0..n).collect();
            // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
            let mut state = seed;
            for i in (1..n).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                perm.swap(i, (state >> 33) as usize % (i + 1));
            }
            let permuted: Vec<Vec<f64>> =
                items.iter().map(|item| perm.iter().map(|&r| item[r]).collect()).collect();
            match (cronbach_alpha(&items), cronbach_alpha(&permuted)) {
                (Ok(a), Ok(b)) => prop_assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0)),
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
            }
        }
    }
}
