//! The PII guard measured as a classifier: on a corpus of columns built for the purpose,
//! every PII column (each kind, Qualtrics' metadata columns included) is caught and every
//! ordinary survey column passes. Precision and recall are both required to be 1 on this
//! corpus; a miss names the column. Then the same through the binary: refusal with exit 2
//! naming the column and kind, `--drop-pii` removing it from the normalized copy, and ids
//! pseudonymized with a salt kept outside the study.

use crate::util::*;
use paradox::import::pii::scan_column;

fn col(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn corpus() -> Vec<(&'static str, Vec<String>, Option<&'static str>)> {
    vec![
        // PII by value under neutral headings.
        (
            "contact",
            col(&[
                "ana@example.org",
                "b.smith@uni.edu",
                "x_y@mail.co.uk",
                "q@r.io",
            ]),
            Some("e-mail addresses"),
        ),
        (
            "reach_me",
            col(&[
                "+44 20 7946 0958",
                "+1 415 555 0100",
                "(555) 010-9999",
                "+49 30 1234567",
            ]),
            Some("phone numbers"),
        ),
        (
            "client",
            col(&["192.168.1.10", "10.0.0.7", "172.16.254.1", "8.8.8.8"]),
            Some("IP addresses"),
        ),
        (
            "client6",
            col(&[
                "2001:db8::1",
                "fe80::1ff:fe23:4567:890a",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
            ]),
            Some("IP addresses"),
        ),
        (
            "where",
            col(&[
                "52.5200, 13.4050",
                "40.7128, -74.0060",
                "-33.8688, 151.2093",
            ]),
            Some("GPS coordinates"),
        ),
        (
            "home",
            col(&[
                "221B Baker Street",
                "1600 Pennsylvania Ave",
                "10 Downing St",
                "742 Evergreen Terrace Road",
            ]),
            Some("street addresses"),
        ),
        // PII by heading (values alone could be anything).
        (
            "first_name",
            col(&["Ana", "Ben", "Chloé"]),
            Some("personal names"),
        ),
        (
            "Name",
            col(&["Ana Lopez", "Ben Ng"]),
            Some("personal names"),
        ),
        (
            "IPAddress",
            col(&["192.168.1.10", "10.0.0.7"]),
            Some("IP addresses"),
        ),
        ("RecipientEmail", col(&["", ""]), Some("e-mail addresses")),
        ("RecipientFirstName", col(&["Ana"]), Some("personal names")),
        ("RecipientLastName", col(&["Lopez"]), Some("personal names")),
        (
            "LocationLatitude",
            col(&["52.52", "40.71"]),
            Some("GPS coordinates"),
        ),
        (
            "LocationLongitude",
            col(&["13.40", "-74.00"]),
            Some("GPS coordinates"),
        ),
        ("phone", col(&["5550100"]), Some("phone numbers")),
        // Ordinary survey columns: must pass.
        ("concern_1", col(&["1", "4", "7", "5", "3"]), None),
        (
            "q5_text",
            col(&["Strongly agree", "Somewhat disagree", "Neutral"]),
            None,
        ),
        ("age", col(&["18", "34", "67", "90"]), None),
        ("birth_year", col(&["1950", "1999", "2004"]), None),
        (
            "state",
            col(&["California", "New York", "Texas", "WA", "NY"]),
            None,
        ),
        (
            "country",
            col(&["Germany", "United States", "FR", "Brazil"]),
            None,
        ),
        (
            "StartDate",
            col(&["2024-03-01 10:00:00", "2024-03-02 11:30:15"]),
            None,
        ),
        (
            "date",
            col(&["2025-03-01", "2025-12-31", "01/02/2025"]),
            None,
        ),
        ("time", col(&["12:30:00", "08:15:59"]), None),
        (
            "comment",
            col(&[
                "I never read privacy policies",
                "Apps ask too much, e.g. for contacts",
                "fine",
            ]),
            None,
        ),
        (
            "ResponseId",
            col(&["R_3kZ8abcDEFghIJ", "R_1aB2cD3eF4gH5iJ"]),
            None,
        ),
        (
            "respondent_id",
            col(&["1000234", "1000235", "1000236"]),
            None,
        ),
        ("weight", col(&["0.8734", "1.2051", "0.5"]), None),
        ("Duration (in seconds)", col(&["345", "1203", "87"]), None),
        ("Status", col(&["IP Address", "Survey Preview"]), None),
        ("UserLanguage", col(&["EN", "DE"]), None),
        ("score", col(&["3.75", "4.2", "-1.5"]), None),
        ("version", col(&["1.2.3", "2.0.1"]), None),
    ]
}

#[test]
fn precision_and_recall_on_the_corpus() {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut errors = Vec::new();
    for (heading, values, expected) in corpus() {
        let got = scan_column(heading, &values).map(|f| f.kind);
        match (expected, got) {
            (Some(e), Some(g)) if e == g => tp += 1,
            (Some(e), g) => {
                fn_ += 1;
                errors.push(format!("missed {heading}: expected {e}, got {g:?}"));
            }
            (None, Some(g)) => {
                fp += 1;
                errors.push(format!("false alarm on {heading}: {g}"));
            }
            (None, None) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    assert!(
        errors.is_empty(),
        "precision {precision:.2}, recall {recall:.2}:\n{}",
        errors.join("\n")
    );
    assert_eq!((precision, recall), (1.0, 1.0));
}

fn qualtrics_with_column(heading: &str, value: impl Fn(usize) -> String) -> tempfile::TempDir {
    let dir = copy_fixture("qualtrics");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let mut lines: Vec<String> = survey.lines().map(String::from).collect();
    lines[0].push_str(&format!(",{heading}"));
    lines[1].push_str(",x");
    lines[2].push_str(",\"{\"\"ImportId\"\":\"\"x\"\"}\"");
    for (i, l) in lines.iter_mut().enumerate().skip(3) {
        l.push_str(&format!(",{}", value(i)));
    }
    std::fs::write(dir.path().join("survey.csv"), lines.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn each_kind_is_refused_by_the_binary_naming_column_and_kind() {
    type ValueOf = Box<dyn Fn(usize) -> String>;
    let cases: Vec<(&str, ValueOf, &str)> = vec![
        (
            "IPAddress",
            Box::new(|i| format!("10.0.0.{i}")),
            "IP addresses",
        ),
        (
            "LocationLatitude",
            Box::new(|i| format!("52.{i}")),
            "GPS coordinates",
        ),
        (
            "contact",
            Box::new(|i| format!("p{i}@example.org")),
            "e-mail addresses",
        ),
        (
            "mobile",
            Box::new(|i| format!("+44 7700 900{i:03}")),
            "phone numbers",
        ),
        (
            "RecipientFirstName",
            Box::new(|_| "Ana".into()),
            "personal names",
        ),
    ];
    for (heading, value, kind) in cases {
        let dir = qualtrics_with_column(heading, value);
        let before = hash_dir(dir.path());
        let r = run(&["check", dir.path().to_str().unwrap()]);
        assert_eq!(r.code, 2, "{heading}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("column \"{heading}\"")) && r.stderr.contains(kind),
            "{heading}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
        assert_eq!(before, hash_dir(dir.path()));
    }
}

#[test]
fn drop_pii_removes_the_column_and_keeps_everything_else() {
    let dir = qualtrics_with_column("RecipientEmail", |i| format!("p{i}@example.org"));
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("clean");
    let p = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    let r = run(&[
        "import",
        "--survey",
        &p("survey.csv"),
        "--events",
        &p("events.csv"),
        "--codebook",
        &p("codebook.toml"),
        "--into",
        into.to_str().unwrap(),
        "--drop-pii",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let survey = std::fs::read_to_string(into.join("survey.csv")).unwrap();
    assert!(
        !survey.contains("RecipientEmail") && !survey.contains("@example.org"),
        "{survey}"
    );
    assert!(
        survey.starts_with("StartDate,EndDate,Status,ResponseId,Q_age,Q1_1,Q1_2,Q2,Q5\n"),
        "{survey}"
    );
    let log = std::fs::read_to_string(into.join("import.log")).unwrap();
    assert!(
        log.contains("Removed column \"RecipientEmail\" (e-mail addresses)"),
        "{log}"
    );
    // The normalized study checks clean and has the same respondents.
    let r = run(&["check", into.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Analysed respondents             4"),
        "{}",
        r.stdout
    );
}

#[test]
fn pseudonymized_ids_match_across_files_and_hide_the_originals() {
    let src = fixture("qualtrics");
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("pseudo");
    let salt = out.path().join("keys/pseudo.salt");
    let p = |f: &str| src.join(f).to_str().unwrap().to_string();
    let args = [
        "import",
        "--survey",
        &p("survey.csv"),
        "--events",
        &p("events.csv"),
        "--codebook",
        &p("codebook.toml"),
        "--into",
        into.to_str().unwrap(),
        "--pseudonymize-ids",
        "--salt-file",
        salt.to_str().unwrap(),
    ];
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&salt).unwrap().len() >= 16);
    for f in ["survey.csv", "events.csv"] {
        let text = std::fs::read_to_string(into.join(f)).unwrap();
        assert!(
            !text.contains("R_a1") && !text.contains("R_a3"),
            "{f}: {text}"
        );
    }
    // Same analysis as the original: the pseudonyms still link survey and events.
    let a = run(&["check", into.to_str().unwrap()]);
    let b = run(&["check", src.to_str().unwrap()]);
    // (The normalized copy holds only the valid rows, so compare what was analysed.)
    let pick = |s: &str| {
        s.lines()
            .filter(|l| {
                l.starts_with("Analysed respondents") || l.starts_with("Behaviour match rate")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(pick(&a.stdout), pick(&b.stdout));
    assert!(pick(&a.stdout).contains("75.0%"), "{}", a.stdout);
    // The same salt gives the same pseudonyms (a later wave can be linked by the holder).
    let first = std::fs::read_to_string(into.join("survey.csv")).unwrap();
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(run(&forced).code, 0);
    assert_eq!(
        first,
        std::fs::read_to_string(into.join("survey.csv")).unwrap()
    );
}
