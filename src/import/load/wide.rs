//! Reading a wide behaviour file: one row per respondent, one 0/1 (or count) column per
//! data type, matched to the survey by id (in NFC; an id with an invisible character is a
//! row error). Rows of ids the survey does not have are counted (unmatched, or of a
//! rejected survey row), never errors; a second row of one id is a row error.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::cells::parse_behavior_value;
use super::id_text::{clean_id, shown};
use super::loader::{file_name, missing_column, Loader};
use super::row::field_str;
use crate::import::ids::IdLookup;
use crate::import::source::DelimitedFile;
use crate::study::error::StudyError;
use crate::study::InputFile;

impl Loader {
    pub(super) fn read_wide_behavior(&mut self, path: &Path) -> Result<(), StudyError> {
        self.bits.loaded = true;
        self.bits.clear(self.cols.ids.len());
        let mut file = DelimitedFile::open(path)?;
        let fname = file_name(path);
        let id_name = self
            .cb
            .behavior
            .id
            .clone()
            .unwrap_or_else(|| self.cb.columns.id.clone());
        let id_col = file.column_index(&id_name).ok_or_else(|| {
            missing_column(path, &id_name, "behavior.id (or columns.id)", &file.headers)
        })?;
        let mut cols: Vec<(usize, usize)> = Vec::new();
        for (d, dt) in self.cb.data_types.iter().enumerate() {
            if let (Some(c), false) = (&dt.behavior, self.cols.behavior_in_survey[d]) {
                let i = file.column_index(c).ok_or_else(|| {
                    missing_column(
                        path,
                        c,
                        &format!("data_type \"{}\" behavior", dt.name),
                        &file.headers,
                    )
                })?;
                cols.push((d, i));
            }
        }
        let labelled: Vec<bool> = file
            .headers
            .iter()
            .map(|h| self.cb.label_columns.contains_key(h))
            .collect();
        let ids = std::mem::take(&mut self.cols.ids);
        let lookup = IdLookup::new(&ids);
        let mut previous = None;
        let rejected_ids = std::mem::take(&mut self.rejected.ids);
        let mut seen: HashMap<u32, u64> = HashMap::new();
        let mut unmatched: HashSet<String> = HashSet::new();
        let mut record = csv::ByteRecord::new();
        let n_headers = file.headers.len();
        while file.next_record(&mut record)? {
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            self.audit.behavior_rows += 1;
            if record.len() != n_headers {
                self.reject(
                    &fname,
                    line,
                    "",
                    "",
                    format!(
                        "the row has {} fields but the header has {}",
                        record.len(),
                        n_headers
                    ),
                );
                continue;
            }
            let raw_id = field_str(&record, id_col);
            let id = match clean_id(raw_id.trim()) {
                Ok(id) => id,
                Err(why) => {
                    self.reject(&fname, line, &id_name, &shown(raw_id.trim()), why);
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
            if let Some(first) = seen.get(&r) {
                let reason = format!("duplicate id in the behaviour file (first on line {first}); which row is right cannot be known");
                self.reject(&fname, line, &id_name, id, reason);
                continue;
            }
            seen.insert(r, line);
            previous = Some(r as usize);
            let mut values: Vec<(usize, Option<bool>)> = Vec::with_capacity(cols.len());
            let mut ok = true;
            for &(d, c) in &cols {
                let raw = field_str(&record, c);
                if labelled[c] {
                    self.note_label(&file.headers[c], &raw);
                }
                let dt = &self.cb.data_types[d];
                let col = dt.behavior.as_deref().unwrap_or("");
                match parse_behavior_value(
                    &raw,
                    &self.missing,
                    self.labels_for(col),
                    dt.shared_threshold(),
                ) {
                    Ok(v) => values.push((d, v)),
                    Err(reason) => {
                        ok = false;
                        let name = file.headers[c].clone();
                        self.reject(&fname, line, &name, &raw, reason);
                    }
                }
            }
            if !ok {
                continue;
            }
            let r = r as usize;
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
        drop(lookup);
        self.cols.ids = ids;
        self.audit.behavior_unmatched_ids = unmatched.len() as u64;
        let digest = file.finish()?;
        self.audit.inputs.push(InputFile {
            role: "behavior".into(),
            path: path.to_path_buf(),
            sha256: digest.sha256,
            bytes: digest.bytes,
        });
        Ok(())
    }
}
