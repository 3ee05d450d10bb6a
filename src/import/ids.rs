//! Respondent-id lookup for the loader at a million respondents: an open-addressing table
//! of `u32` indices (the keys live elsewhere, in the id column or an arena), and the set of
//! ids met in the survey with the line of each (for the duplicate-id error). A map keyed by
//! `String` costs an allocation plus 24 bytes of header plus a slot of key, value and
//! control byte per id; here an id costs its bytes, an end offset, its line and two `u32`
//! slots — about a third of the memory for short ids, which keeps the peak memory of a
//! load low.

use std::hash::BuildHasher;

use crate::study::Ids;

/// Indices into a key store, found by the key's bytes. Keys are distinct (callers look up
/// before inserting). Kept at most half full, so probes stay short. Each slot holds the
/// index and the high half of the key's hash: a probe compares keys only when the hashes
/// agree, so looking up a new key (every survey row) almost never reads the key store,
/// whose entries are scattered in memory.
pub(crate) struct IdIndex {
    slots: Vec<u64>,
    len: usize,
    shift: u32,
    state: foldhash::fast::FixedState,
}

const EMPTY: u64 = u64::MAX;

impl IdIndex {
    /// Room for `n` keys without growing.
    pub(crate) fn with_capacity(n: usize) -> IdIndex {
        let size = (n.max(8) * 2).next_power_of_two();
        IdIndex {
            slots: vec![EMPTY; size],
            len: 0,
            shift: 64 - size.trailing_zeros(),
            state: foldhash::fast::FixedState::default(),
        }
    }

    fn hash(&self, key: &[u8]) -> u64 {
        self.state.hash_one(key)
    }

    /// The slot of the home position (top bits of the hash) and the tag (high half of the
    /// hash, in the high half of a slot).
    fn home(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn probe<'k>(&self, key: &[u8], hash: u64, key_of: &impl Fn(u32) -> &'k [u8]) -> usize {
        let mask = self.slots.len() - 1;
        let tag = hash & 0xffff_ffff_0000_0000;
        let mut s = self.home(hash);
        loop {
            let slot = self.slots[s];
            if slot == EMPTY || (slot & 0xffff_ffff_0000_0000 == tag && key_of(slot as u32) == key)
            {
                return s;
            }
            s = (s + 1) & mask;
        }
    }

    /// The index stored for `key`; `key_of(i)` gives the bytes of stored index `i`.
    #[inline]
    pub(crate) fn find<'k>(&self, key: &[u8], key_of: impl Fn(u32) -> &'k [u8]) -> Option<u32> {
        let s = self.probe(key, self.hash(key), &key_of);
        let slot = self.slots[s];
        (slot != EMPTY).then_some(slot as u32)
    }

    /// The index stored for `key` if there is one; otherwise stores `i` (< `u32::MAX`) for
    /// it and returns `None`. One probe does both.
    pub(crate) fn find_or_insert<'k>(
        &mut self,
        key: &[u8],
        i: u32,
        key_of: impl Fn(u32) -> &'k [u8],
    ) -> Option<u32> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = self.hash(key);
        let s = self.probe(key, hash, &key_of);
        let slot = self.slots[s];
        if slot != EMPTY {
            return Some(slot as u32);
        }
        self.slots[s] = (hash & 0xffff_ffff_0000_0000) | u64::from(i);
        self.len += 1;
        None
    }

    /// Stores index `i` for `key`, which must not be present yet (and `i` < `u32::MAX`).
    pub(crate) fn insert<'k>(&mut self, key: &[u8], i: u32, key_of: impl Fn(u32) -> &'k [u8]) {
        let _present = self.find_or_insert(key, i, key_of);
        debug_assert!(_present.is_none());
    }

    /// Doubles the table. The tags are the high halves of the full hashes, so slots move
    /// without reading the keys: the new home is the hash's top bits, which the tag holds
    /// (tables never reach 2^32 slots).
    fn grow(&mut self) {
        let mut bigger = IdIndex::with_capacity(self.slots.len());
        let mask = bigger.slots.len() - 1;
        for &slot in self.slots.iter().filter(|&&j| j != EMPTY) {
            let mut s = bigger.home(slot);
            while bigger.slots[s] != EMPTY {
                s = (s + 1) & mask;
            }
            bigger.slots[s] = slot;
        }
        bigger.len = self.len;
        *self = bigger;
    }
}

