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
/// returns the final audit with the number of counts it nulled (`cells_added`). Does nothing
/// but audit when suppression is off.
pub fn protect(summary: &mut Summary, min_cell: u32) -> AuditInfo {
    let mut added = 0u64;
    let mut r = run(summary);
    if MinCell::new(min_cell).is_off() {
        return r.info(min_cell, 0);
    }
    for _ in 0..MAX_ROUNDS {
        let disclosed = r.disclosed(min_cell);
        if disclosed.is_empty() {
            break;
        }
        let mut pointers: Vec<Vec<String>> = Vec::new();
        let mut chosen: HashSet<String> = HashSet::new();
        for i in disclosed {
            if let Some(p) = partner(&r, i, &chosen, min_cell) {
                chosen.insert(p[0].clone());
                pointers.push(p);
            }
        }
        if pointers.is_empty() {
            break;
        }
        added += null_all(summary, &pointers);
        r = run(summary);
    }
    r.info(min_cell, added)
}

/// Candidates tried per disclosed cell before settling for the one that widens it most.
const TRIES: usize = 40;

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
    beside.sort_by_key(|(p, k)| (std::cmp::Reverse(*k), p.value));
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
            .first()
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

/// Nulls every pointer (the first of each list is a count); returns how many counts went
/// from a value to null.
fn null_all(s: &mut Summary, pointers: &[Vec<String>]) -> u64 {
    let Ok(Value::Object(mut all)) = serde_json::to_value(&*s) else {
        return 0;
    };
    all.retain(|k, _| SECTIONS.contains(&k.as_str()));
    let mut v = Value::Object(all);
    let mut counted = 0;
    for list in pointers {
        for (k, p) in list.iter().enumerate() {
            if let Some(slot) = v.pointer_mut(p) {
                if k == 0 && !slot.is_null() {
                    counted += 1;
                }
                *slot = Value::Null;
            }
        }
    }
    write_back(s, v);
    counted
}

fn write_back(s: &mut Summary, v: Value) {
    fn take<T: serde::de::DeserializeOwned>(v: &Value, key: &str, into: &mut T) {
        if let Some(x) = v.get(key) {
            if let Ok(t) = serde_json::from_value(x.clone()) {
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
