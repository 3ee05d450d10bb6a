//! Suppression of `by_group` (group breakdowns) and `sensitivity` (threshold grid).
//!
//! `by_group` joins the linear system of the parent module exactly as the cohort
//! breakdowns do: each group column's level sizes plus its `unknown` add up to
//! `study.analysed`, and every level's gap table, data-type table and tactic levels are
//! linked cell by cell to the overall ones (exact when no level is unknown, assumed always
//! to be safe); the tests across levels follow the by-cohort rules. A column that was not
//! broken down (too many levels) has no levels and no tests, only its `unknown`, a count
//! like any other.
//!
//! Adjusted p-values (`adjusted.p_adjusted`) are nulled with their test's p. They are
//! computed before suppression over the whole family, so a published adjusted p can still
//! reflect a suppressed member's p (Holm's running maximum); the tests that are suppressed
//! are those on small or hidden tables, whose p says little about any one respondent.
//!
//! `sensitivity` is a grid of cumulative 2×2 tables over the same respondents: differences
//! of neighbouring cells give the number of respondents in a band of scores (e.g. concern in
//! (4.0, 4.5] and disclosure in [0.3, 0.4)), so a cell-by-cell threshold rule would not
//! protect them. The rule here works on the bands: the grid implies a band histogram (every
//! published quantity is a sum of its cells); while a band cell is from 1 to `min_cell − 1`
//! one threshold next to it is dropped — its whole grid row or column is suppressed — which
//! merges the band with its neighbour ("global recoding", Hundepool et al. 2012, §4.2). What
//! is left is a coarser grid whose band cells are all 0 or ≥ `min_cell`, so no published
//! cell and no difference of them is a small count. The codebook's own thresholds are
//! dropped last, and first when `gap.overall` lost a cell to suppression (the actual cell
//! would reveal it). Not covered: combining the grid with the heat map's bins, whose edges
//! differ; a reader could bound small counts at scores exactly on a bin edge.

use super::apply::{apply_chi2, apply_data_type, apply_gap_block, apply_kruskal, apply_levels};
use super::build::{levels_ids, link, table2, Ids, LevelIds, Table2};
use super::grid::Grid;
use crate::analysis::groups::GroupBreakdown;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::summary::Summary;
use std::collections::BTreeMap;

/// Node ids of one group column.
#[derive(Debug, Default)]
pub(super) struct GroupIds {
    levels: Vec<usize>,
    unknown: usize,
    gap: Vec<Option<Table2>>,
    data_types: Vec<Vec<Table2>>,
    tactics: Vec<Vec<LevelIds>>,
    kruskal_n: Option<usize>,
    chi2_paradoxical_n: Option<usize>,
    tactics_chi2_n: Vec<Option<usize>>,
}

pub(super) fn build(s: &Summary, g: &mut Grid, ids: &Ids) -> Vec<GroupIds> {
    s.by_group
        .iter()
        .map(|gb| build_one(s, gb, g, ids))
        .collect()
}

fn build_one(s: &Summary, gb: &GroupBreakdown, g: &mut Grid, ids: &Ids) -> GroupIds {
    let label = format!("by_group[{}]", gb.group);
    let mut out = GroupIds {
        levels: gb.levels.iter().map(|l| g.count(l.n)).collect(),
        ..GroupIds::default()
    };
    let unknown = g.count(gb.unknown);
    out.unknown = unknown;
    // A column that was not broken down publishes no level sizes: its `unknown` is not
    // the rest of anything published, so it joins no line.
    if gb.too_many_levels.is_none() {
        let analysed = g.fixed(s.study.analysed);
        let mut parts = out.levels.clone();
        parts.push(unknown);
        link(g, &parts, analysed, format!("{label} levels"));
    }
    for l in &gb.levels {
        let at = format!("{label}[{}]", l.level);
        out.gap.push(
            l.gap
                .as_ref()
                .map(|b| table2(g, &b.concern_table, b.n, &format!("{at}.gap"))),
        );
        out.data_types.push(
            l.data_types
                .iter()
                .map(|d| {
                    table2(
                        g,
                        &d.table,
                        d.n_pairs,
                        &format!("{at}.data_types[{}]", d.name),
                    )
                })
                .collect(),
        );
        out.tactics.push(
            l.tactics
                .iter()
                .zip(&s.tactics)
                .map(|(b, t)| levels_ids(g, b, t, &format!("{at}.tactics[{}]", t.name)))
                .collect(),
        );
    }
    // Level tables add up to the overall tables.
    let gaps: Vec<Table2> = out.gap.iter().flatten().copied().collect();
    if let Some(o) = ids.gap_overall {
        if !gaps.is_empty() {
            link_tables(g, &gaps, &o, &format!("{label} gap"));
        }
    }
    for (d, total) in ids.data_types.iter().enumerate() {
        let by: Vec<Table2> = out
            .data_types
            .iter()
            .filter_map(|v| v.get(d).copied())
            .collect();
        if !by.is_empty() {
            link_tables(g, &by, total, &format!("{label} data_types[{d}]"));
        }
    }
    for (t, (overall, _, _)) in ids.tactics.iter().enumerate() {
        let by: Vec<&LevelIds> = out.tactics.iter().filter_map(|v| v.get(t)).collect();
        if by.is_empty() {
            continue;
        }
        for (j, &total) in overall.cells.iter().enumerate() {
            let parts: Vec<usize> = by.iter().filter_map(|b| b.cells.get(j).copied()).collect();
            link(g, &parts, total, format!("{label} tactics[{t}] level {j}"));
        }
        let parts: Vec<usize> = by.iter().map(|b| b.n).collect();
        link(g, &parts, overall.n, format!("{label} tactics[{t}] n"));
        let parts: Vec<usize> = by.iter().map(|b| b.above).collect();
        link(
            g,
            &parts,
            overall.above,
            format!("{label} tactics[{t}] acceptable"),
        );
        let parts: Vec<usize> = by.iter().map(|b| b.below).collect();
        link(
            g,
            &parts,
            overall.below,
            format!("{label} tactics[{t}] intrusive"),
        );
    }
    out.kruskal_n = gb.kruskal_concern.as_ref().map(|k| g.count(k.n));
    out.chi2_paradoxical_n = gb.chi2_paradoxical.as_ref().map(|c| g.count(c.n));
    out.tactics_chi2_n = gb
        .tactics_chi2
        .iter()
        .map(|t| t.chi2.as_ref().map(|c| g.count(c.n)))
        .collect();
    out
}

