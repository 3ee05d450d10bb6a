//! Turning one exported text value into a code: missing-value codes, value labels (trimmed,
//! ignoring case) and numbers within a declared range. Every refusal comes back as a reason
//! a researcher can act on, for `rejected.csv`.

use std::collections::HashMap;

// The codebook's rule for matching labels, so that its check for colliding labels and the
// matching here can never disagree.
use crate::study::codebook::normalize_label;

/// The codebook's missing-value codes, matched after trimming and ignoring ASCII case.
#[derive(Debug, Clone)]
pub struct MissingCodes {
    codes: Vec<String>,
}

impl MissingCodes {
    pub fn new(codes: &[String]) -> MissingCodes {
        MissingCodes {
            codes: codes
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    /// An empty or all-blank value is always missing: a blank cell holds no answer whatever
    /// the codebook lists.
    pub fn is_missing(&self, value: &str) -> bool {
        let v = value.trim();
        v.is_empty() || self.codes.iter().any(|c| c.eq_ignore_ascii_case(v))
    }
}

/// One value-label set: exported text → code.
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    /// Normalized label → (code, index of the label in the set as the codebook holds it,
    /// i.e. sorted by label).
    map: HashMap<String, (i64, usize)>,
    len: usize,
}

impl LabelSet {
    pub fn new(labels: &std::collections::BTreeMap<String, i64>) -> LabelSet {
        LabelSet {
            map: labels
                .iter()
                .enumerate()
                .map(|(i, (k, v))| (normalize_label(k), (*v, i)))
                .collect(),
            len: labels.len(),
        }
    }
    pub fn code_of(&self, value: &str) -> Option<i64> {
        self.map.get(&normalize_label(value)).map(|c| c.0)
    }
    /// Which label `value` is, as an index into the set's labels in the codebook's (sorted)
    /// order: the load warnings tally which labels are used.
    pub fn index_of(&self, value: &str) -> Option<usize> {
        self.map.get(&normalize_label(value)).map(|c| c.1)
    }
    /// The number of labels in the codebook's set.
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Parses a finite number; `None` for text that is not one (including NaN and inf, which
/// no survey answer can mean).
pub fn parse_number(value: &str) -> Option<f64> {
    let v = value.trim();
    let x: f64 = v.parse().ok()?;
    x.is_finite().then_some(x)
}

/// A Likert (or 0/1) answer: missing, a label of its set, or a whole number in `min..=max`.
pub fn parse_code(
    value: &str,
    missing: &MissingCodes,
    labels: Option<&LabelSet>,
    min: i32,
    max: i32,
) -> Result<Option<i16>, String> {
    if missing.is_missing(value) {
        return Ok(None);
    }
    if let Some(set) = labels {
        if let Some(code) = set.code_of(value) {
            if code < min as i64 || code > max as i64 {
                return Err(format!(
                    "label \"{}\" maps to code {code}, outside the declared range {min}..{max}",
                    value.trim()
                ));
            }
            return Ok(Some(code as i16));
        }
    }
    let Some(x) = parse_number(value) else {
        return Err(if labels.is_some() {
            format!("not a label of the column's label set, nor a number in {min}..{max}")
        } else {
            format!("not a number (expected a whole number in {min}..{max})")
        });
    };
    if x.fract() != 0.0 {
        return Err(format!(
            "not a whole number (Likert codes are whole numbers in {min}..{max})"
        ));
    }
    if x < min as f64 || x > max as f64 {
        return Err(format!("outside the declared range {min}..{max}"));
    }
    Ok(Some(x as i16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn missing() -> MissingCodes {
        MissingCodes::new(&["".into(), "NA".into(), "-99".into()])
    }

    #[test]
    fn codes_labels_and_missing() {
        let mut l = BTreeMap::new();
        l.insert("Strongly agree".to_string(), 5);
        l.insert("Neutral".to_string(), 3);
        let set = LabelSet::new(&l);
        let m = missing();
        assert_eq!(
            parse_code(" strongly  AGREE ", &m, Some(&set), 1, 5),
            Ok(Some(5))
        );
        assert_eq!(parse_code("4 ", &m, Some(&set), 1, 5), Ok(Some(4)));
        assert_eq!(parse_code("4.0", &m, None, 1, 5), Ok(Some(4)));
        assert_eq!(parse_code("-99", &m, None, 1, 5), Ok(None));
        assert_eq!(parse_code(" na ", &m, None, 1, 5), Ok(None));
        assert_eq!(parse_code("   ", &m, None, 1, 5), Ok(None));
        assert!(parse_code("3.5", &m, None, 1, 5)
            .unwrap_err()
            .contains("whole"));
        assert!(parse_code("0", &m, None, 1, 5)
            .unwrap_err()
            .contains("range"));
        assert!(parse_code("8", &m, None, 1, 7)
            .unwrap_err()
            .contains("range"));
        assert!(parse_code("four", &m, None, 1, 5)
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_code("NaN", &m, None, 1, 5).is_err());
        assert!(parse_code("inf", &m, None, 1, 5).is_err());
    }
}
