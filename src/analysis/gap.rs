//! The say–do gap (the gap blocks and the paradox test): concern × disclosure per
//! block, the share of paradoxical respondents against the share expected if concern did
//! not matter, the risk difference with Newcombe's interval, Spearman ρ, and what the block
//! could have detected with its equivalence tests (`power`); and the cohort tests
//! (Kruskal–Wallis on concern with Dunn pairs, χ² of cohort × paradoxical).
//!
//! Speed: the blocks of one breakdown (every cohort, or every level of a group column) are
//! filled in one pass ([`gap_accs`]). The two scores take few distinct values, so they are
//! ranked through classes of values ([`GapRanks`]), and each respondent only adds its weight
//! to one cell (concern class × disclosure class) of its block; every figure, Spearman's ρ
//! included, is then computed from the block's cells, visited in order of value. A block's
//! figures depend only on its own respondents, so a cohort's or group level's are those of
//! the study filtered to it.

use crate::analysis::common::{finite, Cell, Mean, Notes, Proportion};
use crate::analysis::power::{self, RdArms, Sesoi};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
use crate::analysis::summary::{Chi2Test, DunnPair, Gap, GapBlock, KruskalTest};

/// The gap block over the selected respondents `idx` (indices into `scores`) whose concern
/// and disclosure scores are both known.
pub fn gap_block(
    scores: &Scores,
    idx: &[usize],
    cohort: Option<String>,
    path: &str,
    notes: &mut Notes,
) -> GapBlock {
    let mut acc = GapAcc::with_capacity(idx.len());
    acc.sesoi = scores.sesoi;
    for &i in idx {
        acc.add(scores, i);
    }
    acc.finish(cohort, path, notes)
}

/// The running sums of one gap block, turned into a [`GapBlock`] by [`GapAcc::finish`]:
/// filled from the block's cells of classed scores ([`GapAcc::fill_from_cells`]) or, when
/// the scores are not classed, one respondent at a time in respondent order ([`GapAcc::add`],
/// keeping the scores for Spearman's ρ).
///
/// The published proportions share their sums: concerned, disclosers and paradoxical all
/// have the block's total weight as denominator; P(discloser | concerned) has the concerned
/// weight. The per-respondent path adds weights times 0/1 (branch-free; adding w·0 = +0 to a
/// sum of positive weights changes no bit).
#[derive(Debug, Clone, Default)]
pub(crate) struct GapAcc {
    /// Respondents in the block.
    n: u64,
    /// Their scores, for Spearman's ρ — when the scores are not ranked through classes.
    x: Vec<f64>,
    y: Vec<f64>,
    /// With classes ([`GapRanks`]): respondents per concern and per disclosure class, then
    /// (after the second pass) Spearman's sums of rank deviation products.
    cx: Vec<u64>,
    cy: Vec<u64>,
    sums: Option<(f64, f64, f64)>,
    // Σw and Σw² of the block, Σc·w, Σd·w; then per 0/1 condition Σw (and Σw² where an
    // interval needs Kish's n) and the unweighted counts.
    w_all: f64,
    w2_all: f64,
    cw: f64,
    dw: f64,
    w_c: f64,
    w2_c: f64,
    w_d: f64,
    w_cd: f64,
    w_nc: f64,
    w2_nc: f64,
    w_ncd: f64,
    table: [[u64; 2]; 2],
    /// The equivalence margins of the block's tests.
    sesoi: Sesoi,
}

impl GapAcc {
    /// An empty block of about `n` respondents; with `ranks`, Spearman's ρ will be computed
    /// from class counts instead of kept scores.
    pub(crate) fn new(n: usize, ranks: Option<&GapRanks>) -> GapAcc {
        match ranks {
            Some(r) => GapAcc {
                cx: vec![0; r.concern.values.len()],
                cy: vec![0; r.disclosure.values.len()],
                ..GapAcc::default()
            },
            None => GapAcc::with_capacity(n),
        }
    }

    pub(crate) fn with_capacity(n: usize) -> GapAcc {
        GapAcc {
            x: Vec::with_capacity(n),
            y: Vec::with_capacity(n),
            ..GapAcc::default()
        }
    }

