//! Helpers of this folder's checks against reference values (test builds only).

/// `actual` within a relative `rel` of `expected`.
pub fn assert_close(actual: f64, expected: f64, rel: f64) {
    assert!(
        (actual - expected).abs() <= rel * expected.abs(),
        "actual {actual:e}, expected {expected:e}"
    );
}

/// `x` in a fixed pseudo-random order: the respondents of a permutation check.
pub fn shuffle<T: Clone>(x: &[T], seed: u64) -> Vec<T> {
    // A deterministic Fisher–Yates shuffle driven by an LCG.
    let mut out = x.to_vec();
    let mut state = seed;
    for i in (1..out.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.swap(i, (state >> 33) as usize % (i + 1));
    }
    out
}

/// Equal up to rounding: the same statistic from the same values in another order.
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}
