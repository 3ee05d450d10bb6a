//! The scale-out query of docs/scale-out.md checked against paradox's own aggregation: a
//! small, deliberately messy event log is (1) loaded by paradox as `format = "events"` and
//! (2) turned into a wide table by DuckDB running benches/reference/scale_out_duckdb.sql,
//! which paradox then reads as `format = "wide"`, `shared_min = 1`. Both must give the same
//! known/shared value for every respondent and data type.
//!
//! DuckDB is run through its Python package (`pip install duckdb`), so that test is ignored
//! by plain `cargo test` and run by `.ci/run`; a missing package fails it. (The loader's own
//! aggregation is covered without DuckDB by the `import` tests.)

use std::path::Path;
use std::process::Command;

use paradox::import::{load_study, LoadOptions};

use crate::util::tools::require_duckdb;

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

/// Runs the documented DuckDB query over `events` and writes the wide table to `out`.
fn run_duckdb(events: &Path, out: &Path) {
    let sql_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/reference/scale_out_duckdb.sql");
    let script = r#"
import sys
import duckdb
events, sql, out = sys.argv[1], open(sys.argv[2]).read().strip().rstrip(';'), sys.argv[3]
con = duckdb.connect()
# all_varchar: ids and values are text, exactly as paradox reads them
quoted = events.replace("'", "''")
con.execute(f"CREATE VIEW events AS SELECT * FROM read_csv('{quoted}', header = true, all_varchar = true)")
out = out.replace("'", "''")
con.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')")
"#;
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(events)
        .arg(&sql_path)
        .arg(out)
        .output()
        .unwrap_or_else(|e| panic!("python3 cannot be run ({e})"));
    assert!(
        o.status.success(),
        "the DuckDB query failed ({}):\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
#[ignore = "needs duckdb: run by .ci/run"]
fn duckdb_group_by_matches_paradox_event_aggregation() {
    require_duckdb();
    let dir = tempfile::tempdir().expect("tempdir");
    let ev_dir = dir.path().join("events_study");
    let wide_dir = dir.path().join("wide_study");
    for (d, format) in [(&ev_dir, "events"), (&wide_dir, "wide")] {
        std::fs::create_dir(d).expect("mkdir");
        std::fs::write(d.join("codebook.toml"), codebook(format)).expect("write");
        std::fs::write(d.join("survey.csv"), SURVEY).expect("write");
    }
    std::fs::write(ev_dir.join("events.csv"), EVENTS).expect("write");
    run_duckdb(&ev_dir.join("events.csv"), &wide_dir.join("behavior.csv"));
    let from_events = load_study(Some(&ev_dir), &LoadOptions::default()).expect("events load");
    let from_wide = load_study(Some(&wide_dir), &LoadOptions::default()).expect("wide load");
    assert_eq!(from_events.ids, from_wide.ids);
    // Written out by hand from EVENTS (not from either program): per respondent
    // (location, contacts), None = no event of that type.
    let expected: Vec<(Option<bool>, Option<bool>)> = vec![
        (Some(true), Some(false)), // R1: prompt + grant; deny
        (None, Some(true)),        // R2: Share; revoke
        (Some(false), None),       // R3: deny (the event without action is rejected)
        (None, None),              // R4: only camera events
        (None, None),              // R5: no events
        (Some(true), Some(true)),  // R6: " GRANT "; prompt + share
    ];
    for (name, study) in [("events", &from_events), ("duckdb wide", &from_wide)] {
        let loc = study.shared[0].as_ref().expect("location behaviour");
        let con = study.shared[1].as_ref().expect("contacts behaviour");
        let got: Vec<_> = loc.iter().copied().zip(con.iter().copied()).collect();
        assert_eq!(got, expected, "{name}");
    }
    assert_eq!(from_events.shared, from_wide.shared);
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
