//! Opening a delimited text file the way real exports arrive: UTF-8 with or without BOM,
//! CRLF or LF, `,` `;` or tab (sniffed from the header line), quoted fields, and Qualtrics'
//! three header rows. The file is streamed (never loaded whole) and hashed with SHA-256 as
//! it is read, so even a multi-gigabyte event log costs one pass and constant memory.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::study::error::{Location, StudyError};

/// A reader that hashes every byte that passes through it.
///
/// SHA-256 of a gigabyte costs the better part of a second even with the CPU's SHA
/// extensions, so the hashing runs on a thread of its own: bytes are copied into 1 MiB
/// batches and sent over a bounded channel (at most [`HASH_QUEUE`] batches in flight, so
/// memory stays constant), and the digest is collected in [`HashingReader::finish`].
pub struct HashingReader<R> {
    inner: R,
    hasher: BackgroundHasher,
    bytes: u64,
}

/// Size of one batch of bytes sent to the hashing thread.
const HASH_BATCH: usize = 1 << 20;
/// Batches queued for the hashing thread before the reader waits for it.
const HASH_QUEUE: usize = 8;

/// SHA-256 computed on a separate thread (or inline when no thread can be started).
struct BackgroundHasher {
    batch: Vec<u8>,
    worker: Option<(
        std::sync::mpsc::SyncSender<Vec<u8>>,
        std::thread::JoinHandle<Sha256>,
    )>,
    /// Used when spawning failed.
    inline: Sha256,
    /// The thread went away before the end: the digest cannot be computed.
    failed: bool,
    /// Hashing is done elsewhere ([`Prehash`]): bytes are only counted.
    off: bool,
}

impl BackgroundHasher {
    fn new() -> BackgroundHasher {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(HASH_QUEUE);
        let worker = std::thread::Builder::new()
            .name("sha256".into())
            .spawn(move || {
                let mut h = Sha256::new();
                for batch in rx {
                    h.update(&batch);
                }
                h
            })
            .ok()
            .map(|handle| (tx, handle));
        BackgroundHasher {
            batch: Vec::with_capacity(HASH_BATCH),
            worker,
            inline: Sha256::new(),
            failed: false,
            off: false,
        }
    }

    /// A hasher that hashes nothing (the file is hashed by a [`Prehash`]).
    fn off() -> BackgroundHasher {
        BackgroundHasher {
            batch: Vec::new(),
            worker: None,
            inline: Sha256::new(),
            failed: false,
            off: true,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.off {
            return;
        }
        if self.worker.is_none() {
            self.inline.update(bytes);
            return;
        }
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= HASH_BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(HASH_BATCH));
        if let Some((tx, _)) = &self.worker {
            if let Err(std::sync::mpsc::SendError(batch)) = tx.send(batch) {
                // The thread is gone: what it had hashed cannot be recovered, so `finish`
                // reports an error instead of a wrong digest.
                drop(batch);
                self.worker = None;
                self.failed = true;
            }
        }
    }

