//! The columns that say who answered: platform metadata, the respondent id, birth year,
//! age or a cohort column, the weight — guessed from names, question texts and value
//! ranges — and the `[columns]` and `[cohorts]` tables written from them (with the
//! grouping columns and the missing codes seen).

use crate::study::codebook_toml::CodebookToml;

use super::guesses::{Draft, Guess};
use super::text::contains_any;

/// Platform metadata columns: never a question.
const PLATFORM_COLUMNS: [&str; 29] = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "ExternalDataReference",
    "LocationLatitude",
    "LocationLongitude",
    "DistributionChannel",
    "UserLanguage",
    "Q_RecaptchaScore",
    "Q_RelevantIDDuplicate",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "refurl",
    "ipaddr",
    "token",
    "interviewtime",
];

/// Names of respondent-id columns in common exports, most specific first.
const ID_NAMES: [&str; 12] = [
    "ResponseId",
    "ResponseID",
    "respondent_id",
    "respondentid",
    "id",
    "resp_id",
    "respid",
    "participant_id",
    "caseid",
    "case_id",
    "QKEY",
    "uuid",
];

/// Guesses the platform, id, birth-year, age, cohort and weight columns (at most one of
/// each; a birth year makes an age column redundant). `sav_weight` is the weight variable
/// an SPSS file names.
pub(super) fn guess_key_columns(d: &mut Draft, sav_weight: Option<usize>) {
    let n = d.cols.len();
    for i in 0..n {
        let c = &d.cols[i];
        if PLATFORM_COLUMNS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&c.name))
        {
            d.guess[i] = Guess::Platform;
        }
    }
    // Id: a known id name, else the first column whose values are all distinct.
    let id = ID_NAMES
        .iter()
        .find_map(|n| d.cols.iter().position(|c| c.name.eq_ignore_ascii_case(n)))
        .or_else(|| {
            (0..n).find(|&i| {
                let c = &d.cols[i];
                d.guess[i] == Guess::Other
                    && c.non_missing == d.rows
                    && d.rows > 1
                    && (c.many || c.distinct.len() as u64 == d.rows)
                    && (!c.numeric || c.integer)
            })
        });
    if let Some(i) = id {
        d.guess[i] = Guess::Id;
    }
    let year = d.survey_year.0 as f64;
    for i in 0..n {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let c = &d.cols[i];
        let t = c.text_lower();
        let lname = c.name.to_lowercase();
        let int = c.numeric && c.integer && c.non_missing > 0;
        if int
            && c.min >= year - 120.0
            && c.max <= year
            && c.min >= 1880.0
            && (contains_any(&t, &["birth", "born", "yob", "year"]) || c.min >= 1900.0)
        {
            d.guess[i] = Guess::BirthYear;
        } else if int
            && c.min >= 10.0
            && c.max <= 110.0
            && (lname == "age"
                || lname.ends_with("_age")
                || lname.starts_with("age")
                || t.contains("how old"))
        {
            d.guess[i] = Guess::Age;
        } else if !c.numeric
            && !c.many
            && contains_any(
                &lname,
                &[
                    "cohort",
                    "generation",
                    "age_group",
                    "agegroup",
                    "agecat",
                    "age_cat",
                ],
            )
        {
            d.guess[i] = Guess::CohortColumn;
        } else if c.numeric
            && c.min >= 0.0
            && (sav_weight == Some(i)
                || lname == "weight"
                || lname.starts_with("weight")
                || lname.starts_with("wt")
                || lname.ends_with("_weight"))
            || (sav_weight == Some(i))
        {
            d.guess[i] = Guess::Weight;
        }
    }
    // Only one of each.
    for g in [
        Guess::BirthYear,
        Guess::Age,
        Guess::CohortColumn,
        Guess::Weight,
    ] {
        let mut seen = false;
        for x in d.guess.iter_mut() {
            if *x == g {
                if seen {
                    *x = Guess::Other;
                }
                seen = true;
            }
        }
    }
    if d.guess.contains(&Guess::BirthYear) {
        for x in d.guess.iter_mut() {
            if *x == Guess::Age {
                *x = Guess::Other;
            }
        }
    }
}

/// `[columns]`: the id, birth-year or age and weight columns guessed, the grouping columns,
/// and the missing codes (the usual ones and the sentinels seen). What could not be guessed
/// is added to `todo`.
pub(super) fn write_columns(d: &Draft, w: &mut CodebookToml, todo: &mut Vec<String>) {
    w.table("columns");
    match d.first(Guess::Id) {
        Some(c) => {
            w.string("id", &c.name).note(&format!(
                "guessed: {}",
                if c.many || c.distinct.len() as u64 == d.rows {
                    "one distinct value per response"
                } else {
                    "its name"
                }
            ));
        }
        None => {
            w.string("id", "TODO").note(
                "TODO: the respondent id column (no column had one distinct value per response)",
            );
            todo.push("name the respondent id column (columns.id)".into());
        }
    }
    if let Some(c) = d.first(Guess::BirthYear) {
        w.string("birth_year", &c.name).note(&format!(
            "guessed: whole numbers {}–{}; check",
            c.min, c.max
        ));
    } else if let Some(c) = d.first(Guess::Age) {
        w.string("age", &c.name).note(&format!(
            "guessed: whole numbers {}–{}; check",
            c.min, c.max
        ));
    }
    if let Some(c) = d.first(Guess::Weight) {
        w.string("weight", &c.name)
            .note("guessed: a positive number named like a weight; check");
    }
    let groups = d.columns_of(&Guess::Group);
    if !groups.is_empty() {
        w.strings("group", groups.iter().map(|&i| &d.cols[i].name))
            .note("guessed: text columns with few values, for filters; remove any you do not need");
    }
    let missing = ["", "NA", "N/A"]
        .into_iter()
        .chain(d.sentinels.iter().map(String::as_str));
    w.strings("missing", missing);
    if !d.sentinels.is_empty() {
        w.note("guessed: negative codes seen in the data (refused / don't know)");
    }
    w.blank();
}

/// `[cohorts]`: by generation when there is an age or birth year, else by the cohort
/// column in order of appearance, else a TODO.
pub(super) fn write_cohorts(d: &Draft, w: &mut CodebookToml, todo: &mut Vec<String>) {
    w.table("cohorts");
    if d.first(Guess::BirthYear).is_some() || d.first(Guess::Age).is_some() {
        w.string("scheme", "generation")
            .note("or \"age_bands\" with edges = [18, 25, 35, 45, 55, 65]");
    } else if let Some(c) = d.first(Guess::CohortColumn) {
        w.string("scheme", "column")
            .string("column", &c.name)
            .strings("order", c.distinct.iter().map(|(v, _)| v))
            .note(
                "TODO: put the cohorts in order, oldest or youngest first (now: order of \
                 appearance)",
            );
    } else {
        w.comment(
            "TODO: no age, birth-year or cohort column was recognized. Name one under [columns]",
        )
        .comment("(birth_year = \"…\" or age = \"…\"), or use scheme = \"column\" with column and order.")
        .string("scheme", "generation");
        todo.push("name an age, birth-year or cohort column".into());
    }
    w.blank();
}
