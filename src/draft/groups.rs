//! Columns that describe the respondent or the study design rather than what the respondent
//! thinks or did: demographics (gender, education, region …) and experimental conditions
//! (a condition column, treatment dummies) are groups to break results down by — never a
//! behaviour, never a rating — and attention checks and open answers are set aside. Guessed
//! from the column's name words, its question text or SPSS label, and, for condition
//! dummies, from the answers: 0/1 columns of which exactly one is 1 for every respondent.

use crate::study::codebook_toml::{quote, CodebookToml};

use super::coding::CodingKind;
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{contains_any, words};
use crate::study::column_words::{DEMOGRAPHIC_STEMS, DEMOGRAPHIC_WORDS, DESIGN_WORDS};

/// Question texts (or SPSS labels) that ask for a demographic.
const DEMOGRAPHIC_TEXTS: [&str; 14] = [
    "gender",
    "your sex",
    "sex of",
    "education",
    "educational",
    "region",
    "country",
    "ethnic",
    "marital",
    "employment",
    "occupation",
    "religio",
    "household income",
    "political party",
];
/// Name words of attention and manipulation checks.
const CHECK_WORDS: [&str; 8] = [
    "attn",
    "attention",
    "attentive",
    "check",
    "trap",
    "imc",
    "bogus",
    "instructed",
];
/// Question texts (or labels) of experimental-design columns.
const DESIGN_TEXTS: [&str; 6] = [
    "condition",
    "random generator",
    "randomizer",
    "randomiser",
    "treatment group",
    "experimental group",
];
/// Question texts of instructed items ("please select 'Disagree' for this statement"),
/// often hidden in a battery: checks, not items of the scale.
const INSTRUCTED_TEXTS: [&str; 9] = [
    "please select '",
    "please select \"",
    "please select “",
    "please choose '",
    "please choose \"",
    "please mark '",
    "to show that you are reading",
    "show that you are paying attention",
    "if you are reading this",
];
/// Question texts of the consent to take part in the study.
const STUDY_CONSENT_TEXTS: [&str; 6] = [
    "take part in this study",
    "participate in this study",
    "take part in this research",
    "participate in this research",
    "information sheet",
    "informed consent",
];
/// Name words and question texts of open answers.
const FREE_TEXT_WORDS: [&str; 11] = [
    "comment",
    "comments",
    "remark",
    "remarks",
    "feedback",
    "note",
    "notes",
    "text",
    "open",
    "suggestion",
    "suggestions",
];
const FREE_TEXT_TEXTS: [&str; 6] = [
    "comment",
    "feedback",
    "anything else",
    "please specify",
    "please explain",
    "please describe",
];
/// Name words of attitude questions: such a column is never a demographic or design column
/// by its name ("How willing … your education" is a willingness question).
const ATTITUDE_WORDS: [&str; 10] = [
    "will",
    "willing",
    "willingness",
    "accept",
    "concern",
    "trust",
    "agree",
    "share",
    "shared",
    "wtp",
];
/// Attitude wordings in a question text.
const ATTITUDE_TEXTS: [&str; 5] = ["willing", "acceptab", "agree", "how often", "how likely"];

/// At most this many distinct answers for a group.
const MAX_LEVELS: usize = 20;

/// Guesses the demographic, design, check and open-answer columns among those no earlier
/// guess took.
pub(super) fn guess_groups(d: &mut Draft) {
    // Dummies first: a `control` column beside `treat_a` and `treat_b` is known only by
    // its neighbours.
    guess_dummies(d);
    for i in 0..d.cols.len() {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let c = &d.cols[i];
        let w = words(&c.name);
        // A word with a number glued to it counts as the word too: `treat2`, `cond_1`.
        let has = |list: &[&str]| {
            w.iter().any(|x| {
                list.contains(&x.as_str())
                    || list.contains(&x.trim_end_matches(|c: char| c.is_ascii_digit()))
            })
        };
        let text = c.text.as_deref().unwrap_or("").to_lowercase();
        if contains_any(&text, &INSTRUCTED_TEXTS) {
            d.set(
                i,
                Guess::Check,
                "its question tells respondents which answer to give (an instructed item)",
            );
            continue;
        }
        if contains_any(&text, &STUDY_CONSENT_TEXTS) && !c.many {
            d.set(i, Guess::StudyConsent, "consent to take part in the study");
            continue;
        }
        // `trust_AC`, `Q7_IMC`: an attention check named by its last word.
        let last_ac =
            w.len() > 1 && matches!(w.last().map(String::as_str), Some("ac" | "ac1" | "ac2"));
        if has(&CHECK_WORDS) || last_ac {
            d.set(
                i,
                Guess::Check,
                "named like an attention or manipulation check",
            );
            continue;
        }
        // LimeSurvey's `edu[other]`, Qualtrics' `Q3_4_TEXT`: the "other, please specify" text.
        let other_text =
            c.name.ends_with("[other]") || w.last().is_some_and(|x| x == "text") && w.len() > 1;
        if !c.numeric && other_text {
            d.set(
                i,
                Guess::FreeText,
                "the text of an \"other, please specify\" answer",
            );
            continue;
        }
        if !c.numeric
            && (has(&FREE_TEXT_WORDS) || contains_any(&text, &FREE_TEXT_TEXTS))
            && !has(&DEMOGRAPHIC_WORDS)
        {
            d.set(i, Guess::FreeText, "open answers");
            continue;
        }
        if !few_levels(c) || has(&ATTITUDE_WORDS) {
            continue;
        }
        let scale = d.coding[i]
            .as_ref()
            .is_some_and(|cd| matches!(cd.kind, CodingKind::Known | CodingKind::Worded));
        if has(&DESIGN_WORDS) {
            d.set(i, Guess::Group, "the experimental design (by name)");
        } else if has(&DEMOGRAPHIC_WORDS)
            || w.iter()
                .any(|x| DEMOGRAPHIC_STEMS.iter().any(|s| x.starts_with(s)))
        {
            d.set(i, Guess::Group, "demographics (by name)");
        } else if contains_any(&text, &DESIGN_TEXTS) && !contains_any(&text, &ATTITUDE_TEXTS) {
            d.set(i, Guess::Group, "the experimental design (by question)");
        } else if !scale
            && contains_any(&text, &DEMOGRAPHIC_TEXTS)
            && !contains_any(&text, &ATTITUDE_TEXTS)
        {
            d.set(i, Guess::Group, "demographics (by question)");
        }
    }
}

