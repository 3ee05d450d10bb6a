//! The threshold rule, in one place: which published number is a small cell. The
//! suppression of a whole summary (`suppress`) and the dashboard's "would be suppressed"
//! marks both ask these predicates, so screen and report agree on every cell.
//!
//! A published count from 1 to `min_cell − 1` is suppressed (0 reveals nobody); a statistic
//! computed from fewer than `min_cell` respondents is suppressed; a proportion is also
//! suppressed when its numerator or its complement is such a count, since the small count
//! could be recomputed from it. Suppression is off when `min_cell` is 0 or 1 — one
//! definition, [`MinCell::is_off`], used everywhere.

use serde::{Deserialize, Serialize};

/// The smallest count that may be published. 0 and 1 both mean "suppression off": no count
/// is from 1 to `min_cell − 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MinCell(u32);

impl MinCell {
    /// Suppression off.
    pub const OFF: MinCell = MinCell(0);

    pub fn new(min_cell: u32) -> MinCell {
        MinCell(min_cell)
    }

    /// The value as given (0 and 1 are both "off").
    pub fn get(self) -> u32 {
        self.0
    }

    /// `true` when no cell is ever suppressed (`min_cell` 0 or 1).
    pub fn is_off(self) -> bool {
        self.0 <= 1
    }

    /// The largest suppressed count (`min_cell − 1`), or `None` when suppression is off.
    pub fn largest_small_count(self) -> Option<u64> {
        (!self.is_off()).then(|| u64::from(self.0) - 1)
    }
}

impl From<u32> for MinCell {
    fn from(v: u32) -> MinCell {
        MinCell(v)
    }
}

impl std::fmt::Display for MinCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A published count `n` is suppressed when `1 ≤ n < min_cell`.
pub fn would_suppress_count(n: u64, min_cell: u32) -> bool {
    !MinCell(min_cell).is_off() && n >= 1 && n < u64::from(min_cell)
}

/// A statistic (mean, α, ρ, a test) computed from `n` respondents is suppressed when
/// `n < min_cell`. An unknown `n` suppresses nothing here (the statistic is absent anyway).
pub fn would_suppress_statistic(n: Option<u64>, min_cell: u32) -> bool {
    match n {
        Some(n) => !MinCell(min_cell).is_off() && n < u64::from(min_cell),
        None => false,
    }
}

/// A proportion `num / den` is suppressed when it rests on fewer than `min_cell`
/// respondents, or its numerator or complement `den − num` is from 1 to `min_cell − 1`.
/// Complementary suppression may hide more.
pub fn would_suppress_proportion(num: u64, den: u64, min_cell: u32) -> bool {
    if MinCell(min_cell).is_off() {
        return false;
    }
    den < u64::from(min_cell)
        || would_suppress_count(num, min_cell)
        || would_suppress_count(den.saturating_sub(num), min_cell)
}

/// A proportion known only as a share `p` of `n` respondents: the numerator a reader could
/// reconstruct is `round(p·n)` (exact for unweighted shares, the effective count for
/// weighted ones), and the proportion rule applies to it.
pub fn would_suppress_share(p: Option<f64>, n: Option<u64>, min_cell: u32) -> bool {
    match (p, n) {
        (Some(p), Some(n)) if p.is_finite() => {
            let k = (p.clamp(0.0, 1.0) * n as f64).round() as u64;
            would_suppress_proportion(k, n, min_cell)
        }
        (_, Some(n)) => would_suppress_statistic(Some(n), min_cell),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_min_cell_minus_one_are_small() {
        assert!(!would_suppress_count(0, 10));
        assert!(would_suppress_count(1, 10));
        assert!(would_suppress_count(9, 10));
        assert!(!would_suppress_count(10, 10));
    }

    #[test]
    fn proportions_check_numerator_complement_and_n() {
        assert!(!would_suppress_proportion(50, 100, 10));
        assert!(would_suppress_proportion(5, 100, 10), "small numerator");
        assert!(would_suppress_proportion(95, 100, 10), "small complement");
        assert!(
            !would_suppress_proportion(100, 100, 10),
            "complement 0 reveals nobody"
        );
        assert!(would_suppress_proportion(4, 8, 10), "n below min_cell");
    }

    #[test]
    fn statistics_and_shares() {
        assert!(would_suppress_statistic(Some(9), 10));
        assert!(!would_suppress_statistic(Some(10), 10));
        assert!(!would_suppress_statistic(None, 10));
        assert!(would_suppress_share(Some(0.03), Some(100), 10));
        assert!(!would_suppress_share(Some(0.5), Some(100), 10));
    }

    /// `min_cell` 0 and 1 are the same setting: nothing is ever small.
    #[test]
    fn zero_and_one_both_turn_suppression_off() {
        for off in [0, 1] {
            assert!(MinCell::new(off).is_off());
            assert_eq!(MinCell::new(off).largest_small_count(), None);
            for n in 0..5u64 {
                assert!(!would_suppress_count(n, off));
                assert!(!would_suppress_statistic(Some(n), off));
                assert!(!would_suppress_proportion(n, 4, off));
                assert!(!would_suppress_share(Some(0.25), Some(n), off));
            }
        }
        assert!(!MinCell::new(2).is_off());
        assert_eq!(MinCell::new(10).largest_small_count(), Some(9));
    }
}
