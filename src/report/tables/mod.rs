//! The report's tables, twice: rounded [`DisplayTable`](crate::report::document::DisplayTable)s
//! for the HTML and Markdown reports, and tidy long-format CSV files (`tables/*.csv`) for R
//! and pandas. One file per family of tables, holding both forms, so a new column is added
//! to both in one place. This module only lists the CSV files.

pub mod cohort_tests;
mod csv_file;
pub mod data_types;
pub mod gap;
pub mod groups;
pub mod models;
pub mod scales;
pub mod screening;
pub mod sensitivity;
pub mod study;
pub mod tactics;

use crate::analysis::summary::Summary;
use crate::privacy::Published;

pub use csv_file::CsvTable;

/// Every CSV table of the report, in file-name order.
pub fn csv_tables(published: &Published) -> Vec<CsvTable> {
    let summary = published.summary();
    let mut out = vec![
        study::study_csv(published),
        study::cohorts_csv(summary),
        scales::scales_csv(summary),
        scales::alpha_if_dropped_csv(summary),
        gap::gap_csv(summary),
        cohort_tests::dunn_csv(summary),
        cohort_tests::tests_csv(summary),
        data_types::data_types_csv(summary),
        tactics::tactics_csv(summary),
        tactics::tactic_summary_csv(summary),
        notes_csv(summary),
        models::models_csv(summary),
        models::trends_csv(summary),
        screening::screening_csv(summary),
        sensitivity::sensitivity_csv(summary),
    ];
    out.extend(groups::by_group_csvs(summary));
    out.sort_by_key(|t| t.file);
    out
}

/// `notes.csv`: the analysis notes, one per row.
fn notes_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "notes.csv",
        header: vec!["note"],
        rows: summary.notes.iter().map(|n| vec![n.clone()]).collect(),
    }
}
