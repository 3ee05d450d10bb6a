//! `paradox scale-out` without an engine: what it writes and refuses, the query's rules
//! (read from the generated SQL), and the reading of an engine's per-respondent table in
//! place of the event log (`--behavior` with an events codebook), checked on a table written
//! by hand from the log. The engines themselves run in `scale_out_engines`. Also here: the
//! event log parsed in blocks keeps its line numbers.

use std::path::Path;

use paradox::import::{load_study, LoadOptions};

use crate::util::run;

const SURVEY: &str = "respondent_id,birth_year,c1,will_loc,will_con
R1,1990,3,2,4
R2,1985,4,5,1
R3,2001,2,3,3
R4,1970,5,1,2
R5,1999,1,4,5
R6,1960,4,2,2
";

/// Case and spacing vary, R4 has only an unknown type, R5 has no events, R9 is not in the
/// survey, one event lacks an action (a rejected row), `Share` and ` GRANT ` are shares.
const EVENTS: &str = "respondent_id,timestamp,data_type,action
R1,2025-01-01,location,prompt
R1,2025-01-02,Location,grant
R1,2025-01-03,contacts,deny
R2,2025-01-01, contacts ,Share
R2,2025-01-02,contacts,revoke
R3,2025-01-01,LOCATION,deny
R3,2025-01-02,location,
R4,2025-01-01,camera,grant
R9,2025-01-01,location,grant
R6,2025-01-01,location, GRANT 
R6,2025-01-02,contacts,prompt
R6,2025-01-03,contacts,share
";

/// The per-respondent table an engine writes for [`EVENTS`], by hand: R4 has a row (its
/// events are all of an unknown type), R9 is not in the survey.
const AGGREGATED: &str = "respondent_id,location,contacts
R1,1,0
R2,,1
R3,0,
R4,,
R6,1,1
R9,1,
";

fn codebook(format: &str) -> String {
    let behavior = if format == "events" {
        "[behavior]\nformat = \"events\"\ndata_type = \"data_type\"\naction = \"action\"\nshare_actions = [\"grant\", \"share\"]\n"
    } else {
        "[behavior]\nformat = \"wide\"\n"
    };
    format!(
        "[study]\nname = \"scaleout\"\nsurvey_year = 2025\n\n[columns]\nid = \"respondent_id\"\nbirth_year = \"birth_year\"\n\n\
[[scale]]\nname = \"concern\"\nitems = [\"c1\"]\nmin = 1\nmax = 5\n\n\
[[data_type]]\nname = \"location\"\nstated = \"will_loc\"\nstated_min = 1\nstated_max = 5\nbehavior = \"location\"\nshared_min = 1\n\n\
[[data_type]]\nname = \"contacts\"\nstated = \"will_con\"\nstated_min = 1\nstated_max = 5\nbehavior = \"contacts\"\nshared_min = 1\n\n\
[paradox]\nconcern_scale = \"concern\"\n\n{behavior}"
    )
}

fn events_study(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("codebook.toml"), codebook("events")).expect("write");
    std::fs::write(dir.join("survey.csv"), SURVEY).expect("write");
    std::fs::write(dir.join("events.csv"), EVENTS).expect("write");
}

#[test]
fn the_aggregated_table_reads_as_the_event_log() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    events_study(&study);
    let table = root.path().join("behavior.csv");
    std::fs::write(&table, AGGREGATED).expect("write");
    let from_log = load_study(Some(&study), &LoadOptions::default()).expect("log");
    let from_table = load_study(
        Some(&study),
        &LoadOptions {
            behavior: Some(table.clone()),
            ..Default::default()
        },
    )
    .expect("table");
    // Written out by hand from EVENTS: per respondent (location, contacts).
    let expected: Vec<(Option<bool>, Option<bool>)> = vec![
        (Some(true), Some(false)), // R1: prompt + grant; deny
        (None, Some(true)),        // R2: Share; revoke
        (Some(false), None),       // R3: deny (the event without action is rejected)
        (None, None),              // R4: only camera events
        (None, None),              // R5: no events
        (Some(true), Some(true)),  // R6: " GRANT "; prompt + share
    ];
    for (name, study) in [("log", &from_log), ("table", &from_table)] {
        let loc = study.shared[0].as_ref().expect("location behaviour");
        let con = study.shared[1].as_ref().expect("contacts behaviour");
        let got: Vec<_> = loc.iter().copied().zip(con.iter().copied()).collect();
        assert_eq!(got, expected, "{name}");
        // R4 has behaviour data (events of a type the codebook does not name), R5 none.
        assert_eq!(
            study.behavior_seen,
            vec![true, true, true, true, false, true],
            "{name}"
        );
    }
    let s = study.to_str().expect("utf-8");
    let t = table.to_str().expect("utf-8");
    let summary = |extra: &[&str]| {
        let out = tempfile::tempdir().expect("tempdir");
        let o = out.path().join("r");
        let mut args = vec!["report", s, "--format", "json", "--min-cell", "0"];
        args.extend(["--out", o.to_str().expect("utf-8")]);
        args.extend(extra);
        run(&args).assert_exit(0);
        std::fs::read_to_string(o.join("summary.json")).expect("summary")
    };
    assert_eq!(summary(&[]), summary(&["--behavior", t]));
}

