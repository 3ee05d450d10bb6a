//! Reading the survey: every row validated cell by cell in file order, a valid row stored
//! in the columns, an invalid one listed with its reasons (a row error), and every column
//! sampled for the PII guard. Duplicate ids are a file error (which row is right cannot be
//! known).
//!
//! Reading and cutting the file into records run on a thread of their own, a block of
//! records at a time (`RecordCutter`), while the loader's thread validates and stores the
//! rows. The reading thread also numbers each used column's distinct values in order of
//! first appearance (`Coder`), so that the loader's thread, the slower of the two, parses
//! a value once and then only indexes a table by its number. Blocks go back to the reader
//! to be refilled, so nothing is allocated per record.

use std::path::PathBuf;

use super::id_text::{clean_id, shown};
use super::loader::{file_name, Loader};
use super::memo::{Coder, Memo, NO_CODE};
use super::pii_scan::PiiSampler;
use super::row::{field_str, Parsed, Role};
use crate::import::ids::SeenIds;
use crate::import::select_all::SelectAllPlan;
use crate::import::source::{Fields, RecordBlock, Row};
use crate::import::survey_source::{ExportKind, SetAside, SurveyRows, SurveySource};
use crate::study::error::StudyError;
use crate::study::InputFile;

/// What validating the rows of one survey file needs besides the loader, prepared once.
struct SurveyPass {
    path: PathBuf,
    fname: String,
    /// "line" for a text file, "case" for an SPSS file.
    unit: &'static str,
    headers: Vec<String>,
    /// Column names of the real fields, then of the derived select-all fields.
    names: Vec<String>,
    set_aside: SetAside,
    plan: SelectAllPlan,
    roles: Vec<(usize, Role)>,
    id_col: usize,
    id_name: String,
    survey_year: Option<i32>,
    /// Every column's first values, for the PII guard.
    pii: PiiSampler,
    /// Ids met so far (analysed or rejected) with their first line: one compact copy.
    seen: SeenIds,
    /// Per used column, the parse of each distinct raw value seen so far, for the columns
    /// the reading thread does not number (derived select-all fields). The id column is
    /// never remembered (every value is new).
    memos: Vec<Memo>,
    /// Per used column, its place among the numbered columns (see [`Coders`]).
    coded: Vec<Option<usize>>,
    /// Per numbered column, the parse of each number's value once met in a row that is
    /// validated.
    tables: Vec<Vec<Option<Result<Parsed, String>>>>,
    /// Per used column: it has a label set (its labels are tallied for the warnings).
    labelled: Vec<bool>,
    /// Buffers reused by every row: the trimmed id (no allocation per row), the derived
    /// select-all fields and the values.
    id: String,
    derived: Vec<&'static [u8]>,
    row: Vec<Parsed>,
}

/// A survey record with the select-all fields derived from it after the file's columns.
struct Full<'a> {
    row: Row<'a>,
    derived: &'a [&'static [u8]],
}

impl Fields for Full<'_> {
    fn len(&self) -> usize {
        self.row.len() + self.derived.len()
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&[u8]> {
        match i.checked_sub(self.row.len()) {
            None => self.row.get(i),
            Some(d) => self.derived.get(d).copied(),
        }
    }
}

