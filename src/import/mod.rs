//! Readers for survey tables, wide behaviour tables and event logs; validation; rejected
//! rows; the PII guard (SPEC §2); the normalized copy written by `paradox import`.

pub mod audit;
pub(crate) mod ids;
pub mod load;
pub mod normalize;
pub mod pii;
pub mod source;
pub mod values;

use std::path::Path;

pub use audit::audit_text;
pub use load::{load_codebook, load_study, resolve_files, LoadOptions, StudyFiles};

use crate::study::{Study, StudyError};

/// `rejected.csv`: file, line, column, value, reason — one row per rejected value.
pub fn write_rejected(study: &Study, path: &Path) -> Result<(), StudyError> {
    let err = |e: &dyn std::fmt::Display| StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_path(path).map_err(|e| err(&e))?;
    w.write_record(["file", "line", "column", "value", "reason"])
        .map_err(|e| err(&e))?;
    for r in &study.audit.rejected {
        w.write_record([
            r.file.as_str(),
            &r.line.to_string(),
            &r.column,
            &r.value,
            &r.reason,
        ])
        .map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}
