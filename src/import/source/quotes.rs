//! Following quoted fields through the byte stream, to refuse a runaway quote: one stray
//! `"` at the start of a field makes the csv parser read every following line into that
//! field until the next quote character, so thousands of respondents can vanish into one
//! value that is then rejected as a single malformed row. A quoted field longer than any
//! answer ([`MAX_QUOTED_BYTES`]) or spanning more lines than any answer
//! ([`MAX_QUOTED_LINES`]) is a file error naming the line where the quote opened. A shorter
//! unclosed quote swallows a few lines into one record, whose width is then wrong: that row
//! is rejected with a hint at the quote.
//!
//! The tracker mirrors the csv parser's rules exactly (the defaults of the `csv` crate): a
//! quote opens a quoted field only as the first byte of a field; inside one, `""` is a
//! quote character and a lone `"` closes the field; a quote anywhere else is an ordinary
//! character. It sees the stream after line ends became LF, so a field starts after the
//! delimiter or LF. Quote characters are found with `memchr`, so a file without quotes costs
//! one vectorised scan.

use super::errors::StreamError;

/// The most bytes a quoted field may hold (32 KiB): room for a long free-text answer (some
/// platforms allow 20,000 characters), far below what a runaway quote swallows (a survey
/// row is a few hundred bytes, so thousands of rows are megabytes).
pub const MAX_QUOTED_BYTES: u64 = 32 << 10;

/// The most line breaks a quoted field may hold: an open answer may have paragraphs, a
/// field spanning more lines than this has swallowed rows.
pub const MAX_QUOTED_LINES: u64 = 50;

/// How many bytes of a runaway field the message shows.
const SNIPPET_BYTES: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    /// Outside a quoted field.
    Out,
    /// Inside a quoted field.
    In,
    /// Inside a quoted field, just after a quote: `"` makes it an escaped quote, anything
    /// else closes the field.
    QuoteSeen,
}

/// Where the stream stands with respect to quoted fields.
pub(super) struct QuoteTracker {
    delimiter: u8,
    state: State,
    /// The last byte of the previous chunk (LF at the start: a field starts there).
    prev: u8,
    /// The open quoted field: the line it opened on, its bytes and line breaks so far, and
    /// its first bytes for the message.
    opened_line: u64,
    bytes: u64,
    lines: u64,
    snippet: Vec<u8>,
}

impl QuoteTracker {
    pub(super) fn new(delimiter: u8) -> QuoteTracker {
        QuoteTracker {
            delimiter,
            state: State::Out,
            prev: b'\n',
            opened_line: 0,
            bytes: 0,
            lines: 0,
            snippet: Vec::new(),
        }
    }

    /// Follows the quoted fields of `chunk`, the bytes after `lines_before` line breaks.
    pub(super) fn scan(&mut self, chunk: &[u8], lines_before: u64) -> Result<(), StreamError> {
        // Line breaks are counted lazily, only up to where a quoted field needs them.
        let mut counted_to = 0usize;
        let mut line = lines_before + 1;
        let mut line_at = |p: usize, counted_to: &mut usize| {
            line += memchr::memchr_iter(b'\n', &chunk[*counted_to..p]).count() as u64;
            *counted_to = p;
            line
        };
        let mut pos = 0usize;
        while pos < chunk.len() {
            match self.state {
                State::Out => {
                    let Some(q) = memchr::memchr(b'"', &chunk[pos..]) else {
                        break;
                    };
                    let p = pos + q;
                    let before = if p == 0 { self.prev } else { chunk[p - 1] };
                    if before == self.delimiter || before == b'\n' {
                        self.state = State::In;
                        self.opened_line = line_at(p, &mut counted_to);
                        self.bytes = 0;
                        self.lines = 0;
                        self.snippet.clear();
                    }
                    pos = p + 1;
                }
                State::In => {
                    let end = memchr::memchr(b'"', &chunk[pos..]).map_or(chunk.len(), |q| pos + q);
                    let first = line_at(pos, &mut counted_to);
                    self.lines += line_at(end, &mut counted_to) - first;
                    self.bytes += (end - pos) as u64;
                    let room = SNIPPET_BYTES.saturating_sub(self.snippet.len());
                    self.snippet
                        .extend_from_slice(&chunk[pos..end.min(pos + room)]);
                    if self.bytes > MAX_QUOTED_BYTES || self.lines > MAX_QUOTED_LINES {
                        return Err(self.runaway());
                    }
                    if end == chunk.len() {
                        break;
                    }
                    self.state = State::QuoteSeen;
                    pos = end + 1;
                }
                State::QuoteSeen => {
                    if chunk[pos] == b'"' {
                        // An escaped quote: one character of the field.
                        self.state = State::In;
                        self.bytes += 1;
                        pos += 1;
                    } else {
                        // The field is closed; this byte is read outside it.
                        self.state = State::Out;
                    }
                }
            }
        }
        if let Some(&last) = chunk.last() {
            self.prev = last;
        }
        Ok(())
    }

