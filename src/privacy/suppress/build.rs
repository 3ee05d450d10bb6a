use super::grid::{add, Grid, Kind};
use crate::analysis::summary::{Summary, TacticLevels, TacticSummary};

/// Node ids of a 2×2 table with its total and the two margins published as proportions.
#[derive(Debug, Clone, Copy)]
pub(super) struct Table2 {
    pub(super) n: usize,
    pub(super) cells: [[usize; 2]; 2],
    /// Row totals (published through one proportion, so hidden together).
    pub(super) rows: [usize; 2],
    /// Column totals.
    pub(super) cols: [usize; 2],
}

pub(super) fn table2(
    g: &mut Grid,
    table: &[[Option<u64>; 2]; 2],
    n: Option<u64>,
    label: &str,
) -> Table2 {
    let cells = table.map(|r| r.map(|v| g.count(v)));
    let n_id = g.count(n);
    let [[a, b], [c, d]] = *table;
    let rows = g.margin_pair(add(a, b), add(c, d));
    let cols = g.margin_pair(add(a, c), add(b, d));
    let [[ia, ib], [ic, id]] = cells;
    g.line(vec![ia, ib], rows[0], format!("{label} row 1"));
    g.line(vec![ic, id], rows[1], format!("{label} row 2"));
    g.line(rows.to_vec(), n_id, format!("{label} rows"));
    g.line(vec![ia, ic], cols[0], format!("{label} column 1"));
    g.line(vec![ib, id], cols[1], format!("{label} column 2"));
    g.line(cols.to_vec(), n_id, format!("{label} columns"));
    g.line(vec![ia, ib, ic, id], n_id, format!("{label} total"));
    Table2 {
        n: n_id,
        cells,
        rows,
        cols,
    }
}

/// Links per-cohort tables to the overall one, cell by cell. Overall blocks include
/// respondents of unknown cohort, so this is exact only when there are none; assuming it
/// always is the conservative choice.
pub(super) fn link(g: &mut Grid, parts: &[usize], total: usize, label: String) {
    if g.linked {
        g.line(parts.to_vec(), total, label);
    }
}

/// Node ids of a tactic's `levels` with the margins behind `acceptable` and `intrusive`.
#[derive(Debug, Clone)]
pub(super) struct LevelIds {
    pub(super) n: usize,
    pub(super) cells: Vec<usize>,
    pub(super) above: usize,
    pub(super) below: usize,
    pub(super) mid: Option<usize>,
}

/// Which level indices are above, below and at the midpoint (above: > (min+max)/2; below: <).
pub(super) fn level_sides(min: i32, max: i32, k: usize) -> (Vec<usize>, Vec<usize>, Option<usize>) {
    let m = (f64::from(min) + f64::from(max)) / 2.0;
    let mut above = Vec::new();
    let mut below = Vec::new();
    let mut mid = None;
    for i in 0..k {
        let code = f64::from(min) + i as f64;
        if code > m {
            above.push(i);
        } else if code < m {
            below.push(i);
        } else {
            mid = Some(i);
        }
    }
    (above, below, mid)
}

pub(super) fn sum_at(levels: &[Option<u64>], at: &[usize]) -> Option<u64> {
    at.iter().try_fold(0u64, |s, &i| {
        s.checked_add(levels.get(i).copied().flatten()?)
    })
}

