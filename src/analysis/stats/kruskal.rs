//! The Kruskal–Wallis test with Dunn's pairwise follow-up: do the concern scores differ
//! across cohorts (or the levels of a group column)? Definitions in `docs/methods.md`. Every
//! p-value is computed on its tail side so that a very small p stays precise instead of
//! rounding to 0.

use super::dist::{chi2_sf, normal_two_sided_p};
use super::multiplicity::holm;
use super::rank::average_ranks;

/// Dunn's (1964) test of one pair of groups.
#[derive(Debug, Clone, PartialEq)]
pub struct DunnPairResult {
    /// Group indices as given to [`kruskal_wallis`], `a < b`.
    pub a: usize,
    pub b: usize,
    /// `(R̄a − R̄b)/SE`.
    pub z: f64,
    pub p: f64,
    pub p_holm: f64,
}

/// Kruskal–Wallis test with Dunn's pairwise follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct KruskalResult {
    pub h: f64,
    pub df: u64,
    pub p: f64,
    pub epsilon_squared: f64,
    pub n: u64,
    pub pairwise: Vec<DunnPairResult>,
}

/// Kruskal & Wallis (1952) H with tie correction, df = g−1 over non-empty groups;
/// ε² = H/(n−1) (Tomczak & Tomczak 2014); Dunn (1964) z for every pair of non-empty groups
/// (a < b) on the joint ranks,
/// `z = (R̄a − R̄b)/√((N(N+1)/12 − Σ(t³−t)/(12(N−1)))·(1/na + 1/nb))`, two-sided normal p,
/// Holm-adjusted over all pairs. `groups[r]` must lie in `0..n_groups`. `Err(reason)` on
/// mismatched lengths, an out-of-range group, a non-finite value, fewer than 2 non-empty
/// groups, or all values tied.
pub fn kruskal_wallis(
    values: &[f64],
    groups: &[usize],
    n_groups: usize,
) -> Result<KruskalResult, String> {
    if values.len() != groups.len() {
        return Err(format!(
            "{} values but {} group labels",
            values.len(),
            groups.len()
        ));
    }
    if let Some(&g) = groups.iter().find(|&&g| g >= n_groups) {
        return Err(format!("group index {g} is not below {n_groups}"));
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err("a value is not a finite number".to_string());
    }
    let mut counts = vec![0usize; n_groups];
    for &g in groups {
        counts[g] += 1;
    }
    let present: Vec<usize> = (0..n_groups).filter(|&g| counts[g] > 0).collect();
    if present.len() < 2 {
        return Err(format!(
            "Kruskal-Wallis needs at least 2 non-empty groups, got {}",
            present.len()
        ));
    }
    // One ranking of all values serves H and every Dunn pair.
    let (ranks, tie_term) = average_ranks(values);
    let mut rank_sums = vec![0.0; n_groups];
    for (&g, r) in groups.iter().zip(&ranks) {
        rank_sums[g] += r;
    }
    kruskal_from_rank_sums(&counts, &rank_sums, tie_term)
}