impl Loader {
    pub(super) fn read_survey(&mut self) -> Result<(), StudyError> {
        let path = self.files.survey.clone();
        let file = SurveySource::open(&path)?;
        let mut pass = self.survey_pass(&file, path)?;
        let mut rows = file.into_rows()?;
        let mut coders = Coders::new(&pass);
        let width = coders.cols.len();
        std::thread::scope(|scope| -> Result<(), StudyError> {
            let (full_tx, full_rx) =
                std::sync::mpsc::sync_channel::<Result<CodedBlock, StudyError>>(4);
            let (empty_tx, empty_rx) = std::sync::mpsc::channel::<CodedBlock>();
            let reader = &mut rows;
            let coders = &mut coders;
            std::thread::Builder::new()
                .name("survey-reader".into())
                .spawn_scoped(scope, move || produce(reader, coders, &full_tx, &empty_rx))
                .map_err(|e| StudyError::Io {
                    path: pass.path.clone(),
                    message: format!(
                        "could not start the thread that reads this file ({e}): too little memory or too many processes? Free some and run again"
                    ),
                })?;
            let mut reserved = false;
            for coded in full_rx {
                let coded = coded?;
                let block = &coded.block;
                if !reserved {
                    reserved = true;
                    self.reserve_rows(&mut pass, block);
                }
                for k in 0..block.len() {
                    let (row, line) = block.row(k);
                    let codes = &coded.codes[k * width..(k + 1) * width];
                    self.survey_record(&mut pass, line, row, codes)?;
                }
                // The reader may have stopped (end or error): a lost block is only a lost
                // buffer.
                let _ = empty_tx.send(coded);
            }
            Ok(())
        })?;
        self.screen_weights(&pass.path, &pass.seen)?;
        let digest = rows.finish()?;
        self.audit.inputs.push(InputFile {
            role: "survey".into(),
            path: pass.path.clone(),
            sha256: digest.sha256,
            bytes: digest.bytes,
        });
        self.judge_pii(&pass.path, &pass.headers, pass.pii)?;
        Ok(())
    }

    /// Room in the columns for the respondents the file holds, estimated from its size and
    /// its first block (a text file only; the estimate only saves copying as they grow).
    fn reserve_rows(&mut self, p: &mut SurveyPass, first: &RecordBlock) {
        let Ok(meta) = std::fs::metadata(&p.path) else {
            return;
        };
        if first.raw_len() == 0 || first.is_empty() {
            return;
        }
        let per_row = first.raw_len() as f64 / first.len() as f64;
        // A tenth more than the estimate, never more than the file has bytes, and no more
        // than `MAX_RESERVED_ROWS` (past that the columns grow as rows come: a file of
        // tiny rows must not ask for more memory than the machine has).
        let rows = (meta.len() as f64 / per_row * 1.1)
            .min(meta.len() as f64)
            .min(MAX_RESERVED_ROWS as f64) as usize;
        let id_bytes = (0..first.len())
            .map(|k| first.row(k).0.get(p.id_col).map_or(0, <[u8]>::len))
            .sum::<usize>();
        let id_bytes = (id_bytes as f64 / first.len() as f64 * rows as f64) as usize;
        self.cols.reserve(rows, id_bytes, &p.roles);
        p.seen.reserve(rows, id_bytes);
    }

    /// The survey's format in the audit, the select-all plan, the columns' roles and the
    /// buffers of the row-by-row pass.
    fn survey_pass(
        &mut self,
        file: &SurveySource,
        path: PathBuf,
    ) -> Result<SurveyPass, StudyError> {
        let fname = file_name(&path);
        self.audit.delimiter = file.delimiter_name();
        self.audit.qualtrics_header = file.qualtrics_header();
        let export = ExportKind::detect(file.headers(), file.qualtrics_header());
        self.audit.survey_export = export.map(|k| k.name().to_string());
        let set_aside = SetAside::new(export, file.headers(), self.keep_unfinished);
        self.audit.kept_unfinished = self.keep_unfinished && set_aside.is_active();
        let plan = SelectAllPlan::new(&self.cb, file.headers(), &path)?;
        let names: Vec<String> = file.headers().iter().chain(&plan.names).cloned().collect();
        let roles = self.survey_roles(file, &plan)?;
        let id_col = roles
            .iter()
            .find(|r| r.1 == Role::Id)
            .map(|r| r.0)
            .unwrap_or(0);
        let pii = PiiSampler::new(self, file.headers(), &roles);
        let labelled = roles
            .iter()
            .map(|&(col, _)| {
                names
                    .get(col)
                    .is_some_and(|n| self.cb.label_columns.contains_key(n))
            })
            .collect();
        let memos = roles
            .iter()
            .map(|&(_, role)| Memo::new(role != Role::Id))
            .collect();
        let n_headers = file.headers().len();
        let mut n_coded = 0;
        let coded = roles
            .iter()
            .map(|&(col, role)| {
                (role != Role::Id && col < n_headers).then(|| {
                    n_coded += 1;
                    n_coded - 1
                })
            })
            .collect();
        Ok(SurveyPass {
            fname,
            unit: file.unit(),
            headers: file.headers().to_vec(),
            names,
            set_aside,
            plan,
            row: Vec::with_capacity(roles.len()),
            roles,
            id_col,
            id_name: self.cb.columns.id.clone(),
            survey_year: self.cb.study.survey_year,
            pii,
            seen: SeenIds::default(),
            memos,
            coded,
            tables: vec![Vec::new(); n_coded],
            labelled,
            id: String::new(),
            derived: Vec::new(),
            path,
        })
    }

