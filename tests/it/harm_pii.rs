//! Do no harm with personal data and with broken studies. The PII guard scans every column
//! the codebook uses before its values can become a published label: a group column of
//! e-mail addresses or phone numbers is refused (exit 2, naming column and kind) and cannot
//! be dropped; ids that are e-mail addresses pass only through `import --pseudonymize-ids`;
//! obfuscated addresses are caught; an empty column holds no PII; ordinary answers, every
//! fixture study and `paradox synth` output pass. A study that loads but is doubtful is
//! "usable with warnings" (exit 0, one line per warning naming the column, the count and the
//! fix) — a share-action typo, a label typo rejecting 49% of a column, a heavy weight — and
//! the report lists the same warnings at its top, with small counts suppressed.

use std::path::Path;

use crate::util::*;
use paradox::import::pii::{confident_kind, scan_labels, value_kind};

/// Writes `codebook.toml` and `survey.csv` (and `events.csv` when given) into `dir`.
fn write_study(dir: &Path, codebook: &str, survey: &str, events: Option<&str>) {
    std::fs::write(dir.join("codebook.toml"), codebook).unwrap();
    std::fs::write(dir.join("survey.csv"), survey).unwrap();
    if let Some(e) = events {
        std::fs::write(dir.join("events.csv"), e).unwrap();
    }
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// The mini fixture with its group column `country` set by `level(row)` (rows from 0).
fn mini_with_country(level: impl Fn(usize) -> String) -> tempfile::TempDir {
    let dir = copy_fixture("mini");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let lines: Vec<String> = survey
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return l.to_string();
            }
            let mut f: Vec<String> = l.split(';').map(String::from).collect();
            f[3] = level(i - 1);
            f.join(";")
        })
        .collect();
    std::fs::write(dir.path().join("survey.csv"), lines.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn a_group_column_of_personal_data_is_refused_and_cannot_be_dropped() {
    type LevelOf = Box<dyn Fn(usize) -> String>;
    let cases: Vec<(LevelOf, &str)> = vec![
        (
            Box::new(|i| format!("p{i}@example.org")),
            "e-mail addresses",
        ),
        (
            Box::new(|i| format!("p{i} [at] example dot com")),
            "e-mail addresses",
        ),
        (
            Box::new(|i| format!("+44 20 7946 09{i:02}")),
            "phone numbers",
        ),
        (Box::new(|i| format!("555.010.99{i:02}")), "phone numbers"),
        (Box::new(|i| format!("555-010-99{i:02}")), "phone numbers"),
        (Box::new(|i| format!("555 010 99{i:02}")), "phone numbers"),
        // One address among ordinary levels is enough: it would be printed as a label.
        (
            Box::new(|i| {
                if i == 2 {
                    "ana(at)example(dot)org".into()
                } else {
                    "DE".into()
                }
            }),
            "e-mail addresses",
        ),
    ];
    for (level, kind) in cases {
        let dir = mini_with_country(level);
        let before = hash_dir(dir.path());
        for extra in [None, Some("--drop-pii")] {
            let mut args = vec!["check", path(dir.path())];
            args.extend(extra);
            run(&args)
                .assert_exit(2)
                .stderr_contains("column \"country\"")
                .stderr_contains(kind)
                .stderr_contains("cannot simply be dropped");
        }
        assert_eq!(before, hash_dir(dir.path()), "inputs are never modified");
    }
}

#[test]
fn pii_allow_lets_a_used_column_through() {
    let dir = mini_with_country(|i| format!("p{i}@example.org"));
    let cb = std::fs::read_to_string(dir.path().join("codebook.toml")).unwrap();
    std::fs::write(
        dir.path().join("codebook.toml"),
        cb + "\n[pii_allow]\ncountry = \"test addresses, published on purpose\"\n",
    )
    .unwrap();
    run(&["check", path(dir.path())])
        .assert_exit(0)
        .stdout_contains("Status: usable");
}

/// The mini fixture with ids `r1 [at] example dot com` … in survey and behaviour file.
fn mini_with_email_ids() -> tempfile::TempDir {
    let dir = copy_fixture("mini");
    for (file, sep) in [("survey.csv", ';'), ("behavior.csv", ',')] {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let lines: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| match (i, l.split_once(sep)) {
                (0, _) | (_, None) => l.to_string(),
                (_, Some((id, rest))) => format!(
                    "{} [at] example dot com{sep}{rest}",
                    id.trim_start_matches('\u{feff}').to_lowercase()
                ),
            })
            .collect();
        std::fs::write(dir.path().join(file), lines.join("\n") + "\n").unwrap();
    }
    dir
}

