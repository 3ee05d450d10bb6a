//! Where survey rows come from, and what kind of export they are.
//!
//! [`SurveySource`] hides the file format: a delimited text file (CSV/TSV, see
//! [`DelimitedFile`]) or an SPSS `.sav`/`.zsav` file. Both hand out one [`csv::ByteRecord`] per
//! respondent with the header's column order, so the loader (roles, memoized parsing,
//! rejected rows, the PII guard) does not know which it reads. Records of a `.sav` file are
//! located by "case N", those of text files by their physical line.
//!
//! [`ExportKind`] recognizes the two survey platforms whose raw exports researchers most
//! often bring — Qualtrics and LimeSurvey — from their column names, and [`SetAside`] says
//! which of their rows are not respondents at all (survey previews, test runs, spam) or did
//! not finish the survey. Those rows are set aside by default, each listed in
//! `rejected.csv` with its reason and counted in the audit: a preview answered by the
//! researcher while building the questionnaire would otherwise enter every statistic.

use std::path::{Path, PathBuf};

use crate::import::sav::{SavFile, SavValue};
use crate::import::source::{
    case_too_large, require_regular_file, DelimitedFile, Digested, Fields, RecordBlock,
    RecordCutter,
};
use crate::study::error::StudyError;

/// An open survey file, positioned at its first respondent.
pub enum SurveySource {
    Delimited(Box<DelimitedFile>),
    Sav(Box<SavSource>),
}

/// An SPSS file with its variable names and a buffer for one case.
pub struct SavSource {
    file: SavFile,
    path: PathBuf,
    headers: Vec<String>,
    case: Vec<SavValue>,
}

/// The file name decides the reader (`.sav`/`.zsav` is SPSS, anything else delimited text);
/// a text-named file that starts with SPSS's magic `$FL2`/`$FL3` is read as SPSS too.
pub fn is_spss(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "sav" || ext == "zsav" {
        return true;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .map(|_| &magic == b"$FL2" || &magic == b"$FL3")
        .unwrap_or(false)
}

impl SurveySource {
    pub fn open(path: &Path) -> Result<SurveySource, StudyError> {
        // Before anything reads it: telling SPSS from text reads the first bytes, which
        // would wait forever on a named pipe.
        require_regular_file(path)?;
        if is_spss(path) {
            let file = SavFile::open(path)?;
            let headers = file
                .variables()
                .iter()
                .map(|v| v.name.trim().to_string())
                .collect();
            return Ok(SurveySource::Sav(Box::new(SavSource {
                file,
                path: path.to_path_buf(),
                headers,
                case: Vec::new(),
            })));
        }
        Ok(SurveySource::Delimited(Box::new(DelimitedFile::open(
            path,
        )?)))
    }

    pub fn path(&self) -> &PathBuf {
        match self {
            SurveySource::Delimited(f) => &f.path,
            SurveySource::Sav(s) => &s.path,
        }
    }

    /// Column names, trimmed, in file order.
    pub fn headers(&self) -> &[String] {
        match self {
            SurveySource::Delimited(f) => &f.headers,
            SurveySource::Sav(s) => &s.headers,
        }
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers().iter().position(|h| h == name)
    }

    /// The SPSS dictionary (variable labels, value labels, user-missing definitions), for
    /// an SPSS file.
    pub fn sav_variables(&self) -> Option<&[crate::import::sav::SavVariable]> {
        match self {
            SurveySource::Delimited(_) => None,
            SurveySource::Sav(s) => Some(s.file.variables()),
        }
    }

    /// The SPSS file's weight variable, by column index.
    pub fn sav_weight(&self) -> Option<usize> {
        match self {
            SurveySource::Delimited(_) => None,
            SurveySource::Sav(s) => s.file.weight_index(),
        }
    }

    /// The delimiter in words ("comma", "tab" …), or "SPSS .sav" for an SPSS file.
    pub fn delimiter_name(&self) -> String {
        match self {
            SurveySource::Delimited(f) => f.delimiter_name(),
            SurveySource::Sav(_) => "SPSS .sav".into(),
        }
    }

    /// Whether Qualtrics' header rows 2–3 were found and skipped.
    pub fn qualtrics_header(&self) -> bool {
        match self {
            SurveySource::Delimited(f) => f.qualtrics,
            SurveySource::Sav(_) => false,
        }
    }

    /// The word that locates a record in messages: "line" (text) or "case" (SPSS).
    pub fn unit(&self) -> &'static str {
        match self {
            SurveySource::Delimited(_) => "line",
            SurveySource::Sav(_) => "case",
        }
    }

    /// Reads the next respondent into `record`; returns its location (line or case number),
    /// `None` at the end.
    pub fn next_record(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>, StudyError> {
        match self {
            SurveySource::Delimited(f) => {
                if !f.next_record(record)? {
                    return Ok(None);
                }
                Ok(Some(record.position().map(|p| p.line()).unwrap_or(0)))
            }
            SurveySource::Sav(s) => {
                if !s.file.next_case(&mut s.case)? {
                    return Ok(None);
                }
                // Each value as the text a CSV export would hold: user-missing and
                // system-missing become "" (missing), numbers without a needless ".0".
                record.clear();
                for (v, var) in s.case.iter().zip(s.file.variables()) {
                    record.push_field(v.to_field(var).as_bytes());
                }
                Ok(Some(s.file.case_number()))
            }
        }
    }

    /// Reads to the end of the file and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        match self {
            SurveySource::Delimited(f) => f.finish(),
            SurveySource::Sav(s) => s.file.finish(),
        }
    }

    /// The respondents a block at a time (see [`SurveyRows`]); only before any
    /// [`SurveySource::next_record`] call.
    pub fn into_rows(self) -> Result<SurveyRows, StudyError> {
        Ok(match self {
            SurveySource::Delimited(f) => SurveyRows::Text(Box::new(f.into_records()?)),
            SurveySource::Sav(s) => SurveyRows::Sav(s),
        })
    }
}

