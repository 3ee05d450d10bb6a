//! Opening a delimited text file the way real exports arrive: UTF-8 with or without BOM,
//! CRLF, LF or CR line ends, `,` `;` or tab (sniffed from the header line), quoted fields
//! (a runaway quote refused), and Qualtrics' three header rows. Only a regular file is
//! opened. The file is streamed (never loaded whole) and hashed with SHA-256 as
//! it is read, so even a multi-gigabyte event log costs one pass and constant memory.

mod errors;
mod hash;
mod line_ends;
mod quotes;
mod records;
mod regular;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::study::error::StudyError;
use errors::{csv_err, io_err, read_error};

pub(crate) use errors::csv_read_error;
pub use hash::{hex, sha256_file, Digested, HashingReader, Prehash};
pub use line_ends::{LineEnds, MAX_LINE_BYTES};
pub use quotes::{MAX_QUOTED_BYTES, MAX_QUOTED_LINES};
pub use records::{case_too_large, Fields, RecordBlock, RecordCutter, Row};
pub use regular::require_regular_file;

/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 250_000;

/// The prefix that was read for sniffing, then the rest of the file, line ends → LF.
type Stream = LineEnds<io::Chain<io::Cursor<Vec<u8>>, HashingReader<BufReader<File>>>>;

/// The stream as the csv reader sees it. While the header rows are parsed every byte handed
/// to the csv reader is also kept (`tape`), so that [`DelimitedFile::into_rest`] can give
/// back the bytes the csv reader had buffered but not parsed.
pub struct Inner {
    stream: Stream,
    tape: Option<Vec<u8>>,
}

impl Read for Inner {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.stream.read(buf)?;
        if let Some(t) = &mut self.tape {
            t.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
}

/// An open delimited file, positioned at the first data record.
pub struct DelimitedFile {
    pub path: PathBuf,
    /// Trimmed column names.
    pub headers: Vec<String>,
    pub delimiter: u8,
    /// Qualtrics' rows 2–3 (question text, ImportId JSON) were detected and skipped.
    pub qualtrics: bool,
    /// The csv reader of the header rows until the first record is asked for, then the
    /// records cut block by block.
    body: Body,
    /// Everything the csv reader pulled from the stream while the header rows were parsed.
    tape: Vec<u8>,
    /// Where the first data record starts: byte offset into `tape` (LF stream) and the
    /// line the csv reader would give it.
    data_start: (u64, u64),
}

/// Where an open file's reading stands.
enum Body {
    Header(Box<csv::Reader<Inner>>),
    Records(Box<Cutting>),
    /// Only while one turns into the other.
    Switching,
}

/// Records served one at a time from the blocks of a [`RecordCutter`].
struct Cutting {
    cutter: RecordCutter,
    block: RecordBlock,
    /// The next record of `block` to serve.
    next: usize,
    /// The error met after the block's records, served once they are.
    failed: Option<StudyError>,
    done: bool,
}

/// The data records of a file as raw bytes (line ends already turned into LF), for readers that
/// parse chunks of them in parallel (`load::read_events`). The whole file is still hashed
/// (here, or ahead of time by a [`Prehash`]).
pub struct RawRest {
    path: PathBuf,
    /// Buffered bytes from the start of the first data record; `head_pos` are handed out.
    head: Vec<u8>,
    head_pos: usize,
    stream: Stream,
    /// The line the csv reader would report for the first data record.
    pub first_line: u64,
}

impl Read for RawRest {
    /// The buffered head first, then the stream.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.head_pos < self.head.len() {
            let n = (self.head.len() - self.head_pos).min(buf.len());
            buf[..n].copy_from_slice(&self.head[self.head_pos..self.head_pos + n]);
            self.head_pos += n;
            return Ok(n);
        }
        self.stream.read(buf)
    }
}

impl RawRest {
    /// Appends up to `max` more bytes to `buf` (fewer only at the end); returns how many.
    /// On an error the bytes read before it stay in `buf` (whole lines before a runaway
    /// quote are still records).
    pub fn read_into(&mut self, buf: &mut Vec<u8>, max: usize) -> Result<usize, StudyError> {
        let start = buf.len();
        buf.resize(start + max, 0);
        let mut filled = 0;
        // Fill as much as asked: a short read only means the stream's buffer ran out.
        while filled < max {
            match self.read(&mut buf[start + filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    buf.truncate(start + filled);
                    return Err(read_error(&self.path, &e));
                }
            }
        }
        buf.truncate(start + filled);
        Ok(filled)
    }

