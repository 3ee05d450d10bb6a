//! The dictionary of an SPSS system file: the file header, the variable records (type 2),
//! value labels (3 + 4), documents (6), the extension records (7) this reader uses, and the
//! end-of-dictionary record (999); for `.zsav`, the zlib data header that follows. The
//! layout is the GNU PSPP manual's appendix "System File Format". Every length read from
//! the file is checked against a bound before anything is allocated for it.
//!
//! The files of this folder, from the bottom up: `fields` (fixed-size fields, padding),
//! `records` (the records as stored), `variables` (the user-visible variables), `labels`
//! (value labels and long-string missing values), `mr_sets` (multiple-response sets).

mod fields;
mod labels;
mod mr_sets;
mod records;
mod variables;

use std::io::Read;

use super::text::Encoding;
use super::types::{SavCompression, SavMrSet, SavVariable};
use crate::study::error::StudyError;
use labels::{apply_long_string_labels, apply_long_string_missing, apply_value_labels};
use mr_sets::parse_mr_sets;
use records::{
    choose_encoding, read_extension, read_value_labels, read_variable, Extensions, RawLabels,
    RawVar,
};
use variables::{build_variables, Built};

pub(crate) use fields::{f64_from, trim_padding, FieldReader};
pub(crate) use variables::Slot;

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

/// What the file header record says (the byte order is set on the reader).
struct Header {
    zsav: bool,
    compression: SavCompression,
    weight_index: i32,
    ncases: i32,
    bias: f64,
    label_bytes: Vec<u8>,
}

/// The dictionary's records up to the end-of-dictionary record, as stored.
#[derive(Default)]
struct Records {
    vars: Vec<RawVar>,
    value_labels: Vec<RawLabels>,
    documents: Vec<Vec<u8>>,
    ext: Extensions,
}

/// Reads the dictionary of a file of `file_len` bytes, leaving `r` at the data.
pub(crate) fn read_dictionary<R: Read>(
    r: &mut FieldReader<R>,
    file_len: u64,
) -> Result<Dictionary, StudyError> {
    let header = read_header(r)?;
    let Records {
        vars,
        value_labels,
        documents,
        ext,
    } = read_records(r)?;
    let end_of_dictionary = r.pos;
    let zlib_len = if header.zsav {
        Some(zlib_data_len(r, end_of_dictionary, file_len)?)
    } else {
        None
    };

    let encoding = choose_encoding(r, &ext)?;
    let dec = |bytes: &[u8], at: u64, what: &str| -> Result<String, StudyError> {
        encoding
            .decode(trim_padding(bytes))
            .map_err(|m| r.err(at, format!("{what}: {m}")))
    };
    let label = Some(dec(&header.label_bytes, 112, "file label")?).filter(|s| !s.is_empty());
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
    let weight = weight_variable(r, &built, header.weight_index)?;

    Ok(Dictionary {
        big_endian: r.big_endian,
        compression: header.compression,
        bias: header.bias,
        sysmis: ext.sysmis.unwrap_or(-f64::MAX),
        cases: u64::try_from(header.ncases).ok(),
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

/// The file header record, 176 bytes; sets the reader's byte order from the layout code.
fn read_header<R: Read>(r: &mut FieldReader<R>) -> Result<Header, StudyError> {
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
    Ok(Header {
        zsav,
        compression,
        weight_index,
        ncases,
        bias,
        label_bytes,
    })
}

/// The records after the header, through the end-of-dictionary record.
fn read_records<R: Read>(r: &mut FieldReader<R>) -> Result<Records, StudyError> {
    let mut rec = Records::default();
    let mut units = 0usize;
    loop {
        let at = r.pos;
        match r.i32("record type")? {
            2 => read_variable(r, at, &mut rec.vars, &mut units)?,
            3 => rec.value_labels.push(read_value_labels(r, at)?),
            4 => return Err(r.err(at, "value-label variables record (type 4) without a preceding value-label record (type 3)")),
            6 => {
                let n = r.i32("document record")?;
                let n = u64::try_from(n).map_err(|_| r.err(at, format!("negative document line count {n}")))?;
                let text = r.bytes(n * 80, "document record")?;
                rec.documents.extend(text.chunks(80).map(<[u8]>::to_vec));
            }
            7 => read_extension(r, at, &mut rec.ext)?,
            999 => {
                let _filler = r.i32("end-of-dictionary record")?;
                return Ok(rec);
            }
            t => return Err(r.err(at, format!("unknown record type {t} in the dictionary (corrupt file?)"))),
        }
    }
}

/// The zlib header of a `.zsav` (right after the dictionary, which ends at `end`): the
/// bytes of zlib blocks before the trailer, checked against the file's length.
fn zlib_data_len<R: Read>(
    r: &mut FieldReader<R>,
    end: u64,
    file_len: u64,
) -> Result<u64, StudyError> {
    let zheader_ofs = r.i64("zlib header")?;
    let ztrailer_ofs = r.i64("zlib header")?;
    let ztrailer_len = r.i64("zlib header")?;
    let data_start = end + 24;
    let plausible = u64::try_from(zheader_ofs) == Ok(end)
        && u64::try_from(ztrailer_ofs).is_ok_and(|t| t >= data_start)
        && u64::try_from(ztrailer_len).is_ok_and(|l| l >= 24)
        && ztrailer_ofs
            .checked_add(ztrailer_len)
            .and_then(|e| u64::try_from(e).ok())
            == Some(file_len);
    if !plausible {
        return Err(r.err(
            end,
            format!("zlib header (data at {zheader_ofs}, trailer at {ztrailer_ofs}, {ztrailer_len} bytes) does not fit a file of {file_len} bytes (truncated file?)"),
        ));
    }
    // ztrailer_ofs >= data_start was just checked.
    Ok(ztrailer_ofs as u64 - data_start)
}

/// The weight variable the header names by dictionary index (0: none); it must be a
/// numeric variable of the file.
fn weight_variable<R: Read>(
    r: &FieldReader<R>,
    built: &Built,
    weight_index: i32,
) -> Result<Option<usize>, StudyError> {
    if weight_index == 0 {
        return Ok(None);
    }
    usize::try_from(weight_index)
        .ok()
        .and_then(|w| built.by_index.get(&w).copied())
        .filter(|&v| matches!(built.slots[v], Slot::Numeric))
        .map(Some)
        .ok_or_else(|| {
            r.err(
                76,
                format!("the weight variable (dictionary index {weight_index}) is not a numeric variable of the file"),
            )
        })
}
