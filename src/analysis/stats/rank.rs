//! Average ranks with ties (the basis of Spearman's ρ, Kruskal–Wallis and Dunn's tests).
//! Scores built from Likert codes or from a handful of data types take few distinct values,
//! so ranks are found by counting each distinct value (linear in n); data with many
//! distinct values fall back to one O(n log n) sort. Both give identical ranks and tie term.

/// Average ranks (1-based; tied values share the mean of the ranks they span) and the tie
/// term `Σ(t³ − t)` over groups of `t` tied values (Kruskal & Wallis 1952; Siegel &
/// Castellan 1988 §8.3). Values compare with `==`, so `-0.0` ties with `0.0`; callers pass
/// finite values (a NaN would rank apart from everything).
pub fn average_ranks(x: &[f64]) -> (Vec<f64>, f64) {
    if let Some(ranks) = ranks_by_counting(x) {
        return ranks;
    }
    ranks_by_sorting(x)
}

/// Most distinct values ranked by counting; more, and the sort is used.
const MAX_DISTINCT: usize = 1024;
/// Slots of the open-addressing table of distinct values (a power of two, ≥ 2×MAX_DISTINCT).
const SLOTS: usize = 2048;

/// Average ranks and tie term by counting: each value's class among the distinct values,
/// the distinct values in ascending order, then per class the mean of the ranks its `t`
/// members span, `(start + 1 + end)/2`, and `t³ − t` added in ascending order — the very
/// expressions and order of the sort below, so the results are bit-for-bit the same.
/// `None` (use the sort) when the data hold more than [`MAX_DISTINCT`] distinct values or a
/// NaN (which the sort ranks apart from everything, even from an identical NaN).
fn ranks_by_counting(x: &[f64]) -> Option<(Vec<f64>, f64)> {
    const EMPTY: u16 = u16::MAX;
    let mut keys = [0u64; SLOTS];
    let mut slot_class = [EMPTY; SLOTS];
    let mut values: Vec<f64> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut class: Vec<u16> = Vec::with_capacity(x.len());
    let mut last: Option<(u64, u16)> = None;
    for &v in x {
        if v.is_nan() {
            return None;
        }
        // −0 + 0 = +0: the two zeros, equal under `==`, share a class.
        let bits = (v + 0.0).to_bits();
        let c = match last {
            Some((b, c)) if b == bits => c,
            _ => {
                let mut s = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 53) as usize;
                let c = loop {
                    match slot_class[s] {
                        EMPTY => {
                            if values.len() == MAX_DISTINCT {
                                return None;
                            }
                            let c = values.len() as u16;
                            keys[s] = bits;
                            slot_class[s] = c;
                            values.push(v + 0.0);
                            counts.push(0);
                            break c;
                        }
                        c if keys[s] == bits => break c,
                        _ => s = (s + 1) & (SLOTS - 1),
                    }
                };
                last = Some((bits, c));
                c
            }
        };
        counts[c as usize] += 1;
        class.push(c);
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut class_rank = vec![0.0; values.len()];
    let mut tie_term = 0.0;
    let mut start = 0;
    for &c in &order {
        let end = start + counts[c];
        class_rank[c] = (start + 1 + end) as f64 / 2.0;
        let t = (end - start) as f64;
        tie_term += t * t * t - t;
        start = end;
    }
    let ranks = class.iter().map(|&c| class_rank[c as usize]).collect();
    Some((ranks, tie_term))
}

/// Marks a missing value in [`Classes::class`].
pub const NO_CLASS: u16 = u16::MAX;

/// The distinct values of a column of optional scores, and each respondent's class, so that
/// many subsets of the column (overall, per cohort, per group level) can be ranked by
/// counting their classes, without a hash lookup or a ranks vector per subset.
#[derive(Debug, Clone)]
pub struct Classes {
    /// Per respondent: the class of its value, or [`NO_CLASS`] when missing.
    pub class: Vec<u16>,
    /// Per class: its value (−0 is stored as +0, as `==` ties them).
    pub values: Vec<f64>,
    /// The classes in ascending order of value.
    pub order: Vec<u16>,
}

