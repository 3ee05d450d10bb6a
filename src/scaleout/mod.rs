//! `paradox scale-out`: the per-respondent aggregation of a study's event log handed to an
//! engine that runs where the data are (DuckDB, Spark). From the codebook it writes, into
//! one output folder, `aggregate.sql` (the query, `sql`), `driver.py` and `run.sh` (the
//! engine's run, `scripts`) and `README.md` (the exact commands, `readme`); `source` says
//! where and how the engine reads the log. `bash run.sh`
//! leaves the wide table in `behavior.parquet` (DuckDB) or `behavior/` (Spark part files),
//! which `paradox report STUDY --behavior …` reads in place of the event log, with the same
//! results as paradox's own reading of the log. The folder is written through the output
//! gate (a previous scale-out folder is recognised by its `aggregate.sql`).

mod readme;
mod scripts;
mod source;
pub mod sql;

use std::path::{Path, PathBuf};

use crate::import::parts::{table_files, PartNaming, TableFormat};
use crate::import::source::DelimitedFile;
use crate::import::{load_codebook, resolve_files, LoadOptions};
use crate::study::codebook::BehaviorFormat;
use crate::study::StudyError;
use source::is_delimited_name;
pub use source::Source;
pub use sql::Dialect;

/// What to generate.
#[derive(Debug, Clone)]
pub struct ScaleOutOptions {
    /// The study folder (its codebook, and its event log unless `events_uri` is given).
    pub study: PathBuf,
    /// A codebook in place of the study folder's.
    pub codebook: Option<PathBuf>,
    /// An event log in place of the study folder's (a file or a folder of part files).
    pub events: Option<PathBuf>,
    pub engine: Dialect,
    /// Where the engine reads the log: a path, a glob, a folder or an `s3://…` address,
    /// used as given.
    pub events_uri: Option<String>,
    pub out: PathBuf,
}

/// The files written.
#[derive(Debug, Clone)]
pub struct ScaleOutOutcome {
    pub out: PathBuf,
    pub files: Vec<PathBuf>,
    /// Where `run.sh` leaves the wide table.
    pub table: PathBuf,
}

/// Why nothing was written: bad input (a study error), or a refusal of the gate / a write
/// that failed.
#[derive(Debug, thiserror::Error)]
pub enum ScaleOutError {
    #[error(transparent)]
    Study(Box<StudyError>),
    #[error(transparent)]
    Gate(#[from] crate::gate::GateError),
    #[error("{}: {message}", path.display())]
    Usage { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<StudyError> for ScaleOutError {
    fn from(e: StudyError) -> ScaleOutError {
        ScaleOutError::Study(Box::new(e))
    }
}

/// Writes the scale-out folder for `opts`.
pub fn generate(opts: &ScaleOutOptions) -> Result<ScaleOutOutcome, ScaleOutError> {
    let load = LoadOptions {
        codebook: opts.codebook.clone(),
        events: opts.events.clone(),
        ..Default::default()
    };
    let mut inputs = crate::gate::Inputs::new();
    inputs.folder(&opts.study);
    for f in [&opts.codebook, &opts.events].into_iter().flatten() {
        inputs.file(f);
    }
    crate::gate::check_folder(&opts.out, &inputs, "aggregate.sql")?;
    let cb = load_codebook(Some(&opts.study), &load)?;
    let plan = sql::Plan::of(&cb).map_err(|message| ScaleOutError::Usage {
        path: opts
            .codebook
            .clone()
            .unwrap_or_else(|| opts.study.join("codebook.toml")),
        message,
    })?;
    let source = match &opts.events_uri {
        Some(uri) => Source {
            uri: uri.clone(),
            parquet: !is_delimited_name(uri),
            delimiter: None,
        },
        None => study_source(&opts.study, &load, &cb, opts.engine)?,
    };
    let header = header(&cb, opts.engine, &source);
    let files: Vec<(&str, String)> = vec![
        (
            "aggregate.sql",
            sql::aggregate_sql(&plan, opts.engine, &header),
        ),
        ("driver.py", scripts::driver(opts.engine, &source, &header)),
        ("run.sh", scripts::run_sh(opts.engine, &source, &header)),
        (
            "README.md",
            readme::readme(&readme::ReadmeInput {
                study: &opts.study,
                out: &opts.out,
                engine: opts.engine,
                source: &source,
                plan: &plan,
            }),
        ),
    ];
    let write_err = |path: &Path, source: std::io::Error| ScaleOutError::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&opts.out).map_err(|e| write_err(&opts.out, e))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = opts.out.join(name);
        crate::gate::write_atomically(&path, text.as_bytes()).map_err(|e| write_err(&path, e))?;
        #[cfg(unix)]
        if name.ends_with(".sh") || name.ends_with(".py") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| write_err(&path, e))?;
        }
        written.push(path);
    }
    Ok(ScaleOutOutcome {
        out: opts.out.clone(),
        files: written,
        table: opts.out.join(readme::table_name(opts.engine)),
    })
}

/// The first lines of every file written: what made it.
fn header(cb: &crate::study::Codebook, engine: Dialect, source: &Source) -> String {
    format!(
        "Written by paradox {} scale-out (engine: {}) from the codebook of study \"{}\".\nThe per-respondent aggregation of the event log {} ({}); regenerate it with\n`paradox scale-out` after changing the codebook rather than editing it.",
        env!("CARGO_PKG_VERSION"),
        readme::engine_name(engine),
        cb.study.name,
        source.uri,
        source.format_name()
    )
}

/// The study's own event log as the engine reads it: the absolute path of the file, or of
/// the folder's part files (a glob for DuckDB, the folder for Spark).
fn study_source(
    study: &Path,
    load: &LoadOptions,
    cb: &crate::study::Codebook,
    engine: Dialect,
) -> Result<Source, ScaleOutError> {
    let files = resolve_files(Some(study), load, cb)?;
    let Some((path, BehaviorFormat::Events)) = files.behavior else {
        return Err(ScaleOutError::Usage {
            path: study.to_path_buf(),
            message: "the study has no event log (events.csv or events.parquet; or give --events FILE, or --events-uri for a log the engine reads elsewhere)".into(),
        });
    };
    let (parts, format) = table_files(&path)?;
    let parquet = format == TableFormat::Parquet;
    let delimiter = match (format, parts.first()) {
        (TableFormat::Delimited, Some(first)) => {
            Some(DelimitedFile::open_unhashed(first)?.delimiter)
        }
        _ => None,
    };
    let abs = path.canonicalize().map_err(|e| StudyError::Io {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let mut uri = abs.to_string_lossy().into_owned();
    if abs.is_dir() && engine == Dialect::DuckDb {
        let naming = parts
            .first()
            .and_then(|f| PartNaming::of(&f.file_name()?.to_string_lossy()))
            .unwrap_or(PartNaming::Part);
        uri = format!(
            "{uri}/{}",
            naming.glob(if parquet { "parquet" } else { "csv" })
        );
    }
    Ok(Source {
        uri,
        parquet,
        delimiter,
    })
}
