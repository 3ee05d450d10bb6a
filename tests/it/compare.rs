//! `paradox compare`: the random-effects pooling against independent references, and the
//! command on the bundled sample plus synthetic studies — compare.json, charts, report,
//! byte-identical reruns, a tactics-only study, a single study, a study left out by its own
//! disclosure control, and the output gate.
//!
//! References: R metafor's documented results for its BCG vaccine example (`dat.bcg`,
//! Colditz et al. 1994; `rma(yi, vi, data = dat)` with `measure = "RR"`), and
//! `tests/reference/meta_reference.py` (statsmodels `combine_effects` for DerSimonian–Laird, a
//! REML solved with scipy's `brentq` on the likelihood's score). The Python tests are
//! ignored by plain `cargo test` and fail when python3 with statsmodels is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use paradox::analysis::stats::meta::{pool, Pooled, Tau2Method};
use serde_json::Value;

use crate::util::tools::require_python_reference;
use crate::util::{run, sha, TestCommand};

/// dat.bcg (metafor; Colditz et al. 1994): tpos, tneg, cpos, cneg of the 13 trials.
const BCG: [[f64; 4]; 13] = [
    [4.0, 119.0, 11.0, 128.0],
    [6.0, 300.0, 29.0, 274.0],
    [3.0, 228.0, 11.0, 209.0],
    [62.0, 13536.0, 248.0, 12619.0],
    [33.0, 5036.0, 47.0, 5761.0],
    [180.0, 1361.0, 372.0, 1079.0],
    [8.0, 2537.0, 10.0, 619.0],
    [505.0, 87886.0, 499.0, 87892.0],
    [29.0, 7470.0, 45.0, 7232.0],
    [17.0, 1699.0, 65.0, 1600.0],
    [186.0, 50448.0, 141.0, 27197.0],
    [5.0, 2493.0, 3.0, 2338.0],
    [27.0, 16886.0, 29.0, 17825.0],
];

/// Log risk ratios and their variances (metafor's `escalc(measure = "RR")`).
fn bcg() -> (Vec<f64>, Vec<f64>) {
    BCG.iter()
        .map(|[a, b, c, d]| {
            let (n1, n2) = (a + b, c + d);
            (
                ((a / n1) / (c / n2)).ln(),
                1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2,
            )
        })
        .unzip()
}

fn rel(a: f64, b: f64) -> f64 {
    if a == b {
        0.0
    } else {
        (a - b).abs() / b.abs()
    }
}

#[track_caller]
fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        rel(got, want) <= tol,
        "{what}: {got} vs {want} (relative difference {:e})",
        rel(got, want)
    );
}

#[test]
fn bcg_matches_metafor_documented_results() {
    // metafor's documentation of rma() on dat.bcg, log risk ratios:
    // REML: tau^2 = 0.3132, I^2 = 92.22%, estimate -0.7145, se 0.1798, Q(df = 12) = 152.2330;
    // DL: tau^2 = 0.3088. Printed to 4 decimals: equal within half a unit of the last digit.
    let (y, v) = bcg();
    let r = pool(&y, &v, Tau2Method::Reml).unwrap();
    let d = pool(&y, &v, Tau2Method::DerSimonianLaird).unwrap();
    let within = |got: f64, printed: f64, half: f64| (got - printed).abs() <= half;
    assert!(within(r.tau2, 0.3132, 5e-5), "{}", r.tau2);
    assert!(within(r.i2, 0.9222, 5e-5), "{}", r.i2);
    assert!(within(r.estimate, -0.7145, 5e-5), "{}", r.estimate);
    assert!(within(r.se, 0.1798, 5e-5), "{}", r.se);
    assert!(within(r.q, 152.2330, 5e-5), "{}", r.q);
    assert_eq!(r.q_df, 12);
    assert!(within(d.tau2, 0.3088, 5e-5), "{}", d.tau2);
}

