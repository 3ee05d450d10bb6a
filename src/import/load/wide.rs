//! Reading a wide behaviour table: one row per respondent, one 0/1 (or count) column per
//! data type, matched to the survey by id (in NFC; an id with an invisible character is a
//! row error). Rows of ids the survey does not have are counted (unmatched, or of a
//! rejected survey row), never errors; a second row of one id is a row error. The table
//! may be a CSV or Parquet file or a folder of part files (`wide_source`, `parts`).
//!
//! With a codebook whose behaviour is an event log (`format = "events"`), a table given by
//! `--behavior` is that log aggregated per respondent, as `paradox scale-out` has an engine
//! write it: one column per data type named by the data type's `name`, 1 (shared), 0
//! (known, not shared) or empty (no event of that type); a row says the respondent has
//! events, as an event of any type does in the log itself.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::cells::parse_behavior_value;
use super::id_text::{clean_id, shown};
use super::loader::Loader;
use super::row::field_str;
use super::wide_source::{Wanted, WideSource};
use crate::import::ids::IdLookup;
use crate::import::parts::{table_files, TableFormat};
use crate::import::values::MissingCodes;
use crate::study::codebook::BehaviorFormat;
use crate::study::error::StudyError;
use crate::study::InputFile;

impl Loader {
    pub(super) fn read_wide_behavior(&mut self, path: &Path) -> Result<(), StudyError> {
        self.bits.loaded = true;
        self.bits.clear(self.cols.ids.len());
        let aggregated = self.cb.behavior.format == BehaviorFormat::Events;
        let (files, format) = table_files(path)?;
        let id_name = self
            .cb
            .behavior
            .id
            .clone()
            .unwrap_or_else(|| self.cb.columns.id.clone());
        let mut wanted = vec![Wanted {
            name: id_name.clone(),
            key: "behavior.id (or columns.id)".into(),
        }];
        // (data type, column position in a row after the id)
        let mut cols: Vec<usize> = Vec::new();
        for (d, dt) in self.cb.data_types.iter().enumerate() {
            if let (Some(c), false) = (&dt.behavior, self.cols.behavior_in_survey[d]) {
                let (name, key) = if aggregated {
                    (
                        dt.name.clone(),
                        format!("the per-respondent column of data_type \"{}\"", dt.name),
                    )
                } else {
                    (c.clone(), format!("data_type \"{}\" behavior", dt.name))
                };
                wanted.push(Wanted { name, key });
                cols.push(d);
            }
        }
        let labelled: Vec<bool> = wanted
            .iter()
            .map(|w| !aggregated && self.cb.label_columns.contains_key(&w.name))
            .collect();
        let no_codes = MissingCodes::new(&[]);
        let ids = std::mem::take(&mut self.cols.ids);
        let lookup = IdLookup::new(&ids);
        let mut previous = None;
        let rejected_ids = std::mem::take(&mut self.rejected.ids);
        let mut seen: HashMap<u32, (String, u64)> = HashMap::new();
        let mut unmatched: HashSet<String> = HashSet::new();
        let mut record = csv::ByteRecord::new();
        for part in &files {
            let mut source = WideSource::open(part, format == TableFormat::Parquet, &wanted)?;
            let n_headers = source.width();
            while let Some(at) = source.next_row(&mut record)? {
                let (fname, line) = (at.unit.as_str(), at.line);
                self.audit.behavior_rows += 1;
                if at.width != n_headers {
                    self.reject(
                        fname,
                        line,
                        "",
                        "",
                        format!(
                            "the row has {} fields but the header has {}",
                            at.width, n_headers
                        ),
                    );
                    continue;
                }
                let raw_id = field_str(&record, 0);
                let id = match clean_id(raw_id.trim()) {
                    Ok(id) => id,
                    Err(why) => {
                        self.reject(fname, line, &id_name, &shown(raw_id.trim()), why);
                        continue;
                    }
                };
                let id = &*id;
                let Some(r) = lookup.find(id.as_bytes(), previous) else {
                    if rejected_ids.contains(id) {
                        self.audit.behavior_rows_of_rejected += 1;
                    } else {
                        self.audit.behavior_unmatched_rows += 1;
                        unmatched.insert(id.to_string());
                    }
                    continue;
                };
                if let Some((first_file, first)) = seen.get(&r) {
                    let place = if first_file == fname {
                        format!("line {first}")
                    } else {
                        format!("{first_file}, line {first}")
                    };
                    let reason = format!("duplicate id in the behaviour file (first on {place}); which row is right cannot be known");
                    self.reject(fname, line, &id_name, id, reason);
                    continue;
                }
                seen.insert(r, (fname.to_string(), line));
                previous = Some(r as usize);
                let mut values: Vec<(usize, Option<bool>)> = Vec::with_capacity(cols.len());
                let mut ok = true;
                for (k, &d) in cols.iter().enumerate() {
                    let raw = field_str(&record, k + 1);
                    let name = &wanted[k + 1].name;
                    if labelled[k + 1] {
                        self.note_label(name, &raw);
                    }
                    let parsed = if aggregated {
                        parse_behavior_value(&raw, &no_codes, None, 1.0)
                    } else {
                        let dt = &self.cb.data_types[d];
                        let col = dt.behavior.as_deref().unwrap_or("");
                        parse_behavior_value(
                            &raw,
                            &self.missing,
                            self.labels_for(col),
                            dt.shared_threshold(),
                        )
                    };
                    match parsed {
                        Ok(v) => values.push((d, v)),
                        Err(reason) => {
                            ok = false;
                            let name = name.clone();
                            self.reject(fname, line, &name, &raw, reason);
                        }
                    }
                }
                if !ok {
                    continue;
                }
                let r = r as usize;
                if aggregated {
                    self.bits.any[r] = true;
                }
                for (d, v) in values {
                    if let Some(s) = v {
                        self.bits.known[r] |= 1 << d;
                        self.bits.any[r] = true;
                        if s {
                            self.bits.shared[r] |= 1 << d;
                        }
                    }
                }
            }
            let digest = source.finish(part)?;
            self.audit.inputs.push(InputFile {
                role: "behavior".into(),
                path: part.to_path_buf(),
                sha256: digest.sha256,
                bytes: digest.bytes,
            });
        }
        drop(lookup);
        self.cols.ids = ids;
        self.audit.behavior_unmatched_ids = unmatched.len() as u64;
        Ok(())
    }
}
