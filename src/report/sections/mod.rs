//! The report's prose: one file per section, each turning the numbers of a published
//! [`Summary`] into plain-language paragraphs and placing its tables and charts. A value
//! that is `None` — suppressed by disclosure control or undefined — is never quoted: the
//! prose says "not available (suppressed or undefined)" and phrases around it. Numbers are
//! formatted by [`crate::fmt`]; tables come from [`crate::report::tables`]. This module
//! only puts the sections in order.

mod cohort_tests;
mod compare;
mod data_types;
mod findings;
mod gap;
mod groups;
mod methods;
mod models;
mod notes;
mod overview;
mod prose;
mod reliability;
mod screening;
mod sensitivity;
mod tactics;
mod verdict;

use crate::privacy::Published;
use crate::report::document::Document;
use crate::report::words::SurveyWords;
use crate::study::Study;

pub use methods::dp_notes;

/// The warning that opens a report made with `--dp-seed`: noise from a known seed can be
/// subtracted, so such a report must say it is not private.
pub const NOT_PRIVATE: &str = "This report is NOT private: its differential-privacy noise \
     came from a fixed seed (--dp-seed), which exists for tests only. Do not publish it.";

/// Numbers the sections in reading order, so a section that appears only for some studies
/// (threshold sensitivity, group breakdowns) is numbered like the rest and the numbers stay
/// consecutive. The key findings open the report unnumbered; careless-response screening
/// belongs to the study-and-data section before it and takes its number with a letter
/// ("1a").
fn number_sections(sections: &mut [crate::report::document::Section]) {
    let mut n = 0;
    for s in sections.iter_mut() {
        match s.id {
            "findings" => continue,
            "screening" => s.title = format!("{n}a. {}", s.title),
            _ => {
                n += 1;
                s.title = format!("{n}. {}", s.title);
            }
        }
    }
}

/// Builds the whole report as sections of paragraphs, tables and chart references.
pub fn build_document(study: &Study, published: &Published) -> Document {
    let summary = published.summary();
    let dp_seeded = published.dp_seeded();
    let not_private = (summary.disclosure_control.dp_epsilon.is_some() && dp_seeded)
        .then(|| NOT_PRIVATE.to_string());
    let mut sections = vec![
        findings::section(study, summary, &published.audit().warnings),
        overview::section(study, published),
    ];
    sections.extend(screening::section(summary));
    sections.extend([
        reliability::section(study, summary),
        gap::section(study, summary),
        cohort_tests::section(study, summary),
        data_types::section(summary),
        tactics::section(summary, &SurveyWords::from_codebook(&study.codebook)),
    ]);
    // Threshold sensitivity and group breakdowns follow the tactics.
    sections.extend(sensitivity::section(summary));
    sections.extend(groups::section(summary));
    sections.extend([
        models::section(summary),
        notes::section(summary),
        methods::section(study, published),
    ]);
    number_sections(&mut sections);
    Document {
        title: format!("Privacy-paradox report: {}", summary.study.name),
        not_private,
        subtitle: format!(
            "Made by paradox {} from the study \u{201c}{}\u{201d}; respondents: {}.",
            env!("CARGO_PKG_VERSION"),
            summary.study.name,
            summary.study.filter
        ),
        sections,
    }
}