    /// Adds respondent `i` of `scores` when both scores are known.
    #[inline(always)]
    pub(crate) fn add(&mut self, scores: &Scores, i: usize) {
        let (Some(c), Some(d)) = (scores.concern[i], scores.disclosure[i]) else {
            return;
        };
        self.x.push(c);
        self.y.push(d);
        let is_c = scores.concern_threshold.is_some_and(|t| c > t);
        let is_d = d >= scores.disclosure_threshold;
        self.push(c, d, scores.weight[i], is_c, is_d);
    }

    #[inline(always)]
    fn push(&mut self, c: f64, d: f64, w: f64, is_c: bool, is_d: bool) {
        self.n += 1;
        let (fc, fd) = (f64::from(u8::from(is_c)), f64::from(u8::from(is_d)));
        let (fnc, w2) = (1.0 - fc, w * w);
        self.w_all += w;
        self.w2_all += w2;
        self.cw += c * w;
        self.dw += d * w;
        self.w_c += w * fc;
        self.w2_c += w2 * fc;
        self.w_d += w * fd;
        self.w_cd += w * (fc * fd);
        self.w_nc += w * fnc;
        self.w2_nc += w2 * fnc;
        self.w_ncd += w * (fnc * fd);
        self.table[usize::from(!is_c)][usize::from(!is_d)] += 1;
    }

    /// The sums of a block from its cells (`block[a·ny + b]`: the respondents of concern
    /// class a and disclosure class b), visited in ascending order of value: the counts
    /// per class, the weighted sums of [`GapAcc::push`], and Spearman's sums of rank
    /// deviation products, Σ n_ab·(r_a − m)(r_b − m), from the classes' average ranks.
    fn fill_from_cells(&mut self, block: &[Cell], ranks: &GapRanks, scores: &Scores) {
        let (cv, dv) = (&ranks.concern.values, &ranks.disclosure.values);
        let ny = dv.len();
        let is_d: Vec<bool> = dv
            .iter()
            .map(|&d| d >= scores.disclosure_threshold)
            .collect();
        for &a in &ranks.concern.order {
            let a = a as usize;
            let c = cv[a];
            let is_c = scores.concern_threshold.is_some_and(|t| c > t);
            let mut w_a = 0.0;
            for &b in &ranks.disclosure.order {
                let b = b as usize;
                let cell = &block[a * ny + b];
                if cell.n == 0 {
                    continue;
                }
                let (w, w2) = (cell.w, cell.w2);
                self.n += cell.n;
                self.cx[a] += cell.n;
                self.cy[b] += cell.n;
                self.table[usize::from(!is_c)][usize::from(!is_d[b])] += cell.n;
                self.w_all += w;
                self.w2_all += w2;
                w_a += w;
                self.dw += dv[b] * w;
                if is_d[b] {
                    self.w_d += w;
                }
                if is_c {
                    self.w_c += w;
                    self.w2_c += w2;
                    if is_d[b] {
                        self.w_cd += w;
                    }
                } else {
                    self.w_nc += w;
                    self.w2_nc += w2;
                    if is_d[b] {
                        self.w_ncd += w;
                    }
                }
            }
            self.cw += c * w_a;
        }
        let (tx, _) = ranks.concern.ranks(&self.cx);
        let (ty, _) = ranks.disclosure.ranks(&self.cy);
        let mean = (self.n as f64 + 1.0) / 2.0;
        let (mut sxy, mut sxx, mut syy) = (0.0f64, 0.0f64, 0.0f64);
        for &a in &ranks.concern.order {
            let a = a as usize;
            if self.cx[a] == 0 {
                continue;
            }
            let da = tx[a] - mean;
            sxx += self.cx[a] as f64 * da * da;
            for &b in &ranks.disclosure.order {
                let b = b as usize;
                let n_ab = block[a * ny + b].n;
                if n_ab > 0 {
                    sxy += n_ab as f64 * da * (ty[b] - mean);
                }
            }
        }
        for &b in &ranks.disclosure.order {
            let b = b as usize;
            if self.cy[b] > 0 {
                let db = ty[b] - mean;
                syy += self.cy[b] as f64 * db * db;
            }
        }
        self.sums = Some((sxy, sxx, syy));
    }

