//! Loading a study folder (or single files given by flag) into a columnar [`Study`],
//! applying SPEC §2: row errors reject a row (listed, counted, left out of every
//! statistic), file errors stop with a message naming file, line and column.
//!
//! The survey is read once; the behaviour file (wide) or event log is streamed once and
//! reduced on the fly to two bitsets per respondent ("known", "shared"), so memory does
//! not grow with the number of events.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Hash maps keyed by respondent id, hit once per event or survey row: foldhash instead of
/// SipHash (no HashDoS concern: the keys come from the researcher's own files).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use crate::import::ids::{short_eq, IdLookup, SeenIds};
use crate::import::pii::{self, PiiFinding};
use crate::import::select_all::SelectAllPlan;
use crate::import::source::{csv_read_error, sha256_file, DelimitedFile, RawRest};
use crate::import::survey_source::{ExportKind, SetAside, SurveySource};
use crate::import::values::{parse_code, parse_number, LabelSet, MissingCodes};
use crate::study::codebook::{BehaviorFormat, CohortScheme};
use crate::study::cohort;
use crate::study::error::{Location, StudyError};
use crate::study::{Audit, Code, Codebook, Factor, Ids, InputFile, RejectedRow, ScaleData, Study};

/// Where the study's files are and how to treat PII.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub codebook: Option<PathBuf>,
    pub survey: Option<PathBuf>,
    pub behavior: Option<PathBuf>,
    pub events: Option<PathBuf>,
    /// Leave PII-looking columns out instead of refusing the study.
    pub drop_pii: bool,
    /// Keep unfinished Qualtrics / incomplete LimeSurvey responses (previews, tests and
    /// spam are set aside regardless).
    pub keep_unfinished: bool,
}

/// The files a study is read from, after defaults are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyFiles {
    pub codebook: PathBuf,
    pub survey: PathBuf,
    pub behavior: Option<(PathBuf, BehaviorFormat)>,
}

/// Resolves the study's files: flags override single files of the folder.
pub fn resolve_files(
    dir: Option<&Path>,
    opts: &LoadOptions,
    codebook: &Codebook,
) -> Result<StudyFiles, StudyError> {
    let in_dir = |name: &str| dir.map(|d| d.join(name));
    let survey = opts
        .survey
        .clone()
        .or_else(|| dir.map(default_survey))
        .ok_or_else(|| StudyError::Io {
            path: PathBuf::from("survey.csv"),
            message: "no survey file: give a study folder or --survey".into(),
        })?;
    let behavior = if let Some(e) = &opts.events {
        Some((e.clone(), BehaviorFormat::Events))
    } else if let Some(b) = &opts.behavior {
        Some((b.clone(), BehaviorFormat::Wide))
    } else {
        match codebook.behavior.format {
            BehaviorFormat::Events => {
                let p = in_dir("events.csv");
                match p {
                    Some(p) if p.exists() => Some((p, BehaviorFormat::Events)),
                    Some(p) if codebook.data_types.iter().any(|d| d.behavior.is_some()) => {
                        return Err(StudyError::Io {
                            path: p,
                            message: "the codebook says behavior.format = \"events\" but there is no event log (give --events FILE)".into(),
                        })
                    }
                    _ => None,
                }
            }
            BehaviorFormat::Wide => in_dir("behavior.csv")
                .filter(|p| p.exists())
                .map(|p| (p, BehaviorFormat::Wide)),
        }
    };
    Ok(StudyFiles {
        codebook: opts
            .codebook
            .clone()
            .or_else(|| in_dir("codebook.toml"))
            .unwrap_or_else(|| PathBuf::from("codebook.toml")),
        survey,
        behavior,
    })
}

/// The survey file of a study folder: the first of `survey.csv`, `survey.tsv`, `survey.sav`,
/// `survey.zsav` that exists (`survey.csv`, to be reported missing, when none does).
pub fn default_survey(dir: &Path) -> PathBuf {
    SURVEY_FILES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .unwrap_or_else(|| dir.join(SURVEY_FILES[0]))
}

/// Survey file names looked for in a study folder, in order of preference.
pub const SURVEY_FILES: [&str; 4] = ["survey.csv", "survey.tsv", "survey.sav", "survey.zsav"];

/// Reads the codebook of a study folder (or `--codebook`).
pub fn load_codebook(dir: Option<&Path>, opts: &LoadOptions) -> Result<Codebook, StudyError> {
    let path = opts
        .codebook
        .clone()
        .or_else(|| dir.map(|d| d.join("codebook.toml")))
        .ok_or_else(|| StudyError::Io {
            path: PathBuf::from("codebook.toml"),
            message: "no codebook: give a study folder or --codebook".into(),
        })?;
    if let Some(d) = dir {
        if !d.exists() {
            return Err(StudyError::Io {
                path: d.to_path_buf(),
                message: "no such study folder".into(),
            });
        }
    }
    Codebook::from_file(&path)
}

/// Loads and validates a whole study.
pub fn load_study(dir: Option<&Path>, opts: &LoadOptions) -> Result<Study, StudyError> {
    let codebook = load_codebook(dir, opts)?;
    let files = resolve_files(dir, opts, &codebook)?;
    let mut loader = Loader::new(codebook, files.clone(), opts.drop_pii);
    loader.keep_unfinished = opts.keep_unfinished;
    let cb_digest = sha256_file(&files.codebook)?;
    loader.audit.inputs.push(InputFile {
        role: "codebook".into(),
        path: files.codebook.clone(),
        sha256: cb_digest.sha256,
        bytes: cb_digest.bytes,
    });
    // The event log is hashed while the survey is parsed (see `Prehash`).
    let prehash = match &files.behavior {
        Some((p, BehaviorFormat::Events)) => Some(crate::import::source::Prehash::start(p)?),
        _ => None,
    };
    {
        let _t = crate::progress::phase("load: survey");
        loader.read_survey()?;
    }
    {
        let _t = crate::progress::phase("load: behaviour");
        match &files.behavior {
            Some((p, BehaviorFormat::Wide)) => loader.read_wide_behavior(p)?,
            Some((p, BehaviorFormat::Events)) => loader.read_events(p, prehash)?,
            None => {}
        }
    }
    let mut study = {
        let _t = crate::progress::phase("load: finish");
        loader.finish()?
    };
    let _t = crate::progress::phase("load: screening flags");
    study.flagged = crate::analysis::screening::flagged(&study);
    Ok(study)
}

/// What a survey column is used for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Id,
    BirthYear,
    Age,
    Weight,
    Group(usize),
    CohortColumn,
    Item(usize, usize),
    Stated(usize),
    Tactic(usize),
    Behavior(usize),
    Duration,
    Attention(usize),
}

/// Survey records read ahead by the reading thread (see `read_survey`).
#[derive(Default)]
struct RecordBatch {
    records: Vec<csv::ByteRecord>,
    lines: Vec<u64>,
    /// Records filled (the rest are spare buffers).
    len: usize,
}

/// Records per batch handed from the reading thread to the validating one.
const RECORD_BATCH: usize = 1024;

impl RecordBatch {
    /// Reads `file` to its end (or first error) in batches, sent in file order; stops
    /// early when the receiving side has gone (it met an error of its own).
    fn produce(
        file: &mut SurveySource,
        full: &std::sync::mpsc::SyncSender<Result<RecordBatch, StudyError>>,
        empty: &std::sync::mpsc::Receiver<RecordBatch>,
    ) {
        loop {
            let mut batch = empty.try_recv().unwrap_or_default();
            batch.len = 0;
            let mut at_end = false;
            while batch.len < RECORD_BATCH {
                if batch.records.len() == batch.len {
                    batch.records.push(csv::ByteRecord::new());
                    batch.lines.push(0);
                }
                match file.next_record(&mut batch.records[batch.len]) {
                    Ok(Some(line)) => {
                        batch.lines[batch.len] = line;
                        batch.len += 1;
                    }
                    Ok(None) => {
                        at_end = true;
                        break;
                    }
                    Err(e) => {
                        // The rows before the error first: an error in one of them comes
                        // first in file order.
                        if batch.len > 0 && full.send(Ok(batch)).is_err() {
                            return;
                        }
                        let _ = full.send(Err(e));
                        return;
                    }
                }
            }
            if (batch.len > 0 && full.send(Ok(batch)).is_err()) || at_end {
                return;
            }
        }
    }
}

