//! The linear program of the audit: a [`Family`] of non-negative unknowns (the finest cells
//! a reader could reason about, "atoms"), the equations everything published gives ("these
//! atoms add up to this published count"), a few inequalities and ratios, and the hidden
//! targets (sums of atoms that were suppressed or merged away). [`bounds`] gives each
//! target's lowest and highest value over every non-negative solution — the interval an
//! attacker who knows all published numbers can narrow the hidden cell to (Hundepool et al.,
//! *Statistical Disclosure Control*, Wiley 2012, §4: the linear-programming "attacker
//! problem"; sdcTable's `attack()`).
//!
//! The program is the continuous relaxation, solved by `good_lp` with the pure-Rust `microlp`
//! backend: the true integer interval lies inside the one found, never outside it. Atoms that
//! a published zero pins to 0 are removed before solving, and a target made only of them is
//! `[0, 0]` without a solve.

use rayon::prelude::*;

use good_lp::{microlp, variable, Expression, ProblemVariables, SolverModel, Variable};

/// How much a published ratio may differ from the ratio of its atoms: only floating-point
/// error, since the published ratio is the exact quotient of two counts.
const RATIO_TOLERANCE: f64 = 1e-6;

/// One linear program: atoms, what is published about them, and what is hidden.
#[derive(Debug, Clone, Default)]
pub struct Family {
    /// The number of atoms (all ≥ 0).
    pub atoms: usize,
    /// Σ atoms = value (a published count, or one implied by a published proportion).
    pub eq: Vec<(Vec<usize>, f64)>,
    /// Σ atoms ≤ value (e.g. the respondents of unknown cohort bound those with an answer).
    pub le: Vec<(Vec<usize>, f64)>,
    /// Σ num = p · Σ den, for a published ratio whose denominator is itself hidden.
    pub ratios: Vec<Ratio>,
    pub targets: Vec<Target>,
}

/// A published ratio of two sums of atoms.
#[derive(Debug, Clone)]
pub struct Ratio {
    pub num: Vec<usize>,
    pub den: Vec<usize>,
    pub p: f64,
}

/// A hidden cell: the table and cell it is named by, and the atoms it adds up.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub table: String,
    pub cell: String,
    pub atoms: Vec<usize>,
}

/// A target's feasible interval; `hi` is infinite when nothing published bounds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
}

/// The published numbers of a family contradict each other (no non-negative solution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible;

impl Family {
    pub fn atom(&mut self) -> usize {
        self.atoms += 1;
        self.atoms - 1
    }

    pub fn equal(&mut self, atoms: Vec<usize>, value: u64) {
        self.eq.push((atoms, value as f64));
    }

    pub fn at_most(&mut self, atoms: Vec<usize>, value: u64) {
        self.le.push((atoms, value as f64));
    }

    pub fn ratio(&mut self, num: Vec<usize>, den: Vec<usize>, p: f64) {
        if p.is_finite() {
            self.ratios.push(Ratio { num, den, p });
        }
    }

    pub fn target(&mut self, table: impl Into<String>, cell: impl Into<String>, atoms: Vec<usize>) {
        let mut atoms = atoms;
        atoms.sort_unstable();
        atoms.dedup();
        self.targets.push(Target {
            table: table.into(),
            cell: cell.into(),
            atoms,
        });
    }
}

/// Each target's interval, in the order of `f.targets`.
pub fn bounds(f: &Family) -> Result<Vec<Bounds>, Infeasible> {
    // Presolve: atoms in a published zero are zero.
    let mut zero = vec![false; f.atoms];
    for (atoms, v) in f.eq.iter().chain(&f.le) {
        if *v <= 0.0 {
            for &a in atoms {
                zero[a] = true;
            }
        }
    }
    // Each atom is at most the smallest published total it is part of.
    let mut cap = vec![f64::INFINITY; f.atoms];
    for (atoms, v) in f.eq.iter().chain(&f.le) {
        for &a in atoms {
            cap[a] = cap[a].min(*v);
        }
    }
    if f.eq
        .iter()
        .any(|(atoms, v)| *v < 0.0 || (*v > 0.0 && atoms.iter().all(|&a| zero[a])))
    {
        return Err(Infeasible);
    }
    let trivial = |t: &Target| t.atoms.iter().all(|&a| zero[a]);
    if f.targets.iter().all(trivial) {
        return Ok(vec![Bounds { lo: 0.0, hi: 0.0 }; f.targets.len()]);
    }
    let low = Base::new(f, &zero, &cap, false)?;
    let high = Base::new(f, &zero, &cap, true)?;
    f.targets
        .par_iter()
        .map(|t| {
            if trivial(t) {
                return Ok(Bounds { lo: 0.0, hi: 0.0 });
            }
            let lo = low.extreme(&t.atoms)?;
            let hi = high.extreme(&t.atoms)?;
            Ok(Bounds {
                lo,
                hi: if hi >= high.big - 0.5 {
                    f64::INFINITY
                } else {
                    hi
                },
            })
        })
        .collect()
}

