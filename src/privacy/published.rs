//! [`Published`]: the only form in which numbers leave paradox. Every writer of published
//! output — the report's files and `summary.json`, the dashboard's exports — takes a
//! `Published`, never a bare `Summary`, and only this module can make one: through
//! [`publish`], which applies disclosure control to the summary and to the import audit's
//! counts and remembers the settings it used.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::rules::{would_suppress_count, MinCell};
use crate::analysis::{Source, Summary};
use crate::import::warnings::describe_published;
use crate::study::Study;

/// The settings of one publication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublishOptions {
    /// The smallest count that may be published (0 or 1: suppression off).
    pub min_cell: MinCell,
    /// Total differential-privacy budget, when noise is added.
    pub dp_epsilon: Option<f64>,
    /// A fixed seed for the noise: tests only (the result is then not private).
    pub dp_seed: Option<u64>,
}

impl PublishOptions {
    /// Threshold rule and complementary suppression at `min_cell`, no noise.
    pub fn suppress_below(min_cell: u32) -> PublishOptions {
        PublishOptions {
            min_cell: MinCell::new(min_cell),
            dp_epsilon: None,
            dp_seed: None,
        }
    }
}

/// One input file as a report names it: the file name only (a full path may name the
/// analyst's home folder), its size and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedInput {
    pub role: String,
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What a report may say about the import: the inputs, how the export was read, and the
/// behaviour-file counts after the threshold rule (a count from 1 to `min_cell − 1` is
/// `None`; under differential privacy they are withheld, since they are not noised).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PublishedAudit {
    pub inputs: Vec<PublishedInput>,
    pub has_behavior: bool,
    /// Rows (wide) or events (event log) read from the behaviour file.
    pub behavior_rows: Option<u64>,
    /// Behaviour rows or events whose id is not among the analysed respondents.
    pub behavior_unmatched_rows: Option<u64>,
    /// The survey platform the export was recognized as.
    pub survey_export: Option<String>,
    /// Why rows were set aside as no (complete) respondent, without their counts (those are
    /// among the rejected rows, which the summary publishes).
    pub set_aside_reasons: Vec<String>,
    pub kept_unfinished: bool,
    /// Columns removed as personal data: (column, kind).
    pub dropped_pii: Vec<(String, String)>,
    /// Analysed respondents (a record count: published unless the study is small).
    pub analysed: u64,
    /// Missing answers per codebook column among the analysed respondents.
    pub missing_by_column: Vec<(String, Option<u64>)>,
    /// Rejected values per (column, reason).
    pub rejected_by_reason: Vec<(String, String, Option<u64>)>,
    /// The load warnings in the words a report may print: their counts pass the threshold
    /// rule like every count here, and no value from the data is quoted.
    pub warnings: Vec<String>,
}

/// A summary fit to publish, with the audit counts and the settings that made it so.
/// Constructed only by [`publish`].
#[derive(Debug, Clone)]
pub struct Published {
    summary: Summary,
    audit: PublishedAudit,
    options: PublishOptions,
}

impl Published {
    /// The published summary: suppressed values are `None`.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    pub fn audit(&self) -> &PublishedAudit {
        &self.audit
    }

    pub fn min_cell(&self) -> MinCell {
        self.options.min_cell
    }

    /// Whether small cells were suppressed (`min_cell` ≥ 2).
    pub fn suppression_on(&self) -> bool {
        !self.options.min_cell.is_off()
    }

    pub fn dp_epsilon(&self) -> Option<f64> {
        self.options.dp_epsilon
    }

    /// Whether the noise came from a fixed seed (tests only: not private).
    pub fn dp_seeded(&self) -> bool {
        self.options.dp_seed.is_some()
    }

    pub fn options(&self) -> &PublishOptions {
        &self.options
    }
}

/// The one door: disclosure control applied to the summary of `source` (see
/// [`super::control::publish_summary`] for the rules) and to the import audit's counts.
pub fn publish(source: &Source<'_>, summary: &Summary, options: &PublishOptions) -> Published {
    // Tables are coarsened first (bands, merged cohorts and levels, fewer thresholds), so
    // that suppression hides only what no merge saves; noise, when asked for, is added to
    // the coarsened tables.
    let collapsed = if options.min_cell.is_off() {
        None
    } else {
        Some(super::collapse::collapse(
            source,
            summary,
            options.min_cell.get(),
        ))
    };
    let mut published = super::control::publish_summary(
        collapsed.as_ref().unwrap_or(summary),
        options.min_cell.get(),
        options.dp_epsilon,
        options.dp_seed,
    );
    if collapsed.is_some() {
        // Adjusted p-values over the tests actually published.
        crate::analysis::adjust::adjust(
            &mut published,
            source.study.codebook.analysis.multiplicity,
        );
    }
    Published {
        audit: publish_audit(source, options),
        summary: published,
        options: *options,
    }
}

/// For tests of the writers only (the `test-support` feature, never in a user's build):
/// wraps a summary that a test has written out already published, as it is, with the
/// study's audit published at `options`.
#[cfg(feature = "test-support")]
pub fn published_as_is(
    study: Option<&Study>,
    summary: Summary,
    options: PublishOptions,
) -> Published {
    let filter = crate::analysis::Filter::default();
    let analysis = crate::analysis::AnalysisOptions::default();
    let audit = study
        .map(|study| publish_audit(&Source::new(study, &filter, &analysis), &options))
        .unwrap_or_default();
    Published {
        audit,
        summary,
        options,
    }
}

fn publish_audit(source: &Source<'_>, options: &PublishOptions) -> PublishedAudit {
    let study = source.study;
    let a = &study.audit;
    let count = |n: u64| {
        let small = would_suppress_count(n, options.min_cell.get());
        (options.dp_epsilon.is_none() && !small).then_some(n)
    };
    PublishedAudit {
        inputs: a
            .inputs
            .iter()
            .map(|i| PublishedInput {
                role: i.role.clone(),
                file: file_name(&i.path),
                bytes: i.bytes,
                sha256: i.sha256.clone(),
            })
            .collect(),
        has_behavior: study.has_behavior,
        behavior_rows: count(a.behavior_rows),
        behavior_unmatched_rows: count(a.behavior_unmatched_rows),
        survey_export: a.survey_export.clone(),
        set_aside_reasons: a.set_aside.keys().cloned().collect(),
        kept_unfinished: a.kept_unfinished,
        dropped_pii: a.dropped_pii.clone(),
        analysed: study.len() as u64,
        missing_by_column: a
            .missing_by_column
            .iter()
            .map(|(c, k)| (c.clone(), count(*k)))
            .collect(),
        rejected_by_reason: rejected_by_reason(study)
            .into_iter()
            .map(|((c, r), k)| (c, r, count(k)))
            .collect(),
        warnings: a
            .warnings
            .iter()
            .map(|w| describe_published(w, &count))
            .collect(),
    }
}

/// Rejected values counted per (column, reason), in column then reason order.
pub fn rejected_by_reason(study: &Study) -> BTreeMap<(String, String), u64> {
    let mut by_reason: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in &study.audit.rejected {
        *by_reason
            .entry((r.column.clone(), r.reason.clone()))
            .or_default() += 1;
    }
    by_reason
}

/// The file name only: a full path may name the analyst's home folder.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| PathBuf::from(path).to_string_lossy().into_owned())
}