/// The BCG poolings to full precision, pasted from
/// `python3 tests/reference/meta_reference.py bcg` (numpy 1.26, scipy 1.17.1, statsmodels
/// 0.15.0; DL by statsmodels' combine_effects, REML by brentq on the REML score).
const BCG_REML: [(&str, f64); 11] = [
    ("mu", -0.7145323421581391),
    ("se", 0.17978151610520574),
    ("ci_lo", -1.06689763881035),
    ("ci_hi", -0.36216704550592815),
    ("tau2", 0.31324325813648085),
    ("i2", 0.9222138452126896),
    ("q", 152.2330080823734),
    ("q_p", 1.9967645908458624e-26),
    ("pi_lo", -2.008375906922577),
    ("pi_hi", 0.5793112226062989),
    ("k", 13.0),
];
const BCG_DL: [(&str, f64); 11] = [
    ("mu", -0.7141172220732269),
    ("se", 0.17874208953540316),
    ("ci_lo", -1.0644452800840507),
    ("ci_hi", -0.363789164062403),
    ("tau2", 0.30876026286237634),
    ("i2", 0.9211734685456207),
    ("q", 152.2330080823734),
    ("q_p", 1.9967645908458624e-26),
    ("pi_lo", -1.9988384957521186),
    ("pi_hi", 0.5706040516056646),
    ("k", 13.0),
];

fn fields(p: &Pooled) -> Vec<(&'static str, f64)> {
    let pi = p.pi.unwrap();
    vec![
        ("mu", p.estimate),
        ("se", p.se),
        ("ci_lo", p.ci[0]),
        ("ci_hi", p.ci[1]),
        ("tau2", p.tau2),
        ("i2", p.i2),
        ("q", p.q),
        ("q_p", p.q_p),
        ("pi_lo", pi[0]),
        ("pi_hi", pi[1]),
        ("k", p.k as f64),
    ]
}

#[test]
fn bcg_matches_the_pasted_python_reference_to_1e_6() {
    let (y, v) = bcg();
    for (method, want) in [
        (Tau2Method::Reml, BCG_REML),
        (Tau2Method::DerSimonianLaird, BCG_DL),
    ] {
        let got = fields(&pool(&y, &v, method).unwrap());
        for ((name, g), (_, w)) in got.into_iter().zip(want) {
            close(&format!("{method:?} {name}"), g, w, 1e-6);
        }
    }
}

/// Four made-up studies' published ρ and n, heterogeneous enough for τ² > 0 under both
/// estimators.
const FOUR: [(f64, u64); 4] = [(-0.25, 120), (-0.05, 300), (-0.15, 80), (0.02, 500)];

/// Their poolings on the Fisher-z scale, pasted from (in `tests/reference/`)
/// `python3 -c "import math, meta_reference as m; rows = [(-0.25, 120), (-0.05, 300),
/// (-0.15, 80), (0.02, 500)]; y = [math.atanh(r) for r, n in rows];
/// v = [(1 + r*r/2)/(n - 3) for r, n in rows]; print(m.pooled_pair(y, v))"`
/// (statsmodels 0.15.0 combine_effects for DL, scipy 1.17.1 brentq for REML):
/// (mu, se, tau2, i2, q, q_p, pi_lo, pi_hi).
const FOUR_REML: [f64; 8] = [
    -0.08572940959228838,
    0.06055450152064755,
    0.009012107472734919,
    0.6519304913336011,
    7.986623846915912,
    0.046288960851195576,
    -0.5702118350310396,
    0.3987530158464628,
];
const FOUR_DL: [f64; 8] = [
    -0.0839892342239699,
    0.058255940493777456,
    0.007997907986983075,
    0.6243719427003603,
    7.986623846915912,
    0.046288960851195576,
    -0.5432188117421597,
    0.37524034329421996,
];

#[test]
fn four_published_correlations_match_the_pasted_python_reference() {
    use paradox::analysis::meta::rho_effect;
    use paradox::analysis::summary::GapBlock;
    let (y, v): (Vec<f64>, Vec<f64>) = FOUR
        .iter()
        .map(|&(r, n)| {
            let block = GapBlock {
                n: Some(n),
                spearman_rho: Some(r),
                ..GapBlock::default()
            };
            rho_effect(&block).unwrap()
        })
        .unzip();
    for (method, want) in [
        (Tau2Method::Reml, FOUR_REML),
        (Tau2Method::DerSimonianLaird, FOUR_DL),
    ] {
        let p = pool(&y, &v, method).unwrap();
        let pi = p.pi.unwrap();
        let got = [p.estimate, p.se, p.tau2, p.i2, p.q, p.q_p, pi[0], pi[1]];
        let names = ["mu", "se", "tau2", "i2", "q", "q_p", "pi_lo", "pi_hi"];
        for ((name, g), w) in names.iter().zip(got).zip(want) {
            close(&format!("{method:?} {name}"), g, w, 1e-6);
        }
    }
}