/// A survey file's respondents, a block of records at a time: the lines of a text file as
/// cut by [`RecordCutter`], or the cases of an SPSS file as the text a CSV export would
/// hold. This is how the loader reads a survey (a million rows in well under a second);
/// [`SurveySource::next_record`] serves the readers that want one record at a time.
pub enum SurveyRows {
    Text(Box<RecordCutter>),
    Sav(Box<SavSource>),
}

/// SPSS cases per block.
const SAV_BLOCK_CASES: usize = 1024;

impl SurveyRows {
    /// Fills `block` with the next records (none at the end). On an error the block holds
    /// the records before it.
    pub fn fill(&mut self, block: &mut RecordBlock) -> Result<(), StudyError> {
        match self {
            SurveyRows::Text(t) => t.fill(block),
            SurveyRows::Sav(s) => {
                block.clear();
                while block.len() < SAV_BLOCK_CASES && s.file.next_case(&mut s.case)? {
                    // Each value as the text a CSV export would hold: user-missing and
                    // system-missing become "" (missing), numbers without a needless ".0".
                    let vars = s.file.variables();
                    let fields: Vec<_> = s
                        .case
                        .iter()
                        .zip(vars)
                        .map(|(v, var)| v.to_field(var))
                        .collect();
                    let case = s.file.case_number();
                    if !block.push_record(fields.iter().map(|f| f.as_bytes()), case) {
                        return Err(case_too_large(&s.path, case));
                    }
                }
                Ok(())
            }
        }
    }

    /// Reads to the end of the file and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        match self {
            SurveyRows::Text(t) => t.finish(),
            SurveyRows::Sav(s) => s.file.finish(),
        }
    }
}

/// The survey platform an export comes from, recognized by its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Qualtrics,
    LimeSurvey,
    SoSci,
}

impl ExportKind {
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Qualtrics => "Qualtrics",
            ExportKind::LimeSurvey => "LimeSurvey",
            ExportKind::SoSci => "SoSci Survey",
        }
    }

    /// Qualtrics: its header rows 2–3 were found, or `ResponseId` sits beside one of the
    /// metadata columns only Qualtrics writes. LimeSurvey: `submitdate` with at least two of
    /// its other metadata columns (`id`, `lastpage`, `startlanguage`, `seed`), or
    /// sub-question columns `Q1[SQ001]` beside `id`. SoSci Survey: `CASE` and `QUESTNNR` with
    /// two more of its bookkeeping columns (`SERIAL`, `REF`, `MODE`, `STARTED` …).
    pub fn detect(headers: &[String], qualtrics_header: bool) -> Option<ExportKind> {
        let has = |n: &str| headers.iter().any(|h| h.eq_ignore_ascii_case(n));
        if qualtrics_header
            || (has("ResponseId")
                && (has("Status") || has("Finished") || has("DistributionChannel")))
        {
            return Some(ExportKind::Qualtrics);
        }
        let lime_meta = ["id", "lastpage", "startlanguage", "seed"]
            .iter()
            .filter(|n| has(n))
            .count();
        let sub_questions = headers.iter().filter(|h| is_sub_question(h)).count();
        if (has("submitdate") && lime_meta >= 2) || (has("id") && sub_questions >= 2) {
            return Some(ExportKind::LimeSurvey);
        }
        let sosci_meta = SOSCI_COLUMNS
            .iter()
            .filter(|n| !matches!(**n, "CASE" | "QUESTNNR"))
            .filter(|n| headers.iter().any(|h| h == *n))
            .count();
        if headers.iter().any(|h| h == "CASE")
            && headers.iter().any(|h| h == "QUESTNNR")
            && sosci_meta >= 2
        {
            return Some(ExportKind::SoSci);
        }
        None
    }
}

