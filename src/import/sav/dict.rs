//! The dictionary of an SPSS system file: the file header, the variable records (type 2),
//! value labels (3 + 4), documents (6), the extension records (7) this reader uses, and the
//! end-of-dictionary record (999); for `.zsav`, the zlib data header that follows. The
//! layout is the GNU PSPP manual's appendix "System File Format". Every length read from
//! the file is checked against a bound before anything is allocated for it.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use super::text::Encoding;
use super::{
    SavCompression, SavKind, SavMeasure, SavMissing, SavMrKind, SavMrSet, SavValue, SavVariable,
};
use crate::study::error::StudyError;

/// The largest record (documents, one extension record) accepted: far beyond any real
/// dictionary, small enough that a corrupt length cannot exhaust memory.
const MAX_RECORD: u64 = 64 << 20;
/// Value labels kept over all variables: a survey with thousands of labelled items has
/// some ten thousand.
const MAX_VALUE_LABELS: usize = 2_000_000;
/// SPSS's longest string variable.
const MAX_STRING_WIDTH: usize = 32767;
/// Very long strings are stored in segments of 255-byte string variables: a width W takes
/// ceil(W / 252) segments, the last one of width W - 252 (n - 1) (GNU PSPP manual, "Very
/// Long String Record"). The value itself fills every segment but the last to its full 255
/// bytes and is cut at W (as ReadStat and PSPP write it; the fixture of tests/sav.rs checks
/// this against ReadStat).
const SEGMENT_DATA: usize = 252;

/// Reads fixed-size fields in the file's byte order and knows its own byte offset.
pub(crate) struct FieldReader<R> {
    pub(crate) inner: R,
    pub(crate) pos: u64,
    pub(crate) big_endian: bool,
    pub(crate) path: PathBuf,
}

impl<R: Read> FieldReader<R> {
    pub(crate) fn err(&self, at: u64, message: impl Into<String>) -> StudyError {
        StudyError::Sav {
            path: self.path.clone(),
            offset: Some(at),
            case: None,
            variable: None,
            message: message.into(),
        }
    }

    /// Exactly `n` bytes (bounded by [`MAX_RECORD`]); growing the buffer only as bytes
    /// arrive, so a truncated file fails without a large allocation.
    pub(crate) fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, StudyError> {
        if n > MAX_RECORD {
            return Err(self.err(
                self.pos,
                format!("{what} claims {n} bytes: more than the {} MiB a dictionary record may have (corrupt file?)", MAX_RECORD >> 20),
            ));
        }
        let mut buf = Vec::new();
        let at = self.pos;
        let got = (&mut self.inner)
            .take(n)
            .read_to_end(&mut buf)
            .map_err(|e| self.err(at, e.to_string()))?;
        self.pos += got as u64;
        if (got as u64) < n {
            return Err(self.err(at, format!("file ends inside the {what} (truncated file?)")));
        }
        Ok(buf)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], StudyError> {
        let mut a = [0u8; N];
        let at = self.pos;
        self.inner.read_exact(&mut a).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                self.err(at, format!("file ends inside the {what} (truncated file?)"))
            } else {
                self.err(at, e.to_string())
            }
        })?;
        self.pos += N as u64;
        Ok(a)
    }

    pub(crate) fn i32(&mut self, what: &str) -> Result<i32, StudyError> {
        let a = self.array::<4>(what)?;
        Ok(if self.big_endian {
            i32::from_be_bytes(a)
        } else {
            i32::from_le_bytes(a)
        })
    }

    pub(crate) fn i64(&mut self, what: &str) -> Result<i64, StudyError> {
        let a = self.array::<8>(what)?;
        Ok(if self.big_endian {
            i64::from_be_bytes(a)
        } else {
            i64::from_le_bytes(a)
        })
    }

    fn unit(&mut self, what: &str) -> Result<[u8; 8], StudyError> {
        self.array::<8>(what)
    }
}

pub(crate) fn f64_from(a: [u8; 8], big_endian: bool) -> f64 {
    if big_endian {
        f64::from_be_bytes(a)
    } else {
        f64::from_le_bytes(a)
    }
}

fn i32_at(data: &[u8], at: usize, big_endian: bool) -> Option<i32> {
    let a: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian {
        i32::from_be_bytes(a)
    } else {
        i32::from_le_bytes(a)
    })
}

/// How the 8-byte units of a case map onto one user-visible variable.
#[derive(Debug, Clone)]
pub(crate) enum Slot {
    Numeric,
    /// String: segments of (units stored, bytes of the value they hold).
    String {
        width: usize,
        segments: Vec<(usize, usize)>,
    },
}

