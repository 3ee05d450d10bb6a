//! The rows of a wide behaviour table, whatever it is stored in: a delimited file (rows
//! numbered by line, as everywhere) or a Parquet file (only the columns asked for are
//! read; rows numbered within their row group, the file named with the group). Each row
//! comes as a `csv::ByteRecord` of the columns asked for, in that order, so the reader
//! above checks every row the same way.

use std::path::Path;

use crate::import::columnar::{ParquetFile, RowGroupText, TextColumn};
use crate::import::source::{sha256_file, DelimitedFile, Digested};
use crate::study::error::StudyError;

use super::loader::{file_name, missing_column};

/// A column the reader needs: its name and the codebook key that names it.
pub(super) struct Wanted {
    pub(super) name: String,
    pub(super) key: String,
}

/// One file of a wide table, open.
pub(super) enum WideSource {
    Delimited {
        file: Box<DelimitedFile>,
        cols: Vec<usize>,
        name: String,
        full: csv::ByteRecord,
    },
    Parquet {
        file: ParquetFile,
        cols: Vec<usize>,
        name: String,
        group: usize,
        reader: Option<RowGroupText>,
        batch: Vec<TextColumn>,
        at: usize,
        filled: usize,
        row: u64,
    },
}

/// Where a row came from: the name its rejected values are listed under, and its line (or
/// row within the row group).
pub(super) struct RowAt {
    pub(super) unit: String,
    pub(super) line: u64,
    /// Fields in the file's row (a delimited row of the wrong width is a row error).
    pub(super) width: usize,
}

impl WideSource {
    /// Opens `path`; every wanted column must be there (a file error names the one missing).
    pub(super) fn open(
        path: &Path,
        parquet: bool,
        wanted: &[Wanted],
    ) -> Result<WideSource, StudyError> {
        let name = file_name(path);
        if parquet {
            let file = ParquetFile::open(path)?;
            let mut cols = Vec::with_capacity(wanted.len());
            for w in wanted {
                let c = file
                    .column_index(&w.name)
                    .ok_or_else(|| missing_column(path, &w.name, &w.key, &file.headers))?;
                file.column_kind(c)?;
                cols.push(c);
            }
            let batch = (0..cols.len()).map(|_| TextColumn::default()).collect();
            return Ok(WideSource::Parquet {
                file,
                cols,
                name,
                group: 0,
                reader: None,
                batch,
                at: 0,
                filled: 0,
                row: 0,
            });
        }
        let file = Box::new(DelimitedFile::open(path)?);
        let mut cols = Vec::with_capacity(wanted.len());
        for w in wanted {
            let c = file
                .column_index(&w.name)
                .ok_or_else(|| missing_column(path, &w.name, &w.key, &file.headers))?;
            cols.push(c);
        }
        Ok(WideSource::Delimited {
            file,
            cols,
            name,
            full: csv::ByteRecord::new(),
        })
    }

    /// The number of columns a row of the file has (delimited: its header's).
    pub(super) fn width(&self) -> usize {
        match self {
            WideSource::Delimited { file, .. } => file.headers.len(),
            WideSource::Parquet { file, .. } => file.headers.len(),
        }
    }

    /// The next row's wanted columns into `out`, with where it is; `None` at the end. Blank
    /// lines of a delimited file are skipped.
    pub(super) fn next_row(
        &mut self,
        out: &mut csv::ByteRecord,
    ) -> Result<Option<RowAt>, StudyError> {
        out.clear();
        match self {
            WideSource::Delimited {
                file,
                cols,
                name,
                full,
            } => loop {
                if !file.next_record(full)? {
                    return Ok(None);
                }
                if full.len() == 1 && full.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                    continue;
                }
                for &c in cols.iter() {
                    out.push_field(full.get(c).unwrap_or(b""));
                }
                return Ok(Some(RowAt {
                    unit: name.clone(),
                    line: full.position().map(|p| p.line()).unwrap_or(0),
                    width: full.len(),
                }));
            },
            WideSource::Parquet {
                file,
                cols,
                name,
                group,
                reader,
                batch,
                at,
                filled,
                row,
            } => loop {
                if *at < *filled {
                    for col in batch.iter() {
                        out.push_field(col.get(*at));
                    }
                    *at += 1;
                    *row += 1;
                    return Ok(Some(RowAt {
                        unit: format!("{name} row group {group}"),
                        line: *row,
                        width: file.headers.len(),
                    }));
                }
                if reader.is_none() {
                    if *group >= file.num_row_groups() {
                        return Ok(None);
                    }
                    *reader = Some(RowGroupText::open(file, *group, cols)?);
                    *group += 1;
                    *row = 0;
                }
                let n = match reader.as_mut() {
                    Some(r) => r.next_batch(batch)?,
                    None => 0,
                };
                if n == 0 {
                    *reader = None;
                }
                *at = 0;
                *filled = n;
            },
        }
    }

    /// The digest of the file once read.
    pub(super) fn finish(self, path: &Path) -> Result<Digested, StudyError> {
        match self {
            WideSource::Delimited { file, .. } => file.finish(),
            WideSource::Parquet { .. } => sha256_file(path),
        }
    }
}

/// The column names of the table at `path` (a file, or the first of a folder's parts).
pub(super) fn table_headers(path: &Path) -> Result<Vec<String>, StudyError> {
    let (files, format) = crate::import::parts::table_files(path)?;
    let Some(first) = files.first() else {
        return Ok(Vec::new());
    };
    Ok(match format {
        crate::import::parts::TableFormat::Parquet => ParquetFile::open(first)?.headers,
        crate::import::parts::TableFormat::Delimited => DelimitedFile::open(first)?.headers,
    })
}
