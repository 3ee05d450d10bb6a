//! Where a study's files are: a study folder's default names, overridden file by file by
//! flags, and the codebook read first (it says whether behaviour is wide or an event log).
//! A study folder that is a file, and a folder holding both a behaviour file and an event
//! log (which one is meant cannot be known), are refused with what to do instead.

use std::path::{Path, PathBuf};

use crate::import::source::require_regular_file;
use crate::study::codebook::BehaviorFormat;
use crate::study::error::StudyError;
use crate::study::Codebook;

/// Where the study's files are and how to treat PII.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub codebook: Option<PathBuf>,
    pub survey: Option<PathBuf>,
    pub behavior: Option<PathBuf>,
    pub events: Option<PathBuf>,
    /// Leave PII-looking columns out instead of refusing the study.
    pub drop_pii: bool,
    /// Keep unfinished Qualtrics / incomplete LimeSurvey responses (previews, tests and
    /// spam are set aside regardless).
    pub keep_unfinished: bool,
    /// The respondent ids are to be replaced by salted pseudonyms (`paradox import
    /// --pseudonymize-ids`): ids that look like personal data are then accepted, and
    /// nowhere else.
    pub pseudonymize_ids: bool,
}

/// The files a study is read from, after defaults are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyFiles {
    pub codebook: PathBuf,
    pub survey: PathBuf,
    pub behavior: Option<(PathBuf, BehaviorFormat)>,
}

/// Resolves the study's files: flags override single files of the folder.
pub fn resolve_files(
    dir: Option<&Path>,
    opts: &LoadOptions,
    codebook: &Codebook,
) -> Result<StudyFiles, StudyError> {
    let in_dir = |name: &str| dir.map(|d| d.join(name));
    // The folder's own behaviour files matter only when no flag names the file to read.
    let from_folder = opts.events.is_none() && opts.behavior.is_none();
    let (wide_file, event_file) = match dir {
        Some(d) if from_folder => (present(d, &BEHAVIOR_FILES)?, present(d, &EVENT_FILES)?),
        _ => (None, None),
    };
    if let Some(d) = dir {
        if let (Some(wide), Some(events)) = (&wide_file, &event_file) {
            return Err(StudyError::Io {
                path: d.to_path_buf(),
                message: format!(
                    "the study folder holds both {} (wide behaviour) and {} (an event log), and only one is read; move the other out of the folder, or name the one to read with --behavior FILE or --events FILE",
                    wide.display(),
                    events.display()
                ),
            });
        }
    }
    let survey = opts
        .survey
        .clone()
        .or_else(|| dir.map(default_survey))
        .ok_or_else(|| StudyError::Io {
            path: PathBuf::from("survey.csv"),
            message: "no survey file: give a study folder or --survey".into(),
        })?;
    let behavior = if let Some(e) = &opts.events {
        Some((e.clone(), BehaviorFormat::Events))
    } else if let Some(b) = &opts.behavior {
        Some((b.clone(), BehaviorFormat::Wide))
    } else {
        match codebook.behavior.format {
            BehaviorFormat::Events => {
                let p = event_file.or_else(|| in_dir(EVENT_FILES[0]));
                match p {
                    Some(p) if p.exists() => Some((p, BehaviorFormat::Events)),
                    Some(p) if codebook.data_types.iter().any(|d| d.behavior.is_some()) => {
                        return Err(StudyError::Io {
                            path: p,
                            message: "the codebook says behavior.format = \"events\" but there is no event log (give --events FILE)".into(),
                        })
                    }
                    _ => None,
                }
            }
            BehaviorFormat::Wide => wide_file.map(|p| (p, BehaviorFormat::Wide)),
        }
    };
    Ok(StudyFiles {
        codebook: opts
            .codebook
            .clone()
            .or_else(|| in_dir("codebook.toml"))
            .unwrap_or_else(|| PathBuf::from("codebook.toml")),
        survey,
        behavior,
    })
}

/// The survey file of a study folder: the first of `survey.csv`, `survey.tsv`, `survey.sav`,
/// `survey.zsav` that exists (`survey.csv`, to be reported missing, when none does).
pub fn default_survey(dir: &Path) -> PathBuf {
    SURVEY_FILES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .unwrap_or_else(|| dir.join(SURVEY_FILES[0]))
}

/// `Ok` when `dir` is a folder; a file error saying what to give instead otherwise.
fn study_folder(dir: &Path) -> Result<(), StudyError> {
    let what = match std::fs::metadata(dir) {
        Err(_) => {
            return Err(StudyError::Io {
                path: dir.to_path_buf(),
                message: "no such study folder".into(),
            })
        }
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(m) if m.is_file() => "a file",
        Ok(_) => "not a folder",
    };
    Err(StudyError::Io {
        path: dir.to_path_buf(),
        message: format!(
            "is {what}, but a study folder is expected here (the folder holding codebook.toml and survey.csv); to read single files, give them with --survey FILE --codebook FILE (and --behavior FILE or --events FILE)"
        ),
    })
}

/// Wide behaviour file names of a study folder: at most one of them may be there.
pub const BEHAVIOR_FILES: [&str; 2] = ["behavior.csv", "behavior.parquet"];
/// Event log file names of a study folder: at most one of them may be there.
pub const EVENT_FILES: [&str; 2] = ["events.csv", "events.parquet"];

/// The one of `names` that `dir` holds, if any; two of them are a file error naming both
/// (which one is meant cannot be known).
fn present(dir: &Path, names: &[&str]) -> Result<Option<PathBuf>, StudyError> {
    let found: Vec<PathBuf> = names
        .iter()
        .map(|n| dir.join(n))
        .filter(|p| p.exists())
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        [a, b, ..] => Err(StudyError::Io {
            path: dir.to_path_buf(),
            message: format!(
                "the study folder holds both {} and {}, the same table in two formats, and only one is read; move the other out of the folder, or name the one to read with --behavior FILE or --events FILE",
                a.display(),
                b.display()
            ),
        }),
    }
}

/// Survey file names looked for in a study folder, in order of preference.
pub const SURVEY_FILES: [&str; 4] = ["survey.csv", "survey.tsv", "survey.sav", "survey.zsav"];

/// Reads the codebook of a study folder (or `--codebook`).
pub fn load_codebook(dir: Option<&Path>, opts: &LoadOptions) -> Result<Codebook, StudyError> {
    let path = opts
        .codebook
        .clone()
        .or_else(|| dir.map(|d| d.join("codebook.toml")))
        .ok_or_else(|| StudyError::Io {
            path: PathBuf::from("codebook.toml"),
            message: "no codebook: give a study folder or --codebook".into(),
        })?;
    if let Some(d) = dir {
        study_folder(d)?;
    }
    if path.exists() {
        require_regular_file(&path)?;
    }
    Codebook::from_file(&path)
}
