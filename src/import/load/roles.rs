//! Which survey column serves which codebook key: every column the codebook names is
//! found in the header exactly once (a missing or twice-named column is a file error), and
//! behaviour columns not supplied by a behaviour file are read from the survey.

use super::loader::{missing_column, Loader};
use super::row::Role;
use super::wide_source::table_headers;
use crate::import::select_all::SelectAllPlan;
use crate::import::survey_source::SurveySource;
use crate::study::codebook::{BehaviorFormat, CohortScheme};
use crate::study::error::{Location, StudyError};
use crate::study::Codebook;

impl Loader {
    /// The survey columns the codebook uses, with their roles.
    /// `plan` resolves select-all option columns to their derived fields.
    pub(super) fn survey_roles(
        &mut self,
        file: &SurveySource,
        plan: &SelectAllPlan,
    ) -> Result<Vec<(usize, Role)>, StudyError> {
        let path = file.path();
        let headers = file.headers();
        let mut roles = Vec::new();
        for (col, key, role) in wanted_columns(&self.cb) {
            let real: Vec<usize> = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| **h == col)
                .map(|(i, _)| i)
                .collect();
            let hits = plan.resolve(&col, &real);
            match hits.len() {
                0 => return Err(missing_column(path, &col, &key, headers)),
                1 => roles.push((hits[0], role)),
                _ => {
                    return Err(StudyError::Csv {
                        path: path.to_path_buf(),
                        at: Location { line: Some(1), column: Some(col.clone()) },
                        message: format!(
                            "the header names column \"{col}\" {} times (columns {}); the codebook cannot tell which one is meant",
                            hits.len(),
                            hits.iter().map(|h| (h + 1).to_string()).collect::<Vec<_>>().join(", ")
                        ),
                    })
                }
            }
        }
        self.behavior_roles(file, plan, &mut roles)?;
        Ok(roles)
    }

    /// Wide behaviour columns read from the survey: those not supplied by a behaviour file
    /// (none when behaviour is an event log).
    fn behavior_roles(
        &mut self,
        file: &SurveySource,
        plan: &SelectAllPlan,
        roles: &mut Vec<(usize, Role)>,
    ) -> Result<(), StudyError> {
        let path = file.path();
        let headers = file.headers();
        let behavior_file_is_wide = matches!(self.files.behavior, Some((_, BehaviorFormat::Wide)));
        // An event log, or its per-respondent aggregation given to an events codebook:
        // no behaviour column is looked for in the survey.
        let events = matches!(self.files.behavior, Some((_, BehaviorFormat::Events)))
            || self.cb.behavior.format == BehaviorFormat::Events;
        let behavior_headers: Option<Vec<String>> = match &self.files.behavior {
            Some((p, BehaviorFormat::Wide)) if !events => Some(table_headers(p)?),
            _ => None,
        };
        for (d, dt) in self.cb.data_types.iter().enumerate() {
            let Some(col) = &dt.behavior else { continue };
            if events {
                continue;
            }
            let in_behavior_file = behavior_headers
                .as_ref()
                .is_some_and(|h| h.iter().any(|x| x == col));
            if in_behavior_file {
                continue;
            }
            let real: Vec<usize> = file.column_index(col).into_iter().collect();
            match plan.resolve(col, &real).first().copied() {
                Some(i) => {
                    roles.push((i, Role::Behavior(d)));
                    self.cols.behavior_in_survey[d] = true;
                }
                None => {
                    let (p, headers) = match (&self.files.behavior, &behavior_headers) {
                        (Some((p, _)), Some(h)) if behavior_file_is_wide => (p.clone(), h.clone()),
                        _ => (path.to_path_buf(), headers.to_vec()),
                    };
                    return Err(missing_column(
                        &p,
                        col,
                        &format!("data_type \"{}\" behavior", dt.name),
                        &headers,
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The codebook key that gives a survey column its role, as messages name it.
pub(super) fn role_key(cb: &Codebook, role: Role) -> String {
    match role {
        Role::Id => "columns.id".into(),
        Role::BirthYear => "columns.birth_year".into(),
        Role::Age => "columns.age".into(),
        Role::Weight => "columns.weight".into(),
        Role::Group(g) => format!("columns.group[{g}]"),
        Role::CohortColumn => "cohorts.column".into(),
        Role::Item(s, _) => format!("scale \"{}\" items", cb.scales[s].name),
        Role::Stated(d) => format!("data_type \"{}\" stated", cb.data_types[d].name),
        Role::Tactic(t) => format!("tactic \"{}\" column", cb.tactics[t].name),
        Role::Behavior(d) => format!("data_type \"{}\" behavior", cb.data_types[d].name),
        Role::Duration => "screening.duration".into(),
        Role::Attention(a) => format!("screening.attention[{a}].column"),
    }
}

/// The survey columns the codebook names, in codebook order: (column, the codebook key
/// that names it, its role).
fn wanted_columns(cb: &Codebook) -> Vec<(String, String, Role)> {
    let mut wanted: Vec<(String, Role)> = Vec::new();
    wanted.push((cb.columns.id.clone(), Role::Id));
    if let Some(c) = &cb.columns.birth_year {
        wanted.push((c.clone(), Role::BirthYear));
    }
    if let Some(c) = &cb.columns.age {
        wanted.push((c.clone(), Role::Age));
    }
    if let Some(c) = &cb.columns.weight {
        wanted.push((c.clone(), Role::Weight));
    }
    for (g, c) in cb.columns.group.iter().enumerate() {
        wanted.push((c.clone(), Role::Group(g)));
    }
    if cb.cohorts.scheme == CohortScheme::Column {
        if let Some(c) = &cb.cohorts.column {
            wanted.push((c.clone(), Role::CohortColumn));
        }
    }
    for (s, scale) in cb.scales.iter().enumerate() {
        for (i, item) in scale.items.iter().enumerate() {
            wanted.push((item.clone(), Role::Item(s, i)));
        }
    }
    for (d, dt) in cb.data_types.iter().enumerate() {
        if let Some(c) = &dt.stated {
            wanted.push((c.clone(), Role::Stated(d)));
        }
    }
    for (t, tac) in cb.tactics.iter().enumerate() {
        wanted.push((tac.column.clone(), Role::Tactic(t)));
    }
    if let Some(sc) = &cb.screening {
        if let Some(c) = &sc.duration {
            wanted.push((c.clone(), Role::Duration));
        }
        for (a, att) in sc.attention.iter().enumerate() {
            wanted.push((att.column.clone(), Role::Attention(a)));
        }
    }
    wanted
        .into_iter()
        .map(|(col, role)| (col, role_key(cb, role), role))
        .collect()
}
