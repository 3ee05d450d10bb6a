//! Respondent ids stored in one arena: the ids' text back to back plus the end offset of
//! each. A `Vec<String>` costs 24 bytes of header plus a heap block (32 bytes at least) per
//! id — about 56 MB for a million eight-character ids; here they cost their bytes plus
//! eight, 16 MB (a load's peak memory is dominated by such columns), and reading them back
//! is a slice of one buffer.

use std::fmt;
use std::ops::Index;

/// The ids of a study's respondents, in respondent order.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    /// Room for `n` ids of `bytes` bytes in all.
    pub fn with_capacity(n: usize, bytes: usize) -> Ids {
        Ids {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
        }
    }

    /// Room for `n` more ids of `bytes` bytes in all.
    pub fn reserve(&mut self, n: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(n);
    }

    pub fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of respondent `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Keeps the ids of the respondents `i` for which `keep(i)` holds, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let mut text = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        for i in 0..self.len() {
            if keep(i) {
                text.push_str(&self[i]);
                ends.push(text.len());
            }
        }
        self.text = text;
        self.ends = ends;
    }

    /// Frees the room reserved but not used.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl Index<usize> for Ids {
    type Output = str;

    /// The id of respondent `i`; panics when `i` is out of range, like a slice.
    fn index(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

impl fmt::Debug for Ids {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Ids {
        let mut ids = Ids::default();
        for id in iter {
            ids.push(id.as_ref());
        }
        ids
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Ids {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Ids {
    fn eq(&self, other: &[S; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_pushed() {
        let mut ids = Ids::default();
        assert!(ids.is_empty());
        for id in ["R1", "", "ü-7", "R1000"] {
            ids.push(id);
        }
        assert_eq!(ids.len(), 4);
        assert_eq!(&ids[0], "R1");
        assert_eq!(&ids[1], "");
        assert_eq!(ids.get(2), Some("ü-7"));
        assert_eq!(ids.get(4), None);
        assert_eq!(ids, vec!["R1", "", "ü-7", "R1000"]);
        assert_ne!(ids, vec!["R1", "", "ü-7"]);
        assert_eq!(format!("{ids:?}"), r#"["R1", "", "ü-7", "R1000"]"#);
        let back: Ids = ids.iter().collect();
        assert_eq!(back, ids);
        ids.retain(|i| i != 1 && i != 2);
        assert_eq!(ids, vec!["R1", "R1000"]);
    }
}
