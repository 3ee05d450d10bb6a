//! Group breakdowns (the codebook's `group` columns): each level's figures equal the overall figures of
//! the same study filtered to that level (the filter path selects respondents by its own
//! code); a group column with one level gives null tests with a note; the multiplicity
//! families are complete and use the codebook's method; published by-group counts keep the
//! linked-equation protection. Field-by-field agreement with scipy/pandas is in
//! `reference_compare.rs`.

use std::collections::BTreeSet;

use crate::util::*;
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;

fn load(dir: &std::path::Path) -> Study {
    load_study(Some(dir), &LoadOptions::default()).expect("loads")
}

fn sample() -> Study {
    load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/sample"
    )))
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("serializes")
}

#[test]
fn every_level_equals_the_study_filtered_to_it() {
    let study = sample();
    let full = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    assert_eq!(full.by_group.len(), study.groups.len());
    assert!(!full.by_group.is_empty());
    for (g, breakdown) in full.by_group.iter().enumerate() {
        assert_eq!(breakdown.group, study.groups[g].name);
        let mut total = breakdown.unknown.unwrap_or(0);
        for level in &breakdown.levels {
            let code = study.groups[g]
                .levels
                .iter()
                .position(|l| *l == level.level)
                .expect("a level of the factor") as u32;
            let mut filter = Filter::default();
            filter.groups.insert(g, BTreeSet::from([code]));
            let only = summarize(&study, &filter, &AnalysisOptions::default());
            assert_eq!(level.n, Some(only.study.analysed), "{}", level.level);
            total += only.study.analysed;
            assert_eq!(json(&level.gap), json(&only.gap.overall), "{}", level.level);
            assert_eq!(json(&level.data_types), json(&only.data_types));
            let overall: Vec<_> = only.tactics.iter().map(|t| t.overall.clone()).collect();
            assert_eq!(json(&level.tactics), json(&overall));
        }
        assert_eq!(total, full.study.analysed);
    }
}

#[test]
fn a_group_with_one_level_has_null_tests_and_a_note() {
    let dir = copy_fixture("mini");
    let path = dir.path().join("survey.csv");
    let text = std::fs::read_to_string(&path).expect("survey");
    // Every respondent in one country.
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let mut f: Vec<&str> = line.split(';').collect();
            f[3] = "DE";
            out.push_str(&f.join(";"));
        }
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write");
    let study = load(dir.path());
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let g = &s.by_group[0];
    assert_eq!(g.levels.len(), 1);
    assert_eq!(g.kruskal_concern, None);
    assert_eq!(g.chi2_paradoxical, None);
    assert!(g.tactics_chi2.iter().all(|t| t.chi2.is_none()));
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("by_group[country]: 1 level")),
        "{:?}",
        s.notes
    );
    // The level itself is the whole study.
    assert_eq!(
        json(&g.levels[0].gap),
        json(&s.gap.overall),
        "one level = overall"
    );
}

/// The p-values of one family, with their adjusted objects.
fn family(s: &Summary, name: &str) -> Vec<(f64, paradox::analysis::summary::Adjusted)> {
    let v = json(s);
    let mut out = Vec::new();
    fn walk(
        v: &serde_json::Value,
        name: &str,
        out: &mut Vec<(f64, paradox::analysis::summary::Adjusted)>,
    ) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(p), Some(a)) = (o.get("p"), o.get("adjusted")) {
                    let a: paradox::analysis::summary::Adjusted =
                        serde_json::from_value(a.clone()).expect("adjusted");
                    if a.family == name {
                        out.push((p.as_f64().expect("p"), a));
                    }
                }
                o.values().for_each(|x| walk(x, name, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, name, out)),
            _ => {}
        }
    }
    walk(&v, name, &mut out);
    out
}

#[test]
fn families_cover_cohorts_and_groups_and_name_their_method() {
    let study = sample();
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    // Sample: every tactic by cohort and by each of 2 group columns.
    let m = 3 * s.tactics.len();
    assert!(m >= 15);
    let t = family(&s, "tactic_chi2");
    assert_eq!(t.len(), m);
    assert!(t.iter().all(|(p, a)| a.family_size == m as u64
        && a.adjustment == "holm"
        && a.p_adjusted >= Some(*p)));
    let k = family(&s, "concern_kruskal");
    assert_eq!(k.len(), 3);
    assert!(s
        .gap
        .kruskal_concern
        .as_ref()
        .is_some_and(|k| k.adjusted.is_some()));
    assert_eq!(family(&s, "paradoxical_chi2").len(), 3);
    // Holm's smallest adjusted p is m·p_min.
    let (p_min, a) = t
        .iter()
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .expect("members");
    assert!(approx(
        a.p_adjusted.expect("adjusted"),
        (m as f64 * p_min).min(1.0),
        1e-12
    ));
}