pub(super) fn levels_ids(
    g: &mut Grid,
    t: &TacticLevels,
    tactic: &TacticSummary,
    label: &str,
) -> LevelIds {
    let cells: Vec<usize> = t.levels.iter().map(|&v| g.count(v)).collect();
    let n = g.count(t.n);
    let bands = tactic
        .collapsed
        .as_ref()
        .map_or(&[][..], |c| c.levels.as_slice());
    let sides = if bands.is_empty() {
        let (above, below, mid) = level_sides(tactic.min, tactic.max, t.levels.len());
        Some((above, below, mid))
    } else {
        band_sides(tactic.min, tactic.max, bands)
    };
    let Some((above_at, below_at, mid_at)) = sides else {
        // Two bands, one of them intrusive and neutral together: only `acceptable` is
        // published, as the upper band; the intrusive share is not a published margin.
        let above_at: Vec<usize> = vec![cells.len().saturating_sub(1)];
        let a = sum_at(&t.levels, &above_at);
        let complement = |x: Option<u64>| t.n.zip(x).and_then(|(n, x)| n.checked_sub(x));
        let above = g.margin(a, complement(a));
        let below = g.push(None, Kind::Margin, false);
        g.line(cells.clone(), n, format!("{label} levels"));
        let pick: Vec<usize> = above_at
            .iter()
            .filter_map(|&i| cells.get(i).copied())
            .collect();
        g.line(pick, above, format!("{label} acceptable"));
        return LevelIds {
            n,
            cells,
            above,
            below,
            mid: None,
        };
    };
    let a = sum_at(&t.levels, &above_at);
    let b = sum_at(&t.levels, &below_at);
    let complement = |x: Option<u64>| t.n.zip(x).and_then(|(n, x)| n.checked_sub(x));
    let above = g.margin(a, complement(a));
    let below = g.margin(b, complement(b));
    let mid = mid_at.and_then(|i| cells.get(i).copied());
    g.line(cells.clone(), n, format!("{label} levels"));
    let pick = |at: &[usize]| at.iter().filter_map(|&i| cells.get(i).copied()).collect();
    g.line(pick(&above_at), above, format!("{label} acceptable"));
    g.line(pick(&below_at), below, format!("{label} intrusive"));
    let mut sides = vec![above, below];
    sides.extend(mid);
    g.line(
        sides,
        n,
        format!("{label} acceptable + neutral + intrusive"),
    );
    LevelIds {
        n,
        cells,
        above,
        below,
        mid,
    }
}

/// The bands above, below and at the midpoint, as [`level_sides`] gives the codes; `None`
/// when a band mixes the midpoint with the codes below it (the two-way split).
fn band_sides(
    min: i32,
    max: i32,
    bands: &[Vec<i32>],
) -> Option<(Vec<usize>, Vec<usize>, Option<usize>)> {
    let m = (f64::from(min) + f64::from(max)) / 2.0;
    let mut above = Vec::new();
    let mut below = Vec::new();
    let mut mid = None;
    for (i, band) in bands.iter().enumerate() {
        if band.iter().all(|&c| f64::from(c) > m) {
            above.push(i);
        } else if band.iter().all(|&c| f64::from(c) < m) {
            below.push(i);
        } else if band.iter().all(|&c| f64::from(c) == m) {
            mid = Some(i);
        } else {
            return None;
        }
    }
    Some((above, below, mid))
}

/// All node ids of a summary, in the shape of the summary.
#[derive(Debug, Default)]
pub(super) struct Ids {
    pub(super) cohorts: Vec<usize>,
    pub(super) scales: Vec<(usize, usize)>,
    pub(super) gap_overall: Option<Table2>,
    pub(super) gap_by_cohort: Vec<Table2>,
    pub(super) kruskal_n: Option<usize>,
    pub(super) chi2_paradoxical_n: Option<usize>,
    pub(super) data_types: Vec<Table2>,
    pub(super) tactics: Vec<(LevelIds, Vec<LevelIds>, Option<usize>)>,
    pub(super) concern_by_cohort: Vec<(usize, Vec<usize>)>,
    pub(super) heatmap: Vec<Vec<usize>>,
    pub(super) unknown_cohort: usize,
    pub(super) rejected_rows: usize,
    pub(super) respondents: usize,
    pub(super) screening: Option<ScreeningIds>,
}

