//! Reading the export once: every response that is not a platform preview, test or
//! unfinished response (up to [`MAX_ROWS`]) is added to its columns' summaries, with the
//! question texts (Qualtrics header row 2) or SPSS variable and value labels beside them.
//! SPSS date variables are read as ISO dates, as a CSV export would hold them.

use std::path::Path;

use crate::import::sav::SavValue;
use crate::import::survey_source::{ExportKind, SetAside, SurveySource};
use crate::study::StudyError;

use super::column::Column;
use super::dates::{is_spss_date_format, spss_date};

/// Responses read to draft a codebook: plenty to see every answer option.
pub const MAX_ROWS: u64 = 100_000;

/// What reading the export found.
pub(super) struct Export {
    /// The file, as given.
    pub(super) source: String,
    pub(super) kind: Option<ExportKind>,
    pub(super) cols: Vec<Column>,
    /// Responses read, and responses set aside (previews, tests, unfinished).
    pub(super) rows: u64,
    pub(super) set_aside: u64,
    /// Sentinel codes seen (`-99` …), in order of first appearance.
    pub(super) sentinels: Vec<String>,
    /// The SPSS file's weight variable.
    pub(super) sav_weight: Option<usize>,
    /// A SoSci Survey export (its bookkeeping columns `CASE`, `QUESTNNR`, `MODE` …).
    pub(super) sosci: bool,
}

/// Reads the survey export at `path` into column summaries.
pub(super) fn read_export(path: &Path) -> Result<Export, StudyError> {
    let mut src = SurveySource::open(path)?;
    let mut spss_dates: Vec<bool> = Vec::new();
    let headers = src.headers().to_vec();
    let export = ExportKind::detect(&headers, src.qualtrics_header());
    let rule = SetAside::new(export, &headers, false);
    let mut cols: Vec<Column> = headers.iter().map(|h| Column::named(h)).collect();
    if let Some(vars) = src.sav_variables() {
        for (c, v) in cols.iter_mut().zip(vars) {
            c.text = v.label.clone();
            c.value_labels = v
                .value_labels
                .iter()
                .filter(|(val, _)| !v.missing.is_missing(val))
                .filter_map(|(val, l)| match val {
                    SavValue::Number(x) => Some((*x, l.clone())),
                    _ => None,
                })
                .collect();
        }
        spss_dates = vars
            .iter()
            .map(|v| is_spss_date_format(&v.format))
            .collect();
    } else if src.qualtrics_header() {
        let delimiter = match src.delimiter_name().as_str() {
            "semicolon" => b';',
            "tab" => b'\t',
            _ => b',',
        };
        for (c, t) in cols.iter_mut().zip(qualtrics_texts(path, delimiter)) {
            if !t.is_empty() && t != c.name {
                c.text = Some(t);
            }
        }
    }
    // A semicolon-separated file is written where the comma is the decimal mark (R's
    // `write.csv2`, Excel in much of Europe): there "5,50" is a number, not two options.
    let decimal_comma = src.delimiter_name() == "semicolon";
    let sosci = export == Some(ExportKind::SoSci);
    // A second header row of labels (SoSci Survey's variable labels, a research
    // assistant's descriptions): question texts, not a response.
    let mut label_row = false;
    if src.sav_variables().is_none() && !src.qualtrics_header() {
        if let Some(labels) = label_row_of(path)? {
            label_row = true;
            for (c, t) in cols.iter_mut().zip(labels) {
                if !t.is_empty() && t != c.name {
                    c.text = Some(t);
                }
            }
        }
    }
    let sav_weight = src.sav_weight();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut set_aside = 0u64;
    let mut sentinels: Vec<String> = Vec::new();
    while src.next_record(&mut record)?.is_some() {
        if std::mem::take(&mut label_row) {
            continue;
        }
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        if rule.check(&record).is_some() {
            set_aside += 1;
            continue;
        }
        let row = rows as usize;
        rows += 1;
        for (i, c) in cols.iter_mut().enumerate() {
            let mut v = String::from_utf8_lossy(record.get(i).unwrap_or(b""));
            if spss_dates.get(i).copied().unwrap_or(false) {
                if let Some(d) = spss_date(&v) {
                    v = d.into();
                }
            }
            if sosci && matches!(v.trim(), "-1" | "-2" | "-3") {
                // SoSci's codes for "can't say" and unanswered items.
                let t = v.trim().to_string();
                if !sentinels.contains(&t) {
                    sentinels.push(t);
                }
                v = "".into();
            }
            if decimal_comma {
                if let Some(x) = comma_decimal(&v) {
                    v = x.into();
                }
            }
            c.add(&v, &mut sentinels);
            c.note_mark(row, &v);
        }
        if rows >= MAX_ROWS {
            break;
        }
    }
    Ok(Export {
        source: path.display().to_string(),
        kind: export,
        cols,
        rows,
        set_aside,
        sentinels,
        sav_weight,
        sosci,
    })
}

/// The first row under the header when it holds labels rather than answers: in most
/// columns whose answers (in the next rows) are all numbers it holds text. Its cells,
/// else `None`.
fn label_row_of(path: &Path) -> Result<Option<Vec<String>>, StudyError> {
    let mut src = SurveySource::open(path)?;
    let mut record = csv::ByteRecord::new();
    if src.next_record(&mut record)?.is_none() {
        return Ok(None);
    }
    let first: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let mut numeric = vec![true; first.len()];
    let mut seen = vec![false; first.len()];
    let mut rows = 0;
    while rows < 200 && src.next_record(&mut record)?.is_some() {
        rows += 1;
        for (i, f) in record.iter().enumerate().take(first.len()) {
            let v = String::from_utf8_lossy(f);
            let v = v.trim();
            if v.is_empty() || v.eq_ignore_ascii_case("NA") {
                continue;
            }
            seen[i] = true;
            numeric[i] &= v.parse::<f64>().is_ok();
        }
    }
    let number_columns: Vec<usize> = (0..first.len())
        .filter(|&i| seen[i] && numeric[i])
        .collect();
    let texts = number_columns
        .iter()
        .filter(|&&i| !first[i].is_empty() && first[i].parse::<f64>().is_err())
        .count();
    Ok(
        (rows >= 2 && number_columns.len() >= 3 && texts * 5 >= number_columns.len() * 4)
            .then_some(first),
    )
}

/// "5,50" or "-0,3" as "5.50" / "-0.3": digits, one comma, digits.
fn comma_decimal(v: &str) -> Option<String> {
    let t = v.trim();
    let (a, b) = t.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a.strip_prefix('-').unwrap_or(a)) && digits(b)).then(|| format!("{a}.{b}"))
}

/// Qualtrics' question texts (header row 2), when the file has its three header rows.
fn qualtrics_texts(path: &Path, delimiter: u8) -> Vec<String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let mut rec = csv::StringRecord::new();
    match r.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|s| s.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}
