//! `paradox audit REPORT_DIR`: clean on the reports paradox publishes (the bundled sample,
//! synthetic studies of 500, 5,000 and 50,000 respondents, weighted and unweighted), and
//! exit 1 naming table, cell and interval on a report that publishes too much: one written
//! without suppression, and one whose hidden cell a reader can recover by subtraction.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{run, TestCommand};

/// Writes the report of `study` (summary.json, manifest and CSV tables) into `dir/name`.
fn report(study: &Path, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    report_as(study, dir, name, "json,csv", extra)
}

fn report_as(study: &Path, dir: &Path, name: &str, format: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    TestCommand::new()
        .arg("report")
        .arg(study)
        .arg("--out")
        .arg(&out)
        .args(["--format", format])
        .args(extra)
        .run()
        .assert_exit(0);
    out
}

/// A synthetic study of `n` respondents in `dir/study-N` (unweighted when asked: the
/// codebook's weight column is taken out).
fn synth(dir: &Path, n: u64, seed: u64, weighted: bool) -> PathBuf {
    let out = dir.join(format!("study-{n}"));
    let n = n.to_string();
    let seed = seed.to_string();
    run(&[
        "synth",
        "--respondents",
        &n,
        "--seed",
        &seed,
        "--events",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ])
    .assert_exit(0);
    if !weighted {
        let cb = out.join("codebook.toml");
        let text = std::fs::read_to_string(&cb).expect("the codebook");
        let text: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("weight ="))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&cb, text).expect("the codebook is writable");
    }
    out
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

fn audit(report: &Path, extra: &[&str]) -> crate::util::Run {
    TestCommand::new()
        .arg("audit")
        .arg(report)
        .args(extra)
        .run()
}

fn summary(report: &Path) -> Value {
    let text = std::fs::read_to_string(report.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_sample_report_passes_its_audit() {
    let dir = tempfile::tempdir().unwrap();
    let r = report(&sample(), dir.path(), "sample", &[]);
    let s = summary(&r);
    assert_eq!(
        s["study"]["weighted"], true,
        "the sample is a weighted study"
    );
    let a = &s["disclosure_control"]["audit"];
    assert!(a["tables"].as_u64().unwrap() > 0 && a["hidden_cells"].as_u64().unwrap() > 0);
    let run = audit(&r, &[]);
    run.assert_exit(0)
        .stdout_contains("no violation at min_cell 10");
    // The narrowest interval, if any, is at least min_cell wide or holds no small count.
    if let Some(n) = a["narrowest"].as_object() {
        let (lo, hi) = (n["lo"].as_f64().unwrap(), n["hi"].as_f64().unwrap());
        assert!(hi - lo >= 10.0 || lo >= 10.0, "{n:?}");
    }
}

#[test]
fn synthetic_reports_of_every_size_pass_their_audit() {
    let dir = tempfile::tempdir().unwrap();
    for (n, weighted) in [(500, true), (5_000, false), (50_000, true)] {
        let study = synth(dir.path(), n, 20 + n, weighted);
        let r = report(&study, dir.path(), &format!("report-{n}"), &[]);
        assert_eq!(summary(&r)["study"]["weighted"], weighted);
        audit(&r, &[])
            .assert_exit(0)
            .stdout_contains("no violation");
    }
}

#[test]
fn an_unsuppressed_report_fails_an_audit_at_ten() {
    let dir = tempfile::tempdir().unwrap();
    let study = synth(dir.path(), 500, 5, true);
    let r = report(&study, dir.path(), "open", &["--min-cell", "0"]);
    // At its own setting (suppression off) nothing is a violation.
    audit(&r, &[]).assert_exit(0);
    let run = audit(&r, &["--min-cell", "10"]);
    run.assert_exit(1)
        .stdout_contains("is below min_cell 10")
        .stdout_contains("violation(s) at min_cell 10");
    // The CSV tables are checked too.
    run.stdout_contains("tables/tactics.csv: line ");
}

#[test]
fn a_cell_recoverable_by_subtraction_is_named_with_its_interval() {
    let dir = tempfile::tempdir().unwrap();
    let study = sample();
    let open = summary(&report_as(
        &study,
        dir.path(),
        "open",
        "json",
        &["--min-cell", "0"],
    ));
    let published = report_as(&study, dir.path(), "published", "json", &[]);
    let mut s = summary(&published);
    // A cohort row of a tactic with a hidden small count whose other hidden cells hold 0 or
    // at least 10: publish those, and the small count is the row's n minus the rest.
    let mut found = None;
    'search: for (t, tactic) in s["tactics"].as_array().unwrap().iter().enumerate() {
        for (r, row) in tactic["by_cohort"].as_array().unwrap().iter().enumerate() {
            let truth = &open["tactics"][t]["by_cohort"][r]["levels"];
            let hidden: Vec<usize> = (0..5).filter(|&k| row["levels"][k].is_null()).collect();
            let small: Vec<usize> = hidden
                .iter()
                .copied()
                .filter(|&k| (1..10).contains(&truth[k].as_u64().unwrap()))
                .collect();
            let others_safe = hidden
                .iter()
                .all(|&k| small.contains(&k) || !(1..10).contains(&truth[k].as_u64().unwrap()));
            if row["n"].is_u64() && small.len() == 1 && others_safe {
                found = Some((t, r, small[0], hidden));
                break 'search;
            }
        }
    }
    let (t, r, k, hidden) = found.expect("a tactic row with one small hidden count");
    let value = open["tactics"][t]["by_cohort"][r]["levels"][k]
        .as_u64()
        .unwrap();
    for h in hidden.into_iter().filter(|&h| h != k) {
        s["tactics"][t]["by_cohort"][r]["levels"][h] =
            open["tactics"][t]["by_cohort"][r]["levels"][h].clone();
    }
    std::fs::write(
        published.join("summary.json"),
        serde_json::to_string_pretty(&s).unwrap(),
    )
    .unwrap();
    let name = s["tactics"][t]["name"].as_str().unwrap();
    let cohort = s["tactics"][t]["by_cohort"][r]["cohort"].as_str().unwrap();
    let line = format!(
        "tactics[{name}]: {cohort}, level {}: hidden, but the published numbers narrow it to [{value}, {value}]",
        k + 1
    );
    let run = audit(&published, &[]);
    run.assert_exit(1).stdout_contains(&line);
    assert!(!run.stdout.contains("is below min_cell"), "{}", run.stdout);
}

#[test]
fn a_missing_report_is_exit_two_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-report");
    audit(&missing, &[])
        .assert_exit(2)
        .stderr_contains("summary.json");
    std::fs::create_dir(&missing).unwrap();
    std::fs::write(missing.join("summary.json"), "{ not json").unwrap();
    audit(&missing, &[])
        .assert_exit(2)
        .stderr_contains("summary.json: not valid JSON");
}

#[test]
fn a_noisy_report_is_checked_by_the_threshold_rule_only() {
    let dir = tempfile::tempdir().unwrap();
    let r = report_as(
        &sample(),
        dir.path(),
        "dp",
        "json",
        &["--dp-epsilon", "1", "--dp-seed", "3"],
    );
    assert!(summary(&r)["disclosure_control"].get("audit").is_none());
    audit(&r, &[])
        .assert_exit(0)
        .stdout_contains("the noisy tables have no linear-programming audit");
}