    pub(crate) fn finish(self, cohort: Option<String>, path: &str, notes: &mut Notes) -> GapBlock {
        let GapAcc {
            n,
            x,
            y,
            cx,
            cy,
            sums,
            w_all,
            w2_all,
            cw,
            dw,
            w_c,
            w2_c,
            w_d,
            w_cd,
            w_nc,
            w2_nc,
            w_ncd,
            table,
            sesoi,
        } = self;
        let mut block = GapBlock {
            cohort,
            n: Some(n),
            // Counts are defined even for an empty block: zeros, not nulls.
            concern_table: [[Some(0); 2]; 2],
            ..GapBlock::default()
        };
        if n == 0 {
            notes.add(
                path,
                "no respondent with both a concern and a disclosure score",
            );
            return block;
        }
        let [[n_cd, n_c_nd], [n_nc_d, n_nc_nd]] = table;
        let proportion = |num, num_n, den, den_sq, den_n| Proportion {
            num,
            den,
            den_sq,
            num_n,
            den_n,
        };
        let concern_mean = Mean {
            sum: cw,
            weight: w_all,
            n,
        };
        let disclosure_mean = Mean {
            sum: dw,
            weight: w_all,
            n,
        };
        let concerned = proportion(w_c, n_cd + n_c_nd, w_all, w2_all, n);
        let disclosers = proportion(w_d, n_cd + n_nc_d, w_all, w2_all, n);
        let paradoxical = proportion(w_cd, n_cd, w_all, w2_all, n);
        let disc_if_concerned = proportion(w_cd, n_cd, w_c, w2_c, n_cd + n_c_nd);
        let disc_if_not = proportion(w_ncd, n_nc_d, w_nc, w2_nc, n_nc_d + n_nc_nd);
        block.concern_mean = concern_mean.value();
        block.disclosure_mean = disclosure_mean.value();
        block.concerned = concerned.value();
        block.concerned_ci = concerned.wilson();
        block.disclosers = disclosers.value();
        block.disclosers_ci = disclosers.wilson();
        block.paradoxical = paradoxical.value();
        block.paradoxical_ci = paradoxical.wilson();
        block.paradoxical_expected = concerned
            .value()
            .zip(disclosers.value())
            .map(|(a, b)| a * b);
        block.concern_table = table.map(|row| row.map(Some));
        let mut rd_arms = None;
        match (disc_if_concerned.value(), disc_if_not.value()) {
            (Some(p1), Some(p2)) => {
                let arms = RdArms {
                    p1,
                    n1: disc_if_concerned.effective_n(),
                    p2,
                    n2: disc_if_not.effective_n(),
                };
                block.disclosure_rd = finite(p1 - p2);
                block.disclosure_rd_ci = stats::newcombe_rd(p1, arms.n1, p2, arms.n2);
                rd_arms = block.disclosure_rd.map(|_| arms);
            }
            (None, _) => notes.add(
                format!("{path}.disclosure_rd"),
                "no concerned respondents, so P(discloser | concerned) is undefined",
            ),
            (_, None) => notes.add(
                format!("{path}.disclosure_rd"),
                "no unconcerned respondents, so P(discloser | not concerned) is undefined",
            ),
        }
        let spearman = match sums {
            // The checks of `stats::spearman`, in its order, on the class counts.
            Some((sxy, sxx, syy)) => {
                let varies = |counts: &[u64]| counts.iter().filter(|&&t| t > 0).count() > 1;
                if n < 4 {
                    Err(format!("Spearman needs at least 4 pairs, got {n}"))
                } else if !varies(&cx) || !varies(&cy) {
                    Err("one of the two scores does not vary".to_string())
                } else {
                    stats::spearman_from_sums(n as usize, sxy, sxx, syy)
                }
            }
            None => stats::spearman(&x, &y),
        };
        drop((x, y, cx, cy));
        match spearman {
            Ok(s) => {
                block.spearman_rho = finite(s.rho);
                block.spearman_p = s.p.and_then(finite);
                block.spearman_ci = s.ci;
                if s.ci.is_none() {
                    notes.add(
                        format!("{path}.spearman_ci"),
                        "|ρ| = 1: the Fisher-z interval is undefined",
                    );
                }
            }
            Err(reason) => notes.add(format!("{path}.spearman_rho"), reason),
        }
        power::add_to_block(&mut block, rd_arms, sesoi, path, notes);
        block
    }
}