/// A column with at least two and at most [`MAX_LEVELS`] distinct answers; numbers only
/// when they are codes (whole numbers with value labels, or over a short range), not
/// amounts (an income of 41,000.50).
fn few_levels(c: &Column) -> bool {
    let codes = !c.numeric
        || c.integer && (!c.value_labels.is_empty() || c.max - c.min <= MAX_LEVELS as f64);
    codes && !c.many && (2..=MAX_LEVELS).contains(&c.distinct.len())
}

/// Condition dummies: two or more 0/1 columns whose names start with the same word, or
/// that stand side by side, with exactly one of them 1 for every respondent (random
/// assignment exported one column per condition).
fn guess_dummies(d: &mut Draft) {
    let dummy = |c: &Column| c.numeric && c.integer && c.min == 0.0 && c.max == 1.0;
    let mut sets: Vec<(String, Vec<usize>)> = Vec::new();
    for i in 0..d.cols.len() {
        let c = &d.cols[i];
        if d.guess[i] != Guess::Other || !dummy(c) {
            continue;
        }
        let Some(first) = words(&c.name).into_iter().next() else {
            continue;
        };
        match sets.iter_mut().find(|s| s.0 == first) {
            Some(s) => s.1.push(i),
            None => sets.push((first, vec![i])),
        }
    }
    // Also runs of neighbouring 0/1 columns (`control`, `treat_a`, `treat_b`), and every
    // stretch of two or more within a run, longest first (`female` before them is not one).
    let mut run: Vec<usize> = Vec::new();
    for i in 0..=d.cols.len() {
        if i < d.cols.len() && d.guess[i] == Guess::Other && dummy(&d.cols[i]) {
            run.push(i);
        } else if !run.is_empty() {
            for len in (2..=run.len()).rev() {
                for start in 0..=run.len() - len {
                    sets.push((String::new(), run[start..start + len].to_vec()));
                }
            }
            run.clear();
        }
    }
    let one_hot = |d: &Draft, members: &[usize]| {
        (0..d.rows as usize).all(|r| members.iter().filter(|&&i| d.cols[i].marked(r)).count() == 1)
    };
    for (_, members) in sets {
        if members.len() < 2 || d.rows == 0 || members.iter().any(|&i| d.guess[i] != Guess::Other) {
            continue;
        }
        if one_hot(d, &members) {
            for i in members {
                d.set(
                    i,
                    Guess::Group,
                    "the experimental design (0/1 dummies, exactly one is 1 per respondent)",
                );
            }
        }
    }
}

/// The attention and manipulation checks, as a commented `[screening]` suggestion: they are
/// not behaviour, and the expected answer is for the researcher to say.
pub(super) fn write_checks(d: &Draft, w: &mut CodebookToml) {
    for i in d.columns_of(&Guess::StudyConsent) {
        w.comment(&format!(
            "guessed: {} is the consent to take part in the study — neither a group nor a \
             disclosure; drop those who did not consent before the analysis.",
            d.cols[i].name
        ));
    }
    let checks = d.columns_of(&Guess::Check);
    if checks.is_empty() {
        return;
    }
    w.comment(&format!(
        "guessed: {} named like an attention or manipulation check: not a behaviour.",
        checks
            .iter()
            .map(|&i| d.cols[i].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .comment("TODO: to flag careless responses, say the expected answer of each attention check:")
    .comment("[screening]");
    let entries: Vec<String> = checks
        .iter()
        .map(|&i| {
            let c = &d.cols[i];
            let expected = c
                .distinct
                .iter()
                .max_by_key(|v| v.1)
                .map(|v| v.0.as_str())
                .unwrap_or("…");
            let expected = if expected.parse::<f64>().is_ok() {
                expected.to_string()
            } else {
                quote(expected)
            };
            format!("{{ column = {}, expected = {expected} }}", quote(&c.name))
        })
        .collect();
    w.comment(&format!("attention = [{}]", entries.join(", ")))
        .blank();
}
