//! Section 1, "Study and data quality": how many responses were analysed and rejected, the
//! behaviour match rate, respondents without a cohort, where the survey came from, the
//! cohort scheme and weighting — with the data quality, cohort and input-file tables.

use crate::fmt::{count, pct, NOT_AVAILABLE};
use crate::privacy::{Published, PublishedAudit};
use crate::report::document::{Block, Section};
use crate::report::tables;
use crate::study::Study;

use super::prose::fin;

/// Where the survey came from and which of its rows were set aside as not respondents. The
/// reasons are named without their counts: those are part of the rejected rows, which
/// disclosure control already governs (`paradox check` gives the counts).
fn survey_export_text(a: &PublishedAudit) -> String {
    let mut t = String::new();
    if let Some(kind) = &a.survey_export {
        t.push_str(&format!("The survey is a {kind} export. "));
    }
    if !a.set_aside_reasons.is_empty() {
        let reasons: Vec<&str> = a.set_aside_reasons.iter().map(String::as_str).collect();
        t.push_str(&format!(
            "Rows that are no (complete) respondents were set aside and count among the rejected \
             rows: {}. ",
            reasons.join("; ")
        ));
    }
    if a.kept_unfinished {
        t.push_str("Unfinished responses were kept (--keep-unfinished). ");
    }
    t
}

pub fn section(study: &Study, published: &Published) -> Section {
    let summary = published.summary();
    let s = &summary.study;
    let mut p = match s.respondents {
        Some(r) => format!(
            "The study \u{201c}{}\u{201d} has {} survey responses; {} respondents were analysed",
            s.name,
            count(r),
            count(s.analysed)
        ),
        None => format!(
            "In the study \u{201c}{}\u{201d}, {} respondents were analysed (the number of survey \
             responses is suppressed, as it would reveal a small count of rejected rows)",
            s.name,
            count(s.analysed)
        ),
    };
    if s.filter != "all respondents" && !s.filter.is_empty() {
        p.push_str(&format!(" (filter: {})", s.filter));
    }
    p.push_str(". ");
    p.push_str(&match s.rejected_rows {
        None => "The number of rejected survey rows is suppressed (a small count). ".to_string(),
        Some(0) => "No survey row was rejected. ".to_string(),
        Some(1) => "1 survey row was rejected because of invalid values and is left out of every \
              statistic (paradox check lists the reason). "
            .to_string(),
        Some(r) => format!(
            "{} survey rows were rejected because of invalid values and are left out of every \
             statistic (paradox check lists each reason). ",
            count(r)
        ),
    });
    if !study.has_behavior {
        p.push_str(
            "The study has no behaviour data, so only stated attitudes and tactic ratings are \
             analysed. ",
        );
    } else {
        match fin(s.behavior_match_rate) {
            Some(r) => p.push_str(&format!(
                "Behaviour data were found for {} of the analysed respondents. ",
                pct(r)
            )),
            None => p.push_str(&format!("The behaviour match rate is {NOT_AVAILABLE}. ")),
        }
    }
    // Where publishing merged them into a cohort row ("Gen Z + cohort unknown"), they count
    // there too.
    let summary = published.summary();
    let merged_unknown = summary
        .gap
        .collapsed
        .iter()
        .chain(summary.tactics.iter().filter_map(|t| t.collapsed.as_ref()))
        .any(|c| c.cohorts.iter().flatten().any(|m| m == "cohort unknown"));
    let only = if merged_unknown {
        "overall figures and in the rows named \u{201c}\u{2026} + cohort unknown\u{201d}"
    } else {
        "overall figures only"
    };
    match s.unknown_cohort {
        None => p.push_str(&format!(
            "Some respondents could not be assigned to a cohort (their number is suppressed) \
             and count in {only}. "
        )),
        Some(0) => {}
        Some(1) => p.push_str(&format!(
            "1 respondent could not be assigned to a cohort and counts in {only}. "
        )),
        Some(u) => p.push_str(&format!(
            "{} respondents could not be assigned to a cohort and count in {only}. ",
            count(u)
        )),
    }
    p.push_str(&survey_export_text(published.audit()));
    p.push_str(&format!("Cohorts: {}. ", s.cohort_scheme));
    p.push_str(if s.weighted {
        "Proportions and means are weighted by the survey weights; \u{3b1}, Spearman and all \
         tests are unweighted."
    } else {
        "All figures are unweighted."
    });
    Section {
        id: "study",
        title: "Study and data quality".into(),
        blocks: vec![
            Block::Para(p),
            Block::Table(tables::study::quality_table(published)),
            Block::Table(tables::study::cohorts_table(summary)),
            Block::Table(tables::study::inputs_table(published)),
        ],
    }
}