    /// One survey record (physical line `line`, `codes` the numbers of its cells in the
    /// numbered columns): skipped when blank, set aside, rejected with its reasons, or
    /// stored. A duplicate id is a file error.
    fn survey_record(
        &mut self,
        p: &mut SurveyPass,
        line: u64,
        record: Row<'_>,
        codes: &[u32],
    ) -> Result<(), StudyError> {
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            // A blank line carries no respondent.
            return Ok(());
        }
        self.audit.survey_rows += 1;
        let raw_id = field_str(&record, p.id_col);
        p.id.clear();
        let bad_id = match clean_id(raw_id.trim()) {
            Ok(id) => {
                p.id.push_str(&id);
                None
            }
            Err(why) => {
                p.id.push_str(raw_id.trim());
                Some(why)
            }
        };
        if record.len() != p.headers.len() {
            if !p.id.is_empty() {
                p.seen.insert(&p.id, line);
                self.rejected.ids.insert(p.id.clone());
            }
            self.reject(
                &p.fname,
                line,
                "",
                "",
                format!(
                    "the row has {} fields but the header has {} (a stray delimiter, an unclosed quote or a truncated line?)",
                    record.len(),
                    p.headers.len()
                ),
            );
            return Ok(());
        }
        if let Some(why) = p.set_aside.check(&record) {
            if !p.id.is_empty() {
                self.rejected.ids.insert(p.id.clone());
            }
            *self
                .audit
                .set_aside
                .entry(why.reason.to_string())
                .or_insert(0) += 1;
            self.reject(
                &p.fname,
                line,
                &why.column,
                &why.value,
                why.reason.to_string(),
            );
            return Ok(());
        }
        p.pii.add(&record, &self.missing);
        if self.missing.is_missing(&p.id) {
            self.reject(
                &p.fname,
                line,
                &p.id_name,
                &raw_id,
                "missing respondent id".into(),
            );
            return Ok(());
        }
        if let Some(why) = bad_id {
            self.reject(&p.fname, line, &p.id_name, &shown(&p.id), why);
            return Ok(());
        }
        if let Some(first) = p.seen.first_line_or_insert(&p.id, line) {
            return Err(duplicate_id(p, line, first));
        }
        if !p.plan.is_empty() {
            let derived = p
                .plan
                .derive(&record, &self.missing, &p.headers, &mut p.derived);
            if let Err((column, value, reason)) = derived {
                self.reject(&p.fname, line, &column, &value, reason);
                self.rejected.ids.insert(p.id.clone());
                return Ok(());
            }
        }
        let record = Full {
            row: record,
            derived: &p.derived,
        };
        p.row.clear();
        let mut ok = true;
        for (k, &(col, _)) in p.roles.iter().enumerate() {
            let parsed = match p.coded[k] {
                Some(j) => {
                    let code = codes[j] as usize;
                    match p.tables[j].get(code) {
                        Some(Some(x)) => x.clone(),
                        _ => {
                            let x = self.parse_cell(p, k, &record);
                            if code != NO_CODE as usize {
                                let table = &mut p.tables[j];
                                if table.len() <= code {
                                    table.resize(code + 1, None);
                                }
                                table[code] = Some(x.clone());
                            }
                            x
                        }
                    }
                }
                None => {
                    let bytes = record.get(col).unwrap_or(b"");
                    match p.memos[k].get(bytes) {
                        Some(x) => x.clone(),
                        None => {
                            let x = self.parse_cell(p, k, &record);
                            p.memos[k].insert(bytes, &x);
                            x
                        }
                    }
                }
            };
            match parsed {
                Ok(x) => p.row.push(x),
                Err(reason) => {
                    ok = false;
                    let name = p.names.get(col).cloned().unwrap_or_default();
                    let raw = field_str(&record, col);
                    self.reject(&p.fname, line, &name, &raw, reason);
                    p.row.push(Parsed::Code(None));
                }
            }
        }
        if ok {
            self.cols.push_row(&p.id, &p.roles, &p.row);
        } else {
            self.rejected.ids.insert(p.id.clone());
        }
        Ok(())
    }
}

