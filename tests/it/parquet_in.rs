//! Parquet inputs read natively: a study whose event log (or wide behaviour table) is
//! Parquet gives the same results as its CSV twin — the same summary.json, the same
//! counts, the same rejected rows, numbered by row group and row instead of by line — and a
//! folder of `part-*` files (or DuckDB's `data_N` files) reads as the one file they were
//! cut from. Two tables where one is read, and a corrupt or truncated Parquet file, are
//! exit-2 errors naming the files.

use std::path::Path;

use paradox::import::{load_study, LoadOptions};

use crate::util::parquet::{csv_to_parquet, write_parquet, write_schema_only, Cell};
use crate::util::run;

/// `paradox synth` with an event log into `dir`.
fn synth(dir: &Path, respondents: &str, careless: bool) {
    let mut args = vec![
        "synth",
        "--respondents",
        respondents,
        "--events",
        "--seed",
        "11",
        "--out",
        dir.to_str().expect("utf-8 path"),
    ];
    if careless {
        args.extend(["--careless", "0.05"]);
    }
    run(&args).assert_exit(0);
}

/// The study folder `from` copied to `to` without its event log.
fn copy_without_events(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for f in ["codebook.toml", "survey.csv"] {
        std::fs::copy(from.join(f), to.join(f)).expect("copy");
    }
}

/// Lines of messiness added to a synthetic log: case and spaces, an unknown type, a
/// missing action, a missing id, an id not in the survey, an id with a zero-width space.
const MESS: &str = "R000001, LOCATION , Grant ,2025-01-01T00:00:00Z
R000002,contacts,,2025-01-01T00:00:00Z
,location,grant,2025-01-01T00:00:00Z
R000003,camera,grant,2025-01-01T00:00:00Z
NOT-IN-SURVEY,location,grant,2025-01-01T00:00:00Z
R0000\u{200B}04,location,grant,2025-01-01T00:00:00Z
";

