//! Section 8, "Notes": why some values are missing, and other remarks of the analysis,
//! as the analysis wrote them.

use crate::analysis::summary::Summary;
use crate::report::document::{Block, Section};

pub fn section(summary: &Summary) -> Section {
    let blocks = if summary.notes.is_empty() {
        vec![Block::Para(
            "No statistic was undefined and nothing else needs remarking.".into(),
        )]
    } else {
        vec![
            Block::Para("Why some values are missing, and other remarks from the analysis:".into()),
            Block::List(summary.notes.clone()),
        ]
    };
    Section {
        id: "notes",
        title: "Notes".into(),
        blocks,
    }
}
