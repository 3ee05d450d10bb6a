//! The file errors of reading a delimited file: an I/O error, a csv error with the line it
//! happened on, or an error the byte stream itself raised at a line it knows (a line too
//! long, a runaway quote), carried through the csv reader inside an `io::Error`.

use std::fmt;
use std::io;
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

/// An error found while the bytes stream past (the parser sees it as an I/O error), with
/// the line it belongs to when that is known.
#[derive(Debug)]
pub(super) struct StreamError {
    pub(super) line: Option<u64>,
    pub(super) message: String,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StreamError {}

impl From<StreamError> for io::Error {
    fn from(e: StreamError) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

/// An I/O error of reading `path` as a file error, with the line a [`StreamError`] inside
/// it names.
pub(super) fn read_error(path: &Path, e: &io::Error) -> StudyError {
    match e.get_ref().and_then(|x| x.downcast_ref::<StreamError>()) {
        Some(s) => csv_err(path, s.line, s.message.clone()),
        None => csv_err(path, None, e.to_string()),
    }
}

/// A csv reader's error as a file error, with its line.
pub(crate) fn csv_read_error(path: &Path, e: &csv::Error) -> StudyError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => return read_error(path, io),
        csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8 ({err})"),
        _ => e.to_string(),
    };
    csv_err(path, line, message)
}
