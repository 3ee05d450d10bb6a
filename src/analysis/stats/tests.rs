//! Hypothesis tests of SPEC §3: Spearman's ρ (attitude–behaviour association),
//! Kruskal–Wallis with Dunn's pairwise tests (cohort differences), Pearson's χ² of
//! independence (cohort × paradoxical, tactic acceptance), McNemar's exact test with mid-p
//! and odds ratio (stated vs. actual), and Holm's adjustment. Every p-value is computed on
//! its tail side so that very small p stay precise instead of rounding to 0.

use super::dist::{beta_reg_pair, binomial_half_cdf, binomial_half_pmf, chi2_sf};
use super::intervals::{clopper_pearson_with_complements, Z95};
use super::rank::average_ranks;

pub use super::dist::normal_two_sided_p;

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

/// Pearson's χ² test of independence.
#[derive(Debug, Clone, PartialEq)]
pub struct Chi2Result {
    pub chi2: f64,
    pub df: u64,
    pub p: f64,
    pub cramers_v: f64,
    pub n: u64,
}

/// Pearson χ² of independence on an r×c table of counts, no continuity correction. Rows and
/// columns with zero total are left out first; df = (r−1)(c−1) of what remains; Cramér's
/// V = √(χ²/(n·(min(r,c)−1))) (Cramér 1946). `Err(reason)` when the table is ragged, holds a
/// negative or non-finite count, or fewer than 2 rows or columns remain.
pub fn chi2_independence(table: &[Vec<f64>]) -> Result<Chi2Result, String> {
    let width = table.first().map_or(0, Vec::len);
    if table.iter().any(|row| row.len() != width) {
        return Err("the table's rows have different lengths".to_string());
    }
    if table.iter().flatten().any(|v| !v.is_finite() || *v < 0.0) {
        return Err("a count is negative or not finite".to_string());
    }
    let row_totals: Vec<f64> = table.iter().map(|row| row.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..width)
        .map(|j| table.iter().map(|row| row[j]).sum())
        .collect();
    let rows: Vec<usize> = (0..table.len()).filter(|&i| row_totals[i] > 0.0).collect();
    let cols: Vec<usize> = (0..width).filter(|&j| col_totals[j] > 0.0).collect();
    if rows.len() < 2 || cols.len() < 2 {
        return Err(format!(
            "a chi-square test needs at least 2 non-empty rows and columns, got {}×{}",
            rows.len(),
            cols.len()
        ));
    }
    let n: f64 = rows.iter().map(|&i| row_totals[i]).sum();
    let mut chi2 = 0.0;
    for &i in &rows {
        for &j in &cols {
            let expected = row_totals[i] * col_totals[j] / n;
            let diff = table[i][j] - expected;
            chi2 += diff * diff / expected;
        }
    }
    let df = (rows.len() - 1) * (cols.len() - 1);
    let p = chi2_sf(chi2, df as f64).ok_or("the chi-square tail is undefined")?;
    let min_dim = rows.len().min(cols.len()) as f64;
    // V ≤ 1 in exact arithmetic; the clamp only removes rounding above it.
    let cramers_v = (chi2 / (n * (min_dim - 1.0))).sqrt().min(1.0);
    if !chi2.is_finite() || !cramers_v.is_finite() {
        return Err("the chi-square statistic is not finite".to_string());
    }
    Ok(Chi2Result {
        chi2,
        df: df as u64,
        p,
        cramers_v,
        n: n.round() as u64,
    })
}

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

/// True when every value equals the first (exactly; no rounding involved).
fn is_constant(x: &[f64]) -> bool {
    x.windows(2).all(|w| w[0] == w[1])
}

#[cfg(test)]
mod checks {
    use super::*;
    use proptest::prelude::*;

    fn assert_close(actual: f64, expected: f64, rel: f64) {
        assert!(
            (actual - expected).abs() <= rel * expected.abs(),
            "actual {actual:e}, expected {expected:e}"
        );
    }

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

