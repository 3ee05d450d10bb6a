//! Opening a Parquet file: its footer read once, its columns found by name, its bytes read
//! by position so that several threads decode different row groups of one open file at the
//! same time (a shared file offset would make their reads race). Every failure — not
//! Parquet, truncated, a corrupt footer, a codec this build does not read — is a file error
//! naming the file.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{ConvertedType, LogicalType, Type as PhysicalType};
use parquet::file::reader::{ChunkReader, FileReader, Length, SerializedFileReader};

use crate::study::error::StudyError;

/// An open Parquet file: its path, its reader and the names of its top-level columns.
pub struct ParquetFile {
    pub path: PathBuf,
    reader: SerializedFileReader<PosFile>,
    /// Leaf column names, in file order (a nested column shows its dotted path).
    pub headers: Vec<String>,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// What a column holds, as far as reading it as text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// UTF-8 text (or bytes), plain or dictionary-encoded.
    Text,
    Int32,
    Int64,
    Bool,
    Float,
    Double,
}

impl ParquetFile {
    /// Opens `path` and reads its footer.
    pub fn open(path: &Path) -> Result<ParquetFile, StudyError> {
        crate::import::source::require_regular_file(path)?;
        let file = File::open(path).map_err(|e| io_error(path, &e.to_string()))?;
        let bytes = file
            .metadata()
            .map_err(|e| io_error(path, &e.to_string()))?
            .len();
        let reader = guarded(path, || SerializedFileReader::new(PosFile(Arc::new(file))))
            .map_err(|m| parquet_error(path, &m))?;
        let headers = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.path().string())
            .collect();
        Ok(ParquetFile {
            path: path.to_path_buf(),
            reader,
            headers,
            bytes,
        })
    }

    /// The index of the top-level, non-repeated column `name`, if the file has one.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        let schema = self.reader.metadata().file_metadata().schema_descr();
        schema
            .columns()
            .iter()
            .position(|c| c.path().parts().len() == 1 && c.name() == name && c.max_rep_level() == 0)
    }

    /// The kind of column `i`, or a file error naming it when paradox cannot read it as
    /// text (a fixed-length binary, a decimal, a timestamp, date or time).
    pub fn column_kind(&self, i: usize) -> Result<ColumnKind, StudyError> {
        let c = self
            .reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .column(i);
        // A number that stands for something else (an amount, a moment) is not read as one.
        let meaning = match (c.logical_type_ref(), c.converted_type()) {
            (Some(LogicalType::Decimal { .. }), _) | (_, ConvertedType::DECIMAL) => Some("decimal"),
            (Some(LogicalType::Timestamp { .. }), _)
            | (_, ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS) => {
                Some("timestamp")
            }
            (Some(LogicalType::Date), _) | (_, ConvertedType::DATE) => Some("date"),
            (Some(LogicalType::Time { .. }), _)
            | (_, ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS) => Some("time"),
            (Some(LogicalType::Float16), _) => Some("float16"),
            _ => None,
        };
        let decimal = meaning.is_some();
        let kind = match c.physical_type() {
            PhysicalType::BYTE_ARRAY if !decimal => Some(ColumnKind::Text),
            PhysicalType::INT32 if !decimal => Some(ColumnKind::Int32),
            PhysicalType::INT64 if !decimal => Some(ColumnKind::Int64),
            PhysicalType::BOOLEAN => Some(ColumnKind::Bool),
            PhysicalType::FLOAT => Some(ColumnKind::Float),
            PhysicalType::DOUBLE => Some(ColumnKind::Double),
            _ => None,
        };
        kind.ok_or_else(|| {
            io_error(
                &self.path,
                &format!(
                    "column \"{}\" is of Parquet type {}{}, which paradox does not read; store it as a string, integer or boolean column",
                    c.name(),
                    c.physical_type(),
                    meaning.map(|m| format!(" ({m})")).unwrap_or_default()
                ),
            )
        })
    }

    pub fn num_row_groups(&self) -> usize {
        self.reader.metadata().num_row_groups()
    }

    /// Rows in all row groups.
    pub fn num_rows(&self) -> u64 {
        let n = self.reader.metadata().file_metadata().num_rows();
        u64::try_from(n).unwrap_or(0)
    }

    pub(crate) fn reader(&self) -> &SerializedFileReader<PosFile> {
        &self.reader
    }
}

/// Runs a call into the Parquet decoder, turning a panic inside it (a corrupt file the
/// decoder does not check) into an error message instead of ending the program.
pub(crate) fn guarded<T>(
    _path: &Path,
    f: impl FnOnce() -> parquet::errors::Result<T>,
) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the Parquet decoder failed on this file".into()),
    }
}

/// The file error for a Parquet file that cannot be read.
pub(crate) fn parquet_error(path: &Path, message: &str) -> StudyError {
    io_error(
        path,
        &format!(
            "not a readable Parquet file ({message}); is it complete? Write it again, or export the table as CSV"
        ),
    )
}

fn io_error(path: &Path, message: &str) -> StudyError {
    StudyError::Io {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// A file read by position: each reader handed out keeps its own offset.
pub struct PosFile(Arc<File>);

impl Length for PosFile {
    fn len(&self) -> u64 {
        self.0.metadata().map(|m| m.len()).unwrap_or(0)
    }
}

impl ChunkReader for PosFile {
    type T = BufReader<PosRead>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(BufReader::with_capacity(
            1 << 16,
            PosRead {
                file: Arc::clone(&self.0),
                pos: start,
            },
        ))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        let mut buf = vec![0u8; length];
        let mut r = PosRead {
            file: Arc::clone(&self.0),
            pos: start,
        };
        r.read_exact(&mut buf).map_err(|e| {
            parquet::errors::ParquetError::EOF(format!(
                "{length} bytes at offset {start} could not be read: {e}"
            ))
        })?;
        Ok(bytes::Bytes::from(buf))
    }
}

/// A reader of a [`PosFile`] from an offset of its own.
pub struct PosRead {
    file: Arc<File>,
    pos: u64,
}

impl Read for PosRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}
