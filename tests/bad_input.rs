//! The bad-input corpus (tests/bad-input/*): each folder is a study with one thing wrong and
//! an `expect.toml` giving the exit code and a fragment of the message. Every case must
//! end with that code (never 101, a panic), say what is wrong and where, and leave its input
//! files untouched. Cases too big to commit (a 10 MB field, 100k columns) are made here.

mod common;

use std::path::Path;

use common::*;

#[derive(serde::Deserialize)]
struct Expect {
    exit: i32,
    fragment: String,
    #[serde(default)]
    args: Vec<String>,
}

fn check_case(dir: &Path, expect: &Expect) -> Result<(), String> {
    let before = hash_dir(dir);
    let mut args = vec!["check".to_string(), dir.to_string_lossy().into_owned()];
    args.extend(expect.args.iter().cloned());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&argv);
    let both = format!("{}{}", r.stdout, r.stderr);
    let mut problems = Vec::new();
    if r.code == 101 {
        problems.push("panicked".to_string());
    }
    if r.code != expect.exit {
        problems.push(format!("exit {} (expected {})", r.code, expect.exit));
    }
    if !both.contains(&expect.fragment) {
        problems.push(format!("output lacks {:?}", expect.fragment));
    }
    if r.code != 0 && !r.stdout.is_empty() {
        problems.push("partial output on stdout after an error".into());
    }
    if hash_dir(dir) != before {
        problems.push("an input file was modified".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}\n--- stdout\n{}\n--- stderr\n{}",
            dir.display(),
            problems.join("; "),
            r.stdout,
            r.stderr
        ))
    }
}

#[test]
fn corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("expect.toml").exists())
        .map(|e| e.path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).unwrap()).unwrap();
        // Run on a copy so the committed corpus can never be changed by a run.
        let tmp = tempfile::tempdir().unwrap();
        for e in std::fs::read_dir(case).unwrap().flatten() {
            std::fs::copy(e.path(), tmp.path().join(e.file_name())).unwrap();
        }
        if let Err(e) = check_case(tmp.path(), &expect) {
            failures.push(format!(
                "[{}] {e}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn mini_with_survey(survey: &[u8]) -> tempfile::TempDir {
    let dir = copy_fixture("mini");
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    dir
}

#[test]
fn ten_megabyte_field_is_one_rejected_value() {
    let head = "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\n";
    let mut s = String::from(head);
    s.push_str("R1;1980;1.0;DE;4;4;2;2;0;1\n");
    s.push_str("R2;1980;1.0;DE;");
    s.push_str(&"x".repeat(10 << 20));
    s.push_str(";4;2;2;0;1\n");
    let dir = mini_with_survey(s.as_bytes());
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("survey.csv, line 3, column \"c1\""),
        "{}",
        &r.stdout[..r.stdout.len().min(3000)]
    );
    assert!(
        r.stdout.len() < 20_000,
        "the value is shortened in messages"
    );
}

#[test]
fn hundred_thousand_columns() {
    let mut head =
        String::from("respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push");
    let mut row = String::from("R1;1980;1.0;DE;4;4;2;2;0;1");
    for i in 0..100_000 {
        head.push_str(&format!(";extra{i}"));
        row.push_str(";1");
    }
    let dir = mini_with_survey(format!("{head}\n{row}\n").as_bytes());
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Analysed respondents             1"),
        "{}",
        r.stdout
    );
}

#[test]
fn output_folder_that_is_a_file() {
    let out = tempfile::NamedTempFile::new().unwrap();
    let before = std::fs::read(out.path()).unwrap();
    let r = run(&[
        "report",
        fixture("mini").to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&out.path().display().to_string()),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(out.path()).unwrap(), before);
}

#[test]
fn missing_study_folder() {
    let r = run(&["check", "/nonexistent/study"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/nonexistent/study"), "{}", r.stderr);
}

/// A full disk, simulated with a 256 KiB tmpfs (needs root and mount; skipped otherwise).
#[test]
fn full_disk_leaves_no_partial_report() {
    let mnt = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(mnt.path())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    let out = mnt.path().join("report");
    let r = run(&["report", "--out", out.to_str().unwrap()]);
    let listing: Vec<_> = std::fs::read_dir(mnt.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let _ = std::process::Command::new("umount")
        .arg(mnt.path())
        .status();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("No space left") || r.stderr.contains("space"),
        "{}",
        r.stderr
    );
    assert!(listing.is_empty(), "left behind: {listing:?}");
}

/// Limits that protect the machine: a file without line breaks is refused at 64 MiB rather
/// than buffered whole; a header with too many columns is refused.
#[test]
fn limits_on_line_length_and_column_count() {
    let mut s = b"respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\nR1;"
        .to_vec();
    s.resize(s.len() + (70 << 20), b'7');
    let dir = mini_with_survey(&s);
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("survey.csv") && r.stderr.contains("line 2 is longer than 64 MiB"),
        "{}",
        r.stderr
    );

    let mut head = String::from("respondent_id");
    for i in 0..300_000 {
        head.push_str(&format!(";x{i}"));
    }
    let dir = mini_with_survey(format!("{head}\nR1\n").as_bytes());
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("survey.csv, line 1: the header has 300001 columns"),
        "{}",
        r.stderr
    );
}

/// A study folder the user may not read. Root reads everything, so as root the binary is run
/// as `nobody` (via runuser); skipped with a message when neither way is possible.
#[test]
fn study_folder_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let study = parent.path().join("locked");
    std::fs::create_dir(&study).unwrap();
    for e in std::fs::read_dir(fixture("mini")).unwrap().flatten() {
        std::fs::copy(e.path(), study.join(e.file_name())).unwrap();
    }
    std::fs::set_permissions(&study, std::fs::Permissions::from_mode(0o000)).unwrap();
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let out = if is_root {
        match std::process::Command::new("runuser")
            .args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_paradox"), "check"])
            .arg(&study)
            .output()
        {
            Ok(o) => o,
            Err(_) => {
                eprintln!("skipped: running as root without runuser");
                return;
            }
        }
    } else {
        bin().arg("check").arg(&study).output().unwrap()
    };
    std::fs::set_permissions(&study, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if is_root && stderr.contains("runuser") {
        eprintln!("skipped: runuser cannot switch user here: {stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("locked") && stderr.contains("ermission denied"),
        "{stderr}"
    );
}
