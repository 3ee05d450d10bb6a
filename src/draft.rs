//! `paradox codebook --draft FILE`: a first `codebook.toml` guessed from a survey export
//! (.csv, .tsv, .sav, .zsav), so that a researcher edits a codebook instead of writing one.
//!
//! The file is read once (at most [`MAX_ROWS`] responses; platform previews, tests and
//! unfinished responses left out) and every column is summarized — distinct values in
//! order of appearance, numeric range, question text (Qualtrics header row 2) or variable
//! label and value labels (SPSS). From that the draft guesses the id column, the age /
//! birth-year / cohort column, the weight, rating columns grouped into candidate scales by
//! shared prefix (`Q5_1`…`Q5_4`, `Q1[SQ001]`…) and common range, label sets for text
//! answers (known wordings in their natural order, else first appearance), select-all
//! questions and 0/1 columns as behaviour, and the columns that look like personal data.
//! Every guess is commented ("# guessed from …; check"), and what cannot be guessed is a
//! `# TODO`. A draft whose guesses are complete parses with the codebook parser as it is.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use crate::import::pii;
use crate::import::survey_source::{ExportKind, SetAside, SurveySource};
use crate::study::StudyError;

/// Responses read to draft a codebook: plenty to see every answer option.
pub const MAX_ROWS: u64 = 100_000;
/// Distinct values remembered per column; a column with more is not categorical.
const MAX_DISTINCT: usize = 40;

/// Values read as missing in the draft and offered as `columns.missing` when seen:
/// common "refused / don't know / not asked" codes of survey exports.
const SENTINELS: [&str; 7] = ["-99", "-98", "-97", "-96", "-9", "-8", "-7"];

