//! The one error type of loading a study: every *file error* (one that stops the load,
//! unlike a row error, which only rejects its row), each carrying the file, line, column
//! and value that caused it, so the message a researcher reads says exactly where to look.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// Where in an input file something was found. Lines are 1-based physical record numbers
/// as a spreadsheet shows them (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub line: Option<u64>,
    pub column: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column \"{c}\"")?;
        }
        Ok(())
    }
}

#[derive(Debug, Error)]
pub enum StudyError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },

    #[error("{}{}{}: {message}", path.display(), fmt_line_col(*line, *column), fmt_key(key))]
    Codebook {
        path: PathBuf,
        key: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },

    #[error("{}{at}: {message}", path.display())]
    Csv {
        path: PathBuf,
        at: Location,
        message: String,
    },

    #[error("{}{place}: column \"{column}\" named by the codebook ({key}) is missing; the file has: {available}", path.display())]
    MissingColumn {
        path: PathBuf,
        /// Where the header is: ", line 1" in a text file, nothing in a Parquet file.
        place: &'static str,
        column: String,
        key: String,
        available: String,
    },

    #[error("{}, line {line}, column \"{column}\": duplicate respondent id \"{value}\" (first seen on line {first_line}); which row is right cannot be known", path.display())]
    DuplicateId {
        path: PathBuf,
        line: u64,
        column: String,
        value: String,
        first_line: u64,
    },

    /// A column that looks like personal data; `usage` says how the codebook uses it,
    /// which decides the way out the message offers.
    #[error("{}, column \"{column}\": {}", path.display(), pii_text(kind, *matched, *checked, *by_heading, usage))]
    Pii {
        path: PathBuf,
        column: String,
        kind: String,
        matched: usize,
        checked: usize,
        by_heading: bool,
        usage: PiiUse,
    },

    /// An SPSS system file (`.sav`/`.zsav`) that cannot be read: where (byte offset in the
    /// file, or case number and variable) and what was found.
    #[error("{}{}: {message}", path.display(), fmt_sav_at(*offset, *case, variable.as_deref()))]
    Sav {
        path: PathBuf,
        offset: Option<u64>,
        case: Option<u64>,
        variable: Option<String>,
        message: String,
    },

    /// The study loaded but nothing is left to analyse (exit status 1, not 2).
    #[error("{0}")]
    NothingToAnalyse(String),
}

impl StudyError {
    /// The process exit status: 1 when the analysis could not run, 2 for bad input.
    pub fn exit_code(&self) -> u8 {
        match self {
            StudyError::NothingToAnalyse(_) => 1,
            _ => 2,
        }
    }
}

/// How the codebook uses a column the PII guard refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PiiUse {
    /// Not at all: it can be left out (`--drop-pii`) or allowed (`[pii_allow]`).
    Unused,
    /// The respondent ids: only pseudonyms can take their place.
    Id,
    /// Under this codebook key (e.g. `scale "trust" items`): the analysis needs it.
    Used(String),
    /// A group column (this key) whose levels are published as labels.
    Labels(String),
}

/// The PII refusal after the file and column: what the values look like and the way out.
fn pii_text(
    kind: &str,
    matched: usize,
    checked: usize,
    by_heading: bool,
    usage: &PiiUse,
) -> String {
    const NEEDS_NONE: &str = "the analysis needs no personal data";
    const USED: &str = "A column the codebook uses cannot simply be dropped (--drop-pii leaves \
                        it in place): correct its values or take it out of the codebook, or \
                        allow it in the codebook's [pii_allow] with a reason";
    match usage {
        PiiUse::Unused => format!(
            "looks like {kind} ({matched} of {checked} values{}); {NEEDS_NONE}. Re-run with \
             --drop-pii to remove the column from the normalized copy, or allow it in the \
             codebook's [pii_allow] with a reason",
            if by_heading {
                ", and by its heading"
            } else {
                ""
            }
        ),
        PiiUse::Id => format!(
            "the respondent ids look like {kind} ({matched} of {checked} values); {NEEDS_NONE}. \
             Ids that are personal data are accepted only by `paradox import \
             --pseudonymize-ids`, which writes a normalized copy with salted pseudonyms in \
             their place (--drop-pii cannot drop the id column, and [pii_allow] does not \
             cover it)"
        ),
        PiiUse::Used(key) => format!(
            "looks like {kind} ({matched} of {checked} values); {NEEDS_NONE}, yet the codebook \
             uses this column ({key}). {USED}"
        ),
        PiiUse::Labels(key) => format!(
            "{matched} of {checked} group levels look like {kind}; group levels ({key}) are \
             published as labels in the report's tables, models.csv and summary.json. {USED}"
        ),
    }
}

fn fmt_line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) if l > 0 => format!(", line {l}, column {c}"),
        (Some(l), _) if l > 0 => format!(", line {l}"),
        _ => String::new(),
    }
}

fn fmt_sav_at(offset: Option<u64>, case: Option<u64>, variable: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(c) = case {
        s.push_str(&format!(", case {c}"));
    }
    if let Some(v) = variable {
        s.push_str(&format!(", variable \"{v}\""));
    }
    if let Some(o) = offset {
        s.push_str(&format!(", byte {o}"));
    }
    s
}

fn fmt_key(key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!(" [{key}]")
    }
}