fn python(args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/meta_reference.py");
    let o = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "meta_reference.py failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("the reference prints JSON")
}

#[test]
#[ignore = "needs python3 with statsmodels: run by .ci/run"]
fn bcg_matches_the_live_python_reference() {
    require_python_reference();
    let reference = python(&["bcg"]);
    let (y, v) = bcg();
    for (method, key) in [
        (Tau2Method::Reml, "reml"),
        (Tau2Method::DerSimonianLaird, "dl"),
    ] {
        let r = &reference[key];
        let num = |k: &str, i: Option<usize>| {
            let v = &r[k];
            i.map_or(v, |i| &v[i]).as_f64().unwrap()
        };
        let got = fields(&pool(&y, &v, method).unwrap());
        let want = [
            num("mu", None),
            num("se", None),
            num("ci", Some(0)),
            num("ci", Some(1)),
            num("tau2", None),
            num("i2", None),
            num("q", None),
            num("q_p", None),
            num("pi", Some(0)),
            num("pi", Some(1)),
            num("k", None),
        ];
        for ((name, g), w) in got.into_iter().zip(want) {
            close(&format!("{key} {name}"), g, w, 1e-6);
        }
    }
}

/// A synthetic study of `n` respondents with `seed` in `dir/name`.
fn synth(dir: &Path, name: &str, n: u32, seed: u32) -> PathBuf {
    let out = dir.join(name);
    run(&[
        "synth",
        "--respondents",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        &out.to_string_lossy(),
    ])
    .assert_exit(0);
    out
}

/// Makes the study at `dir` one without behaviour: its codebook names no behaviour column
/// and its behaviour file is gone.
fn drop_behaviour(dir: &Path) {
    let path = dir.join("codebook.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("behavior = ") && !l.starts_with("shared_min = "))
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    std::fs::remove_file(dir.join("behavior.csv")).unwrap();
}

fn compare(studies: &[&Path], out: &Path, extra: &[&str]) -> Value {
    TestCommand::new()
        .arg("compare")
        .args(studies)
        .arg("--out")
        .arg(out)
        .args(extra)
        .run()
        .assert_exit(0);
    let text = std::fs::read_to_string(out.join("compare.json")).expect("compare.json");
    serde_json::from_str(&text).expect("compare.json is JSON")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

/// The studies whose published rating table of `tactic` has no suppressed cell and
/// publishes the intrusive ratings apart from the neutral one (a coarsened table's bands
/// may merge them): those the tactic's pooling must hold.
fn published_tactic(doc: &Value, tactic: &str) -> Vec<String> {
    let intrusive_apart = |t: &Value| {
        let (min, max) = (t["min"].as_f64().unwrap(), t["max"].as_f64().unwrap());
        let mid = (min + max) / 2.0;
        t["collapsed"]["levels"].as_array().is_none_or(|bands| {
            bands.iter().all(|b| {
                let codes: Vec<f64> = b
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_f64().unwrap())
                    .collect();
                codes.iter().all(|&c| c < mid) || codes.iter().all(|&c| c >= mid)
            })
        })
    };
    doc["studies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["tactics"].as_array().unwrap().iter().any(|t| {
                t["name"] == tactic
                    && !t["overall"]["n"].is_null()
                    && t["overall"]["levels"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|c| !c.is_null())
                    && intrusive_apart(t)
            })
        })
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

