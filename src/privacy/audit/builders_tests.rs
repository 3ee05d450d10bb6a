//! The builders on small hand-made summaries, each interval worked out by hand.

use serde_json::{json, Value};

use super::audit;
use crate::analysis::summary::Summary;

/// A summary with two cohorts (A: 60, B: 40), no unknown cohort, and the given sections.
fn summary(weighted: bool, extra: Value) -> Summary {
    let mut v = json!({
        "study": {"name": "t", "respondents": 100, "analysed": 100, "rejected_rows": 0,
                  "behavior_match_rate": null, "unknown_cohort": 0, "weighted": weighted,
                  "filter": "all respondents", "cohort_scheme": "test"},
        "cohorts": [{"name": "A", "n": 60}, {"name": "B", "n": 40}],
        "scales": [],
        "gap": {"overall": null, "by_cohort": null, "kruskal_concern": null,
                "chi2_paradoxical": null},
        "data_types": [],
        "tactics": [],
        "distributions": {"concern_bins": [], "concern_bin_width": 0.0,
                          "concern_by_cohort": [], "disclosure_bins": [], "heatmap": []},
        "disclosure_control": {"min_cell": 10, "suppressed_cells": 0, "dp_epsilon": null},
        "notes": [],
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).expect("a summary")
}

fn row(cohort: Option<&str>, n: u64, levels: Value, acceptable: Value) -> Value {
    let mut r = json!({"n": n, "levels": levels, "acceptable": acceptable,
        "acceptable_ci": null, "intrusive": null, "intrusive_ci": null, "neutral": null});
    if let Some(c) = cohort {
        r["cohort"] = json!(c);
    }
    r
}

/// One tactic rated 1–3: overall 50 / 30 / 20; A: 30 / – / –; B: 20 / – / –.
fn tactic(a_acceptable: Value, rows: Value, collapsed: Value) -> Value {
    json!({"tactics": [{
        "name": "ads", "label": "Ads", "min": 1, "max": 3,
        "overall": row(None, 100, json!([50, 30, 20]), json!(null)),
        "by_cohort": rows.as_array().cloned().unwrap_or_else(|| vec![
            row(Some("A"), 60, json!([30, null, null]), a_acceptable),
            row(Some("B"), 40, json!([20, null, null]), json!(null)),
        ]),
        "chi2": null,
        "collapsed": collapsed,
    }]})
}

fn interval(o: &super::AuditOutcome, cell: &str) -> Option<(f64, f64)> {
    o.violations
        .iter()
        .find(|v| v.cell == cell)
        .map(|v| (v.lo, v.hi))
}

#[test]
fn hidden_tactic_cells_keep_their_frechet_bounds() {
    // Levels 2 and 3 of A and B form a 2×2 with rows 30 (A) and 20 (B) and columns 30 and
    // 20: A's level 2 lies in [max(0, 30 + 30 − 50), min(30, 30)] = [10, 30], the others in
    // [0, 20]. No interval is narrower than 10.
    let s = summary(false, tactic(json!(null), json!(null), json!(null)));
    let o = audit(&s, 10);
    assert!(o.violations.is_empty(), "{:?}", o.violations);
    assert!(o.inconsistent.is_empty());
    let n = o.info.narrowest.expect("hidden cells");
    assert_eq!((n.hi - n.lo), 20.0, "{n:?}");
}

#[test]
fn an_unweighted_share_pins_the_hidden_cells() {
    // A's acceptable share 0.25 of 60 publishes A's level 3 = 15, so A's level 2 = 15,
    // B's level 2 = 30 − 15 = 15 and B's level 3 = 20 − 15 = 5: a small count, disclosed.
    let s = summary(false, tactic(json!(0.25), json!(null), json!(null)));
    let o = audit(&s, 10);
    assert_eq!(interval(&o, "B, level 3"), Some((5.0, 5.0)));
    assert_eq!(o.violations.len(), 1, "{:?}", o.violations);
    // Weighted, the share implies no count.
    let s = summary(true, tactic(json!(0.25), json!(null), json!(null)));
    assert!(audit(&s, 10).violations.is_empty());
}

#[test]
fn a_merged_row_hides_its_members_cells() {
    // A and B merged into one row that equals the overall row: nothing published splits it,
    // so each member's cell lies anywhere between 0 and the merged cell (A's level 1 ∈
    // [0, 50]; the cohort sizes are not linked to the tactic's answers).
    let rows = json!([row(Some("A + B"), 100, json!([50, 30, 20]), json!(null))]);
    let collapsed = json!({"cohorts": [["A", "B"]]});
    let s = summary(false, tactic(json!(null), rows, collapsed));
    let o = audit(&s, 10);
    assert!(o.violations.is_empty(), "{:?}", o.violations);
    // 3 codes × 2 members merged away; the narrowest of them is level 3's [0, 20].
    assert_eq!(o.info.hidden_cells, 6);
    let n = o.info.narrowest.unwrap();
    assert_eq!((n.lo, n.hi), (0.0, 20.0), "{n:?}");
    assert_eq!(n.table, "tactics[ads]");
    assert!(n.cell.contains("(in A + B), level 3"), "{n:?}");
}

#[test]
fn the_sensitivity_grid_is_audited_on_its_rectangles() {
    // Concern thresholds 2 and 3, disclosure threshold 0.5: the cell at (2, 0.5) is
    // published [[40, 20], [25, 15]], the cell at (3, 0.5) is hidden. With rectangles
    // r(concern band, disclosure band): its [0][0] = r(2,1) ∈ [0, 40], [0][1] = r(2,0) ∈
    // [0, 20], [1][0] = r(0,1) + r(1,1) ∈ [25, 65], [1][1] ∈ [15, 35].
    let cell = |c: f64, t: Value| {
        json!({"concern_threshold": c, "disclosure_threshold": 0.5, "actual": false,
               "concern_table": t, "paradoxical": null, "paradoxical_ci": null,
               "disclosure_rd": null, "disclosure_rd_ci": null})
    };
    let grid = json!({"sensitivity": {
        "concern_thresholds": [2.0, 3.0], "disclosure_thresholds": [0.5],
        "actual_concern_threshold": 2.0, "actual_disclosure_threshold": 0.5, "n": 100,
        "cells": [[cell(2.0, json!([[40, 20], [25, 15]]))],
                  [cell(3.0, json!([[null, null], [null, null]]))]],
    }});
    let s = summary(false, grid);
    let r = super::run(&s);
    let got: Vec<(String, f64, f64)> = r
        .cells
        .iter()
        .filter(|c| c.0 == "sensitivity")
        .map(|c| (c.1.clone(), c.2.lo, c.2.hi))
        .collect();
    let want = [
        ("[0][0]", 0.0, 40.0),
        ("[0][1]", 0.0, 20.0),
        ("[1][0]", 25.0, 65.0),
        ("[1][1]", 15.0, 35.0),
    ];
    assert_eq!(got.len(), 4, "{got:?}");
    for ((cell, lo, hi), (suffix, wlo, whi)) in got.iter().zip(want) {
        assert!(cell.starts_with("concern > 3, disclosure ≥ 0.5"), "{cell}");
        assert!(cell.ends_with(suffix), "{cell}");
        assert!(
            (lo - wlo).abs() < 1e-6 && (hi - whi).abs() < 1e-6,
            "{cell}: [{lo}, {hi}]"
        );
    }
}