/// The concern and disclosure scores as classes of distinct values, shared by every gap
/// block and rank test of one summary: each block's ranks then come from its class counts
/// ([`stats::Classes::ranks`], the bits of ranking the block's scores) instead of a hash
/// lookup and a ranks vector per block. `None` (rank per block) when a score column has
/// more than 1024 distinct values or a value that is not finite.
#[derive(Debug, Clone)]
pub(crate) struct GapRanks {
    pub(crate) concern: stats::Classes,
    pub(crate) disclosure: stats::Classes,
}

impl GapRanks {
    pub(crate) fn of(scores: &Scores) -> Option<GapRanks> {
        let (concern, disclosure) = rayon::join(
            || stats::Classes::of(&scores.concern),
            || stats::Classes::of(&scores.disclosure),
        );
        Some(GapRanks {
            concern: concern?,
            disclosure: disclosure?,
        })
    }
}

/// One gap accumulator per key (`key(i)` for respondent `i` of `scores`; keys at or above
/// `sizes.len()` belong to no block), filled in one pass: with `ranks`, into each block's
/// cells; without, keeping the block's scores for `stats::spearman`. `sizes[k]` is about the
/// number of respondents with key `k` (a capacity hint).
pub(crate) fn gap_accs(
    scores: &Scores,
    ranks: Option<&GapRanks>,
    sizes: &[usize],
    key: impl Fn(usize) -> usize,
) -> Vec<GapAcc> {
    let mut accs: Vec<GapAcc> = sizes
        .iter()
        .map(|&n| GapAcc {
            sesoi: scores.sesoi,
            ..GapAcc::new(n, ranks)
        })
        .collect();
    let Some(ranks) = ranks else {
        for i in 0..scores.len() {
            if let Some(acc) = accs.get_mut(key(i)) {
                acc.add(scores, i);
            }
        }
        return accs;
    };
    // One pass: each respondent with both scores adds its weight to the cell (concern
    // class × disclosure class) of its block; every sum of the block is then a sum over its
    // cells, visited in ascending order of value (not of class number, which depends on
    // the filter), so a block's figures depend only on its own respondents in study order.
    let (nx, ny) = (ranks.concern.values.len(), ranks.disclosure.values.len());
    let width = nx * ny;
    let mut cells = vec![Cell::default(); width * accs.len()];
    let (cx, cy) = (&ranks.concern.class, &ranks.disclosure.class);
    for ((i, (&a, &b)), &w) in cx.iter().zip(cy).enumerate().zip(&scores.weight) {
        if a == stats::NO_CLASS || b == stats::NO_CLASS {
            continue;
        }
        let k = key(i);
        if k < accs.len() {
            cells[k * width + a as usize * ny + b as usize].add(w);
        }
    }
    for (acc, block) in accs.iter_mut().zip(cells.chunks(width.max(1))) {
        acc.fill_from_cells(block, ranks, scores);
    }
    accs
}