/// Byte equality for the short fields of an event row (ids, type and action names),
/// compared in line: slice `==` calls the C library's `memcmp`, whose call costs more than
/// comparing ten bytes (it was a tenth of the event loop).
#[inline]
pub(crate) fn short_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Shortlex order: shorter first, then byte by byte. Zero-padded ids ("R0000009" <
/// "R0000010") and plain numbers ("9" < "10") both increase in it, so an export sorted
/// by id is increasing.
fn shortlex_less(a: &[u8], b: &[u8]) -> bool {
    (a.len(), a) < (b.len(), b)
}

/// The ids met in the survey (analysed or rejected), each once, with its first line.
///
/// While the ids arrive in increasing (shortlex) order — exports sorted by respondent id —
/// a new id is greater than every earlier one, so it cannot repeat one and no lookup is
/// needed. The hash index is built the first time an id is out of order. A table of a
/// million slots is far larger than the caches, and on a virtual machine each random
/// probe costs hundreds of nanoseconds; skipping them saves the better part of a second
/// at a million respondents.
#[derive(Default)]
pub(crate) struct SeenIds {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    lines: Vec<u64>,
    /// `None` while every id so far was greater than the one before.
    index: Option<IdIndex>,
}

impl SeenIds {
    /// The line on which `id` was first met: bisection while the ids came in increasing
    /// order, the index once they did not.
    pub(crate) fn first_line(&self, id: &str) -> Option<u64> {
        let (bytes, ends) = (&self.bytes, &self.ends);
        let i = match &self.index {
            Some(index) => index.find(id.as_bytes(), |i| slice_of(bytes, ends, i))? as usize,
            None => {
                let at = |j: usize| slice_of(bytes, ends, j as u32);
                let (mut lo, mut hi) = (0, self.lines.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if shortlex_less(at(mid), id.as_bytes()) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if lo == self.lines.len() || at(lo) != id.as_bytes() {
                    return None;
                }
                lo
            }
        };
        Some(self.lines[i])
    }

    /// Room for `n` more ids of `bytes` bytes in all.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.bytes.reserve(bytes);
        self.ends.reserve(n);
        self.lines.reserve(n);
    }

    /// Records `id` met on `line`, unless it was met before (the first line is kept).
    pub(crate) fn insert(&mut self, id: &str, line: u64) {
        let _ = self.first_line_or_insert(id, line);
    }

    /// The line on which `id` was first met, or `None` after recording it as met on `line`.
    pub(crate) fn first_line_or_insert(&mut self, id: &str, line: u64) -> Option<u64> {
        let n = self.lines.len();
        if self.index.is_none() {
            let increasing = n == 0
                || shortlex_less(
                    slice_of(&self.bytes, &self.ends, n as u32 - 1),
                    id.as_bytes(),
                );
            if !increasing {
                let (bytes, ends) = (&self.bytes, &self.ends);
                let mut index = IdIndex::with_capacity(n.max(1024));
                for j in 0..n as u32 {
                    index.insert(slice_of(bytes, ends, j), j, |k| slice_of(bytes, ends, k));
                }
                self.index = Some(index);
            }
        }
        let (bytes, ends) = (&self.bytes, &self.ends);
        if let Some(index) = self.index.as_mut() {
            if let Some(j) =
                index.find_or_insert(id.as_bytes(), n as u32, |j| slice_of(bytes, ends, j))
            {
                return Some(self.lines[j as usize]);
            }
        }
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends.push(self.bytes.len());
        self.lines.push(line);
        None
    }
}

/// Finds respondents by id in a study's [`Ids`] (for the behaviour readers).
///
/// Event logs list a respondent's events together, usually in the survey's order, so the
/// respondent after the previous one is tried first (a comparison with the next id in the
/// arena). Otherwise, when the ids are in increasing shortlex order the arena is searched
/// by bisection; when they are not, a hash index is built.
pub(crate) struct IdLookup<'a> {
    ids: &'a Ids,
    index: Option<IdIndex>,
}

