//! The fast path of a Parquet event log: a row group whose id, data-type and action
//! columns are read as dictionary codes. Each distinct value of a column is resolved once
//! per row group — an id to its respondent (or why it matches none), a data type to its
//! index, an action to its share bit — by the same rules as [`EventCtx::event`], and each
//! row is then a few integer lookups. Counts, rejected rows (numbered within the row
//! group), unmatched ids, ignored types and bits are those of the row-by-row rule. The bits
//! are set only once the whole row group is read, so a row group this path cannot read
//! (an encoding it does not decode, a damaged page) is read again the general way with
//! nothing counted twice.

use std::sync::atomic::Ordering;

use super::event_parse::{EventAcc, EventCtx, EventReject};
use super::id_text::{clean_id_bytes, shown};
use crate::import::columnar::{
    CodedBatch, CodedColumn, NotCoded, ParquetFile, BATCH_ROWS, NULL_CODE, PLAIN_CODE,
};

/// What an id value stands for.
enum IdRes {
    Empty,
    /// An id with a control or invisible character: the id as shown, and why.
    Bad(String, String),
    Found(u32),
    /// The id of a rejected survey row.
    OfRejected,
    /// No respondent: the id as compared, and whether it is in the tally's list yet.
    Unmatched(Box<[u8]>, bool),
}

/// What a data-type value stands for.
enum DtRes {
    Empty,
    Type(u32),
    /// Not a data type of the codebook: the value, and the rows counted so far.
    Unknown(Box<[u8]>, u64),
}

/// A run of one respondent's events: (respondent, known bits, shared bits); respondent
/// [`NO_ID`] before the first.
type Run = (u32, u64, u64);

/// The run of respondent `r`: the current one if it is `r`'s, else a new one (the current
/// one kept in `runs`).
#[inline]
fn run_of<'a>(run: &'a mut Run, runs: &mut Vec<Run>, r: u32) -> &'a mut Run {
    if run.0 != r {
        if run.0 != NO_ID {
            runs.push(*run);
        }
        *run = (r, 0, 0);
    }
    run
}

/// What an action value stands for: `None` when empty, else its share bit (0: none).
type ActRes = Option<u64>;

/// Per dictionary entry, what it resolved to when that is a respondent, a data type or an
/// action (a row of three such entries is counted with no other test); a sentinel until
/// then, or for good when it is anything else.
#[derive(Default)]
struct Fast {
    ids: Vec<u32>,
    dts: Vec<u32>,
    acts: Vec<u64>,
}

const NO_ID: u32 = u32::MAX;
const NO_TYPE: u32 = u32::MAX;
/// No share bit is all ones (it is one bit, or none).
const NO_ACTION: u64 = u64::MAX;

impl Fast {
    /// Room for every entry of the columns' dictionaries.
    fn fit(&mut self, columns: &[CodedColumn; 3]) {
        self.ids
            .resize(self.ids.len().max(columns[0].dict_len()), NO_ID);
        self.dts
            .resize(self.dts.len().max(columns[1].dict_len()), NO_TYPE);
        self.acts
            .resize(self.acts.len().max(columns[2].dict_len()), NO_ACTION);
    }
}

/// Resolutions of one column's values: one per dictionary entry (made when first met),
/// and a slot for a value met outside the dictionary (a plain value or a null), made
/// again for each row.
struct Resolved<T> {
    dict: Vec<Option<T>>,
    once: Option<T>,
}

impl<T> Resolved<T> {
    fn new() -> Resolved<T> {
        Resolved {
            dict: Vec::new(),
            once: None,
        }
    }

    /// Room for every entry of `col`'s dictionary (read with the column's first batch).
    fn fit(&mut self, col: &CodedColumn) {
        if self.dict.len() < col.dict_len() {
            self.dict.resize_with(col.dict_len(), || None);
        }
    }