/// The synthetic log with [`MESS`] appended (columns in the log's own order).
fn messy_log(events: &Path) {
    let text = std::fs::read_to_string(events).expect("read");
    let header: Vec<&str> = text.lines().next().expect("header").split(',').collect();
    let mut out = text.clone();
    for line in MESS.lines() {
        let f: Vec<&str> = line.split(',').collect();
        let row: Vec<&str> = header
            .iter()
            .map(|h| match *h {
                "respondent_id" => f[0],
                "data_type" => f[1],
                "action" => f[2],
                _ => f[3],
            })
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    std::fs::write(events, out).expect("write");
}

/// summary.json of `paradox report STUDY`, as JSON.
fn summary(study: &Path, extra: &[&str]) -> serde_json::Value {
    let out = tempfile::tempdir().expect("tempdir");
    let report = out.path().join("r");
    let mut args = vec![
        "report",
        study.to_str().expect("utf-8"),
        "--format",
        "json",
        "--out",
        report.to_str().expect("utf-8"),
    ];
    args.extend(extra);
    run(&args).assert_exit(0);
    let text = std::fs::read_to_string(report.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_parquet_event_log_gives_the_summary_of_its_csv_twin() {
    let root = tempfile::tempdir().expect("tempdir");
    let csv_study = root.path().join("csv");
    synth(&csv_study, "3000", true);
    messy_log(&csv_study.join("events.csv"));
    let pq_study = root.path().join("parquet");
    copy_without_events(&csv_study, &pq_study);
    // Small row groups, so the log spans many and rows are numbered within each.
    csv_to_parquet(
        &csv_study.join("events.csv"),
        &pq_study.join("events.parquet"),
        7_000,
    );
    let a = summary(&csv_study, &[]);
    let b = summary(&pq_study, &[]);
    assert_eq!(a, b);
    // The same audit, rejected rows aside from where they are.
    let a = load_study(Some(&csv_study), &LoadOptions::default()).expect("csv");
    let b = load_study(Some(&pq_study), &LoadOptions::default()).expect("parquet");
    assert_eq!(a.shared, b.shared);
    assert_eq!(a.audit.behavior_rows, b.audit.behavior_rows);
    assert_eq!(
        a.audit.behavior_unmatched_rows,
        b.audit.behavior_unmatched_rows
    );
    assert_eq!(
        a.audit.behavior_unmatched_ids,
        b.audit.behavior_unmatched_ids
    );
    assert_eq!(a.audit.ignored_event_types, b.audit.ignored_event_types);
    let events = |s: &paradox::study::Study| -> Vec<paradox::study::RejectedRow> {
        s.audit
            .rejected
            .iter()
            .filter(|r| r.file.starts_with("events."))
            .cloned()
            .collect()
    };
    let (ra, rb) = (events(&a), events(&b));
    let reasons = |rows: &[paradox::study::RejectedRow]| -> Vec<(String, String, String)> {
        rows.iter()
            .map(|r| (r.column.clone(), r.value.clone(), r.reason.clone()))
            .collect()
    };
    assert_eq!(reasons(&ra), reasons(&rb));
    assert_eq!(rb.len(), 3, "{rb:?}");
    // The MESS rows are the log's last ones: line L+1.. in the CSV (header on line 1);
    // rows r.. of the last row group in Parquet.
    let n_events = a.audit.behavior_rows;
    let last_group = n_events.div_ceil(7_000);
    let first_mess_row = n_events - 6 + 1 - (last_group - 1) * 7_000;
    let places: Vec<(String, u64)> = rb.iter().map(|r| (r.file.clone(), r.line)).collect();
    let group = format!("events.parquet row group {last_group}");
    assert_eq!(
        places,
        vec![
            (group.clone(), first_mess_row + 1),
            (group.clone(), first_mess_row + 2),
            (group, first_mess_row + 5),
        ]
    );
    let csv_lines: Vec<u64> = ra.iter().map(|r| r.line).collect();
    assert_eq!(
        csv_lines,
        vec![n_events - 4 + 1, n_events - 3 + 1, n_events + 1]
    );
    // `check` names the row group and the row.
    run(&["check", pq_study.to_str().expect("utf-8")])
        .assert_exit(0)
        .stdout_contains(&format!(
            "events.parquet row group {last_group}, row {}",
            first_mess_row + 1
        ));
}

#[test]
fn part_folders_read_as_the_file_they_were_cut_from() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    synth(&study, "800", false);
    let text = std::fs::read_to_string(study.join("events.csv")).expect("read");
    let mut lines = text.lines();
    let header = lines.next().expect("header").to_string();
    let rows: Vec<&str> = lines.collect();
    let (pq_parts, csv_parts) = (root.path().join("pq"), root.path().join("csvparts"));
    for d in [&pq_parts, &csv_parts] {
        std::fs::create_dir(d).expect("mkdir");
        std::fs::write(d.join("_SUCCESS"), "").expect("write");
    }
    for (i, chunk) in rows.chunks(rows.len() / 3 + 1).enumerate() {
        let body = format!("{header}\n{}\n", chunk.join("\n"));
        let csv_part = csv_parts.join(format!("part-0000{i}-abc.csv"));
        std::fs::write(&csv_part, body).expect("write");
        csv_to_parquet(
            &csv_part,
            &pq_parts.join(format!("part-0000{i}-abc.snappy.parquet")),
            1000,
        );
    }
    // DuckDB names the files of one table data_0.parquet, data_1.parquet …
    let duck_parts = root.path().join("duck");
    std::fs::create_dir(&duck_parts).expect("mkdir");
    for i in 0..3 {
        let from = pq_parts.join(format!("part-0000{i}-abc.snappy.parquet"));
        if from.exists() {
            std::fs::copy(&from, duck_parts.join(format!("data_{i}.parquet"))).expect("copy");
        }
    }
    let whole = summary(&study, &[]);
    for parts in [&pq_parts, &csv_parts, &duck_parts] {
        let got = summary(&study, &["--events", parts.to_str().expect("utf-8")]);
        assert_eq!(got, whole, "{}", parts.display());
    }
    // Mixed formats in one folder: which is the table cannot be known.
    std::fs::copy(
        csv_parts.join("part-00000-abc.csv"),
        pq_parts.join("part-00009-x.csv"),
    )
    .expect("copy");
    run(&[
        "check",
        study.to_str().expect("utf-8"),
        "--events",
        pq_parts.to_str().expect("utf-8"),
    ])
    .assert_exit(2)
    .stderr_contains("both Parquet and CSV part files");
}

#[test]
fn a_wide_parquet_table_and_integer_ids_read_as_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("codebook.toml"),
        "[study]\nname = \"w\"\nsurvey_year = 2025\n\n[columns]\nid = \"id\"\nbirth_year = \"by\"\n\n\
[[scale]]\nname = \"concern\"\nitems = [\"c1\"]\nmin = 1\nmax = 5\n\n\
[[data_type]]\nname = \"location\"\nstated = \"w1\"\nstated_min = 1\nstated_max = 5\nbehavior = \"loc\"\nshared_min = 1\n\n\
[paradox]\nconcern_scale = \"concern\"\n\n[behavior]\nformat = \"wide\"\n",
    )
    .expect("write");
    let mut survey = String::from("id,by,c1,w1\n");
    for i in 1..=40 {
        survey.push_str(&format!(
            "{i},{},{},{}\n",
            1950 + i,
            1 + i % 5,
            1 + i * 7 % 5
        ));
    }
    std::fs::write(d.join("survey.csv"), survey).expect("write");
    let header = vec!["id".to_string(), "loc".to_string()];
    let mut csv = String::from("id,loc\n");
    let mut rows = Vec::new();
    for i in 1..=45i64 {
        if i == 20 {
            // A value that is not a number: a rejected row in both.
            csv.push_str("20,lots\n");
            rows.push(vec![Cell::Int(20), Cell::Text("lots".into())]);
            continue;
        }
        let v = match i % 3 {
            0 => None,
            1 => Some(i % 2),
            _ => Some(2),
        };
        csv.push_str(&format!(
            "{i},{}\n",
            v.map(|v| v.to_string()).unwrap_or_default()
        ));
        rows.push(vec![Cell::Int(i), v.map_or(Cell::Null, Cell::Int)]);
    }
    let (csv_path, pq_path) = (d.join("b.csv"), d.join("b.parquet"));
    std::fs::write(&csv_path, csv).expect("write");
    write_parquet(&pq_path, &header, &rows, 16);
    let load = |p: &Path| {
        load_study(
            Some(d),
            &LoadOptions {
                behavior: Some(p.to_path_buf()),
                ..Default::default()
            },
        )
        .expect("loads")
    };
    let (a, b) = (load(&csv_path), load(&pq_path));
    assert_eq!(a.shared, b.shared);
    assert_eq!(a.audit.behavior_unmatched_rows, 5);
    assert_eq!(b.audit.behavior_unmatched_rows, 5);
    // Row 20 is the 4th row of the second row group of 16.
    let r = &b.audit.rejected[0];
    assert_eq!((r.file.as_str(), r.line), ("b.parquet row group 2", 4));
    assert_eq!(a.audit.rejected[0].line, 21);
    assert_eq!(r.reason, a.audit.rejected[0].reason);
}

