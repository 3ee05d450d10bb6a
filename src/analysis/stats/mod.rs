//! Statistical primitives on plain slices (SPEC §3): intervals, reliability, ranks and
//! tests. Each function names its source; each is checked against independent reference
//! values in its tests.

pub mod dist;
pub mod intervals;
pub mod logit;
pub mod rank;
pub mod reliability;
pub mod tests;

pub use dist::*;
pub use intervals::*;
pub use rank::*;
pub use reliability::*;
pub use tests::*;
