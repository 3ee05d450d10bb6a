//! The threshold rule re-applied to a written report: every published count of
//! `summary.json` (and of the CSV tables) from 1 to `min_cell − 1` is a violation, and so is
//! an unweighted proportion whose implied numerator round(p·n) or complement is one.
//! `study.analysed` is exempt: it is the study's own size, published whatever its value.

use std::path::Path;

use serde_json::Value;

use crate::privacy::rules::{would_suppress_count, would_suppress_proportion};

/// A published number that breaks the threshold rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Where: a JSON path (`tactics[0].by_cohort[1].levels[3]`) or `tables/FILE.csv`.
    pub table: String,
    pub cell: String,
    pub value: String,
}

/// Keys whose integer value is a count.
const COUNT_KEYS: [&str; 13] = [
    "n",
    "n_complete",
    "n_pairs",
    "respondents",
    "rejected_rows",
    "unknown_cohort",
    "unknown",
    "events",
    "screened",
    "flagged",
    "kept",
    "gap_n",
    "count",
];

/// Keys whose array holds counts.
const COUNT_ARRAYS: [&str; 5] = ["concern_table", "table", "levels", "counts", "heatmap"];

/// Proportions of a block's n.
const SHARES: [&str; 6] = [
    "concerned",
    "disclosers",
    "paradoxical",
    "acceptable",
    "intrusive",
    "neutral",
];

/// Sections that hold no counts of respondents (`collapsed` lists answer codes and names).
const SKIP: [&str; 3] = ["disclosure_control", "notes", "collapsed"];

/// Record counts of `study`: how the file was read, not what anyone answered; published
/// unless the study itself is below the threshold.
const RECORD_COUNTS: [&str; 2] = ["respondents", "rejected_rows"];

/// Findings in a summary (as JSON). Shares are checked only when `weighted` is false.
pub fn summary_findings(v: &Value, min_cell: u32, weighted: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    walk(v, "", None, min_cell, weighted, &mut out);
    out
}

fn walk(v: &Value, path: &str, n: Option<u64>, min: u32, weighted: bool, out: &mut Vec<Finding>) {
    match v {
        Value::Object(m) => {
            // A block's own n (data types: n_pairs), else the enclosing one (grid cells).
            let own = m
                .get("n")
                .or_else(|| m.get("n_pairs"))
                .and_then(Value::as_u64)
                .or(n);
            let analysed = m.get("analysed").and_then(Value::as_u64);
            for (k, x) in m {
                if SKIP.contains(&k.as_str()) || (path == "study" && k == "analysed") {
                    continue;
                }
                if path == "study"
                    && RECORD_COUNTS.contains(&k.as_str())
                    && analysed.is_some_and(|a| a >= u64::from(min))
                {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if let Some(c) = x.as_u64().filter(|_| COUNT_KEYS.contains(&k.as_str())) {
                    check(&p, c, min, out);
                } else if COUNT_ARRAYS.contains(&k.as_str()) && x.is_array() {
                    counts(x, &p, min, out);
                    walk(x, &p, own, min, weighted, out);
                } else if let (false, Some(share), Some(n)) = (weighted, x.as_f64(), own) {
                    if SHARES.contains(&k.as_str()) && share.is_finite() {
                        let num = (share.clamp(0.0, 1.0) * n as f64).round() as u64;
                        if would_suppress_proportion(num, n, min) {
                            out.push(Finding {
                                table: path.to_string(),
                                cell: k.clone(),
                                value: format!("{share} of {n} (≈ {num} and {})", n - num.min(n)),
                            });
                        }
                    }
                } else {
                    walk(x, &p, own, min, weighted, out);
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if x.is_object() {
                    walk(x, &format!("{path}[{i}]"), n, min, weighted, out);
                }
            }
        }
        _ => {}
    }
}

/// Every integer inside a count array (nested arrays too, objects left to `walk`).
fn counts(v: &Value, path: &str, min: u32, out: &mut Vec<Finding>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                counts(x, &format!("{path}[{i}]"), min, out);
            }
        }
        Value::Number(_) => {
            if let Some(c) = v.as_u64() {
                check(path, c, min, out);
            }
        }
        _ => {}
    }
}

