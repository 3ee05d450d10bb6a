//! Building the user-visible variables from the raw records: long names, very long
//! strings merged from their segments, labels, missing values, measurement levels and
//! print formats, and the [`Slot`] that says how a variable's 8-byte units of a case are
//! read.

use std::collections::HashMap;
use std::io::Read;

use super::fields::{f64_from, i32_at, trim_padding, FieldReader};
use super::records::{Extensions, RawVar};
use crate::import::sav::text::Encoding;
use crate::import::sav::types::{SavKind, SavMeasure, SavMissing, SavValue, SavVariable};
use crate::study::error::StudyError;

/// SPSS's longest string variable.
const MAX_STRING_WIDTH: usize = 32767;
/// Very long strings are stored in segments of 255-byte string variables: a width W takes
/// ceil(W / 252) segments, the last one of width W - 252 (n - 1) (GNU PSPP manual, "Very
/// Long String Record"). The value itself fills every segment but the last to its full 255
/// bytes and is cut at W (as ReadStat and PSPP write it; the fixture of tests/sav.rs checks
/// this against ReadStat).
const SEGMENT_DATA: usize = 252;

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

/// The user-visible variables built from the records, with the indexes that find them.
pub(super) struct Built {
    pub(super) variables: Vec<SavVariable>,
    pub(super) slots: Vec<Slot>,
    /// Dictionary index of a variable's first record → user-visible variable.
    pub(super) by_index: HashMap<usize, usize>,
    /// Short name and long name (both upper-cased) → user-visible variable.
    pub(super) by_name: HashMap<String, usize>,
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

/// The user-visible variables: names (long names applied), labels, kinds, missing values,
/// measurement levels, print formats, and how their units map onto a case.
pub(super) fn build_variables<R: Read>(
    r: &FieldReader<R>,
    vars: &[RawVar],
    ext: &Extensions,
    encoding: Encoding,
) -> Result<Built, StudyError> {
    let long_names = long_names(ext);
    let very_long = very_long_widths(r, ext)?;
    let measures = display_measures(vars.len(), ext, r.big_endian);

    let mut b = Built {
        variables: Vec::new(),
        slots: Vec::new(),
        by_index: HashMap::new(),
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
        let (kind, slot, taken) = match very_long.get(&v.name.to_ascii_uppercase()) {
            _ if v.width == 0 => (SavKind::Numeric, Slot::Numeric, 1),
            Some(&total) => very_long_string(&vars[i..], total, &err_var)?,
            None => {
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
            }
        };
        let missing = raw_missing(v, &kind, r.big_endian, encoding).map_err(err_var)?;
        let format = match kind {
            SavKind::String { width } => format!("A{width}"),
            SavKind::Numeric => format_name(v.print),
        };
        b.by_index.insert(v.index, visible);
        b.by_name.insert(short.to_uppercase(), visible);
        b.by_name.insert(name.to_uppercase(), visible);
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

/// Long names (subtype 13): upper-cased short name → long name.
fn long_names(ext: &Extensions) -> HashMap<Vec<u8>, &[u8]> {
    ext.long_names
        .as_deref()
        .map(|d| {
            pairs(d)
                .into_iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v))
                .collect()
        })
        .unwrap_or_default()
}

/// Very long strings (subtype 14): upper-cased short name → declared width (256 to
/// SPSS's longest string); any other width is an error.
fn very_long_widths<R: Read>(
    r: &FieldReader<R>,
    ext: &Extensions,
) -> Result<HashMap<Vec<u8>, usize>, StudyError> {
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
    Ok(very_long)
}

/// A very long string of width `total` whose segments are the first records of `vars`:
/// its kind, its slot, and how many records it takes.
fn very_long_string(
    vars: &[RawVar],
    total: usize,
    err_var: &dyn Fn(String) -> StudyError,
) -> Result<(SavKind, Slot, usize), StudyError> {
    let n = total.div_ceil(SEGMENT_DATA);
    let mut segments = Vec::with_capacity(n);
    for k in 0..n {
        let seg = vars.get(k).filter(|s| s.width > 0).ok_or_else(|| {
            err_var(format!(
                "very long string of width {total} needs {n} segments; the file has fewer"
            ))
        })?;
        check_units(seg, err_var)?;
        let data = if k + 1 < n {
            255
        } else {
            total - SEGMENT_DATA * (n - 1)
        };
        segments.push((1 + seg.continuations, data.min(seg.width as usize)));
    }
    Ok((
        SavKind::String { width: total },
        Slot::String {
            width: total,
            segments,
        },
        n,
    ))
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

impl Built {
    /// The variable of a short or long name (ignoring case and padding).
    pub(super) fn lookup(&self, name: &[u8], encoding: Encoding) -> Option<usize> {
        let name = encoding.decode(trim_padding(name)).ok()?;
        self.by_name.get(&name.to_uppercase()).copied()
    }
}