/// Remembered parses of one survey column (see `read_survey`).
struct Memo {
    /// Still remembering: turned off once the column shows more than [`MEMO_VALUES`]
    /// distinct values.
    open: bool,
    /// Values of up to seven bytes (codes, short labels), keyed by their bytes packed into
    /// an integer with the length on top: hashing and comparing a `u64` is a few
    /// instructions, a boxed byte key costs a hash of a slice and a `memcmp`.
    short: FastMap<u64, Result<Parsed, String>>,
    long: FastMap<Box<[u8]>, Result<Parsed, String>>,
}

impl Memo {
    fn new(open: bool) -> Memo {
        Memo {
            open,
            short: FastMap::default(),
            long: FastMap::default(),
        }
    }

    /// `bytes` packed with their length (distinct byte strings give distinct keys), if
    /// they fit.
    #[inline]
    fn short_key(bytes: &[u8]) -> Option<u64> {
        if bytes.len() > 7 {
            return None;
        }
        // Byte by byte: a copy of a variable length would be a call to `memcpy`.
        let key = bytes
            .iter()
            .enumerate()
            .fold((bytes.len() as u64) << 56, |k, (i, &b)| {
                k | u64::from(b) << (8 * i)
            });
        Some(key)
    }

    #[inline]
    fn get(&self, bytes: &[u8]) -> Option<&Result<Parsed, String>> {
        if !self.open {
            return None;
        }
        match Memo::short_key(bytes) {
            Some(k) => self.short.get(&k),
            None => self.long.get(bytes),
        }
    }

    /// Remembers the parse of `bytes`, or stops remembering once the column has shown
    /// [`MEMO_VALUES`] distinct values (weights, birth years of a huge sample…).
    fn insert(&mut self, bytes: &[u8], parsed: &Result<Parsed, String>) {
        if !self.open {
            return;
        }
        if self.short.len() + self.long.len() >= MEMO_VALUES {
            *self = Memo::new(false);
            return;
        }
        match Memo::short_key(bytes) {
            Some(k) => self.short.insert(k, parsed.clone()),
            None => self.long.insert(bytes.into(), parsed.clone()),
        };
    }
}

/// Distinct values remembered per survey column.
const MEMO_VALUES: usize = 4096;

/// One parsed value of a row, held until the row is known to be valid.
#[derive(Debug, Clone, Copy)]
enum Parsed {
    Code(Code),
    Number(Option<f64>),
    Level(Option<u32>),
    Shared(Option<bool>),
    /// Attention check: the expected answer was given (`None`: no answer).
    Pass(Option<bool>),
}

struct Loader {
    cb: Codebook,
    files: StudyFiles,
    drop_pii: bool,
    keep_unfinished: bool,
    missing: MissingCodes,
    label_sets: HashMap<String, LabelSet>,
    audit: Audit,
    // Columns being built.
    ids: Ids,
    birth_year: Vec<Option<i32>>,
    age: Vec<Option<i32>>,
    weight: Vec<f64>,
    group_levels: Vec<HashMap<String, u32>>,
    group_names: Vec<Vec<String>>,
    group_codes: Vec<Vec<Option<u32>>>,
    cohort_col: Vec<Option<u32>>,
    items: Vec<Vec<Vec<Code>>>,
    stated: Vec<Vec<Code>>,
    tactics: Vec<Vec<Code>>,
    durations: Vec<Option<f64>>,
    attention: Vec<Vec<Option<bool>>>,
    /// Per data type whose behaviour is read from the survey: column of known/shared.
    survey_behavior: Vec<Option<Vec<Option<bool>>>>,
    // Behaviour bitsets (bit d = data type d), per respondent.
    known: Vec<u64>,
    shared_bits: Vec<u64>,
    any_behavior: Vec<bool>,
    has_behavior: bool,
    behavior_in_survey: Vec<bool>,
    rejected_rows: HashSet<(String, u64)>,
    /// Ids of rejected survey rows: their behaviour is set aside, not called "unmatched"
    /// (the respondent exists; the survey row was invalid).
    rejected_ids: HashSet<String>,
}

