//! Parsing blocks of an event log (`id, data_type, action, …` rows) on several threads
//! into per-respondent bitsets: an event of a data type makes it known for the respondent,
//! an event with a share action makes it shared. Ids are matched in NFC; an id with an
//! invisible character is a row error. Each block keeps its own tally (rows, unmatched ids,
//! ignored types, rejected rows with their line within the block), merged in file order so
//! that counts and line numbers are exactly those of one reader.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::id_text::{clean_id_bytes, shown};
use crate::import::ids::{short_eq, IdLookup};
use crate::import::source::csv_read_error;
use crate::study::error::StudyError;

/// Sets of ids, hit once per event: foldhash instead of SipHash (no HashDoS concern: the
/// keys come from the researcher's own files).
type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// What `read_events` needs while parsing blocks on several threads.
pub(super) struct EventCtx<'a> {
    /// Lowercased data-type names and their index.
    pub(super) types: Vec<(Vec<u8>, usize)>,
    /// Lowercased share actions.
    pub(super) share: Vec<Vec<u8>>,
    /// Respondents by id.
    pub(super) lookup: IdLookup<'a>,
    /// Ids of rejected survey rows (their events are counted apart, not as unmatched).
    pub(super) rejected: FastSet<Box<[u8]>>,
    pub(super) id_col: usize,
    pub(super) dt_col: usize,
    pub(super) action_col: usize,
    pub(super) n_headers: usize,
    pub(super) delimiter: u8,
    /// Per respondent, bit d: an event of data type d (known) / a share action (shared).
    /// Blocks of one file may touch the same respondent, so the sets are atomic (OR is
    /// order-free, so the result does not depend on scheduling).
    pub(super) known: Vec<AtomicU64>,
    pub(super) shared: Vec<AtomicU64>,
    pub(super) any: Vec<AtomicBool>,
}

/// Why an event row was rejected (the message is written when the rows are merged).
#[derive(Debug, PartialEq)]
pub(super) enum EventReject {
    Width(usize),
    NoId,
    NoType,
    NoAction,
    /// An id with a control or invisible character: the id as shown, and why.
    BadId(String, String),
}

/// The counts and rejected rows of one block (or of the whole file, once merged).
#[derive(Debug, Default, PartialEq)]
pub(super) struct EventAcc {
    pub(super) rows: u64,
    pub(super) rows_of_rejected: u64,
    pub(super) unmatched_rows: u64,
    pub(super) unmatched: FastSet<Box<[u8]>>,
    pub(super) ignored: HashMap<Vec<u8>, u64>,
    /// Bit i: an event of a codebook data type had share action i (the last bit stands
    /// for the 64th action and every one after it).
    pub(super) share_seen: u64,
    /// Rejected rows with their line: in a block, `None` for the block's first record and
    /// the line within the block otherwise; absolute once merged.
    pub(super) rejects: Vec<(u64, EventReject)>,
    block_rejects: Vec<(Option<u64>, EventReject)>,
    /// Newlines read in the block.
    newlines: u64,
    /// The csv reader's line just after the block's last record.
    last_end: Option<u64>,
}

impl EventAcc {
    /// A rejected row of a block whose rows are numbered from 1 (a row group).
    pub(super) fn reject_at(&mut self, row: u64, why: EventReject) {
        self.block_rejects.push((Some(row), why));
    }

    /// Merges the next block in file order. A csv record's reported line is the reader's
    /// line before it is read, i.e. just after the previous record (blank lines in between
    /// are not counted); `prev_end` carries that across blocks so the lines of rejected
    /// rows are exactly those a single reader reports.
    pub(super) fn absorb(&mut self, part: EventAcc, line_base: &mut u64, prev_end: &mut u64) {
        self.rows += part.rows;
        self.rows_of_rejected += part.rows_of_rejected;
        self.unmatched_rows += part.unmatched_rows;
        self.share_seen |= part.share_seen;
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

/// Where the parse of a block stands between records: the respondent whose consecutive
/// events are being gathered, and the last id, data type and action resolved (logs list a
/// respondent's events together, and a few types and actions repeat throughout, so most
/// rows are resolved by comparing a few bytes instead of hashing).
#[derive(Default)]
pub(super) struct RunState {
    /// Respondent, known bits, shared bits: the atomic ORs happen once per run.
    run: Option<(usize, u64, u64)>,
    last_id: Vec<u8>,
    /// The last id in NFC when that differs from its bytes, or why it is refused.
    last_norm: Option<Vec<u8>>,
    last_bad: Option<String>,
    last_found: Option<u32>,
    last_dt: Vec<u8>,
    last_d: Option<usize>,
    last_action: Vec<u8>,
    /// The last action's bit among the share actions (0: not a share action).
    last_share: u64,
}

impl EventCtx<'_> {
    /// Parses a block that ends at a record boundary. A block without a quote or CR byte
    /// has one record per line and one field per delimiter, so it is split directly;
    /// anything else goes through the csv reader. Both give the same result (tested).
    pub(super) fn parse_block(&self, block: &[u8], path: &Path) -> Result<EventAcc, StudyError> {
        if memchr::memchr2(b'"', b'\r', block).is_none() {
            Ok(self.parse_plain(block))
        } else {
            self.parse(block, path)
        }
    }

    /// Parses event records (a block, or the rest of the file) with the csv reader into the
    /// shared bitsets and a block tally: an event of a data type the codebook names makes it
    /// known, one whose action is a share action makes it shared.
    pub(super) fn parse<R: std::io::Read>(
        &self,
        input: R,
        path: &Path,
    ) -> Result<EventAcc, StudyError> {
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
    pub(super) fn event(
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
            (st.last_norm, st.last_bad) = match clean_id_bytes(id) {
                Ok(std::borrow::Cow::Borrowed(same)) if same.len() == id.len() => (None, None),
                Ok(norm) => (Some(norm.into_owned()), None),
                Err(why) => (None, Some(why)),
            };
            let key = st.last_norm.as_deref().unwrap_or(id);
            st.last_found = match st.last_bad {
                None => self.lookup.find(key, st.run.map(|(r, _, _)| r)),
                Some(_) => None,
            };
        }
        if let Some(why) = &st.last_bad {
            let value = shown(&String::from_utf8_lossy(id));
            acc.block_rejects
                .push((line(), EventReject::BadId(value, why.clone())));
            return;
        }
        let id = st.last_norm.as_deref().unwrap_or(id);
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
            st.last_share = self
                .share
                .iter()
                .position(|s| s.eq_ignore_ascii_case(action))
                .map_or(0, |i| 1 << i.min(63));
        }
        if let Some((_, k, s)) = st.run.as_mut() {
            *k |= 1 << d;
            if st.last_share != 0 {
                *s |= 1 << d;
                acc.share_seen |= st.last_share;
            }
        }
    }

    /// Sets the bits gathered by a parse that ends here.
    pub(super) fn end(&self, st: RunState) {
        self.flush(st.run);
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

/// What one file (or one row group of a Parquet file) of the log gave: its tally with the
/// rejected rows numbered within it, under the name its rejected rows are listed with.
pub(super) struct Unit {
    pub(super) name: String,
    pub(super) n_headers: usize,
    pub(super) acc: EventAcc,
}

/// The event log's id column: `behavior.id`, else the survey's `columns.id`.
pub(super) fn event_id_column(cb: &crate::study::Codebook) -> String {
    cb.behavior
        .id
        .clone()
        .unwrap_or_else(|| cb.columns.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::Ids;
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
