//! A delimited file's data records cut out of its raw bytes, a block of whole lines at a
//! time, for the survey's reader. A line without a quote character is split at the
//! delimiter where it lies (no copy of its bytes); a line with one goes through the csv
//! parser (`csv_core`, the rules of the `csv` crate's reader: a quoted field may hold
//! delimiters, `""` and line breaks), its decoded fields kept beside the block. A blank line
//! is no record. Every record carries the physical line it starts on (the header is line 1),
//! blank lines and line breaks inside quoted fields counted.
//!
//! The csv crate's own reader costs about a third of a million-row survey's load in its
//! parsing state machine and per-field copies; cutting quote-free lines with `memchr` costs
//! a fraction of that, and survey exports are mostly quote-free (Qualtrics, which quotes
//! every field, takes the parser's path line by line and loses nothing).

use std::path::PathBuf;

use csv_core::ReadRecordResult;

use super::errors::csv_err;
use super::RawRest;
use crate::study::error::{Location, StudyError};

/// The fields of one record, however it is held: a record of a [`RecordBlock`], a
/// `csv::ByteRecord`, or a record with fields derived from it.
pub trait Fields {
    /// Number of fields.
    fn len(&self) -> usize;
    /// Field `i`, if the record has one.
    fn get(&self, i: usize) -> Option<&[u8]>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Fields for csv::ByteRecord {
    fn len(&self) -> usize {
        csv::ByteRecord::len(self)
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        csv::ByteRecord::get(self, i)
    }
}

/// A span whose start has this bit set lies in the block's decoded bytes, not its raw ones.
const DECODED: u32 = 1 << 31;

/// Records cut from a stretch of a file (or an SPSS file's cases): the bytes they lie in,
/// each field's span, and each record's first span and line (or case) number. Reused from
/// block to block, so nothing is allocated per record.
#[derive(Default)]
pub struct RecordBlock {
    /// The file's raw bytes (whole lines); fields of quote-free lines are spans of them.
    raw: Vec<u8>,
    /// Fields decoded by the csv parser (quoted lines) or pushed whole (SPSS cases).
    decoded: Vec<u8>,
    /// Per field: start and end, in `raw`, or in `decoded` when the start has [`DECODED`].
    spans: Vec<(u32, u32)>,
    /// Per record: its first span, and its line (or case) number.
    rows: Vec<(u32, u64)>,
}

/// One record of a [`RecordBlock`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    raw: &'a [u8],
    decoded: &'a [u8],
    spans: &'a [(u32, u32)],
}

impl<'a> Row<'a> {
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, if the record has one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(start, end) = self.spans.get(i)?;
        let (start, end) = (start as usize, end as usize);
        if start & DECODED as usize == 0 {
            self.raw.get(start..end)
        } else {
            self.decoded.get(start & !(DECODED as usize)..end)
        }
    }

    pub fn iter(self) -> impl Iterator<Item = &'a [u8]> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(b""))
    }
}

impl Fields for Row<'_> {
    fn len(&self) -> usize {
        Row::len(self)
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        Row::get(self, i)
    }
}

impl RecordBlock {
    /// Records held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn clear(&mut self) {
        self.raw.clear();
        self.decoded.clear();
        self.spans.clear();
        self.rows.clear();
    }

    /// Bytes of the file the records were cut from (0 for an SPSS file's cases).
    pub fn raw_len(&self) -> usize {
        self.raw.len()
    }

    /// Record `k` and its line (or case) number.
    #[inline]
    pub fn row(&self, k: usize) -> (Row<'_>, u64) {
        let (first, line) = self.rows[k];
        let end = self
            .rows
            .get(k + 1)
            .map_or(self.spans.len(), |r| r.0 as usize);
        let row = Row {
            raw: &self.raw,
            decoded: &self.decoded,
            spans: &self.spans[first as usize..end],
        };
        (row, line)
    }

    /// Appends a record given field by field (an SPSS case); false, with nothing appended,
    /// when the block has no room left for it (its bytes would pass 2 GiB).
    pub fn push_record<'f>(
        &mut self,
        fields: impl IntoIterator<Item = &'f [u8]>,
        line: u64,
    ) -> bool {
        let (decoded, spans) = (self.decoded.len(), self.spans.len());
        let first = spans as u32;
        for f in fields {
            let start = self.decoded.len();
            self.decoded.extend_from_slice(f);
            if self.decoded.len() >= DECODED as usize {
                self.decoded.truncate(decoded);
                self.spans.truncate(spans);
                return false;
            }
            self.spans
                .push((start as u32 | DECODED, self.decoded.len() as u32));
        }
        self.rows.push((first, line));
        true
    }

    /// Drops the records from `k` on.
    fn truncate(&mut self, k: usize) {
        if let Some(&(first, _)) = self.rows.get(k) {
            self.spans.truncate(first as usize);
            self.rows.truncate(k);
        }
    }
}