fn missing_column(path: &Path, column: &str, key: &str, headers: &[String]) -> StudyError {
    let mut available = headers
        .iter()
        .take(40)
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if headers.len() > 40 {
        available.push_str(&format!(", … ({} columns)", headers.len()));
    }
    StudyError::MissingColumn {
        path: path.to_path_buf(),
        column: column.to_string(),
        key: key.to_string(),
        available,
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

impl Loader {
    fn new(cb: Codebook, files: StudyFiles, drop_pii: bool) -> Loader {
        let missing = MissingCodes::new(&cb.columns.missing_codes());
        let label_sets = cb
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), LabelSet::new(v)))
            .collect();
        let n_groups = cb.columns.group.len();
        let n_dt = cb.data_types.len();
        Loader {
            items: cb
                .scales
                .iter()
                .map(|s| vec![Vec::new(); s.items.len()])
                .collect(),
            stated: vec![Vec::new(); n_dt],
            tactics: vec![Vec::new(); cb.tactics.len()],
            durations: Vec::new(),
            attention: vec![Vec::new(); cb.screening.as_ref().map_or(0, |s| s.attention.len())],
            survey_behavior: vec![None; n_dt],
            behavior_in_survey: vec![false; n_dt],
            group_levels: vec![HashMap::new(); n_groups],
            group_names: vec![Vec::new(); n_groups],
            group_codes: vec![Vec::new(); n_groups],
            cb,
            files,
            drop_pii,
            keep_unfinished: false,
            missing,
            label_sets,
            audit: Audit::default(),
            ids: Ids::default(),
            birth_year: Vec::new(),
            age: Vec::new(),
            weight: Vec::new(),
            cohort_col: Vec::new(),
            known: Vec::new(),
            shared_bits: Vec::new(),
            any_behavior: Vec::new(),
            has_behavior: false,
            rejected_rows: HashSet::new(),
            rejected_ids: HashSet::new(),
        }
    }

    fn reject(&mut self, file: &str, line: u64, column: &str, value: &str, reason: String) {
        self.rejected_rows.insert((file.to_string(), line));
        self.audit.rejected.push(RejectedRow {
            file: file.to_string(),
            line,
            column: column.to_string(),
            value: value.chars().take(200).collect(),
            reason,
        });
    }

    /// The survey columns the codebook uses, with their roles.
    /// `plan` resolves select-all option columns to their derived fields.
    fn survey_roles(
        &mut self,
        file: &SurveySource,
        plan: &SelectAllPlan,
    ) -> Result<Vec<(usize, Role)>, StudyError> {
        let cb = &self.cb;
        let path = file.path();
        let headers = file.headers();
        let mut wanted: Vec<(String, String, Role)> = Vec::new();
        wanted.push((cb.columns.id.clone(), "columns.id".into(), Role::Id));
        if let Some(c) = &cb.columns.birth_year {
            wanted.push((c.clone(), "columns.birth_year".into(), Role::BirthYear));
        }
        if let Some(c) = &cb.columns.age {
            wanted.push((c.clone(), "columns.age".into(), Role::Age));
        }
        if let Some(c) = &cb.columns.weight {
            wanted.push((c.clone(), "columns.weight".into(), Role::Weight));
        }
        for (g, c) in cb.columns.group.iter().enumerate() {
            wanted.push((c.clone(), format!("columns.group[{g}]"), Role::Group(g)));
        }
        if cb.cohorts.scheme == CohortScheme::Column {
            if let Some(c) = &cb.cohorts.column {
                wanted.push((c.clone(), "cohorts.column".into(), Role::CohortColumn));
            }
        }
        for (s, scale) in cb.scales.iter().enumerate() {
            for (i, item) in scale.items.iter().enumerate() {
                wanted.push((
                    item.clone(),
                    format!("scale \"{}\" items", scale.name),
                    Role::Item(s, i),
                ));
            }
        }
        for (d, dt) in cb.data_types.iter().enumerate() {
            if let Some(c) = &dt.stated {
                wanted.push((
                    c.clone(),
                    format!("data_type \"{}\" stated", dt.name),
                    Role::Stated(d),
                ));
            }
        }
        for (t, tac) in cb.tactics.iter().enumerate() {
            wanted.push((
                tac.column.clone(),
                format!("tactic \"{}\" column", tac.name),
                Role::Tactic(t),
            ));
        }
        if let Some(sc) = &cb.screening {
            if let Some(c) = &sc.duration {
                wanted.push((c.clone(), "screening.duration".into(), Role::Duration));
            }
            for (a, att) in sc.attention.iter().enumerate() {
                wanted.push((
                    att.column.clone(),
                    format!("screening.attention[{a}].column"),
                    Role::Attention(a),
                ));
            }
        }
        let mut roles = Vec::new();
        for (col, key, role) in wanted {
            let real: Vec<usize> = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| **h == col)
                .map(|(i, _)| i)
                .collect();
            let hits = plan.resolve(&col, &real);
            match hits.len() {
                0 => return Err(missing_column(path, &col, &key, headers)),
                1 => roles.push((hits[0], role)),
                _ => {
                    return Err(StudyError::Csv {
                        path: path.to_path_buf(),
                        at: Location { line: Some(1), column: Some(col.clone()) },
                        message: format!(
                            "the header names column \"{col}\" {} times (columns {}); the codebook cannot tell which one is meant",
                            hits.len(),
                            hits.iter().map(|h| (h + 1).to_string()).collect::<Vec<_>>().join(", ")
                        ),
                    })
                }
            }
        }
        // Wide behaviour columns read from the survey: those not supplied by a behaviour file.
        let behavior_file_is_wide = matches!(self.files.behavior, Some((_, BehaviorFormat::Wide)));
        let behavior_headers: Option<Vec<String>> = match &self.files.behavior {
            Some((p, BehaviorFormat::Wide)) => Some(DelimitedFile::open(p)?.headers),
            _ => None,
        };
        let events = matches!(self.files.behavior, Some((_, BehaviorFormat::Events)));
        for (d, dt) in cb.data_types.iter().enumerate() {
            let Some(col) = &dt.behavior else { continue };
            if events {
                continue;
            }
            let in_behavior_file = behavior_headers
                .as_ref()
                .is_some_and(|h| h.iter().any(|x| x == col));
            if in_behavior_file {
                continue;
            }
            let real: Vec<usize> = file.column_index(col).into_iter().collect();
            match plan.resolve(col, &real).first().copied() {
                Some(i) => {
                    roles.push((i, Role::Behavior(d)));
                    self.behavior_in_survey[d] = true;
                }
                None => {
                    let (p, headers) = match (&self.files.behavior, &behavior_headers) {
                        (Some((p, _)), Some(h)) if behavior_file_is_wide => (p.clone(), h.clone()),
                        _ => (path.to_path_buf(), headers.to_vec()),
                    };
                    return Err(missing_column(
                        &p,
                        col,
                        &format!("data_type \"{}\" behavior", dt.name),
                        &headers,
                    ));
                }
            }
        }
        Ok(roles)
    }

    fn read_survey(&mut self) -> Result<(), StudyError> {
        let path = self.files.survey.clone();
        let mut file = SurveySource::open(&path)?;
        let fname = file_name(&path);
        self.audit.delimiter = file.delimiter_name();
        self.audit.qualtrics_header = file.qualtrics_header();
        let export = ExportKind::detect(file.headers(), file.qualtrics_header());
        self.audit.survey_export = export.map(|k| k.name().to_string());
        let set_aside = SetAside::new(export, file.headers(), self.keep_unfinished);
        self.audit.kept_unfinished = self.keep_unfinished && set_aside.is_active();
        let plan = SelectAllPlan::new(&self.cb, file.headers(), &path)?;
        // Column names of the real fields, then of the derived select-all fields.
        let names: Vec<String> = file.headers().iter().chain(&plan.names).cloned().collect();
        let roles = self.survey_roles(&file, &plan)?;
        let used: HashSet<usize> = roles.iter().map(|r| r.0).collect();
        let id_col = roles
            .iter()
            .find(|r| r.1 == Role::Id)
            .map(|r| r.0)
            .unwrap_or(0);
        let id_name = self.cb.columns.id.clone();
        // Unused columns are sampled for the PII guard.
        let pii_candidates: Vec<usize> = (0..file.headers().len())
            .filter(|i| !used.contains(i))
            .filter(|i| !self.cb.pii_allow.contains_key(&file.headers()[*i]))
            .collect();
        let mut pii_samples: Vec<Vec<String>> = vec![Vec::new(); pii_candidates.len()];

        // Ids met so far (analysed or rejected) with their first line: one compact copy.
        let mut seen = SeenIds::default();
        let mut row: Vec<Parsed> = Vec::with_capacity(roles.len());
        // Per used column, the parse of each distinct raw value seen so far. Survey answers
        // repeat a few codes or labels a million times; parsing a value is a pure function
        // of its bytes (a group's level code is fixed by its first appearance), so a
        // remembered result is exactly what parsing again would give. The id column is
        // never remembered (every value is new).
        let mut memos: Vec<Memo> = roles
            .iter()
            .map(|&(_, role)| Memo::new(role != Role::Id))
            .collect();
        let n_headers = file.headers().len();
        let survey_year = self.cb.study.survey_year;
        let headers = file.headers().to_vec();
        let mut id = String::new();
        let unit = file.unit();
        // Reading and csv parsing run on a thread of their own, a batch of records at a
        // time, while this thread validates and stores the rows in file order (the two
        // halves cost about the same at a million rows). Batches go back to the reader to
        // be refilled, so records are not reallocated.
        std::thread::scope(|scope| -> Result<(), StudyError> {
            let (full_tx, full_rx) =
                std::sync::mpsc::sync_channel::<Result<RecordBatch, StudyError>>(4);
            let (empty_tx, empty_rx) = std::sync::mpsc::channel::<RecordBatch>();
            let reader = &mut file;
            scope.spawn(move || RecordBatch::produce(reader, &full_tx, &empty_rx));
            for batch in full_rx {
                let mut batch = batch?;
                for k in 0..batch.len {
                    let line = batch.lines[k];
                    let record = &mut batch.records[k];
                    if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty())
                    {
                        // A blank line carries no respondent.
                        continue;
                    }
                    self.audit.survey_rows += 1;
                    let raw_id = field_str(record, id_col);
                    // One buffer for every row's id (no allocation per row).
                    id.clear();
                    id.push_str(raw_id.trim());
                    if record.len() != n_headers {
                        if !id.is_empty() {
                            seen.insert(&id, line);
                            self.rejected_ids.insert(id.clone());
                        }
                        self.reject(
                            &fname,
                            line,
                            "",
                            "",
                            format!(
                                "the row has {} fields but the header has {} (a stray delimiter, an unclosed quote or a truncated line?)",
                                record.len(),
                                n_headers
                            ),
                        );
                        continue;
                    }
                    if let Some(why) = set_aside.check(record) {
                        if !id.is_empty() {
                            self.rejected_ids.insert(id.clone());
                        }
                        *self
                            .audit
                            .set_aside
                            .entry(why.reason.to_string())
                            .or_insert(0) += 1;
                        self.reject(
                            &fname,
                            line,
                            &why.column,
                            &why.value,
                            why.reason.to_string(),
                        );
                        continue;
                    }
                    for (k, &c) in pii_candidates.iter().enumerate() {
                        if pii_samples[k].len() < pii::SAMPLE_VALUES {
                            let v = field_str(record, c);
                            if !self.missing.is_missing(&v) {
                                pii_samples[k].push(v.into_owned());
                            }
                        }
                    }
                    if self.missing.is_missing(&id) {
                        self.reject(
                            &fname,
                            line,
                            &id_name,
                            &raw_id,
                            "missing respondent id".into(),
                        );
                        continue;
                    }
                    if let Some(first) = seen.first_line_or_insert(&id, line) {
                        if unit == "case" {
                            return Err(StudyError::Sav {
                                path: path.clone(),
                                offset: None,
                                case: Some(line),
                                variable: Some(id_name),
                                message: format!("duplicate respondent id \"{id}\" (first seen in case {first}); which case is right cannot be known"),
                            });
                        }
                        return Err(StudyError::DuplicateId {
                            path: path.clone(),
                            line,
                            column: id_name,
                            value: id.clone(),
                            first_line: first,
                        });
                    }
                    if !plan.is_empty() {
                        if let Err((column, value, reason)) =
                            plan.extend(record, &self.missing, &headers)
                        {
                            self.reject(&fname, line, &column, &value, reason);
                            self.rejected_ids.insert(id.clone());
                            continue;
                        }
                    }
                    row.clear();
                    let mut ok = true;
                    for (k, &(col, role)) in roles.iter().enumerate() {
                        let bytes = record.get(col).unwrap_or(b"");
                        let parsed = match memos[k].get(bytes) {
                            Some(p) => p.clone(),
                            None => {
                                let raw = field_str(record, col);
                                let p = self.parse_role(role, &raw, survey_year);
                                memos[k].insert(bytes, &p);
                                p
                            }
                        };
                        match parsed {
                            Ok(p) => row.push(p),
                            Err(reason) => {
                                ok = false;
                                let name = names.get(col).cloned().unwrap_or_default();
                                let raw = field_str(record, col);
                                self.reject(&fname, line, &name, &raw, reason);
                                row.push(Parsed::Code(None));
                            }
                        }
                    }
                    if ok {
                        self.commit_row(&id, &roles, &row);
                    } else {
                        self.rejected_ids.insert(id.clone());
                    }
                }
                // The reader may have stopped (end or error): a lost batch is only a lost
                // buffer.
                let _ = empty_tx.send(batch);
            }
            Ok(())
        })?;
        let digest = file.finish()?;
        self.audit.inputs.push(InputFile {
            role: "survey".into(),
            path: path.clone(),
            sha256: digest.sha256,
            bytes: digest.bytes,
        });
        // PII guard.
        for (k, &c) in pii_candidates.iter().enumerate() {
            if let Some(f) = pii::scan_column(&headers[c], &pii_samples[k]) {
                self.pii_found(&path, f)?;
            }
        }
        Ok(())
    }

    fn pii_found(&mut self, path: &Path, f: PiiFinding) -> Result<(), StudyError> {
        if self.drop_pii {
            self.audit
                .dropped_pii
                .push((f.column.clone(), f.kind.to_string()));
            return Ok(());
        }
        Err(StudyError::Pii {
            path: path.to_path_buf(),
            column: f.column,
            kind: f.kind.to_string(),
            matched: f.matched,
            checked: f.checked,
            by_heading: f.by_heading,
        })
    }

    fn labels_for(&self, column: &str) -> Option<&LabelSet> {
        self.cb
            .label_columns
            .get(column)
            .and_then(|set| self.label_sets.get(set))
    }

    fn parse_role(
        &mut self,
        role: Role,
        raw: &str,
        survey_year: Option<i32>,
    ) -> Result<Parsed, String> {
        let cb = &self.cb;
        match role {
            Role::Id => Ok(Parsed::Code(None)),
            Role::BirthYear => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let y = parse_number(raw).ok_or("birth year is not a number")?;
                if y.fract() != 0.0 {
                    return Err("birth year is not a whole number".into());
                }
                if let Some(sy) = survey_year {
                    if y > sy as f64 {
                        return Err(format!("impossible birth year: after the survey year {sy}"));
                    }
                    if y < (sy - 120) as f64 {
                        return Err(format!(
                            "impossible birth year: more than 120 years before the survey year {sy}"
                        ));
                    }
                } else if !(1850.0..=2100.0).contains(&y) {
                    return Err("impossible birth year".into());
                }
                Ok(Parsed::Number(Some(y)))
            }
            Role::Age => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let a = parse_number(raw).ok_or("age is not a number")?;
                if !(0.0..=120.0).contains(&a) {
                    return Err("impossible age (must be 0 to 120)".into());
                }
                Ok(Parsed::Number(Some(a.floor())))
            }
            Role::Weight => {
                if self.missing.is_missing(raw) {
                    return Err("missing weight".into());
                }
                let w = parse_number(raw).ok_or("weight is not a number")?;
                if w <= 0.0 {
                    return Err("weight must be greater than 0".into());
                }
                Ok(Parsed::Number(Some(w)))
            }
            Role::Group(g) => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Level(None));
                }
                let v = raw.trim();
                let next = self.group_levels[g].len() as u32;
                let code = *self.group_levels[g]
                    .entry(v.to_string())
                    .or_insert_with(|| {
                        self.group_names[g].push(v.to_string());
                        next
                    });
                Ok(Parsed::Level(Some(code)))
            }
            Role::CohortColumn => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Level(None));
                }
                let order = cb.cohorts.order.as_deref().unwrap_or(&[]);
                Ok(Parsed::Level(
                    cohort::column_level_of(order, raw).map(|i| i as u32),
                ))
            }
            Role::Item(s, _) => {
                let scale = &cb.scales[s];
                let col = &scale.items[match role {
                    Role::Item(_, i) => i,
                    _ => 0,
                }];
                parse_code(
                    raw,
                    &self.missing,
                    self.labels_for(col),
                    scale.min,
                    scale.max,
                )
                .map(Parsed::Code)
            }
            Role::Stated(d) => {
                let dt = &cb.data_types[d];
                let (lo, hi) = dt.stated_range();
                let col = dt.stated.as_deref().unwrap_or("");
                parse_code(raw, &self.missing, self.labels_for(col), lo, hi).map(Parsed::Code)
            }
            Role::Tactic(t) => {
                let tac = &cb.tactics[t];
                parse_code(
                    raw,
                    &self.missing,
                    self.labels_for(&tac.column),
                    tac.min,
                    tac.max,
                )
                .map(Parsed::Code)
            }
            Role::Behavior(d) => {
                let dt = &cb.data_types[d];
                let col = dt.behavior.as_deref().unwrap_or("");
                parse_behavior_value(
                    raw,
                    &self.missing,
                    self.labels_for(col),
                    dt.shared_threshold(),
                )
                .map(Parsed::Shared)
            }
            Role::Duration => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let d = parse_number(raw).ok_or("duration is not a number (seconds expected)")?;
                if d < 0.0 {
                    return Err("negative duration".into());
                }
                Ok(Parsed::Number(Some(d)))
            }
            Role::Attention(a) => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Pass(None));
                }
                let Some(att) = cb.screening.as_ref().and_then(|s| s.attention.get(a)) else {
                    return Ok(Parsed::Pass(None));
                };
                let labels = self.labels_for(&att.column);
                Ok(Parsed::Pass(Some(attention_passed(
                    raw.trim(),
                    &att.expected,
                    labels,
                ))))
            }
        }
    }

    fn commit_row(&mut self, id: &str, roles: &[(usize, Role)], row: &[Parsed]) {
        let n = self.ids.len();
        self.ids.push(id);
        self.birth_year.push(None);
        self.age.push(None);
        self.cohort_col.push(None);
        self.durations.push(None);
        for a in &mut self.attention {
            a.push(None);
        }
        for g in &mut self.group_codes {
            g.push(None);
        }
        for (d, in_survey) in self.behavior_in_survey.iter().enumerate() {
            if *in_survey {
                self.survey_behavior[d]
                    .get_or_insert_with(Vec::new)
                    .push(None);
            }
        }
        for (&(_, role), &value) in roles.iter().zip(row) {
            match (role, value) {
                (Role::BirthYear, Parsed::Number(y)) => self.birth_year[n] = y.map(|y| y as i32),
                (Role::Age, Parsed::Number(a)) => self.age[n] = a.map(|a| a as i32),
                (Role::Weight, Parsed::Number(w)) => self.weight.push(w.unwrap_or(1.0)),
                (Role::Group(g), Parsed::Level(l)) => self.group_codes[g][n] = l,
                (Role::CohortColumn, Parsed::Level(l)) => self.cohort_col[n] = l,
                (Role::Item(s, i), Parsed::Code(c)) => self.items[s][i].push(c),
                (Role::Stated(d), Parsed::Code(c)) => self.stated[d].push(c),
                (Role::Tactic(t), Parsed::Code(c)) => self.tactics[t].push(c),
                (Role::Duration, Parsed::Number(d)) => self.durations[n] = d,
                (Role::Attention(a), Parsed::Pass(p)) => self.attention[a][n] = p,
                (Role::Behavior(d), Parsed::Shared(s)) => {
                    if let Some(col) = self.survey_behavior[d].as_mut() {
                        col[n] = s;
                    }
                }
                _ => {}
            }
        }
    }

    fn ensure_bitsets(&mut self) {
        let n = self.ids.len();
        self.known = vec![0; n];
        self.shared_bits = vec![0; n];
        self.any_behavior = vec![false; n];
    }

    fn read_wide_behavior(&mut self, path: &Path) -> Result<(), StudyError> {
        self.has_behavior = true;
        self.ensure_bitsets();
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
            if let (Some(c), false) = (&dt.behavior, self.behavior_in_survey[d]) {
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
        let ids = std::mem::take(&mut self.ids);
        let lookup = IdLookup::new(&ids);
        let mut previous = None;
        let rejected_ids = std::mem::take(&mut self.rejected_ids);
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
            let id = raw_id.trim();
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
                    self.known[r] |= 1 << d;
                    self.any_behavior[r] = true;
                    if s {
                        self.shared_bits[r] |= 1 << d;
                    }
                }
            }
        }
        drop(lookup);
        self.ids = ids;
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

    fn read_events(
        &mut self,
        path: &Path,
        prehash: Option<crate::import::source::Prehash>,
    ) -> Result<(), StudyError> {
        self.has_behavior = true;
        self.ensure_bitsets();
        let file = match prehash {
            Some(_) => DelimitedFile::open_unhashed(path)?,
            None => DelimitedFile::open(path)?,
        };
        let fname = file_name(path);
        let spec = self.cb.behavior.clone();
        let id_name = spec
            .id
            .clone()
            .unwrap_or_else(|| self.cb.columns.id.clone());
        let col = |name: &str, key: &str, f: &DelimitedFile| {
            f.column_index(name)
                .ok_or_else(|| missing_column(path, name, key, &f.headers))
        };
        let id_col = col(&id_name, "behavior.id (or columns.id)", &file)?;
        let dt_col = col(&spec.data_type, "behavior.data_type", &file)?;
        let action_col = col(&spec.action, "behavior.action", &file)?;
        let mut types: HashMap<Vec<u8>, usize> = HashMap::new();
        for (d, dt) in self.cb.data_types.iter().enumerate() {
            if let Some(b) = &dt.behavior {
                types.insert(b.trim().to_lowercase().into_bytes(), d);
            }
        }
        if types.len() > 64 {
            return Err(StudyError::Io {
                path: self.files.codebook.clone(),
                message: "an event log can be matched to at most 64 data types".into(),
            });
        }
        let n = self.ids.len();
        // The plain bitsets are rebuilt from the atomic ones below; free them meanwhile.
        self.known = Vec::new();
        self.shared_bits = Vec::new();
        self.any_behavior = Vec::new();
        let ctx = EventCtx {
            // A handful of data types: a linear scan comparing with each (lowercased) name
            // beats hashing a lowercased copy of every event's data type. Keys hold no ASCII
            // capitals, so `eq_ignore_ascii_case` is exactly "the field, ASCII-lowercased,
            // equals the key", the rule of the codebook.
            types: types.into_iter().collect(),
            share: spec
                .share_actions
                .iter()
                .map(|a| a.trim().to_lowercase().into_bytes())
                .collect(),
            lookup: IdLookup::new(&self.ids),
            rejected: std::mem::take(&mut self.rejected_ids)
                .into_iter()
                .map(|s| s.into_bytes().into_boxed_slice())
                .collect(),
            id_col,
            dt_col,
            action_col,
            n_headers: file.headers.len(),
            delimiter: file.delimiter,
            known: (0..n).map(|_| AtomicU64::new(0)).collect(),
            shared: (0..n).map(|_| AtomicU64::new(0)).collect(),
            any: (0..n).map(|_| AtomicBool::new(false)).collect(),
        };
        let mut rest = file.into_rest();
        let mut total = EventAcc::default();
        let mut line_base = rest.first_line;
        let mut prev_end = rest.first_line;
        let mut merge = |total: &mut EventAcc, part: EventAcc, prev_end: &mut u64| {
            total.absorb(part, &mut line_base, prev_end);
        };
        // Blocks are cut at the last newline; each is parsed by its own csv reader, on all
        // cores, while the next batch is read (and hashed on the hashing thread). Cutting at
        // a newline is a record boundary only when no quoted field can hold a newline, so
        // from the first block containing a quote on, the rest is read by one reader.
        let mut carry: Vec<u8> = Vec::new();
        let mut batch = read_batch(&mut rest, &mut carry)?;
        loop {
            if batch.blocks.is_empty() && !batch.quoted {
                break;
            }
            if batch.quoted {
                // Sequential from here: the unparsed blocks, the carry, then the stream.
                let mut head = Vec::new();
                for b in batch.blocks.drain(..) {
                    head.extend_from_slice(&b);
                }
                head.extend_from_slice(&carry);
                carry.clear();
                let reader = RestReader {
                    head: std::io::Cursor::new(head),
                    rest: &mut rest,
                };
                let part = ctx.parse(reader, path)?;
                merge(&mut total, part, &mut prev_end);
                break;
            }
            let blocks = std::mem::take(&mut batch.blocks);
            let (parts, next) = rayon::join(
                || {
                    blocks
                        .par_iter()
                        .map(|b| ctx.parse_block(b, path))
                        .collect::<Vec<_>>()
                },
                || read_batch(&mut rest, &mut carry),
            );
            for part in parts {
                merge(&mut total, part?, &mut prev_end);
            }
            batch = next?;
        }
        // Bytes after the last newline: the final line, without its terminator.
        if !carry.is_empty() {
            let part = ctx.parse_block(&carry, path)?;
            merge(&mut total, part, &mut prev_end);
        }
        let n_headers = ctx.n_headers;
        let EventCtx {
            known,
            shared,
            any,
            lookup,
            ..
        } = ctx;
        drop(lookup);
        self.known = known.into_iter().map(AtomicU64::into_inner).collect();
        self.shared_bits = shared.into_iter().map(AtomicU64::into_inner).collect();
        self.any_behavior = any.into_iter().map(AtomicBool::into_inner).collect();
        self.audit.behavior_rows += total.rows;
        self.audit.behavior_rows_of_rejected += total.rows_of_rejected;
        self.audit.behavior_unmatched_rows += total.unmatched_rows;
        for (line, what) in total.rejects {
            let (column, reason) = match what {
                EventReject::Width(len) => (
                    String::new(),
                    format!("the row has {len} fields but the header has {n_headers}"),
                ),
                EventReject::NoId => (id_name.clone(), "event without a respondent id".into()),
                EventReject::NoType => (spec.data_type.clone(), "event without a data type".into()),
                EventReject::NoAction => (spec.action.clone(), "event without a action".into()),
            };
            self.reject(&fname, line, &column, "", reason);
        }
        self.audit.behavior_unmatched_ids = total.unmatched.len() as u64;
        self.audit.ignored_event_types = total
            .ignored
            .into_iter()
            .map(|(k, v)| (String::from_utf8_lossy(&k).into_owned(), v))
            .collect::<BTreeMap<_, _>>();
        let digest = rest.finish()?;
        let digest = match prehash {
            Some(p) => p.finish(digest.bytes)?,
            None => digest,
        };
        self.audit.inputs.push(InputFile {
            role: "events".into(),
            path: path.to_path_buf(),
            sha256: digest.sha256,
            bytes: digest.bytes,
        });
        Ok(())
    }

    fn finish(mut self) -> Result<Study, StudyError> {
        let survey_name = file_name(&self.files.survey);
        self.audit.rejected_rows = self
            .rejected_rows
            .iter()
            .filter(|(f, _)| *f == survey_name)
            .count() as u64;
        self.audit.behavior_rejected_rows =
            self.rejected_rows.len() as u64 - self.audit.rejected_rows;
        let n = self.ids.len();
        let cb = &self.cb;
        // Cohorts. The per-respondent inputs are freed as soon as they are used (a million
        // respondents: 8 MB per column), and codes are kept as `u32` (`NONE`: unknown).
        const NONE: u32 = u32::MAX;
        let birth_year = std::mem::take(&mut self.birth_year);
        let age = std::mem::take(&mut self.age);
        let cohort_col = std::mem::take(&mut self.cohort_col);
        let code = |c: Option<usize>| c.map_or(NONE, |c| c as u32);
        let (all_names, raw_cohort): (Vec<String>, Vec<u32>) = match cb.cohorts.scheme {
            CohortScheme::Generation => {
                let sy = cb.study.survey_year;
                let c = (0..n)
                    .map(|i| {
                        let by = birth_year[i].or_else(|| sy.zip(age[i]).map(|(y, a)| y - a));
                        code(by.map(cohort::generation_of))
                    })
                    .collect();
                (cohort::generation_names(), c)
            }
            CohortScheme::AgeBands => {
                let edges = cb.cohorts.edges.clone().unwrap_or_default();
                let sy = cb.study.survey_year;
                let c = (0..n)
                    .map(|i| {
                        let age = age[i].or_else(|| sy.zip(birth_year[i]).map(|(y, b)| y - b));
                        code(age.and_then(|a| cohort::band_of(&edges, a)))
                    })
                    .collect();
                (cohort::band_names(&edges), c)
            }
            CohortScheme::Column => (
                cb.cohorts.order.clone().unwrap_or_default(),
                cohort_col.iter().map(|c| c.unwrap_or(NONE)).collect(),
            ),
        };
        drop(cohort_col);
        // Missing answers of the columns just freed.
        let missing_birth_year = count_none(&birth_year);
        let missing_age = count_none(&age);
        drop((birth_year, age));
        // Keep cohorts that have respondents, in natural order.
        let mut counts = vec![0u64; all_names.len()];
        for &c in raw_cohort.iter().filter(|&&c| c != NONE) {
            counts[c as usize] += 1;
        }
        let mut remap = vec![None; all_names.len()];
        let mut cohort_names = Vec::new();
        for (i, name) in all_names.iter().enumerate() {
            if counts[i] > 0 {
                remap[i] = Some(cohort_names.len() as u8);
                cohort_names.push(name.clone());
            }
        }
        if cohort_names.len() > 200 {
            return Err(StudyError::Io {
                path: self.files.codebook.clone(),
                message: "more than 200 cohorts: not a cohort scheme".into(),
            });
        }
        let cohort: Vec<Option<u8>> = raw_cohort
            .iter()
            .map(|&c| if c == NONE { None } else { remap[c as usize] })
            .collect();
        drop(raw_cohort);
        self.audit.unknown_cohort = cohort.iter().filter(|c| c.is_none()).count() as u64;
        if cb.paradox.is_none() && !cb.scales.is_empty() {
            self.audit.notes.push(
                "the codebook names no concern scale ([paradox] concern_scale = \"…\"): the paradox statistics will be null"
                    .into(),
            );
        }
        if cb.data_types.is_empty() {
            self.audit.notes.push(
                "the codebook declares no [[data_type]]: there is no stated willingness or behaviour to compare".into(),
            );
        }
        if cb.columns.age.is_some() && cb.cohorts.scheme == CohortScheme::Generation {
            self.audit.notes.push(
                "generations from age: birth year = survey year − age, an approximation of ±1 year"
                    .into(),
            );
        }
        // Groups: levels sorted by name, codes remapped.
        let mut groups = Vec::new();
        for (g, name) in cb.columns.group.iter().enumerate() {
            let names = &self.group_names[g];
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.sort_by(|&a, &b| names[a].cmp(&names[b]));
            let mut rank = vec![0u32; names.len()];
            for (new, &old) in order.iter().enumerate() {
                rank[old] = new as u32;
            }
            // Remapped in place: no second column of codes.
            let mut codes = std::mem::take(&mut self.group_codes[g]);
            for c in codes.iter_mut().flatten() {
                *c = rank[*c as usize];
            }
            groups.push(Factor {
                name: name.clone(),
                levels: order.iter().map(|&i| names[i].clone()).collect(),
                codes,
            });
        }
        // Behaviour.
        let mut shared: Vec<Option<Vec<Option<bool>>>> = Vec::with_capacity(cb.data_types.len());
        let any_in_survey = self.behavior_in_survey.iter().any(|b| *b);
        let has_behavior = self.has_behavior || any_in_survey;
        for (d, dt) in cb.data_types.iter().enumerate() {
            if dt.behavior.is_none() {
                shared.push(None);
            } else if self.behavior_in_survey[d] {
                shared.push(self.survey_behavior[d].take().or_else(|| Some(Vec::new())));
            } else if self.has_behavior {
                shared.push(Some(
                    (0..n)
                        .map(|r| {
                            (self.known[r] >> d & 1 == 1)
                                .then_some(self.shared_bits[r] >> d & 1 == 1)
                        })
                        .collect(),
                ));
            } else {
                shared.push(None);
            }
        }
        let mut behavior_seen = Vec::new();
        if has_behavior {
            behavior_seen = (0..n)
                .map(|r| {
                    let from_file = self.any_behavior.get(r).copied().unwrap_or(false);
                    let from_survey = shared.iter().enumerate().any(|(d, s)| {
                        self.behavior_in_survey[d] && s.as_ref().is_some_and(|s| s[r].is_some())
                    });
                    from_file || from_survey
                })
                .collect();
            self.audit.respondents_without_behavior =
                behavior_seen.iter().filter(|s| !**s).count() as u64;
        }
        // The bitsets are spread into `shared` and `behavior_seen` now.
        self.known = Vec::new();
        self.shared_bits = Vec::new();
        self.any_behavior = Vec::new();
        // Missing answers per codebook column.
        let mut missing_by_column = Vec::new();
        for (s, scale) in cb.scales.iter().enumerate() {
            for (i, item) in scale.items.iter().enumerate() {
                missing_by_column.push((item.clone(), count_none(&self.items[s][i])));
            }
        }
        for (d, dt) in cb.data_types.iter().enumerate() {
            if let Some(c) = &dt.stated {
                missing_by_column.push((c.clone(), count_none(&self.stated[d])));
            }
            if let (Some(c), Some(col)) = (&dt.behavior, &shared[d]) {
                missing_by_column.push((c.clone(), count_none(col)));
            }
        }
        for (t, tac) in cb.tactics.iter().enumerate() {
            missing_by_column.push((tac.column.clone(), count_none(&self.tactics[t])));
        }
        if let Some(c) = &cb.columns.birth_year {
            missing_by_column.push((c.clone(), missing_birth_year));
        }
        if let Some(c) = &cb.columns.age {
            missing_by_column.push((c.clone(), missing_age));
        }
        if let Some(sc) = &cb.screening {
            if let Some(c) = &sc.duration {
                missing_by_column.push((c.clone(), count_none(&self.durations)));
            }
            for (a, att) in sc.attention.iter().enumerate() {
                missing_by_column.push((att.column.clone(), count_none(&self.attention[a])));
            }
        }
        self.audit.missing_by_column = missing_by_column;
        let weight = cb
            .columns
            .weight
            .as_ref()
            .map(|_| std::mem::take(&mut self.weight));
        let stated = cb
            .data_types
            .iter()
            .enumerate()
            .map(|(d, dt)| {
                dt.stated
                    .as_ref()
                    .map(|_| std::mem::take(&mut self.stated[d]))
            })
            .collect();
        let durations = self
            .cb
            .screening
            .as_ref()
            .and_then(|s| s.duration.as_ref())
            .map(|_| std::mem::take(&mut self.durations));
        let study = Study {
            codebook: self.cb,
            ids: self.ids,
            cohort_names,
            cohort,
            weight,
            groups,
            scales: self
                .items
                .into_iter()
                .map(|items| ScaleData { items })
                .collect(),
            stated,
            shared,
            tactics: self.tactics,
            behavior_seen,
            has_behavior,
            durations,
            attention: self.attention,
            flagged: Vec::new(),
            audit: self.audit,
        };
        if study.is_empty() {
            return Err(StudyError::NothingToAnalyse(format!(
                "{}: no respondent is left to analyse ({} rows read, {} rejected; see the rejected rows)",
                self.files.survey.display(),
                study.audit.survey_rows,
                study.audit.rejected_rows
            )));
        }
        Ok(study)
    }
}