#[test]
fn ids_that_are_email_addresses_pass_only_when_pseudonymized() {
    let dir = mini_with_email_ids();
    let d = path(dir.path());
    for args in [
        vec!["check", d],
        vec!["check", d, "--drop-pii"],
        vec!["report", d],
    ] {
        run(&args)
            .assert_exit(2)
            .stderr_contains("column \"respondent_id\"")
            .stderr_contains("e-mail addresses")
            .stderr_contains("--pseudonymize-ids");
    }
    // [pii_allow] does not cover the ids.
    let allowed = copy_fixture("mini");
    for f in ["survey.csv", "behavior.csv"] {
        std::fs::copy(dir.path().join(f), allowed.path().join(f)).unwrap();
    }
    let cb = std::fs::read_to_string(allowed.path().join("codebook.toml")).unwrap();
    std::fs::write(
        allowed.path().join("codebook.toml"),
        cb + "\n[pii_allow]\nrespondent_id = \"we know\"\n",
    )
    .unwrap();
    run(&["check", path(allowed.path())])
        .assert_exit(2)
        .stderr_contains("--pseudonymize-ids");

    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("clean");
    let p = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
    let import = |extra: Option<&str>| {
        let mut args = vec![
            "import".to_string(),
            "--survey".into(),
            p("survey.csv"),
            "--behavior".into(),
            p("behavior.csv"),
            "--codebook".into(),
            p("codebook.toml"),
            "--into".into(),
            into.to_str().unwrap().to_string(),
        ];
        args.extend(extra.map(String::from));
        TestCommand::new().args(&args).run()
    };
    import(None)
        .assert_exit(2)
        .stderr_contains("--pseudonymize-ids");
    assert!(!into.exists());
    import(Some("--pseudonymize-ids")).assert_exit(0);
    for f in ["survey.csv", "behavior.csv", "import.log", "rejected.csv"] {
        let text = std::fs::read_to_string(into.join(f)).unwrap();
        assert!(!text.contains("example"), "{f}: {text}");
    }
    run(&["check", into.to_str().unwrap()])
        .assert_exit(0)
        .stdout_contains("Analysed respondents             8");
}

#[test]
fn obfuscated_addresses_and_phone_numbers_are_recognized() {
    for v in [
        "jane.doe@example.org",
        "name [at] domain dot com",
        "name(at)domain(dot)com",
        "name @ domain . com",
        "Name [AT] Domain [DOT] co [DOT] uk",
    ] {
        assert_eq!(value_kind(v), Some("e-mail addresses"), "{v}");
        assert_eq!(confident_kind(v), Some("e-mail addresses"), "{v}");
    }
    for v in [
        "+44 20 7946 0958",
        "+4915112345678",
        "555 010 9999",
        "555.010.9999",
        "555-010-9999",
        "(555) 010-9999",
        "030 1234567",
    ] {
        assert_eq!(value_kind(v), Some("phone numbers"), "{v}");
    }
    // An unused column of obfuscated addresses is refused like plain ones.
    let dir = copy_fixture("mini");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let lines: Vec<String> = survey
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l};contact"),
            _ => format!("{l};person{i} (at) example (dot) net"),
        })
        .collect();
    std::fs::write(dir.path().join("survey.csv"), lines.join("\n") + "\n").unwrap();
    run(&["check", path(dir.path())])
        .assert_exit(2)
        .stderr_contains("column \"contact\"")
        .stderr_contains("e-mail addresses")
        .stderr_contains("--drop-pii");
}

