//! Pure statistics: a loaded [`Study`] plus a [`Filter`] and [`AnalysisOptions`] in, one
//! [`Summary`] out (SPEC §3–4). No I/O, no terminal.

pub mod stats;
pub mod summary;

pub use summary::Summary;

use crate::study::Study;

/// Which respondents a summary covers. Empty sets mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Cohort indices (into `Study::cohort_names`) to keep; empty = all cohorts, including
    /// respondents whose cohort is unknown.
    pub cohorts: std::collections::BTreeSet<usize>,
    /// Per group column (index into `Study::groups`): level indices to keep.
    pub groups: std::collections::BTreeMap<usize, std::collections::BTreeSet<u32>>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty() && self.groups.values().all(|s| s.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Use the codebook's survey weights (ignored when it declares none).
    pub use_weights: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions { use_weights: true }
    }
}

/// Computes the unsuppressed summary of SPEC §4.
pub fn summarize(study: &Study, filter: &Filter, options: &AnalysisOptions) -> Summary {
    let _ = (study, filter, options);
    todo!("analysis glue: being written in the main tree")
}

/// One analysed respondent for the dashboard's Respondents tab (never raw PII).
#[derive(Debug, Clone, PartialEq)]
pub struct RespondentRow {
    pub index: usize,
    pub id: String,
    pub cohort: Option<String>,
    /// Per scale, in codebook order.
    pub scale_scores: Vec<Option<f64>>,
    pub disclosure_score: Option<f64>,
    pub concerned: Option<bool>,
    pub discloser: Option<bool>,
    pub paradoxical: Option<bool>,
    pub weight: Option<f64>,
}

/// Per-respondent derived scores (scale scores, disclosure score, paradoxical).
pub fn respondent_rows(study: &Study, filter: &Filter) -> Vec<RespondentRow> {
    let _ = (study, filter);
    todo!("analysis glue: being written in the main tree")
}
