//! The report's share of issue #10 parts 2 and 4: the "Threshold sensitivity" and "Group
//! breakdowns" sections (display tables for HTML and Markdown, the sensitivity chart) and
//! the tidy CSVs `by_group_gap.csv`, `by_group_data_types.csv`, `by_group_tactics.csv`,
//! `by_group_tests.csv` and `sensitivity.csv`.

use crate::analysis::summary::{Adjusted, Chi2Test, KruskalTest, Summary};

use super::tables::CsvTable;
use super::text::{
    cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, p_cell, Block, ChartRef,
    DisplayTable, Section,
};

fn table(caption: String, header: &[(&str, bool)], rows: Vec<Vec<String>>) -> DisplayTable {
    DisplayTable {
        caption,
        header: header.iter().map(|(h, _)| h.to_string()).collect(),
        numeric: header.iter().map(|(_, n)| *n).collect(),
        rows,
    }
}

/// The two sections, placed after the tactics section.
pub fn sections(summary: &Summary) -> Vec<Section> {
    let mut out = Vec::new();
    if let Some(s) = sensitivity_section(summary) {
        out.push(s);
    }
    if let Some(s) = groups_section(summary) {
        out.push(s);
    }
    out
}

fn sensitivity_section(summary: &Summary) -> Option<Section> {
    let g = summary.sensitivity.as_ref()?;
    let mut blocks = vec![Block::Para(
        "The paradoxical share and the risk difference depend on two cut-offs: when a \
         respondent counts as concerned and when as a discloser. Both are recomputed here for \
         every half point of the concern scale and every disclosure threshold from 20% to 80%; \
         the outlined cell is the codebook's choice and equals the headline figures."
            .into(),
    )];
    let rds: Vec<f64> = g
        .cells
        .iter()
        .flatten()
        .filter_map(|c| c.disclosure_rd)
        .collect();
    if !rds.is_empty() {
        let neg = rds.iter().filter(|&&d| d < 0.0).count();
        blocks.push(Block::Para(format!(
            "The risk difference is negative in {neg} of {} cells with a value (range {} to {} points).",
            rds.len(),
            cell_num(rds.iter().copied().reduce(f64::min).map(|v| v * 100.0), 0),
            cell_num(rds.iter().copied().reduce(f64::max).map(|v| v * 100.0), 0),
        )));
    }
    blocks.push(Block::Chart(ChartRef::ThresholdSensitivity));
    let mut rows = Vec::new();
    for row in &g.cells {
        for c in row {
            if !(c.actual || c.disclosure_threshold == g.actual_disclosure_threshold) {
                continue;
            }
            rows.push(vec![
                format!(
                    "{}{}",
                    cell_num(Some(c.concern_threshold), 1),
                    if c.actual { " (codebook)" } else { "" }
                ),
                cell_pct(Some(c.disclosure_threshold)),
                cell_pct_ci(c.paradoxical, c.paradoxical_ci),
                cell_num_ci(
                    c.disclosure_rd.map(|v| v * 100.0),
                    c.disclosure_rd_ci.map(|v| [v[0] * 100.0, v[1] * 100.0]),
                    1,
                ),
            ]);
        }
    }
    blocks.push(Block::Table(table(
        format!(
            "Threshold sensitivity at the codebook's disclosure threshold (all cells: tables/sensitivity.csv); n = {}",
            cell_count(g.n)
        ),
        &[
            ("Concern threshold", true),
            ("Disclosure threshold", true),
            ("Paradoxical (95% CI)", true),
            ("Risk difference, points (95% CI)", true),
        ],
        rows,
    )));
    Some(Section {
        id: "sensitivity",
        title: "Threshold sensitivity".into(),
        blocks,
    })
}

fn adjusted_cell(a: Option<&Adjusted>) -> String {
    p_cell(a.and_then(|a| a.p_adjusted))
}

