//! The privacy paradox overall and by cohort: the gap table (with each block's detectable
//! correlation and verdict) and the concern × disclosure counts for people, `gap.csv` (every
//! statistic with its interval, the equivalence tests at the end) for machines.

use crate::analysis::summary::{GapBlock, Summary};
use crate::fmt::{
    cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, csv_count, csv_number, p_cell,
    MISSING_CELL,
};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

/// "Overall" first, then every cohort, each with its block.
fn gap_blocks(summary: &Summary) -> Vec<(String, &GapBlock)> {
    let mut out = Vec::new();
    if let Some(o) = &summary.gap.overall {
        out.push(("Overall".to_string(), o));
    }
    for b in summary.gap.by_cohort.iter().flatten() {
        out.push((b.cohort.clone().unwrap_or_default(), b));
    }
    out
}

pub fn gap_table(summary: &Summary) -> DisplayTable {
    let rows = gap_blocks(summary)
        .into_iter()
        .map(|(name, b)| {
            vec![
                name,
                cell_count(b.n),
                cell_pct(b.concerned),
                cell_pct(b.disclosers),
                cell_pct_ci(b.paradoxical, b.paradoxical_ci),
                cell_pct(b.paradoxical_expected),
                cell_num_ci(b.disclosure_rd, b.disclosure_rd_ci, 2),
                cell_num_ci(b.spearman_rho, b.spearman_ci, 2),
                p_cell(b.spearman_p),
                cell_num(b.rho_mde, 2),
                verdict_cell(b),
            ]
        })
        .collect();
    DisplayTable::new(
        "Concern, disclosure and the paradox by cohort (95% CIs in brackets; detectable \u{3c1}: the smallest correlation the block detects with 80% power)",
        &[
            ("Group", false),
            ("n", true),
            ("Concerned", true),
            ("Disclosers", true),
            ("Paradoxical", true),
            ("Expected", true),
            ("RD", true),
            ("Spearman \u{3c1}", true),
            ("p (\u{3c1})", true),
            ("Detectable \u{3c1}", true),
            ("Verdict", false),
        ],
        rows,
    )
}

/// The block's verdict, or the missing-value mark.
fn verdict_cell(b: &GapBlock) -> String {
    b.equivalence
        .as_ref()
        .and_then(|e| e.verdict)
        .map(|v| v.as_str().to_string())
        .unwrap_or_else(|| MISSING_CELL.into())
}

pub fn concern_table_table(summary: &Summary) -> DisplayTable {
    let rows = gap_blocks(summary)
        .into_iter()
        .map(|(name, b)| {
            let t = b.concern_table;
            vec![
                name,
                cell_count(t[0][0]),
                cell_count(t[0][1]),
                cell_count(t[1][0]),
                cell_count(t[1][1]),
            ]
        })
        .collect();
    DisplayTable::new(
        "Concern \u{d7} disclosure (respondents)",
        &[
            ("Group", false),
            ("Concerned, discloser", true),
            ("Concerned, not discloser", true),
            ("Not concerned, discloser", true),
            ("Not concerned, not discloser", true),
        ],
        rows,
    )
}

pub(super) fn gap_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    let mut push = |block: &str, b: &GapBlock| {
        let t = b.concern_table;
        let e = b.equivalence.as_ref();
        rows.push(vec![
            block.to_string(),
            b.cohort.clone().unwrap_or_default(),
            csv_count(b.n),
            csv_number(b.concern_mean),
            csv_number(b.disclosure_mean),
            csv_number(b.concerned),
            ci_low(b.concerned_ci),
            ci_high(b.concerned_ci),
            csv_number(b.disclosers),
            ci_low(b.disclosers_ci),
            ci_high(b.disclosers_ci),
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
            ci_low(b.spearman_ci),
            ci_high(b.spearman_ci),
            csv_number(b.spearman_p),
            csv_number(b.rho_mde),
            csv_number(e.map(|e| e.sesoi_rho)),
            csv_number(e.and_then(|e| e.p_tost)),
            csv_number(e.map(|e| e.sesoi_rd)),
            ci_low(e.and_then(|e| e.rd_ci90)),
            ci_high(e.and_then(|e| e.rd_ci90)),
            e.and_then(|e| e.rd_equivalent)
                .map(|v| v.to_string())
                .unwrap_or_default(),
            e.and_then(|e| e.verdict)
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
        ]);
    };
    if let Some(o) = &summary.gap.overall {
        push("overall", o);
    }
    for b in summary.gap.by_cohort.iter().flatten() {
        push("cohort", b);
    }
    CsvTable {
        file: "gap.csv",
        header: vec![
            "block",
            "cohort",
            "n",
            "concern_mean",
            "disclosure_mean",
            "concerned",
            "concerned_ci_low",
            "concerned_ci_high",
            "disclosers",
            "disclosers_ci_low",
            "disclosers_ci_high",
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
            "spearman_ci_low",
            "spearman_ci_high",
            "spearman_p",
            "rho_mde",
            "sesoi_rho",
            "p_tost",
            "sesoi_rd",
            "rd_ci90_low",
            "rd_ci90_high",
            "rd_equivalent",
            "verdict",
        ],
        rows,
    }
}