#[test]
fn ordinary_answers_are_no_personal_data() {
    let ordinary = [
        "2025-03-01",
        "01.02.2025",
        "2024-03-01 10:00:00",
        "12:30",
        "0.8734",
        "3.75",
        "-1.5",
        "1.234.567",
        "123456.789",
        "Strongly agree",
        "Very acceptable",
        "Not at all",
        "Neither agree nor disagree",
        "18-24",
        "65+",
        "34",
        "120",
        "N/A",
        "NA",
        "-99",
        "50000-74999",
        "100 000 - 150 000",
        "2024-000123",
        "R_3kZ8abcDEFghIJ",
        "v1.2.3",
    ];
    for v in ordinary {
        assert_eq!(value_kind(v), None, "{v}");
        assert_eq!(confident_kind(v), None, "{v}");
    }
    let levels: Vec<String> = ordinary.iter().map(|s| s.to_string()).collect();
    assert_eq!(scan_labels("group", &levels), None);
    // Through the binary: a group column of age bands, dates and ranges passes.
    let bands = ["18-24", "2025-03-01", "50000-74999", "N/A", "65+"];
    let dir = mini_with_country(|i| bands[i % bands.len()].to_string());
    run(&["check", path(dir.path())])
        .assert_exit(0)
        .stdout_contains("Status: usable — 8 respondents");
}

#[test]
fn an_empty_column_holds_no_personal_data() {
    // A Qualtrics export without IPs or locations keeps their columns, empty.
    let dir = copy_fixture("qualtrics");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let mut lines: Vec<String> = survey.lines().map(String::from).collect();
    lines[0].push_str(",IPAddress,LocationLatitude,RecipientEmail");
    lines[1].push_str(",IP Address,Location Latitude,Recipient Email");
    lines[2].push_str(",x,y,z");
    for l in lines.iter_mut().skip(3) {
        l.push_str(",,,");
    }
    std::fs::write(dir.path().join("survey.csv"), lines.join("\n") + "\n").unwrap();
    let r = run(&["check", path(dir.path())]);
    r.assert_exit(0).stdout_contains("Analysed respondents");
    assert!(!r.stdout.contains("Dropped PII"), "{}", r.stdout);
    // One value makes it a column of IP addresses again.
    let mut with_ip = lines;
    let last = with_ip.len() - 1;
    with_ip[last] = with_ip[last].trim_end_matches(",,,").to_string() + ",10.0.0.7,,";
    std::fs::write(dir.path().join("survey.csv"), with_ip.join("\n") + "\n").unwrap();
    run(&["check", path(dir.path())])
        .assert_exit(2)
        .stderr_contains("column \"IPAddress\"")
        .stderr_contains("IP addresses");
}

#[test]
fn every_fixture_and_synthetic_study_checks_without_a_false_alarm() {
    for name in [
        "mini",
        "models",
        "qualtrics",
        "limesurvey-codes",
        "limesurvey-text",
    ] {
        let r = run(&["check", fixture(name).to_str().unwrap()]);
        r.assert_exit(0).stdout_contains("Status: usable");
    }
    // The raw Qualtrics export: exactly its IP and location columns are personal data.
    let r = run(&[
        "check",
        fixture("qualtrics-raw").to_str().unwrap(),
        "--drop-pii",
    ]);
    r.assert_exit(0);
    let dropped: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("Dropped PII column"))
        .collect();
    assert_eq!(
        dropped,
        [
            "Dropped PII column      \"IPAddress\" (IP addresses)",
            "Dropped PII column      \"LocationLatitude\" (GPS coordinates)",
            "Dropped PII column      \"LocationLongitude\" (GPS coordinates)",
        ],
        "{}",
        r.stdout
    );
    // The SPSS fixtures, with the codebook the draft writes for them.
    for (sav, name) in [
        ("survey.sav", "survey.sav"),
        ("survey_bytecode.sav", "survey.sav"),
        ("survey_weighted.sav", "survey.sav"),
        ("survey.zsav", "survey.zsav"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(fixture("sav").join(sav), dir.path().join(name)).unwrap();
        let draft = run(&[
            "codebook",
            "--draft",
            dir.path().join(name).to_str().unwrap(),
        ]);
        draft.assert_exit(0);
        std::fs::write(dir.path().join("codebook.toml"), &draft.stdout).unwrap();
        run(&["check", path(dir.path())])
            .assert_exit(0)
            .stdout_contains("Status: usable —");
    }
    // The bundled sample and synthetic studies: usable, with no warning.
    run(&["check"])
        .assert_exit(0)
        .stdout_contains("Status: usable — 2,391 respondents");
    let out = tempfile::tempdir().unwrap();
    for (name, extra) in [
        ("wide", vec![]),
        ("events", vec!["--events", "--careless", "0.05"]),
    ] {
        let dir = out.path().join(name);
        let mut args = vec!["synth", "--respondents", "600", "--seed", "5", "--out"];
        args.push(dir.to_str().unwrap());
        args.extend(extra);
        run(&args).assert_exit(0);
        let r = run(&["check", dir.to_str().unwrap()]);
        r.assert_exit(0).stdout_contains("Status: usable —");
        assert!(!r.stdout.contains("Warnings"), "{}", r.stdout);
    }
}

