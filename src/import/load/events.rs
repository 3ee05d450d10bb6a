//! Reading an event log — one CSV or Parquet file, or a folder of part files, each into
//! the same bitsets. A CSV file is cut into blocks at newlines, and the blocks of a
//! batch are parsed on all cores while the next batch is read (and hashed on the hashing
//! thread); a Parquet file is read by `events_parquet`. The per-block tallies are merged in file order; rejected rows, unmatched ids
//! and ignored event types go to the audit, the data types and share actions matched to
//! the facts of the load warnings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64};

use rayon::prelude::*;

use super::event_parse::{event_id_column, EventAcc, EventCtx, EventReject, Unit};
use super::events_parquet::{parquet_column_values, parquet_part};
use super::loader::{file_name, missing_column, Loader};
use crate::import::ids::IdLookup;
use crate::import::parts::{table_files, TableFormat};
use crate::import::source::{sha256_file, DelimitedFile, Prehash, RawRest};
use crate::import::warnings::EventFacts;
use crate::study::codebook::BehaviorSpec;
use crate::study::error::StudyError;
use crate::study::{Codebook, Ids, InputFile};

/// Bytes per block of the event log handed to one csv reader.
const BLOCK_BYTES: usize = 1 << 20;
/// Blocks read per batch (parsed in parallel while the next batch is read).
const BLOCKS_PER_BATCH: usize = 12;

impl Loader {
    /// Reads the event log at `path` — a CSV or Parquet file, or a folder of part files —
    /// into the behaviour bitsets. `prehash` (a single CSV or Parquet file being hashed
    /// while the survey is parsed) gives the digest of a single file.
    pub(super) fn read_events(
        &mut self,
        path: &Path,
        prehash: Option<Prehash>,
    ) -> Result<(), StudyError> {
        self.bits.loaded = true;
        let (files, format) = table_files(path)?;
        let mut prehash = prehash.filter(|_| files.len() == 1);
        let rejected = std::mem::take(&mut self.rejected.ids);
        let mut ctx = event_ctx(&self.cb, &self.files.codebook, &self.cols.ids, rejected)?;
        let mut units: Vec<Unit> = Vec::new();
        let mut inputs = Vec::new();
        for part in &files {
            let (digest, part_units) = match format {
                TableFormat::Delimited => csv_part(&mut ctx, &self.cb, part, prehash.take())?,
                TableFormat::Parquet => {
                    let units = parquet_part(&mut ctx, &self.cb, part)?;
                    let digest = match prehash.take() {
                        Some(p) => p.finish(file_len(part)?)?,
                        None => sha256_file(part)?,
                    };
                    (digest, units)
                }
            };
            units.extend(part_units);
            inputs.push(InputFile {
                role: "events".into(),
                path: part.clone(),
                sha256: digest.sha256,
                bytes: digest.bytes,
            });
        }
        let EventCtx {
            known,
            shared,
            any,
            lookup,
            ..
        } = ctx;
        drop(lookup);
        self.bits.known = known.into_iter().map(AtomicU64::into_inner).collect();
        self.bits.shared = shared.into_iter().map(AtomicU64::into_inner).collect();
        self.bits.any = any.into_iter().map(AtomicBool::into_inner).collect();
        let mut total = EventAcc::default();
        for mut unit in units {
            let rejects = std::mem::take(&mut unit.acc.rejects);
            self.tally_rejects(rejects, &unit.name, unit.n_headers);
            total.absorb(unit.acc, &mut 1, &mut 0);
        }
        self.event_facts(&files, format, total.share_seen)?;
        self.tally_counts(total);
        self.audit.inputs.extend(inputs);
        Ok(())
    }

    /// What the load warnings need to know of the log: which data types and share actions
    /// matched an event (`share_seen`: bit i for share action i), and — only when a share
    /// action matched none — the actions there are, to suggest the one meant.
    fn event_facts(
        &mut self,
        files: &[PathBuf],
        format: TableFormat,
        share_seen: u64,
    ) -> Result<(), StudyError> {
        let seen_types = self.bits.known.iter().fold(0u64, |a, k| a | k);
        let types_seen = (0..self.cb.data_types.len())
            .map(|d| d < 64 && seen_types >> d & 1 == 1)
            .collect();
        let shares_seen: Vec<bool> = (0..self.cb.behavior.share_actions.len())
            .map(|i| share_seen >> i.min(63) & 1 == 1)
            .collect();
        let actions = if shares_seen.iter().all(|s| *s) {
            Vec::new()
        } else {
            log_actions(files, format, &self.cb.behavior.action)?
        };
        let file = match files {
            [one] => file_name(one),
            _ => files
                .first()
                .and_then(|f| f.parent())
                .map(file_name)
                .unwrap_or_default(),
        };
        self.facts.events = Some(EventFacts {
            file,
            data_type_column: self.cb.behavior.data_type.clone(),
            action_column: self.cb.behavior.action.clone(),
            types_seen,
            shares_seen,
            actions,
        });
        Ok(())
    }