/// Bytes per block of the event log handed to one csv reader.
const BLOCK_BYTES: usize = 1 << 20;
/// Blocks read per batch (parsed in parallel while the next batch is read).
const BLOCKS_PER_BATCH: usize = 12;

/// What `read_events` needs while parsing blocks on several threads.
struct EventCtx<'a> {
    /// Lowercased data-type names and their index.
    types: Vec<(Vec<u8>, usize)>,
    /// Lowercased share actions.
    share: Vec<Vec<u8>>,
    /// Respondents by id.
    lookup: IdLookup<'a>,
    rejected: FastSet<Box<[u8]>>,
    id_col: usize,
    dt_col: usize,
    action_col: usize,
    n_headers: usize,
    delimiter: u8,
    /// Per respondent, bit d: an event of data type d (known) / a share action (shared).
    /// Blocks of one file may touch the same respondent, so the sets are atomic (OR is
    /// order-free, so the result does not depend on scheduling).
    known: Vec<AtomicU64>,
    shared: Vec<AtomicU64>,
    any: Vec<AtomicBool>,
}

/// Why an event row was rejected (the message is written when the rows are merged).
#[derive(Debug, PartialEq)]
enum EventReject {
    Width(usize),
    NoId,
    NoType,
    NoAction,
}

/// The counts and rejected rows of one block (or of the whole file, once merged).
#[derive(Debug, Default, PartialEq)]
struct EventAcc {
    rows: u64,
    rows_of_rejected: u64,
    unmatched_rows: u64,
    unmatched: FastSet<Box<[u8]>>,
    ignored: HashMap<Vec<u8>, u64>,
    /// Rejected rows with their line: in a block, `None` for the block's first record and
    /// the line within the block otherwise; absolute once merged.
    rejects: Vec<(u64, EventReject)>,
    block_rejects: Vec<(Option<u64>, EventReject)>,
    /// Newlines read in the block.
    newlines: u64,
    /// The csv reader's line just after the block's last record.
    last_end: Option<u64>,
}

