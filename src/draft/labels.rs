//! Label sets: the text answers of rating and yes/no columns as codes, one `[labels.…]` table per
//! distinct coding shared by the columns that use it, the `[label_columns]` that say which,
//! and the value labels of an SPSS file as comments.

use std::collections::HashMap;

use crate::study::codebook_toml::{quote, CodebookToml};

use super::coding::CodingKind;
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{one_line, prefix_of, slug};

/// A label set of the draft.
struct LabelSet {
    name: String,
    /// Answer text → code.
    labels: Vec<(String, i64)>,
    kind: CodingKind,
    /// Rare answers outside the set, from every column using it.
    extra: Vec<String>,
}

/// The label sets, label columns and SPSS value labels of the draft.
pub(super) fn write_label_sets(d: &Draft, w: &mut CodebookToml) {
    let (sets, set_of) = label_sets(d);
    for set in &sets {
        write_set(set, w);
    }
    if !set_of.is_empty() {
        w.table("label_columns");
        let mut cols: Vec<_> = set_of.iter().collect();
        cols.sort();
        for (i, set) in cols {
            w.string(&quote(&d.cols[*i].name), set);
        }
        w.blank();
    }
    write_value_labels(d, w);
}

/// One label set per distinct coding of the rating columns, and the set of each column.
fn label_sets(d: &Draft) -> (Vec<LabelSet>, HashMap<usize, String>) {
    let mut sets: Vec<LabelSet> = Vec::new();
    let mut set_of: HashMap<usize, String> = HashMap::new();
    for i in 0..d.cols.len() {
        if !matches!(d.guess[i], Guess::Rating(..) | Guess::Binary) {
            continue;
        }
        let Some(cd) = &d.coding[i] else { continue };
        let existing = sets.iter_mut().find(|x| x.labels == cd.labels);
        let name = match existing {
            Some(set) => {
                for e in &cd.extra {
                    if !set.extra.contains(e) {
                        set.extra.push(e.clone());
                    }
                }
                set.name.clone()
            }
            None => {
                let base = if cd.set.is_empty() {
                    format!(
                        "{}_answers",
                        slug(&prefix_of(&d.cols[i].name).unwrap_or_else(|| d.cols[i].name.clone()))
                    )
                } else {
                    cd.set.clone()
                };
                let mut name = base.clone();
                let mut k = 2;
                while sets.iter().any(|x| x.name == name) {
                    name = format!("{base}_{k}");
                    k += 1;
                }
                sets.push(LabelSet {
                    name: name.clone(),
                    labels: cd.labels.clone(),
                    kind: cd.kind,
                    extra: cd.extra.clone(),
                });
                name
            }
        };
        set_of.insert(i, name);
    }
    (sets, set_of)
}

fn write_set(set: &LabelSet, w: &mut CodebookToml) {
    w.table(&format!("labels.{}", set.name));
    w.comment(match set.kind {
        CodingKind::Known => "guessed: a known answer scale, in its natural order; check",
        CodingKind::Worded => {
            "guessed: answers rating one quality, ordered by their words (not at all … very); check"
        }
        CodingKind::Codes => {
            "guessed: answer codes, numbered as exported; check that a higher code means more"
        }
        CodingKind::Appearance => {
            "TODO: codes follow the order of first appearance — put the answers in scale order"
        }
    });
    let extra: Vec<&String> = set
        .extra
        .iter()
        .filter(|e| !super::wording::non_substantive(e))
        .collect();
    if !extra.is_empty() {
        w.comment(&format!(
            "TODO: rare answers outside this scale: {} — add them to [columns] missing, or \
             here with a code",
            extra
                .iter()
                .map(|e| quote(e))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for (t, c) in &set.labels {
        w.value(&quote(t), c);
    }
    w.blank();
}

/// SPSS value labels are documentation: the codes are numbers already.
fn write_value_labels(d: &Draft, w: &mut CodebookToml) {
    let labelled: Vec<&Column> = d
        .cols
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !c.value_labels.is_empty() && matches!(d.guess[*i], Guess::Rating(..) | Guess::Binary)
        })
        .map(|(_, c)| c)
        .collect();
    if labelled.is_empty() {
        return;
    }
    w.comment(
        "Value labels from the SPSS file (the codes are numbers already, so no label set is \
         needed):",
    );
    let mut seen: Vec<String> = Vec::new();
    for c in labelled {
        let l = c
            .value_labels
            .iter()
            .map(|(v, t)| format!("{v} = {t}"))
            .collect::<Vec<_>>()
            .join(", ");
        if seen.contains(&l) {
            continue;
        }
        w.comment(&format!("  {}: {}", c.name, one_line(&l)));
        seen.push(l);
    }
    w.blank();
}