/// Kruskal–Wallis of the concern score across groups (`key(i)`: respondent `i`'s group, at
/// or above `names.len()` for none), as [`kruskal_test`] on the respondents with a group and
/// a concern score. With classes, the joint ranks and each group's rank sum come from the
/// class counts per group: rank sums are sums of half-integers below 2^52, exact in any
/// order, so they are the bits of the per-respondent sums.
pub(crate) fn kruskal_by(
    scores: &Scores,
    ranks: Option<&GapRanks>,
    names: &[String],
    key: impl Fn(usize) -> usize,
    path: &str,
    notes: &mut Notes,
) -> Option<KruskalTest> {
    let g = names.len();
    if let Some(classes) = ranks.map(|r| &r.concern) {
        let k = classes.values.len();
        let mut counts = vec![0u64; g * k];
        for (i, &c) in classes.class.iter().enumerate() {
            let group = key(i);
            if c != stats::NO_CLASS && group < g {
                counts[group * k + c as usize] += 1;
            }
        }
        let total: u64 = counts.iter().sum();
        if total < 1 << 25 {
            let mut all = vec![0u64; k];
            for row in counts.chunks(k.max(1)) {
                for (a, &t) in all.iter_mut().zip(row) {
                    *a += t;
                }
            }
            let (class_rank, tie_term) = classes.ranks(&all);
            let group_n: Vec<usize> = counts
                .chunks(k.max(1))
                .take(g)
                .map(|row| row.iter().sum::<u64>() as usize)
                .collect();
            let group_n = if k == 0 { vec![0; g] } else { group_n };
            let rank_sums: Vec<f64> = (0..g)
                .map(|group| {
                    let mut s = 0.0;
                    for c in 0..k {
                        s += counts[group * k + c] as f64 * class_rank[c];
                    }
                    s
                })
                .collect();
            return kruskal_summary(
                stats::kruskal_from_rank_sums(&group_n, &rank_sums, tie_term),
                names,
                path,
                notes,
            );
        }
    }
    let mut values = Vec::new();
    let mut groups = Vec::new();
    for (i, x) in scores.concern.iter().enumerate() {
        let group = key(i);
        if let (true, Some(x)) = (group < g, *x) {
            values.push(x);
            groups.push(group);
        }
    }
    kruskal_test(&values, &groups, names, path, notes)
}

