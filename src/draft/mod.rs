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
    Ok(write::write(&d))
}