/// The bundled sample with `edit` applied to its codebook text.
fn sample_with_codebook(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    for f in ["survey.csv", "events.csv"] {
        std::fs::copy(sample.join(f), dir.path().join(f)).unwrap();
    }
    let cb = std::fs::read_to_string(sample.join("codebook.toml")).unwrap();
    std::fs::write(dir.path().join("codebook.toml"), edit(cb)).unwrap();
    dir
}

/// The lines of the "Warnings" block of `paradox check`'s output.
fn warning_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("Warnings ("))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn typos_in_share_actions_and_data_types_are_warnings() {
    let dir = sample_with_codebook(|cb| {
        cb.replace(
            "share_actions = [\"grant\", \"share\"]",
            "share_actions = [\"grnat\", \"share\"]",
        )
        .replace("behavior = \"contacts\"", "behavior = \"contacs\"")
    });
    let r = run(&["check", path(dir.path())]);
    r.assert_exit(0)
        .stdout_contains("Warnings (2):")
        .stdout_contains("Status: usable with warnings — 2,391 respondents to analyse");
    let lines = warning_lines(&r.stdout);
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].contains("column \"data_type\" (events.csv)")
            && lines[0].contains("\"contacs\"")
            && lines[0].contains("did you mean \"contacts\" (9,064 events ignored)?"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("column \"action\" (events.csv)")
            && lines[1].contains("0 events")
            && lines[1].contains("\"grnat\"")
            && lines[1].contains("did you mean \"grant\""),
        "{}",
        lines[1]
    );
}

const TYPO_CODEBOOK: &str = r#"[study]
name = "typo"
survey_year = 2025

[columns]
id = "id"
birth_year = "birth_year"
weight = "weight"

[labels.acceptability5]
"Very intrusive" = 1
"Somewhat intrusive" = 2
"Neutral" = 3
"Somewhat acceptable" = 4
"Very acceptible" = 5

[label_columns]
accept = "acceptability5"

[[tactic]]
name = "push"
column = "accept"
min = 1
max = 5
"#;

/// `n` respondents; the first `typos` answer "Very acceptable" (not a label of the set as
/// written), respondent `heavy` (if any) has weight `w`, everyone else 1.
fn typo_survey(n: usize, typos: usize, heavy: Option<(usize, f64)>) -> String {
    let labels = [
        "Very intrusive",
        "Somewhat intrusive",
        "Neutral",
        "Somewhat acceptable",
    ];
    let mut s = String::from("id,birth_year,weight,accept\n");
    for i in 0..n {
        let a = if i < typos {
            "Very acceptable"
        } else {
            labels[i % 4]
        };
        let w = match heavy {
            Some((h, w)) if h == i => w,
            _ => 1.0,
        };
        s.push_str(&format!("r{i},{},{w},{a}\n", 1950 + i % 50));
    }
    s
}

