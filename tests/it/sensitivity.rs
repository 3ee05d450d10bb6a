//! Threshold sensitivity: the cell at the codebook's thresholds equals
//! the headline `gap.overall`; thresholds off the grid are added to it; every cell equals a
//! summary computed with that cell's thresholds written into the codebook; published grids
//! leave no small band recoverable. Field-by-field agreement with a direct per-cell count in
//! Python is in `reference_compare.rs`.

use crate::util::*;
use paradox::analysis::sensitivity::{Sensitivity, SensitivityCell};
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};

fn summary_of(dir: &std::path::Path) -> Summary {
    let s = load_study(Some(dir), &LoadOptions::default()).expect("loads");
    summarize(&s, &Filter::default(), &AnalysisOptions::default())
}

fn sample_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

fn actual(s: &Sensitivity) -> &SensitivityCell {
    let cells: Vec<&SensitivityCell> = s.cells.iter().flatten().filter(|c| c.actual).collect();
    assert_eq!(cells.len(), 1, "exactly one actual cell");
    cells[0]
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => approx(x, y, 1e-12),
        (None, None) => true,
        _ => false,
    }
}

fn same_ci(a: Option<[f64; 2]>, b: Option<[f64; 2]>) -> bool {
    same(a.map(|v| v[0]), b.map(|v| v[0])) && same(a.map(|v| v[1]), b.map(|v| v[1]))
}

fn assert_headline(cell: &SensitivityCell, s: &Summary) {
    let o = s.gap.overall.as_ref().expect("gap.overall");
    assert_eq!(cell.concern_table, o.concern_table);
    assert!(same(cell.paradoxical, o.paradoxical));
    assert!(same_ci(cell.paradoxical_ci, o.paradoxical_ci));
    assert!(same(cell.disclosure_rd, o.disclosure_rd));
    assert!(same_ci(cell.disclosure_rd_ci, o.disclosure_rd_ci));
}

#[test]
fn the_actual_cell_is_the_headline() {
    for dir in [sample_dir(), fixture("mini")] {
        let s = summary_of(&dir);
        let grid = s.sensitivity.as_ref().expect("grid");
        assert_eq!(grid.n, s.gap.overall.as_ref().and_then(|o| o.n));
        assert_headline(actual(grid), &s);
    }
}

#[test]
fn axes_are_half_points_and_tenths() {
    // The sample's concern scale is 1..7.
    let s = summary_of(&sample_dir());
    let g = s.sensitivity.expect("grid");
    assert_eq!(g.concern_thresholds.len(), 13);
    assert_eq!(g.concern_thresholds[0], 1.0);
    assert_eq!(g.concern_thresholds[12], 7.0);
    assert_eq!(
        g.disclosure_thresholds,
        vec![0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    );
    assert_eq!(g.cells.len(), 13);
    assert!(g.cells.iter().all(|r| r.len() == 7));
}

/// Writes the sample with other thresholds into a temporary study.
fn sample_with(concern: &str, disclosure: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(sample_dir()).expect("sample").flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    let cb = dir.path().join("codebook.toml");
    let text = std::fs::read_to_string(&cb).expect("codebook");
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("concern_threshold") {
            out.push_str(&format!("concern_threshold = {concern}\n"));
        } else if line.starts_with("disclosure_threshold") {
            out.push_str(&format!("disclosure_threshold = {disclosure}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert_ne!(out, text, "the sample codebook names both thresholds");
    std::fs::write(&cb, out).expect("write");
    dir
}

#[test]
fn off_grid_thresholds_join_the_axes() {
    let dir = sample_with("4.2", "0.45");
    let s = summary_of(dir.path());
    let g = s.sensitivity.as_ref().expect("grid");
    assert!(g.concern_thresholds.contains(&4.2));
    assert!(g.disclosure_thresholds.contains(&0.45));
    assert_eq!(g.concern_thresholds.len(), 14);
    assert_eq!(g.disclosure_thresholds.len(), 8);
    let a = actual(g);
    assert_eq!((a.concern_threshold, a.disclosure_threshold), (4.2, 0.45));
    assert_headline(a, &s);
}

/// Any cell equals the headline of a study whose codebook uses that cell's thresholds.
#[test]
fn other_cells_equal_a_rerun_with_their_thresholds() {
    let base = summary_of(&sample_dir());
    let g = base.sensitivity.as_ref().expect("grid");
    for (ci, di) in [(2, 1), (9, 5), (6, 0)] {
        let cell = &g.cells[ci][di];
        let dir = sample_with(
            &format!("{:?}", cell.concern_threshold),
            &format!("{:?}", cell.disclosure_threshold),
        );
        let rerun = summary_of(dir.path());
        assert_headline(cell, &rerun);
    }
}

#[test]
fn published_grid_hides_small_bands() {
    let s = summary_of(&sample_dir());
    let min = 40u64;
    let p = paradox::privacy::publish_summary(&s, min as u32, None, None);
    let g = p.sensitivity.as_ref().expect("grid");
    let published: Vec<(usize, usize, [[u64; 2]; 2])> = g
        .cells
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.iter().enumerate().filter_map(move |(j, c)| {
                let [[a, b], [cc, d]] = c.concern_table;
                Some((i, j, [[a?, b?], [cc?, d?]]))
            })
        })
        .collect();
    assert!(!published.is_empty(), "something of the grid survives");
    assert!(
        published.len() < 13 * 7,
        "something is suppressed at min_cell 40"
    );
    // Every published quadrant and every difference of two published cells in a row or a
    // column is 0 or at least min_cell.
    let ok = |v: u64| v == 0 || v >= min;
    for &(i, j, t) in &published {
        assert!(t.iter().flatten().all(|&v| ok(v)), "{t:?}");
        for &(i2, j2, u) in &published {
            if i2 == i || j2 == j {
                for q in 0..2 {
                    for r in 0..2 {
                        assert!(ok(t[q][r].abs_diff(u[q][r])), "({i},{j}) vs ({i2},{j2})");
                    }
                }
            }
        }
    }
    // A suppressed cell has no figure left.
    for c in g.cells.iter().flatten() {
        if c.concern_table[0][0].is_none() {
            assert!(c.paradoxical.is_none() && c.disclosure_rd.is_none());
        }
    }
}