    /// The rejected rows of one file (or row group) named `fname` into the audit.
    fn tally_rejects(&mut self, rejects: Vec<(u64, EventReject)>, fname: &str, n_headers: usize) {
        let spec: &BehaviorSpec = &self.cb.behavior;
        let id_name = event_id_column(&self.cb);
        let data_type = spec.data_type.clone();
        let action = spec.action.clone();
        for (line, what) in rejects {
            let (column, value, reason) = match what {
                EventReject::Width(len) => (
                    String::new(),
                    String::new(),
                    format!("the row has {len} fields but the header has {n_headers}"),
                ),
                EventReject::NoId => (
                    id_name.clone(),
                    String::new(),
                    "event without a respondent id".into(),
                ),
                EventReject::NoType => (
                    data_type.clone(),
                    String::new(),
                    "event without a data type".into(),
                ),
                EventReject::NoAction => (
                    action.clone(),
                    String::new(),
                    "event without a action".into(),
                ),
                EventReject::BadId(value, why) => (id_name.clone(), value, why),
            };
            self.reject(fname, line, &column, &value, reason);
        }
    }

    /// The merged tally of the whole log into the audit: counts, unmatched ids and
    /// ignored event types.
    fn tally_counts(&mut self, total: EventAcc) {
        self.audit.behavior_rows += total.rows;
        self.audit.behavior_rows_of_rejected += total.rows_of_rejected;
        self.audit.behavior_unmatched_rows += total.unmatched_rows;
        self.audit.behavior_unmatched_ids = total.unmatched.len() as u64;
        self.audit.ignored_event_types = total
            .ignored
            .into_iter()
            .map(|(k, v)| (String::from_utf8_lossy(&k).into_owned(), v))
            .collect::<BTreeMap<_, _>>();
    }
}

/// Reads one delimited file of the log into `ctx`; its digest and tally.
fn csv_part(
    ctx: &mut EventCtx<'_>,
    cb: &Codebook,
    path: &Path,
    prehash: Option<Prehash>,
) -> Result<(crate::import::source::Digested, Vec<Unit>), StudyError> {
    let file = match prehash {
        Some(_) => DelimitedFile::open_unhashed(path)?,
        None => DelimitedFile::open(path)?,
    };
    let spec = &cb.behavior;
    let id_name = event_id_column(cb);
    let col = |name: &str, key: &str| {
        file.column_index(name)
            .ok_or_else(|| missing_column(path, name, key, &file.headers))
    };
    ctx.id_col = col(&id_name, "behavior.id (or columns.id)")?;
    ctx.dt_col = col(&spec.data_type, "behavior.data_type")?;
    ctx.action_col = col(&spec.action, "behavior.action")?;
    ctx.n_headers = file.headers.len();
    ctx.delimiter = file.delimiter;
    let mut rest = file.into_rest()?;
    let acc = parse_log(ctx, &mut rest, path)?;
    let digest = rest.finish()?;
    let digest = match prehash {
        Some(p) => p.finish(digest.bytes)?,
        None => digest,
    };
    let unit = Unit {
        name: file_name(path),
        n_headers: ctx.n_headers,
        acc,
    };
    Ok((digest, vec![unit]))
}