/// SoSci Survey's bookkeeping columns: metadata, not questions.
pub const SOSCI_COLUMNS: [&str; 17] = [
    "CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "LASTDATA", "MAILSENT", "FINISHED",
    "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL", "TIME_SUM", "TIME_RSI", "DEG_TIME",
];

/// A LimeSurvey sub-question column name: `Q1[SQ001]`, `Q7[other]`.
pub fn is_sub_question(name: &str) -> bool {
    match (name.find('['), name.strip_suffix(']')) {
        (Some(open), Some(_)) => open > 0 && name.len() > open + 2,
        _ => false,
    }
}

/// The rule deciding which rows of a platform export are not (complete) respondents.
#[derive(Debug, Clone, Default)]
pub struct SetAside {
    /// Qualtrics `Status`, `DistributionChannel`, `Finished` (SoSci `FINISHED`); LimeSurvey
    /// `submitdate`; SoSci `CASE`, which is text only in its row of variable labels.
    status: Option<usize>,
    channel: Option<usize>,
    finished: Option<usize>,
    submitdate: Option<usize>,
    case: Option<usize>,
    keep_unfinished: bool,
    names: [String; 5],
}

/// Why a row was set aside: the column, its value, the reason for `rejected.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAsideReason {
    pub column: String,
    pub value: String,
    pub reason: &'static str,
}

pub const PREVIEW: &str = "Qualtrics survey preview";
pub const TEST: &str = "Qualtrics survey test";
pub const SPAM: &str = "Qualtrics spam";
pub const UNFINISHED: &str = "unfinished response (Finished = 0)";
pub const INCOMPLETE: &str = "incomplete response (LimeSurvey: no submitdate)";
pub const LABEL_ROW: &str = "SoSci Survey's row of variable labels (not a response)";

