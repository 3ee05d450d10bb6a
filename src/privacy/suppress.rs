//! Small-cell and complementary suppression of a [`Summary`] (SPEC §5).
//!
//! Every published count becomes a node of a linear system; every published table with
//! totals contributes *lines* — "these parts add up to this total". A line with exactly one
//! unknown member would let a reader solve for it by subtraction, so after the threshold
//! rule has hidden the small counts, complementary suppression hides one more member of
//! each such line (the smallest non-zero part, else the total) until no line has exactly
//! one unknown (or the lone unknown is derivable and counts as known). This is a simple
//! form of secondary suppression (Hundepool et al., *Statistical Disclosure Control*,
//! Wiley 2012, ch. 4); it protects against recovery by subtraction along any chain of
//! equations, not against interval (linear-programming) attacks, which may still bound a
//! hidden cell.
//!
//! Margins that are published only through proportions (e.g. `concerned` × `n` gives the
//! first row total of `concern_table`) are nodes too: hiding such a node nulls the
//! proportion. Cohort breakdowns are linked cell by cell to the overall figures (exact when
//! no cohort is unknown; assumed always, to be safe). Totals that are published nowhere
//! but might be learnt by combining tables (heat-map row and column sums, concern-bin sums
//! over cohorts) are *virtual* nodes: assumed known to a reader, so lines through them are
//! enforced, and hiding them costs nothing.

mod groups;

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::summary::{
    BinnedCounts, Chi2Test, DataTypeSummary, GapBlock, KruskalTest, ScaleSummary, ScreeningSummary,
    Summary, TacticLevels,
};

/// Why a node is unknown to a reader of the published summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Known,
    /// A count (or margin) from 1 to `min_cell − 1`.
    Threshold,
    /// Hidden so that another hidden value cannot be recovered by subtraction.
    Complementary,
    /// Already `null` before disclosure control.
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A count field of the summary.
    Count,
    /// A margin published through a proportion.
    Margin,
    /// A total published nowhere but assumed learnable.
    Virtual,
    /// A total published in a field that cannot be null (`study.analysed − unknown_cohort`).
    Fixed,
}

#[derive(Debug, Clone)]
struct Node {
    value: u64,
    state: State,
    kind: Kind,
    /// The other margin published by the same proportion (`concerned` gives both row
    /// totals): the two are hidden together.
    twin: Option<usize>,
    /// Hidden, but a reader can solve for it from a line whose other members are known
    /// (e.g. a total whose parts are all published zeros).
    derivable: bool,
}

#[derive(Debug, Clone)]
struct Line {
    parts: Vec<usize>,
    total: usize,
    label: String,
}

/// The counts of a summary as a system of linear equations.
#[derive(Debug, Default)]
struct Grid {
    min: u64,
    /// Whether different tables are exact sums of each other (cohort blocks adding up to
    /// the overall block, cohort sizes to `study.analysed`). Not under differential
    /// privacy, where every table is noised on its own.
    linked: bool,
    nodes: Vec<Node>,
    lines: Vec<Line>,
}

/// What suppression did, for the notes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SuppressionReport {
    /// Count fields hidden by the threshold rule.
    pub threshold_counts: u64,
    /// Count fields hidden by complementary suppression.
    pub complementary_counts: u64,
    /// Tables in which a hidden value could not be protected (its total is a field that
    /// cannot be null), by label.
    pub unprotected: Vec<String>,
}

impl Grid {
    fn small(&self, v: u64) -> bool {
        v >= 1 && v < self.min
    }

    fn push(&mut self, value: Option<u64>, kind: Kind, small: bool) -> usize {
        let state = match value {
            None => State::Absent,
            Some(_) if small => State::Threshold,
            Some(_) => State::Known,
        };
        self.nodes.push(Node {
            value: value.unwrap_or(0),
            state,
            kind,
            twin: None,
            derivable: false,
        });
        self.nodes.len() - 1
    }

    /// A published count.
    fn count(&mut self, v: Option<u64>) -> usize {
        let small = v.is_some_and(|v| self.small(v));
        self.push(v, Kind::Count, small)
    }

    /// The two row (or column) totals of a table published through one proportion: both
    /// hidden when either is small.
    fn margin_pair(&mut self, first: Option<u64>, second: Option<u64>) -> [usize; 2] {
        let a = self.margin(first, second);
        let b = self.margin(second, first);
        self.nodes[a].twin = Some(b);
        self.nodes[b].twin = Some(a);
        [a, b]
    }

    /// A margin published through a proportion: hidden when it or its complement is small.
    fn margin(&mut self, v: Option<u64>, complement: Option<u64>) -> usize {
        let small = v.is_some_and(|v| self.small(v)) || complement.is_some_and(|c| self.small(c));
        let v = v.filter(|_| complement.is_some());
        self.push(v, Kind::Margin, small)
    }

