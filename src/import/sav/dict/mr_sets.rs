//! Multiple-response sets (subtypes 7 and 19): descriptive, never needed to read the data,
//! so a set that does not parse ends the record instead of the file.

use super::variables::Built;
use crate::import::sav::text::Encoding;
use crate::import::sav::types::{SavMrKind, SavMrSet};

/// Multiple-response sets (subtypes 7 and 19; GNU PSPP manual, "Multiple Response Sets
/// Records"): one set per line, `$name=C <label>  vars`, `$name=D<counted> <label> vars`
/// or `$name=E <flag> <counted> <label> vars`, where `<counted>` and `<label>` are a decimal
/// byte count, a space and that many bytes. A set that does not parse ends the record
/// (what came before is kept): the sets are descriptive and never needed to read the data.
pub(super) fn parse_mr_sets(data: &[u8], b: &Built, encoding: Encoding) -> Vec<SavMrSet> {
    let mut sets = Vec::new();
    let mut p = MrParser { data, pos: 0 };
    loop {
        while p.peek() == Some(b'\n') {
            p.pos += 1;
        }
        if p.peek().is_none() {
            break;
        }
        match p.set(b, encoding) {
            Some(set) => sets.push(set),
            None => break,
        }
    }
    sets
}

struct MrParser<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> MrParser<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// Bytes up to (not including) the next `stop`, which is consumed.
    fn until(&mut self, stop: u8) -> Option<&'a [u8]> {
        let rest = self.data.get(self.pos..)?;
        let n = rest.iter().position(|&c| c == stop)?;
        self.pos += n + 1;
        Some(&rest[..n])
    }

    /// `<decimal count> <count bytes>`.
    fn counted(&mut self) -> Option<&'a [u8]> {
        let digits = self.until(b' ')?;
        let n: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn set(&mut self, b: &Built, encoding: Encoding) -> Option<SavMrSet> {
        let name = encoding.decode(self.until(b'=')?).ok()?;
        let kind = match self.peek()? {
            b'C' => {
                self.pos += 1;
                self.expect(b' ')?;
                SavMrKind::Category
            }
            b'D' => {
                self.pos += 1;
                let counted = encoding.decode(self.counted()?).ok()?;
                self.expect(b' ')?;
                SavMrKind::Dichotomy { counted }
            }
            b'E' => {
                self.pos += 1;
                self.expect(b' ')?;
                let _label_source = self.until(b' ')?;
                let counted = encoding.decode(self.counted()?).ok()?;
                self.expect(b' ')?;
                SavMrKind::Dichotomy { counted }
            }
            _ => return None,
        };
        let label = encoding.decode(self.counted()?).ok()?;
        self.expect(b' ')?;
        let rest = self.data.get(self.pos..)?;
        let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        self.pos += end;
        let variables = rest[..end]
            .split(|&c| c == b' ')
            .filter(|v| !v.is_empty())
            .filter_map(|v| b.lookup(v, encoding))
            .collect();
        Some(SavMrSet {
            name,
            label: Some(label).filter(|l| !l.is_empty()),
            kind,
            variables,
        })
    }
}