/// Node ids of the `screening` section.
#[derive(Debug, Clone)]
pub(super) struct ScreeningIds {
    pub(super) screened: usize,
    pub(super) flagged: usize,
    pub(super) kept: usize,
    pub(super) rules: Vec<usize>,
    pub(super) with_flagged: Option<Table2>,
    pub(super) without_flagged: Option<Table2>,
}

pub(super) fn build(s: &Summary, g: &mut Grid) -> Ids {
    // Cohort sizes add up to the respondents of known cohort, which `study` publishes.
    let mut ids = Ids {
        cohorts: s.cohorts.iter().map(|c| g.count(c.n)).collect(),
        ..Ids::default()
    };
    // The respondents of unknown cohort are the remaining part of the analysed n; the survey
    // rows are the analysed plus the rejected ones (a small count here is
    // suppressed like any other, with its complement).
    ids.unknown_cohort = g.count(s.study.unknown_cohort);
    let analysed = g.fixed(s.study.analysed);
    let mut parts = ids.cohorts.clone();
    parts.push(ids.unknown_cohort);
    link(g, &parts, analysed, "cohorts".into());
    // Record counts (survey rows, rejected rows) say how the file was read, not what any
    // respondent answered: published, unless the study itself is below the threshold.
    let record = |g: &mut Grid, v: Option<u64>| match v {
        Some(v) if s.study.analysed >= g.min => g.fixed(v),
        v => g.push(v, Kind::Count, v.is_some()),
    };
    ids.rejected_rows = record(g, s.study.rejected_rows);
    ids.respondents = record(g, s.study.respondents);

    ids.scales = s
        .scales
        .iter()
        .map(|sc| (g.count(sc.n_complete), g.count(sc.n)))
        .collect();

    if let Some(o) = &s.gap.overall {
        ids.gap_overall = Some(table2(g, &o.concern_table, o.n, "gap.overall"));
    }
    if let Some(blocks) = &s.gap.by_cohort {
        ids.gap_by_cohort = blocks
            .iter()
            .map(|b| {
                let name = b.cohort.as_deref().unwrap_or("?");
                table2(g, &b.concern_table, b.n, &format!("gap.by_cohort[{name}]"))
            })
            .collect();
    }
    if let Some(o) = ids.gap_overall {
        if !ids.gap_by_cohort.is_empty() {
            let by = ids.gap_by_cohort.clone();
            for i in 0..2 {
                for j in 0..2 {
                    let parts: Vec<usize> = by.iter().map(|t| t.cells[i][j]).collect();
                    link(
                        g,
                        &parts,
                        o.cells[i][j],
                        format!("gap cohorts, cell [{i}][{j}]"),
                    );
                }
            }
            let parts: Vec<usize> = by.iter().map(|t| t.n).collect();
            link(g, &parts, o.n, "gap cohorts, n".into());
            for k in 0..2 {
                let parts: Vec<usize> = by.iter().map(|t| t.rows[k]).collect();
                link(g, &parts, o.rows[k], format!("gap cohorts, row total {k}"));
                let parts: Vec<usize> = by.iter().map(|t| t.cols[k]).collect();
                link(
                    g,
                    &parts,
                    o.cols[k],
                    format!("gap cohorts, column total {k}"),
                );
            }
        }
    }
    ids.screening = build_screening(s, g, analysed, ids.gap_overall);
    // Survey rows = rejected + analysed, plus the flagged respondents when screening leaves
    // them out (then the screened respondents are the analysed plus the flagged).
    let screened_total = match (&s.screening, &ids.screening) {
        (Some(sc), Some(i)) if sc.excluded => i.screened,
        _ => analysed,
    };
    link(
        g,
        &[ids.rejected_rows, screened_total],
        ids.respondents,
        "study.respondents".into(),
    );
    ids.kruskal_n = s.gap.kruskal_concern.as_ref().map(|k| g.count(k.n));
    ids.chi2_paradoxical_n = s.gap.chi2_paradoxical.as_ref().map(|c| g.count(c.n));

    ids.data_types = s
        .data_types
        .iter()
        .map(|d| table2(g, &d.table, d.n_pairs, &format!("data_types[{}]", d.name)))
        .collect();

    for t in &s.tactics {
        let label = format!("tactics[{}]", t.name);
        let overall = levels_ids(g, &t.overall, t, &format!("{label}.overall"));
        let by: Vec<LevelIds> = t
            .by_cohort
            .iter()
            .map(|b| {
                let name = b.cohort.as_deref().unwrap_or("?");
                levels_ids(g, b, t, &format!("{label}.by_cohort[{name}]"))
            })
            .collect();
        if !by.is_empty() {
            for (j, &total) in overall.cells.iter().enumerate() {
                let parts: Vec<usize> = by.iter().filter_map(|b| b.cells.get(j).copied()).collect();
                link(g, &parts, total, format!("{label} cohorts, level {j}"));
            }
            let parts: Vec<usize> = by.iter().map(|b| b.n).collect();
            link(g, &parts, overall.n, format!("{label} cohorts, n"));
            let parts: Vec<usize> = by.iter().map(|b| b.above).collect();
            link(
                g,
                &parts,
                overall.above,
                format!("{label} cohorts, acceptable"),
            );
            let parts: Vec<usize> = by.iter().map(|b| b.below).collect();
            link(
                g,
                &parts,
                overall.below,
                format!("{label} cohorts, intrusive"),
            );
        }
        let chi2_n = t.chi2.as_ref().map(|c| g.count(c.n));
        ids.tactics.push((overall, by, chi2_n));
    }

    build_distributions(s, g, &mut ids);
    ids
}

