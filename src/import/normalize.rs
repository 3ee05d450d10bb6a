//! `paradox import`: validate exported files and write a normalized study folder — UTF-8,
//! comma-delimited, one header row, codes instead of labels, blanks for missing — plus
//! `rejected.csv` and `import.log`. Input files are only read. The folder is written
//! beside its target and renamed into place, so a failed import leaves nothing behind.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::import::load::{load_study, LoadOptions};
use crate::import::survey_source::SurveySource;
use crate::import::values::{LabelSet, MissingCodes};
use crate::study::codebook::BehaviorFormat;
use crate::study::{Study, StudyError};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub survey: PathBuf,
    pub behavior: Option<PathBuf>,
    pub events: Option<PathBuf>,
    pub codebook: PathBuf,
    pub into: PathBuf,
    pub force: bool,
    pub drop_pii: bool,
    /// Keep unfinished platform responses (see [`LoadOptions::keep_unfinished`]).
    pub keep_unfinished: bool,
    /// Replace respondent ids by salted SHA-256 pseudonyms, with the salt read from (or,
    /// when the file does not exist yet, written to) this file — kept outside the study
    /// folder, so the normalized study alone cannot be linked back to the raw ids.
    pub pseudonymize_salt: Option<PathBuf>,
}

/// Salted SHA-256 pseudonyms for respondent ids (data minimization: the analysis needs
/// only that ids match across files, not what they were).
#[derive(Debug, Clone)]
pub struct Pseudonymizer {
    salt: Vec<u8>,
}

impl Pseudonymizer {
    /// Reads the salt file, or creates it with 32 random bytes from the operating system.
    pub fn from_salt_file(path: &Path) -> Result<Pseudonymizer, StudyError> {
        if path.exists() {
            let salt = fs::read(path).map_err(|e| io(path, e))?;
            if salt.len() < 16 {
                return Err(io(path, "the salt file holds fewer than 16 bytes"));
            }
            return Ok(Pseudonymizer { salt });
        }
        let mut salt = vec![0u8; 32];
        getrandom::fill(&mut salt).map_err(|e| io(path, e))?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        fs::write(path, &salt).map_err(|e| io(path, e))?;
        Ok(Pseudonymizer { salt })
    }

    pub fn with_salt(salt: &[u8]) -> Pseudonymizer {
        Pseudonymizer {
            salt: salt.to_vec(),
        }
    }

    /// "P" + the first 20 hex digits (80 bits) of SHA-256(salt ‖ id): collisions are
    /// negligible for any survey (birthday bound ≈ 10^12 respondents).
    pub fn pseudonym(&self, id: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(&self.salt);
        h.update(id.trim().as_bytes());
        let digest = h.finalize();
        format!("P{}", &crate::import::source::hex(&digest)[..20])
    }
}

#[derive(Debug)]
pub struct ImportOutcome {
    pub study: Study,
    pub log: String,
}