    fn runaway(&self) -> StreamError {
        let mut text: String = String::from_utf8_lossy(&self.snippet)
            .chars()
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        if self.bytes as usize > self.snippet.len() {
            text.push('…');
        }
        let how = if self.lines > MAX_QUOTED_LINES {
            format!("runs on over more than {MAX_QUOTED_LINES} lines without its closing quote")
        } else {
            format!(
                "runs on for more than {} KiB without its closing quote",
                MAX_QUOTED_BYTES >> 10
            )
        };
        StreamError {
            line: Some(self.opened_line),
            message: format!(
                "a quoted field opens on this line (\"{text}\") and {how}, swallowing the rows after it: an unclosed or stray quote character? Close the quote, or remove the stray one"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The tracker agrees with the csv parser on whether the text ends inside a quoted
        /// field: "ZZZ" on a line after it starts a record of its own exactly when not.
        #[test]
        fn the_tracker_follows_the_csv_parser(
            text in prop::collection::vec(prop::sample::select(vec![b'a', b',', b'"', b'\n', b' ']), 0..60),
            size in 1usize..9,
        ) {
            let mut t = QuoteTracker::new(b',');
            let mut lines = 0;
            for chunk in text.chunks(size) {
                t.scan(chunk, lines).unwrap();
                lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
            }
            let mut full = text.clone();
            full.extend_from_slice(b"\nZZZ");
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&full[..]);
            let last = reader.byte_records().filter_map(Result::ok).last();
            let fresh = last.is_some_and(|r| r.get(0) == Some(&b"ZZZ"[..]));
            prop_assert_eq!(fresh, t.state != State::In, "{}", String::from_utf8_lossy(&text));
        }
    }

    /// Feeds `text` in chunks of `size` bytes; the error's line, if any.
    fn run(text: &[u8], size: usize) -> Result<(), Option<u64>> {
        let mut t = QuoteTracker::new(b',');
        let mut lines = 0;
        for chunk in text.chunks(size) {
            t.scan(chunk, lines).map_err(|e| e.line)?;
            lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        }
        Ok(())
    }

    #[test]
    fn closed_escaped_and_literal_quotes_pass() {
        let ok = b"id,x\n1,\"a,b\"\n2,\"say \"\"hi\"\"\"\n3,5\" screen\n4,\"two\nlines\"\n5,\"\"\n";
        for size in 1..ok.len() {
            assert_eq!(run(ok, size), Ok(()), "chunks of {size}");
        }
    }

    #[test]
    fn a_runaway_quote_names_the_line_it_opened_on() {
        let mut text = b"id,x\n1,a\n2,\"b\n".to_vec();
        for i in 0..200 {
            text.extend_from_slice(format!("{i},c\n").as_bytes());
        }
        for size in [1, 7, 64, 1 << 16] {
            assert_eq!(run(&text, size), Err(Some(3)), "chunks of {size}");
        }
        // A long field without line breaks.
        let mut long = b"id,x\n1,\"".to_vec();
        long.resize(long.len() + (MAX_QUOTED_BYTES as usize) + 1, b'y');
        assert_eq!(run(&long, 4096), Err(Some(2)));
        // Open at the end of the file over a line or two: the row's width tells.
        assert_eq!(run(b"id,x\n1,\"a\n2,b\n", 5), Ok(()));
    }

    #[test]
    fn the_error_shows_the_start_of_the_field() {
        let mut t = QuoteTracker::new(b';');
        let mut text = b"id;x\n1;\"DE;1.0\n".to_vec();
        text.extend_from_slice(&b"2;3\n".repeat(60));
        let e = t.scan(&text, 0).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("(\"DE;1.0 2;3 2;3"), "{}", e.message);
        assert!(e.message.contains("more than 50 lines"), "{}", e.message);
    }
}