/// Everything `SavFile` needs from the dictionary.
pub(crate) struct Dictionary {
    pub(crate) big_endian: bool,
    pub(crate) compression: SavCompression,
    pub(crate) bias: f64,
    pub(crate) sysmis: f64,
    pub(crate) cases: Option<u64>,
    pub(crate) label: Option<String>,
    pub(crate) variables: Vec<SavVariable>,
    pub(crate) slots: Vec<Slot>,
    pub(crate) weight: Option<usize>,
    pub(crate) documents: Vec<String>,
    pub(crate) mr_sets: Vec<SavMrSet>,
    pub(crate) encoding: Encoding,
    /// For `.zsav`: bytes of zlib blocks between the zlib header and the trailer.
    pub(crate) zlib_len: Option<u64>,
}

/// A variable record (type 2) with its continuation records counted.
struct RawVar {
    width: i32,
    name: Vec<u8>,
    label: Option<Vec<u8>>,
    missing_n: i32,
    missing: Vec<[u8; 8]>,
    print: i32,
    /// 1-based dictionary index (8-byte unit) of this record.
    index: usize,
    /// Continuation records that followed.
    continuations: usize,
}

/// Value labels of one type-3 record and the dictionary indexes of its type-4 record.
struct RawLabels {
    at: u64,
    labels: Vec<([u8; 8], Vec<u8>)>,
    indexes: Vec<i32>,
}

#[derive(Default)]
struct Extensions {
    character_code: Option<i32>,
    sysmis: Option<f64>,
    display: Option<(u64, i32, Vec<u8>)>,
    long_names: Option<Vec<u8>>,
    very_long: Option<Vec<u8>>,
    encoding: Option<Vec<u8>>,
    long_labels: Vec<(u64, Vec<u8>)>,
    long_missing: Vec<(u64, Vec<u8>)>,
    mr_sets: Vec<Vec<u8>>,
}

