//! The study's own tables: data quality, respondents by cohort and the input files for
//! people; `study.csv` (one field per row) and `cohorts.csv` for machines.

use crate::analysis::summary::Summary;
use crate::fmt::{cell_count, cell_pct, count, csv_count, csv_number};
use crate::privacy::Published;
use crate::report::document::DisplayTable;

use super::csv_file::CsvTable;

/// Record counts and how the data were read. The behaviour-file counts come from the
/// published audit: a small one is "—" like any suppressed count.
pub fn quality_table(published: &Published) -> DisplayTable {
    let s = &published.summary().study;
    let a = published.audit();
    let mut rows = vec![
        vec!["Survey responses".into(), cell_count(s.respondents)],
        vec!["Respondents analysed".into(), count(s.analysed)],
        vec![
            "Rows rejected (invalid values)".into(),
            cell_count(s.rejected_rows),
        ],
    ];
    if a.has_behavior {
        rows.push(vec![
            "Behaviour match rate".into(),
            cell_pct(s.behavior_match_rate),
        ]);
        rows.push(vec![
            "Behaviour rows read".into(),
            cell_count(a.behavior_rows),
        ]);
        rows.push(vec![
            "Behaviour rows without a survey respondent".into(),
            cell_count(a.behavior_unmatched_rows),
        ]);
    } else {
        rows.push(vec!["Behaviour data".into(), "none".into()]);
    }
    rows.push(vec!["Cohort unknown".into(), cell_count(s.unknown_cohort)]);
    rows.push(vec!["Cohorts formed by".into(), s.cohort_scheme.clone()]);
    rows.push(vec![
        "Weighted".into(),
        if s.weighted { "yes" } else { "no" }.into(),
    ]);
    rows.push(vec!["Respondents included".into(), s.filter.clone()]);
    if !a.dropped_pii.is_empty() {
        let cols: Vec<String> = a
            .dropped_pii
            .iter()
            .map(|(c, k)| format!("{c} ({k})"))
            .collect();
        rows.push(vec!["Columns dropped as PII".into(), cols.join(", ")]);
    }
    DisplayTable::new(
        "Data quality",
        &[("Measure", false), ("Value", false)],
        rows,
    )
}

pub fn cohorts_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .cohorts
        .iter()
        .map(|c| vec![c.name.clone(), cell_count(c.n)])
        .collect();
    DisplayTable::new(
        "Respondents by cohort",
        &[("Cohort", false), ("n", true)],
        rows,
    )
}

pub fn inputs_table(published: &Published) -> DisplayTable {
    let rows = published
        .audit()
        .inputs
        .iter()
        .map(|i| {
            vec![
                i.role.clone(),
                i.file.clone(),
                count(i.bytes),
                i.sha256.clone(),
            ]
        })
        .collect();
    DisplayTable::new(
        "Input files",
        &[
            ("Role", false),
            ("File", false),
            ("Bytes", true),
            ("SHA-256", false),
        ],
        rows,
    )
}

pub(super) fn study_csv(published: &Published) -> CsvTable {
    let summary = published.summary();
    let s = &summary.study;
    let dc = &summary.disclosure_control;
    let kv = |k: &str, v: String| vec![k.to_string(), v];
    let mut rows = vec![
        kv("name", s.name.clone()),
        kv("respondents", csv_count(s.respondents)),
        kv("analysed", s.analysed.to_string()),
        kv("rejected_rows", csv_count(s.rejected_rows)),
        kv("behavior_match_rate", csv_number(s.behavior_match_rate)),
        kv("unknown_cohort", csv_count(s.unknown_cohort)),
        kv("weighted", s.weighted.to_string()),
        kv("filter", s.filter.clone()),
        kv("cohort_scheme", s.cohort_scheme.clone()),
        kv("min_cell", dc.min_cell.to_string()),
        kv("suppressed_cells", dc.suppressed_cells.to_string()),
        kv("dp_epsilon", csv_number(dc.dp_epsilon)),
    ];
    for i in &published.audit().inputs {
        rows.push(kv(&format!("input_{}_sha256", i.role), i.sha256.clone()));
    }
    CsvTable {
        file: "study.csv",
        header: vec!["field", "value"],
        rows,
    }
}

pub(super) fn cohorts_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "cohorts.csv",
        header: vec!["cohort", "n"],
        rows: summary
            .cohorts
            .iter()
            .map(|c| vec![c.name.clone(), csv_count(c.n)])
            .collect(),
    }
}
