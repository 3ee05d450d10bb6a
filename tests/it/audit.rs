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
    // Under-suppress a published table by hand: the first tactic published in the three
    // bands 1–2 · 3 · 4–5 is re-published with ratings 4 and 5 apart, each count from 1 to 9
    // nulled by the threshold rule alone (no complementary suppression). A row with one
    // such null gives it away: its n minus the other cells.
    let t = s["tactics"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["collapsed"]["levels"] == serde_json::json!([[1, 2], [3], [4, 5]]))
        .expect("a tactic in three bands");
    let full = |row: &serde_json::Value| -> Vec<u64> {
        row["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect()
    };
    let open_t = &open["tactics"][t];
    let overall = full(&open_t["overall"]);
    let cohort_rows: Vec<(String, Vec<u64>)> = open_t["by_cohort"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["cohort"].as_str().unwrap().to_string(), full(r)))
        .collect();
    // The counts behind a published row (a merged row: its members', the respondents of
    // unknown cohort being the overall row minus the cohorts').
    let counts_of = |name: &str| -> Vec<u64> {
        let mut sum = vec![0u64; 5];
        for member in name.split(" + ") {
            let row: Vec<u64> = if member == "cohort unknown" {
                (0..5)
                    .map(|k| overall[k] - cohort_rows.iter().map(|(_, r)| r[k]).sum::<u64>())
                    .collect()
            } else {
                cohort_rows
                    .iter()
                    .find(|(n, _)| n == member)
                    .unwrap()
                    .1
                    .clone()
            };
            for k in 0..5 {
                sum[k] += row[k];
            }
        }
        sum
    };
    let republish = |v: &[u64]| -> serde_json::Value {
        let cell = |x: u64| {
            if (1..10).contains(&x) {
                serde_json::Value::Null
            } else {
                serde_json::json!(x)
            }
        };
        serde_json::json!([cell(v[0] + v[1]), cell(v[2]), cell(v[3]), cell(v[4])])
    };
    s["tactics"][t]["collapsed"]["levels"] = serde_json::json!([[1, 2], [3], [4], [5]]);
    s["tactics"][t]["overall"]["levels"] = republish(&overall);
    let rows = s["tactics"][t]["by_cohort"].as_array().unwrap().len();
    for r in 0..rows {
        let name = s["tactics"][t]["by_cohort"][r]["cohort"]
            .as_str()
            .unwrap()
            .to_string();
        s["tactics"][t]["by_cohort"][r]["levels"] = republish(&counts_of(&name));
    }
    // The tactic's rows per group level are linked to its overall row: the same bands.
    for (g, group) in open["by_group"].as_array().unwrap().iter().enumerate() {
        let levels = s["by_group"][g]["levels"].as_array().unwrap().len();
        for l in 0..levels {
            let name = s["by_group"][g]["levels"][l]["level"]
                .as_str()
                .unwrap()
                .to_string();
            let mut sum = vec![0u64; 5];
            for member in name.split(" + ") {
                let row = group["levels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["level"] == member)
                    .unwrap();
                for (k, v) in full(&row["tactics"][t]).into_iter().enumerate() {
                    sum[k] += v;
                }
            }
            s["by_group"][g]["levels"][l]["tactics"][t]["levels"] = republish(&sum);
        }
    }
    let r = (0..rows)
        .find(|&r| s["tactics"][t]["by_cohort"][r]["cohort"] == "Silent")
        .expect("Silent has its own row");
    let silent = counts_of("Silent");
    let k = (3..5)
        .find(|&k| (1..10).contains(&silent[k]))
        .expect("a small Silent count among ratings 4 and 5");
    let value = silent[k];
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

/// A written summary is input: one whose shapes paradox never writes (a tactic scale
/// spanning the whole integer range) is exit 2 naming the file and field, not a crash or an
/// unbounded allocation.
#[test]
fn an_impossible_summary_is_exit_two_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let study = sample();
    let published = report_as(&study, dir.path(), "published", "json", &[]);
    let mut s = summary(&published);
    s["tactics"][0]["min"] = serde_json::json!(i32::MIN);
    std::fs::write(
        published.join("summary.json"),
        serde_json::to_string(&s).unwrap(),
    )
    .unwrap();
    audit(&published, &[])
        .assert_exit(2)
        .stderr_contains("summary.json: tactics[")
        .stderr_contains("not a scale paradox writes");
}
