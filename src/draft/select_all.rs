//! Select-all questions: exported one column per option (each holding one answer or
//! blank), or as one column of comma-joined options. Guessed from the columns' answers, and
//! written as `[select_all.…]` tables.

use crate::study::codebook_toml::{quote, CodebookToml};

use super::guesses::{Draft, Guess, SelectQuestion};
use super::text::{option_text, prefix_of};

/// Select-all questions exported one column per option: two or more columns of one
/// prefix, each holding a single answer (1, Y, Yes or the option text) or blank, and
/// blanks somewhere.
pub(super) fn guess_select_all(d: &mut Draft) {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, c) in d.cols.iter().enumerate() {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let single = c.distinct.len() == 1 && !c.many;
        let empty = c.non_missing == 0;
        let Some(p) = prefix_of(&c.name) else {
            continue;
        };
        if !(single || empty) || c.non_missing >= d.rows && d.rows > 0 {
            continue;
        }
        if single && c.numeric && c.min == 0.0 {
            continue;
        }
        match groups.iter_mut().find(|g| g.0 == p) {
            Some(g) => g.1.push(i),
            None => groups.push((p, vec![i])),
        }
    }
    for (p, members) in groups {
        if members.len() < 2 || members.iter().all(|&i| d.cols[i].non_missing == 0) {
            continue;
        }
        let k = d.select.len();
        let none = members
            .iter()
            .copied()
            .find(|&i| {
                let t = d.cols[i].text.as_deref().map(option_text).unwrap_or("");
                let t = t.to_lowercase();
                t.starts_with("none") || t.contains("none of")
            })
            .or_else(|| exclusive_last(d, &members));
        for &i in &members {
            d.guess[i] = Guess::SelectOption(k);
        }
        d.select.push(SelectQuestion {
            name: p,
            columns: members,
            none,
        });
    }
}

/// The "none of these" option of a select-all question whose export does not name it (a
/// LimeSurvey `Q1[SQ004]`): the last option, chosen by at least 3 respondents and never
/// together with another option, while the other options are chosen together.
fn exclusive_last(d: &Draft, members: &[usize]) -> Option<usize> {
    let (&last, others) = members.split_last()?;
    let rows = d.rows as usize;
    let chosen = |r: usize| others.iter().filter(|&&i| d.cols[i].marked(r)).count();
    let alone = (0..rows).filter(|&r| d.cols[last].marked(r)).count();
    let exclusive = (0..rows).all(|r| !d.cols[last].marked(r) || chosen(r) == 0);
    let combined = (0..rows).any(|r| chosen(r) >= 2);
    (alone >= 3 && exclusive && combined).then_some(last)
}

/// Select-all questions exported as one column: text answers that hold commas, whose
/// pieces are a few short options chosen in different combinations — at least two pieces,
/// and at least half of them, seen in more than one distinct answer. A single answer that
/// holds a comma ("Some college, no degree") is one answer: its pieces only ever come
/// together. Free text (comments, open answers) has long, mostly unique clauses.
pub(super) fn guess_joined(d: &mut Draft) {
    let n = d.cols.len();
    for i in 0..n {
        let c = &d.cols[i];
        let recurring = c.recurring_tokens();
        if d.guess[i] == Guess::Other
            && c.has_comma
            && !c.tokens_many
            && (2..=20).contains(&c.tokens.len())
            && recurring >= 2
            && 2 * recurring >= c.tokens.len()
            && c.tokens.iter().all(|t| t.chars().count() <= 80)
        {
            d.guess[i] = Guess::Joined;
        }
    }
}

/// The `[select_all.…]` tables of both kinds of select-all question.
pub(super) fn write_select_all(d: &Draft, w: &mut CodebookToml) {
    for sq in &d.select {
        w.comment(
            "guessed: a select-all question (each option a column, blank when not chosen); check",
        )
        .table(&format!("select_all.{}", quote(&sq.name)))
        .strings("columns", sq.options().map(|i| &d.cols[i].name));
        if let Some(n) = sq.none {
            w.string("none", &d.cols[n].name).note("\"none of these\"");
        }
        w.blank();
    }
    for c in d.columns_of(&Guess::Joined).into_iter().map(|i| &d.cols[i]) {
        w.comment(
            "guessed: a select-all question exported as one column of comma-joined options; \
             check the options",
        )
        .table(&format!("select_all.{}", quote(&c.name)))
        .string("column", &c.name)
        .strings("options", &c.tokens);
        if let Some(n) = c.none_token() {
            w.string("none", n);
        }
        w.blank();
    }
}
