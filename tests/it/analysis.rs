//! Properties of the whole analysis on real files: permuting respondents changes nothing,
//! relabelling cohorts permutes `by_cohort`, degenerate studies give `null` + a note (never
//! NaN, never a panic), and `summary.json` round-trips through the schema.

use crate::util::*;
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};
use proptest::prelude::*;

fn summary_of(dir: &std::path::Path) -> Summary {
    let s = load_study(Some(dir), &LoadOptions::default()).expect("loads");
    summarize(&s, &Filter::default(), &AnalysisOptions::default())
}

/// Compares two JSON trees number by number (float summation order may differ in the last
/// bits when respondents are permuted).
fn assert_json_close(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(approx(x, y, 1e-9), "{path}: {x} vs {y}");
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_json_close(p, q, &format!("{path}[{i}]"));
            }
        }
        (Object(x), Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, v) in x {
                assert_json_close(v, &y[k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

/// Writes a copy of a study with its survey rows in the given order.
fn permuted_copy(src: &str, order: &[usize]) -> tempfile::TempDir {
    let dir = copy_fixture(src);
    let text = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let mut out = String::from(header);
    out.push('\n');
    for &i in order {
        out.push_str(lines[i % lines.len()]);
        out.push('\n');
    }
    std::fs::write(dir.path().join("survey.csv"), out).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn permuting_respondents_changes_nothing(order in Just((0..8usize).collect::<Vec<_>>()).prop_shuffle()) {
        let base = summary_of(&fixture("mini"));
        let dir = permuted_copy("mini", &order);
        let perm = summary_of(dir.path());
        assert_json_close(
            &serde_json::to_value(&base).unwrap(),
            &serde_json::to_value(&perm).unwrap(),
            "",
        );
    }
}

#[test]
fn permuting_the_sample_changes_nothing() {
    let sample = paradox::sample_study_dir();
    let base = summary_of(&sample);
    let dir = tempfile::tempdir().unwrap();
    for f in ["codebook.toml", "events.csv"] {
        std::fs::copy(sample.join(f), dir.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(sample.join("survey.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    lines.rotate_left(777);
    std::fs::write(
        dir.path().join("survey.csv"),
        format!("{header}\n{}\n", lines.join("\n")),
    )
    .unwrap();
    let perm = summary_of(dir.path());
    assert_json_close(
        &serde_json::to_value(&base).unwrap(),
        &serde_json::to_value(&perm).unwrap(),
        "",
    );
}

/// A cohort-column study over the mini data, with the cohort order given.
fn cohort_column_study(order: &[&str]) -> tempfile::TempDir {
    let dir = copy_fixture("mini");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let survey = survey
        .replace(";1950;", ";old;")
        .replace(";1960;", ";old;")
        .replace(";1970;", ";mid;")
        .replace(";1985;", ";mid;")
        .replace(";1990;", ";young;")
        .replace(";2000;", ";young;")
        .replace(";2001;", ";young;")
        .replace(";1999;", ";young;");
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    let list: Vec<String> = order.iter().map(|o| format!("\"{o}\"")).collect();
    let cb = std::fs::read_to_string(dir.path().join("codebook.toml")).unwrap().replace(
        "[labels.agree5]",
        &format!(
            "[cohorts]\nscheme = \"column\"\ncolumn = \"birth_year\"\norder = [{}]\n\n[labels.agree5]",
            list.join(", ")
        ),
    )
    .replace("birth_year = \"birth_year\"\n", "");
    std::fs::write(dir.path().join("codebook.toml"), cb).unwrap();
    dir
}

#[test]
fn relabelling_cohorts_permutes_by_cohort() {
    let a = summary_of(cohort_column_study(&["young", "mid", "old"]).path());
    let b = summary_of(cohort_column_study(&["old", "young", "mid"]).path());
    let names = |s: &Summary| s.cohorts.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), vec!["young", "mid", "old"]);
    assert_eq!(names(&b), vec!["old", "young", "mid"]);
    let ga = a.gap.by_cohort.as_ref().unwrap();
    let gb = b.gap.by_cohort.as_ref().unwrap();
    for block in ga {
        let other = gb.iter().find(|x| x.cohort == block.cohort).unwrap();
        assert_eq!(block, other);
    }
    assert_eq!(a.gap.overall, b.gap.overall);
    // The tests do not depend on the order of the groups.
    let (ka, kb) = (
        a.gap.kruskal_concern.unwrap(),
        b.gap.kruskal_concern.unwrap(),
    );
    assert!(approx(ka.h.unwrap(), kb.h.unwrap(), 1e-12));
    assert_eq!(a.gap.chi2_paradoxical, b.gap.chi2_paradoxical);
}

fn json_of(s: &Summary) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn one_cohort_and_tiny_n_give_nulls_with_notes() {
    let dir = copy_fixture("mini");
    let survey = "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\n\
R1;1990;1;DE;5;4;1;2;0;3\nR2;1991;1;DE;4;4;2;4;1;3\nR3;1992;1;DE;3;3;3;3;0;3\n";
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    let s = summary_of(dir.path());
    assert_eq!(s.cohorts.len(), 1);
    assert!(s.gap.kruskal_concern.is_none());
    assert!(
        s.notes.iter().any(|n| n.starts_with("gap.kruskal_concern")),
        "{:?}",
        s.notes
    );
    assert!(s.gap.chi2_paradoxical.is_none());
    let g = s.gap.overall.as_ref().unwrap();
    assert_eq!(g.spearman_rho, None, "n < 4");
    assert!(s
        .notes
        .iter()
        .any(|n| n.starts_with("gap.overall.spearman_rho")));
    // All tactic answers at one level: χ² undefined (one column), shares defined.
    let t = &s.tactics[0];
    assert!(t.chi2.is_none());
    assert_eq!(t.overall.acceptable, Some(0.0));
    let j = json_of(&s);
    assert!(!j.contains("NaN") && !j.contains("inf"), "{j}");
}

#[test]
fn zero_variance_scale_gives_null_alpha() {
    let dir = copy_fixture("mini");
    let survey = "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\n\
R1;1950;1;DE;4;4;2;2;0;1\nR2;1970;1;DE;4;4;2;4;1;2\nR3;1990;1;DE;4;4;2;3;0;3\nR4;2000;1;DE;4;4;2;1;0;5\n";
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    let s = summary_of(dir.path());
    assert_eq!(s.scales[0].alpha, None);
    assert_eq!(s.scales[0].sd, Some(0.0));
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("scales[concern].alpha")),
        "{:?}",
        s.notes
    );
    // Every concern score is 4 > 3: nobody unconcerned ⇒ RD undefined, with a note.
    let g = s.gap.overall.as_ref().unwrap();
    assert_eq!(g.disclosure_rd, None);
    assert!(s.notes.iter().any(|n| n.contains("disclosure_rd")));
}

#[test]
fn study_without_behavior_or_tactics() {
    let dir = copy_fixture("mini");
    std::fs::remove_file(dir.path().join("behavior.csv")).unwrap();
    let cb = std::fs::read_to_string(dir.path().join("codebook.toml")).unwrap();
    let cb = cb
        .replace("behavior = \"shared_loc\"\n", "")
        .replace("behavior = \"shared_con\"\n", "");
    let cut = cb.find("[[tactic]]").unwrap();
    let rest = &cb[cut..];
    let after = rest.find("[paradox]").unwrap();
    let cb = format!("{}{}", &cb[..cut], &rest[after..]);
    std::fs::write(dir.path().join("codebook.toml"), cb).unwrap();
    let s = summary_of(dir.path());
    assert!(
        s.gap.overall.is_none() && s.gap.by_cohort.is_none() && s.gap.chi2_paradoxical.is_none()
    );
    assert!(s.gap.kruskal_concern.is_some(), "needs only concern");
    assert!(s.tactics.is_empty());
    assert_eq!(s.study.behavior_match_rate, None);
    assert!(s.data_types.iter().all(|d| d.n_pairs.is_none()));
    assert!(s.notes.iter().any(|n| n.starts_with("gap.overall")));
}

#[test]
fn summary_json_round_trips_and_matches_the_hand_checked_fixture() {
    let out = tempfile::tempdir().unwrap();
    let r = run(&[
        "report",
        fixture("mini").to_str().unwrap(),
        "--format",
        "json",
        "--min-cell",
        "0",
        "--no-weights",
        "--out",
        out.path().join("m").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(out.path().join("m/summary.json")).unwrap();
    let s: Summary = serde_json::from_str(&text).expect("parses back into the schema");
    // Hand-checked in tests/import.rs: 7 in the gap block, table [[5,0],[1,1]].
    let g = s.gap.overall.unwrap();
    assert_eq!(g.n, Some(7));
    assert_eq!(g.concern_table, [[Some(5), Some(0)], [Some(1), Some(1)]]);
    assert_eq!(s.data_types[0].n_pairs, Some(6));
    assert_eq!(s.study.rejected_rows, Some(0));
}
