//! What one column of the export looked like: its distinct answers, numeric range, question
//! text or SPSS labels, the pieces of comma-joined answers, and sample values for the
//! personal-data scan. Every guess of the draft is made from these summaries.

use crate::import::pii;

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
    /// Distinct trimmed values with counts, in order of first appearance.
    pub(super) distinct: Vec<(String, u64)>,
    pub(super) many: bool,
    pub(super) numeric: bool,
    pub(super) integer: bool,
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) samples: Vec<String>,
    /// Comma-separated pieces of text values, in order of first appearance (a select-all
    /// question exported as one column), and whether any value held a comma.
    pub(super) tokens: Vec<String>,
    pub(super) tokens_many: bool,
    /// Pieces seen in all (with repeats): the options of a select-all question recur, the
    /// clauses of free text mostly do not.
    pub(super) token_hits: usize,
    pub(super) has_comma: bool,
}

impl Column {
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
                    self.token_hits += 1;
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

    /// The "none of these" option among the pieces of a comma-joined select-all answer.
    pub(super) fn none_token(&self) -> Option<&String> {
        self.tokens
            .iter()
            .find(|t| t.to_lowercase().starts_with("none"))
    }

    /// Name, question text and value labels, lowercased: what a column's role is guessed
    /// from.
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
