//! Statistical primitives on plain slices: distribution tails, intervals, reliability,
//! ranks, the hypothesis tests (one file per test) and multiplicity adjustments, the power
//! and equivalence of a correlation, and the logistic regression of the adjusted models.
//! Each function names its source and is checked against independent reference values in
//! its tests; `docs/methods.md` defines every statistic.

#[cfg(test)]
mod check;
pub mod chi2;
pub mod dist;
pub mod intervals;
pub mod kruskal;
pub mod logit;
pub mod mcnemar;
pub mod meta;
pub mod multiplicity;
pub mod normal;
pub mod power;
pub mod rank;
pub mod reliability;
pub mod spearman;

pub use chi2::*;
pub use dist::*;
pub use intervals::*;
pub use kruskal::*;
pub use mcnemar::*;
pub use multiplicity::*;
pub use normal::*;
pub use power::*;
pub use rank::*;
pub use reliability::*;
pub use spearman::*;