impl<'a> IdLookup<'a> {
    pub(crate) fn new(ids: &'a Ids) -> IdLookup<'a> {
        let increasing =
            (1..ids.len()).all(|i| shortlex_less(ids[i - 1].as_bytes(), ids[i].as_bytes()));
        let index = (!increasing).then(|| {
            let mut index = IdIndex::with_capacity(ids.len());
            for (i, id) in ids.iter().enumerate() {
                index.insert(id.as_bytes(), i as u32, |j| ids[j as usize].as_bytes());
            }
            index
        });
        IdLookup { ids, index }
    }

    /// The respondent whose id is `id`; `previous` is the respondent found last, if any.
    #[inline]
    pub(crate) fn find(&self, id: &[u8], previous: Option<usize>) -> Option<u32> {
        let ids = self.ids;
        if let Some(next) = previous.map(|p| p + 1) {
            if ids.get(next).is_some_and(|n| short_eq(n.as_bytes(), id)) {
                return Some(next as u32);
            }
        }
        match &self.index {
            Some(index) => index.find(id, |j| ids[j as usize].as_bytes()),
            None => {
                let (mut lo, mut hi) = (0, ids.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let m = ids[mid].as_bytes();
                    if m == id {
                        return Some(mid as u32);
                    }
                    if shortlex_less(m, id) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                None
            }
        }
    }
}

fn slice_of<'a>(bytes: &'a [u8], ends: &[usize], i: u32) -> &'a [u8] {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &bytes[start..ends[i]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_finds_every_key_after_growing() {
        let keys: Vec<String> = (0..5000).map(|i| format!("R{i:07}")).collect();
        let mut index = IdIndex::with_capacity(4);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                index.find(k.as_bytes(), |j| keys[j as usize].as_bytes()),
                None
            );
            index.insert(k.as_bytes(), i as u32, |j| keys[j as usize].as_bytes());
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(
                index.find(k.as_bytes(), |j| keys[j as usize].as_bytes()),
                Some(i as u32)
            );
        }
        assert_eq!(
            index.find(b"R9999999", |j| keys[j as usize].as_bytes()),
            None
        );
        assert_eq!(index.find(b"", |j| keys[j as usize].as_bytes()), None);
    }

    #[test]
    fn lookup_finds_every_id_sorted_or_not_with_or_without_a_hint() {
        let sorted: Ids = ["1", "2", "9", "b", "10", "11", "ab", "R0000001", "R0000002"]
            .iter()
            .collect();
        let shuffled: Ids = ["R_b", "R_a", "7", "R_c", "12"].iter().collect();
        for ids in [&sorted, &shuffled] {
            let lookup = IdLookup::new(ids);
            assert_eq!(lookup.index.is_none(), std::ptr::eq(ids, &sorted));
            for (i, id) in ids.iter().enumerate() {
                for hint in [
                    None,
                    Some(0),
                    Some(i.saturating_sub(1)),
                    Some(ids.len() + 5),
                ] {
                    assert_eq!(
                        lookup.find(id.as_bytes(), hint),
                        Some(i as u32),
                        "{id} {hint:?}"
                    );
                }
            }
            for missing in ["", "0", "3", "100", "R0000003", "a", "zz", "R_d"] {
                assert_eq!(lookup.find(missing.as_bytes(), Some(0)), None, "{missing}");
                assert_eq!(lookup.find(missing.as_bytes(), None), None, "{missing}");
            }
        }
    }

    #[test]
    fn seen_ids_find_repeats_in_sorted_then_unsorted_order() {
        let mut seen = SeenIds::default();
        for (k, id) in ["1", "2", "10", "R1", "R2"].iter().enumerate() {
            assert_eq!(seen.first_line_or_insert(id, k as u64 + 2), None);
        }
        assert!(seen.index.is_none(), "increasing ids need no index");
        assert_eq!(seen.first_line("10"), Some(4));
        assert_eq!(seen.first_line("R2"), Some(6));
        assert_eq!(seen.first_line("3"), None);
        assert_eq!(seen.first_line("R3"), None);
        assert_eq!(seen.first_line_or_insert("R2", 50), Some(6));
        assert!(seen.index.is_some());
        assert_eq!(seen.first_line_or_insert("2", 51), Some(3));
        assert_eq!(seen.first_line_or_insert("3", 52), None);
        assert_eq!(seen.first_line_or_insert("3", 53), Some(52));
        assert_eq!(seen.first_line_or_insert("R3", 54), None);
    }

    #[test]
    fn short_eq_is_byte_equality() {
        let words: [&[u8]; 6] = [b"", b"a", b"b", b"ab", b"location", b"locatioN"];
        for a in words {
            for b in words {
                assert_eq!(short_eq(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn seen_ids_keep_the_first_line() {
        let mut seen = SeenIds::default();
        for i in 0..3000u64 {
            seen.insert(&format!("id{i}"), i + 2);
        }
        seen.insert("id5", 99_999);
        seen.insert("", 7);
        assert_eq!(seen.first_line("id5"), Some(7));
        assert_eq!(seen.first_line("id2999"), Some(3001));
        assert_eq!(seen.first_line(""), Some(7));
        assert_eq!(seen.first_line("id3000"), None);
    }
}
