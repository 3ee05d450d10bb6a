//! Small building blocks shared by the analysis families: weighted proportions with their
//! Kish effective n (SPEC §3 "weights"), and the `notes` collector that records why a
//! statistic is `null`.

use crate::analysis::stats;
use crate::analysis::summary::Ci;

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
