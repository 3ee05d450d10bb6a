//! Value labels and missing values attached to the built variables: value-label records
//! (types 3 + 4), and the long-string value labels (subtype 21) and missing values
//! (subtype 22) of strings longer than 8 bytes.

use std::io::Read;

use super::fields::{f64_from, trim_padding, Cursor, FieldReader};
use super::records::{Extensions, RawLabels};
use super::variables::{Built, Slot};
use crate::import::sav::text::Encoding;
use crate::import::sav::types::{SavMissing, SavValue};
use crate::study::error::StudyError;

/// Value labels kept over all variables: a survey with thousands of labelled items has
/// some ten thousand.
const MAX_VALUE_LABELS: usize = 2_000_000;

/// Value labels of records 3 + 4, decoded and attached to their variables.
pub(super) fn apply_value_labels<R: Read>(
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

/// Value labels of strings longer than 8 bytes (subtype 21).
pub(super) fn apply_long_string_labels<R: Read>(
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
            let var = b.lookup(name, encoding);
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
pub(super) fn apply_long_string_missing<R: Read>(
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
            if let Some(v) = b.lookup(name, encoding) {
                b.variables[v].missing = SavMissing::Discrete(values);
            }
        }
    }
    Ok(())
}
