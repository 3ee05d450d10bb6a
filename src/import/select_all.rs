//! Select-all-that-apply questions (codebook `[select_all.NAME]`): each option becomes a
//! derived 0/1 field appended to every survey record, under the standard counting rule — a
//! respondent who chose at least one option (or "none of these", or wrote an explicit "no"
//! in some option's column) answered the question, so an option not chosen is 0; a
//! respondent with every option blank did not answer, so every option is missing (blank).
//!
//! The loader then reads the derived fields exactly like real columns (roles, memoized
//! parsing, rejected rows): an option column named by the codebook is read through its
//! derived field instead of the raw export value, and a comma-joined option is reached by
//! its `"QUESTION:OPTION"` name.

use std::collections::HashMap;
use std::path::Path;

use crate::import::source::Fields;
use crate::import::values::MissingCodes;
use crate::study::codebook::{Codebook, SelectAllSpec};
use crate::study::error::StudyError;

/// How one question is read.
enum Question {
    /// Real column indices of the options (the "none" column last when given), each with
    /// its derived slot (`None` for the "none" column, which is read but not derived).
    PerOption { cols: Vec<(usize, Option<usize>)> },
    /// A comma-joined column: its index, the options (code, text), the "none" option and
    /// the derived slot of each option.
    Joined {
        col: usize,
        name: String,
        options: Vec<(String, String)>,
        none: Option<usize>,
        slots: Vec<usize>,
    },
}

/// The derived fields of a survey file's select-all questions.
#[derive(Default)]
pub struct SelectAllPlan {
    questions: Vec<Question>,
    /// Names of the derived fields, in the order they are appended.
    pub names: Vec<String>,
    /// Real option column index → derived field index.
    overrides: HashMap<usize, usize>,
    /// Derived `"QUESTION:OPTION"` names (any spelling of the option) → derived field index.
    virtual_names: HashMap<String, usize>,
    n_headers: usize,
}

/// A row error in a select-all column: (column, value, reason).
pub type SelectError = (String, String, String);