#[test]
fn benjamini_hochberg_is_chosen_in_the_codebook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/sample"));
    for e in std::fs::read_dir(src).expect("sample").flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    let cb = dir.path().join("codebook.toml");
    let text = std::fs::read_to_string(&cb).expect("codebook");
    std::fs::write(&cb, format!("{text}\n[analysis]\nmultiplicity = \"bh\"\n")).expect("write");
    let s = summarize(
        &load(dir.path()),
        &Filter::default(),
        &AnalysisOptions::default(),
    );
    let t = family(&s, "tactic_chi2");
    assert_eq!(t.len(), 3 * s.tactics.len());
    assert!(t.iter().all(|(_, a)| a.adjustment == "bh"));
    // BH's largest adjusted p is the largest p itself.
    let (p_max, a) = t
        .iter()
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .expect("members");
    assert!(approx(a.p_adjusted.expect("adjusted"), *p_max, 1e-12));
    // An unknown method is a codebook error.
    std::fs::write(
        &cb,
        format!("{text}\n[analysis]\nmultiplicity = \"bonferroni\"\n"),
    )
    .expect("write");
    assert!(load_study(Some(dir.path()), &LoadOptions::default()).is_err());
}

#[test]
fn by_group_is_opt_out_for_the_dashboard() {
    let study = sample();
    let options = AnalysisOptions {
        by_group: false,
        ..AnalysisOptions::default()
    };
    let s = summarize(&study, &Filter::default(), &options);
    assert!(s.by_group.is_empty());
    // Cohort families are then corrected on their own.
    assert_eq!(family(&s, "tactic_chi2").len(), s.tactics.len());
}

/// Published with min_cell 30, "Prefer not to say" (27 respondents) is hidden, and no
/// linked line (level sizes + unknown = analysed; level gap cells = overall cell) is left
/// with exactly one hidden member.
#[test]
fn published_levels_keep_complementary_suppression() {
    let study = sample();
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = paradox::privacy::publish_summary(&s, 30, None, None);
    let gender = p
        .by_group
        .iter()
        .find(|g| g.group == "gender")
        .expect("gender");
    let small = gender
        .levels
        .iter()
        .find(|l| l.level == "Prefer not to say")
        .expect("level");
    assert_eq!(small.n, None);
    assert_eq!(small.gap.as_ref().and_then(|g| g.paradoxical), None);
    for g in &p.by_group {
        let mut sizes: Vec<Option<u64>> = g.levels.iter().map(|l| l.n).collect();
        sizes.push(g.unknown);
        let hidden = sizes.iter().filter(|v| v.is_none()).count();
        assert!(hidden != 1, "{}: one hidden level size", g.group);
        let overall = p.gap.overall.as_ref().expect("overall");
        for i in 0..2 {
            for j in 0..2 {
                let mut cells: Vec<Option<u64>> = g
                    .levels
                    .iter()
                    .filter_map(|l| l.gap.as_ref().map(|b| b.concern_table[i][j]))
                    .collect();
                cells.push(overall.concern_table[i][j]);
                let hidden = cells.iter().filter(|v| v.is_none()).count();
                assert!(hidden != 1, "{} cell [{i}][{j}]: {cells:?}", g.group);
            }
        }
        // A χ² over a table with a hidden cell is withheld, and so is its adjusted p.
        for t in &g.tactics_chi2 {
            if let Some(c) = &t.chi2 {
                if c.p.is_none() {
                    assert!(c.adjusted.as_ref().is_none_or(|a| a.p_adjusted.is_none()));
                }
            }
        }
    }
    assert!(p.disclosure_control.suppressed_cells > 0);
}

#[test]
fn differential_privacy_withholds_groups_and_the_grid() {
    let study = sample();
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = paradox::privacy::publish_summary(&s, 10, Some(1.0), Some(7));
    assert!(p.by_group.is_empty());
    assert!(p.sensitivity.is_none());
    assert!(p.notes.iter().any(|n| n.contains("by_group")));
}
