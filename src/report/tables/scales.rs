//! The attitude scales: reliability and score of each scale, Cronbach's α if an item is
//! dropped — as tables for people and as `scales.csv` / `alpha_if_dropped.csv`.

use crate::analysis::summary::Summary;
use crate::fmt::{cell_count, cell_num, csv_count, csv_number, num_ci, MISSING_CELL};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

pub fn reliability_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .scales
        .iter()
        .map(|s| {
            vec![
                s.label.clone(),
                s.items.len().to_string(),
                cell_count(s.n_complete),
                cell_num(s.alpha, 2),
                s.alpha_ci
                    .map(|ci| num_ci(ci, 2))
                    .unwrap_or_else(|| MISSING_CELL.into()),
                cell_count(s.n),
                cell_num(s.mean, 2),
                cell_num(s.sd, 2),
            ]
        })
        .collect();
    DisplayTable::new(
        "Reliability and score of each scale",
        &[
            ("Scale", false),
            ("Items", true),
            ("n (complete)", true),
            ("\u{3b1}", true),
            ("95% CI", true),
            ("n (score)", true),
            ("Mean", true),
            ("SD", true),
        ],
        rows,
    )
}

pub fn alpha_if_dropped_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    for s in &summary.scales {
        let Some(m) = &s.alpha_if_dropped else {
            continue;
        };
        // Codebook item order, not the map's alphabetical order.
        for item in &s.items {
            if let Some(v) = m.get(item) {
                rows.push(vec![s.label.clone(), item.clone(), cell_num(*v, 2)]);
            }
        }
    }
    DisplayTable::new(
        "Cronbach\u{2019}s \u{3b1} if an item is dropped",
        &[
            ("Scale", false),
            ("Item", false),
            ("\u{3b1} if dropped", true),
        ],
        rows,
    )
}

pub(super) fn scales_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "scales.csv",
        header: vec![
            "scale",
            "label",
            "items",
            "n_complete",
            "alpha",
            "alpha_ci_low",
            "alpha_ci_high",
            "n",
            "mean",
            "sd",
        ],
        rows: summary
            .scales
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.label.clone(),
                    s.items.len().to_string(),
                    csv_count(s.n_complete),
                    csv_number(s.alpha),
                    ci_low(s.alpha_ci),
                    ci_high(s.alpha_ci),
                    csv_count(s.n),
                    csv_number(s.mean),
                    csv_number(s.sd),
                ]
            })
            .collect(),
    }
}

pub(super) fn alpha_if_dropped_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for s in &summary.scales {
        let Some(m) = &s.alpha_if_dropped else {
            continue;
        };
        for item in &s.items {
            if let Some(v) = m.get(item) {
                rows.push(vec![s.name.clone(), item.clone(), csv_number(*v)]);
            }
        }
    }
    CsvTable {
        file: "alpha_if_dropped.csv",
        header: vec!["scale", "item", "alpha_if_dropped"],
        rows,
    }
}
