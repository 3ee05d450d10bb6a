//! The types the rest of the crate sees of an SPSS file: its variables with their labels,
//! missing-value definitions and measurement levels, multiple-response sets, and one value
//! of a case as the CSV path would have seen it.

use std::borrow::Cow;

/// How the data part of the file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavCompression {
    None,
    /// SPSS's bytecode compression (`.sav`, header compression 1).
    Bytecode,
    /// Bytecode compression inside zlib blocks (`.zsav`, header compression 2).
    Zlib,
}

/// Numeric or string; string width in bytes as SPSS declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavKind {
    Numeric,
    String { width: usize },
}

/// SPSS's measurement level (variable display record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavMeasure {
    Nominal,
    Ordinal,
    Scale,
}

/// One value of one case.
#[derive(Debug, Clone, PartialEq)]
pub enum SavValue {
    Number(f64),
    SysMissing,
    /// String value without SPSS's right padding (trailing spaces).
    Text(String),
}

/// The user-missing definition of a variable.
#[derive(Debug, Clone, PartialEq)]
pub enum SavMissing {
    None,
    /// Up to three values (numbers, or for string variables texts).
    Discrete(Vec<SavValue>),
    /// `lo THRU hi`, optionally one more discrete value (numeric variables only).
    Range {
        lo: f64,
        hi: f64,
        also: Option<f64>,
    },
}

/// One user-visible variable (a very long string's segments are merged into one).
#[derive(Debug, Clone, PartialEq)]
pub struct SavVariable {
    /// The long name when the file has one, else the short (8-byte) name.
    pub name: String,
    pub label: Option<String>,
    pub kind: SavKind,
    pub value_labels: Vec<(SavValue, String)>,
    pub missing: SavMissing,
    pub measure: Option<SavMeasure>,
    /// Print format, e.g. "F8.2", "A20".
    pub format: String,
}

/// A multiple-response set (SPSS MRSETS): several variables that together answer one
/// question, e.g. a "select all that apply" list.
#[derive(Debug, Clone, PartialEq)]
pub struct SavMrSet {
    /// The set's name, beginning with `$`.
    pub name: String,
    pub label: Option<String>,
    pub kind: SavMrKind,
    /// The member variables, as indexes into `SavFile::variables`.
    pub variables: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SavMrKind {
    /// Each variable holds one of the chosen categories.
    Category,
    /// Each variable is one option; `counted` (as [`SavValue::to_field`] would show it, e.g.
    /// "1" or "Yes") means it was chosen.
    Dichotomy { counted: String },
}

impl SavMissing {
    /// True for system-missing and for values declared user-missing.
    pub fn is_missing(&self, v: &SavValue) -> bool {
        match (self, v) {
            (_, SavValue::SysMissing) => true,
            (SavMissing::None, _) => false,
            (SavMissing::Discrete(list), SavValue::Number(x)) => list
                .iter()
                .any(|m| matches!(m, SavValue::Number(y) if y == x)),
            (SavMissing::Discrete(list), SavValue::Text(t)) => {
                let t = t.trim_end_matches(' ');
                list.iter()
                    .any(|m| matches!(m, SavValue::Text(s) if s.trim_end_matches(' ') == t))
            }
            (SavMissing::Range { lo, hi, also }, SavValue::Number(x)) => {
                (*lo <= *x && *x <= *hi) || *also == Some(*x)
            }
            (SavMissing::Range { .. }, SavValue::Text(_)) => false,
        }
    }
}

impl SavValue {
    /// The text the CSV path would have seen: integral numbers without ".0", other numbers
    /// in shortest round-trip form, text without SPSS's right padding; system-missing and
    /// values declared user-missing for `var` become "" (the loader's "missing").
    pub fn to_field(&self, var: &SavVariable) -> Cow<'_, str> {
        if var.missing.is_missing(self) {
            return Cow::Borrowed("");
        }
        match self {
            SavValue::SysMissing => Cow::Borrowed(""),
            SavValue::Text(t) => Cow::Borrowed(t.trim_end_matches(' ')),
            SavValue::Number(x) => Cow::Owned(format_number(*x)),
        }
    }
}

/// Shortest text that reads back as the same f64 (Rust's `Display` for f64 is shortest
/// round-trip and prints integral values without a fraction); -0 is written as 0 and
/// non-finite values (never written by SPSS) as missing.
fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".into();
    }
    x.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(missing: SavMissing) -> SavVariable {
        SavVariable {
            name: "q".into(),
            label: None,
            kind: SavKind::Numeric,
            value_labels: Vec::new(),
            missing,
            measure: None,
            format: "F8.2".into(),
        }
    }

    #[test]
    fn numbers_as_a_csv_export_writes_them() {
        let v = var(SavMissing::None);
        let f = |x: f64| SavValue::Number(x).to_field(&v).into_owned();
        assert_eq!(f(5.0), "5");
        assert_eq!(f(-0.0), "0");
        assert_eq!(f(0.1), "0.1");
        assert_eq!(f(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(f(-12.5), "-12.5");
        assert_eq!(f(1e15), "1000000000000000");
        assert_eq!(SavValue::SysMissing.to_field(&v), "");
        assert_eq!(SavValue::Text("ab  ".into()).to_field(&v), "ab");
    }

    #[test]
    fn user_missing_definitions() {
        let range = SavMissing::Range {
            lo: 97.0,
            hi: 99.0,
            also: Some(-1.0),
        };
        for (x, missing) in [
            (96.9, false),
            (97.0, true),
            (98.5, true),
            (99.0, true),
            (-1.0, true),
            (0.0, false),
        ] {
            assert_eq!(range.is_missing(&SavValue::Number(x)), missing, "{x}");
        }
        let v = var(range);
        assert_eq!(SavValue::Number(98.0).to_field(&v), "");
        assert_eq!(SavValue::Number(3.0).to_field(&v), "3");
        let texts = SavMissing::Discrete(vec![SavValue::Text("n/a".into())]);
        assert!(texts.is_missing(&SavValue::Text("n/a   ".into())));
        assert!(!texts.is_missing(&SavValue::Text("n/a!".into())));
        assert!(SavMissing::None.is_missing(&SavValue::SysMissing));
        assert!(!SavMissing::None.is_missing(&SavValue::Number(98.0)));
    }
}
