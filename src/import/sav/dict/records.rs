//! The dictionary's records as stored: variable records with their continuations, value
//! labels with the variables they apply to, and the extension records this reader uses
//! (kept as raw bytes until the variables are built), and the character encoding they
//! declare.

use std::io::Read;

use super::fields::{f64_from, i32_at, trim_padding, FieldReader};
use crate::import::sav::text::Encoding;
use crate::study::error::StudyError;

/// A variable record (type 2) with its continuation records counted.
pub(super) struct RawVar {
    pub(super) width: i32,
    pub(super) name: Vec<u8>,
    pub(super) label: Option<Vec<u8>>,
    pub(super) missing_n: i32,
    pub(super) missing: Vec<[u8; 8]>,
    pub(super) print: i32,
    /// 1-based dictionary index (8-byte unit) of this record.
    pub(super) index: usize,
    /// Continuation records that followed.
    pub(super) continuations: usize,
}

/// Value labels of one type-3 record and the dictionary indexes of its type-4 record.
pub(super) struct RawLabels {
    pub(super) at: u64,
    pub(super) labels: Vec<([u8; 8], Vec<u8>)>,
    pub(super) indexes: Vec<i32>,
}

#[derive(Default)]
pub(super) struct Extensions {
    pub(super) character_code: Option<i32>,
    pub(super) sysmis: Option<f64>,
    pub(super) display: Option<(u64, i32, Vec<u8>)>,
    pub(super) long_names: Option<Vec<u8>>,
    pub(super) very_long: Option<Vec<u8>>,
    pub(super) encoding: Option<Vec<u8>>,
    pub(super) long_labels: Vec<(u64, Vec<u8>)>,
    pub(super) long_missing: Vec<(u64, Vec<u8>)>,
    pub(super) mr_sets: Vec<Vec<u8>>,
}

/// A variable record (type 2), or a continuation of the string before it.
pub(super) fn read_variable<R: Read>(
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

/// A value-label record (type 3) and the variables record (type 4) that must follow it.
pub(super) fn read_value_labels<R: Read>(
    r: &mut FieldReader<R>,
    at: u64,
) -> Result<RawLabels, StudyError> {
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

/// An extension record (type 7): kept raw when this reader uses its subtype.
pub(super) fn read_extension<R: Read>(
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

/// The character encoding: the encoding record (subtype 20), else the character code of
/// the machine integer info record (subtype 3), else Windows-1252.
pub(super) fn choose_encoding<R: Read>(
    r: &FieldReader<R>,
    ext: &Extensions,
) -> Result<Encoding, StudyError> {
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