#[test]
fn two_tables_where_one_is_read_are_refused_naming_both() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    synth(&study, "200", false);
    csv_to_parquet(
        &study.join("events.csv"),
        &study.join("events.parquet"),
        500,
    );
    let s = study.to_str().expect("utf-8");
    run(&["check", s])
        .assert_exit(2)
        .stderr_contains("events.csv")
        .stderr_contains("events.parquet");
    std::fs::remove_file(study.join("events.csv")).expect("rm");
    run(&["check", s]).assert_exit(0);
    std::fs::write(study.join("behavior.parquet"), b"PAR1").expect("write");
    run(&["check", s])
        .assert_exit(2)
        .stderr_contains("behavior.parquet")
        .stderr_contains("events.parquet");
}

#[test]
fn columns_that_are_not_text_numbers_or_flags_are_refused_naming_their_type() {
    // A moment, a day or a list is not an id, a data type or an action: read as its raw
    // integer (or not at all) it would silently match nothing.
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    synth(&study, "300", false);
    std::fs::remove_file(study.join("events.csv")).expect("rm");
    let id = "optional binary respondent_id (UTF8);";
    let dt = "optional binary data_type (UTF8);";
    let cases = [
        (
            format!("{id} {dt} optional int64 action (TIMESTAMP(MILLIS,true));"),
            "column \"action\" is of Parquet type INT64 (timestamp)",
        ),
        (
            format!("{id} {dt} optional int32 action (DATE);"),
            "column \"action\" is of Parquet type INT32 (date)",
        ),
        (
            format!("{id} {dt} optional int64 action (DECIMAL(12,2));"),
            "(decimal)",
        ),
        (
            format!(
                "optional group respondent_id (LIST) {{ repeated group list {{ optional binary element (UTF8); }} }} {dt} optional binary action (UTF8);"
            ),
            "\"respondent_id\" named by the codebook (behavior.id (or columns.id)) is a nested column",
        ),
    ];
    for (fields, message) in cases {
        write_schema_only(&study.join("events.parquet"), &fields);
        let r = run(&["check", study.to_str().expect("utf-8")]);
        r.assert_exit(2).stderr_contains(message);
        assert!(!r.stderr.contains("line 1"), "{}", r.stderr);
    }
    // A column that is missing is named with the file's columns, and no line.
    write_schema_only(&study.join("events.parquet"), &format!("{id} {dt}"));
    let r = run(&["check", study.to_str().expect("utf-8")]);
    r.assert_exit(2)
        .stderr_contains("column \"action\" named by the codebook (behavior.action) is missing");
    assert!(!r.stderr.contains("line 1"), "{}", r.stderr);
}

