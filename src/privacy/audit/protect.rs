//! Suppressing more until the audit finds nothing: for each disclosed hidden cell, the
//! smallest non-zero published count that shares a line with it (another cell of a row or
//! band published in total beside it) is nulled, with the proportions and tests that would
//! reveal that count; then the summary is audited again.

use std::collections::HashSet;

use serde_json::Value;

use super::cube::{Built, Kind, Published};
use super::lp::{self, Bounds};
use super::{run, Run};
use crate::analysis::summary::{AuditInfo, Summary};
use crate::privacy::rules::MinCell;

/// Rounds of suppress-and-audit before giving up (each round hides at least one count).
const MAX_ROUNDS: usize = 40;

/// Suppresses more of `summary` until no hidden cell's interval discloses a small count;
/// returns the final audit with the number of counts it nulled (`cells_added`). Each count
/// chosen is nulled with the values that would reveal it; nothing else is hidden, so a count
/// nulled here may still be recomputable by subtraction (it was publishable anyway). Does
/// nothing but audit when suppression is off. For a summary whose unsuppressed source is at
/// hand, [`protect_suppressed`] does better.
pub fn protect(summary: &mut Summary, min_cell: u32) -> AuditInfo {
    let plain = summary.clone();
    let mut r = run(summary);
    if MinCell::new(min_cell).is_off() {
        return r.info(min_cell, 0);
    }
    for _ in 0..MAX_ROUNDS {
        let chosen = choose(&r, min_cell, &HashSet::new());
        if chosen.is_empty() {
            break;
        }
        null_all(summary, &chosen);
        r = run(summary);
    }
    r.info(min_cell, added(&plain, summary))
}

/// Like [`protect`], for `summary` = `unsuppressed` after `suppress::suppress`: each count
/// chosen is handed to suppression as if it were a small count, so complementary
/// suppression protects it in turn (no hidden count becomes recoverable by subtraction), and
/// the derived values follow suppression's own rules.
pub fn protect_suppressed(
    unsuppressed: &Summary,
    summary: &mut Summary,
    min_cell: u32,
) -> AuditInfo {
    let plain = summary.clone();
    let mut r = run(summary);
    if MinCell::new(min_cell).is_off() {
        return r.info(min_cell, 0);
    }
    let mut forced: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let taken: HashSet<String> = forced.iter().cloned().collect();
        let chosen = choose(&r, min_cell, &taken);
        let before = forced.len();
        for p in chosen {
            if !forced.contains(&p[0]) {
                forced.push(p[0].clone());
            }
        }
        if forced.len() == before {
            break;
        }
        let mut s = unsuppressed.clone();
        set_all(&mut s, &forced, Value::from(1u64));
        crate::privacy::suppress::suppress(&mut s, min_cell, true);
        *summary = s;
        r = run(summary);
    }
    r.info(min_cell, added(&plain, summary))
}

/// The pointers of one count to suppress for each disclosed cell.
fn choose(r: &Run, min_cell: u32, taken: &HashSet<String>) -> Vec<Vec<String>> {
    let mut chosen: HashSet<String> = taken.clone();
    let mut out = Vec::new();
    for i in r.disclosed(min_cell) {
        if let Some(p) = partner(r, i, &chosen, min_cell) {
            chosen.insert(p[0].clone());
            out.push(p);
        }
    }
    out
}

/// Counts (not proportions or tests) published in `plain` and null in `now`.
fn added(plain: &Summary, now: &Summary) -> u64 {
    crate::privacy::suppressed_paths(plain, now)
        .iter()
        .filter(|p| is_count(p))
        .count() as u64
}

fn is_count(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    ["levels[", "concern_table[", "table[", "counts[", "heatmap["]
        .iter()
        .any(|k| last.starts_with(k))
        || [
            "n",
            "n_pairs",
            "n_complete",
            "unknown",
            "unknown_cohort",
            "rejected_rows",
            "respondents",
        ]
        .contains(&last)
}

/// Candidates tried per disclosed cell before settling for the one that widens it most.
const TRIES: usize = 8;

