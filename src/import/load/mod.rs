//! Loading a study folder (or single files given by flag) into a columnar [`Study`]. A row
//! error (a value out of range, a row of the wrong width, a missing id…) rejects the row:
//! it is listed with its reasons, counted, and left out of every statistic. A file error
//! (a missing column, a duplicate id, an unreadable file…) stops the load with a message
//! naming file, line and column.
//!
//! The survey is read once; the behaviour file (wide) or event log is streamed once and
//! reduced on the fly to two bitsets per respondent ("known", "shared"), so memory does
//! not grow with the number of events. The files of this folder, from the bottom up:
//! `files` (where the study's files are), `id_text` (ids in NFC, invisible characters
//! refused), `row` and `columns` (one row's values, the columns being built), `loader` (the
//! state of one load), `cells` and `memo` (parsing a cell, remembered per column), `roles`,
//! `weights`, `pii_scan` and `survey` (reading the survey, guarding it against personal
//! data), `wide`, `event_parse`, `events`, `events_parquet` and `events_coded` (reading
//! behaviour), and `finish` (the study).

mod cells;
mod columns;
mod event_parse;
mod events;
mod events_coded;
mod events_parquet;
mod files;
mod finish;
mod id_text;
mod loader;
mod memo;
mod pii_scan;
mod roles;
mod row;
mod survey;
mod weights;
mod wide;
mod wide_source;

use std::path::Path;

use crate::import::screen;
use crate::import::source::{sha256_file, Prehash};
use crate::study::codebook::BehaviorFormat;
use crate::study::error::StudyError;
use crate::study::{InputFile, Study};
use loader::Loader;

pub use files::{
    default_survey, load_codebook, resolve_files, LoadOptions, StudyFiles, SURVEY_FILES,
};
pub(crate) use id_text::{HIDDEN, UNICODE_WS};

/// Loads and validates a whole study.
pub fn load_study(dir: Option<&Path>, opts: &LoadOptions) -> Result<Study, StudyError> {
    let codebook = load_codebook(dir, opts)?;
    let files = resolve_files(dir, opts, &codebook)?;
    let mut loader = Loader::new(codebook, files.clone(), opts.drop_pii);
    loader.keep_unfinished = opts.keep_unfinished;
    loader.pseudonymize_ids = opts.pseudonymize_ids;
    let cb_digest = sha256_file(&files.codebook)?;
    loader.audit.inputs.push(InputFile {
        role: "codebook".into(),
        path: files.codebook.clone(),
        sha256: cb_digest.sha256,
        bytes: cb_digest.bytes,
    });
    // The event log is hashed while the survey is parsed (see `Prehash`).
    let prehash = match &files.behavior {
        Some((p, BehaviorFormat::Events)) if !p.is_dir() => Some(Prehash::start(p)?),
        _ => None,
    };
    {
        let _t = crate::progress::phase("load: survey");
        loader.read_survey()?;
    }
    {
        let _t = crate::progress::phase("load: behaviour");
        match &files.behavior {
            Some((p, BehaviorFormat::Wide)) => loader.read_wide_behavior(p)?,
            Some((p, BehaviorFormat::Events)) => loader.read_events(p, prehash)?,
            None => {}
        }
    }
    let mut study = {
        let _t = crate::progress::phase("load: finish");
        loader.finish()?
    };
    let _t = crate::progress::phase("load: screening flags");
    study.flagged = screen::flagged(&study);
    Ok(study)
}