impl EventAcc {
    /// Merges the next block in file order. A csv record's reported line is the reader's
    /// line before it is read, i.e. just after the previous record (blank lines in between
    /// are not counted); `prev_end` carries that across blocks so the lines of rejected
    /// rows are exactly those a single reader reports.
    fn absorb(&mut self, part: EventAcc, line_base: &mut u64, prev_end: &mut u64) {
        self.rows += part.rows;
        self.rows_of_rejected += part.rows_of_rejected;
        self.unmatched_rows += part.unmatched_rows;
        if self.unmatched.is_empty() {
            self.unmatched = part.unmatched;
        } else {
            self.unmatched.extend(part.unmatched);
        }
        for (k, v) in part.ignored {
            *self.ignored.entry(k).or_insert(0) += v;
        }
        for (line, why) in part.block_rejects {
            let abs = match line {
                None => *prev_end,
                Some(l) => *line_base + l - 1,
            };
            self.rejects.push((abs, why));
        }
        if let Some(end) = part.last_end {
            *prev_end = *line_base + end - 1;
        }
        *line_base += part.newlines;
    }
}

/// Blocks of the event log ending at a newline; `quoted` when the last one holds a quote
/// character (from there on the file is read by a single reader).
struct Batch {
    blocks: Vec<Vec<u8>>,
    quoted: bool,
}