#[test]
fn scale_out_writes_the_folder_and_refuses_what_it_must() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    events_study(&study);
    let s = study.to_str().expect("utf-8");
    let out = root.path().join("agg");
    let o = out.to_str().expect("utf-8");
    run(&["scale-out", s, "--engine", "duckdb", "--out", o])
        .assert_exit(0)
        .stderr_contains("run.sh");
    for f in ["aggregate.sql", "driver.py", "run.sh", "README.md"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let sql = std::fs::read_to_string(out.join("aggregate.sql")).expect("sql");
    // The codebook's names, in lower case, and its columns; no placeholder left to edit.
    for needle in [
        "bool_or((t = 'location' AND strlen(tr) = 8))",
        "((a = 'grant' AND strlen(ar) = 5) OR (a = 'share' AND strlen(ar) = 5))",
        "CAST(\"respondent_id\" AS VARCHAR)",
        "nfc_normalize(",
        "AS \"contacts\"",
        "FROM events",
    ] {
        assert!(sql.contains(needle), "{needle} in\n{sql}");
    }
    let readme = std::fs::read_to_string(out.join("README.md")).expect("readme");
    assert!(readme.contains(&format!(
        "--behavior {}",
        out.join("behavior.parquet").display()
    )));
    // Again into its own previous output: allowed; into the study or a foreign folder: no.
    run(&["scale-out", s, "--engine", "spark", "--out", o]).assert_exit(0);
    let spark_sql = std::fs::read_to_string(out.join("aggregate.sql")).expect("sql");
    assert!(spark_sql.contains("paradox_clean_id(rid)"), "{spark_sql}");
    assert!(
        spark_sql.contains("CAST(`respondent_id` AS STRING)"),
        "{spark_sql}"
    );
    let inside = study.join("agg");
    run(&[
        "scale-out",
        s,
        "--engine",
        "duckdb",
        "--out",
        inside.to_str().expect("utf-8"),
    ])
    .assert_exit(2)
    .stderr_contains("input folder");
    let foreign = root.path().join("notes");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("paper.tex"), "x").expect("write");
    run(&[
        "scale-out",
        s,
        "--engine",
        "duckdb",
        "--out",
        foreign.to_str().expect("utf-8"),
    ])
    .assert_exit(2)
    .stderr_contains("not written by paradox");
    // A wide codebook has no log to aggregate.
    std::fs::write(study.join("codebook.toml"), codebook("wide")).expect("write");
    let other = root.path().join("agg2");
    run(&[
        "scale-out",
        s,
        "--engine",
        "duckdb",
        "--out",
        other.to_str().expect("utf-8"),
    ])
    .assert_exit(2)
    .stderr_contains("not an event log");
    assert!(!other.exists());
}

#[test]
fn events_uri_is_used_as_given() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    events_study(&study);
    let out = root.path().join("agg");
    run(&[
        "scale-out",
        study.to_str().expect("utf-8"),
        "--engine",
        "spark",
        "--events-uri",
        "s3://lake/app/events/",
        "--out",
        out.to_str().expect("utf-8"),
    ])
    .assert_exit(0);
    let driver = std::fs::read_to_string(out.join("driver.py")).expect("driver");
    assert!(
        driver.contains("DEFAULT_EVENTS = \"s3://lake/app/events/\""),
        "{driver}"
    );
    assert!(driver.contains("DEFAULT_FORMAT = \"parquet\""), "{driver}");
}

/// An event log of several MiB is parsed in 1 MiB blocks on several threads; rejected rows
/// must still carry their true line numbers (known here by construction), the counts must
/// add up, and a quote character late in the file (the single-reader fallback) must change
/// nothing.
#[test]
fn block_parsing_keeps_line_numbers_and_counts() {
    for quoted in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("codebook.toml"), codebook("events")).expect("write");
        std::fs::write(dir.path().join("survey.csv"), SURVEY).expect("write");
        let mut log = String::from("respondent_id,timestamp,data_type,action\n");
        let mut expected_lines = Vec::new();
        let mut line = 1u64;
        let rows = 120_000u64; // about 4 MiB
        for i in 0..rows {
            line += 1;
            if i % 9_973 == 5 {
                // An event without an action: a rejected row on this line.
                log.push_str("R3,2025-01-01T00:00:00Z,location,\n");
                expected_lines.push(line);
            } else if quoted && i == rows - 50 {
                log.push_str("R1,\"2025-01-01\",contacts,prompt\n");
            } else if i == rows / 2 {
                log.push_str("R2,2025-01-01T00:00:00Z,location,grant\n");
            } else {
                log.push_str("R1,2025-01-01T00:00:00Z,location,prompt\n");
            }
        }
        std::fs::write(dir.path().join("events.csv"), &log).expect("write");
        let study = load_study(Some(dir.path()), &LoadOptions::default()).expect("loads");
        let lines: Vec<u64> = study.audit.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, expected_lines, "quoted = {quoted}");
        assert_eq!(study.audit.behavior_rows, rows, "quoted = {quoted}");
        let loc = study.shared[0].as_ref().expect("location");
        let con = study.shared[1].as_ref().expect("contacts");
        assert_eq!(loc[0], Some(false)); // R1: prompts only
        assert_eq!(loc[1], Some(true)); // R2: one grant in the middle
        assert_eq!(con[0], quoted.then_some(false)); // R1's one contacts event
    }
}
