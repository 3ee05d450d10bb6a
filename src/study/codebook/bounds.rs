//! Checking a codebook against its limits ([`super::limits`]): answer ranges and the length
//! of every list the codebook sizes work by. Run before the other checks, so that they (and
//! everything after them) only ever see a bounded codebook. A message names the key, the
//! value found and the limit.

use super::limits::{
    MAX_ATTENTION_CHECKS, MAX_CODE, MAX_COHORTS, MAX_DATA_TYPES, MAX_GROUP_COLUMNS, MAX_LABELS,
    MAX_RANGE, MAX_SCALES, MAX_SCALE_ITEMS, MAX_SELECT_ALL_OPTIONS, MAX_SELECT_ALL_QUESTIONS,
    MAX_TACTICS, MAX_VOCABULARY,
};
use super::options::SelectOptions;
use super::types::{Check, Codebook};

/// A list longer than its limit: (key, message).
fn too_long(key: &str, what: &str, len: usize, limit: usize) -> Check {
    if len > limit {
        return Err((
            key.to_string(),
            format!("{len} {what}, more than the limit of {limit}"),
        ));
    }
    Ok(())
}

/// A range `min..max` whose ends or width exceed the limits. `keys` are the codebook keys
/// of its two ends (e.g. `min`, `max`); `what` names its owner in the message.
fn range(key: &str, keys: [&str; 2], what: &str, min: i32, max: i32) -> Check {
    let width = i64::from(max) - i64::from(min);
    if width > MAX_RANGE {
        return Err((
            format!("{key}.{}", keys[1]),
            format!(
                "{what}: {} = {min} and {} = {max} span {width} points, more than the limit of {MAX_RANGE} (the width of a 0–100 slider)",
                keys[0], keys[1]
            ),
        ));
    }
    for (end, value) in keys.iter().zip([min, max]) {
        if i64::from(value).abs() > MAX_CODE {
            return Err((
                format!("{key}.{end}"),
                format!(
                    "{what}: {end} = {value} lies outside −{MAX_CODE}..{MAX_CODE}, the codes an answer may have"
                ),
            ));
        }
    }
    Ok(())
}

impl Codebook {
    /// Every limit of [`super::limits`].
    pub(super) fn check_limits(&self) -> Check {
        self.check_list_limits()?;
        for (i, s) in self.scales.iter().enumerate() {
            let key = format!("scale[{i}] ({})", s.name);
            too_long(
                &format!("{key}.items"),
                "items",
                s.items.len(),
                MAX_SCALE_ITEMS,
            )?;
            range(
                &key,
                ["min", "max"],
                &format!("scale \"{}\"", s.name),
                s.min,
                s.max,
            )?;
        }
        for (i, d) in self.data_types.iter().enumerate() {
            if let (Some(a), Some(b)) = (d.stated_min, d.stated_max) {
                range(
                    &format!("data_type[{i}] ({})", d.name),
                    ["stated_min", "stated_max"],
                    &format!("data type \"{}\"", d.name),
                    a,
                    b,
                )?;
            }
        }
        for (i, t) in self.tactics.iter().enumerate() {
            range(
                &format!("tactic[{i}] ({})", t.name),
                ["min", "max"],
                &format!("tactic \"{}\"", t.name),
                t.min,
                t.max,
            )?;
        }
        for (name, set) in &self.labels {
            too_long(&format!("labels.{name}"), "labels", set.len(), MAX_LABELS)?;
        }
        for (name, q) in &self.select_all {
            let options = match &q.options {
                Some(SelectOptions::Texts(t)) => t.len(),
                Some(SelectOptions::Coded(m)) => m.len(),
                None => 0,
            };
            too_long(
                &format!("select_all.{name}"),
                "options",
                q.columns.len().max(options),
                MAX_SELECT_ALL_OPTIONS,
            )?;
        }
        Ok(())
    }

    /// The codebook's own lists: tables, columns, cohorts, vocabularies.
    fn check_list_limits(&self) -> Check {
        too_long("scale", "[[scale]] tables", self.scales.len(), MAX_SCALES)?;
        too_long(
            "data_type",
            "[[data_type]] tables",
            self.data_types.len(),
            MAX_DATA_TYPES,
        )?;
        too_long(
            "tactic",
            "[[tactic]] tables",
            self.tactics.len(),
            MAX_TACTICS,
        )?;
        too_long(
            "columns.group",
            "group columns",
            self.columns.group.len(),
            MAX_GROUP_COLUMNS,
        )?;
        if let Some(m) = &self.columns.missing {
            too_long(
                "columns.missing",
                "missing-value codes",
                m.len(),
                MAX_VOCABULARY,
            )?;
        }
        if let Some(o) = &self.cohorts.order {
            too_long("cohorts.order", "cohorts", o.len(), MAX_COHORTS)?;
        }
        if let Some(e) = &self.cohorts.edges {
            too_long("cohorts.edges", "age-band edges", e.len(), MAX_COHORTS)?;
        }
        too_long(
            "behavior.share_actions",
            "share actions",
            self.behavior.share_actions.len(),
            MAX_VOCABULARY,
        )?;
        if let Some(sc) = &self.screening {
            too_long(
                "screening.attention",
                "attention checks",
                sc.attention.len(),
                MAX_ATTENTION_CHECKS,
            )?;
        }
        too_long(
            "select_all",
            "select-all questions",
            self.select_all.len(),
            MAX_SELECT_ALL_QUESTIONS,
        )
    }
}
