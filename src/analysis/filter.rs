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
    /// Conditions on derived scores, all of which a respondent must meet (a missing score
    /// meets none); empty = no restriction.
    pub scores: Vec<ScoreCondition>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.cohorts.is_empty()
            && self.groups.values().all(|s| s.is_empty())
            && self.exclude_flagged.is_none()
            && self.scores.is_empty()
    }
}

/// A comparison of a score with a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Comparison {
    pub fn holds(self, x: f64, value: f64) -> bool {
        match self {
            Comparison::Lt => x < value,
            Comparison::Le => x <= value,
            Comparison::Eq => x == value,
            Comparison::Ge => x >= value,
            Comparison::Gt => x > value,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Eq => "=",
            Comparison::Ge => ">=",
            Comparison::Gt => ">",
        }
    }
}

/// A condition on a respondent's derived scores (see `analysis::scores`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreCondition {
    /// The score on a scale (index in codebook order) compared with a number.
    Scale {
        scale: usize,
        op: Comparison,
        value: f64,
    },
    /// The disclosure score compared with a number.
    Disclosure { op: Comparison, value: f64 },
    /// Paradoxical (concerned and a discloser: `true`) or not (`false`); unknown meets
    /// neither.
    Paradoxical(bool),
}

// The numbers are finite: whoever builds a condition refuses NaN, so equality is an
// equivalence and filters can key caches.
impl Eq for ScoreCondition {}

impl ScoreCondition {
    /// Whether a respondent with these scores meets the condition.
    pub fn holds(
        &self,
        scale: impl Fn(usize) -> Option<f64>,
        disclosure: Option<f64>,
        paradoxical: Option<bool>,
    ) -> bool {
        match *self {
            ScoreCondition::Scale {
                scale: s,
                op,
                value,
            } => scale(s).is_some_and(|x| op.holds(x, value)),
            ScoreCondition::Disclosure { op, value } => {
                disclosure.is_some_and(|x| op.holds(x, value))
            }
            ScoreCondition::Paradoxical(want) => paradoxical == Some(want),
        }
    }

    /// In words, as typed: "concern > 5", "paradoxical", "not paradoxical".
    pub fn describe(&self, study: &Study) -> String {
        match *self {
            ScoreCondition::Scale { scale, op, value } => {
                let name = study
                    .codebook
                    .scales
                    .get(scale)
                    .map(|s| s.name.as_str())
                    .unwrap_or("scale");
                format!("{name} {} {value}", op.symbol())
            }
            ScoreCondition::Disclosure { op, value } => {
                format!("disclosure {} {value}", op.symbol())
            }
            ScoreCondition::Paradoxical(true) => "paradoxical".into(),
            ScoreCondition::Paradoxical(false) => "not paradoxical".into(),
        }
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
    parts.extend(filter.scores.iter().map(|c| c.describe(study)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_conditions_compare_and_a_missing_score_meets_none() {
        let c = ScoreCondition::Scale {
            scale: 0,
            op: Comparison::Gt,
            value: 5.0,
        };
        assert!(c.holds(|_| Some(5.25), None, None));
        assert!(!c.holds(|_| Some(5.0), None, None), "strictly greater");
        assert!(!c.holds(|_| None, Some(1.0), Some(true)), "missing");
        let d = ScoreCondition::Disclosure {
            op: Comparison::Ge,
            value: 0.5,
        };
        assert!(d.holds(|_| None, Some(0.5), None));
        assert!(!d.holds(|_| None, None, None));
        let p = ScoreCondition::Paradoxical(true);
        assert!(p.holds(|_| None, None, Some(true)));
        assert!(!p.holds(|_| None, None, None));
        assert!(ScoreCondition::Paradoxical(false).holds(|_| None, None, Some(false)));
    }

    #[test]
    fn a_filter_with_only_score_conditions_is_not_empty() {
        let mut f = Filter::default();
        assert!(f.is_empty());
        f.scores.push(ScoreCondition::Paradoxical(true));
        assert!(!f.is_empty());
        assert_ne!(f, Filter::default());
    }
}
