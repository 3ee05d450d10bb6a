//! The audit of a loaded study in words — what `paradox check` prints and `import.log`
//! records: what was read, what was rejected and why, what could not be matched.

use std::fmt::Write;

use crate::fmt::{count, ratio_pct1};
use crate::import::screen::{self, MIN_STRAIGHTLINE_ITEMS};
use crate::import::warnings::describe;
use crate::study::{Audit, Study};

/// Rejected values listed in full in the text audit; the rest are in rejected.csv.
const SHOWN_REJECTIONS: usize = 20;

/// The text audit of a loaded study: inputs, row counts, rejections, behaviour matching,
/// cohorts, weights, missing answers, notes, careless-response screening, the load
/// warnings and the status.
pub fn audit_text(study: &Study) -> String {
    let mut s = String::new();
    write_inputs(&mut s, study);
    write_rows(&mut s, study);
    write_behavior(&mut s, study);
    write_respondents(&mut s, study);
    write_rejected_values(&mut s, &study.audit);
    s.push_str(&screening_text(study));
    write_status(&mut s, study);
    s
}

/// The study's name and input files (size, start of the digest), the survey's format.
fn write_inputs(s: &mut String, study: &Study) {
    let a = &study.audit;
    let _ = writeln!(s, "Study \"{}\"", study.name());
    for f in &a.inputs {
        let _ = writeln!(
            s,
            "  {:<9} {}  ({} bytes, sha256 {}…)",
            f.role,
            f.path.display(),
            count(f.bytes),
            &f.sha256[..f.sha256.len().min(12)]
        );
    }
    let mut format = if a.delimiter.starts_with("SPSS") {
        a.delimiter.clone()
    } else {
        format!("{}-delimited", a.delimiter)
    };
    if a.qualtrics_header {
        format.push_str(", Qualtrics export (header rows 2–3 skipped)");
    }
    let _ = writeln!(s, "  survey format: {format}");
    if let Some(kind) = &a.survey_export {
        let _ = writeln!(s, "  survey export: {kind}");
    }
}

/// Survey rows read, rejected and set aside, and the respondents left to analyse.
fn write_rows(s: &mut String, study: &Study) {
    let a = &study.audit;
    let n = study.len() as u64;
    let _ = writeln!(s);
    let _ = writeln!(s, "Respondents in survey   {:>10}", count(a.survey_rows));
    let _ = writeln!(
        s,
        "Rejected survey rows    {:>10}  ({} rejected values in all files)",
        count(a.rejected_rows),
        count(a.rejected.len() as u64)
    );
    if a.behavior_rejected_rows > 0 {
        let _ = writeln!(
            s,
            "Rejected behaviour rows {:>10}",
            count(a.behavior_rejected_rows)
        );
    }
    for (reason, rows) in &a.set_aside {
        let _ = writeln!(s, "{:<24}{:>10}  {reason}", "  set aside", count(*rows));
    }
    if !a.set_aside.is_empty() || a.kept_unfinished {
        let _ = writeln!(
            s,
            "  (survey previews, tests and spam are always set aside; unfinished responses {})",
            if a.kept_unfinished {
                "were kept (--keep-unfinished)"
            } else {
                "too, unless --keep-unfinished"
            }
        );
    }
    let _ = writeln!(s, "Analysed respondents    {:>10}", count(n));
}

/// How well behaviour matched the survey (or that there is none).
fn write_behavior(s: &mut String, study: &Study) {
    let a = &study.audit;
    let n = study.len() as u64;
    let separate_file = a
        .inputs
        .iter()
        .any(|f| f.role == "behavior" || f.role == "events");
    if study.has_behavior && !separate_file {
        // Behaviour columns of the survey belong to their respondent by construction:
        // there is nothing to match and no behaviour row to count, so a "rows read 0"
        // beside a "match rate 100%" would only puzzle.
        let with = n - a.respondents_without_behavior;
        let _ = writeln!(
            s,
            "Behaviour               read from the survey file (its behaviour columns; no behaviour file or event log)"
        );
        let _ = writeln!(
            s,
            "Behaviour answered      {:>10}  ({} of {} respondents have behaviour; {} without)",
            ratio_pct1(with, n),
            count(with),
            count(n),
            count(a.respondents_without_behavior)
        );
    } else if study.has_behavior {
        let with = n - a.respondents_without_behavior;
        let _ = writeln!(
            s,
            "Behaviour match rate    {:>10}  ({} of {} respondents have behaviour; {} without)",
            ratio_pct1(with, n),
            count(with),
            count(n),
            count(a.respondents_without_behavior)
        );
        let _ = writeln!(
            s,
            "Behaviour rows read     {:>10}  ({} from {} ids not in the survey; {} of rejected respondents)",
            count(a.behavior_rows),
            count(a.behavior_unmatched_rows),
            count(a.behavior_unmatched_ids),
            count(a.behavior_rows_of_rejected)
        );
        if !a.ignored_event_types.is_empty() {
            let list: Vec<String> = a
                .ignored_event_types
                .iter()
                .map(|(k, v)| format!("{k} ({})", count(*v)))
                .collect();
            let _ = writeln!(s, "Ignored event types     {}", list.join(", "));
        }
    } else {
        let _ = writeln!(
            s,
            "Behaviour               none (gap statistics will be null)"
        );
    }
}

