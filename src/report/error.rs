//! Everything that can go wrong while writing a report, with the path it concerns.

use std::path::{Path, PathBuf};

#[derive(thiserror::Error, Debug)]
pub enum ReportError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: exists and is not a folder; the report needs a folder here", path.display())]
    NotADirectory { path: PathBuf },
    #[error("{}: not a usable report folder name", path.display())]
    BadOutDir { path: PathBuf },
    #[error("unknown report format \"{value}\" (expected a comma-separated list of html, md, svg, png, csv, json, or all)")]
    UnknownFormat { value: String },
    #[error("{}: drawing the charts failed: {message}", path.display())]
    Chart { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Render { path: PathBuf, message: String },
    /// The output gate refused the folder (an input, a folder holding files paradox did
    /// not write, or a file of this report's name that paradox did not write).
    #[error(transparent)]
    Refused(#[from] crate::gate::GateError),
}

pub(crate) fn io_err(path: &Path, e: std::io::Error) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
