//! Remembered parses of one survey column. Survey answers repeat a few codes or labels a
//! million times; parsing a value is a pure function of its bytes (a group's level code is
//! fixed by its first appearance), so a remembered result is exactly what parsing again
//! would give. The same store gives each distinct value of a column a number
//! ([`Coder`]), so that the thread that cuts the survey into records can look values up
//! while the loader's thread, which validates them, only indexes a table.

use std::collections::HashMap;

use super::row::Parsed;

/// Keyed by a cell's bytes, hit once per cell: foldhash instead of SipHash (no HashDoS
/// concern: the keys come from the researcher's own files).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Remembered parses of one survey column (the id column, whose values are all new, is
/// never remembered), or any other value kept per distinct cell.
pub(super) struct Memo<V = Result<Parsed, String>> {
    /// Still remembering: turned off once the column shows more than [`MEMO_VALUES`]
    /// distinct values.
    open: bool,
    /// Values of at most one byte (single-digit codes, the most common answers) by their
    /// byte, the empty value last: an index instead of a hash.
    tiny: Vec<Option<V>>,
    /// Entries of `tiny` filled.
    tiny_len: usize,
    /// Values of two to seven bytes (codes, short labels), keyed by their bytes packed into
    /// an integer with the length on top: hashing and comparing a `u64` is a few
    /// instructions, a boxed byte key costs a hash of a slice and a `memcmp`.
    short: FastMap<u64, V>,
    long: FastMap<Box<[u8]>, V>,
}

impl<V: Clone> Memo<V> {
    pub(super) fn new(open: bool) -> Memo<V> {
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
    pub(super) fn get(&self, bytes: &[u8]) -> Option<&V> {
        if !self.open {
            return None;
        }
        if bytes.len() <= 1 {
            return self.tiny[Self::tiny_index(bytes)].as_ref();
        }
        match Self::short_key(bytes) {
            Some(k) => self.short.get(&k),
            None => self.long.get(bytes),
        }
    }

    /// Remembers the parse of `bytes`, or stops remembering once the column has shown
    /// [`MEMO_VALUES`] distinct values (weights, birth years of a huge sample…).
    pub(super) fn insert(&mut self, bytes: &[u8], parsed: &V) {
        if !self.open {
            return;
        }
        if self.tiny_len + self.short.len() + self.long.len() >= MEMO_VALUES {
            *self = Memo::new(false);
            return;
        }
        if bytes.len() <= 1 {
            let slot = &mut self.tiny[Self::tiny_index(bytes)];
            if slot.is_none() {
                self.tiny_len += 1;
            }
            *slot = Some(parsed.clone());
            return;
        }
        match Self::short_key(bytes) {
            Some(k) => self.short.insert(k, parsed.clone()),
            None => self.long.insert(bytes.into(), parsed.clone()),
        };
    }
}

/// Distinct values remembered per survey column.
const MEMO_VALUES: usize = 4096;

/// No number: the column has shown too many distinct values to number them all (its
/// cells are parsed one by one).
pub(super) const NO_CODE: u32 = u32::MAX;

/// Numbers for the distinct values of one survey column, in order of first appearance,
/// up to [`MEMO_VALUES`] of them; [`NO_CODE`] for every value after that.
pub(super) struct Coder {
    memo: Memo<u32>,
    next: u32,
}

impl Coder {
    pub(super) fn new() -> Coder {
        Coder {
            memo: Memo::new(true),
            next: 0,
        }
    }

    /// The number of the value `bytes`.
    #[inline]
    pub(super) fn code(&mut self, bytes: &[u8]) -> u32 {
        if let Some(&c) = self.memo.get(bytes) {
            return c;
        }
        if !self.memo.open {
            return NO_CODE;
        }
        self.memo.insert(bytes, &self.next);
        if !self.memo.open {
            return NO_CODE;
        }
        self.next += 1;
        self.next - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values are numbered in order of first appearance whatever their length (one byte,
    /// up to seven, longer); once a column has shown `MEMO_VALUES` distinct values every
    /// value is unnumbered, so the loader parses each cell itself.
    #[test]
    fn coder_numbers_values_in_order_of_first_appearance_until_too_many() {
        let mut c = Coder::new();
        let values: [&[u8]; 6] = [
            b"4",
            b"",
            b"Female",
            b"Somewhat acceptable",
            b"4",
            b"Female",
        ];
        let codes: Vec<u32> = values.iter().map(|v| c.code(v)).collect();
        assert_eq!(codes, [0, 1, 2, 3, 0, 2]);
        for i in 4..MEMO_VALUES as u32 {
            assert_eq!(c.code(format!("v{i}").as_bytes()), i);
        }
        assert_eq!(c.code(b"one too many"), NO_CODE);
        assert_eq!(c.code(b"4"), NO_CODE);
    }
}