pub(crate) fn read_dictionary<R: Read>(
    r: &mut FieldReader<R>,
    file_len: u64,
) -> Result<Dictionary, StudyError> {
    // File header record, 176 bytes.
    let magic = r.array::<4>("file header")?;
    let zsav = match &magic {
        b"$FL2" => false,
        b"$FL3" => true,
        _ => {
            return Err(r.err(
                0,
                format!(
                    "not an SPSS system file: it starts with {:?}, not \"$FL2\" or \"$FL3\"",
                    String::from_utf8_lossy(&magic)
                ),
            ))
        }
    };
    let _product = r.bytes(60, "file header")?;
    let layout = r.array::<4>("file header")?;
    r.big_endian = match (i32::from_le_bytes(layout), i32::from_be_bytes(layout)) {
        (2 | 3, _) => false,
        (_, 2 | 3) => true,
        _ => return Err(r.err(
            64,
            "layout code is neither 2 nor 3 in either byte order: not a readable SPSS system file",
        )),
    };
    let _nominal_case_size = r.i32("file header")?;
    let compression = match r.i32("file header")? {
        0 => SavCompression::None,
        1 => SavCompression::Bytecode,
        2 => SavCompression::Zlib,
        c => return Err(r.err(72, format!("unknown compression code {c}"))),
    };
    if zsav != (compression == SavCompression::Zlib) {
        return Err(r.err(
            72,
            "the \"$FL3\" signature and zlib compression must go together",
        ));
    }
    let weight_index = r.i32("file header")?;
    let ncases = r.i32("file header")?;
    let bias = f64_from(r.unit("file header")?, r.big_endian);
    if compression != SavCompression::None && !(bias.is_finite() && bias.abs() < 1e9) {
        return Err(r.err(84, format!("impossible compression bias {bias}")));
    }
    let _created = r.bytes(17, "file header")?;
    let label_bytes = r.bytes(64, "file header")?;
    let _pad = r.bytes(3, "file header")?;

    let mut vars: Vec<RawVar> = Vec::new();
    let mut units = 0usize;
    let mut value_labels: Vec<RawLabels> = Vec::new();
    let mut documents: Vec<Vec<u8>> = Vec::new();
    let mut ext = Extensions::default();
    loop {
        let at = r.pos;
        match r.i32("record type")? {
            2 => read_variable(r, at, &mut vars, &mut units)?,
            3 => value_labels.push(read_value_labels(r, at)?),
            4 => return Err(r.err(at, "value-label variables record (type 4) without a preceding value-label record (type 3)")),
            6 => {
                let n = r.i32("document record")?;
                let n = u64::try_from(n).map_err(|_| r.err(at, format!("negative document line count {n}")))?;
                let text = r.bytes(n * 80, "document record")?;
                documents.extend(text.chunks(80).map(<[u8]>::to_vec));
            }
            7 => read_extension(r, at, &mut ext)?,
            999 => {
                let _filler = r.i32("end-of-dictionary record")?;
                break;
            }
            t => return Err(r.err(at, format!("unknown record type {t} in the dictionary (corrupt file?)"))),
        }
    }
    let end_of_dictionary = r.pos;
    let zlib_len = if zsav {
        let zheader_ofs = r.i64("zlib header")?;
        let ztrailer_ofs = r.i64("zlib header")?;
        let ztrailer_len = r.i64("zlib header")?;
        let data_start = end_of_dictionary + 24;
        let plausible = u64::try_from(zheader_ofs) == Ok(end_of_dictionary)
            && u64::try_from(ztrailer_ofs).is_ok_and(|t| t >= data_start)
            && u64::try_from(ztrailer_len).is_ok_and(|l| l >= 24)
            && ztrailer_ofs
                .checked_add(ztrailer_len)
                .and_then(|e| u64::try_from(e).ok())
                == Some(file_len);
        if !plausible {
            return Err(r.err(
                end_of_dictionary,
                format!("zlib header (data at {zheader_ofs}, trailer at {ztrailer_ofs}, {ztrailer_len} bytes) does not fit a file of {file_len} bytes (truncated file?)"),
            ));
        }
        // ztrailer_ofs >= data_start was just checked.
        Some(ztrailer_ofs as u64 - data_start)
    } else {
        None
    };

    let encoding = choose_encoding(r, &ext)?;
    let dec = |bytes: &[u8], at: u64, what: &str| -> Result<String, StudyError> {
        encoding
            .decode(trim_padding(bytes))
            .map_err(|m| r.err(at, format!("{what}: {m}")))
    };
    let label = Some(dec(&label_bytes, 112, "file label")?).filter(|s| !s.is_empty());
    let documents = documents
        .iter()
        .map(|l| dec(l, end_of_dictionary, "document"))
        .collect::<Result<Vec<_>, _>>()?;

    if vars.is_empty() {
        return Err(r.err(end_of_dictionary, "the dictionary defines no variables"));
    }
    let mut built = build_variables(r, &vars, &ext, encoding)?;
    apply_value_labels(r, &mut built, &value_labels, encoding)?;
    apply_long_string_labels(r, &mut built, &ext, encoding)?;
    apply_long_string_missing(r, &mut built, &ext, encoding)?;
    let mr_sets = ext
        .mr_sets
        .iter()
        .flat_map(|d| parse_mr_sets(d, &built, encoding))
        .collect();

    let weight = match weight_index {
        0 => None,
        w => {
            let found = usize::try_from(w)
                .ok()
                .and_then(|w| built.by_index.get(&w).copied())
                .filter(|&v| matches!(built.slots[v], Slot::Numeric));
            match found {
                Some(v) => Some(v),
                None => {
                    return Err(r.err(
                        76,
                        format!("the weight variable (dictionary index {w}) is not a numeric variable of the file"),
                    ))
                }
            }
        }
    };

    Ok(Dictionary {
        big_endian: r.big_endian,
        compression,
        bias,
        sysmis: ext.sysmis.unwrap_or(-f64::MAX),
        cases: u64::try_from(ncases).ok(),
        label,
        variables: built.variables,
        slots: built.slots,
        weight,
        documents,
        mr_sets,
        encoding,
        zlib_len,
    })
}

/// Drops SPSS's right padding (spaces, and NULs some writers use).
pub(crate) fn trim_padding(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(0, |i| i + 1);
    &b[..end]
}