    fn finish(mut self) -> io::Result<String> {
        if self.off {
            return Ok(String::new());
        }
        self.flush();
        if self.failed {
            return Err(io::Error::other("the hashing thread stopped"));
        }
        let hasher = match self.worker.take() {
            None => self.inline,
            Some((tx, handle)) => {
                drop(tx);
                handle
                    .join()
                    .map_err(|_| io::Error::other("the hashing thread stopped"))?
            }
        };
        Ok(hex(&hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Turns CRLF into LF on the fly. The csv crate miscounts physical lines on CRLF input
/// (its positions run one line short), and every rejected row must name its true line, so
/// the parser only ever sees LF. A lone CR is kept. A CR at the end of one read is held
/// back until the next byte is known.
pub struct CrlfToLf<R> {
    inner: R,
    held_cr: bool,
    /// Line breaks passed on so far, and bytes since the last one: a line longer than
    /// [`MAX_LINE_BYTES`] is refused instead of growing the parser's buffer without bound.
    lines: u64,
    since_lf: u64,
}

/// The longest line accepted (64 MiB): far beyond any survey row, small enough that a file
/// without line breaks cannot exhaust memory.
pub const MAX_LINE_BYTES: u64 = 64 << 20;
/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 250_000;

impl<R> CrlfToLf<R> {
    pub fn new(inner: R) -> CrlfToLf<R> {
        CrlfToLf {
            inner,
            held_cr: false,
            lines: 0,
            since_lf: 0,
        }
    }

    /// Tracks line lengths over bytes about to be handed out.
    fn guard(&mut self, out: &[u8]) -> io::Result<()> {
        match memchr::memrchr(b'\n', out) {
            Some(last) => {
                self.lines += memchr::memchr_iter(b'\n', out).count() as u64;
                self.since_lf = (out.len() - last - 1) as u64;
            }
            None => self.since_lf += out.len() as u64,
        }
        if self.since_lf > MAX_LINE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "line {} is longer than {} MiB without a line break: not a survey export (or a broken one)",
                    self.lines + 1,
                    MAX_LINE_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let start = usize::from(self.held_cr);
            if self.held_cr {
                buf[0] = b'\r';
            }
            let n = self.inner.read(&mut buf[start..])?;
            let total = start + n;
            if n == 0 {
                self.held_cr = false;
                self.guard(&buf[..total])?;
                return Ok(total);
            }
            // Compact in place, dropping CR before LF. Most files have no CR at all, so the
            // chunk is first searched with memchr and copied slice by slice only from the
            // first CR on (a byte-by-byte loop here cost about a second per gigabyte).
            let mut w = match memchr::memchr(b'\r', &buf[..total]) {
                None => total,
                Some(first) => {
                    let mut w = first;
                    let mut i = first;
                    while i < total {
                        // buf[i] is a CR.
                        if i + 1 < total && buf[i + 1] == b'\n' {
                            i += 1;
                        }
                        let next =
                            memchr::memchr(b'\r', &buf[i + 1..total]).map_or(total, |k| i + 1 + k);
                        buf.copy_within(i..next, w);
                        w += next - i;
                        i = next;
                    }
                    w
                }
            };
            self.held_cr = w > 0 && buf[w - 1] == b'\r';
            if self.held_cr {
                w -= 1;
            }
            if w > 0 {
                self.guard(&buf[..w])?;
                return Ok(w);
            }
        }
    }
}

/// The prefix that was read for sniffing, then the rest of the file, CRLF → LF.
type Stream = CrlfToLf<io::Chain<io::Cursor<Vec<u8>>, HashingReader<BufReader<File>>>>;

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
    reader: csv::Reader<Inner>,
    /// Records held back while detecting the Qualtrics header, to be served first.
    pending: Vec<csv::ByteRecord>,
    /// Everything the csv reader pulled from the stream while the header rows were parsed.
    tape: Vec<u8>,
    /// Where the first data record starts: byte offset into `tape` (LF stream) and the
    /// line the csv reader would give it.
    data_start: (u64, u64),
}

/// The data records of a file as raw bytes (CRLF already turned into LF), for readers that
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
                    buf.truncate(start);
                    return Err(csv_err(&self.path, None, e.to_string()));
                }
            }
        }
        buf.truncate(start + filled);
        Ok(filled)
    }

    /// Finishes reading (to the end of the file) and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        let path = self.path;
        drop(self.head);
        let (cursor, mut hashing) = self.stream.inner.into_inner();
        drop(cursor);
        io::copy(&mut hashing, &mut io::sink()).map_err(|e| io_err(&path, e))?;
        let bytes = hashing.bytes;
        Ok(Digested {
            sha256: hashing.hasher.finish().map_err(|e| io_err(&path, e))?,
            bytes,
        })
    }
}

/// SHA-256 and size of a file after it has been read to the end.
#[derive(Debug)]
pub struct Digested {
    pub sha256: String,
    pub bytes: u64,
}

const SNIFF_BYTES: usize = 64 * 1024;

