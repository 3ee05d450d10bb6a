//! The study folder and its files: checking or creating the folder, naming the study after
//! it, and the buffered CSV writer that counts the rows it writes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::options::{io_err, SynthError, SynthOptions, WrittenFile};
use crate::gate::FolderState;

pub(super) struct CsvOut {
    path: PathBuf,
    w: BufWriter<File>,
    pub(super) rows: u64,
}

impl CsvOut {
    pub(super) fn create(path: PathBuf, header: &str) -> Result<CsvOut, SynthError> {
        let f = File::create(&path).map_err(io_err(&path))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        w.write_all(header.as_bytes()).map_err(io_err(&path))?;
        Ok(CsvOut { path, w, rows: 0 })
    }
    pub(super) fn row(&mut self, line: &[u8]) -> Result<(), SynthError> {
        self.block(line, 1)
    }
    /// Writes `bytes`, which hold `rows` complete rows.
    pub(super) fn block(&mut self, bytes: &[u8], rows: u64) -> Result<(), SynthError> {
        self.rows += rows;
        self.w.write_all(bytes).map_err(io_err(&self.path))
    }
    pub(super) fn finish(self) -> Result<WrittenFile, SynthError> {
        let CsvOut { path, w, rows } = self;
        let f = w.into_inner().map_err(|e| SynthError::Io {
            path: path.clone(),
            source: e.into_error(),
        })?;
        f.sync_all().map_err(io_err(&path))?;
        Ok(WrittenFile { path, rows })
    }
}

/// The study name: the output folder's last component.
pub(super) fn study_name_of(out: &Path) -> String {
    let from = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
    };
    from(out)
        .or_else(|| std::fs::canonicalize(out).ok().and_then(|p| from(&p)))
        .unwrap_or_else(|| "study".to_string())
}

/// The files `generate` writes; with `--force` these, and only these, are replaced in a
/// folder that holds an earlier synthetic study.
pub(super) const WRITTEN: [&str; 5] = [
    "codebook.toml",
    "survey.csv",
    "behavior.csv",
    "events.csv",
    "truth.json",
];

/// Asks the output gate about the folder: absent, empty, or (with `--force`) an earlier
/// synthetic study, recognised by its `truth.json`. A folder of anything else is refused,
/// `--force` or not.
pub(super) fn check_folder(opts: &SynthOptions) -> Result<FolderState, SynthError> {
    let out = &opts.out;
    if std::fs::symlink_metadata(out).is_ok_and(|m| !m.is_dir()) {
        return Err(SynthError::NotAFolder { path: out.clone() });
    }
    let state = crate::gate::check_folder(out, &crate::gate::Inputs::new(), "truth.json")?;
    if state == FolderState::Previous && !opts.force {
        return Err(SynthError::NotEmpty { path: out.clone() });
    }
    Ok(state)
}

/// A hidden folder beside `out` to generate into, so an interrupted run (Ctrl-C, a full
/// disk) never leaves a truncated study where a study is expected.
pub(super) fn staging_folder(out: &Path) -> Result<tempfile::TempDir, SynthError> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = study_name_of(out);
    tempfile::Builder::new()
        .prefix(&format!(".{name}.synth-{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(io_err(&parent))
}

/// Moves the generated study from `staged` to `out`: the whole folder when `out` is absent
/// or empty; file by file over an earlier synthetic study, whose other written file (the
/// wide behaviour file or the event log, whichever this run did not write) is removed so
/// the folder holds one consistent study. Files paradox did not write are left alone.
pub(super) fn put_in_place(
    staged: tempfile::TempDir,
    out: &Path,
    state: FolderState,
) -> Result<(), SynthError> {
    match state {
        FolderState::Absent | FolderState::Empty => {
            if state == FolderState::Empty {
                std::fs::remove_dir(out).map_err(io_err(out))?;
            }
            std::fs::rename(staged.path(), out).map_err(io_err(out))?;
            let _ = staged.keep();
        }
        FolderState::Previous => {
            for name in WRITTEN {
                let from = staged.path().join(name);
                let to = out.join(name);
                if from.is_file() {
                    std::fs::rename(&from, &to).map_err(io_err(&to))?;
                } else if to.is_file() {
                    std::fs::remove_file(&to).map_err(io_err(&to))?;
                }
            }
        }
    }
    Ok(())
}
