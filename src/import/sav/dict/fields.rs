//! Reading the dictionary's fields: fixed-size integers and floats in the file's byte
//! order at a known offset, byte strings bounded before they are allocated, SPSS's string
//! padding, and a cursor over an extension record's bytes.

use std::io::Read;
use std::path::PathBuf;

use crate::study::error::StudyError;

/// The largest record (documents, one extension record) accepted: far beyond any real
/// dictionary, small enough that a corrupt length cannot exhaust memory.
const MAX_RECORD: u64 = 64 << 20;

/// Reads fixed-size fields in the file's byte order and knows its own byte offset.
pub(crate) struct FieldReader<R> {
    pub(crate) inner: R,
    pub(crate) pos: u64,
    pub(crate) big_endian: bool,
    pub(crate) path: PathBuf,
}

impl<R: Read> FieldReader<R> {
    pub(crate) fn err(&self, at: u64, message: impl Into<String>) -> StudyError {
        StudyError::Sav {
            path: self.path.clone(),
            offset: Some(at),
            case: None,
            variable: None,
            message: message.into(),
        }
    }

    /// Exactly `n` bytes (bounded by [`MAX_RECORD`]); growing the buffer only as bytes
    /// arrive, so a truncated file fails without a large allocation.
    pub(crate) fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, StudyError> {
        if n > MAX_RECORD {
            return Err(self.err(
                self.pos,
                format!("{what} claims {n} bytes: more than the {} MiB a dictionary record may have (corrupt file?)", MAX_RECORD >> 20),
            ));
        }
        let mut buf = Vec::new();
        let at = self.pos;
        let got = (&mut self.inner)
            .take(n)
            .read_to_end(&mut buf)
            .map_err(|e| self.err(at, e.to_string()))?;
        self.pos += got as u64;
        if (got as u64) < n {
            return Err(self.err(at, format!("file ends inside the {what} (truncated file?)")));
        }
        Ok(buf)
    }

    pub(super) fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], StudyError> {
        let mut a = [0u8; N];
        let at = self.pos;
        self.inner.read_exact(&mut a).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                self.err(at, format!("file ends inside the {what} (truncated file?)"))
            } else {
                self.err(at, e.to_string())
            }
        })?;
        self.pos += N as u64;
        Ok(a)
    }

    pub(crate) fn i32(&mut self, what: &str) -> Result<i32, StudyError> {
        let a = self.array::<4>(what)?;
        Ok(if self.big_endian {
            i32::from_be_bytes(a)
        } else {
            i32::from_le_bytes(a)
        })
    }

    pub(crate) fn i64(&mut self, what: &str) -> Result<i64, StudyError> {
        let a = self.array::<8>(what)?;
        Ok(if self.big_endian {
            i64::from_be_bytes(a)
        } else {
            i64::from_le_bytes(a)
        })
    }

    pub(super) fn unit(&mut self, what: &str) -> Result<[u8; 8], StudyError> {
        self.array::<8>(what)
    }
}

/// An 8-byte float in the file's byte order.
pub(crate) fn f64_from(a: [u8; 8], big_endian: bool) -> f64 {
    if big_endian {
        f64::from_be_bytes(a)
    } else {
        f64::from_le_bytes(a)
    }
}

/// A 4-byte integer at byte `at` of `data` in the file's byte order (`None` past the end).
pub(super) fn i32_at(data: &[u8], at: usize, big_endian: bool) -> Option<i32> {
    let a: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big_endian {
        i32::from_be_bytes(a)
    } else {
        i32::from_le_bytes(a)
    })
}

/// Drops SPSS's right padding (spaces, and NULs some writers use).
pub(crate) fn trim_padding(b: &[u8]) -> &[u8] {
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != 0)
        .map_or(0, |i| i + 1);
    &b[..end]
}

/// A cursor over an extension record's bytes.
pub(super) struct Cursor<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
    pub(super) big_endian: bool,
}

impl<'a> Cursor<'a> {
    pub(super) fn i32(&mut self) -> Option<i32> {
        let v = i32_at(self.data, self.pos, self.big_endian)?;
        self.pos += 4;
        Some(v)
    }
    pub(super) fn bytes(&mut self, n: i32) -> Option<&'a [u8]> {
        let n = usize::try_from(n).ok()?;
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    pub(super) fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
}
