//! The draft's opening: where it was drafted from and how much was read, and the `[study]`
//! table — a name from the file or its folder, and the survey year guessed from a date
//! column (else this year, marked TODO).

use std::path::Path;

use crate::study::codebook_toml::CodebookToml;

use super::guesses::Draft;
use super::read::MAX_ROWS;
use super::text::slug;

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
        .value("survey_year", d.survey_year.year)
        .note(&match &d.survey_year.from {
            Some(from) => format!("guessed from the response dates in {from}; check"),
            None => "TODO: the year the survey was fielded (no date column; guessed: this year)"
                .to_string(),
        })
        .blank();
}
