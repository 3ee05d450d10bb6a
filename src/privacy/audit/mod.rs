//! The disclosure audit of a published summary: every hidden cell's feasible interval given
//! everything published, by linear programming, and the rule that judges it.
//!
//! A published table and the tables linked to it (its overall row, its cohort rows, the same
//! table per group level) become one linear program ([`lp`]) over the finest cells a reader
//! could reason about; the builders ([`tactics`], [`two_by_two`], [`grid`]) read them from a
//! `Summary` on top of the shared [`cube`] and [`layout`]. A hidden cell — a `null` count or a
//! cell merged away inside a merged row or band — is *disclosed* when its interval is
//! narrower than `min_cell` and holds a count from 1 to `min_cell − 1`: a cell pinned at 0,
//! or known to lie in [12, 15], reveals no small count. [`audit`] reports;
//! [`protect`] suppresses more until nothing is disclosed; [`threshold`] re-applies the
//! threshold rule to a written report and [`command`] is `paradox audit`.

#[cfg(test)]
mod builders_tests;
pub mod command;
mod cube;
mod grid;
mod layout;
pub mod lp;
mod protect;
mod tactics;
pub mod threshold;
mod two_by_two;

use rayon::prelude::*;

use crate::analysis::summary::{AuditInfo, AuditInterval, Summary};
use crate::privacy::rules::MinCell;
use cube::Built;
use lp::Bounds;

pub use protect::{protect, protect_suppressed};

/// What [`audit`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditOutcome {
    pub info: AuditInfo,
    pub violations: Vec<Violation>,
    /// Tables whose published numbers admit no solution at all (a sign that they were not
    /// read as written, never a disclosure).
    pub inconsistent: Vec<String>,
}

/// A hidden cell whose interval discloses a small count.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub table: String,
    pub cell: String,
    pub lo: f64,
    pub hi: f64,
}

/// Room for the solver's rounding when an interval is compared with whole counts.
const EPS: f64 = 1e-6;

/// Whether `[lo, hi]` holds a whole count from 1 to `min_cell − 1`.
pub fn holds_small_count(b: Bounds, min_cell: u32) -> bool {
    let Some(largest) = MinCell::new(min_cell).largest_small_count() else {
        return false;
    };
    let first = (b.lo - EPS).ceil().max(1.0);
    let last = (b.hi + EPS).floor().min(largest as f64);
    first <= last
}

/// The rule: an interval narrower than `min_cell` that holds a small count discloses it.
pub fn discloses(b: Bounds, min_cell: u32) -> bool {
    b.hi - b.lo < f64::from(min_cell) - EPS && holds_small_count(b, min_cell)
}

/// Every hidden cell's interval, in the order the builders produced them, with the family
/// it came from and its atoms there.
pub(crate) struct Run {
    pub families: Vec<Built>,
    /// (table, cell, interval, family index, target index), one per named hidden cell: the
    /// narrowest of its intervals when several families hold it.
    pub cells: Vec<(String, String, Bounds, usize, usize)>,
    pub inconsistent: Vec<String>,
}

/// Every family of a published summary.
fn families(s: &Summary) -> Vec<Built> {
    let mut out = grid::record_counts(s);
    out.extend(tactics::build(s));
    out.extend(two_by_two::gap(s));
    out.extend(two_by_two::data_types(s));
    out.extend(grid::sensitivity(s));
    out
}

pub(crate) fn run(s: &Summary) -> Run {
    let families = families(s);
    let solved: Vec<Result<Vec<Bounds>, lp::Infeasible>> =
        families.par_iter().map(|b| lp::bounds(&b.family)).collect();
    let mut cells: Vec<(String, String, Bounds, usize, usize)> = Vec::new();
    let mut at: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut inconsistent = Vec::new();
    for (fi, (b, r)) in families.iter().zip(solved).enumerate() {
        let Ok(bounds) = r else {
            if !inconsistent.contains(&b.group) {
                inconsistent.push(b.group.clone());
            }
            continue;
        };
        for (ti, (t, iv)) in b.family.targets.iter().zip(bounds).enumerate() {
            let key = (t.table.clone(), t.cell.clone());
            match at.get(&key) {
                Some(&k) => {
                    let c = &mut cells[k];
                    let both = Bounds {
                        lo: c.2.lo.max(iv.lo),
                        hi: c.2.hi.min(iv.hi),
                    };
                    if iv.hi - iv.lo < c.2.hi - c.2.lo {
                        c.3 = fi;
                        c.4 = ti;
                    }
                    c.2 = both;
                }
                None => {
                    at.insert(key, cells.len());
                    cells.push((t.table.clone(), t.cell.clone(), iv, fi, ti));
                }
            }
        }
    }
    Run {
        families,
        cells,
        inconsistent,
    }
}

impl Run {
    /// Indices into `cells` of the disclosed ones.
    pub fn disclosed(&self, min_cell: u32) -> Vec<usize> {
        (0..self.cells.len())
            .filter(|&i| discloses(self.cells[i].2, min_cell))
            .collect()
    }

    pub fn info(&self, min_cell: u32, cells_added: u64) -> AuditInfo {
        let mut groups: Vec<&str> = self.families.iter().map(|b| b.group.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        let narrowest = self
            .cells
            .iter()
            .filter(|c| holds_small_count(c.2, min_cell))
            .min_by(|a, b| (a.2.hi - a.2.lo).total_cmp(&(b.2.hi - b.2.lo)))
            .map(|c| AuditInterval {
                table: c.0.clone(),
                cell: c.1.clone(),
                lo: round(c.2.lo),
                hi: round(c.2.hi),
            });
        AuditInfo {
            tables: groups.len() as u64,
            hidden_cells: self.cells.len() as u64,
            narrowest,
            cells_added,
        }
    }
}

/// Interval ends as written: the solver's rounding removed, infinity kept.
fn round(v: f64) -> f64 {
    if v.is_finite() {
        (v * 1e6).round() / 1e6
    } else {
        v
    }
}

/// Audits a published summary at `min_cell`.
pub fn audit(summary: &Summary, min_cell: u32) -> AuditOutcome {
    let r = run(summary);
    let violations = r
        .disclosed(min_cell)
        .into_iter()
        .map(|i| {
            let c = &r.cells[i];
            Violation {
                table: c.0.clone(),
                cell: c.1.clone(),
                lo: round(c.2.lo),
                hi: round(c.2.hi),
            }
        })
        .collect();
    AuditOutcome {
        info: r.info(min_cell, 0),
        violations,
        inconsistent: r.inconsistent.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: f64, hi: f64) -> Bounds {
        Bounds { lo, hi }
    }

    #[test]
    fn the_rule_needs_a_narrow_interval_holding_a_small_count() {
        assert!(discloses(b(3.0, 3.0), 10), "pinned at 3");
        assert!(discloses(b(0.0, 9.0), 10), "at most 9");
        assert!(!discloses(b(0.0, 10.0), 10), "as wide as min_cell");
        assert!(!discloses(b(0.0, 0.0), 10), "pinned at 0 reveals nobody");
        assert!(!discloses(b(12.0, 15.0), 10), "narrow but not small");
        assert!(discloses(b(8.0, 15.0), 10), "narrow, may be 8 or 9");
        assert!(!discloses(b(0.2, 0.8), 10), "holds no whole count from 1");
        assert!(!discloses(b(3.0, 3.0), 1), "suppression off");
        assert!(!discloses(b(3.0, 3.0), 0), "suppression off");
    }
}
