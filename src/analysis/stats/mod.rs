//! Statistical primitives on plain slices (SPEC §3): intervals, reliability, ranks and
//! tests. Each function names its source; each is checked against independent reference
//! values in its tests.
