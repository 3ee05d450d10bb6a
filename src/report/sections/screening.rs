//! Section 1a, "Careless responses" (only when the codebook has `[screening]`): how many
//! respondents the careless-response rules flagged and whether they were left out, the
//! rules table, and the headline with and without them. Counts only.

use crate::analysis::summary::Summary;
use crate::fmt::count;
use crate::report::document::{Block, Section};
use crate::report::tables;

/// The section, or `None` when the codebook has no `[screening]`.
pub fn section(summary: &Summary) -> Option<Section> {
    let sc = summary.screening.as_ref()?;
    let mut blocks = Vec::new();
    let what = match (sc.flagged, sc.screened) {
        (Some(f), Some(n)) => format!(
            "{} of {} respondents were flagged by at least one careless-response rule",
            count(f),
            count(n)
        ),
        (None, Some(n)) => format!(
            "Fewer than {} (or a suppressed number) of {} respondents were flagged by at least one careless-response rule",
            summary.disclosure_control.min_cell,
            count(n)
        ),
        _ => "The number of respondents flagged by careless-response rules is withheld".into(),
    };
    let fate = if sc.excluded {
        "they are left out of every other figure of this report (codebook: exclude = true)"
    } else {
        "they are flagged only and remain in every other figure (codebook: exclude = false)"
    };
    blocks.push(Block::Para(format!("{what}; {fate}.")));
    blocks.push(Block::Table(tables::screening::rules_table(sc)));
    blocks.push(Block::Table(tables::screening::headline_table(sc)));
    blocks.push(Block::Para(
        "Speeders: completion time below a fraction of the median (Greszki, Meyer & Schoen 2015, Public Opinion Quarterly 79(2), use 30–50% of the median). Straightliners: the same answer to every item of a scale with at least 4 items. Attention checks: an answer other than the instructed one. The risk difference is P(discloser | concerned) − P(discloser | not concerned).".into(),
    ));
    Some(Section {
        id: "screening",
        title: "Careless responses".into(),
        blocks,
    })
}