#[test]
fn corrupt_or_truncated_parquet_is_an_error_not_a_panic() {
    let root = tempfile::tempdir().expect("tempdir");
    let study = root.path().join("s");
    synth(&study, "300", false);
    let good = root.path().join("good.parquet");
    csv_to_parquet(&study.join("events.csv"), &good, 1000);
    std::fs::remove_file(study.join("events.csv")).expect("rm");
    let bytes = std::fs::read(&good).expect("read");
    let len = bytes.len();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        (
            "csv text",
            b"respondent_id,data_type\nR1,location\n".to_vec(),
        ),
        ("truncated in the middle", bytes[..len / 2].to_vec()),
        ("truncated footer", bytes[..len - 3].to_vec()),
    ];
    // Pages overwritten with noise, the footer kept: the decoder meets garbage.
    let mut noisy = bytes.clone();
    for (i, b) in noisy[4..len / 2].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) ^ 0x5a;
    }
    cases.push(("corrupt pages", noisy));
    for (what, content) in cases {
        std::fs::write(study.join("events.parquet"), &content).expect("write");
        let r = run(&["check", study.to_str().expect("utf-8")]);
        r.assert_exit(2).stderr_contains("events.parquet");
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
    }
}

#[test]
fn an_unmatched_share_action_is_explained_from_a_parquet_log_as_from_csv() {
    let root = tempfile::tempdir().expect("tempdir");
    let csv_study = root.path().join("csv");
    synth(&csv_study, "300", false);
    let cb = std::fs::read_to_string(csv_study.join("codebook.toml")).expect("codebook");
    let cb = cb.replace("\"grant\", \"share\"", "\"granted\", \"share\"");
    assert!(
        cb.contains("\"granted\""),
        "the synthetic codebook's share actions"
    );
    std::fs::write(csv_study.join("codebook.toml"), cb).expect("write");
    let pq_study = root.path().join("pq");
    copy_without_events(&csv_study, &pq_study);
    csv_to_parquet(
        &csv_study.join("events.csv"),
        &pq_study.join("events.parquet"),
        2000,
    );
    let warning = |study: &Path| -> String {
        let r = run(&["check", study.to_str().expect("utf-8")]);
        r.assert_exit(0);
        let line = r
            .stdout
            .lines()
            .chain(r.stderr.lines())
            .find(|l| l.contains("\"granted\""))
            .unwrap_or_else(|| panic!("no warning about \"granted\":\n{}", r.stdout))
            .to_string();
        line.replace("events.parquet", "events.csv")
    };
    let (a, b) = (warning(&csv_study), warning(&pq_study));
    assert_eq!(a, b);
    assert!(a.contains("grant"), "{a}");
}