    #[test]
    fn chi2_matches_scipy() {
        // scipy 1.17.1: scipy.stats.chi2_contingency(t, correction=False),
        // scipy.stats.contingency.association(t, method='cramer')
        let t = vec![
            vec![12.0, 5.0, 9.0],
            vec![7.0, 14.0, 3.0],
            vec![4.0, 6.0, 11.0],
        ];
        let r = chi2_independence(&t).unwrap();
        assert_close(r.chi2, 14.105_582_099_060_362, 1e-12);
        assert_eq!((r.df, r.n), (4, 71));
        assert_close(r.p, 0.006_965_594_612_013_125, 1e-9);
        assert_close(r.cramers_v, 0.315_174_689_981_049_14, 1e-12);
    }

    #[test]
    fn chi2_drops_empty_rows_and_columns() {
        // scipy 1.17.1 on [[12,5,9],[7,14,3]] (the table below without its empty row and
        // column): chi2_contingency(correction=False), association(method='cramer')
        let t = vec![
            vec![12.0, 0.0, 5.0, 9.0],
            vec![0.0, 0.0, 0.0, 0.0],
            vec![7.0, 0.0, 14.0, 3.0],
        ];
        let r = chi2_independence(&t).unwrap();
        assert_close(r.chi2, 8.512_567_476_383_268, 1e-12);
        assert_eq!((r.df, r.n), (2, 50));
        assert_close(r.p, 0.014_174_882_222_918_836, 1e-9);
        assert_close(r.cramers_v, 0.412_615_256_052_978_94, 1e-12);
    }

    #[test]
    fn chi2_two_by_two_without_correction_and_far_tail() {
        // scipy 1.17.1: chi2_contingency([[20,5],[3,18]], correction=False) and
        // association(..., method='cramer'); chi2_contingency([[200,10],[10,200]], correction=False)
        let r = chi2_independence(&[vec![20.0, 5.0], vec![3.0, 18.0]]).unwrap();
        assert_close(r.chi2, 19.714_285_714_285_715, 1e-12);
        assert_eq!(r.df, 1);
        assert_close(r.p, 8.992_660_485_449_968e-6, 1e-9);
        assert_close(r.cramers_v, 0.654_653_670_707_977_2, 1e-12);
        let r = chi2_independence(&[vec![200.0, 10.0], vec![10.0, 200.0]]).unwrap();
        assert_close(r.chi2, 343.809_523_809_523_8, 1e-12);
        assert_close(r.p, 9.445_772_351_262_01e-77, 1e-6);
    }

    #[test]
    fn chi2_undefined_cases() {
        assert!(chi2_independence(&[vec![3.0, 4.0], vec![0.0, 0.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, 0.0], vec![4.0, 0.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, 1.0], vec![4.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, -1.0], vec![4.0, 2.0]]).is_err());
        assert!(chi2_independence(&[]).is_err());
        // Independence exactly: χ² = 0, p = 1.
        let r = chi2_independence(&[vec![2.0, 4.0], vec![3.0, 6.0]]).unwrap();
        assert_eq!((r.chi2, r.p, r.cramers_v), (0.0, 1.0, 0.0));
    }

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

    fn shuffle<T: Clone>(x: &[T], seed: u64) -> Vec<T> {
        // A deterministic Fisher–Yates shuffle driven by an LCG.
        let mut out = x.to_vec();
        let mut state = seed;
        for i in (1..out.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.swap(i, (state >> 33) as usize % (i + 1));
        }
        out
    }

    fn same(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
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

        #[test]
        fn mcnemar_p_values_are_probabilities(b in 0u64..500, c in 0u64..500) {
            if let Some((p, mid_p)) = mcnemar_exact(b, c) {
                prop_assert!(p > 0.0 && p <= 1.0);
                prop_assert!(mid_p > 0.0 && mid_p <= p);
            }
        }
    }
}
