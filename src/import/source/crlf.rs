//! Line endings and line lengths: CRLF becomes LF before the csv parser sees a byte, and a
//! line longer than any survey row is refused instead of buffered.

use std::io::{self, Read};

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

impl<R> CrlfToLf<R> {
    pub fn new(inner: R) -> CrlfToLf<R> {
        CrlfToLf {
            inner,
            held_cr: false,
            lines: 0,
            since_lf: 0,
        }
    }

    /// The reader underneath (a CR held back is dropped).
    pub fn into_inner(self) -> R {
        self.inner
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