fn io_err(path: &Path, e: impl std::fmt::Display) -> StudyError {
    StudyError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn csv_err(path: &Path, line: Option<u64>, message: impl Into<String>) -> StudyError {
    StudyError::Csv {
        path: path.to_path_buf(),
        at: Location { line, column: None },
        message: message.into(),
    }
}

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
        let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
        if meta.is_dir() {
            return Err(io_err(path, "is a folder, not a CSV file"));
        }
        let file = File::open(path).map_err(|e| io_err(path, e))?;
        let mut hashing = HashingReader {
            inner: BufReader::with_capacity(1 << 20, file),
            hasher: if hash {
                BackgroundHasher::new()
            } else {
                BackgroundHasher::off()
            },
            bytes: 0,
        };
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
            stream: CrlfToLf::new(cursor.chain(hashing)),
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
        let data_start = (after_header.byte(), after_header.line());
        let mut file = DelimitedFile {
            path: path.to_path_buf(),
            headers,
            delimiter,
            qualtrics: false,
            reader,
            pending: Vec::new(),
            tape: Vec::new(),
            data_start,
        };
        file.detect_qualtrics()?;
        if file.qualtrics {
            let p = file.reader.position();
            file.data_start = (p.byte(), p.line());
        }
        file.tape = file.reader.get_mut().tape.take().unwrap_or_default();
        Ok(file)
    }

    /// Qualtrics exports carry the question text in row 2 and `{"ImportId":"QID1"}` JSON in
    /// row 3. Both are skipped when row 3 holds such JSON (row 2 alone cannot be told apart
    /// from a first respondent).
    fn detect_qualtrics(&mut self) -> Result<(), StudyError> {
        let mut r2 = csv::ByteRecord::new();
        let mut r3 = csv::ByteRecord::new();
        let has2 = self
            .reader
            .read_byte_record(&mut r2)
            .map_err(|e| csv_read_error(&self.path, &e))?;
        if !has2 {
            return Ok(());
        }
        let has3 = self
            .reader
            .read_byte_record(&mut r3)
            .map_err(|e| csv_read_error(&self.path, &e))?;
        let is_import_row = |r: &csv::ByteRecord| {
            r.iter()
                .filter(|f| !f.is_empty())
                .any(|f| f.trim_ascii_start().starts_with(b"{\"ImportId\""))
        };
        if has3 && is_import_row(&r3) {
            self.qualtrics = true;
            return Ok(());
        }
        // Not Qualtrics: serve the two records first, in order.
        if has3 {
            self.pending.push(r3);
        }
        self.pending.push(r2);
        Ok(())
    }

    /// Reads the next data record; `Ok(false)` at the end. The record's position gives the
    /// physical line (header = line 1).
    pub fn next_record(&mut self, record: &mut csv::ByteRecord) -> Result<bool, StudyError> {
        let more = if let Some(r) = self.pending.pop() {
            *record = r;
            true
        } else {
            self.reader
                .read_byte_record(record)
                .map_err(|e| csv_read_error(&self.path, &e))?
        };
        if more && std::str::from_utf8(record.as_slice()).is_err() {
            return Err(self.not_utf8(record));
        }
        Ok(more)
    }

    /// A record with bytes that are not UTF-8: almost always a file saved as Latin-1 or
    /// Windows-1252, which would silently garble every label — refused, with the place.
    fn not_utf8(&self, record: &csv::ByteRecord) -> StudyError {
        let field = record
            .iter()
            .position(|f| std::str::from_utf8(f).is_err())
            .unwrap_or(0);
        let column = self
            .headers
            .get(field)
            .cloned()
            .unwrap_or_else(|| format!("#{}", field + 1));
        let value = String::from_utf8_lossy(record.get(field).unwrap_or(b""));
        StudyError::Csv {
            path: self.path.clone(),
            at: Location {
                line: record.position().map(|p| p.line()),
                column: Some(column),
            },
            message: format!(
                "value \"{}\" is not valid UTF-8 — the file looks Latin-1 or Windows-1252 encoded; save it as UTF-8 (\"CSV UTF-8\") and try again",
                value.chars().take(60).collect::<String>()
            ),
        }
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The data records as raw bytes from the first one on, for a parallel reader; only
    /// valid before any [`DelimitedFile::next_record`] call.
    pub fn into_rest(self) -> RawRest {
        let start = usize::try_from(self.data_start.0)
            .unwrap_or(usize::MAX)
            .min(self.tape.len());
        let mut head = self.tape;
        head.drain(..start);
        RawRest {
            path: self.path,
            head,
            head_pos: 0,
            stream: self.reader.into_inner().stream,
            first_line: self.data_start.1,
        }
    }

    /// Finishes reading (to the end of the file) and returns its digest.
    pub fn finish(self) -> Result<Digested, StudyError> {
        let path = self.path.clone();
        let (cursor, mut hashing) = self.reader.into_inner().stream.inner.into_inner();
        drop(cursor);
        io::copy(&mut hashing, &mut io::sink()).map_err(|e| io_err(&path, e))?;
        let bytes = hashing.bytes;
        Ok(Digested {
            sha256: hashing.hasher.finish().map_err(|e| io_err(&path, e))?,
            bytes,
        })
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

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a whole file (used for small files such as the codebook).
pub fn sha256_file(path: &Path) -> Result<Digested, StudyError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut reader = BufReader::new(file);
    let mut hasher = Sha256::new();
    let bytes = io::copy(&mut reader, &mut hasher).map_err(|e| io_err(path, e))?;
    Ok(Digested {
        sha256: hex(&hasher.finalize()),
        bytes,
    })
}

/// SHA-256 of a file computed on a thread of its own ahead of parsing it: the event log is
/// hashed while the survey is parsed, on the core the survey leaves idle, instead of
/// competing with the event parsing later (issue 7). The file is then parsed from a
/// second read, so [`Prehash::finish`] checks that the file is the one that was hashed:
/// the same size and modification time before hashing and after parsing, and as many
/// bytes hashed as parsed; a file changed in between is an error, never a wrong digest.
pub struct Prehash {
    path: PathBuf,
    before: (u64, Option<std::time::SystemTime>),
    worker: Option<std::thread::JoinHandle<Result<Digested, StudyError>>>,
}

fn stamp(path: &Path) -> Result<(u64, Option<std::time::SystemTime>), StudyError> {
    let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
    Ok((meta.len(), meta.modified().ok()))
}

impl Prehash {
    pub fn start(path: &Path) -> Result<Prehash, StudyError> {
        let before = stamp(path)?;
        let p = path.to_path_buf();
        let worker = std::thread::Builder::new()
            .name("sha256-ahead".into())
            .spawn(move || {
                let mut file = File::open(&p).map_err(|e| io_err(&p, e))?;
                let mut hasher = Sha256::new();
                let mut buf = vec![0u8; 1 << 20];
                let mut bytes = 0u64;
                loop {
                    match file.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            hasher.update(&buf[..n]);
                            bytes += n as u64;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(io_err(&p, e)),
                    }
                }
                Ok(Digested {
                    sha256: hex(&hasher.finalize()),
                    bytes,
                })
            })
            .ok();
        Ok(Prehash {
            path: path.to_path_buf(),
            before,
            worker,
        })
    }

    /// The digest, once `parsed_bytes` were read by the parser: an error when the file
    /// changed since hashing began.
    pub fn finish(mut self, parsed_bytes: u64) -> Result<Digested, StudyError> {
        let digest = match self.worker.take() {
            Some(w) => w
                .join()
                .map_err(|_| io_err(&self.path, "the hashing thread stopped"))??,
            // No thread could be started: hash now (the file is in the page cache).
            None => sha256_file(&self.path)?,
        };
        if stamp(&self.path)? != self.before || digest.bytes != parsed_bytes {
            return Err(io_err(
                &self.path,
                "the file changed while it was being read; run again once it is complete",
            ));
        }
        Ok(digest)
    }
}

