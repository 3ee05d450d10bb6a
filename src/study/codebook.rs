//! The codebook (`codebook.toml`, SPEC §1): what each column of a study means.
//!
//! Parsing is strict — unknown keys are errors, because a typo in a codebook must never be
//! silently ignored — and [`Codebook::validate`] checks everything that can be checked
//! without the data (min < max, label sets that exist, scales named in `[paradox]` …).
//! Checks that need the data's header (a named column is missing) happen at import.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::study::error::StudyError;

/// The whole codebook, as written in `codebook.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codebook {
    pub study: StudyMeta,
    pub columns: Columns,
    #[serde(default)]
    pub cohorts: CohortSpec,
    /// Value-label sets: set name → (exported text → code).
    #[serde(default)]
    pub labels: BTreeMap<String, BTreeMap<String, i64>>,
    /// Column name → label-set name.
    #[serde(default)]
    pub label_columns: BTreeMap<String, String>,
    #[serde(default, rename = "scale")]
    pub scales: Vec<ScaleSpec>,
    #[serde(default, rename = "data_type")]
    pub data_types: Vec<DataTypeSpec>,
    #[serde(default, rename = "tactic")]
    pub tactics: Vec<TacticSpec>,
    #[serde(default)]
    pub paradox: Option<ParadoxSpec>,
    #[serde(default)]
    pub disclosure_control: DisclosureControlSpec,
    #[serde(default)]
    pub behavior: BehaviorSpec,
    /// Columns whose contents look like personal data but are allowed on purpose:
    /// column name → the reason (SPEC §2, PII guard).
    #[serde(default)]
    pub pii_allow: BTreeMap<String, String>,
    /// Select-all-that-apply questions: question name → its options (see [`SelectAllSpec`]).
    #[serde(default)]
    pub select_all: BTreeMap<String, SelectAllSpec>,
    /// Careless-response screening (issue #10): flagged respondents are reported, and left
    /// out of every statistic when `exclude = true`.
    #[serde(default)]
    pub screening: Option<ScreeningSpec>,
    /// `[analysis]`: options of the statistics themselves.
    #[serde(default)]
    pub analysis: AnalysisSpec,
}

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyMeta {
    pub name: String,
    #[serde(default)]
    pub survey_year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub id: String,
    #[serde(default)]
    pub birth_year: Option<String>,
    #[serde(default)]
    pub age: Option<String>,
    #[serde(default)]
    pub weight: Option<String>,
    #[serde(default)]
    pub group: Vec<String>,
    #[serde(default)]
    pub missing: Option<Vec<String>>,
}

