//! The state of one load: the codebook and files, how values are read (missing codes,
//! label sets), the columns being built, the audit, the rows rejected so far and the facts
//! the load warnings need. The
//! readers of the survey, the behaviour file and the event log and the final assembly are
//! methods of [`Loader`] in the files beside this one.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::columns::{BehaviorBits, SurveyColumns};
use super::files::StudyFiles;
use crate::import::values::{LabelSet, MissingCodes};
use crate::import::warnings::LoadFacts;
use crate::study::error::StudyError;
use crate::study::{Audit, Codebook, RejectedRow};

pub(super) struct Loader {
    pub(super) cb: Codebook,
    pub(super) files: StudyFiles,
    /// Leave PII-looking columns out instead of refusing the study.
    pub(super) drop_pii: bool,
    /// Keep unfinished responses of a platform export.
    pub(super) keep_unfinished: bool,
    /// The ids are to be replaced by pseudonyms: ids that look like personal data pass.
    pub(super) pseudonymize_ids: bool,
    pub(super) missing: MissingCodes,
    pub(super) label_sets: HashMap<String, LabelSet>,
    pub(super) audit: Audit,
    pub(super) cols: SurveyColumns,
    pub(super) bits: BehaviorBits,
    pub(super) rejected: Rejected,
    /// What the load warnings need beyond the audit.
    pub(super) facts: LoadFacts,
}

/// Rows rejected so far (the values themselves are in `Audit::rejected`).
#[derive(Default)]
pub(super) struct Rejected {
    /// (file name, line) of every rejected row, each once.
    pub(super) rows: HashSet<(String, u64)>,
    /// Ids of rejected survey rows: their behaviour is set aside, not called "unmatched"
    /// (the respondent exists; the survey row was invalid).
    pub(super) ids: HashSet<String>,
}

impl Loader {
    pub(super) fn new(cb: Codebook, files: StudyFiles, drop_pii: bool) -> Loader {
        let missing = MissingCodes::new(&cb.columns.missing_codes());
        let label_sets = cb
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), LabelSet::new(v)))
            .collect();
        Loader {
            cols: SurveyColumns::new(&cb),
            cb,
            files,
            drop_pii,
            keep_unfinished: false,
            pseudonymize_ids: false,
            missing,
            label_sets,
            audit: Audit::default(),
            bits: BehaviorBits::default(),
            rejected: Rejected::default(),
            facts: LoadFacts::default(),
        }
    }

    /// Records a row error: the row is left out, the value listed with its reason.
    pub(super) fn reject(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        value: &str,
        reason: String,
    ) {
        self.rejected.rows.insert((file.to_string(), line));
        self.audit.rejected.push(RejectedRow {
            file: file.to_string(),
            line,
            column: column.to_string(),
            value: value.chars().take(200).collect(),
            reason,
        });
    }

    /// Tallies which label of its column's set `raw` is, for the load warnings (a label
    /// never used while text is rejected is a typo, most likely). Called once per distinct
    /// value of a column while its parses are remembered.
    pub(super) fn note_label(&mut self, column: &str, raw: &str) {
        let Some(set) = self
            .cb
            .label_columns
            .get(column)
            .and_then(|s| self.label_sets.get(s))
        else {
            return;
        };
        let Some(i) = set.index_of(raw) else {
            return;
        };
        match self.facts.labels_used.get_mut(column) {
            Some(used) => used[i] = true,
            None => {
                let mut used = vec![false; set.len()];
                used[i] = true;
                self.facts.labels_used.insert(column.to_string(), used);
            }
        }
    }

    /// The label set the codebook assigns to `column`.
    pub(super) fn labels_for(&self, column: &str) -> Option<&LabelSet> {
        self.cb
            .label_columns
            .get(column)
            .and_then(|set| self.label_sets.get(set))
    }
}

/// The file error for a column the codebook names (under `key`) but the header lacks,
/// listing the columns there are.
pub(super) fn missing_column(
    path: &Path,
    column: &str,
    key: &str,
    headers: &[String],
) -> StudyError {
    let mut available = headers
        .iter()
        .take(40)
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > 40 {
        available.push_str(&format!(", … ({} columns)", headers.len()));
    }
    let parquet = crate::import::columnar::is_parquet(path);
    let nested = format!("{column}.");
    if let Some(leaf) = headers.iter().find(|h| parquet && h.starts_with(&nested)) {
        return StudyError::Io {
            path: path.to_path_buf(),
            message: format!(
                "column \"{column}\" named by the codebook ({key}) is a nested column (a list or struct: \"{leaf}\"), which paradox does not read; store it as a string, integer or boolean column"
            ),
        };
    }
    StudyError::MissingColumn {
        path: path.to_path_buf(),
        // Only a text file has a header line.
        place: if parquet || crate::import::survey_source::is_spss(path) {
            ""
        } else {
            ", line 1"
        },
        column: column.to_string(),
        key: key.to_string(),
        available,
    }
}

/// A file's name as rejected rows name it.
pub(super) fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
