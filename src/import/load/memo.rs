//! Remembered parses of one survey column. Survey answers repeat a few codes or labels a
//! million times; parsing a value is a pure function of its bytes (a group's level code is
//! fixed by its first appearance), so a remembered result is exactly what parsing again
//! would give.

use std::collections::HashMap;

use super::row::Parsed;

/// Keyed by a cell's bytes, hit once per cell: foldhash instead of SipHash (no HashDoS
/// concern: the keys come from the researcher's own files).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Remembered parses of one survey column (the id column, whose values are all new, is
/// never remembered).
pub(super) struct Memo {
    /// Still remembering: turned off once the column shows more than [`MEMO_VALUES`]
    /// distinct values.
    open: bool,
    /// Values of at most one byte (single-digit codes, the most common answers) by their
    /// byte, the empty value last: an index instead of a hash.
    tiny: Vec<Option<Result<Parsed, String>>>,
    /// Entries of `tiny` filled.
    tiny_len: usize,
    /// Values of two to seven bytes (codes, short labels), keyed by their bytes packed into
    /// an integer with the length on top: hashing and comparing a `u64` is a few
    /// instructions, a boxed byte key costs a hash of a slice and a `memcmp`.
    short: FastMap<u64, Result<Parsed, String>>,
    long: FastMap<Box<[u8]>, Result<Parsed, String>>,
}

impl Memo {
    pub(super) fn new(open: bool) -> Memo {
        Memo {
            open,
            tiny: if open { vec![None; 257] } else { Vec::new() },
            tiny_len: 0,
            short: FastMap::default(),
            long: FastMap::default(),
        }
    }

    /// `bytes` packed with their length (distinct byte strings give distinct keys), if
    /// they fit.
    #[inline]
    fn short_key(bytes: &[u8]) -> Option<u64> {
        if bytes.len() > 7 {
            return None;
        }
        // Byte by byte: a copy of a variable length would be a call to `memcpy`.
        let key = bytes
            .iter()
            .enumerate()
            .fold((bytes.len() as u64) << 56, |k, (i, &b)| {
                k | u64::from(b) << (8 * i)
            });
        Some(key)
    }

    /// The entry of `tiny` for a value of at most one byte.
    #[inline]
    fn tiny_index(bytes: &[u8]) -> usize {
        bytes.first().map_or(256, |&b| usize::from(b))
    }

    #[inline]
    pub(super) fn get(&self, bytes: &[u8]) -> Option<&Result<Parsed, String>> {
        if !self.open {
            return None;
        }
        if bytes.len() <= 1 {
            return self.tiny[Memo::tiny_index(bytes)].as_ref();
        }
        match Memo::short_key(bytes) {
            Some(k) => self.short.get(&k),
            None => self.long.get(bytes),
        }
    }

    /// Remembers the parse of `bytes`, or stops remembering once the column has shown
    /// [`MEMO_VALUES`] distinct values (weights, birth years of a huge sample…).
    pub(super) fn insert(&mut self, bytes: &[u8], parsed: &Result<Parsed, String>) {
        if !self.open {
            return;
        }
        if self.tiny_len + self.short.len() + self.long.len() >= MEMO_VALUES {
            *self = Memo::new(false);
            return;
        }
        if bytes.len() <= 1 {
            let slot = &mut self.tiny[Memo::tiny_index(bytes)];
            if slot.is_none() {
                self.tiny_len += 1;
            }
            *slot = Some(parsed.clone());
            return;
        }
        match Memo::short_key(bytes) {
            Some(k) => self.short.insert(k, parsed.clone()),
            None => self.long.insert(bytes.into(), parsed.clone()),
        };
    }
}

/// Distinct values remembered per survey column.
const MEMO_VALUES: usize = 4096;
