//! The report's careless-response screening section (issue #10) and its tidy CSV
//! `tables/screening.csv`: which rules were applied, how many respondents each flagged,
//! whether they were left out, and the headline gap numbers with and without them. Counts
//! only — respondent ids are never published (the analyst's listing is `flagged.csv` of
//! `paradox import` / `paradox check --flagged`).

use crate::analysis::summary::{GapBlock, Summary};

use super::tables::CsvTable;
use super::text::{cell_count, cell_num_ci, cell_pct_ci, count, num, Block, DisplayTable, Section};

/// The section, or `None` when the codebook has no `[screening]`.
pub fn section(summary: &Summary) -> Option<Section> {
    let sc = summary.screening.as_ref()?;
    let mut blocks = Vec::new();
    let what = match (sc.flagged, sc.screened) {
        (Some(f), Some(n)) => format!(
            "{} of {} respondents were flagged by at least one careless-response rule",
            count(f),
            count(n)
        ),
        (None, Some(n)) => format!(
            "Fewer than {} (or a suppressed number) of {} respondents were flagged by at least one careless-response rule",
            summary.disclosure_control.min_cell,
            count(n)
        ),
        _ => "The number of respondents flagged by careless-response rules is withheld".into(),
    };
    let fate = if sc.excluded {
        "they are left out of every other figure of this report (codebook: exclude = true)"
    } else {
        "they are flagged only and remain in every other figure (codebook: exclude = false)"
    };
    blocks.push(Block::Para(format!("{what}; {fate}.")));
    let rules: Vec<Vec<String>> = sc
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
    let mut rules = rules;
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
    blocks.push(Block::Table(DisplayTable {
        caption: "Careless-response rules and the respondents each flags".into(),
        header: ["Rule", "Applied to", "Criterion", "Flagged"]
            .map(String::from)
            .to_vec(),
        numeric: vec![false, false, false, true],
        rows: rules,
    }));
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
    blocks.push(Block::Table(DisplayTable {
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
    }));
    blocks.push(Block::Para(
        "Speeders: completion time below a fraction of the median (Greszki, Meyer & Schoen 2015, Public Opinion Quarterly 79(2), use 30–50% of the median). Straightliners: the same answer to every item of a scale with at least 4 items. Attention checks: an answer other than the instructed one. The risk difference is P(discloser | concerned) − P(discloser | not concerned).".into(),
    ));
    Some(Section {
        id: "screening",
        title: "1a. Careless responses".into(),
        blocks,
    })
}

fn f(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) => serde_json::to_string(&v).unwrap_or_default(),
        None => String::new(),
    }
}

fn u(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// `tables/screening.csv`, long format: one row per rule (`kind = rule`), the totals
/// (`kind = total`) and the two headline blocks (`kind = headline`). Written with its
/// header even without `[screening]`.
pub fn csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    let blank = || vec![String::new(); 7];
    if let Some(sc) = &summary.screening {
        for r in &sc.rules {
            let mut row = vec![
                "rule".into(),
                r.rule.clone(),
                r.target.clone(),
                r.criterion.clone(),
                u(r.flagged),
            ];
            row.extend(vec![String::new(); 6]);
            row.push(f(sc.speeder_cutoff.filter(|_| r.rule == "speeder")));
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
                u(v),
            ];
            row.extend(blank());
            rows.push(row);
        }
        for (name, b) in [
            ("with_flagged", &sc.with_flagged),
            ("without_flagged", &sc.without_flagged),
        ] {
            let b = b.as_ref();
            let get = |g: fn(&GapBlock) -> Option<f64>| f(b.and_then(g));
            rows.push(vec![
                "headline".into(),
                name.into(),
                String::new(),
                String::new(),
                u(b.and_then(|b| b.n)),
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