/// The end of [`kruskal_wallis`]: H, df, p, ε² and Dunn's pairs from each group's count and
/// rank sum and the tie term of the joint ranking (for callers that rank by counting).
pub fn kruskal_from_rank_sums(
    counts: &[usize],
    rank_sums: &[f64],
    tie_term: f64,
) -> Result<KruskalResult, String> {
    let n_groups = counts.len();
    let present: Vec<usize> = (0..n_groups).filter(|&g| counts[g] > 0).collect();
    if present.len() < 2 {
        return Err(format!(
            "Kruskal-Wallis needs at least 2 non-empty groups, got {}",
            present.len()
        ));
    }
    let n_values: usize = counts.iter().sum();
    let n = n_values as f64;
    let tie_correction = 1.0 - tie_term / (n * n * n - n);
    if tie_correction.is_nan() || tie_correction <= 0.0 {
        return Err("all values are tied".to_string());
    }
    let between: f64 = present
        .iter()
        .map(|&g| rank_sums[g] * rank_sums[g] / counts[g] as f64)
        .sum();
    let h_raw = 12.0 / (n * (n + 1.0)) * between - 3.0 * (n + 1.0);
    // Equal mean ranks give H = 0 exactly in theory; rounding can leave a tiny negative.
    let h = (h_raw / tie_correction).max(0.0);
    let df = present.len() - 1;
    let p = chi2_sf(h, df as f64).ok_or("the chi-square tail is undefined")?;

    let variance = n * (n + 1.0) / 12.0 - tie_term / (12.0 * (n - 1.0));
    let mut pairwise = Vec::with_capacity(present.len() * (present.len() - 1) / 2);
    for (i, &a) in present.iter().enumerate() {
        for &b in &present[i + 1..] {
            let (na, nb) = (counts[a] as f64, counts[b] as f64);
            let diff = rank_sums[a] / na - rank_sums[b] / nb;
            let z = diff / (variance * (1.0 / na + 1.0 / nb)).sqrt();
            if !z.is_finite() {
                return Err("a Dunn statistic is not finite".to_string());
            }
            pairwise.push(DunnPairResult {
                a,
                b,
                z,
                p: normal_two_sided_p(z),
                p_holm: 1.0,
            });
        }
    }
    let raw: Vec<f64> = pairwise.iter().map(|pair| pair.p).collect();
    for (pair, adjusted) in pairwise.iter_mut().zip(holm(&raw)) {
        pair.p_holm = adjusted;
    }
    Ok(KruskalResult {
        h,
        df: df as u64,
        p,
        epsilon_squared: h / (n - 1.0),
        n: n_values as u64,
        pairwise,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::{assert_close, same, shuffle};
    use proptest::prelude::*;

    fn kw_example() -> (Vec<f64>, Vec<usize>) {
        let values = vec![
            2.0, 3.0, 3.0, 5.0, 1.0, 4.0, 4.0, 4.0, 2.0, 5.0, 5.0, 3.0, 1.0, 2.0, 4.0, 5.0, 5.0,
            4.0,
        ];
        let groups = vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3];
        (values, groups)
    }

    #[test]
    fn kruskal_wallis_and_dunn_with_ties_match_scipy_and_numpy() {
        // scipy 1.17.1: scipy.stats.kruskal(*[v[g == k] for k in (0, 1, 3)]); group 2 empty.
        // Dunn: numpy formula on scipy.stats.rankdata(v), p = 2·norm.sf(|z|), p_holm from
        // statsmodels 0.15.0 multipletests(p, method='holm').
        let (values, groups) = kw_example();
        let r = kruskal_wallis(&values, &groups, 4).unwrap();
        assert_close(r.h, 1.951_304_347_826_085_4, 1e-12);
        assert_eq!(r.df, 2);
        assert_eq!(r.n, 18);
        assert_close(r.p, 0.376_946_438_748_293_6, 1e-9);
        assert_close(r.epsilon_squared, 0.114_782_608_695_652_09, 1e-12);
        let expected = [
            (
                0,
                1,
                -1.396_890_957_743_691_4,
                0.162_446_364_143_009_95,
                0.487_339_092_429_029_84,
            ),
            (
                0,
                3,
                -0.787_952_768_392_491_5,
                0.430_724_333_575_133_96,
                0.861_448_667_150_267_9,
            ),
            (
                1,
                3,
                0.691_080_294_353_808_9,
                0.489_515_083_127_883_05,
                0.861_448_667_150_267_9,
            ),
        ];
        assert_eq!(r.pairwise.len(), 3);
        for (pair, (a, b, z, p, p_holm)) in r.pairwise.iter().zip(expected) {
            assert_eq!((pair.a, pair.b), (a, b));
            assert_close(pair.z, z, 1e-12);
            assert_close(pair.p, p, 1e-9);
            assert_close(pair.p_holm, p_holm, 1e-9);
        }
    }

    #[test]
    fn kruskal_wallis_far_tail_matches_scipy() {
        // scipy 1.17.1: g = repeat([0,1,2], 100); v = concatenate([arange(100),
        // arange(100)+100, arange(100)+200]) // 3; scipy.stats.kruskal(v[g==0], v[g==1], v[g==2])
        let values: Vec<f64> = (0..300).map(|i| f64::from(i / 3)).collect();
        let groups: Vec<usize> = (0..300).map(|i| i / 100).collect();
        let r = kruskal_wallis(&values, &groups, 3).unwrap();
        assert_close(r.h, 265.751_200_000_000_04, 1e-12);
        assert_close(r.p, 1.962_728_100_853_658_2e-58, 1e-6);
    }

    #[test]
    fn kruskal_wallis_undefined_cases() {
        assert!(kruskal_wallis(&[1.0, 2.0, 3.0], &[0, 0, 0], 2).is_err());
        assert!(kruskal_wallis(&[2.0, 2.0, 2.0], &[0, 1, 1], 2).is_err());
        assert!(kruskal_wallis(&[1.0, 2.0], &[0, 2], 2).is_err());
        assert!(kruskal_wallis(&[1.0, 2.0], &[0], 2).is_err());
        assert!(kruskal_wallis(&[1.0, f64::NAN], &[0, 1], 2).is_err());
        assert!(kruskal_wallis(&[], &[], 0).is_err());
    }

    proptest! {
        #[test]
        fn permuting_respondents_keeps_kruskal_wallis(
            rows in prop::collection::vec((0u8..5, 0usize..4), 2..80), seed in any::<u64>(),
        ) {
            let shuffled = shuffle(&rows, seed);
            let split = |v: &[(u8, usize)]| -> (Vec<f64>, Vec<usize>) {
                v.iter().map(|&(a, g)| (f64::from(a), g)).unzip()
            };
            let (v, g) = split(&rows);
            let (vs, gs) = split(&shuffled);
            match (kruskal_wallis(&v, &g, 4), kruskal_wallis(&vs, &gs, 4)) {
                (Ok(a), Ok(b)) => {
                    prop_assert!(same(a.h, b.h) || (a.h - b.h).abs() < 1e-12);
                    prop_assert!((a.p - b.p).abs() <= 1e-9);
                    prop_assert!((0.0..=1.0).contains(&a.p) && a.h >= 0.0);
                    prop_assert_eq!(a.pairwise.len(), b.pairwise.len());
                    for (pa, pb) in a.pairwise.iter().zip(&b.pairwise) {
                        prop_assert!((pa.z - pb.z).abs() <= 1e-9);
                        prop_assert!(pa.p_holm >= pa.p && pa.p_holm <= 1.0);
                    }
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
            }
        }
    }
}
