//! "Threshold sensitivity" (only when the grid was computed): how the paradoxical share and
//! the risk difference move with the two cut-offs, with the sensitivity chart and the
//! table at the codebook's disclosure threshold.

use crate::analysis::summary::Summary;
use crate::fmt::cell_num;
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;

/// The section, or `None` when the summary has no sensitivity grid.
pub fn section(summary: &Summary) -> Option<Section> {
    let g = summary.sensitivity.as_ref()?;
    let mut blocks = vec![Block::Para(
        "The paradoxical share and the risk difference depend on two cut-offs: when a \
         respondent counts as concerned and when as a discloser. Both are recomputed here for \
         every half point of the concern scale and every disclosure threshold from 20% to 80%; \
         the outlined cell is the codebook's choice and equals the headline figures."
            .into(),
    )];
    let rds: Vec<f64> = g
        .cells
        .iter()
        .flatten()
        .filter_map(|c| c.disclosure_rd)
        .collect();
    if !rds.is_empty() {
        let neg = rds.iter().filter(|&&d| d < 0.0).count();
        blocks.push(Block::Para(format!(
            "The risk difference is negative in {neg} of {} cells with a value (range {} to {} points).",
            rds.len(),
            cell_num(rds.iter().copied().reduce(f64::min).map(|v| v * 100.0), 0),
            cell_num(rds.iter().copied().reduce(f64::max).map(|v| v * 100.0), 0),
        )));
    }
    if let Some(d) = &g.dropped {
        let list = |v: &[f64], unit: &str| {
            v.iter()
                .map(|x| format!("{unit}{x}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !d.concern.is_empty() {
            parts.push(format!("concern thresholds {}", list(&d.concern, ">")));
        }
        if !d.disclosure.is_empty() {
            parts.push(format!(
                "disclosure thresholds {}",
                list(&d.disclosure, "≥")
            ));
        }
        blocks.push(Block::Para(format!(
            "The grid leaves out the {}: with them, the difference of two neighbouring cells would reveal fewer than {} respondents.",
            parts.join(" and "),
            summary.disclosure_control.min_cell
        )));
    }
    blocks.push(Block::Chart(ChartRef::ThresholdSensitivity));
    blocks.push(Block::Table(tables::sensitivity::sensitivity_table(g)));
    Some(Section {
        id: "sensitivity",
        title: "Threshold sensitivity".into(),
        blocks,
    })
}
