//! The PII guard during the survey pass: every real column of the survey is sampled (its
//! first non-missing values), and once the file is read each is judged by how the
//! codebook uses it — an unused column by heading and values, the respondent ids and the
//! used columns by their values, the group levels one by one, since each would be
//! published as a label. A column with no value at all holds no personal data, whatever
//! its heading (Qualtrics exports keep an empty `IPAddress` column when IPs are not
//! recorded). The decisions themselves are `import::pii`'s.

use std::path::Path;

use super::loader::Loader;
use super::roles::role_key;
use super::row::{field_str, Role};
use crate::import::pii::{self, PiiFinding, SAMPLE_VALUES};
use crate::import::source::Fields;
use crate::import::values::MissingCodes;
use crate::study::error::{PiiUse, StudyError};

/// One column being sampled.
struct Sampled {
    col: usize,
    usage: PiiUse,
    values: Vec<String>,
}

/// The samples of every column the guard judges.
pub(super) struct PiiSampler {
    cols: Vec<Sampled>,
    /// Indices into `cols` whose sample is not full yet: once every sample is full, a
    /// record costs nothing.
    open: Vec<usize>,
}

impl PiiSampler {
    /// Samples every real column of `headers` but those the codebook allows under
    /// `[pii_allow]` (the id column is sampled regardless: only pseudonyms make personal
    /// ids acceptable). `roles` are the used columns' roles.
    pub(super) fn new(loader: &Loader, headers: &[String], roles: &[(usize, Role)]) -> PiiSampler {
        let cols: Vec<Sampled> = (0..headers.len())
            .filter_map(|col| {
                let role = roles.iter().find(|r| r.0 == col).map(|r| r.1);
                let usage = match role {
                    None => PiiUse::Unused,
                    Some(Role::Id) => PiiUse::Id,
                    Some(r) => PiiUse::Used(role_key(&loader.cb, r)),
                };
                let allowed = loader.cb.pii_allow.contains_key(&headers[col]);
                (usage == PiiUse::Id || !allowed).then(|| Sampled {
                    col,
                    usage,
                    values: Vec::new(),
                })
            })
            .collect();
        PiiSampler {
            open: (0..cols.len()).collect(),
            cols,
        }
    }

    /// Adds the non-missing values of one record to the samples not yet full.
    pub(super) fn add(&mut self, record: &impl Fields, missing: &MissingCodes) {
        let mut i = 0;
        while i < self.open.len() {
            let s = &mut self.cols[self.open[i]];
            let v = field_str(record, s.col);
            if !missing.is_missing(&v) {
                s.values.push(v.into_owned());
            }
            if s.values.len() >= SAMPLE_VALUES {
                self.open.swap_remove(i);
            } else {
                i += 1;
            }
        }
    }
}

impl Loader {
    /// Judges the sampled columns of the survey at `path`, then the levels of the group
    /// columns: the first column that looks like personal data is dropped (an unused one,
    /// with `--drop-pii`), accepted (the ids, when they are to be pseudonymized) or a file
    /// error.
    pub(super) fn judge_pii(
        &mut self,
        path: &Path,
        headers: &[String],
        sampler: PiiSampler,
    ) -> Result<(), StudyError> {
        for s in sampler.cols {
            if s.values.is_empty() {
                continue;
            }
            let heading = &headers[s.col];
            let finding = match &s.usage {
                PiiUse::Unused => pii::scan_column(heading, &s.values),
                PiiUse::Id => pii::scan_values(heading, &s.values, pii::confident_kind),
                _ => pii::scan_values(heading, &s.values, pii::value_kind),
            };
            if let Some(f) = finding {
                self.pii_found(path, f, s.usage)?;
            }
        }
        for (g, column) in self.cb.columns.group.clone().iter().enumerate() {
            if self.cb.pii_allow.contains_key(column) {
                continue;
            }
            if let Some(f) = pii::scan_labels(column, &self.cols.group_names[g]) {
                let key = role_key(&self.cb, Role::Group(g));
                self.pii_found(path, f, PiiUse::Labels(key))?;
            }
        }
        Ok(())
    }

    /// A column that looks like personal data: dropped (unused, `--drop-pii`), accepted
    /// (the ids, `--pseudonymize-ids`) or a file error saying the way out.
    fn pii_found(&mut self, path: &Path, f: PiiFinding, usage: PiiUse) -> Result<(), StudyError> {
        match usage {
            PiiUse::Unused if self.drop_pii => {
                self.audit
                    .dropped_pii
                    .push((f.column.clone(), f.kind.to_string()));
                return Ok(());
            }
            PiiUse::Id if self.pseudonymize_ids => return Ok(()),
            _ => {}
        }
        Err(StudyError::Pii {
            path: path.to_path_buf(),
            column: f.column,
            kind: f.kind.to_string(),
            matched: f.matched,
            checked: f.checked,
            by_heading: f.by_heading,
            usage,
        })
    }
}
