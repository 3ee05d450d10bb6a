//! The study: codebook, cohorts, and the columnar in-memory data a loaded study holds.
//!
//! A [`Study`] keeps one vector per column the codebook uses, indexed by respondent (the
//! respondents that survived validation, in file order). Likert answers are small integer
//! codes, behaviour is reduced to "known / shared" per data type, so a million respondents
//! fit in a few tens of megabytes and every statistic is a pass over plain slices.

pub mod codebook;
pub mod codebook_toml;
pub mod cohort;
pub(crate) mod column_words;
pub mod error;
pub mod ids;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

pub use codebook::Codebook;
pub use error::StudyError;
pub use ids::Ids;

/// A Likert or category code. `None` is a missing answer.
pub type Code = Option<i16>;

/// A categorical column (cohort or a codebook `group` column): level names plus one
/// level index per respondent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Factor {
    pub name: String,
    pub levels: Vec<String>,
    pub codes: Vec<Option<u32>>,
}

impl Factor {
    pub fn level_of(&self, respondent: usize) -> Option<&str> {
        self.codes
            .get(respondent)
            .copied()
            .flatten()
            .and_then(|c| self.levels.get(c as usize))
            .map(String::as_str)
    }
}

/// One multi-item scale's raw item codes (before reverse coding), item-major.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaleData {
    pub items: Vec<Vec<Code>>,
}

/// A loaded, validated study.
#[derive(Debug, Clone)]
pub struct Study {
    pub codebook: Codebook,
    /// Respondent ids, as given (trimmed).
    pub ids: Ids,
    /// Cohort names in the scheme's natural order (generations oldest first, age bands
    /// youngest first, a cohort column in the codebook's `order`).
    pub cohort_names: Vec<String>,
    /// Index into `cohort_names`, `None` when the cohort is unknown.
    pub cohort: Vec<Option<u8>>,
    /// Survey weights (all > 0) when the codebook declares a weight column.
    pub weight: Option<Vec<f64>>,
    /// The codebook's `group` columns, in codebook order.
    pub groups: Vec<Factor>,
    /// Per `[[scale]]`, in codebook order.
    pub scales: Vec<ScaleData>,
    /// Per `[[data_type]]`: the stated column's codes (`None` when the data type has no
    /// `stated` column).
    pub stated: Vec<Option<Vec<Code>>>,
    /// Per `[[data_type]]`: behaviour per respondent — `None` unknown, `Some(shared)`
    /// (`None` for the whole column when the data type has no `behavior`).
    pub shared: Vec<Option<Vec<Option<bool>>>>,
    /// Per `[[tactic]]`.
    pub tactics: Vec<Vec<Code>>,
    /// Per respondent: at least one behaviour value or event was found (the respondents
    /// counted by `Audit::behavior_match_rate`). Empty when the study has no behaviour.
    pub behavior_seen: Vec<bool>,
    /// Whether any behaviour source (behaviour file, event log or behaviour columns in the
    /// survey) was loaded at all.
    pub has_behavior: bool,
    /// `[screening] duration`: completion time in seconds per respondent (`None` when the
    /// codebook names no duration column).
    pub durations: Option<Vec<Option<f64>>>,
    /// Per `[[screening.attention]]` item: whether the respondent gave the expected answer
    /// (`None`: no answer).
    pub attention: Vec<Vec<Option<bool>>>,
    /// Respondents flagged by any screening rule (empty when the codebook has no
    /// `[screening]`); see `import::screen`.
    pub flagged: Vec<bool>,
    pub audit: Audit,
}

