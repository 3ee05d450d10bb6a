//! Parsing one cell by the role of its column: range checks of birth years, ages,
//! weights and durations, Likert and 0/1 codes with their labels, group levels, behaviour
//! values and attention checks. A message is the reason the row is rejected.

use super::loader::Loader;
use super::row::{Parsed, Role};
use crate::import::values::{parse_code, parse_number, LabelSet, MissingCodes};
use crate::study::cohort;

impl Loader {
    /// The value of `raw` in a column of `role`, or why the row is rejected.
    pub(super) fn parse_role(
        &mut self,
        role: Role,
        raw: &str,
        survey_year: Option<i32>,
    ) -> Result<Parsed, String> {
        let cb = &self.cb;
        match role {
            Role::Id => Ok(Parsed::Code(None)),
            Role::BirthYear => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let y = parse_number(raw).ok_or("birth year is not a number")?;
                if y.fract() != 0.0 {
                    return Err("birth year is not a whole number".into());
                }
                if let Some(sy) = survey_year {
                    if y > sy as f64 {
                        return Err(format!("impossible birth year: after the survey year {sy}"));
                    }
                    if y < (sy - 120) as f64 {
                        return Err(format!(
                            "impossible birth year: more than 120 years before the survey year {sy}"
                        ));
                    }
                } else if !(1850.0..=2100.0).contains(&y) {
                    return Err("impossible birth year".into());
                }
                Ok(Parsed::Number(Some(y)))
            }
            Role::Age => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let a = parse_number(raw).ok_or("age is not a number")?;
                if !(0.0..=120.0).contains(&a) {
                    return Err("impossible age (must be 0 to 120)".into());
                }
                Ok(Parsed::Number(Some(a.floor())))
            }
            Role::Weight => {
                if self.missing.is_missing(raw) {
                    return Err("missing weight".into());
                }
                let w = parse_number(raw).ok_or("weight is not a number")?;
                if w <= 0.0 {
                    return Err("weight must be greater than 0".into());
                }
                Ok(Parsed::Number(Some(w)))
            }
            Role::Group(g) => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Level(None));
                }
                let v = raw.trim();
                let next = self.cols.group_levels[g].len() as u32;
                let code = *self.cols.group_levels[g]
                    .entry(v.to_string())
                    .or_insert_with(|| {
                        self.cols.group_names[g].push(v.to_string());
                        next
                    });
                Ok(Parsed::Level(Some(code)))
            }
            Role::CohortColumn => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Level(None));
                }
                let order = cb.cohorts.order.as_deref().unwrap_or(&[]);
                Ok(Parsed::Level(
                    cohort::column_level_of(order, raw).map(|i| i as u32),
                ))
            }
            Role::Item(s, i) => {
                let scale = &cb.scales[s];
                let col = &scale.items[i];
                parse_code(
                    raw,
                    &self.missing,
                    self.labels_for(col),
                    scale.min,
                    scale.max,
                )
                .map(Parsed::Code)
            }
            Role::Stated(d) => {
                let dt = &cb.data_types[d];
                let (lo, hi) = dt.stated_range();
                let col = dt.stated.as_deref().unwrap_or("");
                parse_code(raw, &self.missing, self.labels_for(col), lo, hi).map(Parsed::Code)
            }
            Role::Tactic(t) => {
                let tac = &cb.tactics[t];
                parse_code(
                    raw,
                    &self.missing,
                    self.labels_for(&tac.column),
                    tac.min,
                    tac.max,
                )
                .map(Parsed::Code)
            }
            Role::Behavior(d) => {
                let dt = &cb.data_types[d];
                let col = dt.behavior.as_deref().unwrap_or("");
                parse_behavior_value(
                    raw,
                    &self.missing,
                    self.labels_for(col),
                    dt.shared_threshold(),
                )
                .map(Parsed::Shared)
            }
            Role::Duration => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Number(None));
                }
                let d = parse_number(raw).ok_or("duration is not a number (seconds expected)")?;
                if d < 0.0 {
                    return Err("negative duration".into());
                }
                Ok(Parsed::Number(Some(d)))
            }
            Role::Attention(a) => {
                if self.missing.is_missing(raw) {
                    return Ok(Parsed::Pass(None));
                }
                let Some(att) = cb.screening.as_ref().and_then(|s| s.attention.get(a)) else {
                    return Ok(Parsed::Pass(None));
                };
                let labels = self.labels_for(&att.column);
                Ok(Parsed::Pass(Some(attention_passed(
                    raw.trim(),
                    &att.expected,
                    labels,
                ))))
            }
        }
    }
}

/// Whether an attention-check answer is the expected one: the same label (ignoring case),
/// the same code, or a label the column's label set maps to the expected code (and back).
fn attention_passed(
    raw: &str,
    expected: &crate::study::codebook::Expected,
    labels: Option<&LabelSet>,
) -> bool {
    use crate::study::codebook::Expected;
    let code_of = |s: &str| -> Option<f64> {
        labels
            .and_then(|l| l.code_of(s))
            .map(|c| c as f64)
            .or_else(|| parse_number(s))
    };
    match expected {
        Expected::Label(l) => {
            raw.eq_ignore_ascii_case(l.trim())
                || matches!((code_of(raw), code_of(l.trim())), (Some(a), Some(b)) if a == b)
        }
        Expected::Code(c) => code_of(raw) == Some(*c as f64),
    }
}

/// A behaviour value: missing, a label, or a number ≥ 0 (0/1 or a count); shared when
/// ≥ `shared_min` (the data type's `shared_min`, 1 by default).
pub(super) fn parse_behavior_value(
    raw: &str,
    missing: &MissingCodes,
    labels: Option<&LabelSet>,
    shared_min: f64,
) -> Result<Option<bool>, String> {
    if missing.is_missing(raw) {
        return Ok(None);
    }
    let x = match labels.and_then(|l| l.code_of(raw)) {
        Some(c) => c as f64,
        None => parse_number(raw)
            .ok_or_else(|| "not a number (behaviour values are 0/1 or counts ≥ 0)".to_string())?,
    };
    if x < 0.0 {
        return Err("negative behaviour value (0/1 or counts ≥ 0 expected)".into());
    }
    Ok(Some(x >= shared_min))
}
