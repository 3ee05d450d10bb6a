//! Pearson's χ² test of independence with Cramér's V, for the cohort (or group level) ×
//! paradoxical table and each tactic's cohort × answer table (definition in
//! `docs/methods.md`). The p-value is computed on its tail side so that a very small p stays
//! precise instead of rounding to 0.

use super::dist::chi2_sf;

/// Pearson's χ² test of independence.
#[derive(Debug, Clone, PartialEq)]
pub struct Chi2Result {
    pub chi2: f64,
    pub df: u64,
    pub p: f64,
    pub cramers_v: f64,
    pub n: u64,
}

/// Pearson χ² of independence on an r×c table of counts, no continuity correction. Rows and
/// columns with zero total are left out first; df = (r−1)(c−1) of what remains; Cramér's
/// V = √(χ²/(n·(min(r,c)−1))) (Cramér 1946). `Err(reason)` when the table is ragged, holds a
/// negative or non-finite count, or fewer than 2 rows or columns remain.
pub fn chi2_independence(table: &[Vec<f64>]) -> Result<Chi2Result, String> {
    let width = table.first().map_or(0, Vec::len);
    if table.iter().any(|row| row.len() != width) {
        return Err("the table's rows have different lengths".to_string());
    }
    if table.iter().flatten().any(|v| !v.is_finite() || *v < 0.0) {
        return Err("a count is negative or not finite".to_string());
    }
    let row_totals: Vec<f64> = table.iter().map(|row| row.iter().sum()).collect();
    let col_totals: Vec<f64> = (0..width)
        .map(|j| table.iter().map(|row| row[j]).sum())
        .collect();
    let rows: Vec<usize> = (0..table.len()).filter(|&i| row_totals[i] > 0.0).collect();
    let cols: Vec<usize> = (0..width).filter(|&j| col_totals[j] > 0.0).collect();
    if rows.len() < 2 || cols.len() < 2 {
        return Err(format!(
            "a chi-square test needs at least 2 non-empty rows and columns, got {}×{}",
            rows.len(),
            cols.len()
        ));
    }
    let n: f64 = rows.iter().map(|&i| row_totals[i]).sum();
    let mut chi2 = 0.0;
    for &i in &rows {
        for &j in &cols {
            let expected = row_totals[i] * col_totals[j] / n;
            let diff = table[i][j] - expected;
            chi2 += diff * diff / expected;
        }
    }
    let df = (rows.len() - 1) * (cols.len() - 1);
    let p = chi2_sf(chi2, df as f64).ok_or("the chi-square tail is undefined")?;
    let min_dim = rows.len().min(cols.len()) as f64;
    // V ≤ 1 in exact arithmetic; the clamp only removes rounding above it.
    let cramers_v = (chi2 / (n * (min_dim - 1.0))).sqrt().min(1.0);
    if !chi2.is_finite() || !cramers_v.is_finite() {
        return Err("the chi-square statistic is not finite".to_string());
    }
    Ok(Chi2Result {
        chi2,
        df: df as u64,
        p,
        cramers_v,
        n: n.round() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;

    #[test]
    fn chi2_matches_scipy() {
        // scipy 1.17.1: scipy.stats.chi2_contingency(t, correction=False),
        // scipy.stats.contingency.association(t, method='cramer')
        let t = vec![
            vec![12.0, 5.0, 9.0],
            vec![7.0, 14.0, 3.0],
            vec![4.0, 6.0, 11.0],
        ];
        let r = chi2_independence(&t).unwrap();
        assert_close(r.chi2, 14.105_582_099_060_362, 1e-12);
        assert_eq!((r.df, r.n), (4, 71));
        assert_close(r.p, 0.006_965_594_612_013_125, 1e-9);
        assert_close(r.cramers_v, 0.315_174_689_981_049_14, 1e-12);
    }

    #[test]
    fn chi2_drops_empty_rows_and_columns() {
        // scipy 1.17.1 on [[12,5,9],[7,14,3]] (the table below without its empty row and
        // column): chi2_contingency(correction=False), association(method='cramer')
        let t = vec![
            vec![12.0, 0.0, 5.0, 9.0],
            vec![0.0, 0.0, 0.0, 0.0],
            vec![7.0, 0.0, 14.0, 3.0],
        ];
        let r = chi2_independence(&t).unwrap();
        assert_close(r.chi2, 8.512_567_476_383_268, 1e-12);
        assert_eq!((r.df, r.n), (2, 50));
        assert_close(r.p, 0.014_174_882_222_918_836, 1e-9);
        assert_close(r.cramers_v, 0.412_615_256_052_978_94, 1e-12);
    }

    #[test]
    fn chi2_two_by_two_without_correction_and_far_tail() {
        // scipy 1.17.1: chi2_contingency([[20,5],[3,18]], correction=False) and
        // association(..., method='cramer'); chi2_contingency([[200,10],[10,200]], correction=False)
        let r = chi2_independence(&[vec![20.0, 5.0], vec![3.0, 18.0]]).unwrap();
        assert_close(r.chi2, 19.714_285_714_285_715, 1e-12);
        assert_eq!(r.df, 1);
        assert_close(r.p, 8.992_660_485_449_968e-6, 1e-9);
        assert_close(r.cramers_v, 0.654_653_670_707_977_2, 1e-12);
        let r = chi2_independence(&[vec![200.0, 10.0], vec![10.0, 200.0]]).unwrap();
        assert_close(r.chi2, 343.809_523_809_523_8, 1e-12);
        assert_close(r.p, 9.445_772_351_262_01e-77, 1e-6);
    }

    #[test]
    fn chi2_undefined_cases() {
        assert!(chi2_independence(&[vec![3.0, 4.0], vec![0.0, 0.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, 0.0], vec![4.0, 0.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, 1.0], vec![4.0]]).is_err());
        assert!(chi2_independence(&[vec![3.0, -1.0], vec![4.0, 2.0]]).is_err());
        assert!(chi2_independence(&[]).is_err());
        // Independence exactly: χ² = 0, p = 1.
        let r = chi2_independence(&[vec![2.0, 4.0], vec![3.0, 6.0]]).unwrap();
        assert_eq!((r.chi2, r.p, r.cramers_v), (0.0, 1.0, 0.0));
    }
}
