//! The say–do gap (SPEC §3 "gap blocks", "the paradox test"): concern × disclosure per
//! block, the share of paradoxical respondents against the share expected if concern did
//! not matter, the risk difference with Newcombe's interval, Spearman ρ; and the cohort
//! tests (Kruskal–Wallis on concern with Dunn pairs, χ² of cohort × paradoxical).

use crate::analysis::common::{finite, Mean, Notes, Proportion};
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
    for &i in idx {
        acc.add(scores, i);
    }
    acc.finish(cohort, path, notes)
}

/// The running sums of one gap block, filled one respondent at a time (in respondent
/// order) and turned into a [`GapBlock`] by [`GapAcc::finish`].
///
/// One branch-free pass: the proportions of SPEC §3 are sums of weights times 0/1, and
/// several share their sums (concerned, disclosers and paradoxical all have the block's
/// total weight as denominator; P(discloser | concerned) has the concerned weight). Each sum
/// receives the same weights in the same order as a separate accumulator per proportion
/// would (adding w·0 = +0 to a sum of positive weights changes no bit), so the figures are
/// exactly those of the textbook computation. Several blocks (overall, per cohort, per group
/// level) can be filled in one pass over the respondents: each still sees its own
/// respondents in order, so its figures are those of a pass over its respondents alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct GapAcc {
    x: Vec<f64>,
    y: Vec<f64>,
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
}

impl GapAcc {
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
        let is_c = scores.concern_threshold.is_some_and(|t| c > t);
        let is_d = d >= scores.disclosure_threshold;
        self.push(c, d, scores.weight[i], is_c, is_d);
    }

    #[inline(always)]
    fn push(&mut self, c: f64, d: f64, w: f64, is_c: bool, is_d: bool) {
        self.x.push(c);
        self.y.push(d);
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

    pub(crate) fn finish(self, cohort: Option<String>, path: &str, notes: &mut Notes) -> GapBlock {
        let GapAcc {
            x,
            y,
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
        } = self;
        let n = x.len() as u64;
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
        match (disc_if_concerned.value(), disc_if_not.value()) {
            (Some(p1), Some(p2)) => {
                block.disclosure_rd = finite(p1 - p2);
                block.disclosure_rd_ci = stats::newcombe_rd(
                    p1,
                    disc_if_concerned.effective_n(),
                    p2,
                    disc_if_not.effective_n(),
                );
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
        let spearman = stats::spearman(&x, &y);
        drop((x, y));
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
        block
    }
}

/// One gap accumulator per key (`key[i]` for respondent `i` of `scores`; keys at or above
/// `sizes.len()` belong to no block), filled in one pass; `sizes[k]` is the number of
/// respondents with key `k` (a capacity hint).
pub(crate) fn gap_accs_by_key(scores: &Scores, key: &[u32], sizes: &[usize]) -> Vec<GapAcc> {
    let mut accs: Vec<GapAcc> = sizes.iter().map(|&n| GapAcc::with_capacity(n)).collect();
    for (i, &k) in key.iter().enumerate() {
        if let Some(acc) = accs.get_mut(k as usize) {
            acc.add(scores, i);
        }
    }
    accs
}

/// The whole `gap` object. `has_behavior` false ⇒ the behaviour-dependent parts are null.
pub fn gap(
    scores: &Scores,
    cohort_names: &[String],
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> Gap {
    // Respondents per cohort (the cohorts with any get a block).
    let mut sizes = vec![0usize; cohort_names.len()];
    for c in scores.cohort.iter().flatten() {
        if let Some(n) = sizes.get_mut(*c) {
            *n += 1;
        }
    }
    let kruskal_concern = if has_concern {
        kruskal(scores, cohort_names, notes)
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
            overall: None,
            by_cohort: None,
            kruskal_concern,
            chi2_paradoxical: None,
        };
    }
    let mut overall = GapAcc::with_capacity(scores.len());
    for i in 0..scores.len() {
        overall.add(scores, i);
    }
    let overall = overall.finish(None, "gap.overall", notes);
    // Every cohort's block in one pass (each sees its respondents in order).
    let key: Vec<u32> = scores
        .cohort
        .iter()
        .map(|c| c.map_or(u32::MAX, |c| u32::try_from(c).unwrap_or(u32::MAX)))
        .collect();
    let accs = gap_accs_by_key(scores, &key, &sizes);
    drop(key);
    // Cohort × (paradoxical, not): unweighted counts of respondents with a cohort whose
    // concerned and discloser classifications are known — the respondents of the cohort's
    // block, when a concern threshold is set (without one nobody is classified).
    let classified = scores.concern_threshold.is_some();
    let table: Vec<Vec<f64>> = accs
        .iter()
        .map(|a| {
            if classified {
                let par = a.table[0][0];
                let n = a.x.len() as u64;
                vec![par as f64, (n - par) as f64]
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
        overall: Some(overall),
        by_cohort: Some(by_cohort),
        kruskal_concern,
        chi2_paradoxical,
    }
}

fn kruskal(scores: &Scores, cohort_names: &[String], notes: &mut Notes) -> Option<KruskalTest> {
    let mut values = Vec::new();
    let mut groups = Vec::new();
    for i in 0..scores.len() {
        if let (Some(c), Some(x)) = (scores.cohort[i], scores.concern[i]) {
            values.push(x);
            groups.push(c);
        }
    }
    kruskal_test(&values, &groups, cohort_names, "gap.kruskal_concern", notes)
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
    match stats::kruskal_wallis(values, groups, names.len()) {
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