    /// Finishes reading (to the end of the file) and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        drop(self.head);
        let (cursor, hashing) = self.stream.into_inner().into_inner();
        drop(cursor);
        hashing.finish(&self.path)
    }
}

/// Bytes read ahead to sniff the encoding, the delimiter and binary content.
const SNIFF_BYTES: usize = 64 * 1024;

impl DelimitedFile {
    pub fn open(path: &Path) -> Result<DelimitedFile, StudyError> {
        DelimitedFile::open_hashing(path, true)
    }

    /// Opens a file whose digest a [`Prehash`] computes: bytes are counted, not hashed
    /// (the digest `finish` returns is empty).
    pub fn open_unhashed(path: &Path) -> Result<DelimitedFile, StudyError> {
        DelimitedFile::open_hashing(path, false)
    }

    fn open_hashing(path: &Path, hash: bool) -> Result<DelimitedFile, StudyError> {
        require_regular_file(path)?;
        let file = File::open(path).map_err(|e| io_err(path, e))?;
        let mut hashing = HashingReader::new(BufReader::with_capacity(1 << 20, file), hash);
        let mut prefix = vec![0u8; SNIFF_BYTES];
        let mut filled = 0;
        while filled < prefix.len() {
            let n = hashing
                .read(&mut prefix[filled..])
                .map_err(|e| io_err(path, e))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        prefix.truncate(filled);
        if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
            return Err(csv_err(
                path,
                Some(1),
                "the file is UTF-16 encoded; export or save it as UTF-8 (CSV UTF-8) and try again",
            ));
        }
        let mut start = 0;
        if prefix.starts_with(&[0xEF, 0xBB, 0xBF]) {
            start = 3;
        }
        let body = &prefix[start..];
        if body.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(csv_err(path, Some(1), "the file is empty: no header row"));
        }
        if looks_binary(body) {
            return Err(csv_err(
                path,
                Some(1),
                "the file does not look like delimited text (binary content)",
            ));
        }
        let delimiter = sniff_delimiter(body);
        let cursor = io::Cursor::new(prefix[start..].to_vec());
        let inner = Inner {
            stream: LineEnds::new(cursor.chain(hashing), delimiter),
            tape: Some(Vec::new()),
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(inner);
        let mut header = csv::ByteRecord::new();
        let got = reader
            .read_byte_record(&mut header)
            .map_err(|e| csv_read_error(path, &e))?;
        if !got {
            return Err(csv_err(path, Some(1), "the file is empty: no header row"));
        }
        let mut headers = Vec::with_capacity(header.len());
        for (i, f) in header.iter().enumerate() {
            let name = std::str::from_utf8(f).map_err(|_| {
                csv_err(
                    path,
                    Some(1),
                    format!(
                        "column {} of the header is not valid UTF-8 (Latin-1 or another encoding?); save the file as UTF-8",
                        i + 1
                    ),
                )
            })?;
            headers.push(name.trim().to_string());
        }
        if headers.len() > MAX_COLUMNS {
            return Err(csv_err(
                path,
                Some(1),
                format!(
                    "the header has {} columns; at most {MAX_COLUMNS} are accepted",
                    headers.len()
                ),
            ));
        }
        if headers.iter().all(|h| h.is_empty()) {
            return Err(csv_err(path, Some(1), "the header row is empty"));
        }
        let after_header = reader.position();
        let mut data_start = (after_header.byte(), after_header.line());
        let qualtrics = detect_qualtrics(&mut reader, path)?;
        if qualtrics {
            let p = reader.position();
            data_start = (p.byte(), p.line());
        }
        let tape = reader.get_mut().tape.take().unwrap_or_default();
        Ok(DelimitedFile {
            path: path.to_path_buf(),
            headers,
            delimiter,
            qualtrics,
            body: Body::Header(Box::new(reader)),
            tape,
            data_start,
        })
    }

