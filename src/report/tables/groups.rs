//! Group breakdowns: every figure by each group column of the codebook — the gap, stated
//! versus actual sharing and tactic acceptance per level, and the tests across levels with
//! their family-wise adjusted p — for people, and as `by_group_gap.csv`,
//! `by_group_data_types.csv`, `by_group_tactics.csv` and `by_group_tests.csv`.

use crate::analysis::groups::GroupBreakdown;
use crate::analysis::summary::{Adjusted, Chi2Test, KruskalTest, Summary};
use crate::fmt::{
    cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, csv_count, csv_number, p_cell,
    MISSING_CELL,
};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

/// The gap at each level of one group column.
pub fn gap_table(g: &GroupBreakdown) -> DisplayTable {
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
    DisplayTable::new(
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
    )
}

/// Stated versus actual sharing at each level, or `None` when no level has a data type.
pub fn data_types_table(g: &GroupBreakdown) -> Option<DisplayTable> {
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
    (!rows.is_empty()).then(|| {
        DisplayTable::new(
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
        )
    })
}

/// Tactic acceptance at each level, or `None` when the study rates no tactic.
pub fn tactics_table(g: &GroupBreakdown, summary: &Summary) -> Option<DisplayTable> {
    let mut rows = Vec::new();
    for (t, tactic) in summary.tactics.iter().enumerate() {
        for l in &g.levels {
            if let Some(b) = l.tactics.get(t) {
                rows.push(vec![
                    tactic.label.clone(),
                    l.level.clone(),
                    cell_count(b.n),
                    cell_pct_ci(b.acceptable, b.acceptable_ci),
                    cell_pct_ci(b.intrusive, b.intrusive_ci),
                ]);
            }
        }
    }
    (!rows.is_empty()).then(|| {
        DisplayTable::new(
            format!("Tactic acceptance by {}", g.group),
            &[
                ("Tactic", false),
                (g.group.as_str(), false),
                ("n", true),
                ("Acceptable (95% CI)", true),
                ("Intrusive (95% CI)", true),
            ],
            rows,
        )
    })
}

/// Every test of the by-cohort and by-group families with its adjusted p.
pub fn tests_table(summary: &Summary) -> DisplayTable {
    DisplayTable::new(
        "Tests across levels, with the family-wise adjusted p",
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
                    p_cell(t.adjusted.as_ref().and_then(|a| a.p_adjusted)),
                    t.adjusted
                        .as_ref()
                        .map(|a| format!("{} ({}, {})", a.family, a.family_size, a.adjustment))
                        .unwrap_or_else(|| MISSING_CELL.into()),
                ]
            })
            .collect(),
    )
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
        for (t, tactic) in g.tactics_chi2.iter().zip(&s.tactics) {
            out.push(chi2_row(
                &g.group,
                format!("χ²: {}", tactic.label),
                t.chi2.as_ref(),
            ));
        }
    }
    out
}

/// The four `by_group_*.csv` files (always written, with their header, even when empty).
pub(super) fn by_group_csvs(s: &Summary) -> Vec<CsvTable> {
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
                    csv_count(l.n),
                    csv_count(b.n),
                    csv_number(b.concern_mean),
                    csv_number(b.disclosure_mean),
                    csv_number(b.concerned),
                    csv_number(b.disclosers),
                    csv_number(b.paradoxical),
                    ci_low(b.paradoxical_ci),
                    ci_high(b.paradoxical_ci),
                    csv_number(b.paradoxical_expected),
                    csv_count(t[0][0]),
                    csv_count(t[0][1]),
                    csv_count(t[1][0]),
                    csv_count(t[1][1]),
                    csv_number(b.disclosure_rd),
                    ci_low(b.disclosure_rd_ci),
                    ci_high(b.disclosure_rd_ci),
                    csv_number(b.spearman_rho),
                    csv_number(b.spearman_p),
                ]);
            }
            for d in &l.data_types {
                dts.push(vec![
                    g.group.clone(),
                    l.level.clone(),
                    d.name.clone(),
                    csv_count(d.n_pairs),
                    csv_count(d.table[0][0]),
                    csv_count(d.table[0][1]),
                    csv_count(d.table[1][0]),
                    csv_count(d.table[1][1]),
                    csv_number(d.willing),
                    csv_number(d.shared),
                    csv_number(d.say_do_gap),
                    csv_number(d.paradox_rate),
                    ci_low(d.paradox_rate_ci),
                    ci_high(d.paradox_rate_ci),
                    csv_number(d.mcnemar_p),
                ]);
            }
            for (b, tactic) in l.tactics.iter().zip(&s.tactics) {
                let names = tactic.level_names("-");
                for (k, v) in b.levels.iter().enumerate() {
                    tac.push(vec![
                        g.group.clone(),
                        l.level.clone(),
                        tactic.name.clone(),
                        names.get(k).cloned().unwrap_or_default(),
                        csv_count(*v),
                        csv_count(b.n),
                        csv_number(b.acceptable),
                        ci_low(b.acceptable_ci),
                        ci_high(b.acceptable_ci),
                        csv_number(b.intrusive),
                        ci_low(b.intrusive_ci),
                        ci_high(b.intrusive_ci),
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
                csv_number(t.statistic),
                csv_count(t.df),
                csv_number(t.p),
                csv_number(t.effect),
                csv_count(t.n),
                csv_number(t.adjusted.as_ref().and_then(|a| a.p_adjusted)),
                t.adjusted
                    .as_ref()
                    .map(|a| a.adjustment.clone())
                    .unwrap_or_default(),
                t.adjusted
                    .as_ref()
                    .map(|a| a.family.clone())
                    .unwrap_or_default(),
                csv_count(t.adjusted.as_ref().map(|a| a.family_size)),
            ]
        })
        .collect();
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
    ]
}
