//! The draft's state: the export's column summaries with one guessed role (and why, where
//! the draft says so) and, for text answers, one coding per column, and the select-all
//! questions found. The guessing rooms fill it in; the writing rooms read it.

use crate::import::survey_source::ExportKind;

use super::coding::{text_coding, unify_codes, unify_worded, Coding};
use super::column::Column;
use super::fielding::SurveyYear;
use super::read::Export;

/// What a column was guessed to be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Guess {
    Platform,
    Id,
    BirthYear,
    Age,
    CohortColumn,
    Weight,
    /// A column to break results down by: a demographic, the experimental design, or a few
    /// text categories.
    Group,
    /// An attention or manipulation check: neither a question of the study nor a behaviour.
    Check,
    /// Open answers (comments, "other, please specify"): never categories or options.
    FreeText,
    /// Consent to take part in the study: neither a category nor a disclosure.
    StudyConsent,
    /// A 0/1 column no willingness question names and not named like a disclosure: left
    /// for the researcher.
    UnpairedBinary,
    /// A rating column: range and, for text answers, its coding.
    Rating(i32, i32),
    /// A 0/1 or count column.
    Binary,
    /// A SoSci multiple-choice option: 1 not checked, 2 checked (shared at 2).
    Checked,
    Count,
    /// A count no willingness question names: a commented behaviour candidate.
    CountCandidate,
    /// An option of a select-all question (index of the question).
    SelectOption(usize),
    /// A select-all question exported as one column of comma-joined options.
    Joined,
    Other,
}

/// A select-all question exported one column per option.
pub(super) struct SelectQuestion {
    pub(super) name: String,
    pub(super) columns: Vec<usize>,
    /// The "none of these" option's column.
    pub(super) none: Option<usize>,
}

impl SelectQuestion {
    /// The option columns other than "none of these".
    pub(super) fn options(&self) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .copied()
            .filter(|&c| Some(c) != self.none)
    }
}

pub(super) struct Draft {
    pub(super) source: String,
    pub(super) export: Option<ExportKind>,
    pub(super) cols: Vec<Column>,
    pub(super) guess: Vec<Guess>,
    /// Why a column got its role, when the draft's comment says so (groups, counts, age).
    pub(super) why: Vec<Option<String>>,
    pub(super) coding: Vec<Option<Coding>>,
    pub(super) rows: u64,
    pub(super) set_aside: u64,
    pub(super) sentinels: Vec<String>,
    /// The survey year, and the dates it was read from.
    pub(super) survey_year: SurveyYear,
    pub(super) select: Vec<SelectQuestion>,
    /// A SoSci Survey export: its multiple-choice options are 1 (not checked) / 2 (checked).
    pub(super) sosci: bool,
}

impl Draft {
    /// A draft of `export` with every column's text answers coded and no role guessed yet.
    pub(super) fn new(export: Export, survey_year: SurveyYear) -> Draft {
        let n = export.cols.len();
        let sosci = export.sosci;
        let mut coding: Vec<Option<Coding>> = export.cols.iter().map(text_coding).collect();
        let names: Vec<String> = export.cols.iter().map(|c| c.name.clone()).collect();
        unify_codes(&mut coding, &names);
        unify_worded(&mut coding);
        Draft {
            source: export.source,
            export: export.kind,
            coding,
            cols: export.cols,
            guess: vec![Guess::Other; n],
            why: vec![None; n],
            rows: export.rows,
            set_aside: export.set_aside,
            sentinels: export.sentinels,
            survey_year,
            select: Vec::new(),
            sosci,
        }
    }

    /// The columns guessed to be `g`, in file order.
    pub(super) fn columns_of(&self, g: &Guess) -> Vec<usize> {
        (0..self.cols.len())
            .filter(|&i| self.guess[i] == *g)
            .collect()
    }

    /// Gives column `i` the role `g`, saying why.
    pub(super) fn set(&mut self, i: usize, g: Guess, why: impl Into<String>) {
        self.guess[i] = g;
        self.why[i] = Some(why.into());
    }

    /// "Don't know", "Prefer not to say" and the like beside the answer scales of rating
    /// columns: missing answers, in order of first appearance.
    pub(super) fn non_substantive(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, cd) in self.coding.iter().enumerate() {
            if !matches!(self.guess[i], Guess::Rating(..)) {
                continue;
            }
            for e in cd.iter().flat_map(|c| &c.extra) {
                if super::wording::non_substantive(e) && !out.contains(e) {
                    out.push(e.clone());
                }
            }
        }
        out
    }

    /// The first column guessed to be `g`.
    pub(super) fn first(&self, g: Guess) -> Option<&Column> {
        self.guess
            .iter()
            .position(|x| *x == g)
            .map(|i| &self.cols[i])
    }
}
