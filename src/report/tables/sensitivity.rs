//! Threshold sensitivity: the paradoxical share and the risk difference at every concern
//! threshold for the codebook's disclosure threshold (for people), and every cell of the
//! grid in `sensitivity.csv`.

use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::summary::Summary;
use crate::fmt::{cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, csv_count, csv_number};
use crate::report::document::DisplayTable;

use super::csv_file::{ci_high, ci_low, CsvTable};

pub fn sensitivity_table(g: &Sensitivity) -> DisplayTable {
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
    DisplayTable::new(
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
    )
}

/// `tables/sensitivity.csv`: every cell of the threshold grid (written with its header
/// even when the grid was not computed).
pub(super) fn sensitivity_csv(s: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    if let Some(g) = &s.sensitivity {
        for c in g.cells.iter().flatten() {
            let t = c.concern_table;
            rows.push(vec![
                csv_number(Some(c.concern_threshold)),
                csv_number(Some(c.disclosure_threshold)),
                c.actual.to_string(),
                csv_count(g.n),
                csv_count(t[0][0]),
                csv_count(t[0][1]),
                csv_count(t[1][0]),
                csv_count(t[1][1]),
                csv_number(c.paradoxical),
                ci_low(c.paradoxical_ci),
                ci_high(c.paradoxical_ci),
                csv_number(c.disclosure_rd),
                ci_low(c.disclosure_rd_ci),
                ci_high(c.disclosure_rd_ci),
            ]);
        }
    }
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
        rows,
    }
}
