//! The Respondents table's columns: which there are (id, paradoxical, cohort, one per scale,
//! disclosure, one per group column, weight), each cell as text, and the order of the rows
//! sorted on a column, or that order restricted to fewer rows (a narrower filter) without
//! sorting again. Pure and cheap to call from any thread: the sort runs on a thread of its
//! own (see [`crate::tui::sorter`]) and reads the score columns in place, never a per-row
//! string.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::analysis::Respondents;
use crate::study::Study;

/// One column of the Respondents table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Cohort,
    /// A scale score (codebook order).
    Scale(usize),
    Disclosure,
    Paradoxical,
    /// A group column's level (index into `Study::groups`).
    Group(usize),
    /// The survey weight (only when the codebook declares weights).
    Weight,
}

/// Every column in display order. The paradoxical classification, the question the
/// workbench is about, sits next to the id: `l` `]` sorts the paradoxical first.
pub fn columns(study: &Study) -> Vec<Column> {
    let mut c = vec![Column::Id, Column::Paradoxical, Column::Cohort];
    c.extend((0..study.codebook.scales.len()).map(Column::Scale));
    c.push(Column::Disclosure);
    c.extend((0..study.groups.len()).map(Column::Group));
    if study.weight.is_some() {
        c.push(Column::Weight);
    }
    c
}

/// The column's header: its name as the codebook and the filter language spell it.
pub fn name(study: &Study, col: Column) -> String {
    match col {
        Column::Id => "id".into(),
        Column::Cohort => "cohort".into(),
        Column::Scale(s) => study
            .codebook
            .scales
            .get(s)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        Column::Disclosure => "disclosure".into(),
        Column::Paradoxical => "paradoxical".into(),
        Column::Group(g) => study
            .groups
            .get(g)
            .map(|f| f.name.clone())
            .unwrap_or_default(),
        Column::Weight => "weight".into(),
    }
}

/// Numbers right-aligned, words left-aligned.
pub fn is_numeric(col: Column) -> bool {
    matches!(
        col,
        Column::Scale(_) | Column::Disclosure | Column::Weight | Column::Paradoxical
    )
}

/// Row `i`'s cell in `col`, as shown (and as searched).
pub fn cell(rows: &Respondents, study: &Study, i: usize, col: Column) -> String {
    let num = |x: Option<f64>, dp| {
        x.map(|v| crate::fmt::num(v, dp))
            .unwrap_or_else(|| crate::fmt::MISSING_CELL.into())
    };
    match col {
        Column::Id => rows.id(study, i).to_string(),
        Column::Cohort => rows
            .cohort(i)
            .and_then(|c| study.cohort_names.get(c).cloned())
            .unwrap_or_else(|| "unknown".into()),
        Column::Scale(s) => num(rows.scale_score(s, i), 2),
        Column::Disclosure => num(rows.disclosure_score(i), 2),
        Column::Paradoxical => match rows.paradoxical(i) {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => crate::fmt::MISSING_CELL.into(),
        },
        Column::Group(g) => rows
            .group_level(study, g, i)
            .and_then(|l| study.groups.get(g)?.levels.get(l as usize).cloned())
            .unwrap_or_else(|| crate::fmt::MISSING_CELL.into()),
        Column::Weight => num(rows.weight(study, i), 3),
    }
}

/// Row `i`'s sort key in a non-text column: its value in an order-preserving `u64`
/// (numbers by IEEE total order, categories by their code), `None` when missing.
fn key(rows: &Respondents, study: &Study, i: usize, col: Column) -> Option<u64> {
    let float = |x: Option<f64>| {
        x.map(|v| {
            let b = v.to_bits();
            if b >> 63 == 1 {
                !b
            } else {
                b | 1 << 63
            }
        })
    };
    match col {
        Column::Id => None,
        Column::Cohort => rows.cohort(i).map(|c| c as u64),
        Column::Scale(s) => float(rows.scale_score(s, i)),
        Column::Disclosure => float(rows.disclosure_score(i)),
        Column::Paradoxical => rows.paradoxical(i).map(u64::from),
        Column::Group(g) => rows.group_level(study, g, i).map(u64::from),
        Column::Weight => float(rows.weight(study, i)),
    }
}

