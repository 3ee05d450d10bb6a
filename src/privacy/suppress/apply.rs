use std::collections::BTreeMap;

use super::build::{Ids, LevelIds, ScreeningIds, Table2};
use super::grid::Grid;
use crate::analysis::summary::{
    BinnedCounts, Chi2Test, DataTypeSummary, GapBlock, KruskalTest, ScaleSummary, ScreeningSummary,
    Summary, TacticLevels,
};
use crate::privacy::rules::would_suppress_proportion;

pub(super) fn apply(s: &mut Summary, g: &Grid, ids: &Ids) {
    let min = g.min;
    for (c, &id) in s.cohorts.iter_mut().zip(&ids.cohorts) {
        c.n = g.keep(id, c.n);
    }
    s.study.unknown_cohort = g.keep(ids.unknown_cohort, s.study.unknown_cohort);
    s.study.rejected_rows = g.keep(ids.rejected_rows, s.study.rejected_rows);
    s.study.respondents = g.keep(ids.respondents, s.study.respondents);
    if let Some(rate) = s.study.behavior_match_rate {
        let den = s.study.analysed;
        let num = (rate * den as f64).round() as u64;
        if would_suppress_proportion(num, den, min as u32) {
            s.study.behavior_match_rate = None;
        }
    }
    for (sc, &(nc, n)) in s.scales.iter_mut().zip(&ids.scales) {
        apply_scale(sc, g, nc, n);
    }
    if let (Some(b), Some(t)) = (s.gap.overall.as_mut(), ids.gap_overall.as_ref()) {
        apply_gap_block(b, g, t);
    }
    if let Some(blocks) = s.gap.by_cohort.as_mut() {
        for (b, t) in blocks.iter_mut().zip(&ids.gap_by_cohort) {
            apply_gap_block(b, g, t);
        }
    }
    // Group sizes of the Kruskal–Wallis test: respondents with a concern score per cohort
    // (the concern bins' n), else the cohort's size, which bounds it from above.
    let mut group: BTreeMap<String, u64> = BTreeMap::new();
    for (c, &id) in s.cohorts.iter().zip(&ids.cohorts) {
        group.insert(c.name.clone(), g.value(id));
    }
    for (b, (n, _)) in s
        .distributions
        .concern_by_cohort
        .iter()
        .zip(&ids.concern_by_cohort)
    {
        group.insert(b.cohort.clone(), g.value(*n));
    }
    if let (Some(k), Some(n)) = (s.gap.kruskal_concern.as_mut(), ids.kruskal_n) {
        apply_kruskal(k, g, n, &group);
    }
    if let (Some(c), Some(n)) = (s.gap.chi2_paradoxical.as_mut(), ids.chi2_paradoxical_n) {
        // The g×2 table is (paradoxical, not) per cohort: cell [0][0] and n of each block.
        let hidden = ids
            .gap_by_cohort
            .iter()
            .any(|t| !g.known(t.cells[0][0]) || !g.known(t.n));
        apply_chi2(c, g, n, hidden);
    }
    for (d, t) in s.data_types.iter_mut().zip(&ids.data_types) {
        apply_data_type(d, g, t);
    }
    if let (Some(sc), Some(i)) = (s.screening.as_mut(), ids.screening.as_ref()) {
        apply_screening(sc, g, i);
    }
    for (t, (overall, by, chi2_n)) in s.tactics.iter_mut().zip(&ids.tactics) {
        apply_levels(&mut t.overall, g, overall);
        for (b, i) in t.by_cohort.iter_mut().zip(by) {
            apply_levels(b, g, i);
        }
        if let (Some(c), Some(n)) = (t.chi2.as_mut(), chi2_n) {
            let hidden = by
                .iter()
                .any(|b| !g.known(b.n) || b.cells.iter().any(|&c| !g.known(c)));
            apply_chi2(c, g, *n, hidden);
        }
    }
    for (b, (n, cells)) in s
        .distributions
        .concern_by_cohort
        .iter_mut()
        .zip(&ids.concern_by_cohort)
    {
        apply_binned(b, g, *n, cells);
    }
    for (row, idr) in s.distributions.heatmap.iter_mut().zip(&ids.heatmap) {
        for (v, &id) in row.iter_mut().zip(idr) {
            *v = g.keep(id, *v);
        }
    }
}

