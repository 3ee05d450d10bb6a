//! The survey weights as a whole, once every row is read. Each weight was checked on its
//! own (a finite number above 0); here a weight above a million times the median weight is
//! a row error (one respondent would outweigh the whole sample: a data-entry or export
//! error, such as 1e308 for 1.308), and the sums every weighted statistic divides by (Σw
//! and Σw²) must be finite and above 0, or the load stops with a file error: weights that
//! large or small, all of them, need rescaling.

use std::path::Path;

use super::loader::{file_name, Loader};
use crate::fmt::csv_number;
use crate::import::ids::SeenIds;
use crate::study::error::{Location, StudyError};

/// A weight above this many times the median weight is rejected.
pub(super) const MAX_WEIGHT_RATIO: f64 = 1e6;

impl Loader {
    /// Rejects the rows whose weight is out of all proportion (`seen` gives each id's
    /// line), and refuses weights whose sums are not finite.
    pub(super) fn screen_weights(&mut self, path: &Path, seen: &SeenIds) -> Result<(), StudyError> {
        let Some(column) = self.cb.columns.weight.clone() else {
            return Ok(());
        };
        let weights = &self.cols.weight;
        if weights.len() != self.cols.ids.len() || weights.is_empty() {
            return Ok(());
        }
        let median = median(weights);
        let limit = median * MAX_WEIGHT_RATIO;
        let keep: Vec<bool> = weights.iter().map(|&w| w <= limit).collect();
        if keep.iter().any(|k| !k) {
            let fname = file_name(path);
            for (r, _) in keep.iter().enumerate().filter(|(_, k)| !**k) {
                let id = self.cols.ids[r].to_string();
                let w = self.cols.weight[r];
                let line = seen.first_line(&id).unwrap_or(0);
                let reason = format!(
                    "weight {} is more than {} times the median weight {}: one respondent would outweigh the whole sample (a data-entry or export error?)",
                    number(w),
                    crate::fmt::count(MAX_WEIGHT_RATIO as u64),
                    number(median)
                );
                self.reject(&fname, line, &column, &number(w), reason);
                self.rejected.ids.insert(id);
            }
            self.cols.retain(&keep);
            // Only survey rows are listed so far: back into file order.
            self.audit.rejected.sort_by_key(|r| r.line);
        }
        let (sum, sum_sq) = self
            .cols
            .weight
            .iter()
            .fold((0.0f64, 0.0f64), |(s, q), &w| (s + w, q + w * w));
        let usable = |x: f64| x.is_finite() && x > 0.0;
        let computable = usable(sum) && usable(sum_sq);
        if !computable {
            return Err(StudyError::Csv {
                path: path.to_path_buf(),
                at: Location {
                    line: None,
                    column: Some(column),
                },
                message: format!(
                    "the weights are too {} to compute with: their sum is {} and the sum of their squares {} (both must be finite numbers above 0); rescale the weights, e.g. divide each by their mean",
                    if median > 1.0 { "large" } else { "small" },
                    sum_text(sum),
                    sum_text(sum_sq),
                ),
            });
        }
        Ok(())
    }
}

/// A sum in a message: its value, or that it is not finite.
fn sum_text(x: f64) -> String {
    if x.is_finite() {
        number(x)
    } else {
        "not finite".into()
    }
}

/// A weight as text: the shortest digits that read back to it, in scientific notation
/// when it is very large or very small ("1e308", not 309 digits).
fn number(x: f64) -> String {
    if x != 0.0 && !(1e-4..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        csv_number(Some(x))
    }
}

/// The median of positive, finite numbers (not empty).
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    let n = v.len();
    let (_, &mut hi, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return hi;
    }
    let lo = v[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    lo / 2.0 + hi / 2.0
}
