//! A Parquet event log reads the same however its writer laid it out: dictionary-encoded
//! text (read as codes, each distinct value resolved once), plain text, a dictionary that
//! overflows into plain pages part-way through a column, version-2 data pages, many small
//! pages, and delta-encoded text (read row by row) — every one gives the counts, bits,
//! unmatched ids, ignored types and rejected rows (numbered by row group and row) of the
//! others, and the summary.json of the CSV twin.

use std::path::Path;

use paradox::import::{load_study, LoadOptions};
use parquet::basic::{Compression, Encoding};
use parquet::file::properties::{WriterProperties, WriterVersion};

use crate::util::parquet::{write_parquet_with, Cell};
use crate::util::run;

/// Rows added to a synthetic log, as (id, data type, action): case and spaces, unknown
/// types (one repeated), empty and blank cells (nulls in Parquet), an id not in the
/// survey (twice), an id with a zero-width space, an id in NFD, an id padded with a
/// no-break space.
const MESS: [(&str, &str, &str); 12] = [
    ("R000001", " LOCATION ", " Grant "),
    ("R000002", "contacts", ""),
    ("", "location", "grant"),
    ("R000003", "camera", "grant"),
    ("R000004", "camera", "prompt"),
    ("R000005", "  ", "grant"),
    ("NOT-IN-SURVEY", "location", "grant"),
    ("NOT-IN-SURVEY", "contacts", "deny"),
    ("R0000\u{200B}04", "location", "grant"),
    ("Jose\u{301}", "location", "grant"),
    ("R000006\u{a0}", "contacts", "grant"),
    ("R000007", "location", " "),
];

/// The events of the study's log with [`MESS`] spread through it (every 997th row), as
/// (header, rows); the CSV log is rewritten with them.
fn messy_rows(events: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(events).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut mess = MESS.iter();
    for (i, r) in reader.records().enumerate() {
        let r = r.expect("record");
        rows.push(r.iter().map(String::from).collect());
        if i % 997 == 500 {
            if let Some(&(id, dt, action)) = mess.next() {
                let row = header
                    .iter()
                    .map(|h| match h.as_str() {
                        "respondent_id" => id,
                        "data_type" => dt,
                        "action" => action,
                        _ => "2025-01-01T00:00:00Z",
                    })
                    .map(String::from)
                    .collect();
                rows.push(row);
            }
        }
    }
    assert!(
        mess.next().is_none(),
        "the log is long enough for every messy row"
    );
    let mut w = csv::Writer::from_path(events).expect("write csv");
    w.write_record(&header).expect("header");
    for r in &rows {
        w.write_record(r).expect("row");
    }
    w.flush().expect("flush");
    (header, rows)
}

/// Writes `rows` as text columns (an empty cell as a null) with `props`, row groups of
/// 5,000 rows.
fn write(path: &Path, header: &[String], rows: &[Vec<String>], props: WriterProperties) {
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v.as_str() {
                    "" => Cell::Null,
                    v => Cell::Text(v.to_string()),
                })
                .collect()
        })
        .collect();
    write_parquet_with(path, header, &cells, 5_000, props);
}

/// summary.json of `paradox report STUDY`.
fn summary(study: &Path) -> String {
    let out = tempfile::tempdir().expect("tempdir");
    let report = out.path().join("r");
    run(&[
        "report",
        study.to_str().expect("utf-8"),
        "--format",
        "json",
        "--out",
        report.to_str().expect("utf-8"),
    ])
    .assert_exit(0);
    std::fs::read_to_string(report.join("summary.json")).expect("summary.json")
}

/// What a load says of the event log, apart from the file's name.
fn log_facts(study: &Path) -> String {
    let s = load_study(Some(study), &LoadOptions::default()).expect("load");
    let rejected: Vec<_> = s
        .audit
        .rejected
        .iter()
        .filter(|r| r.file.starts_with("events."))
        .map(|r| (&r.file, r.line, &r.column, &r.value, &r.reason))
        .collect();
    format!(
        "{:?}\n{:?}\n{} {} {} {}\n{:?}\n{:?}",
        s.shared,
        s.behavior_seen,
        s.audit.behavior_rows,
        s.audit.behavior_rows_of_rejected,
        s.audit.behavior_unmatched_rows,
        s.audit.behavior_unmatched_ids,
        s.audit.ignored_event_types,
        rejected
    )
}

#[test]
fn every_layout_of_a_parquet_log_reads_alike_and_as_its_csv_twin() {
    let root = tempfile::tempdir().expect("tempdir");
    let csv_study = root.path().join("csv");
    run(&[
        "synth",
        "--respondents",
        "2000",
        "--events",
        "--careless",
        "0.05",
        "--seed",
        "5",
        "--out",
        csv_study.to_str().expect("utf-8"),
    ])
    .assert_exit(0);
    let (header, rows) = messy_rows(&csv_study.join("events.csv"));
    let base = || {
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_write_batch_size(64)
    };
    let layouts: Vec<(&str, WriterProperties)> = vec![
        ("dictionary", base().build()),
        ("plain", base().set_dictionary_enabled(false).build()),
        (
            "dictionary overflowing into plain pages",
            base().set_dictionary_page_size_limit(256).build(),
        ),
        (
            "small pages",
            base().set_data_page_row_count_limit(300).build(),
        ),
        (
            "version-2 pages",
            base()
                .set_writer_version(WriterVersion::PARQUET_2_0)
                .set_data_page_row_count_limit(1000)
                .build(),
        ),
        (
            "delta-encoded text",
            base()
                .set_writer_version(WriterVersion::PARQUET_2_0)
                .set_dictionary_enabled(false)
                .set_encoding(Encoding::DELTA_BYTE_ARRAY)
                .build(),
        ),
    ];
    let csv_summary = summary(&csv_study);
    let mut first: Option<(String, String)> = None;
    for (name, props) in layouts {
        let study = root.path().join(name.replace(' ', "_"));
        std::fs::create_dir_all(&study).expect("mkdir");
        for f in ["codebook.toml", "survey.csv"] {
            std::fs::copy(csv_study.join(f), study.join(f)).expect("copy");
        }
        write(&study.join("events.parquet"), &header, &rows, props);
        assert_eq!(summary(&study), csv_summary, "{name}: summary.json");
        let facts = log_facts(&study);
        assert!(
            facts.contains("row group"),
            "{name}: rows rejected\n{facts}"
        );
        match &first {
            None => first = Some((name.to_string(), facts)),
            Some((first_name, f)) => assert_eq!(&facts, f, "{name} vs {first_name}"),
        }
    }
}
