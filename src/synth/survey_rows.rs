//! `survey.csv`: one row per respondent, answers written the way survey platforms export
//! them — tactic answers as text labels with the odd variation in case or spacing, and the
//! planted row errors in place.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::careless::{CarelessColumns, CARELESS_COLUMNS};
use super::format::{push_id, push_u64, push_weight};
use super::params::{ACCEPTABILITY_LABELS, COUNTRIES, DATA_TYPES, GENDERS, TACTICS};
use super::respondent::{Respondent, RowError};

/// The header row; with careless respondents, their two columns come last.
pub(super) fn survey_header(careless: bool) -> String {
    let mut h = String::from("respondent_id,birth_year,gender,country,weight");
    for i in 1..=5 {
        h.push_str(&format!(",concern_{i}"));
    }
    for d in &DATA_TYPES {
        h.push(',');
        h.push_str(d.stated);
    }
    for t in &TACTICS {
        h.push(',');
        h.push_str(t.column);
    }
    if careless {
        h.push_str(CARELESS_COLUMNS);
    }
    h.push('\n');
    h
}

/// Respondent `number`'s row (ids zero-padded to `width` digits) into `buf`, with the
/// careless-response columns when the survey has them.
pub(super) fn write_survey_row(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    r: &Respondent,
    (number, width): (u64, usize),
    careless: Option<&CarelessColumns>,
) {
    buf.clear();
    push_id(buf, number, width);
    buf.push(b',');
    match r.birth_year {
        Some(y) => push_u64(buf, y.max(0) as u64),
        None => buf.extend_from_slice(b"NA"),
    }
    buf.push(b',');
    buf.extend_from_slice(GENDERS[r.gender].0.as_bytes());
    buf.push(b',');
    buf.extend_from_slice(COUNTRIES[r.country].0.as_bytes());
    buf.push(b',');
    if r.row_error == Some(RowError::ZeroWeight) {
        buf.push(b'0');
    } else {
        push_weight(buf, r.weight);
    }
    for (i, v) in r.concern.iter().enumerate() {
        buf.push(b',');
        if i == 1 && r.row_error == Some(RowError::ConcernOutOfRange) {
            buf.push(b'9');
        } else if let Some(v) = v {
            buf.push(b'0' + v);
        }
    }
    for v in &r.willing {
        buf.push(b',');
        match v {
            Some(v) => buf.push(b'0' + v),
            None => buf.extend_from_slice(b"-99"),
        }
    }
    for (t, v) in r.tactics.iter().enumerate() {
        buf.push(b',');
        if t == 5 && r.row_error == Some(RowError::UnknownTacticLabel) {
            buf.extend_from_slice(b"Not sure");
        } else {
            match v {
                Some(v) => push_tactic_answer(buf, rng, *v),
                None => buf.extend_from_slice(b"NA"),
            }
        }
    }
    if let Some(c) = careless {
        c.push_to(buf);
    }
    buf.push(b'\n');
}

/// A tactic answer as exported: mostly the exact label, sometimes with different case, a
/// trailing space, or the numeric code (the import accepts all of these: labels match
/// ignoring case and surrounding spaces).
fn push_tactic_answer(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, code: u8) {
    let label = ACCEPTABILITY_LABELS[(code - 1) as usize];
    let u: f64 = rng.random();
    if u < 0.90 {
        buf.extend_from_slice(label.as_bytes());
    } else if u < 0.94 {
        buf.extend_from_slice(label.to_ascii_lowercase().as_bytes());
    } else if u < 0.97 {
        buf.extend_from_slice(label.as_bytes());
        buf.push(b' ');
    } else if u < 0.99 {
        buf.extend_from_slice(label.to_ascii_uppercase().as_bytes());
    } else {
        buf.push(b'0' + code);
    }
}