/// The family solved once with an extra unknown `z` (the objective, otherwise free in
/// [0, big]): each target then costs one constraint `z = Σ target` added to a copy of this
/// solution, re-optimised from it by dual simplex.
struct Base {
    solution: microlp::Solution,
    vars: Vec<Option<microlp::Variable>>,
    z: microlp::Variable,
    big: f64,
}

impl Base {
    fn new(f: &Family, zero: &[bool], cap: &[f64], maximise: bool) -> Result<Base, Infeasible> {
        let big = 1e9;
        let mut pv = ProblemVariables::new();
        let x: Vec<Option<Variable>> = (0..f.atoms)
            .map(|a| {
                (!zero[a]).then(|| {
                    let v = variable().min(0.0);
                    pv.add(if cap[a].is_finite() { v.max(cap[a]) } else { v })
                })
            })
            .collect();
        let z = pv.add(variable().min(0.0).max(big));
        let sum = |atoms: &[usize]| -> Expression { atoms.iter().filter_map(|&a| x[a]).sum() };
        let unsolved = if maximise {
            pv.maximise(z)
        } else {
            pv.minimise(z)
        };
        let mut model = unsolved.using(microlp);
        for (atoms, v) in &f.eq {
            if *v > 0.0 {
                model.add_constraint(sum(atoms).eq(*v));
            }
        }
        for (atoms, v) in &f.le {
            if *v > 0.0 {
                model.add_constraint(sum(atoms).leq(*v));
            }
        }
        for r in &f.ratios {
            let gap = sum(&r.num) - r.p * sum(&r.den);
            model.add_constraint(gap.clone().leq(RATIO_TOLERANCE));
            model.add_constraint(gap.geq(-RATIO_TOLERANCE));
        }
        let solution = model.solve().map_err(|_| Infeasible)?.into_inner();
        // good_lp creates the solver's variables in its own order: atoms, then z.
        let order: Vec<microlp::Variable> = solution.iter().map(|(v, _)| v).collect();
        let mut k = 0;
        let vars = x
            .iter()
            .map(|v| {
                v.map(|_| {
                    k += 1;
                    order[k - 1]
                })
            })
            .collect();
        Ok(Base {
            z: order[k],
            solution,
            vars,
            big,
        })
    }