    /// Reads the next data record; `Ok(false)` at the end. The record's position gives the
    /// physical line it starts on (header = line 1; blank lines and line breaks inside
    /// quoted fields counted).
    pub fn next_record(&mut self, record: &mut csv::ByteRecord) -> Result<bool, StudyError> {
        if let Body::Header(_) = self.body {
            if let Body::Header(reader) = std::mem::replace(&mut self.body, Body::Switching) {
                let cutter = RecordCutter::new(
                    self.rest_of(*reader),
                    self.path.clone(),
                    self.headers.clone(),
                    self.delimiter,
                );
                self.body = Body::Records(Box::new(Cutting {
                    cutter,
                    block: RecordBlock::default(),
                    next: 0,
                    failed: None,
                    done: false,
                }));
            }
        }
        let Body::Records(c) = &mut self.body else {
            return Err(self.lost());
        };
        while c.next == c.block.len() {
            if let Some(e) = c.failed.take() {
                c.done = true;
                return Err(e);
            }
            if c.done {
                return Ok(false);
            }
            c.next = 0;
            if let Err(e) = c.cutter.fill(&mut c.block) {
                c.failed = Some(e);
            } else if c.block.is_empty() {
                c.done = true;
            }
        }
        let (row, line) = c.block.row(c.next);
        c.next += 1;
        record.clear();
        for f in row.iter() {
            record.push_field(f);
        }
        let mut pos = csv::Position::new();
        pos.set_line(line);
        record.set_position(Some(pos));
        Ok(true)
    }

    /// The error of a file whose reader was lost to an earlier error.
    fn lost(&self) -> StudyError {
        io_err(&self.path, "the reader was lost after an earlier error")
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The data records as raw bytes from the first one on, for a parallel reader; only
    /// valid before any [`DelimitedFile::next_record`] call (records already cut are not
    /// given back).
    pub fn into_rest(mut self) -> Result<RawRest, StudyError> {
        match std::mem::replace(&mut self.body, Body::Switching) {
            Body::Header(reader) => Ok(self.rest_of(*reader)),
            Body::Records(c) => Ok(c.cutter.into_rest()),
            Body::Switching => Err(self.lost()),
        }
    }

    /// The data records cut block by block (see [`RecordCutter`]); only valid before any
    /// [`DelimitedFile::next_record`] call.
    pub fn into_records(self) -> Result<RecordCutter, StudyError> {
        let (path, headers, delimiter) = (self.path.clone(), self.headers.clone(), self.delimiter);
        Ok(RecordCutter::new(
            self.into_rest()?,
            path,
            headers,
            delimiter,
        ))
    }

    /// The raw bytes after the header rows: the part of `tape` the csv reader buffered
    /// but did not parse, then the stream.
    fn rest_of(&mut self, reader: csv::Reader<Inner>) -> RawRest {
        let start = usize::try_from(self.data_start.0)
            .unwrap_or(usize::MAX)
            .min(self.tape.len());
        let mut head = std::mem::take(&mut self.tape);
        head.drain(..start);
        RawRest {
            path: self.path.clone(),
            head,
            head_pos: 0,
            stream: reader.into_inner().stream,
            first_line: self.data_start.1,
        }
    }

    /// Finishes reading (to the end of the file) and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        self.into_rest()?.finish()
    }

    pub fn delimiter_name(&self) -> String {
        match self.delimiter {
            b',' => "comma".into(),
            b';' => "semicolon".into(),
            b'\t' => "tab".into(),
            d => format!("{:?}", d as char),
        }
    }
}

/// Qualtrics exports carry the question text in row 2 and `{"ImportId":"QID1"}` JSON in
/// row 3. Both are skipped when row 3 holds such JSON (row 2 alone cannot be told apart
/// from a first respondent); otherwise both are read again as data.
fn detect_qualtrics(reader: &mut csv::Reader<Inner>, path: &Path) -> Result<bool, StudyError> {
    let mut r2 = csv::ByteRecord::new();
    let mut r3 = csv::ByteRecord::new();
    let mut read = |r: &mut csv::ByteRecord| {
        reader
            .read_byte_record(r)
            .map_err(|e| csv_read_error(path, &e))
    };
    if !read(&mut r2)? || !read(&mut r3)? {
        return Ok(false);
    }
    Ok(r3
        .iter()
        .filter(|f| !f.is_empty())
        .any(|f| f.trim_ascii_start().starts_with(b"{\"ImportId\"")))
}

/// Picks the delimiter that splits the header line into the most fields (quotes respected).
fn sniff_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delims[best]
}

/// Text has few control characters. A stray NUL in a field is a bad value (rejected with
/// its row), not a binary file; many are.
fn looks_binary(text: &[u8]) -> bool {
    let sample = &text[..text.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0D && b < 0x20))
        .count();
    control * 10 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\r\n"), b'\t');
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"\x00\x01\x02abc"));
        assert!(!looks_binary(b"id,c1\n1,4\x00\n2,5\n3,3\n"));
        assert!(!looks_binary(b"id,age\r\n1,20\r\n"));
    }
}