/// The screening counts (flagged + kept = screened; the kept are the analysed when flagged
/// respondents are excluded, else the screened are) and the two headline gap blocks. The
/// blocks differ exactly by the flagged respondents' own 2×2 table, so each difference is a
/// node of its own (small → hidden, like any count) linked to both blocks; the block that is
/// the summary's `gap.overall` is linked to it cell by cell.
pub(super) fn build_screening(
    s: &Summary,
    g: &mut Grid,
    analysed: usize,
    overall: Option<Table2>,
) -> Option<ScreeningIds> {
    let sc = s.screening.as_ref()?;
    let screened = g.count(sc.screened);
    let flagged = g.count(sc.flagged);
    let kept = g.count(sc.kept);
    g.line(vec![flagged, kept], screened, "screening");
    let same_as_analysed = if sc.excluded { kept } else { screened };
    g.line(
        vec![same_as_analysed],
        analysed,
        "screening and study.analysed",
    );
    let rules: Vec<usize> = sc.rules.iter().map(|r| g.count(r.flagged)).collect();
    if let [only] = rules.as_slice() {
        // One rule: its count is the flagged total.
        g.line(vec![*only], flagged, "screening rule");
    }
    let with_flagged = sc
        .with_flagged
        .as_ref()
        .map(|b| table2(g, &b.concern_table, b.n, "screening.with_flagged"));
    let without_flagged = sc
        .without_flagged
        .as_ref()
        .map(|b| table2(g, &b.concern_table, b.n, "screening.without_flagged"));
    if let (Some(w), Some(wo)) = (with_flagged, without_flagged) {
        let mut pairs = vec![(w.n, wo.n)];
        for i in 0..2 {
            pairs.push((w.rows[i], wo.rows[i]));
            pairs.push((w.cols[i], wo.cols[i]));
            for j in 0..2 {
                pairs.push((w.cells[i][j], wo.cells[i][j]));
            }
        }
        for (a, b) in pairs {
            let diff = g.value(a).saturating_sub(g.value(b));
            let small = g.small(diff);
            let d = g.push(Some(diff), Kind::Virtual, small);
            g.line(vec![b, d], a, "screening: flagged respondents' gap table");
        }
    }
    let current = if sc.excluded {
        without_flagged
    } else {
        with_flagged
    };
    if let (Some(c), Some(o)) = (current, overall) {
        let mut pairs = vec![(c.n, o.n)];
        for i in 0..2 {
            pairs.push((c.rows[i], o.rows[i]));
            pairs.push((c.cols[i], o.cols[i]));
            for j in 0..2 {
                pairs.push((c.cells[i][j], o.cells[i][j]));
            }
        }
        for (a, b) in pairs {
            g.line(vec![a], b, "screening headline = gap.overall");
        }
    }
    Some(ScreeningIds {
        screened,
        flagged,
        kept,
        rules,
        with_flagged,
        without_flagged,
    })
}

