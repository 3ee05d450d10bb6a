//! What `paradox synth` is asked for and what it reports back: the options, the files
//! written, and why a study could not be written.

use std::path::{Path, PathBuf};

/// What to generate and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthOptions {
    /// Number of survey respondents (at least 1).
    pub respondents: u64,
    /// Seed of the random stream; the same options give byte-identical files.
    pub seed: u64,
    /// The study folder; its last component becomes the study name.
    pub out: PathBuf,
    /// Write an event log (`events.csv`) instead of a wide `behavior.csv`.
    pub events: bool,
    /// Write into a folder that already has files in it (files of the same names are
    /// replaced; a `behavior.csv`/`events.csv` of the other format is removed so the folder
    /// stays one consistent study).
    pub force: bool,
    /// Plant careless respondents at this rate (0..1): the survey then has a duration
    /// column and an attention-check item, and the codebook a `[screening]` section.
    pub careless: Option<f64>,
}

/// One file written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: PathBuf,
    /// Data rows (CSV header excluded); 0 for `codebook.toml` and `truth.json`.
    pub rows: u64,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOutcome {
    /// The study folder.
    pub dir: PathBuf,
    /// The study name written into the codebook (the folder's name).
    pub study_name: String,
    /// Every file written, in the order written.
    pub files: Vec<WrittenFile>,
    /// Survey rows (= respondents).
    pub survey_rows: u64,
    /// Rows of `events.csv` or `behavior.csv`.
    pub behavior_rows: u64,
}

/// Why a synthetic study could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("--respondents must be at least 1")]
    NoRespondents,
    #[error("--careless must be a rate from 0 to 1, not {0}")]
    CarelessRate(f64),
    #[error("{path}: holds a synthetic study already; pass --force to replace its files (other files are kept)")]
    NotEmpty { path: PathBuf },
    /// The output gate refused the folder (it holds files paradox did not write).
    #[error(transparent)]
    Refused(#[from] crate::gate::GateError),
    #[error("{path}: exists and is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SynthError + '_ {
    move |source| SynthError::Io {
        path: path.to_path_buf(),
        source,
    }
}
