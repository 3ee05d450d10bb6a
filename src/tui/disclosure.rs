//! Which numbers on screen publishing would suppress (SPEC §5, threshold rule). The
//! dashboard shows the unsuppressed summary — the analyst's own screen is not a
//! publication — but marks these cells so nobody copies them into a paper by hand. Counts
//! and proportions use `privacy`'s own threshold rule, so screen and report agree; the
//! helpers here add the cases the screen needs (a statistic's n, a share known only as a
//! ratio). `min_cell = 0` turns suppression off. Tables additionally mark what
//! `privacy::publish` hides beyond this rule (complementary suppression), by comparing with
//! the published summary the worker computes (`Grid::marked`); chart marks use this rule.

/// A published count from 1 to `min_cell − 1` is suppressed; 0 is not (an empty cell
/// reveals nobody).
pub fn would_suppress_count(n: u64, min_cell: u32) -> bool {
    crate::privacy::would_suppress_count(n, min_cell)
}

/// A statistic (mean, α, ρ, a test) computed from `n` respondents.
pub fn would_suppress_statistic(n: Option<u64>, min_cell: u32) -> bool {
    match n {
        None => false,
        Some(n) => n < u64::from(min_cell),
    }
}

/// A proportion `numerator / n`: suppressed when `n` is below `min_cell`, or when the
/// numerator or its complement is a small count that could be recomputed from it.
pub fn would_suppress_proportion(numerator: u64, n: u64, min_cell: u32) -> bool {
    crate::privacy::would_suppress_proportion(numerator, n, min_cell)
}

/// A proportion known only as a share `p` of `n` respondents: the numerator is recovered
/// as `round(p·n)`. Exact for unweighted shares; for weighted ones it is the effective
/// count a reader could reconstruct, which is what the rule protects against.
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
    fn counts_from_one_to_min_cell_minus_one_are_marked() {
        assert!(!would_suppress_count(0, 10));
        assert!(would_suppress_count(1, 10));
        assert!(would_suppress_count(9, 10));
        assert!(!would_suppress_count(10, 10));
        assert!(
            !would_suppress_count(3, 0),
            "min_cell 0 turns suppression off"
        );
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
        assert!(!would_suppress_proportion(4, 8, 0));
    }

    #[test]
    fn statistics_from_few_respondents_are_marked() {
        assert!(would_suppress_statistic(Some(9), 10));
        assert!(!would_suppress_statistic(Some(10), 10));
        assert!(!would_suppress_statistic(None, 10));
        assert!(would_suppress_share(Some(0.03), Some(100), 10));
        assert!(!would_suppress_share(Some(0.5), Some(100), 10));
    }
}