fn read_variable<R: Read>(
    r: &mut FieldReader<R>,
    at: u64,
    vars: &mut Vec<RawVar>,
    units: &mut usize,
) -> Result<(), StudyError> {
    let width = r.i32("variable record")?;
    let has_label = r.i32("variable record")?;
    let missing_n = r.i32("variable record")?;
    let print = r.i32("variable record")?;
    let _write = r.i32("variable record")?;
    let name = r.array::<8>("variable record")?;
    *units += 1;
    let label = match has_label {
        0 => None,
        1 => {
            let len = r.i32("variable label")?;
            let len = u64::try_from(len)
                .map_err(|_| r.err(at, format!("negative variable label length {len}")))?;
            let padded = len.div_ceil(4) * 4;
            let mut text = r.bytes(padded, "variable label")?;
            text.truncate(len as usize);
            Some(text)
        }
        x => {
            return Err(r.err(
                at,
                format!("variable record: label flag {x} is neither 0 nor 1"),
            ))
        }
    };
    let count = match missing_n {
        0..=3 => missing_n as usize,
        -2 => 2,
        -3 => 3,
        n => {
            return Err(r.err(
                at,
                format!("variable record: impossible missing-value count {n}"),
            ))
        }
    };
    let mut missing = Vec::with_capacity(count);
    for _ in 0..count {
        missing.push(r.unit("missing values")?);
    }
    if width == -1 {
        // Continuation of the string before: one more 8-byte unit of it.
        match vars.last_mut() {
            Some(v) if v.width > 0 => v.continuations += 1,
            _ => {
                return Err(r.err(
                    at,
                    "string continuation record without a string variable before it",
                ))
            }
        }
        return Ok(());
    }
    if !(0..=255).contains(&width) {
        return Err(r.err(
            at,
            format!("variable record: impossible type/width {width}"),
        ));
    }
    if width > 0 && missing_n < 0 {
        return Err(r.err(at, "a string variable cannot have a missing-value range"));
    }
    vars.push(RawVar {
        width,
        name: trim_padding(&name).to_vec(),
        label,
        missing_n,
        missing,
        print,
        index: *units,
        continuations: 0,
    });
    Ok(())
}

fn read_value_labels<R: Read>(r: &mut FieldReader<R>, at: u64) -> Result<RawLabels, StudyError> {
    let n = r.i32("value-label record")?;
    if n < 0 {
        return Err(r.err(at, format!("negative value-label count {n}")));
    }
    // No capacity from the count: each label is read (or the file ends) before it is kept.
    let mut labels = Vec::new();
    for _ in 0..n {
        let value = r.unit("value-label record")?;
        let len = r.array::<1>("value-label record")?[0];
        // Label and its length byte are padded to a multiple of 8.
        let padded = (u64::from(len) + 1).div_ceil(8) * 8 - 1;
        let mut text = r.bytes(padded, "value-label record")?;
        text.truncate(usize::from(len));
        labels.push((value, text));
    }
    let at4 = r.pos;
    let t = r.i32("value-label variables record")?;
    if t != 4 {
        return Err(r.err(
            at4,
            format!("a value-label record must be followed by a record of type 4, found {t}"),
        ));
    }
    let count = r.i32("value-label variables record")?;
    if count < 0 {
        return Err(r.err(at4, format!("negative variable count {count}")));
    }
    let mut indexes = Vec::new();
    for _ in 0..count {
        indexes.push(r.i32("value-label variables record")?);
    }
    Ok(RawLabels {
        at,
        labels,
        indexes,
    })
}

fn read_extension<R: Read>(
    r: &mut FieldReader<R>,
    at: u64,
    ext: &mut Extensions,
) -> Result<(), StudyError> {
    let subtype = r.i32("extension record")?;
    let size = r.i32("extension record")?;
    let count = r.i32("extension record")?;
    let (Ok(size), Ok(count)) = (u64::try_from(size), u64::try_from(count)) else {
        return Err(r.err(
            at,
            format!("extension record {subtype}: negative size {size} or count {count}"),
        ));
    };
    let len = size.saturating_mul(count);
    let data = r.bytes(len, &format!("extension record {subtype}"))?;
    let int = |i: usize| i32_at(&data, i * 4, r.big_endian);
    match subtype {
        3 => ext.character_code = int(7),
        4 => {
            if let Some(a) = data.get(..8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
                ext.sysmis = Some(f64_from(a, r.big_endian));
            }
        }
        11 => ext.display = Some((at, size as i32, data)),
        13 => ext.long_names = Some(data),
        14 => ext.very_long = Some(data),
        20 => ext.encoding = Some(data),
        21 => ext.long_labels.push((at, data)),
        22 => ext.long_missing.push((at, data)),
        7 | 19 => ext.mr_sets.push(data),
        // Date info (6), attributes (17, 18), counts (16)
        // and others carry nothing the study loader uses.
        _ => {}
    }
    Ok(())
}