/// The whole `gap` object. `has_behavior` false ⇒ the behaviour-dependent parts are null.
pub fn gap(
    scores: &Scores,
    cohort_names: &[String],
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> Gap {
    let ranks = GapRanks::of(scores);
    gap_with(
        scores,
        ranks.as_ref(),
        cohort_names,
        has_behavior,
        has_concern,
        notes,
    )
}

/// [`gap`] with the score classes computed once for the whole summary.
pub(crate) fn gap_with(
    scores: &Scores,
    ranks: Option<&GapRanks>,
    cohort_names: &[String],
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> Gap {
    // Respondents per cohort (the cohorts with any get a block).
    let mut sizes = vec![0usize; cohort_names.len()];
    for c in scores.cohort.iter().flatten() {
        if let Some(n) = sizes.get_mut(usize::from(*c)) {
            *n += 1;
        }
    }
    let kruskal_concern = if has_concern {
        kruskal_by(
            scores,
            ranks,
            cohort_names,
            |i| scores.cohort[i].map_or(usize::MAX, usize::from),
            "gap.kruskal_concern",
            notes,
        )
    } else {
        notes.add(
            "gap.kruskal_concern",
            "the codebook names no concern scale ([paradox] concern_scale)",
        );
        None
    };
    if !has_behavior || !has_concern {
        let why = if !has_concern {
            "the codebook names no concern scale ([paradox] concern_scale)"
        } else {
            "the study has no behaviour data"
        };
        notes.add("gap.overall", why);
        return Gap {
            collapsed: None,
            overall: None,
            by_cohort: None,
            kruskal_concern,
            chi2_paradoxical: None,
        };
    }
    let overall = gap_accs(scores, ranks, &[scores.len()], |_| 0)
        .pop()
        .unwrap_or_default()
        .finish(None, "gap.overall", notes);
    // Every cohort's block in one pass (each sees its respondents in order).
    let accs = gap_accs(scores, ranks, &sizes, |i| {
        scores.cohort[i].map_or(usize::MAX, usize::from)
    });
    // Cohort × (paradoxical, not): unweighted counts of respondents with a cohort whose
    // concerned and discloser classifications are known — the respondents of the cohort's
    // block, when a concern threshold is set (without one nobody is classified).
    let classified = scores.concern_threshold.is_some();
    let table: Vec<Vec<f64>> = accs
        .iter()
        .map(|a| {
            if classified {
                let par = a.table[0][0];
                vec![par as f64, (a.n - par) as f64]
            } else {
                vec![0.0; 2]
            }
        })
        .collect();
    let by_cohort: Vec<GapBlock> = cohort_names
        .iter()
        .zip(accs)
        .zip(&sizes)
        .filter(|(_, &n)| n > 0)
        .map(|((name, acc), _)| {
            acc.finish(Some(name.clone()), &format!("gap.by_cohort[{name}]"), notes)
        })
        .collect();
    let chi2_paradoxical = chi2_test(&table, "gap.chi2_paradoxical", notes);
    Gap {
        collapsed: None,
        overall: Some(overall),
        by_cohort: Some(by_cohort),
        kruskal_concern,
        chi2_paradoxical,
    }
}

/// χ² of independence on a table of counts, or `None` with a note.
pub fn chi2_test(table: &[Vec<f64>], path: &str, notes: &mut Notes) -> Option<Chi2Test> {
    match stats::chi2_independence(table) {
        Ok(c) => Some(Chi2Test {
            chi2: finite(c.chi2),
            df: Some(c.df),
            p: finite(c.p),
            cramers_v: finite(c.cramers_v),
            n: Some(c.n),
            adjusted: None,
        }),
        Err(reason) => {
            notes.add(path, reason);
            None
        }
    }
}

/// Kruskal–Wallis H of `values` across the groups named `names` (group index per value),
/// with Dunn's pairs, as a [`KruskalTest`]; undefined → `None` with the reason noted at
/// `path`. Shared by the cohort test and the by-group tests.
pub(crate) fn kruskal_test(
    values: &[f64],
    groups: &[usize],
    names: &[String],
    path: &str,
    notes: &mut Notes,
) -> Option<KruskalTest> {
    kruskal_summary(
        stats::kruskal_wallis(values, groups, names.len()),
        names,
        path,
        notes,
    )
}

/// A Kruskal–Wallis result as the summary's [`KruskalTest`] (groups named by `names`), or
/// `None` with the reason noted at `path`.
fn kruskal_summary(
    result: Result<stats::KruskalResult, String>,
    names: &[String],
    path: &str,
    notes: &mut Notes,
) -> Option<KruskalTest> {
    match result {
        Ok(k) => Some(KruskalTest {
            h: finite(k.h),
            df: Some(k.df),
            p: finite(k.p),
            epsilon_squared: finite(k.epsilon_squared),
            n: Some(k.n),
            pairwise: k
                .pairwise
                .iter()
                .map(|d| DunnPair {
                    a: names.get(d.a).cloned().unwrap_or_default(),
                    b: names.get(d.b).cloned().unwrap_or_default(),
                    z: finite(d.z),
                    p: finite(d.p),
                    p_holm: finite(d.p_holm),
                })
                .collect(),
            adjusted: None,
        }),
        Err(reason) => {
            notes.add(path, reason);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores_of(concern: &[f64], disclosure: &[f64], times: usize) -> Scores {
        let n = concern.len() * times;
        let cycle = |v: &[f64]| -> Vec<Option<f64>> {
            v.iter().copied().map(Some).cycle().take(n).collect()
        };
        Scores {
            rows: (0..n).collect(),
            scale: vec![],
            concern_scale: None,
            concern: cycle(concern),
            disclosure: cycle(disclosure),
            cohort: vec![None; n],
            weight: vec![1.0; n],
            weighted: false,
            concern_threshold: Some(3.0),
            disclosure_threshold: 0.5,
            sesoi: Default::default(),
        }
    }

    /// Spearman's ρ from the cells of classed scores. scipy 1.17.1,
    /// `scipy.stats.spearmanr(c, d).statistic` = 0.8263621207201486, also for
    /// `numpy.tile(c, 125000)` and `numpy.tile(d, 125000)` (ρ does not change when every
    /// pair is repeated): at a million pairs the value stays within an ulp or two.
    #[test]
    fn spearman_from_cells_matches_scipy_at_a_million_pairs() {
        let c = [1.0, 2.5, 3.0, 3.25, 4.0, 5.0, 2.0, 3.0];
        let d = [0.0, 0.3, 0.5, 0.25, 1.0, 0.8, 0.2, 0.7];
        for times in [1, 125_000] {
            let scores = scores_of(&c, &d, times);
            assert!(GapRanks::of(&scores).is_some(), "the scores are classed");
            let g = gap(&scores, &[], true, true, &mut Notes::default());
            let rho = g.overall.and_then(|b| b.spearman_rho).unwrap_or(f64::NAN);
            let expected = 0.826_362_120_720_148_6;
            assert!(
                (rho - expected).abs() <= 4e-16,
                "{times}×: ρ = {rho:e}, expected {expected:e}"
            );
        }
    }
}
