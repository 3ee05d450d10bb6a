//! Parquet input: event logs and behaviour tables stored as Parquet (`events.parquet`,
//! `behavior.parquet`, or a folder of part files). Only the columns the codebook
//! names are read, one row group at a time and within it a batch of rows at a time; their
//! cells are handed to the loader as text, so the same validation, rejected rows and
//! results follow as from the CSV of the same data. `file` opens a file (footer, columns,
//! positional reads, errors); `batch` reads some columns of a row group as text; `pages`
//! reads a dictionary-encoded text column as codes into its dictionary, so that a reader
//! resolves each distinct value once (the event log's fast path).

mod batch;
mod file;
mod pages;

pub use batch::{RowGroupText, TextColumn, BATCH_ROWS};
pub use file::{ColumnKind, ParquetFile};
pub use pages::{CodedBatch, CodedColumn, NotCoded, NULL_CODE, PLAIN_CODE};

/// Whether `path` names a Parquet file (by its extension).
pub fn is_parquet(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}
