//! Compares the tool's `summary.json` with an independent Python reference
//! (`tests/reference/paradox_reference.py`, written from SPEC §1–§4 only, using pandas,
//! scipy and statsmodels) on several studies that exercise different import paths:
//! event log vs. wide behaviour, weights, text labels, `;`/BOM/CRLF, Qualtrics header rows,
//! age bands, a cohort column, a study without behaviour, and `--no-weights`.
//!
//! Every number in the reference output must match at 1e-6 relative (1e-12 absolute near
//! zero), every `null` must be `null`, every string and boolean equal. Lists of cohorts, data
//! types, tactics and Dunn pairs are matched by name, so an order difference is reported as
//! such rather than as a cascade of numeric mismatches. All mismatches are listed with their
//! JSON path before the test fails.
//!
//! Python with scipy, pandas and statsmodels is needed. Without it the tests are skipped with
//! a message, except under CI (`CI` set), where they fail: CI must run them
//! (`pip install numpy scipy pandas statsmodels`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const REL_TOL: f64 = 1e-6;
const ABS_TOL: f64 = 1e-12;

/// Comparisons that are known to disagree and are reported to the lead; each entry is a
/// (study label, JSON path prefix, reason). Empty when the tool follows the SPEC everywhere.
const KNOWN_DISCREPANCIES: &[(&str, &str, &str)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    root().join("tests/reference/paradox_reference.py")
}