/// The pointers of the count to suppress for disclosed cell `i`: among the published cells
/// beside it in a published line (a published sum that contains it), smallest first, the
/// first whose suppression alone makes its interval safe, else the one that widens it most;
/// without such cells, a line itself.
fn partner(r: &Run, i: usize, chosen: &HashSet<String>, min_cell: u32) -> Option<Vec<String>> {
    let (_, _, _, fi, ti) = r.cells[i];
    let b = &r.families[fi];
    let target: HashSet<usize> = b.family.targets[ti].atoms.iter().copied().collect();
    let free = |p: &Published| p.value > 0 && !chosen.contains(&p.pointers[0]);
    let lines: Vec<&Published> = b
        .published
        .iter()
        .filter(|q| {
            q.atoms.iter().any(|a| target.contains(a))
                && !q.atoms.iter().all(|a| target.contains(a))
        })
        .collect();
    let line_sets: Vec<HashSet<usize>> = lines
        .iter()
        .map(|q| q.atoms.iter().copied().collect())
        .collect();
    // How many lines through the hidden cell a candidate lies in: the more, the more its
    // suppression widens the cell's interval.
    let shared = |p: &Published| {
        line_sets
            .iter()
            .filter(|l| p.atoms.iter().all(|a| l.contains(a)))
            .count()
    };
    let mut beside: Vec<(&Published, usize)> = b
        .published
        .iter()
        .filter(|p| p.kind == Kind::Cell && free(p))
        .filter(|p| p.atoms.iter().all(|a| !target.contains(a)))
        .map(|p| (p, shared(p)))
        .filter(|(_, k)| *k > 0)
        .collect();
    // Partners in the hidden cell's own kind of table first (a group level's cell is widened
    // by the other levels' cells, not by the cohort rows).
    let in_group = b.family.targets[ti].table.starts_with("by_group[");
    let same = |p: &Published| p.pointers[0].starts_with("/by_group/") == in_group;
    beside.sort_by_key(|(p, k)| (!same(p), std::cmp::Reverse(*k), p.value));
    let beside: Vec<&Published> = beside.into_iter().map(|(p, _)| p).collect();
    let mut in_lines: Vec<&Published> = lines.iter().copied().filter(|q| free(q)).collect();
    in_lines.sort_by_key(|q| (q.kind != Kind::Cell, q.value));
    let now = r.cells[i].2;
    let mut best: Option<(&Published, f64)> = None;
    for p in beside.iter().chain(&in_lines).take(TRIES) {
        let Some(w) = width_without(b, ti, p) else {
            continue;
        };
        if !super::discloses(w, min_cell) {
            return Some(p.pointers.clone());
        }
        let wider = w.hi - w.lo > now.hi - now.lo + 0.5;
        if wider && best.is_none_or(|(_, bw)| w.hi - w.lo > bw) {
            best = Some((p, w.hi - w.lo));
        }
    }
    best.map(|(p, _)| p.pointers.clone()).or_else(|| {
        beside
            .iter()
            .find(|p| same(p))
            .or(beside.first())
            .or(in_lines.first())
            .map(|p| p.pointers.clone())
    })
}

/// Target `ti`'s interval once `p` (and every published value its suppression nulls) is
/// hidden.
fn width_without(b: &Built, ti: usize, p: &Published) -> Option<Bounds> {
    let gone: Vec<&Published> = b
        .published
        .iter()
        .filter(|q| p.pointers.contains(&q.pointers[0]))
        .collect();
    let mut f = b.family.clone();
    for q in gone {
        if let Some(k) =
            f.eq.iter()
                .position(|(atoms, v)| *atoms == q.atoms && *v == q.value as f64)
        {
            f.eq.remove(k);
        }
    }
    f.targets = vec![b.family.targets[ti].clone()];
    lp::bounds(&f).ok()?.first().copied()
}

/// The parts of `summary.json` the audit's pointers reach.
const SECTIONS: [&str; 7] = [
    "study",
    "cohorts",
    "gap",
    "data_types",
    "tactics",
    "by_group",
    "sensitivity",
];

/// Nulls every pointer (the first of each list is a count, the rest what would reveal it).
fn null_all(s: &mut Summary, pointers: &[Vec<String>]) {
    let all: Vec<String> = pointers.iter().flatten().cloned().collect();
    set_all(s, &all, Value::Null);
}

/// Sets every pointer that reaches a non-null value of `s` to `to`.
fn set_all(s: &mut Summary, pointers: &[String], to: Value) {
    let Ok(Value::Object(mut all)) = serde_json::to_value(&*s) else {
        return;
    };
    all.retain(|k, _| SECTIONS.contains(&k.as_str()));
    let mut v = Value::Object(all);
    for p in pointers {
        if let Some(slot) = v.pointer_mut(p).filter(|x| !x.is_null()) {
            *slot = to.clone();
        }
    }
    write_back(s, v);
}

fn write_back(s: &mut Summary, v: Value) {
    fn take<T: serde::de::DeserializeOwned>(v: &Value, key: &str, into: &mut T) {
        if let Some(x) = v.get(key) {
            let read = serde_json::from_value(x.clone());
            debug_assert!(
                read.is_ok(),
                "{key}: a pointer nulled a value that cannot be null"
            );
            if let Ok(t) = read {
                *into = t;
            }
        }
    }
    take(&v, "study", &mut s.study);
    take(&v, "cohorts", &mut s.cohorts);
    take(&v, "gap", &mut s.gap);
    take(&v, "data_types", &mut s.data_types);
    take(&v, "tactics", &mut s.tactics);
    take(&v, "by_group", &mut s.by_group);
    take(&v, "sensitivity", &mut s.sensitivity);
}
