//! The columns that say who answered: platform metadata and dates, the respondent id,
//! birth year, age or a cohort column, the weight — guessed from names, question texts and
//! values — and the `[columns]` and `[cohorts]` tables written from them (with the
//! grouping columns and the missing codes seen).

use crate::study::codebook_toml::CodebookToml;

use super::bands::{age_band_edges, age_band_order};
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{contains_any, words};

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
const ID_NAMES: [&str; 19] = [
    "ResponseId",
    "ResponseID",
    "respondent_id",
    "respondentid",
    "id",
    "resp_id",
    "respid",
    "participant_id",
    "participantid",
    "participant",
    "pid",
    "subject_id",
    "subjectid",
    "user_id",
    "userid",
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
        // SoSci's bookkeeping, page times, and a random generator's count of complete
        // passes through its urn (`RG01_CP`).
        let sosci_meta = d.sosci
            && (crate::import::survey_source::SOSCI_COLUMNS.contains(&c.name.as_str())
                && c.name != "CASE"
                || c.name.ends_with("_CP")
                || c.name
                    .strip_prefix("TIME")
                    .is_some_and(|t| t.len() == 3 && t.bytes().all(|b| b.is_ascii_digit())));
        if sosci_meta
            || PLATFORM_COLUMNS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&c.name))
        {
            d.guess[i] = Guess::Platform;
        } else if c.dates > 0 && c.dates * 10 >= c.non_missing * 9 {
            // Dates say when, not who or what: metadata (the survey year is read from them).
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
                    && !c.repeats
                    && (!c.numeric || c.integer)
                    // A small file's ages or birth years may all differ.
                    && age(c).is_none()
                    && birth_year(c, d.survey_year.year).is_none()
            })
        });
    if let Some(i) = id {
        d.guess[i] = Guess::Id;
    }
    let year = d.survey_year.year;
    for i in 0..n {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let c = &d.cols[i];
        let lname = c.name.to_lowercase();
        if let Some(why) = birth_year(c, year) {
            refusal_codes(d, i, &BIRTH_YEAR_REFUSALS);
            d.set(i, Guess::BirthYear, why);
        } else if let Some(why) = age(c) {
            refusal_codes(d, i, &AGE_REFUSALS);
            d.set(i, Guess::Age, why);
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
        } else if age_band_edges(c).is_some() {
            d.set(i, Guess::CohortColumn, "its answers are age ranges");
        } else if c.numeric
            && c.min >= 0.0
            && (sav_weight == Some(i)
                || lname.starts_with("weight")
                || words(&c.name)
                    .iter()
                    .any(|w| matches!(w.as_str(), "weight" | "wt" | "wght" | "wgt")))
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

/// Refusal codes of a birth year and of an age (99 may be someone's age).
const BIRTH_YEAR_REFUSALS: [&str; 3] = ["9999", "999", "99"];
const AGE_REFUSALS: [&str; 2] = ["9999", "999"];

/// Codes of all nines in an age or birth-year column (9999, 999 — no one's age or year of
/// birth) mean "refused": they join the missing codes rather than becoming row errors.
fn refusal_codes(d: &mut Draft, i: usize, codes: &[&str]) {
    for &code in codes {
        if d.cols[i].nines_among(&[code]) > 0 && !d.sentinels.iter().any(|s| s == code) {
            d.sentinels.push(code.to_string());
        }
    }
}

/// Why `c` is a birth-year column, if it is one: whole numbers from 120 years before the
/// survey year to the survey year — all of them, or (when the name or question says
/// "birth" or "year") at least 95 %, the rest (typos, "prefer not to say") row errors the
/// check lists.
fn birth_year(c: &Column, year: i32) -> Option<String> {
    let t = c.text_lower();
    let year = f64::from(year);
    let hint = contains_any(&t, &["birth", "born", "yob", "year"]);
    if c.non_missing == 0 {
        return None;
    }
    if c.numeric
        && c.integer
        && c.min >= year - 120.0
        && c.max <= year
        && c.min >= 1880.0
        && (hint || c.min >= 1900.0)
    {
        return Some(format!("whole numbers {}–{}", c.min, c.max));
    }
    // Refusal codes (9999) are not typos: they do not count against the 95 %.
    let answers = c.non_missing - c.nines_among(&BIRTH_YEAR_REFUSALS);
    (hint && c.year_like * 20 >= answers * 19 && c.year_like > 0).then(|| {
        format!(
            "named like a birth year, {} of {} values are years (the others typos?)",
            c.year_like, answers
        )
    })
}

/// Why `c` is an age column, if it is one: named "age" (a name starting with it or holding
/// it as a word — `age_years`, `resp_age`, "What is your age?" — or a question with the
/// word "age" or "old"), at least 95 % of its answers whole numbers 10–110. A few
/// impossible values (a 5 typed for 25) do not hide the column: the comment counts them.
fn age(c: &Column) -> Option<String> {
    let lname = c.name.to_lowercase();
    let asked = c
        .text
        .as_deref()
        .is_some_and(|q| words(q).iter().any(|w| w == "age" || w == "old"));
    let named = lname.starts_with("age") || words(&c.name).iter().any(|w| w == "age") || asked;
    // Whole numbers 10–110 in at least 95 % of the answers; the rest (a 5, "prefer not to
    // say") become row errors the check lists.
    let answers = c.non_missing - c.nines_among(&AGE_REFUSALS);
    if !named || c.age_like == 0 || c.age_like * 20 < answers * 19 {
        return None;
    }
    let odd = answers.saturating_sub(c.age_like);
    Some(if odd == 0 {
        format!("whole numbers {}–{}", c.min, c.max)
    } else {
        format!(
            "its name and whole numbers {}–{}, {odd} of them outside 10–110 (a typo?)",
            c.min, c.max
        )
    })
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
                if !c.repeats && c.non_missing == d.rows {
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
    for g in [Guess::BirthYear, Guess::Age] {
        if let Some(i) = d.guess.iter().position(|x| *x == g) {
            let key = if g == Guess::Age { "age" } else { "birth_year" };
            let why = d.why[i].as_deref().unwrap_or("its values");
            w.string(key, &d.cols[i].name)
                .note(&format!("guessed: {why}; check"));
        }
    }
    if let Some(c) = d.first(Guess::Weight) {
        w.string("weight", &c.name)
            .note("guessed: a positive number named like a weight; check");
    }
    let groups = d.columns_of(&Guess::Group);
    if !groups.is_empty() {
        // One comment line per reason, so the researcher sees why each column is there.
        let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
        for &i in &groups {
            let why = d.why[i]
                .as_deref()
                .unwrap_or("text answers with few values");
            match reasons.iter_mut().find(|r| r.0 == why) {
                Some(r) => r.1.push(&d.cols[i].name),
                None => reasons.push((why, vec![&d.cols[i].name])),
            }
        }
        w.comment("guessed: columns to break the results down by; remove any you do not need");
        for (why, cols) in reasons {
            w.comment(&format!("  {}: {why}", cols.join(", ")));
        }
        w.strings("group", groups.iter().map(|&i| &d.cols[i].name));
    }
    let dont_know = d.non_substantive();
    let missing = ["", "NA", "N/A"]
        .into_iter()
        .chain(d.sentinels.iter().map(String::as_str))
        .chain(dont_know.iter().map(String::as_str));
    w.strings("missing", missing);
    match (d.sentinels.is_empty(), dont_know.is_empty()) {
        (false, true) => {
            w.note("guessed: refusal codes seen in the data (negative codes; all nines in an age or birth year)");
        }
        (true, false) => {
            w.note("guessed: answers beside a rating scale that are no position on it");
        }
        (false, false) => {
            w.note("guessed: refusal codes seen, and answers beside a rating scale that are no position on it");
        }
        (true, true) => {}
    }
    w.blank();
}

/// `[cohorts]`: by generation when there is an age or birth year, else by the cohort
/// column in order of appearance, else a TODO.
pub(super) fn write_cohorts(d: &Draft, w: &mut CodebookToml, todo: &mut Vec<String>) {
    w.table("cohorts");
    let bands = d
        .first(Guess::CohortColumn)
        .and_then(|c| age_band_edges(c).map(|edges| (c, edges)));
    if d.first(Guess::BirthYear).is_some() || d.first(Guess::Age).is_some() {
        let alternative = match &bands {
            Some((c, edges)) => format!(
                "or \"age_bands\" with the bands of \"{}\": edges = {edges:?}",
                c.name
            ),
            None => "or \"age_bands\" with edges = [18, 25, 35, 45, 55, 65]".into(),
        };
        w.string("scheme", "generation").note(&alternative);
    } else if let Some(c) = d.first(Guess::CohortColumn) {
        w.string("scheme", "column").string("column", &c.name);
        match age_band_order(c) {
            Some(order) => {
                w.strings("order", order)
                    .note("guessed: age ranges, youngest first; check");
            }
            None => {
                w.strings("order", c.distinct.iter().map(|(v, _)| v)).note(
                    "TODO: put the cohorts in order, oldest or youngest first (now: order of \
                     appearance)",
                );
            }
        }
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