    /// The optimum of Σ `atoms` (min or max, as the base was solved).
    fn extreme(&self, atoms: &[usize]) -> Result<f64, Infeasible> {
        let mut e = microlp::LinearExpr::empty();
        e.add(self.z, 1.0);
        for v in atoms.iter().filter_map(|&a| self.vars[a]) {
            e.add(v, -1.0);
        }
        let outcome = self
            .solution
            .clone()
            .add_constraint(e, microlp::ComparisonOp::Eq, 0.0)
            .map_err(|_| Infeasible)?;
        let s = outcome.solution().ok_or(Infeasible)?;
        Ok(s.var_value(self.z).max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(b: Bounds, lo: f64, hi: f64) {
        assert!(
            (b.lo - lo).abs() < 1e-5 && (b.hi - hi).abs() < 1e-5,
            "got [{}, {}], want [{lo}, {hi}]",
            b.lo,
            b.hi
        );
    }

    /// A 2×2 table x11 x12 / x21 x22 with its margins published and every cell hidden:
    /// each cell lies within the Fréchet bounds max(0, r + c − n) … min(r, c).
    fn two_by_two(r1: u64, c1: u64, n: u64) -> Vec<Bounds> {
        let mut f = Family::default();
        let x: Vec<usize> = (0..4).map(|_| f.atom()).collect();
        f.equal(vec![x[0], x[1]], r1);
        f.equal(vec![x[2], x[3]], n - r1);
        f.equal(vec![x[0], x[2]], c1);
        f.equal(vec![x[1], x[3]], n - c1);
        f.target("t", "x11", vec![x[0]]);
        f.target("t", "x22", vec![x[3]]);
        bounds(&f).unwrap()
    }

    #[test]
    fn a_hidden_cell_of_a_two_by_two_lies_within_the_frechet_bounds() {
        // r = 30, c = 50, n = 100: x11 ∈ [max(0, 30 + 50 − 100), min(30, 50)] = [0, 30];
        // x22 = n − r − c + x11 ∈ [20, 50].
        let b = two_by_two(30, 50, 100);
        close(b[0], 0.0, 30.0);
        close(b[1], 20.0, 50.0);
        // r = 70, c = 80, n = 100: x11 ∈ [50, 70]; x22 = x11 − 50 ∈ [0, 20].
        let b = two_by_two(70, 80, 100);
        close(b[0], 50.0, 70.0);
        close(b[1], 0.0, 20.0);
    }

    #[test]
    fn a_cell_whose_partner_in_its_row_is_published_is_pinned() {
        // Row 40 = x11 + x12 with x12 = 33 published: x11 = 7 exactly.
        let mut f = Family::default();
        let x: Vec<usize> = (0..4).map(|_| f.atom()).collect();
        f.equal(vec![x[0], x[1]], 40);
        f.equal(vec![x[1]], 33);
        f.equal(vec![x[0], x[1], x[2], x[3]], 100);
        f.target("t", "x11", vec![x[0]]);
        f.target("t", "x21 + x22", vec![x[2], x[3]]);
        let b = bounds(&f).unwrap();
        close(b[0], 7.0, 7.0);
        close(b[1], 60.0, 60.0);
    }

    /// Two hidden cells in each row and column (the pattern complementary suppression
    /// leaves): the hidden cells move together, so each keeps a wide interval.
    #[test]
    fn a_cycle_of_hidden_cells_moves_together() {
        // 10  5 | 15   hidden: x11, x12, x21, x22; what the published rest of the table
        //  6  9 | 15   leaves: x11 + x12 = 15, x21 + x22 = 15, x11 + x21 = 16,
        //               x12 + x22 = 14. x11 ∈ [max(0, 15 + 16 − 30), min(15, 16)] = [1, 15].
        let mut f = Family::default();
        let x: Vec<usize> = (0..4).map(|_| f.atom()).collect();
        f.equal(vec![x[0], x[1]], 15);
        f.equal(vec![x[2], x[3]], 15);
        f.equal(vec![x[0], x[2]], 16);
        f.equal(vec![x[1], x[3]], 14);
        f.target("t", "x12", vec![x[1]]);
        let b = bounds(&f).unwrap();
        // x12 = 15 − x11 ∈ [0, 14].
        close(b[0], 0.0, 14.0);
    }

    #[test]
    fn a_ratio_links_two_hidden_sums() {
        // x + y = 40, x / (x + y) = 0.25 with the denominator hidden in a ratio: x = 10.
        let mut f = Family::default();
        let x = f.atom();
        let y = f.atom();
        f.equal(vec![x, y], 40);
        f.ratio(vec![x], vec![x, y], 0.25);
        f.target("t", "x", vec![x]);
        close(bounds(&f).unwrap()[0], 10.0, 10.0);
    }

    #[test]
    fn zeros_unbounded_cells_and_contradictions() {
        let mut f = Family::default();
        let x = f.atom();
        let y = f.atom();
        let z = f.atom();
        f.equal(vec![x], 0);
        f.at_most(vec![y], 12);
        f.target("t", "x", vec![x]);
        f.target("t", "y", vec![y]);
        f.target("t", "z", vec![z]);
        let b = bounds(&f).unwrap();
        close(b[0], 0.0, 0.0);
        close(b[1], 0.0, 12.0);
        assert_eq!(b[2].lo, 0.0);
        assert!(b[2].hi.is_infinite());
        f.equal(vec![x, y], 20);
        assert_eq!(bounds(&f), Err(Infeasible));
    }
}
