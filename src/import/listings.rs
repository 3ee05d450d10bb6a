//! The analyst's listings beside a study: `rejected.csv` (every rejected value with its
//! place and reason) and `flagged.csv` (respondents flagged by careless-response
//! screening, with the rules that flag them). Never published.

use std::path::Path;

use crate::gate::write_atomically;
use crate::import::screen;
use crate::study::{Study, StudyError};

/// The first bytes of `rejected.csv`: how the output gate recognises a file paradox wrote.
pub const REJECTED_HEADER: &[u8] = b"file,line,column,value,reason\n";
/// The first bytes of `flagged.csv`.
pub const FLAGGED_HEADER: &[u8] = b"id,reasons\n";

/// `flagged.csv` (analyst's output only, never published): one row per respondent flagged
/// by careless-response screening — id and the rules that flag them. Nothing is written
/// when the codebook has no `[screening]`; returns whether a file was written.
pub fn write_flagged(study: &Study, path: &Path) -> Result<bool, StudyError> {
    write_flagged_as(study, path, &|id| id.to_string())
}

/// [`write_flagged`] with each id written as `id_of(id)` (e.g. its pseudonym).
pub fn write_flagged_as(
    study: &Study,
    path: &Path,
    id_of: &dyn Fn(&str) -> String,
) -> Result<bool, StudyError> {
    let Some(flags) = screen::flags(study) else {
        return Ok(false);
    };
    let err = |e: &dyn std::fmt::Display| StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "reasons"]).map_err(|e| err(&e))?;
    for (r, id) in study.ids.iter().enumerate() {
        if flags.any[r] {
            w.write_record([id_of(id).as_str(), &flags.reasons(study, r).join("; ")])
                .map_err(|e| err(&e))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| err(&e))?;
    write_atomically(path, &bytes).map_err(|e| err(&e))?;
    Ok(true)
}

/// `rejected.csv`: file, line, column, value, reason — one row per rejected value.
pub fn write_rejected(study: &Study, path: &Path) -> Result<(), StudyError> {
    let err = |e: &dyn std::fmt::Display| StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
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
    let bytes = w.into_inner().map_err(|e| err(&e))?;
    write_atomically(path, &bytes).map_err(|e| err(&e))
}