impl Columns {
    /// Missing-value codes, SPEC §1 default `["", "NA", "N/A"]`.
    pub fn missing_codes(&self) -> Vec<String> {
        self.missing
            .clone()
            .unwrap_or_else(|| vec![String::new(), "NA".into(), "N/A".into()])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CohortScheme {
    #[default]
    Generation,
    AgeBands,
    Column,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CohortSpec {
    #[serde(default)]
    pub scheme: CohortScheme,
    /// age_bands: lower edges, e.g. `[18, 25, 35, 45, 55, 65]`.
    #[serde(default)]
    pub edges: Option<Vec<i32>>,
    /// column: the column holding the cohort.
    #[serde(default)]
    pub column: Option<String>,
    /// column: the cohorts in their natural order.
    #[serde(default)]
    pub order: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    pub items: Vec<String>,
    pub min: i32,
    pub max: i32,
    #[serde(default)]
    pub reverse: Vec<String>,
}

impl ScaleSpec {
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
    pub fn midpoint(&self) -> f64 {
        (self.min as f64 + self.max as f64) / 2.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataTypeSpec {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub stated: Option<String>,
    #[serde(default)]
    pub stated_min: Option<i32>,
    #[serde(default)]
    pub stated_max: Option<i32>,
    #[serde(default)]
    pub behavior: Option<String>,
    #[serde(default)]
    pub shared_min: Option<f64>,
}

impl DataTypeSpec {
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
    /// The stated column's range: Likert `stated_min..stated_max`, or 0/1 when both are omitted.
    pub fn stated_range(&self) -> (i32, i32) {
        match (self.stated_min, self.stated_max) {
            (Some(a), Some(b)) => (a, b),
            _ => (0, 1),
        }
    }
    pub fn stated_is_binary(&self) -> bool {
        self.stated_min.is_none() && self.stated_max.is_none()
    }
    pub fn shared_threshold(&self) -> f64 {
        self.shared_min.unwrap_or(1.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TacticSpec {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    pub column: String,
    pub min: i32,
    pub max: i32,
}

impl TacticSpec {
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
    pub fn midpoint(&self) -> f64 {
        (self.min as f64 + self.max as f64) / 2.0
    }
}

/// `concern_threshold`: `"midpoint"` or a number on the scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Threshold {
    Number(f64),
    Named(String),
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold::Named("midpoint".into())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParadoxSpec {
    pub concern_scale: String,
    #[serde(default)]
    pub concern_threshold: Threshold,
    #[serde(default = "default_disclosure_threshold")]
    pub disclosure_threshold: f64,
}

fn default_disclosure_threshold() -> f64 {
    0.5
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureControlSpec {
    #[serde(default = "default_min_cell")]
    pub min_cell: u32,
    #[serde(default)]
    pub dp_epsilon: Option<f64>,
}

impl Default for DisclosureControlSpec {
    fn default() -> Self {
        DisclosureControlSpec {
            min_cell: default_min_cell(),
            dp_epsilon: None,
        }
    }
}

fn default_min_cell() -> u32 {
    10
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BehaviorFormat {
    #[default]
    Wide,
    Events,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehaviorSpec {
    #[serde(default)]
    pub format: BehaviorFormat,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default = "default_data_type_col")]
    pub data_type: String,
    #[serde(default = "default_action_col")]
    pub action: String,
    #[serde(default = "default_share_actions")]
    pub share_actions: Vec<String>,
}

impl Default for BehaviorSpec {
    fn default() -> Self {
        BehaviorSpec {
            format: BehaviorFormat::Wide,
            id: None,
            data_type: default_data_type_col(),
            action: default_action_col(),
            share_actions: default_share_actions(),
        }
    }
}

fn default_data_type_col() -> String {
    "data_type".into()
}
fn default_action_col() -> String {
    "action".into()
}
fn default_share_actions() -> Vec<String> {
    vec!["grant".into(), "share".into()]
}

impl Codebook {
    /// Reads and validates a codebook file.
    pub fn from_file(path: &Path) -> Result<Codebook, StudyError> {
        let text = std::fs::read_to_string(path).map_err(|e| StudyError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Codebook::from_toml(&text, path)
    }

    /// Parses and validates codebook text; `path` is used in messages only.
    pub fn from_toml(text: &str, path: &Path) -> Result<Codebook, StudyError> {
        let cb: Codebook = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            StudyError::Codebook {
                path: path.to_path_buf(),
                key: String::new(),
                line: Some(line),
                column: Some(column),
                message: e.message().trim().to_string(),
            }
        })?;
        cb.validate()
            .map_err(|(key, message)| StudyError::Codebook {
                path: path.to_path_buf(),
                line: key_line(text, &key),
                key,
                column: None,
                message,
            })?;
        Ok(cb)
    }

    /// Everything that can be checked without the data. Returns (codebook key, message).
    pub fn validate(&self) -> Result<(), (String, String)> {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if self.columns.id.trim().is_empty() {
            return err(
                "columns.id",
                "the respondent id column name is empty".into(),
            );
        }
        if self.columns.birth_year.is_some() && self.columns.age.is_some() {
            return err(
                "columns.age",
                "give either columns.birth_year or columns.age, not both".into(),
            );
        }
        if let Some(y) = self.study.survey_year {
            if !(1900..=2200).contains(&y) {
                return err(
                    "study.survey_year",
                    format!("survey_year {y} is not a plausible year"),
                );
            }
        }
        match self.cohorts.scheme {
            CohortScheme::Generation => {
                if self.columns.birth_year.is_none() && self.columns.age.is_none() {
                    return err(
                        "cohorts.scheme",
                        "scheme \"generation\" needs columns.birth_year or columns.age".into(),
                    );
                }
                if self.columns.age.is_some() && self.study.survey_year.is_none() {
                    return err(
                        "study.survey_year",
                        format!(
                            "generations from age (column \"{}\") need study.survey_year",
                            self.columns.age.as_deref().unwrap_or("")
                        ),
                    );
                }
            }
            CohortScheme::AgeBands => {
                let Some(edges) = &self.cohorts.edges else {
                    return err(
                        "cohorts.edges",
                        "scheme \"age_bands\" needs edges, e.g. [18, 25, 35, 45, 55, 65]".into(),
                    );
                };
                if edges.is_empty() || edges.windows(2).any(|w| w[0] >= w[1]) {
                    return err(
                        "cohorts.edges",
                        "edges must be a non-empty, strictly increasing list of ages".into(),
                    );
                }
                if self.columns.birth_year.is_none() && self.columns.age.is_none() {
                    return err(
                        "cohorts.scheme",
                        "scheme \"age_bands\" needs columns.birth_year or columns.age".into(),
                    );
                }
                if let Some(by) = &self.columns.birth_year {
                    if self.study.survey_year.is_none() {
                        return err(
                            "study.survey_year",
                            format!("age bands from birth year (column \"{by}\") need study.survey_year"),
                        );
                    }
                }
            }
            CohortScheme::Column => {
                if self.cohorts.column.is_none() {
                    return err(
                        "cohorts.column",
                        "scheme \"column\" needs cohorts.column".into(),
                    );
                }
                match &self.cohorts.order {
                    None => {
                        return err(
                            "cohorts.order",
                            "scheme \"column\" needs cohorts.order, the cohorts oldest or youngest first"
                                .into(),
                        )
                    }
                    Some(o) if o.is_empty() => {
                        return err("cohorts.order", "cohorts.order is empty".into())
                    }
                    _ => {}
                }
            }
        }
        for (col, set) in &self.label_columns {
            if !self.labels.contains_key(set) {
                return err(
                    &format!("label_columns.{col}"),
                    format!(
                        "column \"{col}\" uses label set \"{set}\", which [labels] does not define"
                    ),
                );
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, s) in self.scales.iter().enumerate() {
            let key = format!("scale[{i}] ({})", s.name);
            if !names.insert(("scale", s.name.clone())) {
                return err(&key, format!("two scales are named \"{}\"", s.name));
            }
            if s.items.is_empty() {
                return err(&key, format!("scale \"{}\" has no items", s.name));
            }
            if s.min >= s.max {
                return err(
                    &format!("{key}.min"),
                    format!(
                        "scale \"{}\": min {} must be below max {}",
                        s.name, s.min, s.max
                    ),
                );
            }
            for r in &s.reverse {
                if !s.items.contains(r) {
                    return err(
                        &format!("{key}.reverse"),
                        format!("reverse item \"{r}\" is not one of the scale's items"),
                    );
                }
            }
        }
        for (i, d) in self.data_types.iter().enumerate() {
            let key = format!("data_type[{i}] ({})", d.name);
            if !names.insert(("data_type", d.name.clone())) {
                return err(&key, format!("two data types are named \"{}\"", d.name));
            }
            if d.stated.is_none() && d.behavior.is_none() {
                return err(
                    &key,
                    format!("data type \"{}\" has neither stated nor behavior", d.name),
                );
            }
            match (d.stated_min, d.stated_max) {
                (Some(a), Some(b)) if a >= b => {
                    return err(
                        &format!("{key}.stated_min"),
                        format!("data type \"{}\": stated_min {a} must be below stated_max {b}", d.name),
                    )
                }
                (Some(_), None) | (None, Some(_)) => {
                    return err(
                        &format!("{key}.stated_max"),
                        format!("data type \"{}\": give both stated_min and stated_max, or neither (0/1 column)", d.name),
                    )
                }
                _ => {}
            }
            if let Some(m) = d.shared_min {
                if !m.is_finite() {
                    return err(
                        &format!("{key}.shared_min"),
                        "shared_min must be a number".into(),
                    );
                }
            }
        }
        for (i, t) in self.tactics.iter().enumerate() {
            let key = format!("tactic[{i}] ({})", t.name);
            if !names.insert(("tactic", t.name.clone())) {
                return err(&key, format!("two tactics are named \"{}\"", t.name));
            }
            if t.min >= t.max {
                return err(
                    &format!("{key}.min"),
                    format!(
                        "tactic \"{}\": min {} must be below max {}",
                        t.name, t.min, t.max
                    ),
                );
            }
        }
        if let Some(p) = &self.paradox {
            let Some(scale) = self.scales.iter().find(|s| s.name == p.concern_scale) else {
                return err(
                    "paradox.concern_scale",
                    format!(
                        "concern_scale \"{}\" is not a [[scale]] of this codebook",
                        p.concern_scale
                    ),
                );
            };
            match &p.concern_threshold {
                Threshold::Named(n) if n != "midpoint" => {
                    return err(
                        "paradox.concern_threshold",
                        format!("concern_threshold must be \"midpoint\" or a number, not \"{n}\""),
                    )
                }
                Threshold::Number(x) if !(*x >= scale.min as f64 && *x <= scale.max as f64) => {
                    return err(
                        "paradox.concern_threshold",
                        format!(
                            "concern_threshold {x} lies outside the scale \"{}\" ({}..{})",
                            scale.name, scale.min, scale.max
                        ),
                    )
                }
                _ => {}
            }
            if !(p.disclosure_threshold >= 0.0 && p.disclosure_threshold <= 1.0) {
                return err(
                    "paradox.disclosure_threshold",
                    format!(
                        "disclosure_threshold {} must lie in 0..1",
                        p.disclosure_threshold
                    ),
                );
            }
        }
        if let Some(e) = self.disclosure_control.dp_epsilon {
            if !(e.is_finite() && e > 0.0) {
                return err(
                    "disclosure_control.dp_epsilon",
                    format!("dp_epsilon must be a positive number, not {e}"),
                );
            }
        }
        self.validate_select_all()?;
        if let Some(sc) = &self.screening {
            self.validate_screening(sc)?;
        }
        if self.behavior.format == BehaviorFormat::Events && self.behavior.share_actions.is_empty()
        {
            return err(
                "behavior.share_actions",
                "share_actions is empty: no event could ever count as sharing".into(),
            );
        }
        Ok(())
    }

    /// Select-all questions are complete, and every `"QUESTION:OPTION"` reference names an
    /// option of a comma-joined question.
    fn validate_select_all(&self) -> Result<(), (String, String)> {
        for (name, q) in &self.select_all {
            let key = format!("select_all.{name}");
            match (&q.column, q.columns.is_empty()) {
                (Some(_), false) | (None, true) => {
                    return Err((
                        key,
                        format!("select-all question \"{name}\" needs either `columns` (one column per option) or `column` (options joined by commas), not both or neither"),
                    ))
                }
                (Some(_), true) => {
                    if q.options.as_ref().is_none_or(|o| o.pairs().is_empty()) {
                        return Err((
                            format!("{key}.options"),
                            format!("select-all question \"{name}\" is one comma-joined column, so it needs its `options`"),
                        ));
                    }
                    if let Some(n) = &q.none {
                        if q.option_index(n).is_none() {
                            return Err((
                                format!("{key}.none"),
                                format!("\"none\" option \"{n}\" is not one of the question's options"),
                            ));
                        }
                    }
                }
                (None, false) => {
                    if q.options.is_some() {
                        return Err((
                            format!("{key}.options"),
                            format!("select-all question \"{name}\" has one column per option: list them in `columns`; `options` is for a comma-joined `column`"),
                        ));
                    }
                }
            }
        }
        let mut refs: Vec<(String, &str)> = Vec::new();
        for (i, d) in self.data_types.iter().enumerate() {
            if let Some(c) = &d.stated {
                refs.push((format!("data_type[{i}] ({}).stated", d.name), c));
            }
            if let Some(c) = &d.behavior {
                refs.push((format!("data_type[{i}] ({}).behavior", d.name), c));
            }
        }
        for (i, s) in self.scales.iter().enumerate() {
            for c in &s.items {
                refs.push((format!("scale[{i}] ({}).items", s.name), c));
            }
        }
        for (i, t) in self.tactics.iter().enumerate() {
            refs.push((format!("tactic[{i}] ({}).column", t.name), &t.column));
        }
        for (key, r) in refs {
            let Some((q, opt)) = r.split_once(':') else {
                continue;
            };
            let Some(spec) = self.select_all.get(q) else {
                continue;
            };
            if spec.column.is_none() {
                return Err((key, format!("\"{r}\": select-all question \"{q}\" has one column per option; name the option's column itself")));
            }
            if spec.option_index(opt).is_none() {
                return Err((
                    key,
                    format!("\"{r}\": \"{opt}\" is not an option of select-all question \"{q}\""),
                ));
            }
        }
        Ok(())
    }

    fn validate_screening(&self, sc: &ScreeningSpec) -> Result<(), (String, String)> {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        if sc.duration.is_none() && !sc.straightlining && sc.attention.is_empty() {
            return err(
                "screening",
                "[screening] enables no rule: give duration, straightlining = true or [[screening.attention]]".into(),
            );
        }
        if let Some(d) = &sc.duration {
            if d.trim().is_empty() {
                return err(
                    "screening.duration",
                    "the duration column name is empty".into(),
                );
            }
        }
        if !(sc.speeder_fraction > 0.0 && sc.speeder_fraction < 1.0) {
            return err(
                "screening.speeder_fraction",
                format!(
                    "speeder_fraction {} must lie strictly between 0 and 1 (e.g. 0.3: faster than 30% of the median duration)",
                    sc.speeder_fraction
                ),
            );
        }
        if sc.straightlining && !self.scales.iter().any(|s| s.items.len() >= 4) {
            return err(
                "screening.straightlining",
                "straightlining needs a [[scale]] with at least 4 items (identical answers to 2 or 3 items are too common to flag); no scale has that many".into(),
            );
        }
        for (i, a) in sc.attention.iter().enumerate() {
            let key = format!("screening.attention[{i}].column");
            if a.column.trim().is_empty() {
                return err(&key, "the attention-check column name is empty".into());
            }
            if let Expected::Label(l) = &a.expected {
                if l.trim().is_empty() {
                    return err(
                        &format!("screening.attention[{i}].expected"),
                        format!("the expected answer of \"{}\" is empty", a.column),
                    );
                }
            }
        }
        Ok(())
    }

    /// The concern threshold as a number on the concern scale (SPEC §3: default midpoint).
    pub fn concern_threshold(&self) -> Option<f64> {
        let p = self.paradox.as_ref()?;
        let scale = self.scales.iter().find(|s| s.name == p.concern_scale)?;
        Some(match p.concern_threshold {
            Threshold::Number(x) => x,
            Threshold::Named(_) => scale.midpoint(),
        })
    }

    /// The index of the concern scale in `scales`.
    pub fn concern_scale_index(&self) -> Option<usize> {
        let p = self.paradox.as_ref()?;
        self.scales.iter().position(|s| s.name == p.concern_scale)
    }
}

/// The line that sets a codebook key, 1-based — only when exactly one line sets a key of
/// that name, so a message never points at the wrong place.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let leaf = key.rsplit('.').next()?.split(['[', ' ']).next()?.trim();
    if leaf.is_empty() {
        return None;
    }
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches('"');
            l.strip_prefix(leaf)
                .map(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
                .unwrap_or(false)
        })
        .map(|(i, _)| i + 1)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[study]
name = "t"
survey_year = 2025
[columns]
id = "id"
birth_year = "by"
[[scale]]
name = "concern"
items = ["c1", "c2"]
min = 1
max = 7
[paradox]
concern_scale = "concern"
"#;

    fn parse(t: &str) -> Result<Codebook, StudyError> {
        Codebook::from_toml(t, Path::new("codebook.toml"))
    }

    #[test]
    fn minimal_codebook_parses_with_defaults() {
        let cb = parse(MINIMAL).unwrap();
        assert_eq!(cb.cohorts.scheme, CohortScheme::Generation);
        assert_eq!(cb.disclosure_control.min_cell, 10);
        assert_eq!(cb.concern_threshold(), Some(4.0));
        assert_eq!(cb.columns.missing_codes(), vec!["", "NA", "N/A"]);
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let t = MINIMAL.replace("survey_year = 2025", "survey_year = 2025\nsurvey_yaer = 1");
        let e = parse(&t).unwrap_err().to_string();
        assert!(e.contains("survey_yaer"), "{e}");
        assert!(e.contains("line 5"), "{e}");
    }

    #[test]
    fn unknown_concern_scale_names_the_key() {
        let t = MINIMAL.replace("concern_scale = \"concern\"", "concern_scale = \"worry\"");
        let e = parse(&t).unwrap_err().to_string();
        assert!(
            e.contains("paradox.concern_scale") && e.contains("worry"),
            "{e}"
        );
    }

    #[test]
    fn min_not_below_max_is_an_error() {
        let t = MINIMAL.replace("max = 7", "max = 1");
        let e = parse(&t).unwrap_err().to_string();
        assert!(e.contains("min 1 must be below max 1"), "{e}");
    }

    #[test]
    fn age_bands_from_birth_year_need_survey_year() {
        let t = MINIMAL.replace("survey_year = 2025\n", "").replace(
            "[[scale]]",
            "[cohorts]\nscheme = \"age_bands\"\nedges = [18, 30]\n[[scale]]",
        );
        let e = parse(&t).unwrap_err().to_string();
        assert!(e.contains("survey_year") && e.contains("\"by\""), "{e}");
    }

    #[test]
    fn missing_label_set_is_an_error() {
        let t = format!("{MINIMAL}\n[label_columns]\nc1 = \"agree5\"\n");
        let e = parse(&t).unwrap_err().to_string();
        assert!(e.contains("agree5") && e.contains("c1"), "{e}");
    }

    #[test]
    fn threshold_outside_scale_is_an_error() {
        let t = format!("{MINIMAL}concern_threshold = 9\n");
        let e = parse(&t).unwrap_err().to_string();
        assert!(e.contains("outside"), "{e}");
    }
}