/// Links the cells, n and margins of per-level 2×2 tables to their overall table.
fn link_tables(g: &mut Grid, by: &[Table2], o: &Table2, label: &str) {
    for i in 0..2 {
        for j in 0..2 {
            let parts: Vec<usize> = by.iter().map(|t| t.cells[i][j]).collect();
            link(g, &parts, o.cells[i][j], format!("{label} cell [{i}][{j}]"));
        }
    }
    let parts: Vec<usize> = by.iter().map(|t| t.n).collect();
    link(g, &parts, o.n, format!("{label} n"));
    for k in 0..2 {
        let parts: Vec<usize> = by.iter().map(|t| t.rows[k]).collect();
        link(g, &parts, o.rows[k], format!("{label} row total {k}"));
        let parts: Vec<usize> = by.iter().map(|t| t.cols[k]).collect();
        link(g, &parts, o.cols[k], format!("{label} column total {k}"));
    }
}

pub(super) fn apply(s: &mut Summary, g: &Grid, ids: &[GroupIds]) {
    for (gb, gi) in s.by_group.iter_mut().zip(ids) {
        let mut sizes: BTreeMap<String, u64> = BTreeMap::new();
        for (l, &id) in gb.levels.iter().zip(&gi.levels) {
            sizes.insert(l.level.clone(), g.value(id));
        }
        for (k, l) in gb.levels.iter_mut().enumerate() {
            if let (Some(b), Some(Some(t))) = (l.gap.as_mut(), gi.gap.get(k)) {
                apply_gap_block(b, g, t);
            }
            if let Some(tables) = gi.data_types.get(k) {
                for (d, t) in l.data_types.iter_mut().zip(tables) {
                    apply_data_type(d, g, t);
                }
            }
            if let Some(levels) = gi.tactics.get(k) {
                for (b, i) in l.tactics.iter_mut().zip(levels) {
                    apply_levels(b, g, i);
                }
            }
            if let Some(&id) = gi.levels.get(k) {
                l.n = g.keep(id, l.n);
            }
        }
        if let (Some(k), Some(n)) = (gb.kruskal_concern.as_mut(), gi.kruskal_n) {
            apply_kruskal(k, g, n, &sizes);
        }
        if let (Some(c), Some(n)) = (gb.chi2_paradoxical.as_mut(), gi.chi2_paradoxical_n) {
            let hidden = gi
                .gap
                .iter()
                .flatten()
                .any(|t| !g.known(t.cells[0][0]) || !g.known(t.n));
            apply_chi2(c, g, n, hidden);
        }
        for (t, (test, n)) in gb
            .tactics_chi2
            .iter_mut()
            .zip(&gi.tactics_chi2_n)
            .enumerate()
        {
            if let (Some(c), Some(n)) = (test.chi2.as_mut(), n) {
                let hidden = gi
                    .tactics
                    .iter()
                    .filter_map(|v| v.get(t))
                    .any(|b| !g.known(b.n) || b.cells.iter().any(|&c| !g.known(c)));
                apply_chi2(c, g, *n, hidden);
            }
        }
        gb.unknown = g.keep(gi.unknown, gb.unknown);
    }
}