fn io(path: &Path, e: impl std::fmt::Display) -> StudyError {
    StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The files an import writes: with `--force`, these and only these are replaced in a
/// folder that holds an earlier import (recognised by its `import.log`).
const WRITTEN: [&str; 5] = [
    "codebook.toml",
    "survey.csv",
    "behavior.csv",
    "events.csv",
    "rejected.csv",
];

pub fn import_study(opts: &ImportOptions) -> Result<ImportOutcome, StudyError> {
    if opts.into.is_file() {
        return Err(io(&opts.into, "exists and is a file, not a study folder"));
    }
    // The normalized copy is CSV written from delimited text; a Parquet table or a folder
    // of parts is read where it is instead.
    for f in [opts.behavior.as_ref(), opts.events.as_ref()]
        .into_iter()
        .flatten()
    {
        if f.is_dir() || crate::import::columnar::is_parquet(f) {
            return Err(io(
                f,
                "paradox import copies delimited files only; a Parquet table or a folder of part files is read in place: give it to check, report or tui with --behavior or --events, or put it in the study folder as events.parquet / behavior.parquet",
            ));
        }
    }
    // The output gate, before any work: never onto or around an input, never into a
    // folder of files paradox did not write; an earlier import only with --force.
    let mut inputs = crate::gate::Inputs::new();
    for f in [
        Some(&opts.survey),
        Some(&opts.codebook),
        opts.behavior.as_ref(),
        opts.events.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        inputs.file(f);
    }
    let state = crate::gate::check_folder(&opts.into, &inputs, "import.log")
        .map_err(|e| io(e.path(), e.reason()))?;
    if state == crate::gate::FolderState::Previous && !opts.force {
        return Err(io(
            &opts.into,
            "a study already exists here; pass --force to replace it",
        ));
    }
    let load = LoadOptions {
        codebook: Some(opts.codebook.clone()),
        survey: Some(opts.survey.clone()),
        behavior: opts.behavior.clone(),
        events: opts.events.clone(),
        drop_pii: opts.drop_pii,
        keep_unfinished: opts.keep_unfinished,
        pseudonymize_ids: opts.pseudonymize_salt.is_some(),
    };
    let study = load_study(None, &load)?;
    let parent = opts
        .into
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".paradox-import-")
        .tempdir_in(parent)
        .map_err(|e| io(parent, e))?;
    let dir = tmp.path();

    // Codebook: as given, plus the blank as a missing code (blanks are what we write).
    let mut cb = study.codebook.clone();
    let mut missing = cb.columns.missing_codes();
    if !missing.iter().any(|m| m.trim().is_empty()) {
        missing.insert(0, String::new());
    }
    cb.columns.missing = Some(missing);
    let behavior_file = if let Some(e) = &opts.events {
        cb.behavior.format = BehaviorFormat::Events;
        Some((e.clone(), "events.csv"))
    } else {
        opts.behavior.clone().map(|b| {
            cb.behavior.format = BehaviorFormat::Wide;
            (b, "behavior.csv")
        })
    };
    let text = toml::to_string_pretty(&cb).map_err(|e| io(&opts.codebook, e))?;
    let header = format!(
        "# Normalized by paradox {} from {}.\n",
        env!("CARGO_PKG_VERSION"),
        opts.codebook.display()
    );
    fs::write(dir.join("codebook.toml"), header + &text).map_err(|e| io(dir, e))?;

    let dropped: HashSet<String> = study
        .audit
        .dropped_pii
        .iter()
        .map(|d| d.0.clone())
        .collect();
    if let Some(salt) = &opts.pseudonymize_salt {
        if salt.starts_with(&opts.into) {
            return Err(io(
                salt,
                "the salt file must be kept outside the study folder",
            ));
        }
    }
    let pseudo = opts
        .pseudonymize_salt
        .as_deref()
        .map(Pseudonymizer::from_salt_file)
        .transpose()?;
    let survey_id = study.codebook.columns.id.clone();
    let behavior_id = study
        .codebook
        .behavior
        .id
        .clone()
        .unwrap_or_else(|| survey_id.clone());
    let survey_rows = copy_normalized(
        &study,
        &opts.survey,
        &dir.join("survey.csv"),
        &dropped,
        true,
        pseudo.as_ref().map(|p| (p, survey_id.as_str())),
    )?;
    let mut behavior_rows = 0;
    if let Some((src, name)) = &behavior_file {
        behavior_rows = copy_normalized(
            &study,
            src,
            &dir.join(name),
            &dropped,
            false,
            pseudo.as_ref().map(|p| (p, behavior_id.as_str())),
        )?;
    }
    crate::import::listings::write_rejected(&study, &dir.join("rejected.csv"))?;
    // Flagged respondents under the ids the normalized study uses (pseudonyms when asked).
    crate::import::listings::write_flagged_as(
        &study,
        &dir.join("flagged.csv"),
        &|id| match &pseudo {
            Some(p) => p.pseudonym(id),
            None => id.to_string(),
        },
    )?;
    let mut log = crate::import::audit::audit_text(&study);
    log.push_str(&format!(
        "\nWrote {} survey rows{} to {}\n",
        survey_rows,
        behavior_file
            .as_ref()
            .map(|(_, n)| format!(" and {behavior_rows} rows of {n}"))
            .unwrap_or_default(),
        opts.into.display()
    ));
    if let Some(salt) = &opts.pseudonymize_salt {
        log.push_str(&format!(
            "Respondent ids replaced by salted SHA-256 pseudonyms (salt: {}, keep it apart from the data)\n",
            salt.display()
        ));
    }
    if study.audit.kept_unfinished {
        log.push_str(
            "Unfinished responses were kept (--keep-unfinished) and are in the normalized survey; \
             check, report and open this study with --keep-unfinished too, or they are set aside again\n",
        );
    }
    for (col, kind) in &study.audit.dropped_pii {
        log.push_str(&format!(
            "Removed column \"{col}\" ({kind}) from the normalized copy (--drop-pii)\n"
        ));
    }
    fs::write(dir.join("import.log"), &log).map_err(|e| io(dir, e))?;

    // Into place once complete: a new or empty folder is the finished one renamed; over an
    // earlier import (--force) only the files an import writes are replaced (the log last),
    // so files the researcher added to the folder are kept.
    match state {
        crate::gate::FolderState::Previous => {
            for name in WRITTEN.iter().chain(&["import.log"]) {
                let (from, to) = (dir.join(name), opts.into.join(name));
                if from.is_file() {
                    fs::rename(&from, &to).map_err(|e| io(&to, e))?;
                } else if to.is_file() {
                    fs::remove_file(&to).map_err(|e| io(&to, e))?;
                }
            }
        }
        crate::gate::FolderState::Empty => {
            fs::remove_dir(&opts.into).map_err(|e| io(&opts.into, e))?;
            fs::rename(tmp.keep(), &opts.into).map_err(|e| io(&opts.into, e))?;
        }
        crate::gate::FolderState::Absent => {
            fs::rename(tmp.keep(), &opts.into).map_err(|e| io(&opts.into, e))?;
        }
    }
    Ok(ImportOutcome { study, log })
}