fn check(path: &str, c: u64, min: u32, out: &mut Vec<Finding>) {
    if would_suppress_count(c, min) {
        let (table, cell) = match path.rsplit_once('.') {
            Some((t, c)) => (t.to_string(), c.to_string()),
            None => (String::new(), path.to_string()),
        };
        out.push(Finding {
            table,
            cell,
            value: c.to_string(),
        });
    }
}

/// CSV columns holding counts.
const CSV_COUNTS: [&str; 19] = [
    "n",
    "n_pairs",
    "n_complete",
    "gap_n",
    "count",
    "events",
    "flagged",
    "screened",
    "kept",
    "concerned_disclosers",
    "concerned_non_disclosers",
    "unconcerned_disclosers",
    "unconcerned_non_disclosers",
    "willing_shared",
    "willing_not_shared",
    "unwilling_shared",
    "unwilling_not_shared",
    "respondents",
    "rejected_rows",
];

/// Findings in the CSV tables of `dir` (`tables/` of a report): every count column, and the
/// record counts of `study.csv` (field, value rows). An unreadable file is an error naming
/// it.
pub fn csv_findings(dir: &Path, min_cell: u32) -> Result<Vec<Finding>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = format!(
            "tables/{}",
            f.file_name().unwrap_or_default().to_string_lossy()
        );
        let mut r = csv::Reader::from_path(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let headers = r
            .headers()
            .map_err(|e| format!("{}: {e}", f.display()))?
            .clone();
        let study = name == "tables/study.csv";
        let records: Vec<csv::StringRecord> = r
            .records()
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", f.display()))?;
        // The study's own size decides whether its record counts may be published.
        let small_study = !study
            || records.iter().any(|rec| {
                rec.get(0) == Some("analysed")
                    && rec
                        .get(1)
                        .and_then(|v| v.parse::<u64>().ok())
                        .is_some_and(|a| a < u64::from(min_cell))
            });
        for (line, rec) in records.into_iter().enumerate() {
            let row = line + 2;
            if study {
                let field = rec.get(0).unwrap_or_default();
                let value = rec.get(1).unwrap_or_default();
                let record = RECORD_COUNTS.contains(&field);
                if field == "unknown_cohort" || (record && small_study) {
                    if let Ok(c) = value.parse::<u64>() {
                        if would_suppress_count(c, min_cell) {
                            out.push(Finding {
                                table: name.clone(),
                                cell: format!("line {row}, {field}"),
                                value: value.to_string(),
                            });
                        }
                    }
                }
                continue;
            }
            for (h, v) in headers.iter().zip(rec.iter()) {
                if !CSV_COUNTS.contains(&h) {
                    continue;
                }
                if let Ok(c) = v.parse::<u64>() {
                    if would_suppress_count(c, min_cell) {
                        out.push(Finding {
                            table: name.clone(),
                            cell: format!("line {row}, column {h}"),
                            value: v.to_string(),
                        });
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_counts_and_revealing_shares_are_found() {
        let v = json!({
            "study": {"analysed": 5, "rejected_rows": 3},
            "gap": {"overall": {"n": 100, "concern_table": [[40, 4], [50, 6]],
                                "concerned": 0.44, "paradoxical": 0.97}},
            "disclosure_control": {"min_cell": 10, "suppressed_cells": 2},
        });
        let f = summary_findings(&v, 10, false);
        let cells: Vec<String> = f
            .iter()
            .map(|f| format!("{}.{}", f.table, f.cell))
            .collect();
        assert_eq!(
            cells,
            [
                "gap.overall.concern_table[0][1]",
                "gap.overall.concern_table[1][1]",
                "gap.overall.paradoxical",
                "study.rejected_rows"
            ]
        );
        // Weighted: the shares imply no counts.
        assert_eq!(summary_findings(&v, 10, true).len(), 3);
        assert!(summary_findings(&v, 0, false).is_empty());
    }
}
