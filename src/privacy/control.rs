//! Disclosure control of a summary's numbers: differential-privacy noise when asked for,
//! then the threshold rule and complementary suppression, with the notes that say what was
//! done. [`publish`](super::publish) wraps the result in a `Published`.

use crate::analysis::Summary;

use super::paths::suppressed_paths;
use super::rules::MinCell;
use super::suppress::{self, SuppressionReport};
use super::{audit, dp, models};

/// The numbers of a summary as they may be published — what [`publish`](super::publish) puts into a
/// [`Published`](super::Published), for tools and tests that inspect them: small-cell suppression (`min_cell`; 0 or 1 = off),
/// complementary suppression, and optional differential privacy with total budget
/// `dp_epsilon` (`dp_seed` makes the noise reproducible and is for tests only; it is never
/// written into the result).
///
/// `disclosure_control.suppressed_cells` counts the numbers that were present before
/// suppression and are `null` after it: every count cell, total, proportion, statistic and
/// p-value counts once, a CI (`[low, high]`) counts once, and each `alpha_if_dropped` entry
/// counts once; a gap block's `rho_mde` and `equivalence` fields, which restate its n, ρ
/// and risk difference, go with them and are not counted again (see
/// [`suppressed_paths`](super::suppressed_paths)). Values withheld because differential privacy cannot publish them (α, tests…)
/// are not counted; they are listed in a note instead.
pub fn publish_summary(
    summary: &Summary,
    min_cell: u32,
    dp_epsilon: Option<f64>,
    dp_seed: Option<u64>,
) -> Summary {
    let mut s = summary.clone();
    let mut notes = Vec::new();
    if let Some(epsilon) = dp_epsilon {
        notes.extend(dp::apply(&mut s, epsilon, dp_seed));
        notes.extend(models::withhold_under_dp(&mut s));
        if dp_seed.is_some() {
            notes.push(
                "differential privacy: the noise came from a fixed seed (--dp-seed, for tests only), so this summary is NOT private"
                    .into(),
            );
        }
    }
    if dp_epsilon.is_some() {
        notes.extend(withhold_screening(&mut s));
    }
    let before = s.clone();
    let mut suppressed = 0u64;
    if !MinCell::new(min_cell).is_off() {
        let report = suppress::suppress(&mut s, min_cell, dp_epsilon.is_none());
        // The linear-programming audit needs exact tables: under noise it has nothing to say.
        // More is suppressed where it would not be: chosen counts go back through
        // suppression as small ones, so complementary suppression protects them too.
        s.disclosure_control.audit = dp_epsilon
            .is_none()
            .then(|| audit::protect_suppressed(&before, &mut s, min_cell));
        let model_notes = models::suppress(&mut s, min_cell);
        suppressed = suppressed_paths(&before, &s).len() as u64;
        notes.extend(suppression_notes(&report, suppressed, min_cell));
        notes.extend(model_notes);
    }
    if !MinCell::new(min_cell).is_off() || dp_epsilon.is_some() {
        scrub_counts_from_notes(&mut s.notes);
    }
    s.notes.extend(notes);
    s.disclosure_control.min_cell = min_cell;
    s.disclosure_control.suppressed_cells = suppressed;
    s.disclosure_control.dp_epsilon = dp_epsilon;
    s
}

/// Under differential privacy the screening counts and the with/without headline blocks
/// are not noised (the budget is spent on the main tables), so they are withheld; which
/// rules were applied, and whether flagged respondents were excluded, stay.
fn withhold_screening(s: &mut Summary) -> Option<String> {
    let sc = s.screening.as_mut()?;
    sc.screened = None;
    sc.flagged = None;
    sc.kept = None;
    sc.median_duration = None;
    sc.speeder_cutoff = None;
    sc.with_flagged = None;
    sc.without_flagged = None;
    for r in &mut sc.rules {
        r.flagged = None;
    }
    Some(
        "differential privacy: screening counts and the headline with and without flagged respondents are withheld (not noised)"
            .into(),
    )
}

fn suppression_notes(r: &SuppressionReport, total: u64, min_cell: u32) -> Vec<String> {
    let mut notes = vec![format!(
        "disclosure control: {total} values suppressed (min_cell = {min_cell})"
    )];
    if r.threshold_counts > 0 {
        notes.push(format!(
            "disclosure control: {} counts from 1 to {} suppressed (n < {min_cell})",
            r.threshold_counts,
            min_cell - 1
        ));
    }
    if r.complementary_counts > 0 {
        notes.push(format!(
            "disclosure control: {} further counts suppressed so that no suppressed count can be recovered from a total (complementary suppression)",
            r.complementary_counts
        ));
    }
    let derived = total.saturating_sub(r.threshold_counts + r.complementary_counts);
    if derived > 0 {
        notes.push(format!(
            "disclosure control: {derived} proportions, CIs and statistics suppressed because they rest on fewer than {min_cell} respondents or would reveal a suppressed count"
        ));
    }
    for label in &r.unprotected {
        notes.push(format!(
            "disclosure control: {label}: a suppressed count cannot be protected, because its total is published in `study`"
        ));
    }
    notes
}

/// Analysis notes may quote exact small counts — McNemar's "(b = 0, c = 3)", "Spearman
/// needs at least 4 pairs, got 3", "… at least 2 complete respondents, got 1"; a published
/// summary keeps the reason and drops the number.
fn scrub_counts_from_notes(notes: &mut [String]) {
    for n in notes.iter_mut() {
        if let Some(at) = n.find(" (b = ") {
            n.truncate(at);
        }
        if n.contains("pairs, got ") || n.contains("respondents, got ") {
            if let Some(at) = n.rfind(", got ") {
                n.truncate(at);
            }
        }
    }
}
