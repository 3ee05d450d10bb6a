//! The columns a study is built from while its files are read: one vector per survey
//! column the codebook uses (filled row by row as rows pass validation), and the behaviour
//! bitsets of a behaviour file or event log (bit d = data type d, per respondent).

use std::collections::HashMap;

use super::row::{Parsed, Role};
use crate::study::{Code, Codebook, Ids};

/// Survey columns being built, indexed by analysed respondent (file order).
pub(super) struct SurveyColumns {
    pub(super) ids: Ids,
    pub(super) birth_year: Vec<Option<i32>>,
    pub(super) age: Vec<Option<i32>>,
    pub(super) weight: Vec<f64>,
    /// Per group column: level name → code in order of first appearance, the names in
    /// that order, and each respondent's code.
    pub(super) group_levels: Vec<HashMap<String, u32>>,
    pub(super) group_names: Vec<Vec<String>>,
    pub(super) group_codes: Vec<Vec<Option<u32>>>,
    pub(super) cohort_col: Vec<Option<u32>>,
    /// Per scale, per item.
    pub(super) items: Vec<Vec<Vec<Code>>>,
    pub(super) stated: Vec<Vec<Code>>,
    pub(super) tactics: Vec<Vec<Code>>,
    pub(super) durations: Vec<Option<f64>>,
    pub(super) attention: Vec<Vec<Option<bool>>>,
    /// Per data type whose behaviour is read from the survey: column of known/shared.
    pub(super) behavior: Vec<Option<Vec<Option<bool>>>>,
    /// Per data type: its behaviour column is in the survey.
    pub(super) behavior_in_survey: Vec<bool>,
}

impl SurveyColumns {
    /// One empty column per codebook entry that is read from every row: how many is bounded
    /// by the codebook's limits (items per scale, data types, tactics, group columns,
    /// attention checks), checked when it was read.
    pub(super) fn new(cb: &Codebook) -> SurveyColumns {
        let n_groups = cb.columns.group.len();
        let n_dt = cb.data_types.len();
        SurveyColumns {
            ids: Ids::default(),
            birth_year: Vec::new(),
            age: Vec::new(),
            weight: Vec::new(),
            group_levels: vec![HashMap::new(); n_groups],
            group_names: vec![Vec::new(); n_groups],
            group_codes: vec![Vec::new(); n_groups],
            cohort_col: Vec::new(),
            items: cb
                .scales
                .iter()
                .map(|s| vec![Vec::new(); s.items.len()])
                .collect(),
            stated: vec![Vec::new(); n_dt],
            tactics: vec![Vec::new(); cb.tactics.len()],
            durations: Vec::new(),
            attention: vec![Vec::new(); cb.screening.as_ref().map_or(0, |s| s.attention.len())],
            behavior: vec![None; n_dt],
            behavior_in_survey: vec![false; n_dt],
        }
    }

    /// Room for about `rows` respondents whose ids take `id_bytes` in all, in every column
    /// a row fills, so that a million-row survey is not copied from vector to larger
    /// vector as it grows (room never written costs no memory).
    pub(super) fn reserve(&mut self, rows: usize, id_bytes: usize, roles: &[(usize, Role)]) {
        self.ids.reserve(rows, id_bytes);
        self.birth_year.reserve(rows);
        self.age.reserve(rows);
        self.cohort_col.reserve(rows);
        self.durations.reserve(rows);
        self.attention.iter_mut().for_each(|a| a.reserve(rows));
        self.group_codes.iter_mut().for_each(|g| g.reserve(rows));
        for &(_, role) in roles {
            match role {
                Role::Weight => self.weight.reserve(rows),
                Role::Item(s, i) => self.items[s][i].reserve(rows),
                Role::Stated(d) => self.stated[d].reserve(rows),
                Role::Tactic(t) => self.tactics[t].reserve(rows),
                Role::Behavior(d) if self.behavior_in_survey[d] => {
                    self.behavior[d].get_or_insert_with(Vec::new).reserve(rows)
                }
                _ => {}
            }
        }
    }

