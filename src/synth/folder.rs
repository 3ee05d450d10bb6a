//! The study folder and its files: checking or creating the folder, naming the study after
//! it, and the buffered CSV writer that counts the rows it writes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::options::{io_err, SynthError, SynthOptions, WrittenFile};

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

pub(super) fn prepare_folder(opts: &SynthOptions) -> Result<(), SynthError> {
    let out = &opts.out;
    if out.exists() {
        if !out.is_dir() {
            return Err(SynthError::NotAFolder { path: out.clone() });
        }
        let mut entries = std::fs::read_dir(out).map_err(io_err(out))?;
        if entries.next().is_some() && !opts.force {
            return Err(SynthError::NotEmpty { path: out.clone() });
        }
        let stale = out.join(if opts.events {
            "behavior.csv"
        } else {
            "events.csv"
        });
        if stale.is_file() {
            std::fs::remove_file(&stale).map_err(io_err(&stale))?;
        }
    } else {
        std::fs::create_dir_all(out).map_err(io_err(out))?;
    }
    Ok(())
}
