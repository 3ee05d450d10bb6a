//! Tests of differences between cohorts: Kruskal–Wallis on concern, the χ² tests of the
//! paradox and of each tactic, the pairwise Dunn tests — as tables for people and as
//! `tests.csv` / `dunn.csv`.

use crate::analysis::summary::{Chi2Test, Summary};
use crate::fmt::{cell_count, cell_num, csv_count, csv_number, p_cell, MISSING_CELL};
use crate::report::document::DisplayTable;

use super::csv_file::CsvTable;

fn chi2_row(name: String, t: Option<&Chi2Test>) -> Vec<String> {
    match t {
        Some(t) => vec![
            name,
            "\u{3c7}\u{b2}".into(),
            cell_num(t.chi2, 2),
            t.df.map(|d| d.to_string())
                .unwrap_or_else(|| MISSING_CELL.into()),
            p_cell(t.p),
            "Cram\u{e9}r\u{2019}s V".into(),
            cell_num(t.cramers_v, 3),
            cell_count(t.n),
        ],
        None => missing_test_row(name, "\u{3c7}\u{b2}", "Cram\u{e9}r\u{2019}s V"),
    }
}

fn missing_test_row(name: String, stat: &str, effect: &str) -> Vec<String> {
    vec![
        name,
        stat.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
        effect.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
    ]
}

pub fn tests_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    let kw = "Concern by cohort (Kruskal\u{2013}Wallis)".to_string();
    rows.push(match &summary.gap.kruskal_concern {
        Some(k) => vec![
            kw,
            "H".into(),
            cell_num(k.h, 2),
            k.df.map(|d| d.to_string())
                .unwrap_or_else(|| MISSING_CELL.into()),
            p_cell(k.p),
            "\u{3b5}\u{b2}".into(),
            cell_num(k.epsilon_squared, 3),
            cell_count(k.n),
        ],
        None => missing_test_row(kw, "H", "\u{3b5}\u{b2}"),
    });
    rows.push(chi2_row(
        "Cohort \u{d7} paradoxical".into(),
        summary.gap.chi2_paradoxical.as_ref(),
    ));
    for t in &summary.tactics {
        rows.push(chi2_row(
            format!("Cohort \u{d7} {} rating", t.label),
            t.chi2.as_ref(),
        ));
    }
    DisplayTable::new(
        "Tests of differences between cohorts",
        &[
            ("Test", false),
            ("Statistic", false),
            ("Value", true),
            ("df", true),
            ("p", true),
            ("Effect size", false),
            ("Value", true),
            ("n", true),
        ],
        rows,
    )
}

pub fn dunn_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .gap
        .kruskal_concern
        .iter()
        .flat_map(|k| k.pairwise.iter())
        .map(|d| {
            vec![
                d.a.clone(),
                d.b.clone(),
                cell_num(d.z, 2),
                p_cell(d.p),
                p_cell(d.p_holm),
            ]
        })
        .collect();
    DisplayTable::new(
        "Pairwise Dunn tests of concern between cohorts",
        &[
            ("Cohort A", false),
            ("Cohort B", false),
            ("z", true),
            ("p", true),
            ("p (Holm)", true),
        ],
        rows,
    )
}

pub(super) fn dunn_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "dunn.csv",
        header: vec!["cohort_a", "cohort_b", "z", "p", "p_holm"],
        rows: summary
            .gap
            .kruskal_concern
            .iter()
            .flat_map(|k| k.pairwise.iter())
            .map(|d| {
                vec![
                    d.a.clone(),
                    d.b.clone(),
                    csv_number(d.z),
                    csv_number(d.p),
                    csv_number(d.p_holm),
                ]
            })
            .collect(),
    }
}

pub(super) fn tests_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    if let Some(k) = &summary.gap.kruskal_concern {
        rows.push(vec![
            "kruskal_wallis".into(),
            "concern_by_cohort".into(),
            "H".into(),
            csv_number(k.h),
            csv_count(k.df),
            csv_number(k.p),
            "epsilon_squared".into(),
            csv_number(k.epsilon_squared),
            csv_count(k.n),
        ]);
    }
    let chi2 = |subject: String, t: &Chi2Test| {
        vec![
            "chi2".into(),
            subject,
            "chi2".into(),
            csv_number(t.chi2),
            csv_count(t.df),
            csv_number(t.p),
            "cramers_v".into(),
            csv_number(t.cramers_v),
            csv_count(t.n),
        ]
    };
    if let Some(t) = &summary.gap.chi2_paradoxical {
        rows.push(chi2("cohort_x_paradoxical".into(), t));
    }
    for t in &summary.tactics {
        if let Some(c) = &t.chi2 {
            rows.push(chi2(format!("cohort_x_tactic:{}", t.name), c));
        }
    }
    CsvTable {
        file: "tests.csv",
        header: vec![
            "test",
            "subject",
            "statistic_name",
            "statistic",
            "df",
            "p",
            "effect_size_name",
            "effect_size",
            "n",
        ],
        rows,
    }
}
