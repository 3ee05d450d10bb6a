//! The draft's opening: where it was drafted from and how much was read, and the `[study]`
//! table — a name from the file or its folder, and the survey year from the response dates
//! (else this year, marked TODO).

use std::path::Path;

use crate::study::codebook_toml::CodebookToml;

use super::guesses::Draft;
use super::read::MAX_ROWS;
use super::text::slug;

/// The survey year from the first response's date, and whether it was seen there; else
/// this year.
pub(super) fn survey_year(first_date: Option<&str>) -> (i32, bool) {
    first_date
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (1900..=2200).contains(y))
        .map(|y| (y, true))
        .unwrap_or((current_year(), false))
}

fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // 365.2425 days per Gregorian year; exact enough for a default the user checks.
    1970 + (secs as f64 / (365.2425 * 86_400.0)) as i32
}

/// The study name: the file's name, or its folder's when the file is just "survey.*".
fn study_name(source: &str) -> String {
    let p = Path::new(source);
    let stem = p
        .file_stem()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem.eq_ignore_ascii_case("survey") {
        p.parent()
            .and_then(|d| d.file_name())
            .map(|f| slug(&f.to_string_lossy()))
            .unwrap_or_else(|| "study".into())
    } else {
        slug(&stem)
    }
}

/// The opening comments and `[study]`.
pub(super) fn write_study(d: &Draft, w: &mut CodebookToml) {
    w.comment(&format!(
        "Draft codebook written by `paradox codebook --draft` from {}",
        d.source
    ))
    .comment(&format!(
        "({} responses read{}{}). Every line marked \"guessed\" is a guess: check it.",
        d.rows,
        if d.rows >= MAX_ROWS {
            ", the first ones only"
        } else {
            ""
        },
        if d.set_aside > 0 {
            format!(", {} previews/tests/unfinished left out", d.set_aside)
        } else {
            String::new()
        }
    ))
    .comment("Edit what is marked TODO, then run `paradox check` on the study folder.");
    if let Some(k) = d.export {
        w.comment(&format!("Recognized as a {} export.", k.name()));
    }
    w.blank()
        .table("study")
        .string("name", &study_name(&d.source))
        .value("survey_year", d.survey_year.0)
        .note(if d.survey_year.1 {
            "guessed from the response dates; check"
        } else {
            "TODO: the year the survey was fielded (guessed: this year)"
        })
        .blank();
}
