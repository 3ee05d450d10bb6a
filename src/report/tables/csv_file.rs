//! One tidy CSV file of `tables/` and how it is written: a header row even when there are
//! no rows (so a script never has to special-case a study without tactics or behaviour),
//! `\n` line ends, fields quoted only when needed. Cells are written by
//! [`crate::fmt::csv_number`] and [`crate::fmt::csv_count`]: full precision in the same
//! shortest round-trip form as `summary.json`, an empty field for a null.

use crate::analysis::summary::Ci;
use crate::fmt::csv_number;

/// One tidy CSV file of `tables/`.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// File name inside `tables/`, e.g. `gap.csv`.
    pub file: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// The file's bytes: `\n` line ends, fields quoted only when needed.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(&self.header).map_err(|e| e.to_string())?;
        for r in &self.rows {
            w.write_record(r).map_err(|e| e.to_string())?;
        }
        w.into_inner().map_err(|e| e.to_string())
    }
}

/// The lower bound of an interval as a CSV cell.
pub fn ci_low(ci: Ci) -> String {
    csv_number(ci.map(|c| c[0]))
}

/// The upper bound of an interval as a CSV cell.
pub fn ci_high(ci: Ci) -> String {
    csv_number(ci.map(|c| c[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let t = CsvTable {
            file: "x.csv",
            header: vec!["a", "b"],
            rows: vec![vec!["x, y".into(), "say \"hi\"".into()]],
        };
        let s = String::from_utf8(t.to_bytes().unwrap_or_default()).unwrap_or_default();
        assert_eq!(s, "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n");
    }

    #[test]
    fn interval_bounds_are_cells_of_their_own() {
        assert_eq!(ci_low(Some([0.25, 0.5])), "0.25");
        assert_eq!(ci_high(Some([0.25, 0.5])), "0.5");
        assert_eq!(ci_low(None), "");
    }
}