    /// Appends a valid row: `row[k]` is the parsed value of the column `roles[k]`.
    pub(super) fn push_row(&mut self, id: &str, roles: &[(usize, Role)], row: &[Parsed]) {
        let n = self.ids.len();
        self.ids.push(id);
        self.birth_year.push(None);
        self.age.push(None);
        self.cohort_col.push(None);
        self.durations.push(None);
        for a in &mut self.attention {
            a.push(None);
        }
        for g in &mut self.group_codes {
            g.push(None);
        }
        for (d, in_survey) in self.behavior_in_survey.iter().enumerate() {
            if *in_survey {
                self.behavior[d].get_or_insert_with(Vec::new).push(None);
            }
        }
        for (&(_, role), &value) in roles.iter().zip(row) {
            match (role, value) {
                (Role::BirthYear, Parsed::Number(y)) => self.birth_year[n] = y.map(|y| y as i32),
                (Role::Age, Parsed::Number(a)) => self.age[n] = a.map(|a| a as i32),
                (Role::Weight, Parsed::Number(w)) => self.weight.push(w.unwrap_or(1.0)),
                (Role::Group(g), Parsed::Level(l)) => self.group_codes[g][n] = l,
                (Role::CohortColumn, Parsed::Level(l)) => self.cohort_col[n] = l,
                (Role::Item(s, i), Parsed::Code(c)) => self.items[s][i].push(c),
                (Role::Stated(d), Parsed::Code(c)) => self.stated[d].push(c),
                (Role::Tactic(t), Parsed::Code(c)) => self.tactics[t].push(c),
                (Role::Duration, Parsed::Number(d)) => self.durations[n] = d,
                (Role::Attention(a), Parsed::Pass(p)) => self.attention[a][n] = p,
                (Role::Behavior(d), Parsed::Shared(s)) => {
                    if let Some(col) = self.behavior[d].as_mut() {
                        col[n] = s;
                    }
                }
                _ => {}
            }
        }
    }
}

impl SurveyColumns {
    /// Keeps the respondents `r` with `keep[r]`, in order (rows found invalid only once
    /// every row was read, such as a weight out of all proportion).
    pub(super) fn retain(&mut self, keep: &[bool]) {
        self.ids.retain(|r| keep[r]);
        retain(&mut self.birth_year, keep);
        retain(&mut self.age, keep);
        retain(&mut self.weight, keep);
        self.group_codes.iter_mut().for_each(|v| retain(v, keep));
        retain(&mut self.cohort_col, keep);
        self.items
            .iter_mut()
            .flatten()
            .for_each(|v| retain(v, keep));
        self.stated.iter_mut().for_each(|v| retain(v, keep));
        self.tactics.iter_mut().for_each(|v| retain(v, keep));
        retain(&mut self.durations, keep);
        self.attention.iter_mut().for_each(|v| retain(v, keep));
        self.behavior
            .iter_mut()
            .flatten()
            .for_each(|v| retain(v, keep));
    }
}

/// Keeps `v[r]` where `keep[r]` (a column not filled, being empty, stays empty).
fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut r = 0;
    v.retain(|_| {
        r += 1;
        keep[r - 1]
    });
}

/// Behaviour read from a behaviour file or event log, per respondent.
#[derive(Default)]
pub(super) struct BehaviorBits {
    /// A behaviour file or event log was read.
    pub(super) loaded: bool,
    /// Bit d: data type d is known (a value or an event).
    pub(super) known: Vec<u64>,
    /// Bit d: data type d was shared.
    pub(super) shared: Vec<u64>,
    /// At least one behaviour value or event.
    pub(super) any: Vec<bool>,
}

impl BehaviorBits {
    /// All clear, for `n` respondents.
    pub(super) fn clear(&mut self, n: usize) {
        self.known = vec![0; n];
        self.shared = vec![0; n];
        self.any = vec![false; n];
    }

    /// Frees the bitsets (once they are spread into the study's columns, or while an
    /// event log is parsed into atomic ones).
    pub(super) fn free(&mut self) {
        self.known = Vec::new();
        self.shared = Vec::new();
        self.any = Vec::new();
    }

    /// Whether respondent `r`'s data type `d` was shared; `None` when unknown.
    pub(super) fn shared_of(&self, r: usize, d: usize) -> Option<bool> {
        (self.known[r] >> d & 1 == 1).then_some(self.shared[r] >> d & 1 == 1)
    }
}