/// The rows (indices into `rows`) sorted on `col`: ascending or descending, missing values
/// last in either direction, ties in file order. Parallel (rayon); a million rows take
/// tens of milliseconds.
pub fn sorted_order(
    rows: &Respondents,
    study: &Study,
    col: Column,
    descending: bool,
) -> Vec<usize> {
    let n = rows.len();
    if col == Column::Id {
        let ids: Vec<&str> = (0..n).map(|i| rows.id(study, i)).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.par_sort_by(|&a, &b| {
            let o = natural(ids[a], ids[b]);
            if descending {
                o.reverse()
            } else {
                o
            }
        });
        return order;
    }
    // (missing, key, file position): one unstable sort of plain tuples, ties by position.
    let mut keyed: Vec<(bool, u64, u32)> = (0..n)
        .into_par_iter()
        .map(|i| match key(rows, study, i, col) {
            Some(k) => (false, if descending { !k } else { k }, i as u32),
            None => (true, 0, i as u32),
        })
        .collect();
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i as usize).collect()
}

/// A sorted order of some rows (as study rows, display order) restricted to `rows`: the
/// order [`sorted_order`] gives `rows` on the same column and direction, in one pass and
/// without comparing anything — `None` when some row of `rows` is not in `sorted`.
///
/// Why it is the same order, ties included: a row's sort key depends only on its study
/// row (scores, cohort, group level and weight never depend on the filter), and both the
/// sort of `sorted`'s rows and the fresh sort of `rows` break ties by file position, which
/// both row sets keep in study order. Keeping a subsequence of a sorted sequence leaves it
/// sorted, so the rows of `rows` come out exactly as a fresh sort puts them.
pub fn restrict_order(sorted: &[u32], rows: &Respondents, study_len: usize) -> Option<Vec<usize>> {
    let n = rows.len();
    if n > sorted.len() {
        return None;
    }
    // Position + 1 in `rows` of each study row; 0 = not in `rows`.
    let mut at = vec![0u32; study_len];
    for i in 0..n {
        *at.get_mut(rows.study_row(i))? = u32::try_from(i + 1).ok()?;
    }
    let mut order = Vec::with_capacity(n);
    for &r in sorted {
        if let Some(p) = at.get_mut(r as usize).filter(|p| **p > 0) {
            order.push(*p as usize - 1);
            *p = 0;
        }
    }
    (order.len() == n).then_some(order)
}

/// `order` (indices into `rows`) as study rows, for [`restrict_order`]; `None` when a study
/// row does not fit in 32 bits.
pub fn study_rows(order: &[usize], rows: &Respondents) -> Option<Vec<u32>> {
    order
        .iter()
        .map(|&i| u32::try_from(rows.study_row(i)).ok())
        .collect()
}

/// Ids like R2 < R10: the prefix before the trailing digits as text, then the trailing
/// digits by value (any length; none sorts first), then the whole id. No allocation: a
/// sort of a million ids makes tens of millions of comparisons.
pub fn natural(a: &str, b: &str) -> Ordering {
    fn split(s: &str) -> (&str, Option<&str>) {
        let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (prefix, tail) = s.split_at(s.len() - digits);
        // The value's digits: without leading zeros (an all-zero run is "0").
        let value = (digits > 0).then(|| {
            let v = tail.trim_start_matches('0');
            if v.is_empty() {
                "0"
            } else {
                v
            }
        });
        (prefix, value)
    }
    let by_value = |x: &str, y: &str| x.len().cmp(&y.len()).then_with(|| x.cmp(y));
    let (pa, na) = split(a);
    let (pb, nb) = split(b);
    pa.cmp(pb)
        .then_with(|| match (na, nb) {
            (Some(x), Some(y)) => by_value(x, y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        })
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        assert_eq!(natural("R2", "R10"), Ordering::Less);
        assert_eq!(natural("R10", "R9"), Ordering::Greater);
        assert_eq!(natural("a", "b"), Ordering::Less);
        // Leading zeros do not change the value; the whole id breaks the tie.
        assert_eq!(natural("R007", "R7"), Ordering::Less);
        assert_eq!(natural("R0010", "R9"), Ordering::Greater);
        assert_eq!(natural("R000", "R0"), Ordering::Greater);
        // No trailing number sorts before any number with the same prefix.
        assert_eq!(natural("R", "R0"), Ordering::Less);
        // Numbers beyond any integer type still compare by value.
        assert_eq!(
            natural(
                "x99999999999999999999999999999999999999999",
                "x100000000000000000000000000000000000000000"
            ),
            Ordering::Less
        );
        assert_eq!(natural("R1", "R1"), Ordering::Equal);
    }

    #[test]
    fn float_keys_keep_the_order_of_the_numbers() {
        let k = |v: f64| {
            let b = v.to_bits();
            if b >> 63 == 1 {
                !b
            } else {
                b | 1 << 63
            }
        };
        let xs = [-3.5, -0.0, 0.0, 0.25, 1.0, 7.0];
        assert!(xs.windows(2).all(|w| k(w[0]) <= k(w[1])));
        assert!(k(-1.0) < k(1.0));
    }
}
