//! Small-cell and complementary suppression of a [`Summary`].
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
//!
//! The rooms: `grid` is the linear system (nodes, lines, resolution); `build` turns a
//! summary into nodes and lines; `apply` writes the verdicts back into the summary;
//! `groups` does both for the group breakdowns and the sensitivity grid.

mod apply;
mod build;
mod grid;
mod groups;

use crate::analysis::summary::Summary;

pub use grid::SuppressionReport;
use grid::{Grid, Kind, State};

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
    let ids = build::build(s, &mut g);
    let by_group = groups::build(s, &mut g, &ids);
    let unprotected = g.resolve();
    let overall_before = s.gap.overall.as_ref().map(|o| o.concern_table);
    apply::apply(s, &g, &ids);
    groups::apply(s, &g, &by_group);
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

#[cfg(test)]
mod tests {
    use super::grid::{Grid, State};

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
}