impl Classes {
    /// The classes of `x`; `None` when a value is not finite or there are more than 1024
    /// distinct values (then callers rank with [`average_ranks`] per subset).
    pub fn of(x: &[Option<f64>]) -> Option<Classes> {
        let mut keys = vec![0u64; SLOTS];
        let mut slot_class = vec![NO_CLASS; SLOTS];
        let mut values: Vec<f64> = Vec::new();
        let mut class: Vec<u16> = Vec::with_capacity(x.len());
        let mut last: Option<(u64, u16)> = None;
        for v in x {
            let Some(v) = *v else {
                class.push(NO_CLASS);
                continue;
            };
            if !v.is_finite() {
                return None;
            }
            let bits = (v + 0.0).to_bits();
            let c = match last {
                Some((b, c)) if b == bits => c,
                _ => {
                    let mut s = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 53) as usize;
                    let c = loop {
                        match slot_class[s] {
                            NO_CLASS => {
                                if values.len() == MAX_DISTINCT {
                                    return None;
                                }
                                let c = values.len() as u16;
                                keys[s] = bits;
                                slot_class[s] = c;
                                values.push(v + 0.0);
                                break c;
                            }
                            c if keys[s] == bits => break c,
                            _ => s = (s + 1) & (SLOTS - 1),
                        }
                    };
                    last = Some((bits, c));
                    c
                }
            };
            class.push(c);
        }
        let mut order: Vec<u16> = (0..values.len() as u16).collect();
        order.sort_unstable_by(|&a, &b| values[a as usize].total_cmp(&values[b as usize]));
        Some(Classes {
            class,
            values,
            order,
        })
    }

    /// The average rank of each class and the tie term within a subset holding `counts[c]`
    /// values of class `c`: the ranks [`average_ranks`] gives that subset's values, bit for
    /// bit (the same expressions, with the tie terms added in the same ascending order).
    pub fn ranks(&self, counts: &[u64]) -> (Vec<f64>, f64) {
        let mut class_rank = vec![0.0; self.values.len()];
        let mut tie_term = 0.0;
        let mut start = 0usize;
        for &c in &self.order {
            let t = counts.get(c as usize).copied().unwrap_or(0) as usize;
            if t == 0 {
                continue;
            }
            let end = start + t;
            class_rank[c as usize] = (start + 1 + end) as f64 / 2.0;
            let t = (end - start) as f64;
            tie_term += t * t * t - t;
            start = end;
        }
        (class_rank, tie_term)
    }
}