/// Raw bytes read per block (whole lines of about this much are cut at a time).
const BLOCK_BYTES: usize = 1 << 20;

/// The data records of a delimited file, cut block by block (see the module's text).
pub struct RecordCutter {
    rest: RawRest,
    path: PathBuf,
    /// Column names, for the message about a value that is not UTF-8.
    headers: Vec<String>,
    delimiter: u8,
    /// The csv parser for lines with a quote character; between records it is at a
    /// record's start.
    core: csv_core::Reader,
    /// Its output buffers, grown when a record needs more.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Bytes read but not cut yet (the start of a line or quoted record the last block
    /// ended inside), and the line its first byte is on.
    carry: Vec<u8>,
    line: u64,
    /// The file has been read to its end.
    at_end: bool,
    /// Raw bytes read per block ([`BLOCK_BYTES`]; tests make it tiny).
    block_bytes: usize,
}

impl RecordCutter {
    pub(super) fn new(
        rest: RawRest,
        path: PathBuf,
        headers: Vec<String>,
        delimiter: u8,
    ) -> RecordCutter {
        let line = rest.first_line;
        RecordCutter {
            rest,
            path,
            headers,
            delimiter,
            core: fresh_parser(delimiter),
            out: vec![0; 1 << 12],
            ends: vec![0; 1 << 8],
            carry: Vec::new(),
            line,
            at_end: false,
            block_bytes: BLOCK_BYTES,
        }
    }

    /// Fills `block` with the next records (none at the end of the file). On an error the
    /// block holds the records before it, which come first in file order.
    pub fn fill(&mut self, block: &mut RecordBlock) -> Result<(), StudyError> {
        block.clear();
        std::mem::swap(&mut block.raw, &mut self.carry);
        // The raw bytes before `done` are cut; those up to `limit` are whole lines (or, at
        // the file's end, the rest); a line end is searched for from `searched` on.
        let (mut done, mut limit, mut searched) = (0, 0, 0);
        loop {
            let mut failed = None;
            if !self.at_end {
                match self.rest.read_into(&mut block.raw, self.block_bytes) {
                    Ok(0) => self.at_end = true,
                    Ok(_) => {}
                    Err(e) => failed = Some(e),
                }
            }
            if self.at_end {
                limit = block.raw.len();
            } else if let Some(last) = memchr::memrchr(b'\n', &block.raw[searched..]) {
                limit = searched + last + 1;
            }
            searched = block.raw.len();
            done = self.cut(block, done, limit);
            if let Some(err) = failed {
                return self.checked(block, done).and(Err(err));
            }
            if !block.is_empty() || self.at_end {
                self.carry.clear();
                self.carry.extend_from_slice(&block.raw[done..]);
                block.raw.truncate(done);
                crate::progress::add_records(block.len() as u64);
                return self.checked(block, done);
            }
            // Not one whole record yet (a line longer than a block, or a quoted field
            // running past it): read on.
        }
    }

    /// Cuts the records of `block.raw[from..limit]`; returns where the first byte not cut
    /// is (the start of a quoted record running past `limit`, or `limit`).
    fn cut(&mut self, block: &mut RecordBlock, from: usize, limit: usize) -> usize {
        let mut pos = from;
        let delimiter = self.delimiter;
        while pos < limit {
            let rest = &block.raw[pos..limit];
            let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            let line = &rest[..len];
            if memchr::memchr(b'"', line).is_some() {
                match self.quoted(block, pos, limit) {
                    Some(used) => pos += used,
                    None => break,
                }
                continue;
            }
            if !line.is_empty() {
                block.rows.push((block.spans.len() as u32, self.line));
                let mut start = pos;
                for d in memchr::memchr_iter(delimiter, line) {
                    block.spans.push((start as u32, (pos + d) as u32));
                    start = pos + d + 1;
                }
                block.spans.push((start as u32, (pos + len) as u32));
            }
            self.line += 1;
            pos += len + 1;
        }
        pos.min(limit)
    }

