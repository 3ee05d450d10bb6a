//! SPSS system files (`.sav`, and `.zsav` with zlib-compressed data) read directly: the
//! dictionary (variables, labels, value labels, missing-value definitions, measurement
//! levels, weight, encoding) and the cases, one at a time, in constant memory. The rest of
//! the crate sees only the types of this module, so the reader behind them can be swapped.
//! The format follows the GNU PSPP manual, appendix "System File Format".

mod data;
mod dict;
mod text;

use std::borrow::Cow;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::import::source::Digested;
use crate::study::error::StudyError;
use data::{Body, HashRead, Unit, Units, ZlibBlocks};
use dict::{Dictionary, FieldReader, Slot};

/// How the data part of the file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavCompression {
    None,
    /// SPSS's bytecode compression (`.sav`, header compression 1).
    Bytecode,
    /// Bytecode compression inside zlib blocks (`.zsav`, header compression 2).
    Zlib,
}

/// Numeric or string; string width in bytes as SPSS declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavKind {
    Numeric,
    String { width: usize },
}

/// SPSS's measurement level (variable display record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavMeasure {
    Nominal,
    Ordinal,
    Scale,
}

/// One value of one case.
#[derive(Debug, Clone, PartialEq)]
pub enum SavValue {
    Number(f64),
    SysMissing,
    /// String value without SPSS's right padding (trailing spaces).
    Text(String),
}

/// The user-missing definition of a variable.
#[derive(Debug, Clone, PartialEq)]
pub enum SavMissing {
    None,
    /// Up to three values (numbers, or for string variables texts).
    Discrete(Vec<SavValue>),
    /// `lo THRU hi`, optionally one more discrete value (numeric variables only).
    Range {
        lo: f64,
        hi: f64,
        also: Option<f64>,
    },
}

/// One user-visible variable (a very long string's segments are merged into one).
#[derive(Debug, Clone, PartialEq)]
pub struct SavVariable {
    /// The long name when the file has one, else the short (8-byte) name.
    pub name: String,
    pub label: Option<String>,
    pub kind: SavKind,
    pub value_labels: Vec<(SavValue, String)>,
    pub missing: SavMissing,
    pub measure: Option<SavMeasure>,
    /// Print format, e.g. "F8.2", "A20".
    pub format: String,
}

/// A multiple-response set (SPSS MRSETS): several variables that together answer one
/// question, e.g. a "select all that apply" list.
#[derive(Debug, Clone, PartialEq)]
pub struct SavMrSet {
    /// The set's name, beginning with `$`.
    pub name: String,
    pub label: Option<String>,
    pub kind: SavMrKind,
    /// The member variables, as indexes into [`SavFile::variables`].
    pub variables: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SavMrKind {
    /// Each variable holds one of the chosen categories.
    Category,
    /// Each variable is one option; `counted` (as [`SavValue::to_field`] would show it, e.g.
    /// "1" or "Yes") means it was chosen.
    Dichotomy { counted: String },
}

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

impl SavMissing {
    /// True for system-missing and for values declared user-missing.
    pub fn is_missing(&self, v: &SavValue) -> bool {
        match (self, v) {
            (_, SavValue::SysMissing) => true,
            (SavMissing::None, _) => false,
            (SavMissing::Discrete(list), SavValue::Number(x)) => list
                .iter()
                .any(|m| matches!(m, SavValue::Number(y) if y == x)),
            (SavMissing::Discrete(list), SavValue::Text(t)) => {
                let t = t.trim_end_matches(' ');
                list.iter()
                    .any(|m| matches!(m, SavValue::Text(s) if s.trim_end_matches(' ') == t))
            }
            (SavMissing::Range { lo, hi, also }, SavValue::Number(x)) => {
                (*lo <= *x && *x <= *hi) || *also == Some(*x)
            }
            (SavMissing::Range { .. }, SavValue::Text(_)) => false,
        }
    }
}

impl SavValue {
    /// The text the CSV path would have seen: integral numbers without ".0", other numbers
    /// in shortest round-trip form, text without SPSS's right padding; system-missing and
    /// values declared user-missing for `var` become "" (the loader's "missing").
    pub fn to_field(&self, var: &SavVariable) -> Cow<'_, str> {
        if var.missing.is_missing(self) {
            return Cow::Borrowed("");
        }
        match self {
            SavValue::SysMissing => Cow::Borrowed(""),
            SavValue::Text(t) => Cow::Borrowed(t.trim_end_matches(' ')),
            SavValue::Number(x) => Cow::Owned(format_number(*x)),
        }
    }
}

/// Shortest text that reads back as the same f64 (Rust's `Display` for f64 is shortest
/// round-trip and prints integral values without a fraction); -0 is written as 0 and
/// non-finite values (never written by SPSS) as missing.
fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".into();
    }
    x.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(missing: SavMissing) -> SavVariable {
        SavVariable {
            name: "q".into(),
            label: None,
            kind: SavKind::Numeric,
            value_labels: Vec::new(),
            missing,
            measure: None,
            format: "F8.2".into(),
        }
    }

    #[test]
    fn numbers_as_a_csv_export_writes_them() {
        let v = var(SavMissing::None);
        let f = |x: f64| SavValue::Number(x).to_field(&v).into_owned();
        assert_eq!(f(5.0), "5");
        assert_eq!(f(-0.0), "0");
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(f(-12.5), "-12.5");
        assert_eq!(f(1e15), "1000000000000000");
        assert_eq!(SavValue::SysMissing.to_field(&v), "");
        assert_eq!(SavValue::Text("ab  ".into()).to_field(&v), "ab");
    }

    #[test]
    fn user_missing_definitions() {
        let range = SavMissing::Range {
            lo: 97.0,
            hi: 99.0,
            also: Some(-1.0),
        };
        for (x, missing) in [
            (96.9, false),
            (97.0, true),
            (98.5, true),
            (99.0, true),
            (-1.0, true),
            (0.0, false),
        ] {
            assert_eq!(range.is_missing(&SavValue::Number(x)), missing, "{x}");
        }
        let v = var(range);
        assert_eq!(SavValue::Number(98.0).to_field(&v), "");
        assert_eq!(SavValue::Number(3.0).to_field(&v), "3");
        let texts = SavMissing::Discrete(vec![SavValue::Text("n/a".into())]);
        assert!(texts.is_missing(&SavValue::Text("n/a   ".into())));
        assert!(!texts.is_missing(&SavValue::Text("n/a!".into())));
        assert!(SavMissing::None.is_missing(&SavValue::SysMissing));
        assert!(!SavMissing::None.is_missing(&SavValue::Number(98.0)));
    }
}