/// True when python3 with the reference's libraries is usable. Under CI a missing
/// interpreter or library is a failure, not a skip.
fn python_available() -> bool {
    let ok = Command::new("python3")
        .args([
            "-c",
            "import numpy, scipy, pandas, statsmodels, tomllib",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return true;
    }
    let msg = "python3 (>= 3.11, for tomllib) with numpy, scipy, pandas and statsmodels is \
               needed for the reference comparison: pip install numpy scipy pandas statsmodels";
    if std::env::var_os("CI").is_some() {
        panic!("{msg}");
    }
    eprintln!("SKIPPED reference comparison: {msg}");
    false
}

fn run_tool(study: &Path, out: &Path, extra: &[&str]) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paradox"));
    cmd.current_dir(root()).arg("report").arg(study).args([
        "--format",
        "json",
        "--min-cell",
        "0",
        "--out",
    ]);
    cmd.arg(out).args(extra);
    let o = cmd.output().expect("the paradox binary runs");
    assert!(
        o.status.success(),
        "paradox report {} failed ({:?}):\n{}",
        study.display(),
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json written");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

fn run_reference(study: &Path, extra: &[&str]) -> Value {
    let o = Command::new("python3")
        .arg(script())
        .arg(study)
        .args(extra)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "reference failed on {}:\n{}",
        study.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("reference prints JSON")
}

fn close(a: f64, b: f64) -> bool {
    let d = (a - b).abs();
    d <= ABS_TOL || d <= REL_TOL * a.abs().max(b.abs())
}

/// The key an array element is matched by, if the array is a list of named things.
fn element_key(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    if let (Some(a), Some(b)) = (o.get("a"), o.get("b")) {
        return Some(format!("{}|{}", a.as_str()?, b.as_str()?));
    }
    if let Some(c) = o.get("cohort") {
        return c.as_str().map(str::to_string);
    }
    o.get("name").and_then(Value::as_str).map(str::to_string)
}

/// Walks the reference tree; every value present there must be present and equal in `got`.
fn compare(reference: &Value, got: &Value, path: &str, out: &mut Vec<String>) {
    match (reference, got) {
        (Value::Null, Value::Null) => {}
        (Value::Number(r), Value::Number(g)) => {
            let (r, g) = (r.as_f64().unwrap_or(f64::NAN), g.as_f64().unwrap_or(f64::NAN));
            if !close(r, g) {
                out.push(format!("{path}: reference {r:e}, tool {g:e}"));
            }
        }
        (Value::Bool(r), Value::Bool(g)) if r == g => {}
        (Value::String(r), Value::String(g)) if r == g => {}
        (Value::Object(r), Value::Object(g)) => {
            for (k, rv) in r {
                let p = format!("{path}.{k}");
                match g.get(k) {
                    Some(gv) => compare(rv, gv, &p, out),
                    None => out.push(format!("{p}: missing in the tool's output")),
                }
            }
        }
        (Value::Array(r), Value::Array(g)) => {
            let keyed = !r.is_empty() && r.iter().all(|v| element_key(v).is_some());
            if keyed {
                let rk: Vec<String> = r.iter().filter_map(element_key).collect();
                let gk: Vec<String> = g.iter().filter_map(element_key).collect();
                if rk != gk {
                    out.push(format!("{path}: entries {rk:?} in the reference, {gk:?} in the tool"));
                }
                for (rv, key) in r.iter().zip(&rk) {
                    let p = format!("{path}[{key}]");
                    match g.iter().find(|gv| element_key(gv).as_deref() == Some(key.as_str())) {
                        Some(gv) => compare(rv, gv, &p, out),
                        None => out.push(format!("{p}: missing in the tool's output")),
                    }
                }
            } else {
                if r.len() != g.len() {
                    out.push(format!(
                        "{path}: length {} in the reference, {} in the tool",
                        r.len(),
                        g.len()
                    ));
                }
                for (i, (rv, gv)) in r.iter().zip(g).enumerate() {
                    compare(rv, gv, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => out.push(format!("{path}: reference {reference}, tool {got}")),
    }
}

/// Runs both sides on `study` and fails listing every mismatch.
fn check(label: &str, study: &Path, extra: &[&str]) {
    if !python_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let got = run_tool(study, &tmp.path().join("out"), extra);
    let reference = run_reference(study, extra);
    let mut mismatches = Vec::new();
    compare(&reference, &got, "$", &mut mismatches);
    let (known, real): (Vec<String>, Vec<String>) = mismatches.into_iter().partition(|m| {
        KNOWN_DISCREPANCIES
            .iter()
            .any(|(s, prefix, _)| *s == label && m.starts_with(prefix))
    });
    for m in &known {
        eprintln!("[{label}] known discrepancy (reported to the lead): {m}");
    }
    assert!(
        real.is_empty(),
        "[{label}] {} mismatch(es) between summary.json and the Python reference:\n  {}",
        real.len(),
        real.join("\n  ")
    );
}

// ------------------------------------------------------------------ studies built in tests

/// Copies every file of a study folder into `dest`.
fn copy_study(from: &Path, dest: &Path) {
    std::fs::create_dir_all(dest).expect("create study folder");
    for e in std::fs::read_dir(from).expect("study folder").flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), dest.join(e.file_name())).expect("copy study file");
        }
    }
}

fn mini() -> PathBuf {
    root().join("tests/fixtures/mini")
}

/// The mini fixture without behaviour: behavior.csv removed, `behavior =` lines dropped.
fn mini_without_behaviour(dest: &Path) {
    copy_study(&mini(), dest);
    std::fs::remove_file(dest.join("behavior.csv")).expect("remove behavior.csv");
    let cb = std::fs::read_to_string(dest.join("codebook.toml")).expect("codebook");
    let kept: Vec<&str> = cb
        .lines()
        .filter(|l| !l.trim_start().starts_with("behavior ="))
        .collect();
    std::fs::write(dest.join("codebook.toml"), kept.join("\n") + "\n").expect("write codebook");
}

/// The mini fixture with a cohort column (`scheme = "column"`): an extra `age_group`
/// column whose values differ from the codebook's `order` in case and spacing, plus a value
/// outside the order and a blank (both cohort unknown). The survey keeps its BOM, `;` and
/// CRLF.
fn mini_with_cohort_column(dest: &Path) {
    copy_study(&mini(), dest);
    let survey = std::fs::read_to_string(dest.join("survey.csv")).expect("survey");
    let groups = [
        "age_group",
        "65+ YEARS",
        "45 - 64 years",
        " 45 - 64 years ",
        "18 - 44 years",
        "18 - 44 YEARS",
        "Prefer not to say",
        "18 - 44 years",
        "",
    ];
    let lines: Vec<String> = survey
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| format!("{l};{}", groups.get(i).copied().unwrap_or("")))
        .collect();
    assert_eq!(lines.len(), groups.len(), "mini survey has 8 rows");
    std::fs::write(dest.join("survey.csv"), lines.join("\r\n") + "\r\n").expect("write survey");
    let mut cb = std::fs::read_to_string(dest.join("codebook.toml")).expect("codebook");
    cb.push_str(
        "\n[cohorts]\nscheme = \"column\"\ncolumn = \"age_group\"\n\
         order = [\"18 - 44 years\", \"45 - 64 years\", \"65+ years\", \"85+ years\"]\n",
    );
    std::fs::write(dest.join("codebook.toml"), cb).expect("write codebook");
}

// ------------------------------------------------------------------ the comparisons

#[test]
fn sample_matches_reference() {
    check("sample", &root().join("datasets/sample"), &[]);
}

#[test]
fn sample_without_weights_matches_reference() {
    check("sample --no-weights", &root().join("datasets/sample"), &["--no-weights"]);
}

#[test]
fn mini_fixture_matches_reference() {
    check("mini", &mini(), &[]);
}

#[test]
fn qualtrics_fixture_matches_reference() {
    check("qualtrics", &root().join("tests/fixtures/qualtrics"), &[]);
}

#[test]
fn wide_synthetic_study_matches_reference() {
    if !python_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let wide = tmp.path().join("wide");
    let o = Command::new(env!("CARGO_BIN_EXE_paradox"))
        .current_dir(root())
        .args(["synth", "--respondents", "3000", "--seed", "11", "--out"])
        .arg(&wide)
        .output()
        .expect("paradox synth runs");
    assert!(
        o.status.success(),
        "paradox synth failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    check("synth wide", &wide, &[]);
}

#[test]
fn study_without_behaviour_matches_reference() {
    if !python_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = tmp.path().join("nobehaviour");
    mini_without_behaviour(&study);
    check("no behaviour", &study, &[]);
    // The SPEC §4 shape, asserted directly so it cannot pass by both sides omitting it.
    let got = run_tool(&study, &tmp.path().join("out2"), &[]);
    let gap = &got["gap"];
    assert!(gap["overall"].is_null(), "gap.overall must be null: {gap}");
    assert!(gap["by_cohort"].is_null(), "gap.by_cohort must be null: {gap}");
    assert!(gap["chi2_paradoxical"].is_null(), "chi2_paradoxical must be null: {gap}");
    assert!(gap["kruskal_concern"].is_object(), "kruskal_concern must be given: {gap}");
}

#[test]
fn cohort_column_study_matches_reference() {
    if !python_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = tmp.path().join("cohortcolumn");
    mini_with_cohort_column(&study);
    check("cohort column", &study, &[]);
}

#[test]
fn comparison_detects_differences() {
    // The walker itself must be able to fail: a changed number, a null vs. a number, a
    // missing key and a reordered named list are all reported.
    let reference: Value = serde_json::json!({
        "a": 1.0, "b": null, "c": {"d": 2.0},
        "list": [{"name": "x", "v": 1.0}, {"name": "y", "v": 2.0}]
    });
    let got: Value = serde_json::json!({
        "a": 1.000_01, "b": 0.5,
        "list": [{"name": "y", "v": 2.0}, {"name": "x", "v": 1.0}]
    });
    let mut out = Vec::new();
    compare(&reference, &got, "$", &mut out);
    assert_eq!(out.len(), 4, "{out:#?}");
    let mut same = Vec::new();
    let nearly = serde_json::json!({"a": 1.0 + 1e-9, "b": null, "c": {"d": 2.0},
        "list": [{"name": "x", "v": 1.0}, {"name": "y", "v": 2.0 + 1e-14}]});
    compare(&reference, &nearly, "$", &mut same);
    assert!(same.is_empty(), "{same:#?}");
}
