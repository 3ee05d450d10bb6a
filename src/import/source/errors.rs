//! The file errors of reading a delimited file: an I/O error, or a csv error with the line
//! it happened on.

use std::path::Path;

use crate::study::error::{Location, StudyError};

pub(super) fn io_err(path: &Path, e: impl std::fmt::Display) -> StudyError {
    StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

pub(super) fn csv_err(path: &Path, line: Option<u64>, message: impl Into<String>) -> StudyError {
    StudyError::Csv {
        path: path.to_path_buf(),
        at: Location { line, column: None },
        message: message.into(),
    }
}

/// A csv reader's error as a file error, with its line.
pub(crate) fn csv_read_error(path: &Path, e: &csv::Error) -> StudyError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8 ({err})"),
        _ => e.to_string(),
    };
    csv_err(path, line, message)
}