impl Study {
    pub fn name(&self) -> &str {
        &self.codebook.study.name
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One input file that went into a study.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputFile {
    /// "codebook", "survey", "behavior" or "events".
    pub role: String,
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
}

/// One rejected value: a row error (the row is listed and left out of every statistic,
/// the load goes on). A row may have several.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RejectedRow {
    pub file: String,
    /// Physical line number in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// What happened during loading — everything `paradox check` and the Quality tab report.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Audit {
    pub inputs: Vec<InputFile>,
    /// Data rows in the survey file (respondents before validation).
    pub survey_rows: u64,
    /// Survey rows rejected by a row error (distinct rows): respondents − analysed.
    pub rejected_rows: u64,
    /// Behaviour-file rows or events rejected by a row error.
    pub behavior_rejected_rows: u64,
    /// Every row error, in file order.
    pub rejected: Vec<RejectedRow>,
    /// Rows (wide) or events (event log) read from the behaviour file.
    pub behavior_rows: u64,
    /// Behaviour rows / events whose id is not among the analysed survey respondents.
    pub behavior_unmatched_rows: u64,
    /// Distinct such ids.
    pub behavior_unmatched_ids: u64,
    /// Behaviour rows / events of respondents whose survey row was rejected.
    pub behavior_rows_of_rejected: u64,
    /// Analysed respondents with no behaviour value or event at all.
    pub respondents_without_behavior: u64,
    /// Events of data types the codebook does not name, counted per type.
    pub ignored_event_types: BTreeMap<String, u64>,
    /// Analysed respondents whose cohort is unknown.
    pub unknown_cohort: u64,
    /// Missing answers per codebook column among analysed respondents, in codebook order.
    pub missing_by_column: Vec<(String, u64)>,
    /// The survey delimiter that was sniffed.
    pub delimiter: String,
    /// Whether Qualtrics' extra header rows 2–3 were found and skipped.
    pub qualtrics_header: bool,
    /// The survey platform the export was recognized as ("Qualtrics", "LimeSurvey").
    pub survey_export: Option<String>,
    /// Survey rows set aside as no (complete) respondent — platform previews, tests, spam,
    /// unfinished responses — counted per reason. They are also in `rejected` and
    /// `rejected_rows`.
    pub set_aside: BTreeMap<String, u64>,
    /// Unfinished responses were kept (`--keep-unfinished`).
    pub kept_unfinished: bool,
    /// Columns removed by `--drop-pii`: (column, kind of PII).
    pub dropped_pii: Vec<(String, String)>,
    /// Other remarks for the researcher (e.g. "age converted to birth year ±1").
    pub notes: Vec<String>,
    /// Reasons to doubt the study that stop nothing (see `import::warnings`): with any,
    /// `paradox check` calls the study "usable with warnings" and the report lists them.
    pub warnings: Vec<Warning>,
}

/// A reason to doubt a loaded study that is no error: found once, at load time.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub enum Warning {
    /// A column rejects more than 5% of the rows of its file; `reason` and `example` are
    /// its most frequent rejection.
    Rejected {
        file: String,
        column: String,
        rejected: u64,
        rows: u64,
        reason: String,
        example: String,
    },
    /// Labels of the column's label set never used while text outside the set is
    /// rejected in the column: a typo in the codebook's labels, most likely. `suggestion`
    /// pairs an unused label with the closest rejected value.
    UnusedLabels {
        file: String,
        column: String,
        label_set: String,
        labels: Vec<String>,
        rejected: u64,
        rows: u64,
        suggestion: Option<(String, String)>,
    },
    /// A data type's behaviour name matches no event of an analysed respondent in the
    /// event log (`column` is its data-type column); `suggestion`: the closest ignored event
    /// type and its count.
    UnmatchedDataType {
        file: String,
        column: String,
        data_type: String,
        value: String,
        suggestion: Option<(String, u64)>,
    },
    /// A share action matches no event of a codebook data type (`column` is the event
    /// log's action column); `suggestion`: the closest action in the log and its count.
    UnmatchedShareAction {
        file: String,
        column: String,
        action: String,
        suggestion: Option<(String, u64)>,
    },
    /// A data type's behaviour column is named like a demographic or the experimental
    /// design (`kind`: "a demographic", "the experimental design"): not a record of sharing,
    /// most likely.
    BehaviorLooksDemographic {
        data_type: String,
        column: String,
        kind: String,
    },
    /// Every analysed respondent with a behaviour value for the data type has the same one
    /// (`shared`: all shared, else none): a constant column, or a `shared_min` that no (or
    /// every) value reaches.
    ConstantBehavior {
        data_type: String,
        column: String,
        shared: bool,
        respondents: u64,
    },
    /// Respondents each carrying more than 10% of the total weight.
    HeavyWeight {
        column: String,
        respondents: u64,
        largest_weight: f64,
        total_weight: f64,
    },
}

impl Audit {
    /// `study.behavior_match_rate`: the share of analysed respondents with at least one
    /// behaviour value or event (`None` without behaviour or respondents).
    pub fn behavior_match_rate(&self, analysed: usize, has_behavior: bool) -> Option<f64> {
        if !has_behavior || analysed == 0 {
            return None;
        }
        Some((analysed as u64 - self.respondents_without_behavior) as f64 / analysed as f64)
    }
}