pub(crate) fn csv_read_error(path: &Path, e: &csv::Error) -> StudyError {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8 ({err})"),
        _ => e.to_string(),
    };
    csv_err(path, line, message)
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
    fn prehash_gives_the_digest_of_the_file_or_refuses_a_changed_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, b"abc").unwrap();
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let digest = Prehash::start(&path).unwrap().finish(3).unwrap();
        assert_eq!(digest.sha256, abc);
        assert_eq!(digest.bytes, 3);
        // Fewer bytes parsed than hashed: refused.
        assert!(Prehash::start(&path).unwrap().finish(2).is_err());
        // The file grows after hashing began: refused, whatever the thread read.
        let pre = Prehash::start(&path).unwrap();
        std::fs::write(&path, b"abcd").unwrap();
        let err = pre.finish(4).unwrap_err().to_string();
        assert!(err.contains("changed while it was being read"), "{err}");
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2"), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\r\n"), b'\t');
    }

    #[test]
    fn crlf_becomes_lf_across_read_boundaries() {
        // A reader that hands out one byte at a time puts every CR at a read boundary.
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.split_first() {
                    Some((b, rest)) if !buf.is_empty() => {
                        buf[0] = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut out = Vec::new();
        let mut r = CrlfToLf::new(OneByte(b"a\r\nb\rc\r\n\r"));
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"a\nb\rc\n\r");
    }

    #[test]
    fn a_line_without_breaks_is_refused_not_buffered() {
        let long = vec![b'x'; (MAX_LINE_BYTES + 10) as usize];
        let mut data = b"a\nb\n".to_vec();
        data.extend_from_slice(&long);
        let mut r = CrlfToLf::new(io::Cursor::new(data));
        let e = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert!(
            e.to_string().starts_with("line 3 is longer than 64 MiB"),
            "{e}"
        );
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary(b"\x00\x01\x02abc"));
        assert!(!looks_binary(b"id,c1\n1,4\x00\n2,5\n3,3\n"));
        assert!(!looks_binary(b"id,age\r\n1,20\r\n"));
    }
}
