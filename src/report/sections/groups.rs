//! "Group breakdowns" (only when the codebook has group columns): every figure by each
//! group column — the gap, stated versus actual sharing and tactic acceptance per level —
//! and the tests across levels with their family-wise adjusted p.

use crate::analysis::summary::Summary;
use crate::report::document::{Block, Section};
use crate::report::tables;

/// The section, or `None` when the study has no group column.
pub fn section(summary: &Summary) -> Option<Section> {
    if summary.by_group.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Para(
        "Every figure by each group column of the codebook. Tests of one kind across cohorts \
         and all group columns form a family and are corrected together (adjusted p); the \
         method is named in the tests table."
            .into(),
    )];
    for g in &summary.by_group {
        if let Some(c) = g.collapsed.as_ref().filter(|c| !c.group_levels.is_empty()) {
            let merged: Vec<String> = c.group_levels.iter().map(|m| m.join(" + ")).collect();
            blocks.push(Block::Para(format!(
                "{}: to publish every level without exposing small groups, {} {} shown as one level, in every table and test of this column.",
                g.group,
                merged.join(" and "),
                if merged.len() == 1 { "is" } else { "are" }
            )));
        }
        blocks.push(Block::Table(tables::groups::gap_table(g)));
        if let Some(t) = tables::groups::data_types_table(g) {
            blocks.push(Block::Table(t));
        }
        if let Some(t) = tables::groups::tactics_table(g, summary) {
            blocks.push(Block::Table(t));
        }
    }
    blocks.push(Block::Table(tables::groups::tests_table(summary)));
    Some(Section {
        id: "groups",
        title: "Group breakdowns".into(),
        blocks,
    })
}
