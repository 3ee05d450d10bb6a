//! Line ends, line lengths and quoted fields, checked as the bytes stream past: every line
//! end (CRLF, LF, or a lone CR as old Mac exports write) becomes LF before the csv parser
//! sees a byte; a line longer than any survey row is refused instead of buffered; and a
//! runaway quote is refused with the line it opened on (see `quotes`).

use std::io::{self, Read};

use super::errors::StreamError;
use super::quotes::QuoteTracker;

/// Turns every line end into LF on the fly. The csv crate counts physical lines by LF only
/// (on CRLF input its positions run one line short, on CR-only input every row is "line
/// 1"), and every rejected row must name its true line, so the parser only ever sees LF. A
/// lone CR is a line end in every editor and spreadsheet, and the csv parser ends a record
/// there too, so it becomes LF (inside a quoted field it stays a line break, now LF).
pub struct LineEnds<R> {
    inner: R,
    /// The last byte handed out was a CR turned into LF: an LF first in the next read is
    /// the rest of that CRLF.
    skip_lf: bool,
    /// Line breaks passed on so far, and bytes since the last one: a line longer than
    /// [`MAX_LINE_BYTES`] is refused instead of growing the parser's buffer without bound.
    lines: u64,
    since_lf: u64,
    quotes: QuoteTracker,
}

/// The longest line accepted (64 MiB): far beyond any survey row, small enough that a file
/// without line breaks cannot exhaust memory.
pub const MAX_LINE_BYTES: u64 = 64 << 20;

impl<R> LineEnds<R> {
    /// The stream of `inner`, a file whose fields are separated by `delimiter`.
    pub fn new(inner: R, delimiter: u8) -> LineEnds<R> {
        LineEnds {
            inner,
            skip_lf: false,
            lines: 0,
            since_lf: 0,
            quotes: QuoteTracker::new(delimiter),
        }
    }

    /// The reader underneath.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Tracks line lengths and quoted fields over bytes about to be handed out.
    fn guard(&mut self, out: &[u8]) -> Result<(), StreamError> {
        self.quotes.scan(out, self.lines)?;
        match memchr::memrchr(b'\n', out) {
            Some(last) => {
                self.lines += memchr::memchr_iter(b'\n', out).count() as u64;
                self.since_lf = (out.len() - last - 1) as u64;
            }
            None => self.since_lf += out.len() as u64,
        }
        if self.since_lf > MAX_LINE_BYTES {
            return Err(StreamError {
                line: None,
                message: format!(
                    "line {} is longer than {} MiB without a line break: not a survey export (or a broken one)",
                    self.lines + 1,
                    MAX_LINE_BYTES >> 20
                ),
            });
        }
        Ok(())
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let w = to_lf(&mut buf[..n], &mut self.skip_lf);
            // Nothing left only when the read was the LF of a CRLF split across reads.
            if w > 0 {
                self.guard(&buf[..w])?;
                return Ok(w);
            }
        }
    }
}

/// Compacts `buf` in place, every line end becoming one LF; returns the new length. A CR
/// becomes LF at once; an LF right after it is then dropped, even when it arrives as the
/// first byte of the next read (`skip_lf` carries that over), so nothing is held back.
/// Most files have no CR at all, so the chunk is first searched with memchr and copied
/// slice by slice only from the first CR on (a byte-by-byte loop here cost about a second
/// per gigabyte).
fn to_lf(buf: &mut [u8], skip_lf: &mut bool) -> usize {
    let total = buf.len();
    let mut i = usize::from(std::mem::take(skip_lf) && buf.first() == Some(&b'\n'));
    let Some(first) = memchr::memchr(b'\r', &buf[i..]).map(|k| i + k) else {
        buf.copy_within(i..total, 0);
        return total - i;
    };
    buf.copy_within(i..first, 0);
    let mut w = first - i;
    i = first;
    while i < total {
        // buf[i] is a CR.
        buf[w] = b'\n';
        w += 1;
        i += 1;
        if i == total {
            *skip_lf = true;
            break;
        }
        if buf[i] == b'\n' {
            i += 1;
        }
        let next = memchr::memchr(b'\r', &buf[i..]).map_or(total, |k| i + k);
        buf.copy_within(i..next, w);
        w += next - i;
        i = next;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time puts every CR at a read boundary.
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

    #[test]
    fn every_line_end_becomes_lf_across_read_boundaries() {
        let input = b"a\r\nb\rc\r\n\r\rd\r";
        let want = b"a\nb\nc\n\n\nd\n";
        let mut out = Vec::new();
        LineEnds::new(OneByte(input), b',')
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, want);
        let mut out = Vec::new();
        LineEnds::new(io::Cursor::new(input), b',')
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, want);
    }

    /// Hands out the bytes in reads of `size`.
    struct Chunks<'a>(&'a [u8], usize);
    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    proptest::proptest! {
        #[test]
        fn line_ends_match_a_plain_replacement(
            text in proptest::collection::vec(proptest::sample::select(vec![b'a', b'\r', b'\n']), 0..40),
            size in 1usize..6,
        ) {
            let want = String::from_utf8(text.clone()).unwrap().replace("\r\n", "\n").replace('\r', "\n");
            let mut out = Vec::new();
            LineEnds::new(Chunks(&text, size), b',').read_to_end(&mut out).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), want);
        }
    }

    #[test]
    fn a_line_without_breaks_is_refused_not_buffered() {
        let long = vec![b'x'; (MAX_LINE_BYTES + 10) as usize];
        let mut data = b"a\nb\n".to_vec();
        data.extend_from_slice(&long);
        let mut r = LineEnds::new(io::Cursor::new(data), b',');
        let e = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert!(
            e.to_string().starts_with("line 3 is longer than 64 MiB"),
            "{e}"
        );
    }

    #[test]
    fn a_runaway_quote_in_a_cr_only_file_names_its_line() {
        let mut data = b"id,x\r1,a\r2,\"b\r".to_vec();
        data.extend_from_slice(&b"3,c\r".repeat(100));
        let mut r = LineEnds::new(io::Cursor::new(data), b',');
        let e = io::copy(&mut r, &mut io::sink()).unwrap_err();
        let inner = e.get_ref().and_then(|x| x.downcast_ref::<StreamError>());
        assert_eq!(inner.and_then(|s| s.line), Some(3), "{e}");
    }
}