pub(super) fn build_distributions(s: &Summary, g: &mut Grid, ids: &mut Ids) {
    let d = &s.distributions;
    ids.concern_by_cohort = d
        .concern_by_cohort
        .iter()
        .map(|b| {
            let cells: Vec<usize> = b.counts.iter().map(|&v| g.count(v)).collect();
            let n = g.count(b.n);
            g.line(
                cells.clone(),
                n,
                format!("distributions.concern_by_cohort[{}]", b.cohort),
            );
            (n, cells)
        })
        .collect();
    if !ids.concern_by_cohort.is_empty() {
        let bins = d
            .concern_by_cohort
            .iter()
            .map(|b| b.counts.len())
            .max()
            .unwrap_or(0);
        let grand_value: u64 = d.concern_by_cohort.iter().filter_map(|b| b.n).sum();
        // The cohorts' concern-score sizes add up to the Kruskal–Wallis n when it is given.
        let grand = match ids.kruskal_n {
            Some(k) if g.linked => k,
            _ => g.virtual_total(grand_value),
        };
        let mut cols = Vec::new();
        for j in 0..bins {
            let v: u64 = d
                .concern_by_cohort
                .iter()
                .filter_map(|b| b.counts.get(j).copied().flatten())
                .sum();
            let col = g.virtual_total(v);
            let parts: Vec<usize> = ids
                .concern_by_cohort
                .iter()
                .filter_map(|(_, c)| c.get(j).copied())
                .collect();
            g.line(
                parts,
                col,
                format!("distributions.concern_by_cohort bin {j}"),
            );
            cols.push(col);
        }
        g.line(cols, grand, "distributions.concern_by_cohort bins");
        let ns: Vec<usize> = ids.concern_by_cohort.iter().map(|(n, _)| *n).collect();
        g.line(ns, grand, "distributions.concern_by_cohort n");
    }
    ids.heatmap = d
        .heatmap
        .iter()
        .map(|r| r.iter().map(|&v| g.count(v)).collect())
        .collect();
    if !ids.heatmap.is_empty() {
        let total: u64 = d.heatmap.iter().flatten().flatten().sum();
        // The heat map covers the respondents of `gap.overall`.
        let grand = match ids.gap_overall {
            Some(o) if g.linked => o.n,
            _ => g.virtual_total(total),
        };
        let mut rows = Vec::new();
        for (i, r) in ids.heatmap.clone().into_iter().enumerate() {
            let v: u64 = d.heatmap[i].iter().flatten().sum();
            let t = g.virtual_total(v);
            g.line(r, t, format!("distributions.heatmap row {i}"));
            rows.push(t);
        }
        g.line(rows, grand, "distributions.heatmap rows");
        let cols_n = d.heatmap.iter().map(Vec::len).max().unwrap_or(0);
        let mut cols = Vec::new();
        for j in 0..cols_n {
            let v: u64 = d
                .heatmap
                .iter()
                .filter_map(|r| r.get(j).copied().flatten())
                .sum();
            let t = g.virtual_total(v);
            let parts: Vec<usize> = ids
                .heatmap
                .iter()
                .filter_map(|r| r.get(j).copied())
                .collect();
            g.line(parts, t, format!("distributions.heatmap column {j}"));
            cols.push(t);
        }
        g.line(cols, grand, "distributions.heatmap columns");
    }
}
