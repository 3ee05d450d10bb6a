//! SPSS system files (`.sav`, and `.zsav` with zlib-compressed data) read directly: the
//! dictionary (variables, labels, value labels, missing-value definitions, measurement
//! levels, weight, encoding) and the cases, one at a time, in constant memory. The rest of
//! the crate sees only the types of this module, so the reader behind them can be swapped.
//! The format follows the GNU PSPP manual, appendix "System File Format".

mod data;
mod dict;
mod text;
mod types;

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::import::source::Digested;
use crate::study::error::StudyError;
use data::{Body, HashRead, Unit, Units, ZlibBlocks};
use dict::{Dictionary, FieldReader, Slot};

pub use types::{
    SavCompression, SavKind, SavMeasure, SavMissing, SavMrKind, SavMrSet, SavValue, SavVariable,
};

/// An open SPSS system file, positioned at the next case.
pub struct SavFile {
    path: PathBuf,
    dict: Dictionary,
    units: Units,
    case_number: u64,
    ended: bool,
    /// Bytes of the string value being assembled (reused between values).
    scratch: Vec<u8>,
}

impl SavFile {
    /// Opens the file and reads the whole dictionary (header, variable records, value
    /// labels, documents, extension records).
    pub fn open(path: &Path) -> Result<SavFile, StudyError> {
        let io_err = |e: std::io::Error| StudyError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let file = File::open(path).map_err(io_err)?;
        let file_len = file.metadata().map_err(io_err)?.len();
        let mut r = FieldReader {
            inner: BufReader::with_capacity(1 << 16, HashRead::new(file)),
            pos: 0,
            big_endian: false,
            path: path.to_path_buf(),
        };
        let dict = dict::read_dictionary(&mut r, file_len)?;
        let body = match dict.zlib_len {
            Some(len) => Body::Zlib(ZlibBlocks::new(r.inner, len)),
            None => Body::Raw(r.inner),
        };
        let units = Units::new(body, dict.compression != SavCompression::None, dict.bias);
        Ok(SavFile {
            path: path.to_path_buf(),
            dict,
            units,
            case_number: 0,
            ended: false,
            scratch: Vec::new(),
        })
    }

    /// One entry per user-visible variable.
    pub fn variables(&self) -> &[SavVariable] {
        &self.dict.variables
    }

    /// The weight variable, as an index into [`SavFile::variables`].
    pub fn weight_index(&self) -> Option<usize> {
        self.dict.weight
    }

    /// Number of cases the header declares, when it does.
    pub fn case_count(&self) -> Option<u64> {
        self.dict.cases
    }

    pub fn file_label(&self) -> Option<&str> {
        self.dict.label.as_deref()
    }

    pub fn compression(&self) -> SavCompression {
        self.dict.compression
    }

    /// The document records (SPSS's DOCUMENT command), one entry per 80-byte line.
    pub fn documents(&self) -> &[String] {
        &self.dict.documents
    }

    /// The multiple-response sets of the file (members that are not variables of the file
    /// are left out).
    pub fn mr_sets(&self) -> &[SavMrSet] {
        &self.dict.mr_sets
    }

    /// Name of the character encoding strings were decoded from.
    pub fn encoding(&self) -> &'static str {
        self.dict.encoding.name()
    }

    /// Reads the next case into `out` (cleared; one entry per variable). `Ok(false)` at
    /// the end of the data.
    pub fn next_case(&mut self, out: &mut Vec<SavValue>) -> Result<bool, StudyError> {
        out.clear();
        if self.ended || self.dict.cases.is_some_and(|n| self.case_number >= n) {
            self.ended = true;
            return Ok(false);
        }
        let case = self.case_number + 1;
        for v in 0..self.dict.slots.len() {
            match self.read_value(v, out.is_empty()) {
                Ok(Some(value)) => out.push(value),
                Ok(None) => {
                    // End of data before the first value of a case: the normal end, unless
                    // the header promised more cases.
                    out.clear();
                    self.ended = true;
                    if let Some(n) = self.dict.cases {
                        return Err(self.case_err(
                            case,
                            None,
                            format!("the header declares {n} cases but the data ends after case {} (truncated file?)", case - 1),
                        ));
                    }
                    return Ok(false);
                }
                Err(message) => {
                    self.ended = true;
                    let name = self.dict.variables[v].name.clone();
                    return Err(self.case_err(case, Some(name), message));
                }
            }
        }
        self.case_number = case;
        Ok(true)
    }

    fn case_err(&self, case: u64, variable: Option<String>, message: String) -> StudyError {
        StudyError::Sav {
            path: self.path.clone(),
            offset: None,
            case: Some(case),
            variable,
            message,
        }
    }

    /// The value of variable `v`; `Ok(None)` when the data ends right before a case.
    fn read_value(&mut self, v: usize, first: bool) -> Result<Option<SavValue>, String> {
        let truncated = || "file ends inside a case (truncated file?)".to_string();
        match &self.dict.slots[v] {
            Slot::Numeric => {
                let value = match self.units.next()? {
                    None if first => return Ok(None),
                    None => return Err(truncated()),
                    Some(Unit::Bytes(b)) => {
                        let x = dict::f64_from(b, self.dict.big_endian);
                        if x == self.dict.sysmis || x.is_nan() {
                            SavValue::SysMissing
                        } else {
                            SavValue::Number(x)
                        }
                    }
                    Some(Unit::Number(x)) => SavValue::Number(x),
                    Some(Unit::SysMissing) => SavValue::SysMissing,
                    Some(Unit::Spaces) => {
                        return Err("compressed code 254 (spaces) for a numeric variable".into())
                    }
                };
                Ok(Some(value))
            }
            Slot::String { width, segments } => {
                let width = *width;
                self.scratch.clear();
                let mut at_start = first;
                for &(units, keep) in segments {
                    let seg_start = self.scratch.len();
                    for _ in 0..units {
                        match self.units.next()? {
                            None if at_start => return Ok(None),
                            None => return Err(truncated()),
                            Some(Unit::Bytes(b)) => self.scratch.extend_from_slice(&b),
                            Some(Unit::Spaces) => self.scratch.extend_from_slice(b"        "),
                            Some(Unit::Number(_) | Unit::SysMissing) => {
                                return Err("compressed numeric code for a string variable".into())
                            }
                        }
                        at_start = false;
                    }
                    self.scratch.truncate(seg_start + keep);
                }
                self.scratch.truncate(width);
                let text = self
                    .dict
                    .encoding
                    .decode(dict::trim_padding(&self.scratch))?;
                Ok(Some(SavValue::Text(text)))
            }
        }
    }

    /// 1-based number of the last case read.
    pub fn case_number(&self) -> u64 {
        self.case_number
    }

    /// Reads to the end of the file; SHA-256 and size of the whole file.
    pub fn finish(self) -> Result<Digested, StudyError> {
        let io_err = |message: String| StudyError::Io {
            path: self.path.clone(),
            message,
        };
        let mut src = self
            .units
            .body
            .into_inner()
            .into_src()
            .ok_or_else(|| io_err("the reader was lost after an earlier error".into()))?;
        std::io::copy(&mut src, &mut std::io::sink()).map_err(|e| io_err(e.to_string()))?;
        let hashing = src.into_inner();
        let bytes = hashing.bytes;
        Ok(Digested {
            sha256: hashing.digest(),
            bytes,
        })
    }
}