#[test]
fn a_label_typo_rejecting_half_a_column_is_a_warning_with_the_label_meant() {
    let dir = tempfile::tempdir().unwrap();
    write_study(
        dir.path(),
        TYPO_CODEBOOK,
        &typo_survey(2400, 1185, None),
        None,
    );
    let r = run(&["check", path(dir.path())]);
    r.assert_exit(0)
        .stdout_contains("Status: usable with warnings — 1,215 respondents to analyse");
    let lines = warning_lines(&r.stdout);
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(
        lines[0].contains("column \"accept\" (survey.csv)")
            && lines[0].contains("1,185 of 2,400 rows rejected (49.4%)")
            && lines[0].contains("label \"Very acceptible\"")
            && lines[0].contains("did you mean \"Very acceptable\"?"),
        "{}",
        lines[0]
    );
    // The report opens with the same warning, without the rejected value itself.
    let out = tempfile::tempdir().unwrap();
    let rep = out.path().join("r");
    run(&[
        "report",
        path(dir.path()),
        "--format",
        "md",
        "--out",
        rep.to_str().unwrap(),
    ])
    .assert_exit(0);
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    let para = md
        .lines()
        .find(|l| l.starts_with("**Warnings.**"))
        .unwrap_or_else(|| panic!("no warnings paragraph:\n{md}"));
    assert!(
        para.contains("label “Very acceptible”")
            && para.contains("column “accept”")
            && para.contains("1,185 of 2,400")
            && !para.contains("Very acceptable"),
        "{para}"
    );
    let findings = md.find("## Key findings").unwrap();
    let study = md.find("## 1.").unwrap();
    let at = md.find("**Warnings.**").unwrap();
    assert!(findings < at && at < study, "the warnings open the report");
}

#[test]
fn a_heavy_weight_and_a_rejecting_column_are_warnings_and_small_counts_stay_unpublished() {
    let dir = tempfile::tempdir().unwrap();
    let cb = TYPO_CODEBOOK.replace("\"Very acceptible\" = 5", "\"Very acceptable\" = 5");
    // 40 respondents, one of weight 10 (10 of 49: 20%); 3 birth years of 1850 are
    // impossible (7.5% of the column's rows).
    let mut survey = typo_survey(40, 0, Some((7, 10.0)));
    for i in [3, 11, 19] {
        survey = survey.replace(&format!("\nr{i},{},", 1950 + i), &format!("\nr{i},1850,"));
    }
    write_study(dir.path(), &cb, &survey, None);
    let r = run(&["check", path(dir.path())]);
    r.assert_exit(0)
        .stdout_contains("Status: usable with warnings — 37 respondents to analyse");
    let lines = warning_lines(&r.stdout);
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].contains("column \"birth_year\" (survey.csv): 3 of 40 rows rejected (7.5%)"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1]
            .contains("column \"weight\": 1 respondent carries more than 10% of the total weight")
            && lines[1].contains("10.00"),
        "{}",
        lines[1]
    );
    // In the report (min_cell 10 by default) the counts 3 and 1 are small cells.
    let out = tempfile::tempdir().unwrap();
    let report = |name: &str, extra: &[&str]| {
        let rep = out.path().join(name);
        let mut args = vec![
            "report",
            path(dir.path()),
            "--format",
            "md",
            "--out",
            rep.to_str().unwrap(),
        ];
        args.extend(extra);
        run(&args).assert_exit(0);
        let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
        md.lines()
            .find(|l| l.starts_with("**Warnings.**"))
            .unwrap_or_else(|| panic!("no warnings paragraph:\n{md}"))
            .to_string()
    };
    let para = report("suppressed", &[]);
    assert!(
        para.contains("2 warnings")
            && para.contains("more than 5% of the values in column “birth\\_year” were rejected (the count is not published)")
            && para.contains("a small number of respondents each carry more than 10% of the total weight")
            && !para.contains(" 3 of "),
        "{para}"
    );
    let para = report("open", &["--min-cell", "0"]);
    assert!(
        para.contains("3 of 40 values in column “birth\\_year” were rejected (7.5%)")
            && para.contains("1 respondent carries more than 10% of the total weight"),
        "{para}"
    );
    // The bundled sample's report has no warnings paragraph.
    let rep = out.path().join("sample");
    run(&["report", "--format", "md", "--out", rep.to_str().unwrap()]).assert_exit(0);
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    assert!(!md.contains("**Warnings.**"));
}