fn file_len(path: &Path) -> Result<u64, StudyError> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| StudyError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// The actions of the log, lowercased as share actions are matched, with their counts,
/// in order of first appearance (at most [`MAX_ACTIONS`] distinct ones): read a second
/// time, and only when a share action matched no event, so that the warning can name the
/// action meant.
fn log_actions(
    files: &[PathBuf],
    format: TableFormat,
    action: &str,
) -> Result<Vec<(String, u64)>, StudyError> {
    let mut out: Vec<(String, u64)> = Vec::new();
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut note = |a: &[u8]| {
        let a = a.trim_ascii().to_ascii_lowercase();
        if a.is_empty() {
            return;
        }
        match index.get(&a) {
            Some(&i) => out[i].1 += 1,
            None if out.len() < MAX_ACTIONS => {
                out.push((String::from_utf8_lossy(&a).into_owned(), 1));
                index.insert(a, out.len() - 1);
            }
            None => {}
        }
    };
    for path in files {
        match format {
            TableFormat::Delimited => {
                let mut file = DelimitedFile::open_unhashed(path)?;
                let Some(col) = file.column_index(action) else {
                    continue;
                };
                let mut record = csv::ByteRecord::new();
                while file.next_record(&mut record)? {
                    if let Some(a) = record.get(col) {
                        note(a);
                    }
                }
            }
            TableFormat::Parquet => parquet_column_values(path, action, &mut note)?,
        }
    }
    Ok(out)
}

/// Distinct actions remembered for a suggestion: more is no list of actions.
const MAX_ACTIONS: usize = 1000;

/// What the parsing threads need: the data types and share actions to match, the
/// respondents, and cleared bitsets (the columns are set per file). More than 64 data
/// types (one bit each) are a file error.
fn event_ctx<'a>(
    cb: &Codebook,
    codebook_path: &Path,
    ids: &'a Ids,
    rejected: std::collections::HashSet<String>,
) -> Result<EventCtx<'a>, StudyError> {
    let spec = &cb.behavior;
    let mut types: HashMap<Vec<u8>, usize> = HashMap::new();
    for (d, dt) in cb.data_types.iter().enumerate() {
        if let Some(b) = &dt.behavior {
            types.insert(b.trim().to_lowercase().into_bytes(), d);
        }
    }
    if types.len() > 64 {
        return Err(StudyError::Io {
            path: codebook_path.to_path_buf(),
            message: "an event log can be matched to at most 64 data types".into(),
        });
    }
    let n = ids.len();
    Ok(EventCtx {
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
        lookup: IdLookup::new(ids),
        rejected: rejected
            .into_iter()
            .map(|s| s.into_bytes().into_boxed_slice())
            .collect(),
        id_col: 0,
        dt_col: 0,
        action_col: 0,
        n_headers: 0,
        delimiter: b',',
        known: (0..n).map(|_| AtomicU64::new(0)).collect(),
        shared: (0..n).map(|_| AtomicU64::new(0)).collect(),
        any: (0..n).map(|_| AtomicBool::new(false)).collect(),
    })
}

/// Parses the data records of the log into `ctx`'s bitsets; returns the merged tally.
///
/// Blocks are cut at the last newline; each is parsed by its own csv reader, on all
/// cores, while the next batch is read (and hashed on the hashing thread). Cutting at a
/// newline is a record boundary only when no quoted field can hold a newline, so from the
/// first block containing a quote on, the rest is read by one reader.
fn parse_log(ctx: &EventCtx<'_>, rest: &mut RawRest, path: &Path) -> Result<EventAcc, StudyError> {
    let mut total = EventAcc::default();
    let mut line_base = rest.first_line;
    let mut prev_end = rest.first_line;
    let mut merge = |total: &mut EventAcc, part: EventAcc, prev_end: &mut u64| {
        total.absorb(part, &mut line_base, prev_end);
    };
    let mut carry: Vec<u8> = Vec::new();
    let mut batch = read_batch(rest, &mut carry)?;
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
                rest: &mut *rest,
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
            || read_batch(&mut *rest, &mut carry),
        );
        for part in parts {
            let part = part?;
            crate::progress::add_records(part.rows);
            merge(&mut total, part, &mut prev_end);
        }
        batch = next?;
    }
    // Bytes after the last newline: the final line, without its terminator.
    if !carry.is_empty() {
        let part = ctx.parse_block(&carry, path)?;
        merge(&mut total, part, &mut prev_end);
    }
    Ok(total)
}

/// Blocks of the event log ending at a newline; `quoted` when the last one holds a quote
/// character (from there on the file is read by a single reader).
struct Batch {
    blocks: Vec<Vec<u8>>,
    quoted: bool,
}

/// Reads the next batch of blocks, each cut at its last newline; the bytes after it wait in
/// `carry` for the next block.
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
