//! Suppressing more until the audit finds nothing: for each disclosed hidden cell, the
//! smallest non-zero published count that shares a line with it (another cell of a row or
//! band published in total beside it) is nulled, with the proportions and tests that would
//! reveal that count; then the summary is audited again.

use std::collections::HashSet;

use serde_json::Value;

use super::cube::Kind;
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
            if let Some(p) = partner(&r, i, &chosen) {
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

/// The pointers of the count to suppress for disclosed cell `i`: the smallest non-zero
/// published cell beside it in a published line (a published sum that contains it); else
/// the smallest such line itself.
fn partner(r: &Run, i: usize, chosen: &HashSet<String>) -> Option<Vec<String>> {
    let (_, _, _, fi, ti) = r.cells[i];
    let b = &r.families[fi];
    let target: HashSet<usize> = b.family.targets[ti].atoms.iter().copied().collect();
    let free = |p: &super::cube::Published| p.value > 0 && !chosen.contains(&p.pointers[0]);
    let lines: Vec<&super::cube::Published> = b
        .published
        .iter()
        .filter(|q| {
            let atoms: HashSet<usize> = q.atoms.iter().copied().collect();
            target.iter().any(|a| atoms.contains(a)) && !target.is_superset(&atoms)
        })
        .collect();
    let beside = b
        .published
        .iter()
        .filter(|p| p.kind == Kind::Cell && free(p))
        .filter(|p| p.atoms.iter().all(|a| !target.contains(a)))
        .filter(|p| {
            lines.iter().any(|q| {
                let atoms: HashSet<usize> = q.atoms.iter().copied().collect();
                p.atoms.iter().all(|a| atoms.contains(a))
            })
        })
        .min_by_key(|p| p.value);
    beside
        .or_else(|| {
            lines
                .iter()
                .copied()
                .filter(|q| q.kind == Kind::Cell && free(q))
                .min_by_key(|q| q.value)
        })
        .or_else(|| {
            lines
                .iter()
                .copied()
                .filter(|q| free(q))
                .min_by_key(|q| q.value)
        })
        .map(|p| p.pointers.clone())
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