/// Copies a delimited file as UTF-8 CSV, leaving out rejected rows and dropped columns;
/// in the survey, label text becomes its code and missing codes become blanks.
fn copy_normalized(
    study: &Study,
    src: &Path,
    dst: &Path,
    dropped: &HashSet<String>,
    is_survey: bool,
    pseudonyms: Option<(&Pseudonymizer, &str)>,
) -> Result<u64, StudyError> {
    let name = src
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rejected: HashSet<u64> = study
        .audit
        .rejected
        .iter()
        .filter(|r| r.file == name)
        .map(|r| r.line)
        .collect();
    let cb = &study.codebook;
    let missing = MissingCodes::new(&cb.columns.missing_codes());
    // A survey may be an SPSS file; the normalized copy is CSV either way.
    let mut file = SurveySource::open(src)?;
    let headers = file.headers().to_vec();
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| !dropped.contains(&headers[i]))
        .collect();
    let labels: Vec<Option<LabelSet>> = headers
        .iter()
        .map(|h| {
            cb.label_columns
                .get(h)
                .and_then(|set| cb.labels.get(set))
                .filter(|_| is_survey)
                .map(LabelSet::new)
        })
        .collect();
    let coded: Vec<bool> = headers
        .iter()
        .map(|h| is_survey && is_code_column(study, h))
        .collect();
    let id_col = pseudonyms.and_then(|(_, col)| file.column_index(col));
    let mut w = csv::Writer::from_path(dst).map_err(|e| io(dst, e))?;
    w.write_record(keep.iter().map(|&i| headers[i].as_str()))
        .map_err(|e| io(dst, e))?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut out: Vec<String> = Vec::with_capacity(keep.len());
    while let Some(line) = file.next_record(&mut record)? {
        if rejected.contains(&line) || record.len() != headers.len() {
            continue;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        out.clear();
        for &i in &keep {
            let raw = String::from_utf8_lossy(record.get(i).unwrap_or(b""));
            let v = if Some(i) == id_col {
                match pseudonyms {
                    Some((p, _)) => p.pseudonym(&raw),
                    None => raw.into_owned(),
                }
            } else if coded[i] && missing.is_missing(&raw) {
                String::new()
            } else if let Some(code) = labels[i].as_ref().and_then(|l| l.code_of(&raw)) {
                code.to_string()
            } else if coded[i] {
                raw.trim().to_string()
            } else {
                raw.into_owned()
            };
            out.push(v);
        }
        w.write_record(&out).map_err(|e| io(dst, e))?;
        rows += 1;
    }
    w.flush().map_err(|e| io(dst, e))?;
    file.finish()?;
    Ok(rows)
}

/// Columns holding codes or numbers the codebook declares (missing codes become blanks).
fn is_code_column(study: &Study, column: &str) -> bool {
    let cb = &study.codebook;
    let c = Some(column.to_string());
    cb.scales
        .iter()
        .any(|s| s.items.iter().any(|i| i == column))
        || cb
            .data_types
            .iter()
            .any(|d| d.stated == c || d.behavior == c)
        || cb.tactics.iter().any(|t| t.column == column)
        || cb.columns.birth_year == c
        || cb.columns.age == c
        || cb
            .screening
            .as_ref()
            .is_some_and(|s| s.duration == c || s.attention.iter().any(|a| a.column == column))
}