/// Checks each tactic's pooling against the studies that publish it in full, and that a
/// study left out is named in the notes.
fn check_tactics(doc: &Value) {
    let all_notes = notes(doc);
    for t in doc["pooled"]["tactics"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let want = published_tactic(doc, name);
        if want.len() >= 2 {
            assert_eq!(names(&t["intrusive"]["studies"]), want, "{name}");
            assert_eq!(names(&t["intrusive_dl"]["studies"]), want, "{name}");
        } else {
            assert!(t["intrusive"].is_null(), "{name}");
        }
        for s in doc["studies"].as_array().unwrap() {
            let label = s["name"].as_str().unwrap();
            let has = s["tactics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["name"] == name);
            if has && !want.iter().any(|w| w == label) {
                let note = format!("intrusive-{name}: \"{label}\" left out");
                assert!(all_notes.contains(&note), "{note} missing from {all_notes}");
            }
        }
    }
}

fn notes(doc: &Value) -> String {
    names(&doc["notes"]).join("\n")
}

/// Every file under `dir` with its SHA-256, by relative path.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, sha(&p)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn sample_and_two_synthetic_studies_are_compared_and_pooled() {
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 1500, 11);
    let b = synth(tmp.path(), "wave3", 1200, 12);
    let out = tmp.path().join("cmp");
    let doc = compare(&[&sample(), &a, &b], &out, &[]);

    let studies: Vec<&str> = doc["studies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(studies, ["sample", "wave2", "wave3"]);
    assert_eq!(doc["cohorts_compared"], true);
    for key in ["rho", "rho_dl", "odds_ratio", "odds_ratio_dl"] {
        let p = &doc["pooled"][key];
        assert_eq!(p["k"], 3, "{key}");
        assert_eq!(names(&p["studies"]), ["sample", "wave2", "wave3"]);
        for f in ["estimate", "se", "tau2", "i2", "q", "q_p"] {
            assert!(p[f].is_f64(), "{key}.{f}");
        }
        assert_eq!(p["q_df"], 2);
        assert_eq!(p["ci"].as_array().unwrap().len(), 2);
        assert_eq!(
            p["pi"].as_array().unwrap().len(),
            2,
            "k = 3 has a prediction interval"
        );
        let i2 = p["i2"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&i2), "I² is a fraction");
    }
    let rho = doc["pooled"]["rho"]["estimate"].as_f64().unwrap();
    assert!(
        rho > -1.0 && rho < 0.0,
        "concern lowers disclosure in the synthetic data: {rho}"
    );
    let tactics = doc["pooled"]["tactics"].as_array().unwrap();
    assert!(!tactics.is_empty());
    check_tactics(&doc);
    for t in tactics.iter().filter(|t| !t["intrusive"].is_null()) {
        let p = t["intrusive"]["estimate"].as_f64().unwrap();
        assert!((0.0..1.0).contains(&p));
    }

    for stem in [
        "forest-rho",
        "forest-odds_ratio",
        "gap-by-study",
        "tactics-by-study",
    ] {
        for ext in ["svg", "png"] {
            assert!(
                out.join(format!("charts/{stem}.{ext}")).is_file(),
                "{stem}.{ext}"
            );
        }
    }
    let first = tactics
        .iter()
        .find(|t| !t["intrusive"].is_null())
        .expect("a pooled tactic")["name"]
        .as_str()
        .unwrap();
    let png = std::fs::read(out.join(format!("charts/forest-intrusive-{first}.png"))).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg"), "charts inline");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URL"
    );
    assert!(html.contains("Across 3 studies, concern and disclosure correlate"));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("](charts/forest-rho.svg)"));
    assert!(md.contains("| Paradoxical: "), "cohorts side by side");
    for t in ["pooled.csv", "effect_sizes.csv", "studies.csv"] {
        assert!(out.join("tables").join(t).is_file(), "{t}");
    }
    assert!(out.join("manifest.json").is_file());

    // A rerun gives the same bytes.
    let before = tree(&out);
    compare(&[&sample(), &a, &b], &out, &[]);
    assert_eq!(tree(&out), before);
}

