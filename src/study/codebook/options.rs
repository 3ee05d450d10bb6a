//! The codebook's optional sections about how answers are read and analysed:
//! select-all-that-apply questions, careless-response screening and `[analysis]` options.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A select-all-that-apply question ("Which of these have you shared? Select all"). Its
/// options are read as 0/1 columns under the standard counting rule: a respondent who chose
/// at least one option (or an explicit "none of these") answered the question, so every
/// option not chosen is 0, not missing; a respondent who chose nothing at all did not
/// answer, and every option is missing.
///
/// Exported one column per option (Qualtrics `Q7_1`…`Q7_6` holding 1 or blank, LimeSurvey
/// `Q7[SQ001]` holding Y or blank): list them in `columns`, and use an option column's own
/// name as a `stated` or `behavior` column. Exported as one column of chosen options joined
/// by commas ("Email,Location" or "1,3"): name it in `column`, list the `options` (texts, or
/// a table code → text), and refer to an option as `"QUESTION:OPTION"` (text or code), e.g.
/// `behavior = "Q7:Location"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectAllSpec {
    #[serde(default)]
    pub label: Option<String>,
    /// One column per option.
    #[serde(default)]
    pub columns: Vec<String>,
    /// One column of comma-joined options.
    #[serde(default)]
    pub column: Option<String>,
    /// The options of a comma-joined column.
    #[serde(default)]
    pub options: Option<SelectOptions>,
    /// The "none of these" option: a column (one column per option) or an option
    /// (comma-joined). Choosing it answers the question with no option chosen.
    #[serde(default)]
    pub none: Option<String>,
}

/// The options of a comma-joined select-all column: their texts, or code → text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SelectOptions {
    Texts(Vec<String>),
    Coded(BTreeMap<String, String>),
}

impl SelectOptions {
    /// (code, text) pairs; a text-only option is its own code.
    pub fn pairs(&self) -> Vec<(String, String)> {
        match self {
            SelectOptions::Texts(t) => t.iter().map(|t| (t.clone(), t.clone())).collect(),
            SelectOptions::Coded(m) => m.iter().map(|(c, t)| (c.clone(), t.clone())).collect(),
        }
    }
}

impl SelectAllSpec {
    /// The index of an option of a comma-joined question, by code or text (trimmed,
    /// ignoring case).
    pub fn option_index(&self, option: &str) -> Option<usize> {
        let o = option.trim();
        self.options
            .as_ref()?
            .pairs()
            .iter()
            .position(|(c, t)| c.trim().eq_ignore_ascii_case(o) || t.trim().eq_ignore_ascii_case(o))
    }
}

/// `[screening]`: which careless-response rules apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningSpec {
    /// Leave flagged respondents out of every statistic (default: flag and report only).
    #[serde(default)]
    pub exclude: bool,
    /// Column of completion time in seconds (speeder rule).
    #[serde(default)]
    pub duration: Option<String>,
    /// Speeder: duration < fraction × median duration (Greszki, Meyer & Schoen 2015 use
    /// cut-offs of 30–50% of the median; 0.3 is the conservative end).
    #[serde(default = "default_speeder_fraction")]
    pub speeder_fraction: f64,
    /// Straightliner: the same answer to every item of a scale with k ≥ 4.
    #[serde(default)]
    pub straightlining: bool,
    #[serde(default)]
    pub attention: Vec<AttentionSpec>,
}

fn default_speeder_fraction() -> f64 {
    0.3
}

/// One attention-check item and the answer an attentive respondent gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttentionSpec {
    pub column: String,
    pub expected: Expected,
}

/// An expected answer: a code, or a label as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expected {
    Code(i64),
    Label(String),
}

/// `[analysis]` of the codebook.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSpec {
    /// How a family of tests (e.g. every χ² of a tactic by cohort and by group column) is
    /// corrected for multiplicity: `"holm"` (family-wise error, the default) or `"bh"`
    /// (Benjamini–Hochberg false discovery rate).
    #[serde(default)]
    pub multiplicity: Multiplicity,
}

/// A multiple-testing correction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Multiplicity {
    /// Holm (1979) step-down, controls the family-wise error rate.
    #[default]
    Holm,
    /// Benjamini & Hochberg (1995) step-up, controls the false discovery rate.
    Bh,
}

impl Multiplicity {
    /// The name written into `summary.json` (`"holm"` / `"bh"`).
    pub fn name(self) -> &'static str {
        match self {
            Multiplicity::Holm => "holm",
            Multiplicity::Bh => "bh",
        }
    }
}