impl SetAside {
    /// The rule for an export of `kind` with these headers. Without a kind nothing is set
    /// aside: a column merely named `Status` in some other file means something else.
    pub fn new(kind: Option<ExportKind>, headers: &[String], keep_unfinished: bool) -> SetAside {
        let find = |n: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(n));
        let mut rule = SetAside {
            keep_unfinished,
            ..SetAside::default()
        };
        match kind {
            Some(ExportKind::Qualtrics) => {
                rule.status = find("Status");
                rule.channel = find("DistributionChannel");
                rule.finished = find("Finished");
            }
            Some(ExportKind::LimeSurvey) => rule.submitdate = find("submitdate"),
            Some(ExportKind::SoSci) => {
                rule.finished = find("FINISHED");
                rule.case = find("CASE");
            }
            None => {}
        }
        for (slot, col) in [
            rule.status,
            rule.channel,
            rule.finished,
            rule.submitdate,
            rule.case,
        ]
        .iter()
        .enumerate()
        {
            if let Some(c) = col {
                rule.names[slot] = headers[*c].clone();
            }
        }
        rule
    }

    /// Whether any column of the rule exists.
    pub fn is_active(&self) -> bool {
        self.status.is_some()
            || self.channel.is_some()
            || self.finished.is_some()
            || self.submitdate.is_some()
            || self.case.is_some()
    }

    /// Why this record is not analysed, if it is not. Previews, tests and spam are always
    /// set aside (they are not respondents); unfinished responses unless `keep_unfinished`.
    pub fn check(&self, record: &impl Fields) -> Option<SetAsideReason> {
        let field = |i: usize| {
            String::from_utf8_lossy(record.get(i).unwrap_or(b""))
                .trim()
                .to_string()
        };
        let hit = |slot: usize, value: String, reason: &'static str| SetAsideReason {
            column: self.names[slot].clone(),
            value,
            reason,
        };
        if let Some(c) = self.status {
            // Qualtrics response types: numeric codes in a "values" export, words in a
            // "labels" export (Qualtrics support, "Response Type / Status").
            let v = field(c);
            let reason = match v.to_ascii_lowercase().as_str() {
                "1" | "survey preview" | "17" | "offline survey preview" => Some(PREVIEW),
                "2" | "survey test" => Some(TEST),
                "8" | "spam" | "9" | "survey preview spam" | "12" | "imported spam" => Some(SPAM),
                _ => None,
            };
            if let Some(r) = reason {
                return Some(hit(0, v, r));
            }
        }
        if let Some(c) = self.channel {
            let v = field(c);
            match v.to_ascii_lowercase().as_str() {
                "preview" => return Some(hit(1, v, PREVIEW)),
                "test" => return Some(hit(1, v, TEST)),
                _ => {}
            }
        }
        if let Some(c) = self.case {
            let v = field(c);
            if !v.is_empty() && v.parse::<f64>().is_err() {
                return Some(hit(4, v, LABEL_ROW));
            }
        }
        if self.keep_unfinished {
            return None;
        }
        if let Some(c) = self.finished {
            let v = field(c);
            if matches!(v.to_ascii_lowercase().as_str(), "0" | "false") {
                return Some(hit(2, v, UNFINISHED));
            }
        }
        if let Some(c) = self.submitdate {
            let v = field(c);
            if v.is_empty() {
                return Some(hit(3, v, INCOMPLETE));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn detects_platforms_by_columns() {
        let q = h(&["StartDate", "Status", "Finished", "ResponseId", "Q1"]);
        assert_eq!(ExportKind::detect(&q, false), Some(ExportKind::Qualtrics));
        let l = h(&["id", "submitdate", "lastpage", "startlanguage", "Q1"]);
        assert_eq!(ExportKind::detect(&l, false), Some(ExportKind::LimeSurvey));
        let l2 = h(&["id", "Q1[SQ001]", "Q1[SQ002]"]);
        assert_eq!(ExportKind::detect(&l2, false), Some(ExportKind::LimeSurvey));
        let s = h(&[
            "CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "PC01_01", "FINISHED",
        ]);
        assert_eq!(ExportKind::detect(&s, false), Some(ExportKind::SoSci));
        // SoSci's row of variable labels and an unfinished interview are set aside.
        let rule = SetAside::new(Some(ExportKind::SoSci), &s, false);
        let row = |f: &[&str]| csv::ByteRecord::from(f.to_vec());
        let labels = row(&[
            "Interview number (sequential)",
            "",
            "",
            "",
            "",
            "",
            "x",
            "Completed",
        ]);
        assert_eq!(rule.check(&labels).map(|r| r.reason), Some(LABEL_ROW));
        let unfinished = row(&["42", "", "", "base", "interview", "2023-11-06", "3", "0"]);
        assert_eq!(rule.check(&unfinished).map(|r| r.reason), Some(UNFINISHED));
        let done = row(&["43", "", "", "base", "interview", "2023-11-06", "3", "1"]);
        assert_eq!(rule.check(&done), None);
        let plain = h(&["id", "Status", "c1"]);
        assert_eq!(ExportKind::detect(&plain, false), None);
        assert!(!is_sub_question("[x]") && !is_sub_question("Q1[]") && is_sub_question("Q[a]"));
    }

    #[test]
    fn previews_tests_spam_and_unfinished_are_set_aside() {
        let headers = h(&["Status", "DistributionChannel", "Finished", "ResponseId"]);
        let rule = SetAside::new(Some(ExportKind::Qualtrics), &headers, false);
        let rec = |f: &[&str]| csv::ByteRecord::from(f.to_vec());
        let reason = |f: &[&str]| rule.check(&rec(f)).map(|r| r.reason);
        assert_eq!(reason(&["IP Address", "anonymous", "1", "R1"]), None);
        assert_eq!(reason(&["0", "anonymous", "True", "R1"]), None);
        assert_eq!(
            reason(&["Survey Preview", "preview", "1", "R2"]),
            Some(PREVIEW)
        );
        assert_eq!(reason(&["0", "test", "1", "R3"]), Some(TEST));
        assert_eq!(reason(&["8", "anonymous", "1", "R4"]), Some(SPAM));
        assert_eq!(reason(&["0", "anonymous", "0", "R5"]), Some(UNFINISHED));
        assert_eq!(reason(&["0", "anonymous", "False", "R5"]), Some(UNFINISHED));
        let keep = SetAside::new(Some(ExportKind::Qualtrics), &headers, true);
        assert_eq!(keep.check(&rec(&["0", "anonymous", "0", "R5"])), None);
        assert_eq!(
            keep.check(&rec(&["1", "anonymous", "0", "R5"]))
                .map(|r| r.reason),
            Some(PREVIEW),
            "previews are set aside even with keep_unfinished"
        );
    }
}
