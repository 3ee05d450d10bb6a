//! The report as a document: sections of paragraphs, lists, tables and chart references.
//! `sections/` builds it from a published summary; `html.rs` and `markdown.rs` render it.
//! It holds text that is already formatted for people and knows nothing of statistics.

use crate::fmt::MISSING_CELL;

/// A table for people: rounded cells, one header row.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayTable {
    pub caption: String,
    pub header: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl DisplayTable {
    /// A table from its caption, its columns as (heading, numeric) and its rows.
    pub fn new(
        caption: impl Into<String>,
        header: &[(&str, bool)],
        rows: Vec<Vec<String>>,
    ) -> DisplayTable {
        DisplayTable {
            caption: caption.into(),
            header: header.iter().map(|(h, _)| h.to_string()).collect(),
            numeric: header.iter().map(|(_, n)| *n).collect(),
            rows,
        }
    }

    /// True when a cell is (or starts with) the missing-value mark, so the renderers add
    /// the legend that explains it.
    pub fn has_missing(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|c| c == MISSING_CELL || c.starts_with(MISSING_CELL))
    }
}

/// A figure's title as a caption sentence: one closing mark, never "?." — a title that
/// already ends in `?`, `!` or `.` keeps its own mark, any other gets a full stop.
pub fn caption_sentence(title: &str) -> String {
    let t = title.trim_end_matches('.');
    if t.ends_with('?') || t.ends_with('!') {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Which chart a figure shows: the stem of `charts/STEM.svg`.
pub type ChartRef = crate::report::charts::ChartKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(String),
    /// A paragraph with a run-in heading: ("Weights", "No survey weights …").
    Titled(String, String),
    List(Vec<String>),
    Table(DisplayTable),
    Chart(ChartRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// HTML anchor.
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// The warning that must open the report (seeded DP noise), if any.
    pub not_private: Option<String>,
    /// One line under the title: tool, version, filter.
    pub subtitle: String,
    pub sections: Vec<Section>,
}
