//! Where the engine reads the event log: an address (a path, a glob, a folder, `s3://…`)
//! and its format, and DuckDB's table function for it.

use super::sql::{lit, Dialect};

/// The event log as the engine reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub uri: String,
    pub parquet: bool,
    /// The delimiter of a CSV log paradox could open (engines guess otherwise).
    pub delimiter: Option<u8>,
}

impl Source {
    pub fn format_name(&self) -> &'static str {
        if self.parquet {
            "parquet"
        } else {
            "csv"
        }
    }

    /// DuckDB's table function reading the log.
    pub fn duckdb_reader(&self) -> String {
        let uri = lit(Dialect::DuckDb, &self.uri);
        if self.parquet {
            format!("read_parquet({uri})")
        } else {
            let delim = self
                .delimiter
                .map(|d| {
                    format!(
                        ", delim = {}",
                        lit(Dialect::DuckDb, &(d as char).to_string())
                    )
                })
                .unwrap_or_default();
            format!(
                "read_csv({uri}, header = true, all_varchar = true, quote = '\"', escape = '\"', ignore_errors = true{delim})"
            )
        }
    }
}

/// Whether an address names a delimited file (else it is read as Parquet).
pub(super) fn is_delimited_name(uri: &str) -> bool {
    let mut name = uri.trim_end_matches('/').to_ascii_lowercase();
    for ext in [".gz", ".zst", ".bz2"] {
        if let Some(n) = name.strip_suffix(ext) {
            name = n.to_string();
        }
    }
    [".csv", ".tsv", ".txt"].iter().any(|e| name.ends_with(e))
}