impl Loader {
    /// The parse of the cell of used column `k` (its labels tallied).
    fn parse_cell(
        &mut self,
        p: &SurveyPass,
        k: usize,
        record: &Full<'_>,
    ) -> Result<Parsed, String> {
        let (col, role) = p.roles[k];
        let raw = field_str(record, col);
        if p.labelled[k] {
            self.note_label(&p.names[col], &raw);
        }
        self.parse_role(role, &raw, p.survey_year)
    }
}

/// The most respondents room is made for ahead of reading them (a few hundred megabytes
/// of columns at most).
const MAX_RESERVED_ROWS: usize = 1 << 22;

/// A block of survey records and the numbers of their cells in the numbered columns
/// (`codes[k * width + j]`: record k, numbered column j), given by the reading thread.
#[derive(Default)]
struct CodedBlock {
    block: RecordBlock,
    codes: Vec<u32>,
}

/// The columns the reading thread numbers: every used column of the file but the id
/// (whose values are all new); derived select-all fields are made on the loader's thread.
struct Coders {
    /// Per numbered column, its field in the record.
    cols: Vec<usize>,
    coders: Vec<Coder>,
}

impl Coders {
    fn new(p: &SurveyPass) -> Coders {
        let cols: Vec<usize> = p
            .roles
            .iter()
            .zip(&p.coded)
            .filter(|(_, c)| c.is_some())
            .map(|(&(col, _), _)| col)
            .collect();
        Coders {
            coders: cols.iter().map(|_| Coder::new()).collect(),
            cols,
        }
    }

    /// Numbers the cells of `b`'s records.
    fn code(&mut self, b: &mut CodedBlock) {
        b.codes.clear();
        b.codes.reserve(b.block.len() * self.cols.len());
        for k in 0..b.block.len() {
            let (row, _) = b.block.row(k);
            for (coder, &col) in self.coders.iter_mut().zip(&self.cols) {
                b.codes
                    .push(row.get(col).map_or(NO_CODE, |v| coder.code(v)));
            }
        }
    }
}

/// The file error for an id met twice (`first`: the line or case it was first seen on).
fn duplicate_id(p: &SurveyPass, line: u64, first: u64) -> StudyError {
    if p.unit == "case" {
        return StudyError::Sav {
            path: p.path.clone(),
            offset: None,
            case: Some(line),
            variable: Some(p.id_name.clone()),
            message: format!(
                "duplicate respondent id \"{}\" (first seen in case {first}); which case is right cannot be known",
                p.id
            ),
        };
    }
    StudyError::DuplicateId {
        path: p.path.clone(),
        line,
        column: p.id_name.clone(),
        value: p.id.clone(),
        first_line: first,
    }
}

/// Reads `rows` to their end (or first error) a block at a time, numbered by `coders`, sent
/// in file order; stops early when the receiving side has gone (it met an error of its own).
fn produce(
    rows: &mut SurveyRows,
    coders: &mut Coders,
    full: &std::sync::mpsc::SyncSender<Result<CodedBlock, StudyError>>,
    empty: &std::sync::mpsc::Receiver<CodedBlock>,
) {
    loop {
        let mut coded = empty.try_recv().unwrap_or_default();
        let filled = rows.fill(&mut coded.block);
        coders.code(&mut coded);
        match filled {
            Ok(()) if coded.block.is_empty() => return,
            Ok(()) => {
                if full.send(Ok(coded)).is_err() {
                    return;
                }
            }
            Err(e) => {
                // The rows before the error first: an error in one of them comes first in
                // file order.
                if !coded.block.is_empty() && full.send(Ok(coded)).is_err() {
                    return;
                }
                let _ = full.send(Err(e));
                return;
            }
        }
    }
}