/// The band rule of the module documentation, applied in place. `overall_hidden`: a cell of
/// `gap.overall.concern_table` was suppressed.
pub(super) fn apply_sensitivity(sens: &mut Sensitivity, min: u64, overall_hidden: bool) {
    let t = sens.concern_thresholds.len();
    let d = sens.disclosure_thresholds.len();
    let n = sens.n.unwrap_or(0);
    let small = |v: u64| v >= 1 && v < min;
    // S(i, j) = #(kc ≥ i, kd ≥ j) for i in 0..=t+1, j in 0..=d+1 (0 past the end).
    let mut sfx = vec![vec![0u64; d + 2]; t + 2];
    let cell = |i: usize, j: usize| sens.cells.get(i).and_then(|r| r.get(j));
    let mut complete = sens.cells.len() == t && sens.cells.iter().all(|r| r.len() == d);
    sfx[0][0] = n;
    for i in 0..t {
        for j in 0..d {
            match cell(i, j).map(|c| c.concern_table) {
                Some([[Some(a), Some(b)], [Some(c), Some(_)]]) => {
                    sfx[i + 1][j + 1] = a;
                    sfx[i + 1][0] = a + b;
                    sfx[0][j + 1] = a + c;
                }
                _ => complete = false,
            }
        }
    }
    let mut rows: Vec<bool> = vec![true; t];
    let mut cols: Vec<bool> = vec![true; d];
    let actual_row = sens
        .concern_thresholds
        .iter()
        .position(|&x| x == sens.actual_concern_threshold);
    let actual_col = sens
        .disclosure_thresholds
        .iter()
        .position(|&x| x == sens.actual_disclosure_threshold);
    if !complete || n < min {
        rows.iter_mut().for_each(|r| *r = false);
    }
    if overall_hidden {
        if let Some(r) = actual_row {
            rows[r] = false;
        }
        if let Some(c) = actual_col {
            cols[c] = false;
        }
    }
    // Fine band histogram H(k, l) = S(k,l) − S(k+1,l) − S(k,l+1) + S(k+1,l+1).
    let at = |i: usize, j: usize| sfx[i][j] as i128;
    let fine: Vec<Vec<u64>> = (0..=t)
        .map(|k| {
            (0..=d)
                .map(|l| (at(k, l) - at(k + 1, l) - at(k, l + 1) + at(k + 1, l + 1)).max(0) as u64)
                .collect()
        })
        .collect();
    // Coarse band histogram under the active thresholds: a fine band's coarse index is the
    // number of active thresholds below it.
    let coarse_of = |rows: &[bool], cols: &[bool]| -> Vec<Vec<u64>> {
        let rb: Vec<usize> = (0..=t)
            .map(|k| (0..k).filter(|&i| rows[i]).count())
            .collect();
        let cb: Vec<usize> = (0..=d)
            .map(|l| (0..l).filter(|&j| cols[j]).count())
            .collect();
        let nr = rows.iter().filter(|&&r| r).count() + 1;
        let nc = cols.iter().filter(|&&c| c).count() + 1;
        let mut coarse = vec![vec![0u64; nc]; nr];
        for k in 0..=t {
            for l in 0..=d {
                coarse[rb[k]][cb[l]] += fine[k][l];
            }
        }
        coarse
    };
    let small_cells = |c: &[Vec<u64>]| c.iter().flatten().filter(|&&v| small(v)).count();
    loop {
        if !rows.iter().any(|&r| r) || !cols.iter().any(|&c| c) {
            break;
        }
        let coarse = coarse_of(&rows, &cols);
        let Some((q, r, _)) = coarse
            .iter()
            .enumerate()
            .flat_map(|(q, row)| row.iter().enumerate().map(move |(r, &v)| (q, r, v)))
            .filter(|&(_, _, v)| small(v))
            .min_by_key(|&(_, _, v)| v)
        else {
            break;
        };
        // The (up to four) active thresholds bounding coarse band (q, r); drop the one that
        // leaves the fewest small bands, the codebook's own thresholds last.
        let active_rows: Vec<usize> = (0..t).filter(|&i| rows[i]).collect();
        let active_cols: Vec<usize> = (0..d).filter(|&j| cols[j]).collect();
        let mut picks: Vec<(bool, usize)> = Vec::new();
        for qq in [q.checked_sub(1), Some(q)].into_iter().flatten() {
            if let Some(&i) = active_rows.get(qq) {
                picks.push((true, i));
            }
        }
        for rr in [r.checked_sub(1), Some(r)].into_iter().flatten() {
            if let Some(&j) = active_cols.get(rr) {
                picks.push((false, j));
            }
        }
        let best = picks
            .iter()
            .map(|&(is_row, k)| {
                let (mut rr, mut cc) = (rows.clone(), cols.clone());
                if is_row {
                    rr[k] = false;
                } else {
                    cc[k] = false;
                }
                let actual = if is_row {
                    Some(k) == actual_row
                } else {
                    Some(k) == actual_col
                };
                ((actual, small_cells(&coarse_of(&rr, &cc))), is_row, k)
            })
            .min_by_key(|&(key, _, _)| key);
        match best {
            Some((_, true, i)) => rows[i] = false,
            Some((_, false, j)) => cols[j] = false,
            None => break,
        }
    }
    for (i, row) in sens.cells.iter_mut().enumerate() {
        for (j, c) in row.iter_mut().enumerate() {
            if !(rows.get(i).copied().unwrap_or(false) && cols.get(j).copied().unwrap_or(false)) {
                c.concern_table = [[None; 2]; 2];
                c.paradoxical = None;
                c.paradoxical_ci = None;
                c.disclosure_rd = None;
                c.disclosure_rd_ci = None;
            }
        }
    }
    if n < min {
        sens.n = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::common::Notes;
    use crate::analysis::scores::Scores;
    use crate::analysis::sensitivity::sensitivity;

    fn grid_of(concern: &[f64], disclosure: &[f64]) -> Sensitivity {
        let n = concern.len();
        let scores = Scores {
            rows: (0..n).collect(),
            scale: vec![],
            concern_scale: None,
            concern: concern.iter().map(|&c| Some(c)).collect(),
            disclosure: disclosure.iter().map(|&d| Some(d)).collect(),
            cohort: vec![None; n],
            weight: vec![1.0; n],
            weighted: false,
            concern_threshold: Some(3.0),
            disclosure_threshold: 0.5,
            sesoi: Default::default(),
        };
        sensitivity(&scores, Some((1, 5)), true, &mut Notes::default())
            .unwrap_or_else(|| panic!("no grid"))
    }

    /// After the rule, every difference of published neighbouring cells (the band counts)
    /// is 0 or at least `min`.
    fn bands_safe(s: &Sensitivity, min: u64) -> bool {
        let published: Vec<(usize, usize, u64)> = s
            .cells
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .filter_map(move |(j, c)| c.concern_table[0][0].map(|a| (i, j, a)))
            })
            .collect();
        published.iter().all(|&(i, j, a)| {
            published
                .iter()
                .filter(|&&(i2, j2, _)| i2 == i || j2 == j)
                .all(|&(_, _, b)| {
                    let diff = a.abs_diff(b);
                    diff == 0 || diff >= min
                })
        }) && published.iter().all(|&(_, _, a)| a == 0 || a >= min)
    }

    #[test]
    fn small_bands_are_merged_and_big_ones_kept() {
        // 40 respondents at concern 4.0 and 40 at 2.0, plus 2 at concern 3.25: the band
        // (3.0, 3.5] holds 2 and must not be recoverable.
        let mut c = vec![4.0; 40];
        c.extend(vec![2.0; 40]);
        c.extend([3.25, 3.25]);
        let mut d = vec![0.6; 40];
        d.extend(vec![0.1; 40]);
        d.extend([0.9, 0.9]);
        let mut s = grid_of(&c, &d);
        assert!(!bands_safe(&s, 10));
        apply_sensitivity(&mut s, 10, false);
        assert!(bands_safe(&s, 10));
        // Something is left: the codebook cell (3.0, 0.5) survives.
        let actual = s.cells.iter().flatten().find(|x| x.actual);
        assert!(
            actual.is_some_and(|x| x.paradoxical.is_some()),
            "{actual:?}"
        );
    }

    #[test]
    fn a_small_study_loses_the_grid() {
        let mut s = grid_of(&[1.0, 2.0, 4.0], &[0.0, 0.5, 1.0]);
        apply_sensitivity(&mut s, 10, false);
        assert!(s.cells.iter().flatten().all(|c| c.paradoxical.is_none()));
        assert_eq!(s.n, None);
    }

    #[test]
    fn a_hidden_overall_cell_drops_the_actual_row_and_column() {
        let c: Vec<f64> = (0..200).map(|k| 1.0 + (k % 9) as f64 / 2.0).collect();
        let d: Vec<f64> = (0..200).map(|k| (k % 11) as f64 / 10.0).collect();
        let mut s = grid_of(&c, &d);
        apply_sensitivity(&mut s, 10, true);
        assert!(s
            .cells
            .iter()
            .flatten()
            .filter(|x| x.concern_threshold == 3.0 || x.disclosure_threshold == 0.5)
            .all(|x| x.paradoxical.is_none()));
    }
}
