//! Which respondents an analysis covers ([`Filter`]), what it computes
//! ([`AnalysisOptions`]), and both in words for the report.

use crate::study::Study;

/// Which respondents a summary covers. Empty sets mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Cohort indices (into `Study::cohort_names`) to keep; empty = all cohorts, including
    /// respondents whose cohort is unknown.
    pub cohorts: std::collections::BTreeSet<usize>,
    /// Per group column (index into `Study::groups`): level indices to keep.
    pub groups: std::collections::BTreeMap<usize, std::collections::BTreeSet<u32>>,
    /// Leave respondents flagged by careless-response screening out (`Some(true)`) or keep
    /// them (`Some(false)`); `None` follows the codebook's `[screening] exclude`.
    pub exclude_flagged: Option<bool>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty()
            && self.groups.values().all(|s| s.is_empty())
            && self.exclude_flagged.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisOptions {
    /// Use the codebook's survey weights (ignored when it declares none).
    pub use_weights: bool,
    /// Compute `by_group` (every figure per level of each group column): on for reports;
    /// the dashboard asks for it only while its Groups tab is open (it roughly doubles a
    /// million-respondent recompute). `sensitivity` is always computed (one pass).
    pub by_group: bool,
    /// Fit the adjusted models of `models`. On for reports; the dashboard asks
    /// for them only while its Models tab is open (a million-respondent fit costs more than
    /// its filter-recompute budget).
    pub models: bool,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            use_weights: true,
            by_group: true,
            models: true,
        }
    }
}

/// The active filter in words, e.g. "cohort: Gen Z, Millennials; country: DE".
pub fn describe_filter(study: &Study, filter: &Filter) -> String {
    if filter.is_empty() {
        return "all respondents".into();
    }
    let mut parts = Vec::new();
    if !filter.cohorts.is_empty() {
        let names: Vec<&str> = filter
            .cohorts
            .iter()
            .filter_map(|&c| study.cohort_names.get(c).map(String::as_str))
            .collect();
        parts.push(format!("cohort: {}", names.join(", ")));
    }
    match filter.exclude_flagged {
        Some(true) => parts.push("careless respondents excluded".into()),
        Some(false) => parts.push("careless respondents included".into()),
        None => {}
    }
    for (g, levels) in &filter.groups {
        if levels.is_empty() {
            continue;
        }
        if let Some(f) = study.groups.get(*g) {
            let names: Vec<&str> = levels
                .iter()
                .filter_map(|&l| f.levels.get(l as usize).map(String::as_str))
                .collect();
            parts.push(format!("{}: {}", f.name, names.join(", ")));
        }
    }
    parts.join("; ")
}

pub(crate) fn describe_scheme(study: &Study) -> String {
    use crate::study::codebook::CohortScheme;
    let cb = &study.codebook;
    match cb.cohorts.scheme {
        CohortScheme::Generation if cb.columns.age.is_some() => {
            "generations (Pew Research Center) from age: birth year = survey year − age (±1 year)"
                .into()
        }
        CohortScheme::Generation => "generations (Pew Research Center) from birth year".into(),
        CohortScheme::AgeBands => "age bands".into(),
        CohortScheme::Column => format!(
            "cohort column \"{}\"",
            cb.cohorts.column.as_deref().unwrap_or("")
        ),
    }
}