    /// The record starting at `block.raw[pos]`, through the csv parser; the bytes it took,
    /// or `None` when it runs past `limit` before the file's end (the parser is then reset).
    fn quoted(&mut self, block: &mut RecordBlock, pos: usize, limit: usize) -> Option<usize> {
        let input = &block.raw[pos..limit];
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            let more = &input[nin..];
            if more.is_empty() && !self.at_end {
                self.core = fresh_parser(self.delimiter);
                return None;
            }
            // At the file's end an empty input ends its last record (it has no line end).
            let (res, i, o, e) =
                self.core
                    .read_record(more, &mut self.out[nout..], &mut self.ends[nend..]);
            nin += i;
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::Record => break,
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::End => {
                    self.core = fresh_parser(self.delimiter);
                    return Some(nin);
                }
            }
        }
        block.rows.push((block.spans.len() as u32, self.line));
        let base = block.decoded.len();
        block.decoded.extend_from_slice(&self.out[..nout]);
        let mut start = 0;
        for &end in &self.ends[..nend] {
            block
                .spans
                .push(((base + start) as u32 | DECODED, (base + end) as u32));
            start = end;
        }
        self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
        Some(nin)
    }

    /// `Ok` when the block's records are UTF-8; otherwise the block keeps the records
    /// before the first that is not, and the error names it.
    fn checked(&self, block: &mut RecordBlock, used: usize) -> Result<(), StudyError> {
        if std::str::from_utf8(&block.raw[..used.min(block.raw.len())]).is_ok()
            && std::str::from_utf8(&block.decoded).is_ok()
        {
            return Ok(());
        }
        let bad = (0..block.len()).find_map(|k| {
            let (row, line) = block.row(k);
            let field = row.iter().position(|f| std::str::from_utf8(f).is_err())?;
            let value = String::from_utf8_lossy(row.get(field).unwrap_or(b""))
                .chars()
                .take(60)
                .collect::<String>();
            Some((k, not_utf8(&self.path, &self.headers, line, field, &value)))
        });
        match bad {
            Some((k, err)) => {
                block.truncate(k);
                Err(err)
            }
            None => Ok(()),
        }
    }

    /// Finishes reading (to the end of the file) and returns its digest.
    pub fn finish(self) -> Result<super::Digested, StudyError> {
        self.rest.finish()
    }

    /// The bytes not read yet (those read but not cut are dropped).
    pub(super) fn into_rest(self) -> RawRest {
        self.rest
    }
}

/// The refusal of a value that is not UTF-8: almost always a file saved as Latin-1 or
/// Windows-1252, which would silently garble every label.
pub(super) fn not_utf8(
    path: &std::path::Path,
    headers: &[String],
    line: u64,
    field: usize,
    value: &str,
) -> StudyError {
    let column = headers
        .get(field)
        .cloned()
        .unwrap_or_else(|| format!("#{}", field + 1));
    StudyError::Csv {
        path: path.to_path_buf(),
        at: Location {
            line: Some(line),
            column: Some(column),
        },
        message: format!(
            "value \"{value}\" is not valid UTF-8 — the file looks Latin-1 or Windows-1252 encoded; save it as UTF-8 (\"CSV UTF-8\") and try again"
        ),
    }
}

/// A csv parser at a record's start that has already read (so that it strips no byte-order
/// mark from a record: the file's own was stripped when it was opened).
fn fresh_parser(delimiter: u8) -> csv_core::Reader {
    let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let (mut out, mut ends) = ([0u8; 1], [0usize; 1]);
    // A blank line is skipped: the parser stays at a record's start.
    let _ = core.read_record(b"\n", &mut out, &mut ends);
    core
}

