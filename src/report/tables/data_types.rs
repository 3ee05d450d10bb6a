//! Stated willingness versus actual sharing per data type: the table for people and
//! `data_types.csv` (the 2 × 2 counts, shares, intervals and McNemar statistics).

use crate::analysis::summary::Summary;
use crate::fmt::{
    cell_count, cell_num_ci, cell_pct, cell_pct_ci, csv_count, csv_number, p_cell, signed,
    MISSING_CELL,
};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

pub fn data_types_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .data_types
        .iter()
        .map(|d| {
            vec![
                d.label.clone(),
                cell_count(d.n_pairs),
                cell_pct(d.willing),
                cell_pct(d.shared),
                d.say_do_gap
                    .filter(|g| g.is_finite())
                    .map(|g| signed(g * 100.0, 1))
                    .unwrap_or_else(|| MISSING_CELL.into()),
                cell_pct_ci(d.paradox_rate, d.paradox_rate_ci),
                p_cell(d.mcnemar_p),
                p_cell(d.mcnemar_midp),
                cell_num_ci(d.mcnemar_or, d.mcnemar_or_ci, 2),
            ]
        })
        .collect();
    DisplayTable::new(
        "Stated willingness versus actual sharing per data type",
        &[
            ("Data type", false),
            ("Pairs", true),
            ("Willing", true),
            ("Shared", true),
            ("Gap (points)", true),
            ("Paradox rate", true),
            ("McNemar p", true),
            ("mid-p", true),
            ("OR (c/b)", true),
        ],
        rows,
    )
}

pub(super) fn data_types_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "data_types.csv",
        header: vec![
            "data_type",
            "label",
            "n_pairs",
            "willing_shared",
            "willing_not_shared",
            "unwilling_shared",
            "unwilling_not_shared",
            "willing",
            "willing_ci_low",
            "willing_ci_high",
            "shared",
            "shared_ci_low",
            "shared_ci_high",
            "say_do_gap",
            "paradox_rate",
            "paradox_rate_ci_low",
            "paradox_rate_ci_high",
            "mcnemar_p",
            "mcnemar_midp",
            "mcnemar_or",
            "mcnemar_or_ci_low",
            "mcnemar_or_ci_high",
        ],
        rows: summary
            .data_types
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    d.label.clone(),
                    csv_count(d.n_pairs),
                    csv_count(d.table[0][0]),
                    csv_count(d.table[0][1]),
                    csv_count(d.table[1][0]),
                    csv_count(d.table[1][1]),
                    csv_number(d.willing),
                    ci_low(d.willing_ci),
                    ci_high(d.willing_ci),
                    csv_number(d.shared),
                    ci_low(d.shared_ci),
                    ci_high(d.shared_ci),
                    csv_number(d.say_do_gap),
                    csv_number(d.paradox_rate),
                    ci_low(d.paradox_rate_ci),
                    ci_high(d.paradox_rate_ci),
                    csv_number(d.mcnemar_p),
                    csv_number(d.mcnemar_midp),
                    csv_number(d.mcnemar_or),
                    ci_low(d.mcnemar_or_ci),
                    ci_high(d.mcnemar_or_ci),
                ]
            })
            .collect(),
    }
}