/// Answer wordings in their natural order (lowest code first). A text column whose answers
/// all belong to one of these gets the codes 1…n in this order.
const KNOWN_WORDINGS: [(&str, &[&str]); 12] = [
    (
        "agree5",
        &[
            "Strongly disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Strongly agree",
        ],
    ),
    (
        "agree5",
        &[
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "agree5",
        &[
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "agree7",
        &[
            "Strongly disagree",
            "Disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "acceptability5",
        &[
            "Very intrusive",
            "Somewhat intrusive",
            "Neutral",
            "Somewhat acceptable",
            "Very acceptable",
        ],
    ),
    (
        "acceptability5",
        &[
            "Very unacceptable",
            "Somewhat unacceptable",
            "Neither acceptable nor unacceptable",
            "Somewhat acceptable",
            "Very acceptable",
        ],
    ),
    (
        "willing5",
        &[
            "Not at all willing",
            "Slightly willing",
            "Moderately willing",
            "Very willing",
            "Extremely willing",
        ],
    ),
    (
        "likely5",
        &[
            "Very unlikely",
            "Somewhat unlikely",
            "Neither likely nor unlikely",
            "Somewhat likely",
            "Very likely",
        ],
    ),
    (
        "comfortable5",
        &[
            "Very uncomfortable",
            "Somewhat uncomfortable",
            "Neither comfortable nor uncomfortable",
            "Somewhat comfortable",
            "Very comfortable",
        ],
    ),
    (
        "concerned4",
        &[
            "Not at all concerned",
            "Not too concerned",
            "Somewhat concerned",
            "Very concerned",
        ],
    ),
    (
        "frequency5",
        &["Never", "Rarely", "Sometimes", "Often", "Always"],
    ),
    (
        "important4",
        &[
            "Not at all important",
            "Not too important",
            "Somewhat important",
            "Very important",
        ],
    ),
];

/// Platform metadata columns: never a question.
const PLATFORM_COLUMNS: [&str; 29] = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "ExternalDataReference",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
    "Q_RecaptchaScore",
    "Q_RelevantIDDuplicate",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "refurl",
    "ipaddr",
    "token",
    "interviewtime",
];

/// What one column looked like.
#[derive(Debug, Default)]
struct Column {
    name: String,
    /// Question text (Qualtrics row 2) or SPSS variable label.
    text: Option<String>,
    /// SPSS value labels of a numeric variable: code → label.
    value_labels: Vec<(f64, String)>,
    non_missing: u64,
    /// Distinct trimmed values with counts, in order of first appearance.
    distinct: Vec<(String, u64)>,
    many: bool,
    numeric: bool,
    integer: bool,
    min: f64,
    max: f64,
    samples: Vec<String>,
    /// Comma-separated pieces of text values, in order of first appearance (a select-all
    /// question exported as one column), and whether any value held a comma.
    tokens: Vec<String>,
    tokens_many: bool,
    has_comma: bool,
}

impl Column {
    fn add(&mut self, raw: &str, sentinels: &mut Vec<String>) {
        let v = raw.trim();
        if v.is_empty() || v.eq_ignore_ascii_case("NA") || v.eq_ignore_ascii_case("N/A") {
            return;
        }
        if SENTINELS.contains(&v) {
            if !sentinels.iter().any(|s| s == v) {
                sentinels.push(v.to_string());
            }
            return;
        }
        if self.samples.len() < pii::SAMPLE_VALUES {
            self.samples.push(v.to_string());
        }
        match v.parse::<f64>().ok().filter(|x| x.is_finite()) {
            Some(x) => {
                if self.non_missing == 0 || !self.numeric && self.distinct.is_empty() {
                    self.numeric = true;
                    self.integer = true;
                    self.min = x;
                    self.max = x;
                }
                self.integer &= x.fract() == 0.0;
                self.min = self.min.min(x);
                self.max = self.max.max(x);
            }
            None => {
                self.numeric = false;
                self.has_comma |= v.contains(',');
                for t in v.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    if self.tokens_many || self.tokens.iter().any(|x| x == t) {
                        continue;
                    }
                    if self.tokens.len() < MAX_DISTINCT {
                        self.tokens.push(t.to_string());
                    } else {
                        self.tokens_many = true;
                    }
                }
            }
        }
        self.non_missing += 1;
        if self.many {
            return;
        }
        if let Some(d) = self.distinct.iter_mut().find(|(d, _)| d == v) {
            d.1 += 1;
        } else if self.distinct.len() < MAX_DISTINCT {
            self.distinct.push((v.to_string(), 1));
        } else {
            self.many = true;
            self.distinct.clear();
        }
    }

    /// Name, question text, value labels and the answer scale recognized, lowercased:
    /// what the role of a rating column is guessed from.
    fn hint(&self, coding: Option<&Coding>) -> String {
        format!(
            "{} {}",
            self.text_lower(),
            coding.map(|c| c.set.as_str()).unwrap_or("")
        )
    }

    fn text_lower(&self) -> String {
        let labels: String = self
            .value_labels
            .iter()
            .map(|(_, l)| format!(" {l}"))
            .collect();
        format!(
            "{} {}{labels}",
            self.name,
            self.text.as_deref().unwrap_or("")
        )
        .to_lowercase()
    }

    /// The range of a rating column: integer values of at least 0.5 % of its answers (a
    /// stray 9 on a 1–7 scale is a data error, not the scale's end), or the value labels.
    fn rating_range(&self) -> Option<(i32, i32)> {
        if !self.value_labels.is_empty() {
            let codes: Vec<f64> = self.value_labels.iter().map(|v| v.0).collect();
            if codes.iter().all(|c| c.fract() == 0.0) {
                let lo = codes.iter().cloned().fold(f64::INFINITY, f64::min);
                let hi = codes.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                if hi - lo >= 2.0 && hi - lo <= 10.0 {
                    return Some((lo as i32, hi as i32));
                }
            }
        }
        if !(self.numeric && self.integer) || self.many || self.non_missing == 0 {
            return None;
        }
        let floor = (self.non_missing as f64 * 0.005).ceil() as u64;
        let vals: Vec<i64> = self
            .distinct
            .iter()
            .filter(|(_, n)| *n >= floor)
            .filter_map(|(v, _)| v.parse::<f64>().ok().map(|x| x as i64))
            .collect();
        let lo = *vals.iter().min()?;
        let hi = *vals.iter().max()?;
        (lo >= 0 && hi <= 11 && hi - lo >= 2).then_some((lo as i32, hi as i32))
    }
}

/// A text column's answers as codes: (label set name, text → code, min, max, how).
#[derive(Debug, Clone)]
struct Coding {
    set: String,
    labels: Vec<(String, i64)>,
    min: i32,
    max: i32,
    kind: CodingKind,
    /// Rare answers outside a known wording (e.g. "Not sure"): a missing code, or a label.
    extra: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CodingKind {
    /// A known answer scale, in its natural order.
    Known,
    /// Answer codes with numbers (LimeSurvey's A1, A2 …), ordered by the number.
    Codes,
    /// Unknown texts, in order of first appearance.
    Appearance,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Codes for a column of text answers (numbers within the range may be mixed in): a known
/// wording list, LimeSurvey-style answer codes (A1, A2 … in numeric order), else the
/// answers in order of first appearance.
fn text_coding(c: &Column) -> Option<Coding> {
    if c.numeric || c.many || c.distinct.len() < 2 {
        return None;
    }
    let texts: Vec<&str> = c
        .distinct
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| v.parse::<f64>().is_err())
        .collect();
    let numbers: Vec<f64> = c
        .distinct
        .iter()
        .filter_map(|(v, _)| v.parse::<f64>().ok())
        .collect();
    let count_of = |t: &str| {
        c.distinct
            .iter()
            .filter(|(v, _)| v == t)
            .map(|d| d.1)
            .sum::<u64>()
    };
    for (set, words) in KNOWN_WORDINGS {
        // Rare answers outside the wording (at most 2 % of all) do not hide it.
        let (known, extra): (Vec<&str>, Vec<&str>) = texts
            .iter()
            .partition(|t| words.iter().any(|w| norm(w) == norm(t)));
        let extra_n: u64 = extra.iter().map(|t| count_of(t)).sum();
        let all_known = !known.is_empty() && extra_n as f64 <= 0.02 * c.non_missing as f64;
        let nums_ok = numbers
            .iter()
            .all(|x| x.fract() == 0.0 && *x >= 1.0 && *x <= words.len() as f64);
        if all_known && nums_ok {
            return Some(Coding {
                set: set.to_string(),
                labels: words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (w.to_string(), i as i64 + 1))
                    .collect(),
                min: 1,
                max: words.len() as i32,
                kind: CodingKind::Known,
                extra: extra.iter().map(|t| t.to_string()).collect(),
            });
        }
    }
    if !numbers.is_empty() || texts.len() > 11 {
        return None;
    }
    // Answer codes such as A1 … A5 (LimeSurvey): one shared prefix, then a number.
    let split = |t: &str| {
        let p = t.trim_end_matches(|ch: char| ch.is_ascii_digit());
        (p.len() < t.len()).then(|| (p.to_string(), t[p.len()..].parse::<i64>().ok()))
    };
    let parts: Vec<_> = texts.iter().map(|t| split(t)).collect();
    if parts.iter().all(|p| matches!(p, Some((_, Some(_)))))
        && parts
            .windows(2)
            .all(|w| w[0].as_ref().map(|p| &p.0) == w[1].as_ref().map(|p| &p.0))
    {
        let mut codes: Vec<(String, i64)> = texts
            .iter()
            .zip(&parts)
            .filter_map(|(t, p)| p.as_ref().and_then(|p| p.1).map(|n| (t.to_string(), n)))
            .collect();
        codes.sort_by_key(|c| c.1);
        let prefix = parts.first()?.as_ref()?.0.clone();
        let hi = codes.last()?.1;
        // Every code from 1 to the highest seen: an answer nobody chose is still a code.
        return Some(Coding {
            set: format!("codes_{}", slug(&prefix)),
            labels: (1..=hi).map(|n| (format!("{prefix}{n}"), n)).collect(),
            min: 1,
            max: hi as i32,
            kind: CodingKind::Codes,
            extra: Vec::new(),
        });
    }
    Some(Coding {
        set: String::new(),
        labels: texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i as i64 + 1))
            .collect(),
        min: 1,
        max: texts.len() as i32,
        kind: CodingKind::Appearance,
        extra: Vec::new(),
    })
}

