//! `paradox audit REPORT_DIR [--min-cell N]`: re-checks a written report. Reads its
//! `summary.json` (and `manifest.json` for the default `min_cell`), re-applies the threshold
//! rule to every published count and unweighted proportion ([`threshold`]) and to the count
//! columns of `tables/*.csv` when present, and runs the linear-programming audit
//! ([`audit`]). Prints one line per violation (table, cell, value or interval).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::threshold::{csv_findings, summary_findings};
use super::{audit, AuditOutcome};
use crate::analysis::summary::Summary;

/// What the audit of a report found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No violation.
    Clean,
    /// At least one violation (printed).
    Violations(usize),
}

/// Audits the report in `dir` at `min_cell` (default: the manifest's, else the summary's),
/// printing to `out`. An error names the file that could not be read.
pub fn run(dir: &Path, min_cell: Option<u32>, out: &mut dyn Write) -> Result<Verdict, String> {
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e} (is {} a report folder?)",
            path.display(),
            dir.display()
        )
    })?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    let summary: Summary = serde_json::from_value(value.clone())
        .map_err(|e| format!("{}: not a paradox summary: {e}", path.display()))?;
    check_shape(&summary).map_err(|e| format!("{}: {e}", path.display()))?;
    let min_cell = match min_cell {
        Some(m) => m,
        None => manifest_min_cell(dir)?.unwrap_or(summary.disclosure_control.min_cell),
    };
    let mut lines = Vec::new();
    for f in summary_findings(&value, min_cell, summary.study.weighted) {
        lines.push(format!(
            "summary.json: {}: {}: {} is below min_cell {min_cell}",
            f.table, f.cell, f.value
        ));
    }
    let tables = dir.join("tables");
    if tables.is_dir() {
        for f in csv_findings(&tables, min_cell)? {
            lines.push(format!(
                "{}: {}: {} is below min_cell {min_cell}",
                f.table, f.cell, f.value
            ));
        }
    }
    // Under differential privacy the tables are noisy and need not add up: no interval a
    // reader computes from them is a true bound, so there is nothing to audit.
    let noisy = summary.disclosure_control.dp_epsilon.is_some();
    let outcome = if noisy {
        AuditOutcome {
            info: Default::default(),
            violations: Vec::new(),
            inconsistent: Vec::new(),
        }
    } else {
        audit(&summary, min_cell)
    };
    for v in &outcome.violations {
        lines.push(format!(
            "{}: {}: hidden, but the published numbers narrow it to {} (narrower than min_cell {min_cell})",
            v.table,
            v.cell,
            interval(v.lo, v.hi)
        ));
    }
    let io = |e: std::io::Error| e.to_string();
    for l in &lines {
        writeln!(out, "{l}").map_err(io)?;
    }
    for t in &outcome.inconsistent {
        writeln!(
            out,
            "warning: {t}: the published numbers contradict each other; its hidden cells were not audited"
        )
        .map_err(io)?;
    }
    if lines.is_empty() {
        let text = if noisy {
            format!("audit: no violation of the threshold rule at min_cell {min_cell}; differential privacy: the noisy tables have no linear-programming audit")
        } else {
            clean_summary(&outcome, min_cell)
        };
        writeln!(out, "{text}").map_err(io)?;
        Ok(Verdict::Clean)
    } else {
        writeln!(out, "{} violation(s) at min_cell {min_cell}", lines.len()).map_err(io)?;
        Ok(Verdict::Violations(lines.len()))
    }
}

/// `options.min_cell` of `manifest.json`; `None` when the report has no manifest.
fn manifest_min_cell(dir: &Path) -> Result<Option<u32>, String> {
    let path = dir.join("manifest.json");
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    match v.pointer("/options/min_cell").and_then(Value::as_u64) {
        Some(m) => u32::try_from(m)
            .map(Some)
            .map_err(|_| format!("{}: options.min_cell {m} is out of range", path.display())),
        None => Err(format!("{}: options.min_cell is missing", path.display())),
    }
}

fn clean_summary(o: &AuditOutcome, min_cell: u32) -> String {
    let i = &o.info;
    let narrowest = match &i.narrowest {
        Some(n) => format!(
            "; narrowest interval {}: {} {}",
            n.table,
            n.cell,
            interval(n.lo, n.hi)
        ),
        None => String::new(),
    };
    format!(
        "audit: no violation at min_cell {min_cell}: {} tables, {} hidden cells{narrowest}",
        crate::fmt::count(i.tables),
        crate::fmt::count(i.hidden_cells)
    )
}

/// "[3, 5]", "[0, ∞)".
fn interval(lo: f64, hi: f64) -> String {
    let b = |x: f64| {
        if (x - x.round()).abs() < 1e-6 {
            crate::fmt::count(x.round() as u64)
        } else {
            crate::fmt::num(x, 2)
        }
    };
    if hi.is_finite() {
        format!("[{}, {}]", b(lo), b(hi))
    } else {
        format!("[{}, ∞)", b(lo))
    }
}

/// A written summary is input like any other: sizes beyond what paradox ever writes (the
/// codebook's limits) are refused before any table is laid out, so a hostile file cannot
/// make the audit allocate without bound.
fn check_shape(s: &Summary) -> Result<(), String> {
    use crate::study::codebook::limits::{
        MAX_COHORTS, MAX_GROUP_COLUMNS, MAX_GROUP_LEVELS, MAX_RANGE, MAX_TACTICS,
    };
    if s.tactics.len() > MAX_TACTICS {
        return Err(format!(
            "tactics: {} tactics, more than the {MAX_TACTICS} a codebook may declare",
            s.tactics.len()
        ));
    }
    for t in &s.tactics {
        let range = i64::from(t.max) - i64::from(t.min);
        if !(0..=MAX_RANGE).contains(&range) {
            return Err(format!(
                "tactics[{}]: min {} and max {} are not a scale paradox writes (at most {MAX_RANGE} points apart)",
                t.name, t.min, t.max
            ));
        }
    }
    if s.cohorts.len() > MAX_COHORTS {
        return Err(format!(
            "cohorts: {} cohorts, more than {MAX_COHORTS}",
            s.cohorts.len()
        ));
    }
    if s.by_group.len() > MAX_GROUP_COLUMNS {
        return Err(format!(
            "by_group: {} group columns, more than {MAX_GROUP_COLUMNS}",
            s.by_group.len()
        ));
    }
    for g in &s.by_group {
        let merged: usize = g
            .collapsed
            .as_ref()
            .map_or(0, |c| c.group_levels.iter().map(Vec::len).sum());
        if g.levels.len() + merged > 2 * MAX_GROUP_LEVELS {
            return Err(format!(
                "by_group[{}]: {} levels, more than a breakdown takes",
                g.group,
                g.levels.len()
            ));
        }
    }
    if let Some(grid) = &s.sensitivity {
        if grid.concern_thresholds.len() > 1_000 || grid.disclosure_thresholds.len() > 1_000 {
            return Err("sensitivity: more thresholds than paradox writes".into());
        }
    }
    Ok(())
}
