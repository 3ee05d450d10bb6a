//! One column, one role: the key columns — the respondent id, birth year, age, weight and
//! completion time — each hold one kind of value, so none may be another key column or a
//! group or cohort column, and birth year, age, weight and completion time may not be read
//! as answers either. A respondent id read as a weight, or a birth year read as a Likert
//! item, would reject every row and end in "nothing to analyse" instead of saying what is
//! wrong. The id alone may also be named as an answer column: numeric ids are valid codes,
//! and ids that are not are rejected row by row with the reason (a duplicate id, which
//! such a column soon has, is a file error naming both rows). Answer columns may be shared
//! (a tactic's ratings can also be the items of a scale), but a scale does not list an item
//! twice and a group column is not listed twice.

use std::collections::BTreeMap;

use super::types::{BehaviorFormat, Check, Codebook, CohortScheme};

/// The key columns, in codebook order: (column, key, what it holds).
fn key_columns(cb: &Codebook) -> Vec<(&str, String, &'static str)> {
    let mut keys = vec![(
        cb.columns.id.as_str(),
        "columns.id".to_string(),
        "the respondent id",
    )];
    if let Some(c) = &cb.columns.birth_year {
        keys.push((c, "columns.birth_year".into(), "the birth year"));
    }
    if let Some(c) = &cb.columns.age {
        keys.push((c, "columns.age".into(), "the age"));
    }
    if let Some(c) = &cb.columns.weight {
        keys.push((c, "columns.weight".into(), "the survey weight"));
    }
    if let Some(c) = cb.screening.as_ref().and_then(|s| s.duration.as_ref()) {
        keys.push((c, "screening.duration".into(), "the completion time"));
    }
    keys
}

/// The group and cohort columns: (column, key).
fn factor_columns(cb: &Codebook) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for (g, c) in cb.columns.group.iter().enumerate() {
        out.push((c, format!("columns.group[{g}]")));
    }
    if cb.cohorts.scheme == CohortScheme::Column {
        if let Some(c) = &cb.cohorts.column {
            out.push((c, "cohorts.column".into()));
        }
    }
    out
}

/// The answer columns: (column, key).
fn answer_columns(cb: &Codebook) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    for (i, s) in cb.scales.iter().enumerate() {
        for c in &s.items {
            out.push((c, format!("scale[{i}] ({}).items", s.name)));
        }
    }
    for (i, d) in cb.data_types.iter().enumerate() {
        if let Some(c) = &d.stated {
            out.push((c, format!("data_type[{i}] ({}).stated", d.name)));
        }
        // An event log's `behavior` is a data-type name in the log, not a column.
        if let (Some(c), BehaviorFormat::Wide) = (&d.behavior, cb.behavior.format) {
            out.push((c, format!("data_type[{i}] ({}).behavior", d.name)));
        }
    }
    for (i, t) in cb.tactics.iter().enumerate() {
        out.push((&t.column, format!("tactic[{i}] ({}).column", t.name)));
    }
    if let Some(sc) = &cb.screening {
        for (i, a) in sc.attention.iter().enumerate() {
            out.push((&a.column, format!("screening.attention[{i}].column")));
        }
    }
    for (name, q) in &cb.select_all {
        for c in q.columns.iter().chain(&q.column) {
            out.push((c, format!("select_all.{name}")));
        }
    }
    out
}

impl Codebook {
    /// Key columns serve one role each; no scale lists an item twice, no group column is
    /// listed twice.
    pub(super) fn check_roles(&self) -> Check {
        let keys = key_columns(self);
        let mut first: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        for (col, key, what) in &keys {
            if let Some((k0, what0)) = first.get(col) {
                return Err((
                    key.clone(),
                    format!("column \"{col}\" is already {what0} ({k0}); one column cannot also be {what}"),
                ));
            }
            first.insert(col, (key, what));
        }
        let id = self.columns.id.as_str();
        let others = factor_columns(self)
            .into_iter()
            .chain(answer_columns(self).into_iter().filter(|(c, _)| *c != id));
        for (col, key) in others {
            if let Some((k0, what0)) = first.get(col) {
                return Err((
                    key,
                    format!(
                        "column \"{col}\" is {what0} ({k0}), so it cannot be used here as well"
                    ),
                ));
            }
        }
        for (i, s) in self.scales.iter().enumerate() {
            if let Some(c) = repeated(&s.items) {
                return Err((
                    format!("scale[{i}] ({}).items", s.name),
                    format!(
                        "scale \"{}\" lists item \"{c}\" twice; each item counts once",
                        s.name
                    ),
                ));
            }
        }
        if let Some(c) = repeated(&self.columns.group) {
            return Err((
                "columns.group".into(),
                format!("group column \"{c}\" is listed twice"),
            ));
        }
        Ok(())
    }
}

/// The first entry that appears twice.
fn repeated(list: &[String]) -> Option<&str> {
    let mut seen = std::collections::BTreeSet::new();
    list.iter().map(String::as_str).find(|c| !seen.insert(*c))
}