pub(super) fn apply_screening(sc: &mut ScreeningSummary, g: &Grid, ids: &ScreeningIds) {
    if !g.base_ok(ids.screened) {
        sc.median_duration = None;
        sc.speeder_cutoff = None;
    }
    sc.screened = g.keep(ids.screened, sc.screened);
    sc.flagged = g.keep(ids.flagged, sc.flagged);
    sc.kept = g.keep(ids.kept, sc.kept);
    for (r, &id) in sc.rules.iter_mut().zip(&ids.rules) {
        r.flagged = g.keep(id, r.flagged);
    }
    if let (Some(b), Some(t)) = (sc.with_flagged.as_mut(), ids.with_flagged.as_ref()) {
        apply_gap_block(b, g, t);
    }
    if let (Some(b), Some(t)) = (sc.without_flagged.as_mut(), ids.without_flagged.as_ref()) {
        apply_gap_block(b, g, t);
    }
}

pub(super) fn apply_scale(sc: &mut ScaleSummary, g: &Grid, nc: usize, n: usize) {
    if !g.base_ok(nc) {
        sc.alpha = None;
        sc.alpha_ci = None;
        if let Some(m) = sc.alpha_if_dropped.as_mut() {
            m.values_mut().for_each(|v| *v = None);
        }
    }
    if !g.base_ok(n) {
        sc.mean = None;
        sc.sd = None;
    }
    sc.n_complete = g.keep(nc, sc.n_complete);
    sc.n = g.keep(n, sc.n);
}

pub(super) fn apply_gap_block(b: &mut GapBlock, g: &Grid, t: &Table2) {
    let min = g.min as u32;
    let n = g.value(t.n);
    let base = g.base_ok(t.n);
    let [[a, bb], [c, d]] = t.cells.map(|r| r.map(|id| g.value(id)));
    let all_cells = t.cells.iter().flatten().all(|&id| g.known(id));
    if !base {
        b.concern_mean = None;
        b.disclosure_mean = None;
        b.spearman_rho = None;
        b.spearman_ci = None;
        b.spearman_p = None;
        // The equivalence test of ρ and the verdict are functions of ρ, p and n: they go
        // with Spearman.
        if let Some(e) = b.equivalence.as_mut() {
            e.p_tost = None;
            e.verdict = None;
        }
    }
    if !(base && g.known(t.rows[0])) {
        b.concerned = None;
        b.concerned_ci = None;
    }
    if !(base && g.known(t.cols[0])) {
        b.disclosers = None;
        b.disclosers_ci = None;
    }
    if !(base && g.known(t.cells[0][0]) && !would_suppress_proportion(a, n, min)) {
        b.paradoxical = None;
        b.paradoxical_ci = None;
    }
    if !(base && g.known(t.rows[0]) && g.known(t.cols[0])) {
        b.paradoxical_expected = None;
    }
    // P(discloser | concerned) − P(discloser | not): both groups and their discloser counts
    // must be publishable, and with any cell hidden the RD and the margins would solve it.
    let rd_ok = base
        && all_cells
        && g.known(t.rows[0])
        && !would_suppress_proportion(a, a + bb, min)
        && !would_suppress_proportion(c, c + d, min);
    if !rd_ok {
        b.disclosure_rd = None;
        b.disclosure_rd_ci = None;
        // The 90% interval rests on the same two proportions as the 95% one.
        if let Some(e) = b.equivalence.as_mut() {
            e.rd_ci90 = None;
            e.rd_equivalent = None;
        }
    }
    for (i, row) in b.concern_table.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = g.keep(t.cells[i][j], *v);
        }
    }
    b.n = g.keep(t.n, b.n);
    // The detectable correlation is a function of n alone, so it reveals n: it is published
    // exactly when n is.
    if b.n.is_none() {
        b.rho_mde = None;
    }
}