/// The question a column belongs to: the name without a trailing option or item marker
/// (`Q5_1` → `Q5`, `Q1[SQ001]` → `Q1`, `concern_3` → `concern`, `Q2.4` → `Q2`).
fn prefix_of(name: &str) -> Option<String> {
    if let Some(open) = name.find('[') {
        if name.ends_with(']') && open > 0 {
            return Some(name[..open].to_string());
        }
    }
    let t = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if t.len() == name.len() {
        // Worded items: `concern_tracking`, `concern_ads` → `concern`.
        return name
            .rsplit_once('_')
            .filter(|(p, rest)| !p.is_empty() && !rest.is_empty())
            .map(|(p, _)| p.to_string());
    }
    let t = t.trim_end_matches(['_', '.', '-', 'r', 'x']);
    (!t.is_empty()).then(|| t.to_string())
}

/// A codebook name: lowercase letters, digits and `_`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        "x".into()
    } else {
        out
    }
}

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The part of a Qualtrics question text after " - " (the item or option), else the text.
fn option_text(text: &str) -> &str {
    text.rsplit(" - ").next().unwrap_or(text).trim()
}

fn one_line(s: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 100 {
        format!("{}…", t.chars().take(99).collect::<String>())
    } else {
        t
    }
}

fn contains_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
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

