//! `paradox codebook --draft FILE`: a first `codebook.toml` guessed from a survey export
//! (.csv, .tsv, .sav, .zsav), so that a researcher edits a codebook instead of writing one.
//!
//! The file is read once (at most [`MAX_ROWS`] responses; platform previews, tests and
//! unfinished responses left out) and every column is summarized — distinct values in
//! order of appearance, numeric range, the years of its dates, which responses marked it,
//! question text (Qualtrics header row 2) or variable label and value labels (SPSS). From
//! that the draft guesses the survey year (from a date column, which it names), the id
//! column, the age / birth-year / cohort column (an age column by its name and values,
//! even with a few impossible ones), the weight, demographic and experimental-design
//! columns as groups (never behaviour), attention checks and open answers (set aside),
//! rating columns grouped into candidate scales by shared prefix (`Q5_1`…`Q5_4`,
//! `Q1[SQ001]`…) and common range, label sets for text answers (known wordings in their
//! natural order, else first appearance), select-all questions (one comma-joined column
//! only when its options recur in different combinations), 0/1 and count columns as
//! behaviour, stated willingness paired with the behaviour it names, and the columns that
//! look like personal data. Every guess is commented ("# guessed from …; check"), and what
//! cannot be guessed is a `# TODO`. A draft whose guesses are complete parses with the
//! codebook parser as it is.
//!
//! The rooms, lowest first: `text` (names, words and texts), `dates` (dates in cells and
//! SPSS date variables), `column` (a column's summary), `bands` (age ranges), `coding`
//! (text answers as codes), `read` (reading the export), `fielding` (the survey year),
//! `guesses` (the draft's state); the guesses `key_columns` (dates, id, age, birth year,
//! cohort, weight), `groups` (demographics, conditions, checks, open answers),
//! `select_all`, `answers` (counts, ratings, 0/1, categories), `scales` (batteries,
//! concern), and the writers `heading`, `labels`, `data_types`, `tactics`, `pii`; `write`
//! puts the text together.

mod answers;
mod bands;
mod coding;
mod column;
mod data_types;
mod dates;
mod fielding;
mod groups;
mod guesses;
mod heading;
mod key_columns;
mod labels;
mod pii;
mod read;
mod scales;
mod select_all;
mod tactics;
mod text;
mod wording;
mod write;

use std::path::Path;

use crate::study::StudyError;

use guesses::Draft;

pub use read::MAX_ROWS;

/// Reads a survey export and writes a draft codebook for it.
pub fn draft_codebook(path: &Path) -> Result<String, StudyError> {
    let export = read::read_export(path)?;
    let year = fielding::survey_year(&export.cols);
    let sav_weight = export.sav_weight;
    let mut d = Draft::new(export, year);
    // The order matters: each guess takes only the columns no earlier one took.
    key_columns::guess_key_columns(&mut d, sav_weight);
    groups::guess_groups(&mut d);
    select_all::guess_select_all(&mut d);
    select_all::guess_joined(&mut d);
    answers::guess_answers(&mut d);
    answers::guess_instructed_items(&mut d);
    data_types::settle_unpaired(&mut d);
    Ok(write::write(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The draft of a CSV export with this text.
    fn draft_of(csv: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, csv).unwrap();
        draft_codebook(&path).unwrap()
    }

    #[test]
    fn single_choice_answers_with_commas_are_one_answer() {
        let mut csv = String::from("id,education,Q7\n");
        let edu = [
            "High school, GED",
            "Some college, no degree",
            "Bachelor's degree",
        ];
        let q7 = ["Location,Contacts", "Location", "Contacts,Camera", "Camera"];
        for i in 0..12 {
            csv.push_str(&format!("{i},\"{}\",\"{}\"\n", edu[i % 3], q7[i % 4]));
        }
        let draft = draft_of(&csv);
        assert!(!draft.contains("select_all.\"education\""), "{draft}");
        assert!(draft.contains("group = [\"education\"]"), "{draft}");
        // Q7's options recur in different combinations: a select-all question.
        assert!(draft.contains("[select_all.\"Q7\"]"), "{draft}");
    }

    #[test]
    fn all_nines_in_a_birth_year_are_a_refusal_code() {
        let mut csv = String::from("id,year_of_birth,q1\n");
        for i in 0..40 {
            let y = if i % 13 == 0 { 9999 } else { 1950 + i };
            csv.push_str(&format!("{i},{y},{}\n", 1 + i % 5));
        }
        let draft = draft_of(&csv);
        assert!(draft.contains("birth_year = \"year_of_birth\""), "{draft}");
        assert!(
            draft.contains("missing = [\"\", \"NA\", \"N/A\", \"9999\"]"),
            "{draft}"
        );
    }

    #[test]
    fn condition_dummies_are_groups_and_counts_are_behaviour() {
        let mut csv = String::from("pid,date,age,control,treat_a,treat_b,will_post,n_posts\n");
        for i in 0..30 {
            let age = if i == 3 { 5 } else { 20 + i };
            let arm = [(1, 0, 0), (0, 1, 0), (0, 0, 1)][i % 3];
            csv.push_str(&format!(
                "{i},3/{}/2017,{age},{},{},{},{},{}\n",
                1 + i % 28,
                arm.0,
                arm.1,
                arm.2,
                1 + i % 5,
                i % 4
            ));
        }
        let draft = draft_of(&csv);
        for line in [
            "survey_year = 2017  # guessed from the response dates in \"date\" (all 30 in 2017)",
            "age = \"age\"  # guessed: its name and whole numbers 5–49, 1 of them outside",
            "group = [\"control\", \"treat_a\", \"treat_b\"]",
            "stated = \"will_post\"",
            "behavior = \"n_posts\"",
            "shared_min = 1",
        ] {
            assert!(draft.contains(line), "draft lacks {line:?}:\n{draft}");
        }
        assert!(!draft.contains("behavior = \"control\""), "{draft}");
    }
}
