//! What one column of the export looked like: its distinct answers, numeric range, question
//! text or SPSS labels, the pieces of comma-joined answers and whether they recur across
//! answers, the years of its dates, which responses marked it (a chosen option, a 1), and
//! sample values for the personal-data scan. Every guess of the draft is made from these
//! summaries.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::import::pii;

use super::dates::date_year;

/// Distinct values remembered per column; a column with more is not categorical.
const MAX_DISTINCT: usize = 40;

/// Values read as missing in the draft and offered as `columns.missing` when seen:
/// common "refused / don't know / not asked" codes of survey exports.
const SENTINELS: [&str; 7] = ["-99", "-98", "-97", "-96", "-9", "-8", "-7"];

/// What one column looked like.
#[derive(Debug, Default)]
pub(super) struct Column {
    pub(super) name: String,
    /// Question text (Qualtrics row 2) or SPSS variable label.
    pub(super) text: Option<String>,
    /// SPSS value labels of a numeric variable: code → label.
    pub(super) value_labels: Vec<(f64, String)>,
    pub(super) non_missing: u64,
    /// Values that are numbers (all of them when `numeric`); `integer`, `min` and `max`
    /// describe these.
    pub(super) numbers: u64,
    /// Distinct trimmed values with counts, in order of first appearance.
    pub(super) distinct: Vec<(String, u64)>,
    pub(super) many: bool,
    /// Whether some value came twice (an id never repeats); the hashes of the values seen,
    /// kept only while none has.
    pub(super) repeats: bool,
    seen: HashSet<u64>,
    pub(super) numeric: bool,
    pub(super) integer: bool,
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) samples: Vec<String>,
    /// Comma-separated pieces of text values, in order of first appearance (a select-all
    /// question exported as one column), and whether any value held a comma.
    pub(super) tokens: Vec<String>,
    pub(super) tokens_many: bool,
    /// Per piece (as `tokens`): the first whole answer it was seen in, and whether it was
    /// seen in another answer too. The options of a select-all question recur in different
    /// combinations; the pieces of a single answer that holds a comma ("Some college, no
    /// degree") only ever come together.
    pub(super) token_answers: Vec<(String, bool)>,
    pub(super) has_comma: bool,
    /// Values that are dates, and their years with counts (in order of first appearance).
    pub(super) dates: u64,
    pub(super) years: Vec<(i32, u64)>,
    /// Whole numbers an age can take (10–110), and a birth year (1880–2100).
    pub(super) age_like: u64,
    pub(super) year_like: u64,
    /// Codes of all nines seen (`99`, `999`, `9999`) and how often: "refused" in an age or
    /// birth year.
    pub(super) nines: Vec<(String, u64)>,
    /// The responses (by position among those read) that marked this column: any answer
    /// but blank, missing, 0, "No" or "false" — a chosen option, a 1 of a dummy.
    marks: Vec<u64>,
}

impl Column {
    /// A column of this name with nothing read yet.
    pub(super) fn named(name: &str) -> Column {
        Column {
            name: name.to_string(),
            ..Column::default()
        }
    }

    pub(super) fn add(&mut self, raw: &str, sentinels: &mut Vec<String>) {
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
        if v.len() >= 2 && v.bytes().all(|b| b == b'9') {
            match self.nines.iter_mut().find(|x| x.0 == v) {
                Some(x) => x.1 += 1,
                None => self.nines.push((v.to_string(), 1)),
            }
        }
        if self.samples.len() < pii::SAMPLE_VALUES {
            self.samples.push(v.to_string());
        }
        if let Some(y) = date_year(v) {
            self.dates += 1;
            match self.years.iter_mut().find(|(x, _)| *x == y) {
                Some(e) => e.1 += 1,
                None => self.years.push((y, 1)),
            }
        }
        match v.parse::<f64>().ok().filter(|x| x.is_finite()) {
            Some(x) => {
                if self.numbers == 0 {
                    // Numeric while every value is a number; the range is of the numbers.
                    self.numeric = self.non_missing == 0;
                    self.integer = true;
                    self.min = x;
                    self.max = x;
                }
                self.numbers += 1;
                self.integer &= x.fract() == 0.0;
                self.min = self.min.min(x);
                self.max = self.max.max(x);
                if x.fract() == 0.0 {
                    self.age_like += u64::from((10.0..=110.0).contains(&x));
                    self.year_like += u64::from((1880.0..=2100.0).contains(&x));
                }
            }
            None => {
                self.numeric = false;
                self.has_comma |= v.contains(',');
                for t in v.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    if self.tokens_many {
                        continue;
                    }
                    if let Some(k) = self.tokens.iter().position(|x| x == t) {
                        let seen = &mut self.token_answers[k];
                        seen.1 |= seen.0 != v;
                    } else if self.tokens.len() < MAX_DISTINCT {
                        self.tokens.push(t.to_string());
                        self.token_answers.push((v.to_string(), false));
                    } else {
                        self.tokens_many = true;
                    }
                }
            }
        }
        self.non_missing += 1;
        if !self.repeats {
            let mut h = DefaultHasher::new();
            v.hash(&mut h);
            if !self.seen.insert(h.finish()) {
                self.repeats = true;
                self.seen = HashSet::new();
            }
        }
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

    /// Records that response `row` (0-based, among those read) marked this column when
    /// `raw` is a mark: not blank or missing, not 0, "No" or "false".
    pub(super) fn note_mark(&mut self, row: usize, raw: &str) {
        let v = raw.trim();
        let unmarked = v.is_empty()
            || SENTINELS.contains(&v)
            || ["NA", "N/A", "0", "no", "n", "false", "not selected"]
                .iter()
                .any(|u| v.eq_ignore_ascii_case(u))
            || v.parse::<f64>().is_ok_and(|x| x == 0.0);
        if unmarked {
            return;
        }
        let (word, bit) = (row / 64, row % 64);
        if self.marks.len() <= word {
            self.marks.resize(word + 1, 0);
        }
        self.marks[word] |= 1 << bit;
    }

    /// Whether response `row` marked this column.
    pub(super) fn marked(&self, row: usize) -> bool {
        self.marks
            .get(row / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }

    /// Pieces of comma-joined answers that were seen in more than one distinct answer.
    pub(super) fn recurring_tokens(&self) -> usize {
        self.token_answers.iter().filter(|t| t.1).count()
    }

    /// The "none of these" option among the pieces of a comma-joined select-all answer.
    pub(super) fn none_token(&self) -> Option<&String> {
        self.tokens
            .iter()
            .find(|t| t.to_lowercase().starts_with("none"))
    }

    /// Name, question text and value labels, lowercased: what a column's role is guessed
    /// from.
    /// How many answers were one of `codes` (codes of all nines).
    pub(super) fn nines_among(&self, codes: &[&str]) -> u64 {
        self.nines
            .iter()
            .filter(|x| codes.contains(&x.0.as_str()))
            .map(|x| x.1)
            .sum()
    }

    pub(super) fn text_lower(&self) -> String {
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
    pub(super) fn rating_range(&self) -> Option<(i32, i32)> {
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
