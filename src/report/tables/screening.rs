//! Careless-response screening: the rules with the respondents each flags, and the
//! headline with and without the flagged respondents, for people; `screening.csv` for
//! machines. Counts only — respondent ids are never published (the analyst's listing is
//! `flagged.csv` of `paradox import` / `paradox check --flagged`).

use crate::analysis::summary::{GapBlock, ScreeningSummary, Summary};
use crate::fmt::{cell_count, cell_num_ci, cell_pct_ci, csv_count, csv_number, num};
use crate::report::document::DisplayTable;

use super::csv_file::CsvTable;

pub fn rules_table(sc: &ScreeningSummary) -> DisplayTable {
    let mut rules: Vec<Vec<String>> = sc
        .rules
        .iter()
        .map(|r| {
            vec![
                r.rule.clone(),
                r.target.clone(),
                r.criterion.clone(),
                cell_count(r.flagged),
            ]
        })
        .collect();
    if let Some(c) = sc.speeder_cutoff {
        if let (Some(row), Some(m)) = (
            rules.iter_mut().find(|r| r[0] == "speeder"),
            sc.median_duration,
        ) {
            row[2] = format!(
                "{} (median {} s, cut-off {} s)",
                row[2],
                num(m, 0),
                num(c, 1)
            );
        }
    }
    rules.push(vec![
        "any rule".into(),
        String::new(),
        "flagged by at least one rule (a respondent may match several)".into(),
        cell_count(sc.flagged),
    ]);
    DisplayTable {
        caption: "Careless-response rules and the respondents each flags".into(),
        header: ["Rule", "Applied to", "Criterion", "Flagged"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, false, false, true],
        rows: rules,
    }
}

pub fn headline_table(sc: &ScreeningSummary) -> DisplayTable {
    let row = |name: &str, b: Option<&GapBlock>| -> Vec<String> {
        match b {
            Some(b) => vec![
                name.to_string(),
                cell_count(b.n),
                cell_pct_ci(b.concerned, b.concerned_ci),
                cell_pct_ci(b.disclosers, b.disclosers_ci),
                cell_pct_ci(b.paradoxical, b.paradoxical_ci),
                cell_num_ci(b.disclosure_rd, b.disclosure_rd_ci, 2),
            ],
            None => {
                let mut r = vec![name.to_string()];
                r.extend(std::iter::repeat_n(cell_count(None), 5));
                r
            }
        }
    };
    DisplayTable {
        caption: "Headline with and without the flagged respondents (95% CIs)".into(),
        header: [
            "Respondents",
            "n",
            "Concerned",
            "Disclosers",
            "Paradoxical",
            "Risk difference",
        ]
        .map(String::from)
        .to_vec(),
        numeric: vec![false, true, true, true, true, true],
        rows: vec![
            row("all screened", sc.with_flagged.as_ref()),
            row("without flagged", sc.without_flagged.as_ref()),
        ],
    }
}

/// `tables/screening.csv`, long format: one row per rule (`kind = rule`), the totals
/// (`kind = total`) and the two headline blocks (`kind = headline`). Written with its
/// header even without `[screening]`.
pub(super) fn screening_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    let blank = || vec![String::new(); 7];
    if let Some(sc) = &summary.screening {
        for r in &sc.rules {
            let mut row = vec![
                "rule".into(),
                r.rule.clone(),
                r.target.clone(),
                r.criterion.clone(),
                csv_count(r.flagged),
            ];
            row.extend(vec![String::new(); 6]);
            row.push(csv_number(
                sc.speeder_cutoff.filter(|_| r.rule == "speeder"),
            ));
            rows.push(row);
        }
        for (name, v) in [
            ("screened", sc.screened),
            ("flagged", sc.flagged),
            ("kept", sc.kept),
        ] {
            let mut row = vec![
                "total".into(),
                name.into(),
                String::new(),
                if sc.excluded {
                    "flagged excluded".into()
                } else {
                    "flagged kept".into()
                },
                csv_count(v),
            ];
            row.extend(blank());
            rows.push(row);
        }
        for (name, b) in [
            ("with_flagged", &sc.with_flagged),
            ("without_flagged", &sc.without_flagged),
        ] {
            let b = b.as_ref();
            let get = |g: fn(&GapBlock) -> Option<f64>| csv_number(b.and_then(g));
            rows.push(vec![
                "headline".into(),
                name.into(),
                String::new(),
                String::new(),
                csv_count(b.and_then(|b| b.n)),
                get(|b| b.concerned),
                get(|b| b.disclosers),
                get(|b| b.paradoxical),
                get(|b| b.disclosure_rd),
                get(|b| b.disclosure_rd_ci.map(|c| c[0])),
                get(|b| b.disclosure_rd_ci.map(|c| c[1])),
                String::new(),
            ]);
        }
    }
    CsvTable {
        file: "screening.csv",
        header: vec![
            "kind",
            "name",
            "target",
            "criterion",
            "n",
            "concerned",
            "disclosers",
            "paradoxical",
            "disclosure_rd",
            "disclosure_rd_ci_low",
            "disclosure_rd_ci_high",
            "speeder_cutoff",
        ],
        rows,
    }
}