fn read_batch(rest: &mut RawRest, carry: &mut Vec<u8>) -> Result<Batch, StudyError> {
    let mut blocks = Vec::with_capacity(BLOCKS_PER_BATCH);
    while blocks.len() < BLOCKS_PER_BATCH {
        let mut block = Vec::with_capacity(carry.len() + BLOCK_BYTES);
        block.append(carry);
        if rest.read_into(&mut block, BLOCK_BYTES)? == 0 {
            // The end: what is left is a last line without a newline.
            *carry = block;
            break;
        }
        let Some(last_nl) = memchr::memrchr(b'\n', &block) else {
            // A line longer than a block: keep reading.
            *carry = block;
            continue;
        };
        carry.extend_from_slice(&block[last_nl + 1..]);
        block.truncate(last_nl + 1);
        let quoted = memchr::memchr(b'"', &block).is_some();
        blocks.push(block);
        if quoted {
            return Ok(Batch {
                blocks,
                quoted: true,
            });
        }
    }
    Ok(Batch {
        blocks,
        quoted: false,
    })
}

/// Buffered bytes, then the rest of the file.
struct RestReader<'a> {
    head: std::io::Cursor<Vec<u8>>,
    rest: &'a mut RawRest,
}

impl std::io::Read for RestReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        self.rest.read(buf)
    }
}