fn choose_encoding<R: Read>(r: &FieldReader<R>, ext: &Extensions) -> Result<Encoding, StudyError> {
    if let Some(name) = &ext.encoding {
        let name = String::from_utf8_lossy(trim_padding(name)).into_owned();
        return Encoding::from_name(&name).ok_or_else(|| {
            r.err(0, format!("character encoding \"{name}\" is not supported; re-save the file from SPSS in Unicode mode (UTF-8)"))
        });
    }
    match ext.character_code {
        None => Ok(Encoding::WINDOWS_1252),
        Some(code) => Encoding::from_code(code).ok_or_else(|| {
            r.err(0, format!("character code page {code} is not supported; re-save the file from SPSS in Unicode mode (UTF-8)"))
        }),
    }
}

struct Built {
    variables: Vec<SavVariable>,
    slots: Vec<Slot>,
    /// Dictionary index of a variable's first record → user-visible variable.
    by_index: HashMap<usize, usize>,
    /// Raw record (non-continuation) → user-visible variable.
    owner: Vec<usize>,
    /// Short name and long name (both upper-cased) → user-visible variable.
    by_name: HashMap<String, usize>,
}

/// Parses "KEY=VALUE" pairs separated by tabs (long names, very long strings).
fn pairs(data: &[u8]) -> Vec<(&[u8], &[u8])> {
    data.split(|&b| b == b'\t')
        .filter_map(|p| {
            let eq = p.iter().position(|&b| b == b'=')?;
            let value = &p[eq + 1..];
            let value = &value[..value.iter().position(|&b| b == 0).unwrap_or(value.len())];
            Some((&p[..eq], value))
        })
        .collect()
}

fn build_variables<R: Read>(
    r: &FieldReader<R>,
    vars: &[RawVar],
    ext: &Extensions,
    encoding: Encoding,
) -> Result<Built, StudyError> {
    let long_names: HashMap<Vec<u8>, &[u8]> = ext
        .long_names
        .as_deref()
        .map(|d| {
            pairs(d)
                .into_iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v))
                .collect()
        })
        .unwrap_or_default();
    let mut very_long: HashMap<Vec<u8>, usize> = HashMap::new();
    if let Some(d) = &ext.very_long {
        for (k, v) in pairs(d) {
            let w = std::str::from_utf8(v)
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .filter(|&w| w > 255 && w <= MAX_STRING_WIDTH)
                .ok_or_else(|| {
                    r.err(
                        0,
                        format!(
                            "very long string record: impossible width {:?} for {}",
                            String::from_utf8_lossy(v),
                            String::from_utf8_lossy(k)
                        ),
                    )
                })?;
            very_long.insert(k.to_ascii_uppercase(), w);
        }
    }
    let measures = display_measures(vars.len(), ext, r.big_endian);

    let mut b = Built {
        variables: Vec::new(),
        slots: Vec::new(),
        by_index: HashMap::new(),
        owner: Vec::with_capacity(vars.len()),
        by_name: HashMap::new(),
    };
    let mut i = 0;
    while i < vars.len() {
        let v = &vars[i];
        let short = encoding
            .decode(&v.name)
            .map_err(|m| r.err(0, format!("variable name: {m}")))?;
        let name = match long_names.get(&v.name.to_ascii_uppercase()) {
            Some(long) => encoding
                .decode(long)
                .map_err(|m| r.err(0, format!("long name of {short}: {m}")))?,
            None => short.clone(),
        };
        let err_var = |m: String| StudyError::Sav {
            path: r.path.clone(),
            offset: None,
            case: None,
            variable: Some(name.clone()),
            message: m,
        };
        let label = match &v.label {
            Some(l) => Some(
                encoding
                    .decode(trim_padding(l))
                    .map_err(|m| err_var(format!("variable label: {m}")))?,
            ),
            None => None,
        };
        let visible = b.variables.len();
        let (kind, slot, taken) = if v.width == 0 {
            (SavKind::Numeric, Slot::Numeric, 1)
        } else if let Some(&total) = very_long.get(&v.name.to_ascii_uppercase()) {
            let n = total.div_ceil(SEGMENT_DATA);
            let mut segments = Vec::with_capacity(n);
            for k in 0..n {
                let seg = vars.get(i + k).filter(|s| s.width > 0).ok_or_else(|| {
                    err_var(format!(
                        "very long string of width {total} needs {n} segments; the file has fewer"
                    ))
                })?;
                check_units(seg, &err_var)?;
                let data = if k + 1 < n {
                    255
                } else {
                    total - SEGMENT_DATA * (n - 1)
                };
                segments.push((1 + seg.continuations, data.min(seg.width as usize)));
            }
            (
                SavKind::String { width: total },
                Slot::String {
                    width: total,
                    segments,
                },
                n,
            )
        } else {
            check_units(v, &err_var)?;
            let w = v.width as usize;
            (
                SavKind::String { width: w },
                Slot::String {
                    width: w,
                    segments: vec![(1 + v.continuations, w)],
                },
                1,
            )
        };
        let missing = raw_missing(v, &kind, r.big_endian, encoding).map_err(err_var)?;
        let format = match kind {
            SavKind::String { width } => format!("A{width}"),
            SavKind::Numeric => format_name(v.print),
        };
        b.by_index.insert(v.index, visible);
        b.by_name.insert(short.to_uppercase(), visible);
        b.by_name.insert(name.to_uppercase(), visible);
        for _ in 0..taken {
            b.owner.push(visible);
        }
        b.variables.push(SavVariable {
            name,
            label,
            kind,
            value_labels: Vec::new(),
            missing,
            measure: measures.get(i).copied().flatten(),
            format,
        });
        b.slots.push(slot);
        i += taken;
    }
    if measures.is_empty() {
        // Some writers give one display entry per user-visible variable instead of one per
        // record (a very long string's segments counted once).
        let visible = display_measures(b.variables.len(), ext, r.big_endian);
        for (v, m) in b.variables.iter_mut().zip(visible) {
            v.measure = m;
        }
    }
    Ok(b)
}