/// A file error for a case too large for one block (unreachable in practice: 2 GiB).
pub fn case_too_large(path: &std::path::Path, case: u64) -> StudyError {
    csv_err(
        path,
        None,
        format!("case {case} holds more than 2 GiB of values; it cannot be read"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::DelimitedFile;
    use super::*;
    use proptest::prelude::*;

    /// The records of `text` (a file with its header line) as (line, fields), cut with
    /// blocks of `block_bytes`.
    fn cut_all(text: &[u8], block_bytes: usize) -> Result<Vec<(u64, Vec<String>)>, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        let file = DelimitedFile::open(&path).map_err(|e| e.to_string())?;
        let mut cutter = file.into_records().map_err(|e| e.to_string())?;
        cutter.block_bytes = block_bytes;
        let mut block = RecordBlock::default();
        let mut out = Vec::new();
        loop {
            let res = cutter.fill(&mut block);
            for k in 0..block.len() {
                let (row, line) = block.row(k);
                let fields = row
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                out.push((line, fields));
            }
            match res {
                Err(e) => return Err(format!("{e} after {} records", out.len())),
                Ok(()) if block.is_empty() => return Ok(out),
                Ok(()) => {}
            }
        }
    }

    fn owned(rows: &[(u64, &[&str])]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .map(|(l, f)| (*l, f.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn lines_count_blank_lines_and_breaks_inside_quotes() {
        let text = b"id,a,b\n1,x,y\n\n\n2,\"two\nlines\",z\n3,,\n\n4,\"q \"\"x\"\"\",end";
        let want = owned(&[
            (2, &["1", "x", "y"]),
            (5, &["2", "two\nlines", "z"]),
            (7, &["3", "", ""]),
            (9, &["4", "q \"x\"", "end"]),
        ]);
        for block in [1, 2, 3, 7, 16, BLOCK_BYTES] {
            assert_eq!(
                cut_all(text, block).unwrap(),
                want,
                "block of {block} bytes"
            );
        }
    }

    #[test]
    fn crlf_cr_bom_and_a_quote_inside_a_field_read_as_the_csv_reader_reads_them() {
        let text = b"\xEF\xBB\xBFid,a\r\n1,ab\"c\r\n\r\n2,\"x\r\ny\"\r3, sp \n";
        let want = owned(&[
            (2, &["1", "ab\"c"]),
            (4, &["2", "x\ny"]),
            (6, &["3", " sp "]),
        ]);
        for block in [1, 5, BLOCK_BYTES] {
            assert_eq!(
                cut_all(text, block).unwrap(),
                want,
                "block of {block} bytes"
            );
        }
    }

    #[test]
    fn qualtrics_rows_are_skipped_and_other_second_rows_kept() {
        let q = b"id,q1\nResponse ID,How?\n\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",x\nR1,4\n";
        assert_eq!(cut_all(q, 4).unwrap(), owned(&[(4, &["R1", "4"])]));
        let plain = b"id,q1\nR1,4\nR2,5\n";
        assert_eq!(
            cut_all(plain, 4).unwrap(),
            owned(&[(2, &["R1", "4"]), (3, &["R2", "5"])])
        );
    }

    #[test]
    fn a_value_not_utf8_is_refused_at_its_line_after_the_records_before_it() {
        let text = b"id,name\n1,ok\n\n2,caf\xE9\n3,later\n";
        for block in [3, BLOCK_BYTES] {
            let err = cut_all(text, block).unwrap_err();
            assert!(err.contains("line 4"), "{err}");
            assert!(err.contains("\"name\""), "{err}");
            assert!(err.contains("not valid UTF-8"), "{err}");
            assert!(err.ends_with("after 1 records"), "{err}");
        }
    }

    /// A field as a CSV writer would write it: quoted when it holds a delimiter, a quote,
    /// a line break or nothing at all on its own line.
    fn encode(f: &str, alone: bool) -> String {
        if f.contains([',', '"', '\n']) || (alone && f.is_empty()) || f.starts_with(' ') {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Random files (quoted and bare fields, blank lines, CRLF or LF, with or without a
        /// last line end) cut with blocks of any size give every record's fields and the
        /// line it starts on, counted independently while the file was written.
        #[test]
        fn cutting_matches_the_records_written(
            records in prop::collection::vec(
                (0usize..3, prop::collection::vec("[a-c ,\"\n\u{e9}\u{2192}]{0,6}", 1..5)),
                0..12,
            ),
            crlf in any::<bool>(),
            last_end in any::<bool>(),
            block in 1usize..48,
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("id,a,b{nl}");
            let mut line = 2u64;
            let mut want = Vec::new();
            for (k, (blanks, fields)) in records.iter().enumerate() {
                for _ in 0..*blanks {
                    text.push_str(nl);
                    line += 1;
                }
                let alone = fields.len() == 1;
                let row: Vec<String> = fields.iter().map(|f| encode(f, alone)).collect();
                let row = row.join(",").replace('\n', nl);
                want.push((line, fields.clone()));
                line += 1 + fields.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
                text.push_str(&row);
                if k + 1 < records.len() || last_end {
                    text.push_str(nl);
                }
            }
            prop_assert_eq!(cut_all(text.as_bytes(), block).unwrap(), want);
        }
    }
}