/// Cohorts, weights, dropped PII columns, missing answers and notes.
fn write_respondents(s: &mut String, study: &Study) {
    let a = &study.audit;
    let n = study.len() as u64;
    let _ = writeln!(s, "Unknown cohort          {:>10}", count(a.unknown_cohort));
    let mut counts = vec![0u64; study.cohort_names.len()];
    for c in study.cohort.iter().flatten() {
        counts[*c as usize] += 1;
    }
    let cohorts: Vec<String> = study
        .cohort_names
        .iter()
        .zip(&counts)
        .map(|(name, c)| format!("{name} {}", count(*c)))
        .collect();
    let _ = writeln!(s, "Cohorts                 {}", cohorts.join(" · "));
    if let Some(w) = &study.weight {
        let sum: f64 = w.iter().sum();
        let sq: f64 = w.iter().map(|x| x * x).sum();
        let _ = writeln!(
            s,
            "Weights                 declared; Kish effective n {:.0} of {}",
            if sq > 0.0 { sum * sum / sq } else { 0.0 },
            count(n)
        );
    }
    for (col, kind) in &a.dropped_pii {
        let _ = writeln!(s, "Dropped PII column      \"{col}\" ({kind})");
    }
    let missing: Vec<String> = a
        .missing_by_column
        .iter()
        .filter(|(_, m)| *m > 0)
        .map(|(c, m)| format!("{c} {} ({})", count(*m), ratio_pct1(*m, n)))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(s, "Missing answers         {}", missing.join(", "));
    }
    for note in &a.notes {
        let _ = writeln!(s, "Note: {note}");
    }
}

/// The first rejected values with their place and reason.
fn write_rejected_values(s: &mut String, a: &Audit) {
    if !a.rejected.is_empty() {
        let _ = writeln!(s);
        let shown = a.rejected.len().min(SHOWN_REJECTIONS);
        let _ = writeln!(
            s,
            "Rejected values (first {shown} of {}):",
            a.rejected.len()
        );
        // Rows of an SPSS survey are cases, not lines.
        let sav_survey = a.delimiter.starts_with("SPSS").then(|| {
            a.inputs
                .iter()
                .find(|f| f.role == "survey")
                .and_then(|f| f.path.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        for r in a.rejected.iter().take(SHOWN_REJECTIONS) {
            let unit = if sav_survey.as_deref() == Some(r.file.as_str()) {
                "case"
            } else if r.file.contains(".parquet row group ") {
                // Parquet rows are numbered within their row group (named with the file).
                "row"
            } else {
                "line"
            };
            let col = if r.column.is_empty() {
                String::new()
            } else {
                format!(", column \"{}\"", r.column)
            };
            let val = if r.value.is_empty() && r.column.is_empty() {
                String::new()
            } else {
                format!(", value \"{}\"", r.value)
            };
            let _ = writeln!(s, "  {}, {unit} {}{col}{val}: {}", r.file, r.line, r.reason);
        }
        if a.rejected.len() > SHOWN_REJECTIONS {
            let _ = writeln!(s, "  … write them all with --rejected FILE");
        }
    }
}

/// The load warnings, one per line (nothing without any), then whether the study is
/// usable — "usable with warnings" when there are any — and how many respondents are
/// analysed.
fn write_status(s: &mut String, study: &Study) {
    let n = study.len() as u64;
    let warnings = &study.audit.warnings;
    if !warnings.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "Warnings ({}):", warnings.len());
        for w in warnings {
            let _ = writeln!(s, "  {}", describe(w));
        }
    }
    let _ = writeln!(s);
    let usable = if warnings.is_empty() {
        "usable"
    } else {
        "usable with warnings"
    };
    let excluded = study.codebook.screening.as_ref().is_some_and(|x| x.exclude);
    let flagged = study.flagged.iter().filter(|f| **f).count() as u64;
    if excluded && flagged > 0 {
        let _ = writeln!(
            s,
            "Status: {usable} — {} respondents to analyse ({} flagged respondents excluded by screening)",
            count(n - flagged),
            count(flagged)
        );
    } else {
        let _ = writeln!(s, "Status: {usable} — {} respondents to analyse", count(n));
    }
}

/// The screening part of the text audit: counts per rule and in all (the analyst's own
/// output; ids are in the flagged listing). Empty without `[screening]`.
fn screening_text(study: &Study) -> String {
    let (Some(spec), Some(f)) = (study.codebook.screening.as_ref(), screen::flags(study)) else {
        return String::new();
    };
    let flagged = |c: &[bool]| count(c.iter().filter(|x| **x).count() as u64);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCareless-response screening ({})",
        if spec.exclude {
            "flagged respondents are excluded from every statistic"
        } else {
            "flag and report only; exclude = true in [screening] leaves them out"
        }
    );
    if let Some(d) = &spec.duration {
        let rule = match (f.median_duration, f.speeder_cutoff) {
            (Some(m), Some(c)) => format!(
                "speeder: \"{d}\" < {} × median {m} s = {c:.1} s",
                spec.speeder_fraction
            ),
            _ => format!("speeder: \"{d}\" has no durations"),
        };
        let _ = writeln!(s, "  {rule:<58} {:>10}", flagged(&f.speeder));
    }
    for (sc, col) in &f.straight {
        let rule = format!(
            "straightliner: scale \"{}\"",
            study.codebook.scales[*sc].name
        );
        let _ = writeln!(s, "  {rule:<58} {:>10}", flagged(col));
    }
    if !f.short_scales.is_empty() {
        let _ = writeln!(
            s,
            "  (not screened for straightlining, fewer than {MIN_STRAIGHTLINE_ITEMS} items: {})",
            f.short_scales.join(", ")
        );
    }
    for (a, col) in f.attention.iter().enumerate() {
        let rule = format!("failed attention check \"{}\"", spec.attention[a].column);
        let _ = writeln!(s, "  {rule:<58} {:>10}", flagged(col));
    }
    let _ = writeln!(s, "  {:<58} {:>10}", "flagged by any rule", flagged(&f.any));
    s
}