    /// The resolution of `code` of `batch`, by `make` from the value's bytes; true when it
    /// is a dictionary entry's (kept for the rest of the row group).
    #[inline]
    fn get(
        &mut self,
        code: u32,
        col: &CodedColumn,
        batch: &CodedBatch,
        make: impl FnOnce(&[u8]) -> T,
    ) -> (&mut T, bool) {
        if code & PLAIN_CODE == 0 {
            let slot = &mut self.dict[code as usize];
            if slot.is_none() {
                *slot = Some(make(col.entry(code)));
            }
            (slot.as_mut().expect("just filled"), true)
        } else {
            let bytes: &[u8] = if code == NULL_CODE {
                b""
            } else {
                batch.plain(code)
            };
            (self.once.insert(make(bytes)), false)
        }
    }
}

impl EventCtx<'_> {
    /// What the id `raw` stands for (`previous`: the respondent found last, a hint).
    fn resolve_id(&self, raw: &[u8], previous: Option<u32>) -> IdRes {
        let id = raw.trim_ascii();
        if id.is_empty() {
            return IdRes::Empty;
        }
        let norm = match clean_id_bytes(id) {
            Ok(std::borrow::Cow::Borrowed(same)) if same.len() == id.len() => None,
            Ok(norm) => Some(norm.into_owned()),
            Err(why) => return IdRes::Bad(shown(&String::from_utf8_lossy(id)), why),
        };
        let key = norm.as_deref().unwrap_or(id);
        match self.lookup.find(key, previous.map(|r| r as usize)) {
            Some(r) => IdRes::Found(r),
            None if self.rejected.contains(key) => IdRes::OfRejected,
            None => IdRes::Unmatched(key.into(), false),
        }
    }

    fn resolve_dt(&self, raw: &[u8]) -> DtRes {
        let dt = raw.trim_ascii();
        if dt.is_empty() {
            return DtRes::Empty;
        }
        match self.types.iter().find(|(k, _)| k.eq_ignore_ascii_case(dt)) {
            Some(&(_, d)) => DtRes::Type(d as u32),
            None => DtRes::Unknown(dt.into(), 0),
        }
    }

    fn resolve_action(&self, raw: &[u8]) -> ActRes {
        let action = raw.trim_ascii();
        if action.is_empty() {
            return None;
        }
        Some(
            self.share
                .iter()
                .position(|s| s.eq_ignore_ascii_case(action))
                .map_or(0, |i| 1 << i.min(63)),
        )
    }

    /// Row group `group` of `file` (columns `cols`: id, data type, action) read as codes;
    /// `NotCoded` when it is to be read the general way (nothing of it is counted then).
    pub(super) fn coded_row_group(
        &self,
        file: &ParquetFile,
        group: usize,
        cols: &[usize; 3],
    ) -> Result<EventAcc, NotCoded> {
        let mut columns = [
            CodedColumn::open(file, group, cols[0])?,
            CodedColumn::open(file, group, cols[1])?,
            CodedColumn::open(file, group, cols[2])?,
        ];
        let mut batches: [CodedBatch; 3] = Default::default();
        let (mut ids, mut dts, mut acts) = (Resolved::new(), Resolved::new(), Resolved::new());
        let mut acc = EventAcc::default();
        let mut runs: Vec<Run> = Vec::new();
        let mut run: Run = (NO_ID, 0, 0);
        let mut last_found: Option<u32> = None;
        let mut row: u64 = 0;
        let mut fast = Fast::default();
        loop {
            let mut n = None;
            for (col, batch) in columns.iter_mut().zip(batches.iter_mut()) {
                let got = col.next_batch(BATCH_ROWS, batch)?;
                if n.is_some_and(|m| m != got) {
                    return Err(NotCoded);
                }
                n = Some(got);
            }
            let n = n.unwrap_or(0);
            if n == 0 {
                break;
            }
            ids.fit(&columns[0]);
            dts.fit(&columns[1]);
            acts.fit(&columns[2]);
            fast.fit(&columns);
            let rows_before = row;
            row += n as u64;
            acc.rows += n as u64;
            let rows = batches[0].codes[..n]
                .iter()
                .zip(&batches[1].codes[..n])
                .zip(&batches[2].codes[..n]);
            for (i, ((&c0, &c1), &c2)) in rows.enumerate() {
                let codes = [c0, c1, c2];
                // Dictionary entries all resolved to a respondent, a data type and an
                // action: three lookups in small tables and no branch a random sequence of
                // data types and actions would mispredict. (A plain value's or a null's
                // code is beyond every table.)
                let r = fast.ids.get(c0 as usize).copied().unwrap_or(NO_ID);
                let d = fast.dts.get(c1 as usize).copied().unwrap_or(NO_TYPE);
                let share = fast.acts.get(c2 as usize).copied().unwrap_or(NO_ACTION);
                if r != NO_ID && d != NO_TYPE && share != NO_ACTION {
                    if r != run.0 {
                        last_found = Some(r);
                    }
                    let (_, k, s) = run_of(&mut run, &mut runs, r);
                    *k |= 1 << d;
                    *s |= u64::from(share != 0) << d;
                    acc.share_seen |= share;
                    continue;
                }
                let row = rows_before + i as u64 + 1;
                let (id, id_kept) = ids.get(codes[0], &columns[0], &batches[0], |b| {
                    self.resolve_id(b, last_found)
                });
                let (dt, dt_kept) =
                    dts.get(codes[1], &columns[1], &batches[1], |b| self.resolve_dt(b));
                let (action, _) = acts.get(codes[2], &columns[2], &batches[2], |b| {
                    self.resolve_action(b)
                });
                let why = match (&*id, &*dt, &*action) {
                    (IdRes::Empty, _, _) => Some(EventReject::NoId),
                    (_, DtRes::Empty, _) => Some(EventReject::NoType),
                    (_, _, None) => Some(EventReject::NoAction),
                    _ => None,
                };
                if let Some(why) = why {
                    acc.reject_at(row, why);
                    continue;
                }
                let r = match id {
                    IdRes::Found(r) => *r,
                    IdRes::Bad(value, why) => {
                        acc.reject_at(row, EventReject::BadId(value.clone(), why.clone()));
                        continue;
                    }
                    IdRes::OfRejected => {
                        acc.rows_of_rejected += 1;
                        continue;
                    }
                    IdRes::Unmatched(key, listed) => {
                        acc.unmatched_rows += 1;
                        if !*listed && !acc.unmatched.contains(&**key) {
                            acc.unmatched.insert(key.clone());
                        }
                        *listed = id_kept;
                        continue;
                    }
                    IdRes::Empty => continue,
                };
                last_found = Some(r);
                let (_, k, s) = run_of(&mut run, &mut runs, r);
                let d = match dt {
                    DtRes::Type(d) => *d,
                    DtRes::Unknown(value, count) => {
                        if dt_kept {
                            *count += 1;
                        } else {
                            *acc.ignored.entry(value.to_vec()).or_insert(0) += 1;
                        }
                        continue;
                    }
                    DtRes::Empty => continue,
                };
                *k |= 1 << d;
                let share = action.unwrap_or(0);
                if share != 0 {
                    *s |= 1 << d;
                    acc.share_seen |= share;
                }
                if codes.iter().all(|&c| c & PLAIN_CODE == 0) {
                    fast.ids[codes[0] as usize] = r;
                    fast.dts[codes[1] as usize] = d;
                    fast.acts[codes[2] as usize] = share;
                }
            }
        }
        if run.0 != NO_ID {
            runs.push(run);
        }
        for (value, count) in dts.dict.into_iter().flatten().filter_map(|d| match d {
            DtRes::Unknown(value, count) if count > 0 => Some((value, count)),
            _ => None,
        }) {
            *acc.ignored.entry(value.into_vec()).or_insert(0) += count;
        }
        self.set_runs(&runs);
        Ok(acc)
    }

    /// Sets the bits of the runs of a row group read to its end.
    fn set_runs(&self, runs: &[Run]) {
        for &(r, k, s) in runs {
            let r = r as usize;
            self.any[r].store(true, Ordering::Relaxed);
            if k != 0 {
                self.known[r].fetch_or(k, Ordering::Relaxed);
            }
            if s != 0 {
                self.shared[r].fetch_or(s, Ordering::Relaxed);
            }
        }
    }
}