    fn virtual_total(&mut self, v: u64) -> usize {
        self.push(Some(v), Kind::Virtual, false)
    }

    fn fixed(&mut self, v: u64) -> usize {
        self.push(Some(v), Kind::Fixed, false)
    }

    fn line(&mut self, parts: Vec<usize>, total: usize, label: impl Into<String>) {
        if !parts.is_empty() {
            self.lines.push(Line {
                parts,
                total,
                label: label.into(),
            });
        }
    }

    /// Published.
    fn known(&self, id: usize) -> bool {
        self.nodes.get(id).is_some_and(|n| n.state == State::Known)
    }

    /// Known to a reader: published or derivable.
    fn seen(&self, id: usize) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| n.state == State::Known || n.derivable)
    }

    /// Can be hidden to protect another value.
    fn hideable(&self, id: usize) -> bool {
        self.known(id) && self.nodes[id].kind != Kind::Fixed
    }

    fn hide(&mut self, id: usize) {
        self.nodes[id].state = State::Complementary;
        if let Some(t) = self.nodes[id].twin {
            if self.known(t) {
                self.nodes[t].state = State::Complementary;
            }
        }
    }

    fn value(&self, id: usize) -> u64 {
        self.nodes.get(id).map_or(0, |n| n.value)
    }

    /// Known and at least `min_cell`: a base a statistic may be published on.
    fn base_ok(&self, id: usize) -> bool {
        self.known(id) && self.value(id) >= self.min
    }

    /// Complementary suppression until no line has exactly one unknown member. When no
    /// member of such a line can be hidden (its other parts are zeros or fixed), the unknown
    /// one is derivable and counts as known from then on; a derivable small count is
    /// reported. Each pass hides a node or marks one derivable, or stops, so this ends after
    /// at most twice as many passes as there are nodes.
    fn resolve(&mut self) -> Vec<String> {
        let mut unprotected = BTreeSet::new();
        loop {
            let mut changed = false;
            for l in 0..self.lines.len() {
                let line = &self.lines[l];
                let unknown = line
                    .parts
                    .iter()
                    .chain(std::iter::once(&line.total))
                    .filter(|&&id| !self.seen(id))
                    .count();
                if unknown != 1 {
                    continue;
                }
                // A hidden zero protects nothing: the two hidden values would still sum to
                // the small count itself. Take the smallest non-zero part, which loses the
                // least information; the total only when no part is left.
                let part = line
                    .parts
                    .iter()
                    .copied()
                    .filter(|&id| self.hideable(id) && self.value(id) > 0)
                    .min_by_key(|&id| self.value(id));
                let total = line.total;
                let pick = part.or_else(|| self.hideable(total).then_some(total));
                if let Some(id) = pick {
                    self.hide(id);
                    changed = true;
                    continue;
                }
                let unknown = line
                    .parts
                    .iter()
                    .chain(std::iter::once(&line.total))
                    .copied()
                    .find(|&id| !self.seen(id));
                if let Some(u) = unknown {
                    if self.nodes[u].state == State::Threshold {
                        unprotected.insert(line.label.clone());
                    }
                    self.nodes[u].derivable = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        unprotected.into_iter().collect()
    }

    fn keep(&self, id: usize, v: Option<u64>) -> Option<u64> {
        if self.known(id) {
            v
        } else {
            None
        }
    }
}

fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    a?.checked_add(b?)
}

/// Node ids of a 2×2 table with its total and the two margins published as proportions.
#[derive(Debug, Clone, Copy)]
struct Table2 {
    n: usize,
    cells: [[usize; 2]; 2],
    /// Row totals (published through one proportion, so hidden together).
    rows: [usize; 2],
    /// Column totals.
    cols: [usize; 2],
}

fn table2(g: &mut Grid, table: &[[Option<u64>; 2]; 2], n: Option<u64>, label: &str) -> Table2 {
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
fn link(g: &mut Grid, parts: &[usize], total: usize, label: String) {
    if g.linked {
        g.line(parts.to_vec(), total, label);
    }
}

/// Node ids of a tactic's `levels` with the margins behind `acceptable` and `intrusive`.
#[derive(Debug, Clone)]
struct LevelIds {
    n: usize,
    cells: Vec<usize>,
    above: usize,
    below: usize,
    mid: Option<usize>,
}

/// Which level indices are above, below and at the midpoint (SPEC §3 notation).
fn level_sides(min: i32, max: i32, k: usize) -> (Vec<usize>, Vec<usize>, Option<usize>) {
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

fn sum_at(levels: &[Option<u64>], at: &[usize]) -> Option<u64> {
    at.iter().try_fold(0u64, |s, &i| {
        s.checked_add(levels.get(i).copied().flatten()?)
    })
}

fn levels_ids(g: &mut Grid, t: &TacticLevels, min: i32, max: i32, label: &str) -> LevelIds {
    let cells: Vec<usize> = t.levels.iter().map(|&v| g.count(v)).collect();
    let n = g.count(t.n);
    let (above_at, below_at, mid_at) = level_sides(min, max, t.levels.len());
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

/// All node ids of a summary, in the shape of the summary.
#[derive(Debug, Default)]
struct Ids {
    cohorts: Vec<usize>,
    scales: Vec<(usize, usize)>,
    gap_overall: Option<Table2>,
    gap_by_cohort: Vec<Table2>,
    kruskal_n: Option<usize>,
    chi2_paradoxical_n: Option<usize>,
    data_types: Vec<Table2>,
    tactics: Vec<(LevelIds, Vec<LevelIds>, Option<usize>)>,
    concern_by_cohort: Vec<(usize, Vec<usize>)>,
    heatmap: Vec<Vec<usize>>,
    unknown_cohort: usize,
    rejected_rows: usize,
    respondents: usize,
    screening: Option<ScreeningIds>,
    by_group: Vec<groups::GroupIds>,
}

/// Node ids of the `screening` section.
#[derive(Debug, Clone)]
struct ScreeningIds {
    screened: usize,
    flagged: usize,
    kept: usize,
    rules: Vec<usize>,
    with_flagged: Option<Table2>,
    without_flagged: Option<Table2>,
}

fn build(s: &Summary, g: &mut Grid) -> Ids {
    // Cohort sizes add up to the respondents of known cohort, which `study` publishes.
    let mut ids = Ids {
        cohorts: s.cohorts.iter().map(|c| g.count(c.n)).collect(),
        ..Ids::default()
    };
    // The respondents of unknown cohort are the remaining part of the analysed n; the survey
    // rows are the analysed plus the rejected ones (SPEC §5: a small count here is
    // suppressed like any other, with its complement).
    ids.unknown_cohort = g.count(s.study.unknown_cohort);
    let analysed = g.fixed(s.study.analysed);
    let mut parts = ids.cohorts.clone();
    parts.push(ids.unknown_cohort);
    link(g, &parts, analysed, "cohorts".into());
    ids.rejected_rows = g.count(s.study.rejected_rows);
    ids.respondents = g.count(s.study.respondents);

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
        let overall = levels_ids(g, &t.overall, t.min, t.max, &format!("{label}.overall"));
        let by: Vec<LevelIds> = t
            .by_cohort
            .iter()
            .map(|b| {
                let name = b.cohort.as_deref().unwrap_or("?");
                levels_ids(g, b, t.min, t.max, &format!("{label}.by_cohort[{name}]"))
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
    ids.by_group = groups::build(s, g, &ids);
    ids
}

/// The screening counts (flagged + kept = screened; the kept are the analysed when flagged
/// respondents are excluded, else the screened are) and the two headline gap blocks. The
/// blocks differ exactly by the flagged respondents' own 2×2 table, so each difference is a
/// node of its own (small → hidden, like any count) linked to both blocks; the block that is
/// the summary's `gap.overall` is linked to it cell by cell.
fn build_screening(
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

fn build_distributions(s: &Summary, g: &mut Grid, ids: &mut Ids) {
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

/// `true` when a published count `n` must be suppressed: `1 ≤ n < min_cell` (SPEC §5).
pub fn would_suppress_count(n: u64, min_cell: u32) -> bool {
    n >= 1 && n < u64::from(min_cell)
}

/// `true` when a proportion `num / den` must be suppressed by the threshold rule: it rests
/// on fewer than `min_cell` respondents, or its numerator or complement `den − num` is from
/// 1 to `min_cell − 1` (SPEC §5). Complementary suppression may hide more.
pub fn would_suppress_proportion(num: u64, den: u64, min_cell: u32) -> bool {
    if min_cell <= 1 {
        return false;
    }
    den < u64::from(min_cell)
        || would_suppress_count(num, min_cell)
        || would_suppress_count(den.saturating_sub(num), min_cell)
}

/// Applies the threshold rule and complementary suppression to `s` in place, and the
/// derived rules: a proportion, CI or statistic is nulled when its respondent count is below
/// `min_cell` or hidden, or when it would reveal a hidden count. `linked`: the tables are
/// exact (no differential-privacy noise), so cohort tables add up to the overall ones.
pub fn suppress(s: &mut Summary, min_cell: u32, linked: bool) -> SuppressionReport {
    let mut g = Grid {
        min: u64::from(min_cell),
        linked,
        ..Grid::default()
    };
    let ids = build(s, &mut g);
    let unprotected = g.resolve();
    let overall_before = s.gap.overall.as_ref().map(|o| o.concern_table);
    apply(s, &g, &ids);
    groups::apply(s, &g, &ids.by_group);
    let overall_hidden = match (overall_before, s.gap.overall.as_ref()) {
        (Some(before), Some(after)) => before
            .iter()
            .flatten()
            .zip(after.concern_table.iter().flatten())
            .any(|(b, a)| b.is_some() && a.is_none()),
        _ => false,
    };
    if let Some(sens) = s.sensitivity.as_mut() {
        groups::apply_sensitivity(sens, g.min, overall_hidden);
    }
    let count_in = |state: State| {
        g.nodes
            .iter()
            .filter(|n| n.kind == Kind::Count && n.state == state)
            .count() as u64
    };
    SuppressionReport {
        threshold_counts: count_in(State::Threshold),
        complementary_counts: count_in(State::Complementary),
        unprotected,
    }
}

fn apply(s: &mut Summary, g: &Grid, ids: &Ids) {
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

fn apply_screening(sc: &mut ScreeningSummary, g: &Grid, ids: &ScreeningIds) {
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

fn apply_scale(sc: &mut ScaleSummary, g: &Grid, nc: usize, n: usize) {
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

fn apply_gap_block(b: &mut GapBlock, g: &Grid, t: &Table2) {
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
    }
    for (i, row) in b.concern_table.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = g.keep(t.cells[i][j], *v);
        }
    }
    b.n = g.keep(t.n, b.n);
}

fn apply_data_type(d: &mut DataTypeSummary, g: &Grid, t: &Table2) {
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

fn apply_levels(t: &mut TacticLevels, g: &Grid, ids: &LevelIds) {
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
fn apply_kruskal(k: &mut KruskalTest, g: &Grid, n: usize, group: &BTreeMap<String, u64>) {
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
fn apply_chi2(c: &mut Chi2Test, g: &Grid, n: usize, hidden_cell: bool) {
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

fn apply_binned(b: &mut BinnedCounts, g: &Grid, n: usize, cells: &[usize]) {
    for (v, &id) in b.counts.iter_mut().zip(cells) {
        *v = g.keep(id, *v);
    }
    b.n = g.keep(n, b.n);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(min: u64) -> Grid {
        Grid {
            min,
            linked: true,
            ..Grid::default()
        }
    }

    #[test]
    fn one_small_part_pulls_the_smallest_other_part() {
        let mut g = grid(10);
        let parts: Vec<usize> = [40, 3, 25, 0].iter().map(|&v| g.count(Some(v))).collect();
        let total = g.count(Some(68));
        g.line(parts.clone(), total, "row");
        assert!(g.resolve().is_empty());
        let hidden: Vec<bool> = parts.iter().map(|&p| !g.known(p)).collect();
        // 3 by the threshold rule, 25 (the smallest non-zero other part) to protect it.
        assert_eq!(hidden, vec![false, true, true, false]);
        assert!(g.known(total));
        assert_eq!(g.nodes[parts[1]].state, State::Threshold);
        assert_eq!(g.nodes[parts[2]].state, State::Complementary);
    }

    #[test]
    fn with_only_zeros_beside_it_the_total_goes() {
        let mut g = grid(10);
        let parts: Vec<usize> = [0, 4, 0].iter().map(|&v| g.count(Some(v))).collect();
        let total = g.count(Some(4));
        g.line(parts, total, "row");
        g.resolve();
        assert!(!g.known(total));
    }

    #[test]
    fn a_fixed_total_that_cannot_hide_is_reported() {
        let mut g = grid(10);
        let part = g.count(Some(4));
        let total = g.fixed(4);
        g.line(vec![part], total, "cohorts");
        assert_eq!(g.resolve(), vec!["cohorts".to_string()]);
    }

    #[test]
    fn twins_hide_together() {
        let mut g = grid(10);
        let [r0, r1] = g.margin_pair(Some(30), Some(40));
        let a = g.count(Some(5));
        let b = g.count(Some(25));
        g.line(vec![a, b], r0, "row 1");
        g.resolve();
        // a is small, b protects it; the margins stay (two hidden in the row already).
        assert!(g.known(r0) && g.known(r1));
        g.hide(r0);
        assert!(!g.known(r1));
    }

    #[test]
    fn margins_follow_the_complement_rule() {
        let mut g = grid(10);
        // 95 of 100: the complement 5 is small, so the proportion goes.
        let m = g.margin(Some(95), Some(5));
        assert_eq!(g.nodes[m].state, State::Threshold);
        let m = g.margin(Some(95), Some(0));
        assert_eq!(g.nodes[m].state, State::Known);
    }

    #[test]
    fn predicates() {
        assert!(would_suppress_count(1, 2));
        assert!(!would_suppress_count(1, 1));
        assert!(!would_suppress_proportion(5, 20, 0));
        assert!(would_suppress_proportion(5, 20, 10));
        assert!(would_suppress_proportion(15, 20, 10));
        assert!(!would_suppress_proportion(10, 20, 10));
    }
}
