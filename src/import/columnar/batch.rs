//! Reading some columns of one row group as text, a batch of rows at a time, so memory
//! stays that of a batch whatever the size of the row group. A null is an empty cell (a
//! missing value, as an empty CSV field); integers are written in decimal, booleans as 1
//! and 0, floating-point numbers in their shortest exact form; text is read as stored,
//! plain or dictionary-encoded.

use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType};
use parquet::file::reader::FileReader;

use super::file::{guarded, parquet_error, ColumnKind, ParquetFile};
use crate::study::error::StudyError;

/// Rows read per batch.
pub const BATCH_ROWS: usize = 4096;

/// One column's cells of a batch.
#[derive(Default)]
pub struct TextColumn {
    values: Vec<ByteArray>,
    defs: Vec<i16>,
    /// Per row, the index into `values`, or `u32::MAX` for a null.
    slots: Vec<u32>,
    scratch: Vec<u8>,
}

impl TextColumn {
    /// The cell of row `r` of the batch (empty for a null).
    #[inline]
    pub fn get(&self, r: usize) -> &[u8] {
        match self.slots.get(r) {
            Some(&s) if s != u32::MAX => self.values[s as usize].data(),
            _ => b"",
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// A column reader of one kind.
enum Typed {
    Text(ColumnReaderImpl<parquet::data_type::ByteArrayType>),
    Int32(ColumnReaderImpl<parquet::data_type::Int32Type>, Vec<i32>),
    Int64(ColumnReaderImpl<parquet::data_type::Int64Type>, Vec<i64>),
    Bool(ColumnReaderImpl<parquet::data_type::BoolType>, Vec<bool>),
    Float(ColumnReaderImpl<parquet::data_type::FloatType>, Vec<f32>),
    Double(ColumnReaderImpl<parquet::data_type::DoubleType>, Vec<f64>),
}

/// The chosen columns of one row group, read in batches.
pub struct RowGroupText {
    path: std::path::PathBuf,
    readers: Vec<(Typed, bool)>,
    /// Rows left in the row group.
    left: u64,
}

impl RowGroupText {
    /// Readers for `columns` (indices of `file`) in row group `group`.
    pub fn open(
        file: &ParquetFile,
        group: usize,
        columns: &[usize],
    ) -> Result<RowGroupText, StudyError> {
        let rg = guarded(&file.path, || file.reader().get_row_group(group))
            .map_err(|m| parquet_error(&file.path, &m))?;
        let left = u64::try_from(rg.metadata().num_rows()).unwrap_or(0);
        let mut readers = Vec::with_capacity(columns.len());
        for &c in columns {
            let kind = file.column_kind(c)?;
            let nullable = rg.metadata().column(c).column_descr().max_def_level() > 0;
            let reader = guarded(&file.path, || rg.get_column_reader(c))
                .map_err(|m| parquet_error(&file.path, &m))?;
            let typed = match (kind, reader) {
                (ColumnKind::Text, ColumnReader::ByteArrayColumnReader(r)) => Typed::Text(r),
                (ColumnKind::Int32, ColumnReader::Int32ColumnReader(r)) => {
                    Typed::Int32(r, Vec::new())
                }
                (ColumnKind::Int64, ColumnReader::Int64ColumnReader(r)) => {
                    Typed::Int64(r, Vec::new())
                }
                (ColumnKind::Bool, ColumnReader::BoolColumnReader(r)) => Typed::Bool(r, Vec::new()),
                (ColumnKind::Float, ColumnReader::FloatColumnReader(r)) => {
                    Typed::Float(r, Vec::new())
                }
                (ColumnKind::Double, ColumnReader::DoubleColumnReader(r)) => {
                    Typed::Double(r, Vec::new())
                }
                _ => {
                    return Err(parquet_error(
                        &file.path,
                        "a column's reader does not match its declared type",
                    ))
                }
            };
            readers.push((typed, nullable));
        }
        Ok(RowGroupText {
            path: file.path.clone(),
            readers,
            left,
        })
    }

    /// Reads the next batch into `out` (one [`TextColumn`] per chosen column); the number
    /// of rows read, 0 at the end of the row group. Columns that disagree on the number of
    /// rows are a file error.
    pub fn next_batch(&mut self, out: &mut [TextColumn]) -> Result<usize, StudyError> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = BATCH_ROWS.min(usize::try_from(self.left).unwrap_or(BATCH_ROWS));
        let mut rows = None;
        for ((typed, nullable), col) in self.readers.iter_mut().zip(out.iter_mut()) {
            let n = read_column(&self.path, typed, *nullable, col, want)?;
            match rows {
                None => rows = Some(n),
                Some(m) if m != n => {
                    return Err(parquet_error(
                        &self.path,
                        "the columns of a row group hold different numbers of rows",
                    ))
                }
                _ => {}
            }
        }
        let n = rows.unwrap_or(0);
        if n == 0 {
            return Err(parquet_error(
                &self.path,
                "a row group ends before the number of rows its footer gives",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Reads up to `want` rows of one column into `col`.
fn read_column(
    path: &std::path::Path,
    typed: &mut Typed,
    nullable: bool,
    col: &mut TextColumn,
    want: usize,
) -> Result<usize, StudyError> {
    col.values.clear();
    col.defs.clear();
    col.slots.clear();
    let defs = nullable.then_some(&mut col.defs);
    let got = match typed {
        Typed::Text(r) => read(path, r, want, defs, &mut col.values)?,
        Typed::Int32(r, buf) => {
            let n = read(path, r, want, defs, buf)?;
            texts(buf, &mut col.values, &mut col.scratch, |v, s| {
                s.extend_from_slice(v.to_string().as_bytes())
            });
            n
        }
        Typed::Int64(r, buf) => {
            let n = read(path, r, want, defs, buf)?;
            texts(buf, &mut col.values, &mut col.scratch, |v, s| {
                s.extend_from_slice(v.to_string().as_bytes())
            });
            n
        }
        Typed::Bool(r, buf) => {
            let n = read(path, r, want, defs, buf)?;
            texts(buf, &mut col.values, &mut col.scratch, |v, s| {
                s.push(if *v { b'1' } else { b'0' })
            });
            n
        }
        Typed::Float(r, buf) => {
            let n = read(path, r, want, defs, buf)?;
            texts(buf, &mut col.values, &mut col.scratch, |v, s| {
                s.extend_from_slice(v.to_string().as_bytes())
            });
            n
        }
        Typed::Double(r, buf) => {
            let n = read(path, r, want, defs, buf)?;
            texts(buf, &mut col.values, &mut col.scratch, |v, s| {
                s.extend_from_slice(v.to_string().as_bytes())
            });
            n
        }
    };
    let (records, values) = got;
    if nullable {
        let max = col.defs.iter().copied().max().unwrap_or(0).max(1);
        let mut next = 0u32;
        for &d in &col.defs {
            if d >= max {
                col.slots.push(next);
                next += 1;
            } else {
                col.slots.push(u32::MAX);
            }
        }
        if next as usize != values || col.slots.len() != records {
            return Err(parquet_error(
                path,
                "the null markers of a column do not add up",
            ));
        }
    } else {
        if values != records {
            return Err(parquet_error(path, "a required column holds a null"));
        }
        col.slots.extend(0..records as u32);
    }
    Ok(records)
}

/// One `read_records` call: (records, values) read.
fn read<T: DataType>(
    path: &std::path::Path,
    r: &mut ColumnReaderImpl<T>,
    want: usize,
    defs: Option<&mut Vec<i16>>,
    values: &mut Vec<T::T>,
) -> Result<(usize, usize), StudyError> {
    values.clear();
    let (records, n_values, _) = guarded(path, || r.read_records(want, defs, None, values))
        .map_err(|m| parquet_error(path, &m))?;
    Ok((records, n_values))
}

/// Non-text values written as text cells.
fn texts<V>(
    values: &[V],
    out: &mut Vec<ByteArray>,
    scratch: &mut Vec<u8>,
    write: impl Fn(&V, &mut Vec<u8>),
) {
    out.clear();
    for v in values {
        scratch.clear();
        write(v, scratch);
        out.push(ByteArray::from(scratch.clone()));
    }
}
