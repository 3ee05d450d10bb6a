//! Small building blocks shared by the analysis families: weighted proportions with their
//! Kish effective n (the n of every weighted proportion's interval), and the `notes` collector that records why a
//! statistic is `null`.

use crate::analysis::stats;
use crate::analysis::summary::Ci;
use crate::study::codebook::limits::MAX_GROUP_LEVELS;
use crate::study::Factor;

/// A (possibly weighted) proportion being accumulated: numerator and denominator weights,
/// plus Σw² of the denominator for Kish's effective n.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proportion {
    pub num: f64,
    pub den: f64,
    pub den_sq: f64,
    /// Unweighted counts.
    pub num_n: u64,
    pub den_n: u64,
}

impl Proportion {
    pub fn add(&mut self, hit: bool, w: f64) {
        self.den += w;
        self.den_sq += w * w;
        self.den_n += 1;
        if hit {
            self.num += w;
            self.num_n += 1;
        }
    }
    pub fn value(&self) -> Option<f64> {
        (self.den_n > 0 && self.den > 0.0).then(|| self.num / self.den)
    }
    /// Kish effective n = (Σw)²/Σw² (equals the count when unweighted).
    pub fn effective_n(&self) -> f64 {
        if self.den_sq > 0.0 {
            self.den * self.den / self.den_sq
        } else {
            0.0
        }
    }
    /// Wilson 95% interval using the effective n.
    pub fn wilson(&self) -> Ci {
        stats::wilson(self.value()?, self.effective_n())
    }
}

/// A weighted mean.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mean {
    pub sum: f64,
    pub weight: f64,
    pub n: u64,
}

impl Mean {
    pub fn add(&mut self, x: f64, w: f64) {
        self.sum += x * w;
        self.weight += w;
        self.n += 1;
    }
    pub fn value(&self) -> Option<f64> {
        (self.n > 0 && self.weight > 0.0).then(|| self.sum / self.weight)
    }
}

/// Respondents per level of a group column among `rows` (indices into the study), one count
/// per level of the column; a code beyond its levels counts in none. The first pass of a
/// breakdown or a model: whatever they allocate per level is sized by the levels present,
/// once [`too_many_levels`] has said they are few enough.
pub fn level_sizes(factor: &Factor, rows: &[usize]) -> Vec<usize> {
    let mut sizes = vec![0usize; factor.levels.len()];
    for &r in rows {
        if let Some(n) = factor
            .codes
            .get(r)
            .copied()
            .flatten()
            .and_then(|l| sizes.get_mut(l as usize))
        {
            *n += 1;
        }
    }
    sizes
}

/// The number of levels present (non-zero `sizes`) when it is above the limit a group
/// column may have to be broken down or enter a model ([`MAX_GROUP_LEVELS`]).
pub fn too_many_levels(sizes: &[usize]) -> Option<usize> {
    let present = sizes.iter().filter(|&&n| n > 0).count();
    (present > MAX_GROUP_LEVELS).then_some(present)
}

/// The `notes` of a summary: "path: reason".
#[derive(Debug, Default)]
pub struct Notes(pub Vec<String>);

impl Notes {
    pub fn add(&mut self, path: impl AsRef<str>, reason: impl AsRef<str>) {
        self.0
            .push(format!("{}: {}", path.as_ref(), reason.as_ref()));
    }
}

/// Keeps a value only when finite (a guard: no NaN or infinity ever reaches the JSON).
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The sums of the respondents of one block that fall in one cell (a class of answers):
/// their count, Σw and Σw², each added in respondent order.
///
/// The counting families (tactics, data types) add every respondent to one cell of its
/// block and derive each proportion from sums over cells, in cell order. A block's figures
/// then depend only on its own respondents in study order, so a block computed alongside
/// others (per cohort, per group level) has the same bits as the same respondents
/// summarised alone (a filtered study); and each respondent costs three additions to one
/// cell instead of one addition per proportion.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    pub n: u64,
    pub w: f64,
    pub w2: f64,
}

impl Cell {
    #[inline(always)]
    pub fn add(&mut self, w: f64) {
        self.n += 1;
        self.w += w;
        self.w2 += w * w;
    }

    /// Adds the sums of another cell (of later, or interleaved, respondents).
    pub fn merge(&mut self, other: &Cell) {
        self.n += other.n;
        self.w += other.w;
        self.w2 += other.w2;
    }
}

/// The proportion of the respondents in the cells of `block` where `den` holds that are
/// also in cells where `num` holds (`num` implies `den`), summed over cells in order.
pub fn cell_proportion(
    block: &[Cell],
    num: impl Fn(usize) -> bool,
    den: impl Fn(usize) -> bool,
) -> Proportion {
    let mut p = Proportion::default();
    for (i, c) in block.iter().enumerate() {
        if den(i) {
            p.den += c.w;
            p.den_sq += c.w2;
            p.den_n += c.n;
            if num(i) {
                p.num += c.w;
                p.num_n += c.n;
            }
        }
    }
    p
}