/// Where the parse of a block stands between records: the respondent whose consecutive
/// events are being gathered, and the last id, data type and action resolved (logs list a
/// respondent's events together, and a few types and actions repeat throughout, so most
/// rows are resolved by comparing a few bytes instead of hashing).
#[derive(Default)]
struct RunState {
    /// Respondent, known bits, shared bits: the atomic ORs happen once per run.
    run: Option<(usize, u64, u64)>,
    last_id: Vec<u8>,
    last_found: Option<u32>,
    last_dt: Vec<u8>,
    last_d: Option<usize>,
    last_action: Vec<u8>,
    last_share: bool,
}

impl EventCtx<'_> {
    /// Parses a block that ends at a record boundary. A block without a quote or CR byte
    /// has one record per line and one field per delimiter, so it is split directly;
    /// anything else goes through the csv reader. Both give the same result (tested).
    fn parse_block(&self, block: &[u8], path: &Path) -> Result<EventAcc, StudyError> {
        if memchr::memchr2(b'"', b'\r', block).is_none() {
            Ok(self.parse_plain(block))
        } else {
            self.parse(block, path)
        }
    }

    /// Parses event records (a block, or the rest of the file) with the csv reader into the
    /// shared bitsets and a block tally. The rules are SPEC §3 "actually shared (events)".
    fn parse<R: std::io::Read>(&self, input: R, path: &Path) -> Result<EventAcc, StudyError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(input);
        let mut acc = EventAcc::default();
        let mut record = csv::ByteRecord::new();
        let mut first = true;
        let mut st = RunState::default();
        loop {
            let got = reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_read_error(path, &e))?;
            if !got {
                break;
            }
            let is_first = std::mem::replace(&mut first, false);
            acc.last_end = Some(reader.position().line());
            if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            acc.rows += 1;
            let line = || (!is_first).then(|| record.position().map(|p| p.line()).unwrap_or(0));
            if record.len() != self.n_headers {
                acc.block_rejects
                    .push((line(), EventReject::Width(record.len())));
                continue;
            }
            let field = |i: usize| record.get(i).unwrap_or(b"").trim_ascii();
            self.event(
                &mut acc,
                &mut st,
                [
                    field(self.id_col),
                    field(self.dt_col),
                    field(self.action_col),
                ],
                line,
            );
        }
        self.flush(st.run);
        acc.newlines = reader.position().line().saturating_sub(1);
        Ok(acc)
    }

    /// [`EventCtx::parse`] for a block with no quote and no CR byte: lines are records and
    /// delimiters separate fields, found in one vectorised scan. Line numbers follow the
    /// csv reader's: a record reports the line just after the previous record (blank lines
    /// in between are skipped, not counted as records), and after a record the reader
    /// stands on the line after its newline.
    fn parse_plain(&self, block: &[u8]) -> EventAcc {
        let mut acc = EventAcc::default();
        let mut st = RunState::default();
        // The csv reader's line (1 + newlines consumed) and the line the next record reports.
        let mut line_no: u64 = 1;
        let mut rec_line: u64 = 1;
        let mut first = true;
        let (mut field_start, mut line_start, mut fields) = (0usize, 0usize, 0usize);
        let mut wanted: [&[u8]; 3] = [b""; 3];
        let cols = [self.id_col, self.dt_col, self.action_col];
        let mut ends = memchr::memchr2_iter(self.delimiter, b'\n', block);
        loop {
            let p = match ends.next() {
                Some(p) => p,
                // A last line without a newline ends at the end of the block.
                None if line_start < block.len() => block.len(),
                None => break,
            };
            for (w, &c) in wanted.iter_mut().zip(&cols) {
                if fields == c {
                    *w = &block[field_start..p];
                }
            }
            fields += 1;
            field_start = p + 1;
            let terminated = p < block.len();
            if terminated && block[p] != b'\n' {
                continue;
            }
            let text = &block[line_start..p];
            let n_fields = std::mem::replace(&mut fields, 0);
            line_start = p + 1;
            if text.is_empty() {
                line_no += 1;
                continue;
            }
            let this = rec_line;
            line_no += u64::from(terminated);
            rec_line = line_no;
            acc.last_end = Some(line_no);
            let is_first = std::mem::replace(&mut first, false);
            if n_fields == 1 && text.trim_ascii().is_empty() {
                continue;
            }
            acc.rows += 1;
            let line = || (!is_first).then_some(this);
            if n_fields != self.n_headers {
                acc.block_rejects
                    .push((line(), EventReject::Width(n_fields)));
                continue;
            }
            self.event(&mut acc, &mut st, wanted.map(<[u8]>::trim_ascii), line);
        }
        self.flush(st.run);
        acc.newlines = line_no - 1;
        acc
    }

    /// One event row of the right width: its id, data type and action, trimmed.
    #[inline]
    fn event(
        &self,
        acc: &mut EventAcc,
        st: &mut RunState,
        [id, dt, action]: [&[u8]; 3],
        line: impl Fn() -> Option<u64>,
    ) {
        if id.is_empty() || dt.is_empty() || action.is_empty() {
            let why = if id.is_empty() {
                EventReject::NoId
            } else if dt.is_empty() {
                EventReject::NoType
            } else {
                EventReject::NoAction
            };
            acc.block_rejects.push((line(), why));
            return;
        }
        if !short_eq(id, &st.last_id) {
            st.last_id.clear();
            st.last_id.extend_from_slice(id);
            st.last_found = self.lookup.find(id, st.run.map(|(r, _, _)| r));
        }
        let Some(r) = st.last_found else {
            if self.rejected.contains(id) {
                acc.rows_of_rejected += 1;
            } else {
                acc.unmatched_rows += 1;
                if !acc.unmatched.contains(id) {
                    acc.unmatched.insert(id.into());
                }
            }
            return;
        };
        let r = r as usize;
        if st.run.is_none_or(|(cur, _, _)| cur != r) {
            self.flush(st.run);
            st.run = Some((r, 0, 0));
            self.any[r].store(true, Ordering::Relaxed);
        }
        if !short_eq(dt, &st.last_dt) {
            st.last_dt.clear();
            st.last_dt.extend_from_slice(dt);
            st.last_d = self
                .types
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(dt))
                .map(|&(_, d)| d);
        }
        let Some(d) = st.last_d else {
            *acc.ignored.entry(dt.to_vec()).or_insert(0) += 1;
            return;
        };
        if !short_eq(action, &st.last_action) {
            st.last_action.clear();
            st.last_action.extend_from_slice(action);
            st.last_share = self.share.iter().any(|s| s.eq_ignore_ascii_case(action));
        }
        if let Some((_, k, s)) = st.run.as_mut() {
            *k |= 1 << d;
            if st.last_share {
                *s |= 1 << d;
            }
        }
    }

    /// Sets the bits gathered for one run of a respondent's events.
    fn flush(&self, run: Option<(usize, u64, u64)>) {
        if let Some((r, k, s)) = run {
            if k != 0 {
                self.known[r].fetch_or(k, Ordering::Relaxed);
            }
            if s != 0 {
                self.shared[r].fetch_or(s, Ordering::Relaxed);
            }
        }
    }
}