pub(super) fn apply_data_type(d: &mut DataTypeSummary, g: &Grid, t: &Table2) {
    let min = g.min as u32;
    let base = g.base_ok(t.n);
    let [[_, _], [c, dd]] = t.cells.map(|r| r.map(|id| g.value(id)));
    if !(base && g.known(t.rows[0])) {
        d.willing = None;
        d.willing_ci = None;
    }
    if !(base && g.known(t.cols[0])) {
        d.shared = None;
        d.shared_ci = None;
    }
    if !(base && g.known(t.rows[0]) && g.known(t.cols[0])) {
        d.say_do_gap = None;
    }
    // paradox_rate = c/(c+d): with the second row total known it reveals c.
    let pr_ok = base
        && g.known(t.cells[1][0])
        && g.known(t.cells[1][1])
        && g.known(t.rows[0])
        && !would_suppress_proportion(c, c + dd, min);
    if !pr_ok {
        d.paradox_rate = None;
        d.paradox_rate_ci = None;
    }
    // McNemar's p and odds ratio are functions of b and c: a small b or c could be solved
    // back from them.
    if !(base && g.known(t.cells[0][1]) && g.known(t.cells[1][0])) {
        d.mcnemar_p = None;
        d.mcnemar_midp = None;
        d.mcnemar_or = None;
        d.mcnemar_or_ci = None;
    }
    for (i, row) in d.table.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = g.keep(t.cells[i][j], *v);
        }
    }
    d.n_pairs = g.keep(t.n, d.n_pairs);
}

pub(super) fn apply_levels(t: &mut TacticLevels, g: &Grid, ids: &LevelIds) {
    let min = g.min as u32;
    let base = g.base_ok(ids.n);
    if !(base && g.known(ids.above)) {
        t.acceptable = None;
        t.acceptable_ci = None;
    }
    if !(base && g.known(ids.below)) {
        t.intrusive = None;
        t.intrusive_ci = None;
    }
    let neutral_ok = match ids.mid {
        Some(m) => g.known(m) && !would_suppress_proportion(g.value(m), g.value(ids.n), min),
        None => true,
    };
    if !(base && neutral_ok) {
        t.neutral = None;
    }
    for (v, &id) in t.levels.iter_mut().zip(&ids.cells) {
        *v = g.keep(id, *v);
    }
    t.n = g.keep(ids.n, t.n);
}

/// Dunn pairs are nulled when either group is smaller than `min_cell` (a mean rank of a
/// few respondents is a statistic about them); a group hidden only by complementary
/// suppression keeps its pairs, since z does not reveal the group's size.
pub(super) fn apply_kruskal(
    k: &mut KruskalTest,
    g: &Grid,
    n: usize,
    group: &BTreeMap<String, u64>,
) {
    if !g.base_ok(n) {
        k.h = None;
        k.p = None;
        k.epsilon_squared = None;
        if let Some(a) = k.adjusted.as_mut() {
            a.p_adjusted = None;
        }
        for p in &mut k.pairwise {
            p.z = None;
            p.p = None;
            p.p_holm = None;
        }
    }
    let min = g.min;
    let small = |name: &str| group.get(name).is_none_or(|&v| v < min);
    for p in &mut k.pairwise {
        if small(&p.a) || small(&p.b) {
            p.z = None;
            p.p = None;
            p.p_holm = None;
        }
    }
    k.n = g.keep(n, k.n);
}

/// A χ² test is nulled when it rests on fewer than `min_cell` respondents or its table has a
/// hidden cell: with the margins known, the χ² value is one more equation that can pin the
/// hidden cells down (exactly so for the g×2 cohort × paradoxical table).
pub(super) fn apply_chi2(c: &mut Chi2Test, g: &Grid, n: usize, hidden_cell: bool) {
    if !g.base_ok(n) || hidden_cell {
        c.chi2 = None;
        c.p = None;
        c.cramers_v = None;
        if let Some(a) = c.adjusted.as_mut() {
            a.p_adjusted = None;
        }
    }
    c.n = g.keep(n, c.n);
}

pub(super) fn apply_binned(b: &mut BinnedCounts, g: &Grid, n: usize, cells: &[usize]) {
    for (v, &id) in b.counts.iter_mut().zip(cells) {
        *v = g.keep(id, *v);
    }
    b.n = g.keep(n, b.n);
}
