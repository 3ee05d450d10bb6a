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
    let sav_weight = src.sav_weight();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let mut set_aside = 0u64;
    let mut sentinels: Vec<String> = Vec::new();
    while src.next_record(&mut record)?.is_some() {
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
    })
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