/// Reads a survey export and writes a draft codebook for it.
pub fn draft_codebook(path: &Path) -> Result<String, StudyError> {
    let mut src = SurveySource::open(path)?;
    let headers = src.headers().to_vec();
    let export = ExportKind::detect(&headers, src.qualtrics_header());
    let rule = SetAside::new(export, &headers, false);
    let mut cols: Vec<Column> = headers
        .iter()
        .map(|h| Column {
            name: h.clone(),
            ..Column::default()
        })
        .collect();
    if let Some(vars) = src.sav_variables() {
        for (c, v) in cols.iter_mut().zip(vars) {
            c.text = v.label.clone();
            c.value_labels = v
                .value_labels
                .iter()
                .filter(|(val, _)| !v.missing.is_missing(val))
                .filter_map(|(val, l)| match val {
                    crate::import::sav::SavValue::Number(x) => Some((*x, l.clone())),
                    _ => None,
                })
                .collect();
        }
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
    let mut first_date: Option<String> = None;
    while src.next_record(&mut record)?.is_some() {
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        if rule.check(&record).is_some() {
            set_aside += 1;
            continue;
        }
        rows += 1;
        for (i, c) in cols.iter_mut().enumerate() {
            let v = String::from_utf8_lossy(record.get(i).unwrap_or(b""));
            c.add(&v, &mut sentinels);
        }
        if first_date.is_none() {
            first_date = headers
                .iter()
                .position(|h| {
                    [
                        "StartDate",
                        "RecordedDate",
                        "submitdate",
                        "startdate",
                        "datestamp",
                    ]
                    .iter()
                    .any(|d| h.eq_ignore_ascii_case(d))
                })
                .and_then(|i| record.get(i))
                .map(|b| String::from_utf8_lossy(b).trim().to_string())
                .filter(|d| d.len() >= 4 && d[..4].parse::<u16>().is_ok());
        }
        if rows >= MAX_ROWS {
            break;
        }
    }
    drop(src);
    Ok(Draft::new(
        path, export, cols, rows, set_aside, sentinels, first_date, sav_weight,
    )
    .write())
}

/// A label set of the draft: name, text → code, how it was guessed, rare extra answers.
type LabelSetDraft = (String, Vec<(String, i64)>, CodingKind, Vec<String>);

/// What a column was guessed to be.
#[derive(Debug, Clone, PartialEq)]
enum Guess {
    Platform,
    Id,
    BirthYear,
    Age,
    CohortColumn,
    Weight,
    Group,
    /// A rating column: range and, for text answers, its coding.
    Rating(i32, i32),
    /// A 0/1 or count column.
    Binary,
    Count,
    /// An option of a select-all question (index of the question).
    SelectOption(usize),
    /// A select-all question exported as one column of comma-joined options.
    Joined,
    Other,
}

struct SelectQuestion {
    name: String,
    columns: Vec<usize>,
    none: Option<usize>,
}

struct Draft {
    source: String,
    export: Option<ExportKind>,
    cols: Vec<Column>,
    guess: Vec<Guess>,
    coding: Vec<Option<Coding>>,
    rows: u64,
    set_aside: u64,
    sentinels: Vec<String>,
    survey_year: (i32, bool),
    select: Vec<SelectQuestion>,
}

impl Draft {
    #[allow(clippy::too_many_arguments)]
    fn new(
        path: &Path,
        export: Option<ExportKind>,
        cols: Vec<Column>,
        rows: u64,
        set_aside: u64,
        sentinels: Vec<String>,
        first_date: Option<String>,
        sav_weight: Option<usize>,
    ) -> Draft {
        let survey_year = first_date
            .and_then(|d| d[..4].parse::<i32>().ok())
            .filter(|y| (1900..=2200).contains(y))
            .map(|y| (y, true))
            .unwrap_or((current_year(), false));
        let n = cols.len();
        let mut d = Draft {
            source: path.display().to_string(),
            export,
            coding: cols.iter().map(text_coding).collect(),
            cols,
            guess: vec![Guess::Other; n],
            rows,
            set_aside,
            sentinels,
            survey_year,
            select: Vec::new(),
        };
        d.unify_codes();
        d.classify(sav_weight);
        d
    }

    /// Answer codes of one prefix (A1 … An) get one label set, up to the highest code any
    /// column used.
    fn unify_codes(&mut self) {
        let mut max: HashMap<String, i64> = HashMap::new();
        for cd in self.coding.iter().flatten() {
            if cd.kind == CodingKind::Codes {
                let m = max.entry(cd.set.clone()).or_insert(0);
                *m = (*m).max(cd.max as i64);
            }
        }
        for cd in self.coding.iter_mut().flatten() {
            if cd.kind != CodingKind::Codes {
                continue;
            }
            let hi = max.get(&cd.set).copied().unwrap_or(cd.max as i64);
            let prefix: String = cd
                .labels
                .first()
                .map(|l| {
                    l.0.trim_end_matches(|c: char| c.is_ascii_digit())
                        .to_string()
                })
                .unwrap_or_default();
            cd.labels = (1..=hi).map(|n| (format!("{prefix}{n}"), n)).collect();
            cd.max = hi as i32;
        }
    }

    fn classify(&mut self, sav_weight: Option<usize>) {
        let n = self.cols.len();
        for i in 0..n {
            let c = &self.cols[i];
            if PLATFORM_COLUMNS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&c.name))
            {
                self.guess[i] = Guess::Platform;
            }
        }
        // Id: a known id name, else the first column whose values are all distinct.
        let id_names = [
            "ResponseId",
            "ResponseID",
            "respondent_id",
            "respondentid",
            "id",
            "resp_id",
            "respid",
            "participant_id",
            "caseid",
            "case_id",
            "QKEY",
            "uuid",
        ];
        let id = id_names
            .iter()
            .find_map(|n| {
                self.cols
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(n))
            })
            .or_else(|| {
                (0..n).find(|&i| {
                    let c = &self.cols[i];
                    self.guess[i] == Guess::Other
                        && c.non_missing == self.rows
                        && self.rows > 1
                        && (c.many || c.distinct.len() as u64 == self.rows)
                        && (!c.numeric || c.integer)
                })
            });
        if let Some(i) = id {
            self.guess[i] = Guess::Id;
        }
        let year = self.survey_year.0 as f64;
        for i in 0..n {
            if self.guess[i] != Guess::Other {
                continue;
            }
            let c = &self.cols[i];
            let t = c.text_lower();
            let lname = c.name.to_lowercase();
            let int = c.numeric && c.integer && c.non_missing > 0;
            if int
                && c.min >= year - 120.0
                && c.max <= year
                && c.min >= 1880.0
                && (contains_any(&t, &["birth", "born", "yob", "year"]) || c.min >= 1900.0)
            {
                self.guess[i] = Guess::BirthYear;
            } else if int
                && c.min >= 10.0
                && c.max <= 110.0
                && (lname == "age"
                    || lname.ends_with("_age")
                    || lname.starts_with("age")
                    || t.contains("how old"))
            {
                self.guess[i] = Guess::Age;
            } else if !c.numeric
                && !c.many
                && contains_any(
                    &lname,
                    &[
                        "cohort",
                        "generation",
                        "age_group",
                        "agegroup",
                        "agecat",
                        "age_cat",
                    ],
                )
            {
                self.guess[i] = Guess::CohortColumn;
            } else if c.numeric
                && c.min >= 0.0
                && (sav_weight == Some(i)
                    || lname == "weight"
                    || lname.starts_with("weight")
                    || lname.starts_with("wt")
                    || lname.ends_with("_weight"))
                || (sav_weight == Some(i))
            {
                self.guess[i] = Guess::Weight;
            }
        }
        // Only one of each.
        for g in [
            Guess::BirthYear,
            Guess::Age,
            Guess::CohortColumn,
            Guess::Weight,
        ] {
            let mut seen = false;
            for x in self.guess.iter_mut() {
                if *x == g {
                    if seen {
                        *x = Guess::Other;
                    }
                    seen = true;
                }
            }
        }
        if self.guess.contains(&Guess::BirthYear) {
            for x in self.guess.iter_mut() {
                if *x == Guess::Age {
                    *x = Guess::Other;
                }
            }
        }
        self.find_select_all();
        for i in 0..n {
            let c = &self.cols[i];
            if self.guess[i] == Guess::Other
                && c.has_comma
                && !c.tokens_many
                && (2..=20).contains(&c.tokens.len())
            {
                self.guess[i] = Guess::Joined;
            }
        }
        for i in 0..n {
            if self.guess[i] != Guess::Other {
                continue;
            }
            let c = &self.cols[i];
            if let Some(cd) = &self.coding[i] {
                // Unknown texts in order of appearance are a rating only within a battery
                // of such columns; alone they are more likely a category (gender, country).
                let battery = prefix_of(&c.name).is_some_and(|p| {
                    (0..n)
                        .filter(|&j| {
                            prefix_of(&self.cols[j].name).as_deref() == Some(p.as_str())
                                && self.coding[j].is_some()
                        })
                        .count()
                        >= 2
                });
                if cd.max - cd.min >= 2 && (cd.kind != CodingKind::Appearance || battery) {
                    self.guess[i] = Guess::Rating(cd.min, cd.max);
                    continue;
                }
            }
            if let Some((lo, hi)) = c.rating_range() {
                self.guess[i] = Guess::Rating(lo, hi);
            } else if c.numeric && c.integer && c.min >= 0.0 && c.max == 1.0 && c.min == 0.0 {
                self.guess[i] = Guess::Binary;
            } else if c.numeric
                && c.integer
                && c.min >= 0.0
                && contains_any(&c.name.to_lowercase(), &["count", "shared", "n_", "times"])
            {
                self.guess[i] = Guess::Count;
            } else if !c.numeric
                && !c.many
                && (2..=12).contains(&c.distinct.len())
                && c.distinct.len() as u64 * 2 <= c.non_missing
            {
                self.guess[i] = Guess::Group;
            }
        }
    }

    /// Select-all questions exported one column per option: two or more columns of one
    /// prefix, each holding a single answer (1, Y, Yes or the option text) or blank, and
    /// blanks somewhere.
    fn find_select_all(&mut self) {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, c) in self.cols.iter().enumerate() {
            if self.guess[i] != Guess::Other {
                continue;
            }
            let single = c.distinct.len() == 1 && !c.many;
            let empty = c.non_missing == 0;
            let Some(p) = prefix_of(&c.name) else {
                continue;
            };
            if !(single || empty) || c.non_missing >= self.rows && self.rows > 0 {
                continue;
            }
            if single && c.numeric && c.min == 0.0 {
                continue;
            }
            match groups.iter_mut().find(|g| g.0 == p) {
                Some(g) => g.1.push(i),
                None => groups.push((p, vec![i])),
            }
        }
        for (p, members) in groups {
            if members.len() < 2 || members.iter().all(|&i| self.cols[i].non_missing == 0) {
                continue;
            }
            let k = self.select.len();
            let none = members.iter().copied().find(|&i| {
                let t = self.cols[i].text.as_deref().map(option_text).unwrap_or("");
                let t = t.to_lowercase();
                t.starts_with("none") || t.contains("none of")
            });
            for &i in &members {
                self.guess[i] = Guess::SelectOption(k);
            }
            self.select.push(SelectQuestion {
                name: p,
                columns: members,
                none,
            });
        }
    }

    fn columns_of(&self, g: &Guess) -> Vec<usize> {
        (0..self.cols.len())
            .filter(|&i| self.guess[i] == *g)
            .collect()
    }

    fn first(&self, g: Guess) -> Option<&Column> {
        self.guess
            .iter()
            .position(|x| *x == g)
            .map(|i| &self.cols[i])
    }

    fn write(&self) -> String {
        let mut s = String::new();
        let mut todo: Vec<String> = Vec::new();
        let _ = writeln!(
            s,
            "# Draft codebook written by `paradox codebook --draft` from {}",
            self.source
        );
        let _ = writeln!(
            s,
            "# ({} responses read{}{}). Every line marked \"guessed\" is a guess: check it.",
            self.rows,
            if self.rows >= MAX_ROWS {
                ", the first ones only"
            } else {
                ""
            },
            if self.set_aside > 0 {
                format!(", {} previews/tests/unfinished left out", self.set_aside)
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            s,
            "# Edit what is marked TODO, then run `paradox check` on the study folder."
        );
        if let Some(k) = self.export {
            let _ = writeln!(s, "# Recognized as a {} export.", k.name());
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "[study]");
        // The file's name, or its folder's when the file is just "survey.*".
        let p = Path::new(&self.source);
        let stem = p
            .file_stem()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = if stem.eq_ignore_ascii_case("survey") {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|f| slug(&f.to_string_lossy()))
                .unwrap_or_else(|| "study".into())
        } else {
            slug(&stem)
        };
        let _ = writeln!(s, "name = {}", q(&name));
        let _ = writeln!(
            s,
            "survey_year = {}{}",
            self.survey_year.0,
            if self.survey_year.1 {
                "  # guessed from the response dates; check"
            } else {
                "  # TODO: the year the survey was fielded (guessed: this year)"
            }
        );
        let _ = writeln!(s);
        let _ = writeln!(s, "[columns]");
        match self.first(Guess::Id) {
            Some(c) => {
                let _ = writeln!(
                    s,
                    "id = {}  # guessed: {}",
                    q(&c.name),
                    if c.many || c.distinct.len() as u64 == self.rows {
                        "one distinct value per response"
                    } else {
                        "its name"
                    }
                );
            }
            None => {
                let _ = writeln!(s, "id = \"TODO\"  # TODO: the respondent id column (no column had one distinct value per response)");
                todo.push("name the respondent id column (columns.id)".into());
            }
        }
        let by = self.first(Guess::BirthYear);
        let age = self.first(Guess::Age);
        let cohort = self.first(Guess::CohortColumn);
        if let Some(c) = by {
            let _ = writeln!(
                s,
                "birth_year = {}  # guessed: whole numbers {}–{}; check",
                q(&c.name),
                c.min,
                c.max
            );
        } else if let Some(c) = age {
            let _ = writeln!(
                s,
                "age = {}  # guessed: whole numbers {}–{}; check",
                q(&c.name),
                c.min,
                c.max
            );
        }
        if let Some(c) = self.first(Guess::Weight) {
            let _ = writeln!(
                s,
                "weight = {}  # guessed: a positive number named like a weight; check",
                q(&c.name)
            );
        }
        let groups: Vec<String> = self
            .columns_of(&Guess::Group)
            .iter()
            .map(|&i| q(&self.cols[i].name))
            .collect();
        if !groups.is_empty() {
            let _ = writeln!(s, "group = [{}]  # guessed: text columns with few values, for filters; remove any you do not need", groups.join(", "));
        }
        let mut missing = vec!["\"\"".to_string(), "\"NA\"".into(), "\"N/A\"".into()];
        missing.extend(self.sentinels.iter().map(|v| q(v)));
        let _ = writeln!(
            s,
            "missing = [{}]{}",
            missing.join(", "),
            if self.sentinels.is_empty() {
                ""
            } else {
                "  # guessed: negative codes seen in the data (refused / don't know)"
            }
        );
        let _ = writeln!(s);
        let _ = writeln!(s, "[cohorts]");
        if by.is_some() || age.is_some() {
            let _ = writeln!(
                s,
                "scheme = \"generation\"  # or \"age_bands\" with edges = [18, 25, 35, 45, 55, 65]"
            );
        } else if let Some(c) = cohort {
            let order: Vec<String> = c.distinct.iter().map(|(v, _)| q(v)).collect();
            let _ = writeln!(s, "scheme = \"column\"");
            let _ = writeln!(s, "column = {}", q(&c.name));
            let _ = writeln!(s, "order = [{}]  # TODO: put the cohorts in order, oldest or youngest first (now: order of appearance)", order.join(", "));
        } else {
            let _ = writeln!(s, "# TODO: no age, birth-year or cohort column was recognized. Name one under [columns]");
            let _ = writeln!(s, "# (birth_year = \"…\" or age = \"…\"), or use scheme = \"column\" with column and order.");
            let _ = writeln!(s, "scheme = \"generation\"");
            todo.push("name an age, birth-year or cohort column".into());
        }
        let _ = writeln!(s);

        self.write_label_sets(&mut s);

        // Rating columns: batteries (two or more with one prefix and range) → scales or
        // tactics; single ones → stated willingness, a tactic, or left as a candidate.
        let mut batteries: Vec<(String, Vec<usize>, i32, i32)> = Vec::new();
        let mut singles: Vec<usize> = Vec::new();
        for i in 0..self.cols.len() {
            let Guess::Rating(lo, hi) = self.guess[i] else {
                continue;
            };
            match prefix_of(&self.cols[i].name) {
                Some(p) => match batteries.iter_mut().find(|b| b.0 == p) {
                    Some(b) => b.1.push(i),
                    None => batteries.push((p, vec![i], lo, hi)),
                },
                None => singles.push(i),
            }
        }
        let mut scales: Vec<(String, Vec<usize>, i32, i32)> = Vec::new();
        let mut tactics: Vec<usize> = Vec::new();
        let mut stated: Vec<usize> = Vec::new();
        let mut unplaced: Vec<usize> = Vec::new();
        // A battery's items share its most common range.
        let mut range_of: HashMap<usize, (i32, i32)> = HashMap::new();
        for (p, members, _, _) in batteries {
            if members.len() < 2 {
                singles.extend(members);
                continue;
            }
            // The battery's range spans its items' ranges (rare stray values were already
            // left out of each item's range).
            let (mut lo, mut hi) = (i32::MAX, i32::MIN);
            for &i in &members {
                if let Guess::Rating(a, b) = self.guess[i] {
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
            }
            for &i in &members {
                range_of.insert(i, (lo, hi));
            }
            let text = members
                .iter()
                .map(|&i| self.cols[i].hint(self.coding[i].as_ref()))
                .collect::<String>();
            if is_tactic(&text) {
                tactics.extend(members);
            } else if is_willing(&text) {
                stated.extend(members);
            } else {
                scales.push((p, members, lo, hi));
            }
        }
        for i in singles {
            let t = self.cols[i].hint(self.coding[i].as_ref());
            if is_tactic(&t) {
                tactics.push(i);
            } else if is_willing(&t) {
                stated.push(i);
            } else {
                unplaced.push(i);
            }
        }
        let concern = scales.iter().position(|(p, m, _, _)| {
            let t = format!(
                "{p} {}",
                m.iter()
                    .map(|&i| self.cols[i].text_lower())
                    .collect::<String>()
            )
            .to_lowercase();
            contains_any(
                &t,
                &["concern", "privacy", "worry", "iuipc", "cfip", "bother"],
            )
        });
        let mut scale_names: Vec<String> = Vec::new();
        for (p, members, lo, hi) in &scales {
            let mut name = slug(p);
            while scale_names.contains(&name) {
                name.push('_');
            }
            scale_names.push(name.clone());
            let _ = writeln!(
                s,
                "# guessed: {} items sharing the prefix \"{p}\", answers {lo}–{hi}; check min/max",
                members.len()
            );
            for &i in members {
                if let Some(t) = &self.cols[i].text {
                    let _ = writeln!(s, "#   {}: {}", self.cols[i].name, one_line(option_text(t)));
                }
            }
            let _ = writeln!(
                s,
                "# TODO: list reverse-keyed items, if any: reverse = [\"…\"]"
            );
            let _ = writeln!(s, "[[scale]]");
            let _ = writeln!(s, "name = {}", q(&name));
            let _ = writeln!(
                s,
                "items = [{}]",
                members
                    .iter()
                    .map(|&i| q(&self.cols[i].name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(s, "min = {lo}");
            let _ = writeln!(s, "max = {hi}");
            let _ = writeln!(s);
        }

        // Data types: stated willingness columns and behaviour (select-all options, 0/1 and
        // count columns), joined when a willingness question names an option.
        struct Dt {
            name: String,
            stated: Option<usize>,
            behavior: Option<usize>,
            /// A comma-joined option, as `"QUESTION:OPTION"`.
            joined: Option<String>,
            count: bool,
        }
        let mut dts: Vec<Dt> = Vec::new();
        let mut select_lines = String::new();
        for sq in &self.select {
            let _ = writeln!(select_lines, "# guessed: a select-all question (each option a column, blank when not chosen); check");
            let _ = writeln!(select_lines, "[select_all.{}]", q(&sq.name));
            let cols: Vec<usize> = sq
                .columns
                .iter()
                .copied()
                .filter(|c| Some(*c) != sq.none)
                .collect();
            let _ = writeln!(
                select_lines,
                "columns = [{}]",
                cols.iter()
                    .map(|&i| q(&self.cols[i].name))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if let Some(n) = sq.none {
                let _ = writeln!(
                    select_lines,
                    "none = {}  # \"none of these\"",
                    q(&self.cols[n].name)
                );
            }
            let _ = writeln!(select_lines);
            for &i in &cols {
                let c = &self.cols[i];
                let label = c
                    .text
                    .as_deref()
                    .map(option_text)
                    .filter(|t| !t.is_empty())
                    .or_else(|| {
                        c.distinct.first().map(|d| d.0.as_str()).filter(|v| {
                            v.parse::<f64>().is_err()
                                && !matches!(v.to_ascii_lowercase().as_str(), "y" | "yes")
                        })
                    })
                    .unwrap_or(&c.name);
                dts.push(Dt {
                    name: slug(label),
                    stated: None,
                    behavior: Some(i),
                    joined: None,
                    count: false,
                });
            }
        }
        for i in 0..self.cols.len() {
            if self.guess[i] != Guess::Joined {
                continue;
            }
            let c = &self.cols[i];
            let none = c
                .tokens
                .iter()
                .find(|t| t.to_lowercase().starts_with("none"));
            let _ = writeln!(select_lines, "# guessed: a select-all question exported as one column of comma-joined options; check the options");
            let _ = writeln!(select_lines, "[select_all.{}]", q(&c.name));
            let _ = writeln!(select_lines, "column = {}", q(&c.name));
            let _ = writeln!(
                select_lines,
                "options = [{}]",
                c.tokens.iter().map(|t| q(t)).collect::<Vec<_>>().join(", ")
            );
            if let Some(n) = none {
                let _ = writeln!(select_lines, "none = {}", q(n));
            }
            let _ = writeln!(select_lines);
            for t in c.tokens.iter().filter(|t| Some(*t) != none) {
                let name = if t.parse::<f64>().is_ok() {
                    format!("{}_{}", slug(&c.name), slug(t))
                } else {
                    slug(t)
                };
                dts.push(Dt {
                    name,
                    stated: None,
                    behavior: None,
                    joined: Some(format!("{}:{t}", c.name)),
                    count: false,
                });
            }
        }
        for i in 0..self.cols.len() {
            match self.guess[i] {
                Guess::Binary => dts.push(Dt {
                    name: slug(&self.cols[i].name),
                    stated: None,
                    behavior: Some(i),
                    joined: None,
                    count: false,
                }),
                Guess::Count => dts.push(Dt {
                    name: slug(&self.cols[i].name),
                    stated: None,
                    behavior: Some(i),
                    joined: None,
                    count: true,
                }),
                _ => {}
            }
        }
        for &i in &stated {
            let t = self.cols[i].text_lower();
            let hit = dts.iter_mut().find(|d| {
                d.stated.is_none() && d.name.len() > 2 && t.contains(&d.name.replace('_', " "))
            });
            match hit {
                Some(d) => d.stated = Some(i),
                None => {
                    let c = &self.cols[i];
                    let base = c
                        .text
                        .as_deref()
                        .filter(|t| t.contains(" - "))
                        .map(|t| slug(option_text(t)))
                        .unwrap_or_else(|| {
                            let n = slug(&c.name);
                            n.strip_prefix("willing_")
                                .or_else(|| n.strip_prefix("willingness_"))
                                .map(str::to_string)
                                .unwrap_or(n)
                        });
                    dts.push(Dt {
                        name: base,
                        stated: Some(i),
                        behavior: None,
                        joined: None,
                        count: false,
                    });
                }
            }
        }
        s.push_str(&select_lines);
        let mut dt_names: Vec<String> = Vec::new();
        for d in &dts {
            let mut name = d.name.clone();
            while dt_names.contains(&name) {
                name.push('_');
            }
            dt_names.push(name.clone());
            let _ = writeln!(
                s,
                "[[data_type]]  # guessed{}; check the name",
                match (d.stated, d.behavior) {
                    (Some(_), Some(_)) => ": a willingness question naming this option",
                    (Some(_), None) => ": a willingness question",
                    _ => "",
                }
            );
            let _ = writeln!(s, "name = {}", q(&name));
            if let Some(i) = d.stated {
                let c = &self.cols[i];
                if let Some(t) = &c.text {
                    let _ = writeln!(s, "# {}: {}", c.name, one_line(t));
                }
                let _ = writeln!(s, "stated = {}", q(&c.name));
                if let Guess::Rating(lo, hi) = self.guess[i] {
                    let (lo, hi) = range_of.get(&i).copied().unwrap_or((lo, hi));
                    let _ = writeln!(s, "stated_min = {lo}");
                    let _ = writeln!(s, "stated_max = {hi}");
                }
            }
            if let Some(i) = d.behavior {
                let _ = writeln!(
                    s,
                    "behavior = {}{}",
                    q(&self.cols[i].name),
                    if d.count {
                        "  # a count: shared when ≥ shared_min"
                    } else {
                        ""
                    }
                );
                if d.count {
                    let _ = writeln!(s, "shared_min = 1");
                }
            } else if let Some(r) = &d.joined {
                let _ = writeln!(s, "behavior = {}", q(r));
            } else {
                let _ = writeln!(s, "# TODO: behaviour for this data type, if recorded: behavior = \"column\" (survey or behavior.csv) or the event log's data type");
            }
            let _ = writeln!(s);
        }
        let mut tactic_names: Vec<String> = Vec::new();
        for &i in &tactics {
            let c = &self.cols[i];
            let Guess::Rating(lo, hi) = self.guess[i] else {
                continue;
            };
            let (lo, hi) = range_of.get(&i).copied().unwrap_or((lo, hi));
            let base = c
                .text
                .as_deref()
                .filter(|t| t.contains(" - "))
                .map(|t| slug(option_text(t)))
                .unwrap_or_else(|| {
                    let n = slug(&c.name);
                    n.strip_prefix("accept_")
                        .or_else(|| n.strip_prefix("acceptability_"))
                        .map(str::to_string)
                        .unwrap_or(n)
                });
            let mut name = base;
            while tactic_names.contains(&name) {
                name.push('_');
            }
            tactic_names.push(name.clone());
            let _ = writeln!(s, "[[tactic]]  # guessed: an acceptability rating; check");
            if let Some(t) = &c.text {
                let _ = writeln!(s, "# {}: {}", c.name, one_line(t));
            }
            let _ = writeln!(s, "name = {}", q(&name));
            let _ = writeln!(s, "column = {}", q(&c.name));
            let _ = writeln!(s, "min = {lo}");
            let _ = writeln!(s, "max = {hi}");
            let _ = writeln!(s);
        }
        if !unplaced.is_empty() {
            let _ = writeln!(
                s,
                "# TODO: rating columns whose role could not be guessed — a stated willingness"
            );
            let _ = writeln!(s, "# (data_type.stated), a tactic ([[tactic]]) or a one-item scale? Add them where they belong:");
            for &i in &unplaced {
                let c = &self.cols[i];
                let (lo, hi) = match self.guess[i] {
                    Guess::Rating(lo, hi) => (lo, hi),
                    _ => (0, 0),
                };
                let _ = writeln!(
                    s,
                    "#   {} (answers {lo}–{hi}){}",
                    c.name,
                    c.text
                        .as_deref()
                        .map(|t| format!(": {}", one_line(t)))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(s);
        }
        match concern {
            Some(k) => {
                let _ = writeln!(
                    s,
                    "[paradox]  # guessed: the scale whose items mention privacy concern; check"
                );
                let _ = writeln!(s, "concern_scale = {}", q(&scale_names[k]));
                let _ = writeln!(s, "concern_threshold = \"midpoint\"");
                let _ = writeln!(s);
            }
            None => {
                let _ = writeln!(s, "# TODO: which scale measures privacy concern? Without it the paradox statistics are null.");
                let _ = writeln!(s, "# [paradox]");
                let _ = writeln!(
                    s,
                    "# concern_scale = {}",
                    q(scale_names.first().map(String::as_str).unwrap_or("…"))
                );
                let _ = writeln!(s);
            }
        }
        let _ = writeln!(s, "[disclosure_control]");
        let _ = writeln!(s, "min_cell = 10");
        self.write_pii(&mut s);
        if !todo.is_empty() {
            let _ = writeln!(s);
            let _ = writeln!(s, "# Still missing: {}.", todo.join("; "));
        }
        s
    }
    /// Label sets, one per distinct coding and shared by the columns that use it, and the
    /// value labels of an SPSS file as comments.
    fn write_label_sets(&self, s: &mut String) {
        // Label sets: one per distinct coding, shared by the columns that use it.
        let mut sets: Vec<LabelSetDraft> = Vec::new();
        let mut set_of: HashMap<usize, String> = HashMap::new();
        for i in 0..self.cols.len() {
            if !matches!(self.guess[i], Guess::Rating(..)) {
                continue;
            }
            let Some(cd) = &self.coding[i] else { continue };
            let existing = sets.iter_mut().find(|x| x.1 == cd.labels);
            let name = match existing {
                Some(set) => {
                    for e in &cd.extra {
                        if !set.3.contains(e) {
                            set.3.push(e.clone());
                        }
                    }
                    set.0.clone()
                }
                None => {
                    let base = if cd.set.is_empty() {
                        format!(
                            "{}_answers",
                            slug(
                                &prefix_of(&self.cols[i].name)
                                    .unwrap_or_else(|| self.cols[i].name.clone())
                            )
                        )
                    } else {
                        cd.set.clone()
                    };
                    let mut name = base.clone();
                    let mut k = 2;
                    while sets.iter().any(|x| x.0 == name) {
                        name = format!("{base}_{k}");
                        k += 1;
                    }
                    sets.push((name.clone(), cd.labels.clone(), cd.kind, cd.extra.clone()));
                    name
                }
            };
            set_of.insert(i, name);
        }
        for (name, labels, kind, extra) in &sets {
            let _ = writeln!(s, "[labels.{name}]");
            match kind {
                CodingKind::Known => {
                    let _ = writeln!(
                        s,
                        "# guessed: a known answer scale, in its natural order; check"
                    );
                }
                CodingKind::Codes => {
                    let _ = writeln!(s, "# guessed: answer codes, numbered as exported; check that a higher code means more");
                }
                CodingKind::Appearance => {
                    let _ = writeln!(s, "# TODO: codes follow the order of first appearance — put the answers in scale order");
                }
            }
            if !extra.is_empty() {
                let _ = writeln!(
                    s,
                    "# TODO: rare answers outside this scale: {} — add them to [columns] missing, or here with a code",
                    extra.iter().map(|e| q(e)).collect::<Vec<_>>().join(", ")
                );
            }
            for (t, c) in labels {
                let _ = writeln!(s, "{} = {c}", q(t));
            }
            let _ = writeln!(s);
        }
        if !set_of.is_empty() {
            let _ = writeln!(s, "[label_columns]");
            let mut cols: Vec<_> = set_of.iter().collect();
            cols.sort();
            for (i, set) in cols {
                let _ = writeln!(s, "{} = {}", q(&self.cols[*i].name), q(set));
            }
            let _ = writeln!(s);
        }
        // SPSS value labels are documentation: the codes are numbers already.
        let labelled: Vec<&Column> = self
            .cols
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !c.value_labels.is_empty()
                    && matches!(self.guess[*i], Guess::Rating(..) | Guess::Binary)
            })
            .map(|(_, c)| c)
            .collect();
        if !labelled.is_empty() {
            let _ = writeln!(s, "# Value labels from the SPSS file (the codes are numbers already, so no label set is needed):");
            let mut seen: Vec<String> = Vec::new();
            for c in labelled {
                let l = c
                    .value_labels
                    .iter()
                    .map(|(v, t)| format!("{v} = {t}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                if seen.contains(&l) {
                    continue;
                }
                let _ = writeln!(s, "#   {}: {}", c.name, one_line(&l));
                seen.push(l);
            }
            let _ = writeln!(s);
        }
    }

    /// The columns that look like personal data, as a comment.
    fn write_pii(&self, s: &mut String) {
        let pii_cols: Vec<String> = self
            .cols
            .iter()
            .filter_map(|c| pii::scan_column(&c.name, &c.samples))
            .map(|f| format!("#   {} ({})", f.column, f.kind))
            .collect();
        if !pii_cols.is_empty() {
            let _ = writeln!(s);
            let _ = writeln!(s, "# These columns look like personal data, which the analysis does not need. `paradox check`");
            let _ = writeln!(s, "# refuses them: delete them from the export, or pass --drop-pii (or allow one under");
            let _ = writeln!(s, "# [pii_allow] with a reason).");
            for l in pii_cols {
                let _ = writeln!(s, "{l}");
            }
        }
    }
}

fn is_tactic(t: &str) -> bool {
    contains_any(
        t,
        &["accept", "intrusive", "tactic", "personaliz", "personalis"],
    )
}

fn is_willing(t: &str) -> bool {
    contains_any(t, &["willing"])
}

fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // 365.2425 days per Gregorian year; exact enough for a default the user checks.
    1970 + (secs as f64 / (365.2425 * 86_400.0)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(prefix_of("Q5_1").as_deref(), Some("Q5"));
        assert_eq!(prefix_of("Q1[SQ001]").as_deref(), Some("Q1"));
        assert_eq!(prefix_of("concern_3").as_deref(), Some("concern"));
        assert_eq!(prefix_of("concern_ads").as_deref(), Some("concern"));
        assert_eq!(prefix_of("age"), None);
    }

    #[test]
    fn known_wordings_are_ordered_and_first_appearance_otherwise() {
        let mut c = Column::default();
        let mut s = Vec::new();
        for v in ["Agree", "Strongly disagree", "Neutral", "3"] {
            c.add(v, &mut s);
        }
        let cd = text_coding(&c).unwrap();
        assert_eq!(cd.kind, CodingKind::Known);
        assert_eq!(cd.labels[0], ("Strongly disagree".to_string(), 1));
        assert_eq!(cd.labels[3], ("Agree".to_string(), 4));
        let mut c = Column::default();
        for v in ["A3", "A1", "A2", "A10"] {
            c.add(v, &mut s);
        }
        let cd = text_coding(&c).unwrap();
        assert_eq!((cd.min, cd.max), (1, 10));
        assert_eq!(cd.labels[0].0, "A1");
    }
}