/// The sort-based ranking: the fallback of [`average_ranks`] (and what the tests compare
/// the counting one with). Sorting (value, index) pairs keeps the comparisons
/// cache-friendly; `total_cmp` is a total order, so the sort cannot panic on any input.
fn ranks_by_sorting(x: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<(f64, usize)> = x.iter().copied().zip(0..).collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![0.0; x.len()];
    let mut tie_term = 0.0;
    let mut start = 0;
    while start < order.len() {
        let value = order[start].0;
        let end = order[start..]
            .iter()
            .position(|&(v, _)| v != value)
            .map_or(order.len(), |offset| start + offset);
        // Positions start..end hold ranks start+1 ..= end; their mean is (start+1+end)/2.
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        for &(_, index) in &order[start..end] {
            ranks[index] = mean_rank;
        }
        let t = (end - start) as f64;
        tie_term += t * t * t - t;
        start = end;
    }
    (ranks, tie_term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ranks_with_ties_match_scipy() {
        // scipy 1.17.1: scipy.stats.rankdata(x); tie term from numpy.unique counts, Σ(c³−c)
        let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];
        let (ranks, tie_term) = average_ranks(&x);
        assert_eq!(
            ranks,
            vec![4.5, 1.5, 6.0, 1.5, 8.0, 11.0, 3.0, 10.0, 8.0, 4.5, 8.0]
        );
        assert_eq!(tie_term, 36.0);
    }

    #[test]
    fn signed_zero_ties_and_extremes_rank_in_order() {
        // scipy 1.17.1: scipy.stats.rankdata([2.5, -0.0, 0.0, -1e300, 1e300, 2.5, 2.5, 2.5])
        let x = [2.5, -0.0, 0.0, -1e300, 1e300, 2.5, 2.5, 2.5];
        let (ranks, tie_term) = average_ranks(&x);
        assert_eq!(ranks, vec![5.5, 2.5, 2.5, 1.0, 8.0, 5.5, 5.5, 5.5]);
        assert_eq!(tie_term, 66.0);
    }

    #[test]
    fn empty_and_all_tied() {
        assert_eq!(average_ranks(&[]), (vec![], 0.0));
        let (ranks, tie_term) = average_ranks(&[7.0; 4]);
        assert_eq!(ranks, vec![2.5; 4]);
        assert_eq!(tie_term, 60.0);
    }

    #[test]
    fn counting_falls_back_past_the_distinct_limit_and_on_nan() {
        let many: Vec<f64> = (0..MAX_DISTINCT + 1)
            .map(|i| (i % 977) as f64 + i as f64 * 1e-3)
            .collect();
        assert!(ranks_by_counting(&many).is_none());
        assert_eq!(average_ranks(&many), ranks_by_sorting(&many));
        let few: Vec<f64> = (0..MAX_DISTINCT).map(|i| i as f64).collect();
        assert!(ranks_by_counting(&few).is_some());
        assert!(ranks_by_counting(&[1.0, f64::NAN]).is_none());
    }

    proptest! {
        #[test]
        fn counting_equals_sorting(
            x in prop::collection::vec(prop::sample::select(vec![-0.0, 0.0, 0.25, 1.0, 1.0 / 3.0, 2.0 / 3.0, -1e300, 1e300, 4.2, 7.0]), 0..300)
        ) {
            let counted = ranks_by_counting(&x).expect("few distinct values");
            let sorted = ranks_by_sorting(&x);
            prop_assert_eq!(counted.0.iter().map(|r| r.to_bits()).collect::<Vec<_>>(), sorted.0.iter().map(|r| r.to_bits()).collect::<Vec<_>>());
            prop_assert_eq!(counted.1.to_bits(), sorted.1.to_bits());
        }


        /// Ranking a subset through [`Classes`] gives the bits of `average_ranks` on it.
        #[test]
        fn class_ranks_are_average_ranks(
            x in prop::collection::vec(prop::option::of(-6i32..6), 0..300),
            pick in prop::collection::vec(any::<bool>(), 300),
        ) {
            let x: Vec<Option<f64>> = x.into_iter().map(|v| v.map(|v| f64::from(v) / 4.0)).collect();
            let classes = Classes::of(&x).unwrap_or_else(|| panic!("few distinct values"));
            let subset: Vec<usize> =
                (0..x.len()).filter(|&i| pick[i] && x[i].is_some()).collect();
            let values: Vec<f64> = subset.iter().filter_map(|&i| x[i]).collect();
            let mut counts = vec![0u64; classes.values.len()];
            for &i in &subset {
                counts[classes.class[i] as usize] += 1;
            }
            let (class_rank, tie) = classes.ranks(&counts);
            let (ranks, tie_ref) = average_ranks(&values);
            let via: Vec<u64> = subset
                .iter()
                .map(|&i| class_rank[classes.class[i] as usize].to_bits())
                .collect();
            prop_assert_eq!(via, ranks.iter().map(|r| r.to_bits()).collect::<Vec<_>>());
            prop_assert_eq!(tie.to_bits(), tie_ref.to_bits());
        }

        #[test]
        fn rank_sum_is_triangular(x in prop::collection::vec(-5i32..5, 0..200)) {
            let x: Vec<f64> = x.into_iter().map(f64::from).collect();
            let (ranks, tie_term) = average_ranks(&x);
            let n = x.len() as f64;
            prop_assert_eq!(ranks.iter().sum::<f64>(), n * (n + 1.0) / 2.0);
            prop_assert!(tie_term >= 0.0 && tie_term <= n * n * n - n);
        }

        #[test]
        fn ranks_preserve_order(x in prop::collection::vec(-1e6f64..1e6, 1..100)) {
            let (ranks, _) = average_ranks(&x);
            for i in 0..x.len() {
                for j in 0..x.len() {
                    if x[i] < x[j] {
                        prop_assert!(ranks[i] < ranks[j]);
                    } else if x[i] == x[j] {
                        prop_assert_eq!(ranks[i], ranks[j]);
                    }
                }
            }
        }
    }
}
