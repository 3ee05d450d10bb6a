//! Section 7, "Adjusted models" (always present, so section numbers never shift): the
//! concern effect of every adjusted logistic model in words, one odds-ratio table per
//! model, and the cohort trend tests of the tactics.

use crate::analysis::summary::Summary;
use crate::report::document::{Block, Section};
use crate::report::tables;

const TITLE: &str = "Adjusted models";

/// The section (always present, so section numbers never shift).
pub fn section(s: &Summary) -> Section {
    let mut blocks = Vec::new();
    if !s.models.computed {
        blocks.push(Block::Para(
            "The adjusted models were not computed for this report.".into(),
        ));
        return Section {
            id: "models",
            title: TITLE.into(),
            blocks,
        };
    }
    blocks.push(Block::Para(
        "Does concern predict behaviour once cohort and the study's group columns are held fixed? \
         Each model is a logistic regression of the outcome on the concern score (per scale point), \
         cohort and every group column (dummy-coded; the reference level is the first cohort in the \
         scheme's order and the first level of a group in alphabetical order), over respondents with \
         all of them known. Odds ratios have 95% Wald intervals from heteroskedasticity-robust \
         (HC1) standard errors; with survey weights the fit and the robust errors are weighted."
            .into(),
    ));
    let outcomes = tables::models::outcomes(s);
    let mut findings = Vec::new();
    let mut withheld = Vec::new();
    for (label, _, m) in &outcomes {
        match m {
            Some(m) => findings.push(match &m.sentence {
                Some(sentence) => format!("{label}: {sentence}"),
                None => format!("{label}: the concern effect is not available."),
            }),
            None => withheld.push(label.clone()),
        }
    }
    if !findings.is_empty() {
        blocks.push(Block::List(findings));
    }
    if !withheld.is_empty() {
        blocks.push(Block::Para(format!(
            "Not estimated or withheld (see the notes for why): {}.",
            withheld.join(", ")
        )));
    }
    for (label, _, m) in &outcomes {
        let Some(m) = m else { continue };
        blocks.push(Block::Table(tables::models::terms_table(label, m)));
        if let Some(note) = &m.note {
            blocks.push(Block::Titled("Caution".into(), format!("{label}: {note}.")));
        }
    }
    if !s.models.tactic_trends.is_empty() {
        blocks.push(Block::Para(
            "The trend test asks whether ratings rise or fall steadily from older to younger cohorts \
             (Agresti's linear-by-linear association, M\u{b2} = (N \u{2212} 1)\u{b7}r\u{b2}), a more \
             focused question than the unordered \u{3c7}\u{b2} of section 6; a positive r means younger \
             cohorts rate the tactic higher."
                .into(),
        ));
        blocks.push(Block::Table(tables::models::trends_table(s)));
    }
    Section {
        id: "models",
        title: TITLE.into(),
        blocks,
    }
}