/// A string of width w occupies ceil(w/8) units: the record and its continuations.
fn check_units(v: &RawVar, err: &dyn Fn(String) -> StudyError) -> Result<(), StudyError> {
    let need = (v.width as usize).div_ceil(8);
    if 1 + v.continuations != need {
        return Err(err(format!(
            "string of width {} needs {need} records, the file has {}",
            v.width,
            1 + v.continuations
        )));
    }
    Ok(())
}

/// Measurement levels of the variable display record (subtype 11), one per variable
/// record that is not a continuation; ignored when its size does not fit.
fn display_measures(n: usize, ext: &Extensions, big_endian: bool) -> Vec<Option<SavMeasure>> {
    let Some((_, 4, data)) = &ext.display else {
        return Vec::new();
    };
    let ints = data.len() / 4;
    let per = if n > 0 && ints == n * 3 {
        3
    } else if n > 0 && ints == n * 2 {
        2
    } else {
        return Vec::new();
    };
    (0..n)
        .map(|i| match i32_at(data, i * per * 4, big_endian)? {
            1 => Some(SavMeasure::Nominal),
            2 => Some(SavMeasure::Ordinal),
            3 => Some(SavMeasure::Scale),
            _ => None,
        })
        .collect()
}

fn raw_missing(
    v: &RawVar,
    kind: &SavKind,
    big_endian: bool,
    encoding: Encoding,
) -> Result<SavMissing, String> {
    if v.missing.is_empty() {
        return Ok(SavMissing::None);
    }
    if let SavKind::String { .. } = kind {
        let texts = v
            .missing
            .iter()
            .map(|m| {
                encoding
                    .decode(trim_padding(m))
                    .map(SavValue::Text)
                    .map_err(|e| format!("missing value: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(SavMissing::Discrete(texts));
    }
    let nums: Vec<f64> = v.missing.iter().map(|m| f64_from(*m, big_endian)).collect();
    Ok(match v.missing_n {
        -2 | -3 => SavMissing::Range {
            lo: nums[0],
            hi: nums[1],
            also: nums.get(2).copied(),
        },
        _ => SavMissing::Discrete(nums.into_iter().map(SavValue::Number).collect()),
    })
}

/// "F8.2", "A20", "DATE11": the print format as SPSS shows it (format type codes from the
/// GNU PSPP manual, "Variable Record").
fn format_name(print: i32) -> String {
    let ty = (print >> 16) & 0xff;
    let width = (print >> 8) & 0xff;
    let decimals = print & 0xff;
    let (name, has_decimals) = match ty {
        1 => ("A", false),
        2 => ("AHEX", false),
        3 => ("COMMA", true),
        4 => ("DOLLAR", true),
        5 => ("F", true),
        6 => ("IB", true),
        7 => ("PIBHEX", false),
        8 => ("P", true),
        9 => ("PIB", true),
        10 => ("PK", true),
        11 => ("RB", true),
        12 => ("RBHEX", false),
        15 => ("Z", true),
        16 => ("N", false),
        17 => ("E", true),
        20 => ("DATE", false),
        21 => ("TIME", false),
        22 => ("DATETIME", false),
        23 => ("ADATE", false),
        24 => ("JDATE", false),
        25 => ("DTIME", false),
        26 => ("WKDAY", false),
        27 => ("MONTH", false),
        28 => ("MOYR", false),
        29 => ("QYR", false),
        30 => ("WKYR", false),
        31 => ("PCT", true),
        32 => ("DOT", true),
        33 => ("CCA", true),
        34 => ("CCB", true),
        35 => ("CCC", true),
        36 => ("CCD", true),
        37 => ("CCE", true),
        38 => ("EDATE", false),
        39 => ("SDATE", false),
        40 => ("MTIME", false),
        41 => ("YMDHMS", false),
        _ => return format!("F{width}.{decimals}"),
    };
    if has_decimals || decimals > 0 {
        format!("{name}{width}.{decimals}")
    } else {
        format!("{name}{width}")
    }
}

fn apply_value_labels<R: Read>(
    r: &FieldReader<R>,
    b: &mut Built,
    sets: &[RawLabels],
    encoding: Encoding,
) -> Result<(), StudyError> {
    // One label set may be shared by many variables, so the labels kept can outnumber the
    // bytes of the file: a bound keeps a hostile file from multiplying them without limit.
    let mut total = 0usize;
    for set in sets {
        let mut seen = std::collections::HashSet::new();
        for &index in &set.indexes {
            let v = usize::try_from(index)
                .ok()
                .and_then(|i| b.by_index.get(&i).copied())
                .ok_or_else(|| r.err(set.at, format!("value labels name dictionary index {index}, which is not the start of a variable")))?;
            if !seen.insert(v) {
                continue;
            }
            total = total.saturating_add(set.labels.len());
            if total > MAX_VALUE_LABELS {
                return Err(r.err(
                    set.at,
                    format!("more than {MAX_VALUE_LABELS} value labels in all (corrupt file?)"),
                ));
            }
            let numeric = matches!(b.slots[v], Slot::Numeric);
            let mut decoded = Vec::with_capacity(set.labels.len());
            for (value, text) in &set.labels {
                let label = encoding.decode(text).map_err(|m| {
                    r.err(
                        set.at,
                        format!("value label of {}: {m}", b.variables[v].name),
                    )
                })?;
                let value = if numeric {
                    SavValue::Number(f64_from(*value, r.big_endian))
                } else {
                    SavValue::Text(encoding.decode(trim_padding(value)).map_err(|m| {
                        r.err(
                            set.at,
                            format!("labelled value of {}: {m}", b.variables[v].name),
                        )
                    })?)
                };
                decoded.push((value, label));
            }
            b.variables[v].value_labels.extend(decoded);
        }
    }
    Ok(())
}

/// A cursor over an extension record's bytes.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
    big_endian: bool,
}

impl<'a> Cursor<'a> {
    fn i32(&mut self) -> Option<i32> {
        let v = i32_at(self.data, self.pos, self.big_endian)?;
        self.pos += 4;
        Some(v)
    }
    fn bytes(&mut self, n: i32) -> Option<&'a [u8]> {
        let n = usize::try_from(n).ok()?;
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
}

fn lookup(b: &Built, name: &[u8], encoding: Encoding) -> Option<usize> {
    let name = encoding.decode(trim_padding(name)).ok()?;
    b.by_name.get(&name.to_uppercase()).copied()
}

/// Value labels of strings longer than 8 bytes (subtype 21).
fn apply_long_string_labels<R: Read>(
    r: &FieldReader<R>,
    b: &mut Built,
    ext: &Extensions,
    encoding: Encoding,
) -> Result<(), StudyError> {
    for (at, data) in &ext.long_labels {
        let bad = || {
            r.err(
                *at,
                "long string value labels record (subtype 21) is malformed",
            )
        };
        let mut c = Cursor {
            data,
            pos: 0,
            big_endian: r.big_endian,
        };
        while !c.done() {
            let n = c.i32().ok_or_else(bad)?;
            let name = c.bytes(n).ok_or_else(bad)?;
            let _width = c.i32().ok_or_else(bad)?;
            let count = c.i32().ok_or_else(bad)?;
            let var = lookup(b, name, encoding);
            for _ in 0..count.max(0) {
                let n = c.i32().ok_or_else(bad)?;
                let value = c.bytes(n).ok_or_else(bad)?;
                let n = c.i32().ok_or_else(bad)?;
                let label = c.bytes(n).ok_or_else(bad)?;
                let Some(v) = var else { continue };
                let dec = |x: &[u8]| {
                    encoding.decode(x).map_err(|m| {
                        r.err(*at, format!("value label of {}: {m}", b.variables[v].name))
                    })
                };
                let pair = (SavValue::Text(dec(trim_padding(value))?), dec(label)?);
                b.variables[v].value_labels.push(pair);
            }
        }
    }
    Ok(())
}

/// Missing values of strings longer than 8 bytes (subtype 22).
fn apply_long_string_missing<R: Read>(
    r: &FieldReader<R>,
    b: &mut Built,
    ext: &Extensions,
    encoding: Encoding,
) -> Result<(), StudyError> {
    for (at, data) in &ext.long_missing {
        let bad = || {
            r.err(
                *at,
                "long string missing values record (subtype 22) is malformed",
            )
        };
        let mut c = Cursor {
            data,
            pos: 0,
            big_endian: r.big_endian,
        };
        while !c.done() {
            let n = c.i32().ok_or_else(bad)?;
            let name = c.bytes(n).ok_or_else(bad)?;
            let count = c.bytes(1).ok_or_else(bad)?[0];
            let len = c.i32().ok_or_else(bad)?;
            let mut values = Vec::new();
            for _ in 0..count {
                let v = c.bytes(len).ok_or_else(bad)?;
                let text = encoding
                    .decode(trim_padding(v))
                    .map_err(|m| r.err(*at, format!("missing value: {m}")))?;
                values.push(SavValue::Text(text));
            }
            if let Some(v) = lookup(b, name, encoding) {
                b.variables[v].missing = SavMissing::Discrete(values);
            }
        }
    }
    Ok(())
}

/// Multiple-response sets (subtypes 7 and 19; GNU PSPP manual, "Multiple Response Sets
/// Records"): one set per line, `$name=C <label>  vars`, `$name=D<counted> <label> vars`
/// or `$name=E <flag> <counted> <label> vars`, where `<counted>` and `<label>` are a decimal
/// byte count, a space and that many bytes. A set that does not parse ends the record
/// (what came before is kept): the sets are descriptive and never needed to read the data.
fn parse_mr_sets(data: &[u8], b: &Built, encoding: Encoding) -> Vec<SavMrSet> {
    let mut sets = Vec::new();
    let mut p = MrParser { data, pos: 0 };
    loop {
        while p.peek() == Some(b'\n') {
            p.pos += 1;
        }
        if p.peek().is_none() {
            break;
        }
        match p.set(b, encoding) {
            Some(set) => sets.push(set),
            None => break,
        }
    }
    sets
}

struct MrParser<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> MrParser<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// Bytes up to (not including) the next `stop`, which is consumed.
    fn until(&mut self, stop: u8) -> Option<&'a [u8]> {
        let rest = self.data.get(self.pos..)?;
        let n = rest.iter().position(|&c| c == stop)?;
        self.pos += n + 1;
        Some(&rest[..n])
    }

    /// `<decimal count> <count bytes>`.
    fn counted(&mut self) -> Option<&'a [u8]> {
        let digits = self.until(b' ')?;
        let n: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn set(&mut self, b: &Built, encoding: Encoding) -> Option<SavMrSet> {
        let name = encoding.decode(self.until(b'=')?).ok()?;
        let kind = match self.peek()? {
            b'C' => {
                self.pos += 1;
                self.expect(b' ')?;
                SavMrKind::Category
            }
            b'D' => {
                self.pos += 1;
                let counted = encoding.decode(self.counted()?).ok()?;
                self.expect(b' ')?;
                SavMrKind::Dichotomy { counted }
            }
            b'E' => {
                self.pos += 1;
                self.expect(b' ')?;
                let _label_source = self.until(b' ')?;
                let counted = encoding.decode(self.counted()?).ok()?;
                self.expect(b' ')?;
                SavMrKind::Dichotomy { counted }
            }
            _ => return None,
        };
        let label = encoding.decode(self.counted()?).ok()?;
        self.expect(b' ')?;
        let rest = self.data.get(self.pos..)?;
        let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        self.pos += end;
        let variables = rest[..end]
            .split(|&c| c == b' ')
            .filter(|v| !v.is_empty())
            .filter_map(|v| lookup(b, v, encoding))
            .collect();
        Some(SavMrSet {
            name,
            label: Some(label).filter(|l| !l.is_empty()),
            kind,
            variables,
        })
    }
}