fn count_none<T>(v: &[Option<T>]) -> u64 {
    v.iter().filter(|x| x.is_none()).count() as u64
}

fn field_str(record: &csv::ByteRecord, i: usize) -> std::borrow::Cow<'_, str> {
    let bytes = record.get(i).unwrap_or(b"");
    // Valid UTF-8 (nearly always) is checked by the vectorised `from_utf8`; only invalid
    // bytes take the slower lossy path.
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Whether an attention-check answer is the expected one: the same label (ignoring case),
/// the same code, or a label the column's label set maps to the expected code (and back).
fn attention_passed(
    raw: &str,
    expected: &crate::study::codebook::Expected,
    labels: Option<&LabelSet>,
) -> bool {
    use crate::study::codebook::Expected;
    let code_of = |s: &str| -> Option<f64> {
        labels
            .and_then(|l| l.code_of(s))
            .map(|c| c as f64)
            .or_else(|| parse_number(s))
    };
    match expected {
        Expected::Label(l) => {
            raw.eq_ignore_ascii_case(l.trim())
                || matches!((code_of(raw), code_of(l.trim())), (Some(a), Some(b)) if a == b)
        }
        Expected::Code(c) => code_of(raw) == Some(*c as f64),
    }
}

/// A behaviour value: missing, a label, or a number ≥ 0 (0/1 or a count); shared when
/// ≥ `shared_min` (SPEC §3).
fn parse_behavior_value(
    raw: &str,
    missing: &MissingCodes,
    labels: Option<&LabelSet>,
    shared_min: f64,
) -> Result<Option<bool>, String> {
    if missing.is_missing(raw) {
        return Ok(None);
    }
    let x = match labels.and_then(|l| l.code_of(raw)) {
        Some(c) => c as f64,
        None => parse_number(raw)
            .ok_or_else(|| "not a number (behaviour values are 0/1 or counts ≥ 0)".to_string())?,
    };
    if x < 0.0 {
        return Err("negative behaviour value (0/1 or counts ≥ 0 expected)".into());
    }
    Ok(Some(x >= shared_min))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A context for an event log `id,data_type,action,extra` with respondents R1–R4
    /// (R9 was rejected), types location (bit 0) and contacts (bit 1), shares grant/share.
    fn ctx(ids: &Ids) -> EventCtx<'_> {
        EventCtx {
            types: vec![(b"location".to_vec(), 0), (b"contacts".to_vec(), 1)],
            share: vec![b"grant".to_vec(), b"share".to_vec()],
            lookup: IdLookup::new(ids),
            rejected: [b"R9".to_vec().into_boxed_slice()].into_iter().collect(),
            id_col: 0,
            dt_col: 1,
            action_col: 2,
            n_headers: 4,
            delimiter: b',',
            known: (0..ids.len()).map(|_| AtomicU64::new(0)).collect(),
            shared: (0..ids.len()).map(|_| AtomicU64::new(0)).collect(),
            any: (0..ids.len()).map(|_| AtomicBool::new(false)).collect(),
        }
    }

    fn bits(c: &EventCtx<'_>) -> Vec<(u64, u64, bool)> {
        (0..c.known.len())
            .map(|r| {
                (
                    c.known[r].load(Ordering::Relaxed),
                    c.shared[r].load(Ordering::Relaxed),
                    c.any[r].load(Ordering::Relaxed),
                )
            })
            .collect()
    }

    /// Lines built from pieces that exercise every branch: known, unknown, rejected and
    /// empty ids, known/ignored/differently-cased types, share and other actions, padding,
    /// wrong widths, blank and whitespace-only lines, with or without a last newline.
    fn block() -> impl Strategy<Value = Vec<u8>> {
        let id = prop::sample::select(vec!["R1", "R2", " R3 ", "R4", "R9", "X7", ""]);
        let dt = prop::sample::select(vec!["location", "Contacts", " LOCATION", "other", ""]);
        let action = prop::sample::select(vec!["grant", "prompt", "Share ", "deny", ""]);
        let row = (id, dt, action, 0..6u8).prop_map(|(i, d, a, shape)| match shape {
            0 => String::new(),
            1 => "  \t".to_string(),
            2 => format!("{i},{d}"),
            3 => format!("{i},{d},{a},x,y"),
            _ => format!("{i},{d},{a},2025-01-01"),
        });
        (prop::collection::vec(row, 0..40), any::<bool>()).prop_map(|(rows, last_nl)| {
            let mut text = rows.join("\n");
            if last_nl && !text.is_empty() {
                text.push('\n');
            }
            text.into_bytes()
        })
    }

    proptest! {
        /// The direct splitter and the csv reader agree on every count, reject, line and
        /// bit, so blocks may take either path.
        #[test]
        fn plain_split_matches_the_csv_reader(block in block()) {
            let ids: Ids = ["R1", "R2", "R3", "R4"].iter().collect();
            let (a, b) = (ctx(&ids), ctx(&ids));
            let via_csv = a.parse(&block[..], Path::new("events.csv")).unwrap();
            let plain = b.parse_plain(&block);
            prop_assert_eq!(&plain, &via_csv, "{}", String::from_utf8_lossy(&block));
            prop_assert_eq!(bits(&a), bits(&b));
        }
    }

    #[test]
    fn plain_split_counts_a_known_block() {
        let ids: Ids = ["R1", "R2"].iter().collect();
        let c = ctx(&ids);
        let acc = c.parse_plain(b"R1,location,grant,t\n\nR1,contacts,prompt,t\nR2,x\nR5,location,grant,t\n,location,grant,t");
        assert_eq!(acc.rows, 5);
        assert_eq!(acc.unmatched_rows, 1);
        assert_eq!(acc.newlines, 5);
        assert_eq!(
            acc.block_rejects,
            vec![
                (Some(4), EventReject::Width(2)),
                (Some(6), EventReject::NoId)
            ]
        );
        assert_eq!(bits(&c), vec![(0b11, 0b01, true), (0, 0, false)]);
    }
}
