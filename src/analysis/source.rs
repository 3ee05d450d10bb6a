//! What a summary was computed from — the study, the filter and the options — as one
//! handle, so that a later stage can ask the analysis again for a subset of the same
//! respondents. Publishing uses it: a row that merges cohorts (or group levels) must carry
//! statistics computed on the merged respondents, not averaged from its members.

use std::collections::{BTreeMap, BTreeSet};

use super::filter::{AnalysisOptions, Filter};
use super::summarize::summarize;
use super::summary::Summary;
use crate::study::Study;

/// The inputs of one analysis.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub study: &'a Study,
    pub filter: &'a Filter,
    pub options: &'a AnalysisOptions,
}

impl<'a> Source<'a> {
    pub fn new(study: &'a Study, filter: &'a Filter, options: &'a AnalysisOptions) -> Self {
        Source {
            study,
            filter,
            options,
        }
    }

    /// The summary of this analysis.
    pub fn summarize(&self) -> Summary {
        summarize(self.study, self.filter, self.options)
    }

    /// The summary of the respondents of the given cohorts only (indices into
    /// `Study::cohort_names`), within this analysis' filter: its `gap.overall`, scales and
    /// tactics' `overall` are the merged block of those cohorts.
    pub fn merged_cohorts(&self, cohorts: &BTreeSet<usize>) -> Summary {
        let mut filter = self.filter.clone();
        filter.cohorts = if filter.cohorts.is_empty() {
            cohorts.clone()
        } else {
            filter.cohorts.intersection(cohorts).copied().collect()
        };
        summarize(self.study, &filter, &self.subset_options())
    }

    /// The summary of the respondents of the given levels of one group column (index into
    /// `Study::groups`), within this analysis' filter.
    pub fn merged_levels(&self, group: usize, levels: &BTreeSet<u32>) -> Summary {
        let mut filter = self.filter.clone();
        let kept = match filter.groups.get(&group) {
            Some(already) if !already.is_empty() => already.intersection(levels).copied().collect(),
            _ => levels.clone(),
        };
        let mut groups: BTreeMap<usize, BTreeSet<u32>> = filter.groups.clone();
        groups.insert(group, kept);
        filter.groups = groups;
        summarize(self.study, &filter, &self.subset_options())
    }

    /// A merged block needs neither group breakdowns nor models.
    fn subset_options(&self) -> AnalysisOptions {
        AnalysisOptions {
            by_group: false,
            models: false,
            ..self.options.clone()
        }
    }
}

impl Source<'_> {
    /// The summary of this analysis with some cohorts (and group levels) analysed as one
    /// category each: the merged rows' figures and every test across rows are computed on
    /// the merged categories.
    pub fn summarize_merged(&self, merges: &super::summarize::Merges) -> Summary {
        super::summarize::summarize_merged(self.study, self.filter, self.options, merges).0
    }
}