fn missing_option_column(path: &Path, col: &str, q: &str, headers: &[String]) -> StudyError {
    StudyError::MissingColumn {
        path: path.to_path_buf(),
        place: if crate::import::survey_source::is_spss(path) {
            ""
        } else {
            ", line 1"
        },
        column: col.to_string(),
        key: format!("select_all.{q}"),
        available: headers
            .iter()
            .take(40)
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl SelectAllPlan {
    pub fn new(
        cb: &Codebook,
        headers: &[String],
        path: &Path,
    ) -> Result<SelectAllPlan, StudyError> {
        let mut plan = SelectAllPlan {
            n_headers: headers.len(),
            ..SelectAllPlan::default()
        };
        let find = |c: &str, q: &str| {
            headers
                .iter()
                .position(|h| h == c)
                .ok_or_else(|| missing_option_column(path, c, q, headers))
        };
        for (qname, spec) in &cb.select_all {
            plan.add(qname, spec, &find)?;
        }
        Ok(plan)
    }

    fn add(
        &mut self,
        qname: &str,
        spec: &SelectAllSpec,
        find: &dyn Fn(&str, &str) -> Result<usize, StudyError>,
    ) -> Result<(), StudyError> {
        if let Some(col) = &spec.column {
            let c = find(col, qname)?;
            let options = spec.options.as_ref().map(|o| o.pairs()).unwrap_or_default();
            let none = spec.none.as_deref().and_then(|n| spec.option_index(n));
            let mut slots = Vec::new();
            for (code, text) in &options {
                let slot = self.n_headers + self.names.len();
                self.names.push(format!("{qname}:{text}"));
                for spelling in [code, text] {
                    self.virtual_names
                        .insert(format!("{qname}:{}", spelling.trim().to_lowercase()), slot);
                }
                slots.push(slot);
            }
            self.questions.push(Question::Joined {
                col: c,
                name: col.clone(),
                options,
                none,
                slots,
            });
            return Ok(());
        }
        let mut cols = Vec::new();
        for col in &spec.columns {
            let c = find(col, qname)?;
            let slot = self.n_headers + self.names.len();
            self.names.push(col.clone());
            self.overrides.insert(c, slot);
            cols.push((c, Some(slot)));
        }
        if let Some(n) = &spec.none {
            if !spec.columns.contains(n) {
                cols.push((find(n, qname)?, None));
            }
        }
        self.questions.push(Question::PerOption { cols });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The field a codebook column name is read from: a derived option field, the real
    /// column, or nothing. `hits` are the real columns of that name.
    pub fn resolve(&self, name: &str, hits: &[usize]) -> Vec<usize> {
        if !hits.is_empty() {
            return hits
                .iter()
                .map(|h| self.overrides.get(h).copied().unwrap_or(*h))
                .collect();
        }
        match name.split_once(':') {
            Some((q, opt)) => self
                .virtual_names
                .get(&format!("{q}:{}", opt.trim().to_lowercase()))
                .map(|&i| vec![i])
                .unwrap_or_default(),
            None => Vec::new(),
        }
    }

    /// The derived fields of a record of the file's width, into `derived` (they follow the
    /// file's columns).
    pub fn derive(
        &self,
        record: &impl Fields,
        missing: &MissingCodes,
        headers: &[String],
        derived: &mut Vec<&'static [u8]>,
    ) -> Result<(), SelectError> {
        derived.clear();
        derived.resize(self.names.len(), b"");
        let field = |i: usize| String::from_utf8_lossy(record.get(i).unwrap_or(b"")).into_owned();
        for q in &self.questions {
            match q {
                Question::PerOption { cols } => {
                    let mut answered = false;
                    let mut chosen = Vec::with_capacity(cols.len());
                    for &(c, _) in cols {
                        let v = field(c);
                        let choice = cell_choice(&v, missing);
                        answered |= choice.is_some();
                        chosen.push(choice == Some(true));
                    }
                    if answered {
                        for (&(_, slot), ch) in cols.iter().zip(chosen) {
                            if let Some(s) = slot {
                                derived[s - self.n_headers] = if ch { b"1" } else { b"0" };
                            }
                        }
                    }
                }
                Question::Joined {
                    col,
                    name,
                    options,
                    none,
                    slots,
                } => {
                    let v = field(*col);
                    if missing.is_missing(&v) {
                        continue;
                    }
                    let picked = split_options(&v, options).map_err(|bad| {
                        (
                            headers.get(*col).cloned().unwrap_or_else(|| name.clone()),
                            v.clone(),
                            format!(
                                "\"{bad}\" is not an option of this select-all question (options: {})",
                                options
                                    .iter()
                                    .map(|(_, t)| format!("\"{t}\""))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                    if picked.is_empty() {
                        continue;
                    }
                    for (k, &slot) in slots.iter().enumerate() {
                        derived[slot - self.n_headers] = if picked.contains(&k) && Some(k) != *none
                        {
                            b"1"
                        } else {
                            b"0"
                        };
                    }
                }
            }
        }
        Ok(())
    }
}

/// One option column's cell: `None` blank (no answer recorded), `Some(false)` an explicit
/// "not chosen" (0, N, No, False), `Some(true)` chosen — Qualtrics writes 1 or the choice's
/// recode value or text, LimeSurvey writes Y.
fn cell_choice(v: &str, missing: &MissingCodes) -> Option<bool> {
    if missing.is_missing(v) {
        return None;
    }
    let t = v.trim().to_ascii_lowercase();
    Some(!matches!(t.as_str(), "0" | "n" | "no" | "false"))
}

/// The options chosen in a comma-joined value. Option texts may themselves hold commas
/// ("Name, address"), so at each position the longest run of comma-separated pieces that is
/// an option wins. Returns the first piece that is no option as the error.
fn split_options(value: &str, options: &[(String, String)]) -> Result<Vec<usize>, String> {
    let pieces: Vec<&str> = value.split(',').collect();
    let matches = |s: &str| {
        let s = s.trim();
        options
            .iter()
            .position(|(c, t)| c.trim().eq_ignore_ascii_case(s) || t.trim().eq_ignore_ascii_case(s))
    };
    let mut picked = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        if pieces[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let mut found = None;
        for j in (i + 1..=pieces.len()).rev() {
            if let Some(k) = matches(&pieces[i..j].join(",")) {
                found = Some((k, j));
                break;
            }
        }
        match found {
            Some((k, j)) => {
                picked.push(k);
                i = j;
            }
            None => return Err(pieces[i].trim().to_string()),
        }
    }
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_options_respect_commas_inside_options() {
        let opts: Vec<(String, String)> = ["Email", "Name, address", "Location"]
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        assert_eq!(split_options("Email,Location", &opts), Ok(vec![0, 2]));
        assert_eq!(
            split_options(" name, ADDRESS ,Email", &opts),
            Ok(vec![1, 0])
        );
        assert_eq!(split_options("Email,Phone", &opts), Err("Phone".into()));
    }

    #[test]
    fn option_cells() {
        let m = MissingCodes::new(&["".into(), "-99".into()]);
        assert_eq!(cell_choice("", &m), None);
        assert_eq!(cell_choice("-99", &m), None);
        assert_eq!(cell_choice("1", &m), Some(true));
        assert_eq!(cell_choice("Y", &m), Some(true));
        assert_eq!(cell_choice("N", &m), Some(false));
        assert_eq!(cell_choice("0", &m), Some(false));
    }
}