fn groups_section(summary: &Summary) -> Option<Section> {
    if summary.by_group.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Para(
        "Every figure by each group column of the codebook. Tests of one kind across cohorts \
         and all group columns form a family and are corrected together (adjusted p); the \
         method is named in the tests table."
            .into(),
    )];
    for g in &summary.by_group {
        let rows = g
            .levels
            .iter()
            .map(|l| {
                let b = l.gap.as_ref();
                vec![
                    l.level.clone(),
                    cell_count(l.n),
                    cell_num(b.and_then(|b| b.concern_mean), 2),
                    cell_pct(b.and_then(|b| b.concerned)),
                    cell_pct(b.and_then(|b| b.disclosers)),
                    cell_pct_ci(
                        b.and_then(|b| b.paradoxical),
                        b.and_then(|b| b.paradoxical_ci),
                    ),
                    cell_num_ci(
                        b.and_then(|b| b.disclosure_rd).map(|v| v * 100.0),
                        b.and_then(|b| b.disclosure_rd_ci)
                            .map(|v| [v[0] * 100.0, v[1] * 100.0]),
                        1,
                    ),
                ]
            })
            .collect();
        blocks.push(Block::Table(table(
            format!(
                "The gap by {} (respondents without a value: {})",
                g.group,
                cell_count(g.unknown)
            ),
            &[
                (g.group.as_str(), false),
                ("n", true),
                ("Concern mean", true),
                ("Concerned", true),
                ("Disclosers", true),
                ("Paradoxical (95% CI)", true),
                ("Risk difference, points (95% CI)", true),
            ],
            rows,
        )));
        let mut rows = Vec::new();
        for l in &g.levels {
            for d in &l.data_types {
                rows.push(vec![
                    l.level.clone(),
                    d.label.clone(),
                    cell_count(d.n_pairs),
                    cell_pct(d.willing),
                    cell_pct(d.shared),
                    cell_pct_ci(d.paradox_rate, d.paradox_rate_ci),
                ]);
            }
        }
        if !rows.is_empty() {
            blocks.push(Block::Table(table(
                format!("Stated vs. actual by {}", g.group),
                &[
                    (g.group.as_str(), false),
                    ("Data type", false),
                    ("Pairs", true),
                    ("Willing", true),
                    ("Shared", true),
                    ("Shared if unwilling (95% CI)", true),
                ],
                rows,
            )));
        }
        let mut rows = Vec::new();
        for (t, spec) in summary.tactics.iter().enumerate() {
            for l in &g.levels {
                if let Some(b) = l.tactics.get(t) {
                    rows.push(vec![
                        spec.label.clone(),
                        l.level.clone(),
                        cell_count(b.n),
                        cell_pct_ci(b.acceptable, b.acceptable_ci),
                        cell_pct_ci(b.intrusive, b.intrusive_ci),
                    ]);
                }
            }
        }
        if !rows.is_empty() {
            blocks.push(Block::Table(table(
                format!("Tactic acceptance by {}", g.group),
                &[
                    ("Tactic", false),
                    (g.group.as_str(), false),
                    ("n", true),
                    ("Acceptable (95% CI)", true),
                    ("Intrusive (95% CI)", true),
                ],
                rows,
            )));
        }
    }
    blocks.push(Block::Table(table(
        "Tests across levels, with the family-wise adjusted p".into(),
        &[
            ("Breakdown", false),
            ("Test", false),
            ("Statistic", true),
            ("df", true),
            ("p", true),
            ("Adjusted p", true),
            ("Family (size, method)", false),
        ],
        test_rows(summary)
            .into_iter()
            .map(|t| {
                vec![
                    t.breakdown,
                    t.test,
                    cell_num(t.statistic, 2),
                    cell_count(t.df),
                    p_cell(t.p),
                    adjusted_cell(t.adjusted.as_ref()),
                    t.adjusted
                        .as_ref()
                        .map(|a| format!("{} ({}, {})", a.family, a.family_size, a.adjustment))
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
    )));
    Some(Section {
        id: "groups",
        title: "Group breakdowns".into(),
        blocks,
    })
}

/// One test row of the by-cohort and by-group families.
struct TestRow {
    breakdown: String,
    test: String,
    statistic: Option<f64>,
    df: Option<u64>,
    p: Option<f64>,
    n: Option<u64>,
    effect: Option<f64>,
    adjusted: Option<Adjusted>,
}

fn chi2_row(breakdown: &str, test: String, c: Option<&Chi2Test>) -> TestRow {
    TestRow {
        breakdown: breakdown.into(),
        test,
        statistic: c.and_then(|c| c.chi2),
        df: c.and_then(|c| c.df),
        p: c.and_then(|c| c.p),
        n: c.and_then(|c| c.n),
        effect: c.and_then(|c| c.cramers_v),
        adjusted: c.and_then(|c| c.adjusted.clone()),
    }
}

fn kruskal_row(breakdown: &str, k: Option<&KruskalTest>) -> TestRow {
    TestRow {
        breakdown: breakdown.into(),
        test: "Kruskal–Wallis: concern".into(),
        statistic: k.and_then(|k| k.h),
        df: k.and_then(|k| k.df),
        p: k.and_then(|k| k.p),
        n: k.and_then(|k| k.n),
        effect: k.and_then(|k| k.epsilon_squared),
        adjusted: k.and_then(|k| k.adjusted.clone()),
    }
}

fn test_rows(s: &Summary) -> Vec<TestRow> {
    let mut out = vec![
        kruskal_row("cohort", s.gap.kruskal_concern.as_ref()),
        chi2_row(
            "cohort",
            "χ²: paradoxical".into(),
            s.gap.chi2_paradoxical.as_ref(),
        ),
    ];
    for t in &s.tactics {
        out.push(chi2_row(
            "cohort",
            format!("χ²: {}", t.label),
            t.chi2.as_ref(),
        ));
    }
    for g in &s.by_group {
        out.push(kruskal_row(&g.group, g.kruskal_concern.as_ref()));
        out.push(chi2_row(
            &g.group,
            "χ²: paradoxical".into(),
            g.chi2_paradoxical.as_ref(),
        ));
        for (t, spec) in g.tactics_chi2.iter().zip(&s.tactics) {
            out.push(chi2_row(
                &g.group,
                format!("χ²: {}", spec.label),
                t.chi2.as_ref(),
            ));
        }
    }
    out
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

fn lo(ci: Option<[f64; 2]>) -> String {
    f(ci.map(|c| c[0]))
}

fn hi(ci: Option<[f64; 2]>) -> String {
    f(ci.map(|c| c[1]))
}

/// The tidy CSVs of this module (always written, with their header, even when empty).
pub fn csv_tables(s: &Summary) -> Vec<CsvTable> {
    let mut gap = Vec::new();
    let mut dts = Vec::new();
    let mut tac = Vec::new();
    for g in &s.by_group {
        for l in &g.levels {
            if let Some(b) = &l.gap {
                let t = b.concern_table;
                gap.push(vec![
                    g.group.clone(),
                    l.level.clone(),
                    u(l.n),
                    u(b.n),
                    f(b.concern_mean),
                    f(b.disclosure_mean),
                    f(b.concerned),
                    f(b.disclosers),
                    f(b.paradoxical),
                    lo(b.paradoxical_ci),
                    hi(b.paradoxical_ci),
                    f(b.paradoxical_expected),
                    u(t[0][0]),
                    u(t[0][1]),
                    u(t[1][0]),
                    u(t[1][1]),
                    f(b.disclosure_rd),
                    lo(b.disclosure_rd_ci),
                    hi(b.disclosure_rd_ci),
                    f(b.spearman_rho),
                    f(b.spearman_p),
                ]);
            }
            for d in &l.data_types {
                dts.push(vec![
                    g.group.clone(),
                    l.level.clone(),
                    d.name.clone(),
                    u(d.n_pairs),
                    u(d.table[0][0]),
                    u(d.table[0][1]),
                    u(d.table[1][0]),
                    u(d.table[1][1]),
                    f(d.willing),
                    f(d.shared),
                    f(d.say_do_gap),
                    f(d.paradox_rate),
                    lo(d.paradox_rate_ci),
                    hi(d.paradox_rate_ci),
                    f(d.mcnemar_p),
                ]);
            }
            for (b, spec) in l.tactics.iter().zip(&s.tactics) {
                for (k, v) in b.levels.iter().enumerate() {
                    tac.push(vec![
                        g.group.clone(),
                        l.level.clone(),
                        spec.name.clone(),
                        (spec.min + k as i32).to_string(),
                        u(*v),
                        u(b.n),
                        f(b.acceptable),
                        lo(b.acceptable_ci),
                        hi(b.acceptable_ci),
                        f(b.intrusive),
                        lo(b.intrusive_ci),
                        hi(b.intrusive_ci),
                    ]);
                }
            }
        }
    }
    let tests = test_rows(s)
        .into_iter()
        .map(|t| {
            vec![
                t.breakdown,
                t.test,
                f(t.statistic),
                u(t.df),
                f(t.p),
                f(t.effect),
                u(t.n),
                f(t.adjusted.as_ref().and_then(|a| a.p_adjusted)),
                t.adjusted
                    .as_ref()
                    .map(|a| a.adjustment.clone())
                    .unwrap_or_default(),
                t.adjusted
                    .as_ref()
                    .map(|a| a.family.clone())
                    .unwrap_or_default(),
                u(t.adjusted.as_ref().map(|a| a.family_size)),
            ]
        })
        .collect();
    let mut sens = Vec::new();
    if let Some(g) = &s.sensitivity {
        for c in g.cells.iter().flatten() {
            let t = c.concern_table;
            sens.push(vec![
                f(Some(c.concern_threshold)),
                f(Some(c.disclosure_threshold)),
                c.actual.to_string(),
                u(g.n),
                u(t[0][0]),
                u(t[0][1]),
                u(t[1][0]),
                u(t[1][1]),
                f(c.paradoxical),
                lo(c.paradoxical_ci),
                hi(c.paradoxical_ci),
                f(c.disclosure_rd),
                lo(c.disclosure_rd_ci),
                hi(c.disclosure_rd_ci),
            ]);
        }
    }
    vec![
        CsvTable {
            file: "by_group_gap.csv",
            header: vec![
                "group",
                "level",
                "n",
                "gap_n",
                "concern_mean",
                "disclosure_mean",
                "concerned",
                "disclosers",
                "paradoxical",
                "paradoxical_ci_low",
                "paradoxical_ci_high",
                "paradoxical_expected",
                "concerned_disclosers",
                "concerned_non_disclosers",
                "unconcerned_disclosers",
                "unconcerned_non_disclosers",
                "disclosure_rd",
                "disclosure_rd_ci_low",
                "disclosure_rd_ci_high",
                "spearman_rho",
                "spearman_p",
            ],
            rows: gap,
        },
        CsvTable {
            file: "by_group_data_types.csv",
            header: vec![
                "group",
                "level",
                "data_type",
                "n_pairs",
                "willing_shared",
                "willing_not_shared",
                "unwilling_shared",
                "unwilling_not_shared",
                "willing",
                "shared",
                "say_do_gap",
                "paradox_rate",
                "paradox_rate_ci_low",
                "paradox_rate_ci_high",
                "mcnemar_p",
            ],
            rows: dts,
        },
        CsvTable {
            file: "by_group_tactics.csv",
            header: vec![
                "group",
                "level",
                "tactic",
                "code",
                "count",
                "n",
                "acceptable",
                "acceptable_ci_low",
                "acceptable_ci_high",
                "intrusive",
                "intrusive_ci_low",
                "intrusive_ci_high",
            ],
            rows: tac,
        },
        CsvTable {
            file: "by_group_tests.csv",
            header: vec![
                "breakdown",
                "test",
                "statistic",
                "df",
                "p",
                "effect_size",
                "n",
                "p_adjusted",
                "adjustment",
                "family",
                "family_size",
            ],
            rows: tests,
        },
        CsvTable {
            file: "sensitivity.csv",
            header: vec![
                "concern_threshold",
                "disclosure_threshold",
                "actual",
                "n",
                "concerned_disclosers",
                "concerned_non_disclosers",
                "unconcerned_disclosers",
                "unconcerned_non_disclosers",
                "paradoxical",
                "paradoxical_ci_low",
                "paradoxical_ci_high",
                "disclosure_rd",
                "disclosure_rd_ci_low",
                "disclosure_rd_ci_high",
            ],
            rows: sens,
        },
    ]
}