#[test]
#[ignore = "needs python3 with statsmodels: run by .ci/run"]
fn every_pooled_field_matches_the_python_reference() {
    require_python_reference();
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 700, 21);
    let b = synth(tmp.path(), "wave3", 500, 22);
    let c = synth(tmp.path(), "tactics", 400, 23);
    drop_behaviour(&c);
    let out = tmp.path().join("cmp");
    let doc = compare(&[&sample(), &a, &b, &c], &out, &[]);
    let reference = python(&["compare", &out.join("compare.json").to_string_lossy()]);
    let back = |key: &str, x: f64| match key {
        k if k.starts_with("rho") => x.tanh(),
        k if k.starts_with("odds") => x.exp(),
        _ => 1.0 / (1.0 + (-x).exp()),
    };
    let mut checked = 0;
    let mut check = |key: &str, got: &Value, want: &Value| {
        if want.is_null() {
            assert!(got.is_null(), "{key}: the reference pools nothing");
            return;
        }
        let g = |f: &str, i: Option<usize>| {
            let v = &got[f];
            i.map_or(v, |i| &v[i]).as_f64().unwrap()
        };
        let w = |f: &str, i: Option<usize>| {
            let v = &want[f];
            i.map_or(v, |i| &v[i]).as_f64().unwrap()
        };
        assert_eq!(got["studies"], want["studies"], "{key}");
        assert_eq!(got["k"], want["k"], "{key}");
        assert_eq!(got["q_df"], want["q_df"], "{key}");
        close(
            &format!("{key}.estimate"),
            g("estimate", None),
            back(key, w("mu", None)),
            1e-6,
        );
        for i in 0..2 {
            close(
                &format!("{key}.ci"),
                g("ci", Some(i)),
                back(key, w("ci", Some(i))),
                1e-6,
            );
            if !want["pi"].is_null() {
                close(
                    &format!("{key}.pi"),
                    g("pi", Some(i)),
                    back(key, w("pi", Some(i))),
                    1e-6,
                );
            }
        }
        assert_eq!(got["pi"].is_null(), want["pi"].is_null(), "{key}.pi");
        for f in ["se", "q", "q_p"] {
            close(&format!("{key}.{f}"), g(f, None), w(f, None), 1e-6);
        }
        // τ² and I² are 0 exactly when the studies agree; otherwise relative.
        for f in ["tau2", "i2"] {
            let (a, b) = (g(f, None), w(f, None));
            assert!(
                (a - b).abs() <= 1e-6 * b.abs() || (a - b).abs() <= 1e-12,
                "{key}.{f}: {a} vs {b}"
            );
        }
        checked += 1;
    };
    for key in ["rho", "rho_dl", "odds_ratio", "odds_ratio_dl"] {
        check(key, &doc["pooled"][key], &reference[key]);
    }
    for t in doc["pooled"]["tactics"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        check(
            "intrusive",
            &t["intrusive"],
            &reference[format!("intrusive-{name}")],
        );
        check(
            "intrusive_dl",
            &t["intrusive_dl"],
            &reference[format!("intrusive-{name}_dl")],
        );
    }
    assert!(checked >= 6, "only {checked} pooled effects compared");
}

#[test]
fn a_study_without_behaviour_is_listed_and_pooled_for_tactics_only() {
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 1200, 31);
    let c = synth(tmp.path(), "attitudes", 1200, 32);
    drop_behaviour(&c);
    let out = tmp.path().join("cmp");
    let doc = compare(&[&sample(), &a, &c], &out, &[]);
    let listed = &doc["studies"][2];
    assert_eq!(listed["name"], "attitudes");
    assert!(listed["gap"].is_null());
    assert_eq!(names(&doc["pooled"]["rho"]["studies"]), ["sample", "wave2"]);
    assert!(
        doc["pooled"]["rho"].get("pi").is_none(),
        "k = 2: no prediction interval"
    );
    assert_eq!(doc["pooled"]["odds_ratio"]["k"], 2);
    // Each tactic pools the studies that publish its intrusive ratings (publishing may
    // merge them with the neutral one in a small table); the tactics-only study is among
    // them wherever it publishes them.
    check_tactics(&doc);
    assert!(doc["pooled"]["tactics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["intrusive"]["studies"]
            .as_array()
            .is_some_and(|s| s.iter().any(|x| x == "attitudes"))));
    let n = notes(&doc);
    assert!(
        n.contains("\"attitudes\" has no behaviour data") && n.contains("tactics only"),
        "{n}"
    );
}

