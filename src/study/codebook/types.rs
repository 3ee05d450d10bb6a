//! The codebook's sections as written in `codebook.toml`: study, columns, cohorts, label
//! sets, scales, data types, tactics, the paradox thresholds and smallest effects of
//! interest, disclosure control and the behaviour file's layout. Unknown keys are parse
//! errors (`deny_unknown_fields`): a typo in a codebook must never be silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::options::{AnalysisSpec, ScreeningSpec, SelectAllSpec};

/// The outcome of one check of a codebook: the first problem found, as (codebook key,
/// message).
pub(super) type Check = Result<(), (String, String)>;

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
    /// Columns whose contents look like personal data but are allowed on purpose (the PII
    /// guard skips them): column name → the reason.
    #[serde(default)]
    pub pii_allow: BTreeMap<String, String>,
    /// Select-all-that-apply questions: question name → its options (see [`SelectAllSpec`]).
    #[serde(default)]
    pub select_all: BTreeMap<String, SelectAllSpec>,
    /// Careless-response screening: flagged respondents are reported, and left out of every
    /// statistic when `exclude = true`.
    #[serde(default)]
    pub screening: Option<ScreeningSpec>,
    /// `[analysis]`: options of the statistics themselves.
    #[serde(default)]
    pub analysis: AnalysisSpec,
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
    /// Missing-value codes: `missing`, by default `["", "NA", "N/A"]`.
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
    /// The smallest correlation of interest: the equivalence margin ±δ of every gap
    /// block's ρ (0 < δ < 1).
    #[serde(default = "default_sesoi")]
    pub sesoi_rho: f64,
    /// The smallest risk difference of interest: the equivalence margin of every gap
    /// block's risk difference (0 < δ < 1).
    #[serde(default = "default_sesoi")]
    pub sesoi_rd: f64,
}

fn default_disclosure_threshold() -> f64 {
    0.5
}

/// The default smallest effect of interest, |r| = .05 (the margin Dienlin & Sun 2021 test
/// the privacy paradox against), used for both ρ and the risk difference.
pub const DEFAULT_SESOI: f64 = 0.05;

fn default_sesoi() -> f64 {
    DEFAULT_SESOI
}

/// Why `value` cannot be a smallest effect of interest (it must lie strictly between 0
/// and 1), or `None` when it can. Shared by the codebook check and the command line.
pub fn sesoi_problem(name: &str, value: f64) -> Option<String> {
    (!(value > 0.0 && value < 1.0))
        .then(|| format!("{name} {value} must lie strictly between 0 and 1"))
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
    /// The concern threshold as a number on the concern scale (by default its midpoint).
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
