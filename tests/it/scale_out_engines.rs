//! `paradox scale-out` run for real: DuckDB (its Python package) and Spark (pyspark with a
//! Java runtime) aggregate a messy synthetic event log — case and spaces, tabs, unknown
//! data types, missing ids, types and actions, ids not in the survey, an id written in NFD
//! whose survey id is NFC, ids with invisible characters or Unicode spaces around them, a
//! row of the wrong width, a respondent whose events are all rejected and one whose events
//! are all of unknown types — and a 20,000-respondent synthetic study. The engine's table,
//! read with `--behavior`, must give paradox's own aggregation of the log respondent by
//! respondent (known, shared, has behaviour data) and the same summary.json.
//!
//! The tests are ignored by plain `cargo test` and run by `.ci/run`, which installs both
//! engines; a missing engine fails them.

use std::path::{Path, PathBuf};
use std::process::Command;

use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;

use crate::util::parquet::csv_to_parquet;
use crate::util::run;
use crate::util::tools::require_duckdb;

/// pyspark and a Java runtime, which Spark needs.
#[track_caller]
fn require_spark() {
    let ok = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(
        ok("python3", &["-c", "import pyspark"]),
        "this test needs pyspark, which is missing here\ninstall it: python3 -m pip install pyspark"
    );
    assert!(
        ok("java", &["-version"]),
        "this test needs a Java runtime (17 or later) for Spark, which is missing here\ninstall it: apt-get install default-jre-headless"
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A synthetic study with an event log in `dir`.
fn synth(dir: &Path, respondents: &str, careless: bool) {
    let mut args = vec![
        "synth",
        "--respondents",
        respondents,
        "--events",
        "--seed",
        "5",
        "--out",
        s(dir),
    ];
    if careless {
        args.extend(["--careless", "0.05"]);
    }
    run(&args).assert_exit(0);
}

/// The survey id of respondent 10 after [`messy_study`]: NFC in the survey.
const NFC_ID: &str = "Jos\u{e9}10";

/// A synthetic study of 1,500 respondents (careless ones planted) made messy by hand.
fn messy_study(dir: &Path) {
    synth(dir, "1500", true);
    let survey = std::fs::read_to_string(dir.join("survey.csv")).expect("survey");
    std::fs::write(
        dir.join("survey.csv"),
        survey.replacen("\nR000010,", &format!("\n{NFC_ID},"), 1),
    )
    .expect("write");
    let log = std::fs::read_to_string(dir.join("events.csv")).expect("events");
    assert!(log.starts_with("respondent_id,timestamp,data_type,action\n"));
    let mut out = String::new();
    let mut r10 = 0;
    for line in log.lines() {
        // R000020's and R000030's own events are removed (replaced below).
        if line.starts_with("R000020,") || line.starts_with("R000030,") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("R000010,") {
            // Respondent 10's events: alternately NFC and NFD ("e" + combining acute).
            r10 += 1;
            let id = if r10 % 2 == 0 {
                NFC_ID
            } else {
                "Jose\u{301}10"
            };
            out.push_str(&format!("{id},{rest}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    assert!(r10 > 1, "respondent 10 has events");
    for row in [
        "R000001,t, LOCATION ,  Grant ",
        "R000002,t,\tcontacts\t,SHARE",
        "R000003,t,camera,grant",
        "R000005,t,location,",
        "R000005,t,location,   ",
        ",t,location,grant",
        "   ,t,contacts,grant",
        "R000006,t,,grant",
        "NOBODY,t,location,grant",
        "R0000\u{200B}07,t,location,grant",
        "\u{A0}R000008\u{3000},t,contacts,grant",
        "R00\t0009,t,location,grant",
        "R000011,t,location",
        "R000012,\"2025-01-01, noon\",purchase_history,Share",
        "R000020,t,camera,grant",
        "R000020,t,Camera,prompt",
        "R000030,t,location,",
        "R000030,t,,share",
    ] {
        out.push_str(row);
        out.push('\n');
    }
    std::fs::write(dir.join("events.csv"), out).expect("write");
}

/// `paradox scale-out STUDY --engine ENGINE --out OUT`, then `bash OUT/run.sh` from
/// another folder; the wide table it wrote.
fn scale_out(study: &Path, engine: &str, out: &Path) -> PathBuf {
    run(&["scale-out", s(study), "--engine", engine, "--out", s(out)]).assert_exit(0);
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let o = Command::new("bash")
        .arg(out.join("run.sh"))
        .current_dir(elsewhere.path())
        .output()
        .expect("bash runs");
    assert!(
        o.status.success(),
        "run.sh failed ({}):\n{}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let table = out.join(if engine == "duckdb" {
        "behavior.parquet"
    } else {
        "behavior"
    });
    assert!(table.exists(), "{}", table.display());
    table
}

fn load(study: &Path, behavior: Option<&Path>) -> Study {
    load_study(
        Some(study),
        &LoadOptions {
            behavior: behavior.map(Path::to_path_buf),
            ..Default::default()
        },
    )
    .expect("loads")
}

/// The engine's table and the log give the same respondents the same values.
fn assert_same_respondents(log: &Study, table: &Study) {
    assert_eq!(log.ids, table.ids);
    for r in 0..log.ids.len() {
        let id = log.ids.get(r).unwrap_or("?");
        assert_eq!(
            log.behavior_seen[r], table.behavior_seen[r],
            "has behaviour data, respondent {id}"
        );
        for (d, (a, b)) in log.shared.iter().zip(&table.shared).enumerate() {
            let (a, b) = (a.as_ref().map(|v| v[r]), b.as_ref().map(|v| v[r]));
            assert_eq!(a, b, "respondent {id}, data type {d}");
        }
    }
}

/// summary.json of `paradox report`, without `notes`.
fn summary(study: &Path, extra: &[&str]) -> serde_json::Value {
    let out = tempfile::tempdir().expect("tempdir");
    let o = out.path().join("r");
    let mut args = vec!["report", s(study), "--format", "json", "--out", s(&o)];
    args.extend(extra);
    run(&args).assert_exit(0);
    let text = std::fs::read_to_string(o.join("summary.json")).expect("summary.json");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v.as_object_mut().expect("object").remove("notes");
    v
}

/// What the messiness must give, known by construction (not from either program).
fn assert_messy_by_construction(log: &Study) {
    let index = |id: &str| {
        (0..log.ids.len())
            .find(|&r| log.ids.get(r) == Some(id))
            .unwrap_or_else(|| panic!("{id} analysed"))
    };
    let shared = |d: usize, r: usize| log.shared[d].as_ref().expect("behaviour")[r];
    // Data types in codebook order: location, contacts, browsing_history, health_fitness,
    // purchase_history.
    assert_eq!(
        shared(0, index("R000001")),
        Some(true),
        "' LOCATION ', 'Grant'"
    );
    assert_eq!(
        shared(1, index("R000002")),
        Some(true),
        "tab-padded contacts, SHARE"
    );
    assert_eq!(
        shared(1, index("R000008")),
        Some(true),
        "id padded by NBSP / U+3000"
    );
    assert_eq!(shared(4, index("R000012")), Some(true), "quoted comma");
    let r20 = index("R000020");
    assert!(
        log.behavior_seen[r20],
        "only unknown types: has behaviour data"
    );
    assert!((0..5).all(|d| shared(d, r20).is_none()));
    assert!(!log.behavior_seen[index("R000030")], "all events rejected");
    assert!(
        log.behavior_seen[index(NFC_ID)],
        "NFD events match the NFC id"
    );
}

fn engine_on_messy_log(engine: &str, parquet: bool) {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("messy");
    messy_study(&study);
    if parquet {
        csv_to_parquet(
            &study.join("events.csv"),
            &study.join("events.parquet"),
            4000,
        );
        std::fs::remove_file(study.join("events.csv")).expect("rm");
    }
    let log = load(&study, None);
    assert_messy_by_construction(&log);
    let table = scale_out(&study, engine, &root.path().join("agg"));
    let from_table = load(&study, Some(&table));
    assert_same_respondents(&log, &from_table);
    assert_eq!(
        summary(&study, &[]),
        summary(&study, &["--behavior", s(&table)])
    );
}

fn engine_on_20k(engine: &str) {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s20k");
    synth(&study, "20000", false);
    let table = scale_out(&study, engine, &root.path().join("agg"));
    assert_same_respondents(&load(&study, None), &load(&study, Some(&table)));
    assert_eq!(
        summary(&study, &[]),
        summary(&study, &["--behavior", s(&table)])
    );
}

#[test]
#[ignore = "needs duckdb: run by .ci/run"]
fn duckdb_aggregates_a_messy_csv_log_as_paradox_does() {
    require_duckdb();
    engine_on_messy_log("duckdb", false);
}

#[test]
#[ignore = "needs duckdb: run by .ci/run"]
fn duckdb_aggregates_a_messy_parquet_log_as_paradox_does() {
    require_duckdb();
    engine_on_messy_log("duckdb", true);
}

#[test]
#[ignore = "needs duckdb: run by .ci/run"]
fn duckdb_aggregates_a_20k_study_as_paradox_does() {
    require_duckdb();
    engine_on_20k("duckdb");
}

#[test]
#[ignore = "needs pyspark and java: run by .ci/run"]
fn spark_aggregates_a_messy_csv_log_as_paradox_does() {
    require_spark();
    engine_on_messy_log("spark", false);
}

#[test]
#[ignore = "needs pyspark and java: run by .ci/run"]
fn spark_aggregates_a_20k_study_as_paradox_does() {
    require_spark();
    engine_on_20k("spark");
}