#[test]
fn a_single_study_gives_null_pooled_effects_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("one");
    let doc = compare(&[&sample()], &out, &["--format", "json"]);
    for key in ["rho", "rho_dl", "odds_ratio", "odds_ratio_dl"] {
        assert!(doc["pooled"][key].is_null(), "{key}");
    }
    assert!(doc["pooled"]["tactics"].as_array().unwrap().is_empty());
    let n = notes(&doc);
    assert!(n.contains("rho: only \"sample\" publishes it"), "{n}");
    assert!(
        !out.join("report.html").exists(),
        "--format json writes JSON only"
    );
}

#[test]
fn a_study_whose_estimate_is_suppressed_is_left_out_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 1500, 41);
    let small = synth(tmp.path(), "pilot", 300, 42);
    let out = tmp.path().join("cmp");
    // At min_cell 1000 the pilot's ρ (n < 1000) is suppressed; the others' are published.
    let doc = compare(
        &[&sample(), &a, &small],
        &out,
        &["--min-cell", "1000", "--format", "json"],
    );
    assert_eq!(names(&doc["pooled"]["rho"]["studies"]), ["sample", "wave2"]);
    let n = notes(&doc);
    assert!(n.contains("rho: \"pilot\" left out"), "{n}");
}

#[test]
fn the_output_gate_refuses_a_study_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 300, 51);
    let inside = a.join("cmp");
    TestCommand::new()
        .arg("compare")
        .arg(sample())
        .arg(&a)
        .arg("--out")
        .arg(&inside)
        .run()
        .assert_exit(2)
        .stderr_contains("input folder");
    assert!(!inside.exists());

    // A report folder is not overwritten by a comparison.
    let report = tmp.path().join("report");
    TestCommand::new()
        .args(["report"])
        .arg(&a)
        .args(["--format", "json", "--out"])
        .arg(&report)
        .run()
        .assert_exit(0);
    let before = tree(&report);
    TestCommand::new()
        .arg("compare")
        .arg(sample())
        .arg(&a)
        .arg("--out")
        .arg(&report)
        .run()
        .assert_exit(2)
        .stderr_contains("other paradox output");
    assert_eq!(tree(&report), before);

    // The same study twice would be pooled twice.
    TestCommand::new()
        .arg("compare")
        .arg(&a)
        .arg(a.join("."))
        .arg("--out")
        .arg(tmp.path().join("twice"))
        .run()
        .assert_exit(2)
        .stderr_contains("the same study is given twice");
}

#[test]
fn a_comparison_cleans_up_after_a_killed_run_and_keeps_foreign_files() {
    // Written with the report's own staging: a staging folder of a process that is gone is
    // removed, one of a live process and another output's are not; a rerun over the
    // previous comparison keeps a researcher's own file in the folder.
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 300, 71);
    let out = tmp.path().join("cmp");
    let dead = tmp.path().join(".cmp.tmp-999999999-abc");
    let live = tmp
        .path()
        .join(format!(".cmp.tmp-{}-xyz", std::process::id()));
    let other = tmp.path().join(".other.tmp-999999999-abc");
    for d in [&dead, &live, &other] {
        std::fs::create_dir(d).unwrap();
    }
    compare(&[&sample(), &a], &out, &["--format", "json"]);
    assert!(!dead.exists() && live.exists() && other.exists());
    std::fs::write(out.join("my-notes.txt"), "mine").unwrap();
    compare(&[&sample(), &a], &out, &["--format", "json"]);
    assert_eq!(
        std::fs::read_to_string(out.join("my-notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn studies_with_other_cohort_schemes_are_compared_overall_only() {
    let tmp = tempfile::tempdir().unwrap();
    let a = synth(tmp.path(), "wave2", 1200, 61);
    let path = a.join("codebook.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("scheme = \"generation\""));
    let text = text.replacen(
        "scheme = \"generation\"",
        "scheme = \"age_bands\"\nedges = [18, 35, 55]",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = tmp.path().join("cmp");
    let doc = compare(&[&sample(), &a], &out, &["--format", "json,md"]);
    assert_eq!(doc["cohorts_compared"], false);
    assert!(notes(&doc).contains("compared overall only"));
    assert_eq!(
        doc["pooled"]["rho"]["k"], 2,
        "overall effects are still pooled"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("they are compared overall only"),
        "the report says so"
    );
    assert!(
        !md.contains("| Paradoxical: "),
        "no cohort rows side by side"
    );
}
