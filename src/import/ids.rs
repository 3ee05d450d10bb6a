//! Respondent-id lookup for the loader at a million respondents: an open-addressing table
//! of `u32` indices (the keys live elsewhere, in the id column or an arena), and the set of
//! ids met in the survey with the line of each (for the duplicate-id error). A map keyed by
//! `String` costs an allocation plus 24 bytes of header plus a slot of key, value and
//! control byte per id; here an id costs its bytes, an end offset, its line and two `u32`
//! slots — about a third of the memory for short ids (issue 7: peak RSS).

use std::hash::BuildHasher;

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

/// The ids met in the survey (analysed or rejected), each once, with its first line.
pub(crate) struct SeenIds {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    lines: Vec<u64>,
    index: IdIndex,
}

impl Default for SeenIds {
    fn default() -> Self {
        SeenIds {
            bytes: Vec::new(),
            ends: Vec::new(),
            lines: Vec::new(),
            index: IdIndex::with_capacity(1024),
        }
    }
}

impl SeenIds {
    /// The line on which `id` was first met.
    #[cfg(test)]
    pub(crate) fn first_line(&self, id: &str) -> Option<u64> {
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.index
            .find(id.as_bytes(), |i| slice_of(bytes, ends, i))
            .map(|i| self.lines[i as usize])
    }

    /// Records `id` met on `line`, unless it was met before (the first line is kept).
    pub(crate) fn insert(&mut self, id: &str, line: u64) {
        let _ = self.first_line_or_insert(id, line);
    }

    /// The line on which `id` was first met, or `None` after recording it as met on `line`.
    pub(crate) fn first_line_or_insert(&mut self, id: &str, line: u64) -> Option<u64> {
        let i = self.lines.len() as u32;
        let (bytes, ends) = (&self.bytes, &self.ends);
        if let Some(j) = self
            .index
            .find_or_insert(id.as_bytes(), i, |j| slice_of(bytes, ends, j))
        {
            return Some(self.lines[j as usize]);
        }
        self.bytes.extend_from_slice(id.as_bytes());
        self.ends.push(self.bytes.len());
        self.lines.push(line);
        None
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
