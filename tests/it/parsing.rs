//! Parsing honestly and failing clearly, tried as a hostile user would: a runaway quote,
//! CR-only line ends, absurd weights, ids in NFD or with invisible characters, inputs that
//! are not regular files, too little memory for threads, ambiguous or missing files, and
//! no terminal for the dashboard. Each case is built in a temporary folder and asserts its
//! outcome: exit status 2 with a message naming the file, line and value; or a row error
//! with its reason in `rejected.csv`; never a panic, never a hang, never a silent misread.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

const MINI_HEAD: &str =
    "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push";

/// The mini fixture's eight survey rows, R1–R8 on lines 2–9.
const MINI_ROWS: [&str; 8] = [
    "R1;1950;1.0;DE;5;4;1;2;0;1",
    "R2;1960;0.5;DE;4;5;2;4;1;2",
    "R3;1970;2.0;FR;3;3;3;3;0;3",
    "R4;1985;1.0;FR;2;2;4;5;1;4",
    "R5;1990;1.5;DE;5;5;-99;1;0;5",
    "R6;2000;1.0;FR;4;4;2;2;1;2",
    "R7;2001;1.0;DE;5;NA;1;4;1;1",
    "R8;1999;1.0;FR;4;4;2;2;0;2",
];

/// The mini study with these survey rows (after the header), lines ending in `eol`.
fn mini(rows: &[String], eol: &str) -> tempfile::TempDir {
    let dir = copy_fixture("mini");
    let mut text = format!("{MINI_HEAD}{eol}");
    for r in rows {
        text.push_str(r);
        text.push_str(eol);
    }
    std::fs::write(dir.path().join("survey.csv"), text).unwrap();
    dir
}

fn mini_rows() -> Vec<String> {
    MINI_ROWS.iter().map(|r| r.to_string()).collect()
}

/// A copy of the bundled sample study (2,400 respondents, an event log).
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    for e in std::fs::read_dir(src).unwrap().flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    dir
}

/// Rewrites a text file line by line (`f(index, line)`), keeping LF line ends.
fn edit_lines(path: &Path, mut f: impl FnMut(usize, &str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let out: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| f(i, l) + "\n")
        .collect();
    std::fs::write(path, out).unwrap();
}

/// `check DIR --rejected FILE`: the run and the text of the rejected rows' listing.
fn check_rejected(dir: &Path) -> (Run, String) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("rejected.csv");
    let r = TestCommand::new()
        .arg("check")
        .arg(dir)
        .arg("--rejected")
        .arg(&file)
        .run();
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    (r, text)
}

/// `check DIR`'s report without the lines that name files by hash and size.
fn check_text(dir: &Path) -> String {
    let r = TestCommand::new().arg("check").arg(dir).run();
    r.assert_exit(0);
    r.stdout
        .lines()
        .filter(|l| !l.contains("sha256"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line of `text` that starts with `label`.
fn line_of<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in\n{text}"))
}

/// Runs the binary and fails the test if it has not ended within 30 seconds (a read that
/// blocks forever must not hang the test suite). Returns exit status and stderr.
fn run_within_30s(args: &[&OsStr], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paradox"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("paradox {args:?} still running after 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// --- runaway quotes -------------------------------------------------------------------

#[test]
fn a_runaway_quote_in_the_survey_is_a_file_error_at_the_line_it_opened() {
    let dir = sample_copy();
    // Line 30: a quote opens the fourth field and is never closed; before, 2,370 rows
    // vanished into that field and `check` called the study usable with 29 respondents.
    edit_lines(&dir.path().join("survey.csv"), |i, l| {
        if i == 29 {
            let mut f: Vec<String> = l.split(',').map(String::from).collect();
            f[3].insert(0, '"');
            f.join(",")
        } else {
            l.to_string()
        }
    });
    let r = TestCommand::new().arg("check").arg(dir.path()).run();
    r.assert_exit(2)
        .stderr_contains("survey.csv, line 30: a quoted field opens on this line")
        .stderr_contains("without its closing quote");
    assert!(
        r.stdout.is_empty(),
        "no report after the error: {}",
        r.stdout
    );
}

#[test]
fn a_quoted_field_of_more_than_32_kib_is_a_runaway_quote() {
    let mut rows = mini_rows();
    rows[2] = format!("R3;1970;2.0;\"{};3;3;3;0;3", "x".repeat(40 << 10));
    let dir = mini(&rows, "\n");
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .run()
        .assert_exit(2)
        .stderr_contains("survey.csv, line 4: a quoted field opens on this line (\"xxxx")
        .stderr_contains("more than 32 KiB");
}

#[test]
fn a_runaway_quote_in_the_event_log_names_its_line() {
    let dir = sample_copy();
    edit_lines(&dir.path().join("events.csv"), |i, l| {
        if i == 99 {
            l.replacen(',', ",\"", 1)
        } else {
            l.to_string()
        }
    });
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .run()
        .assert_exit(2)
        .stderr_contains("events.csv, line 100: a quoted field opens on this line");
}

#[test]
fn quoted_fields_over_a_few_lines_are_read_and_later_lines_keep_their_numbers() {
    let mut rows = mini_rows();
    // R2's country spans lines 3–5 and holds an escaped quote; R3 starts on line 6.
    rows[1] = "R2;1960;0.5;\"D\n\"\"E\"\"\nX\";4;5;2;4;1;2".into();
    rows[2] = "R3;1970;2.0;FR;9;3;3;3;0;3".into();
    r3_rejected_on_line_6(&rows);
}

/// The mini study with `rows`, whose R3 holds c1 = 9: seven respondents analysed and R3's
/// bad value listed on line 6.
fn r3_rejected_on_line_6(rows: &[String]) {
    let dir = mini(rows, "\n");
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0)
        .stdout_contains("Analysed respondents             7");
    assert!(
        rejected.contains("survey.csv,6,c1,9,"),
        "R3 is on line 6:\n{rejected}"
    );
}

#[test]
fn blank_lines_count_in_the_line_numbers_of_rejected_rows() {
    let mut rows = mini_rows();
    // Two blank lines after R1 (lines 3–4): R2 is on line 5, and a bad value in R3 is on
    // line 6 (the csv crate's reader said 4: it does not count the lines it skips).
    rows.insert(1, String::new());
    rows.insert(1, String::new());
    rows[4] = "R3;1970;2.0;FR;9;3;3;3;0;3".into();
    r3_rejected_on_line_6(&rows);
}

// --- line ends ------------------------------------------------------------------------

#[test]
fn cr_only_line_ends_give_true_line_numbers() {
    let mut rows = mini_rows();
    rows[3] = "R4;1985;1.0;FR;2;9;4;5;1;4".into();
    rows[6] = "R7;2001;1.0;DE;5;NA;1;4;7;1".into();
    let dir = mini(&rows, "\r");
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0)
        .stdout_contains("Respondents in survey            8");
    assert!(rejected.contains("survey.csv,5,c2,9,"), "{rejected}");
    assert!(rejected.contains("survey.csv,8,will_con,7,"), "{rejected}");
}

#[test]
fn a_cr_only_study_reads_exactly_as_its_lf_twin() {
    let lf = sample_copy();
    let cr = sample_copy();
    for name in ["survey.csv", "events.csv"] {
        let text = std::fs::read(cr.path().join(name)).unwrap();
        let cr_only: Vec<u8> = text
            .iter()
            .map(|&b| if b == b'\n' { b'\r' } else { b })
            .collect();
        std::fs::write(cr.path().join(name), cr_only).unwrap();
    }
    // An event without a data type on line 10 is listed at line 10 in both.
    for dir in [&lf, &cr] {
        let path = dir.path().join("events.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        let eol = if text.contains('\n') { '\n' } else { '\r' };
        let mut lines: Vec<String> = text.split(eol).map(String::from).collect();
        let mut f: Vec<String> = lines[9].split(',').map(String::from).collect();
        f[2].clear();
        lines[9] = f.join(",");
        std::fs::write(&path, lines.join(&eol.to_string())).unwrap();
    }
    let (a, b) = (check_text(lf.path()), check_text(cr.path()));
    assert_eq!(a, b);
    let (_, rejected) = check_rejected(cr.path());
    assert!(
        rejected.contains("events.csv,10,data_type,,event without a data type"),
        "{rejected}"
    );
}

// --- weights --------------------------------------------------------------------------

#[test]
fn a_weight_out_of_all_proportion_is_a_row_error_with_its_reason() {
    let mut rows = mini_rows();
    rows[2] = "R3;1970;1e308;FR;3;3;3;3;0;3".into();
    rows[4] = "R5;1990;2000000;DE;5;5;-99;1;0;5".into();
    // 900,000 times the median (1.0) is large but kept.
    rows[5] = "R6;2000;900000;FR;4;4;2;2;1;2".into();
    let dir = mini(&rows, "\n");
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0)
        .stdout_contains("Analysed respondents             6");
    assert!(
        rejected.contains(
            "survey.csv,4,weight,1e308,\"weight 1e308 is more than 1,000,000 times the median weight 1.0"
        ),
        "{rejected}"
    );
    assert!(
        rejected.contains("survey.csv,6,weight,2000000.0,\"weight 2000000.0 is more than"),
        "{rejected}"
    );
    assert!(!rejected.contains("survey.csv,7,"), "{rejected}");
    let weights = line_of(&r.stdout, "Weights");
    assert!(!weights.contains("NaN"), "{weights}");
}

#[test]
fn weights_whose_sums_overflow_are_a_file_error() {
    let rows: Vec<String> = MINI_ROWS
        .iter()
        .map(|r| {
            let mut f: Vec<&str> = r.split(';').collect();
            f[2] = "1e200";
            f.join(";")
        })
        .collect();
    let dir = mini(&rows, "\n");
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .run()
        .assert_exit(2)
        .stderr_contains("survey.csv, column \"weight\": the weights are too large")
        .stderr_contains("rescale the weights");
}

#[test]
fn an_infinite_weight_is_a_row_error() {
    let mut rows = mini_rows();
    rows[0] = "R1;1950;1e309;DE;5;4;1;2;0;1".into();
    let dir = mini(&rows, "\n");
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0);
    assert!(
        rejected.contains("survey.csv,2,weight,1e309,weight is not a number"),
        "{rejected}"
    );
}

// --- ids ------------------------------------------------------------------------------

const NFC: &str = "R\u{e9}1";
const NFD: &str = "Re\u{301}1";

#[test]
fn nfd_ids_in_the_behaviour_file_match_nfc_ids_in_the_survey() {
    let plain = copy_fixture("mini");
    let dir = copy_fixture("mini");
    edit_lines(&dir.path().join("survey.csv"), |_, l| {
        l.replacen("R1;", &format!("{NFC};"), 1)
    });
    edit_lines(&dir.path().join("behavior.csv"), |_, l| {
        l.replacen("R1,", &format!("{NFD},"), 1)
    });
    let (a, b) = (check_text(plain.path()), check_text(dir.path()));
    for label in ["Behaviour match rate", "Behaviour rows read", "Analysed"] {
        assert_eq!(line_of(&a, label), line_of(&b, label));
    }
}

#[test]
fn nfd_ids_in_the_event_log_match_nfc_ids_in_the_survey() {
    let plain = sample_copy();
    let dir = sample_copy();
    let (nfc, nfd) = ("R\u{e9}00001", "Re\u{301}00001");
    edit_lines(&dir.path().join("survey.csv"), |_, l| {
        l.replacen("R000001,", &format!("{nfc},"), 1)
    });
    edit_lines(&dir.path().join("events.csv"), |_, l| {
        l.replacen("R000001,", &format!("{nfd},"), 1)
    });
    let (a, b) = (check_text(plain.path()), check_text(dir.path()));
    for label in ["Behaviour match rate", "Behaviour rows read", "Analysed"] {
        assert_eq!(line_of(&a, label), line_of(&b, label));
    }
}

#[test]
fn an_id_in_nfc_and_in_nfd_in_one_survey_is_a_duplicate() {
    let mut rows = mini_rows();
    rows[0] = rows[0].replacen("R1;", &format!("{NFC};"), 1);
    rows[1] = rows[1].replacen("R2;", &format!("{NFD};"), 1);
    let dir = mini(&rows, "\n");
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .run()
        .assert_exit(2)
        .stderr_contains(&format!(
            "survey.csv, line 3, column \"respondent_id\": duplicate respondent id \"{NFC}\" (first seen on line 2)"
        ));
}

#[test]
fn ids_with_control_or_invisible_characters_are_row_errors() {
    let mut rows = mini_rows();
    rows[1] = rows[1].replacen("R2;", "R2\u{0};", 1);
    rows[2] = rows[2].replacen("R3;", "R\u{200B}3;", 1);
    rows[3] = rows[3].replacen("R4;", "\u{FEFF}R4;", 1);
    rows[4] = rows[4].replacen("R5;", "R5\u{200F};", 1);
    rows[5] = rows[5].replacen("R6;", "R\u{200D}6;", 1);
    let dir = mini(&rows, "\n");
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0)
        .stdout_contains("Analysed respondents             3");
    for (line, shown, name) in [
        (3, "R2<U+0000>", "U+0000 NULL, a control character"),
        (
            4,
            "R<U+200B>3",
            "U+200B ZERO WIDTH SPACE, an invisible format character",
        ),
        (
            5,
            "<U+FEFF>R4",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte-order mark)",
        ),
        (6, "R5<U+200F>", "U+200F RIGHT-TO-LEFT MARK"),
        (7, "R<U+200D>6", "U+200D ZERO WIDTH JOINER"),
    ] {
        let want =
            format!("survey.csv,{line},respondent_id,{shown},\"the respondent id holds {name}");
        assert!(rejected.contains(&want), "{want}\n{rejected}");
    }
}

#[test]
fn event_ids_with_invisible_characters_are_row_errors() {
    let dir = sample_copy();
    edit_lines(&dir.path().join("events.csv"), |i, l| {
        if i == 4 {
            l.replacen(',', "\u{200B},", 1)
        } else {
            l.to_string()
        }
    });
    let (r, rejected) = check_rejected(dir.path());
    r.assert_exit(0);
    assert!(
        rejected.contains("events.csv,5,respondent_id,R000001<U+200B>,\"the respondent id holds U+200B ZERO WIDTH SPACE"),
        "{rejected}"
    );
}

// --- what the inputs are --------------------------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_never_read() {
    for name in ["survey.csv", "events.csv", "codebook.toml"] {
        let dir = sample_copy();
        let path = dir.path().join(name);
        std::fs::remove_file(&path).unwrap();
        mkfifo(&path);
        let (code, stderr) = run_within_30s(&["check".as_ref(), dir.path().as_os_str()], &[]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{name}: is a named pipe (FIFO), not a regular file"
            )),
            "{name}: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_device_or_a_folder_is_refused_where_a_file_is_expected() {
    let dir = sample_copy();
    let codebook = dir.path().join("codebook.toml");
    let (code, stderr) = run_within_30s(
        &[
            "check".as_ref(),
            "--survey".as_ref(),
            "/dev/zero".as_ref(),
            "--codebook".as_ref(),
            codebook.as_os_str(),
        ],
        &[],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("/dev/zero: is a character device, not a regular file"),
        "{stderr}"
    );

    let survey = dir.path().join("survey.csv");
    std::fs::remove_file(&survey).unwrap();
    std::fs::create_dir(&survey).unwrap();
    let r = TestCommand::new().arg("check").arg(dir.path()).run();
    r.assert_exit(2)
        .stderr_contains("survey.csv: is a folder, not a regular file");
}

#[test]
fn a_survey_file_given_as_the_study_folder_says_how_to_pass_files() {
    let dir = sample_copy();
    let r = TestCommand::new()
        .arg("check")
        .arg(dir.path().join("survey.csv"))
        .run();
    r.assert_exit(2)
        .stderr_contains("survey.csv: is a file, but a study folder is expected")
        .stderr_contains("--survey FILE --codebook FILE");
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
}

#[test]
fn a_folder_with_both_a_behaviour_file_and_an_event_log_is_refused() {
    let dir = copy_fixture("mini");
    std::fs::write(
        dir.path().join("events.csv"),
        "respondent_id,data_type,action\nR1,shared_loc,grant\n",
    )
    .unwrap();
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .run()
        .assert_exit(2)
        .stderr_contains("behavior.csv (wide behaviour) and ")
        .stderr_contains("events.csv (an event log)")
        .stderr_contains("--behavior FILE or --events FILE");
    // Naming the one to read settles it.
    TestCommand::new()
        .arg("check")
        .arg(dir.path())
        .arg("--behavior")
        .arg(dir.path().join("behavior.csv"))
        .run()
        .assert_exit(0);
}

#[test]
fn files_given_by_flag_are_never_mixed_with_the_bundled_sample() {
    let dir = sample_copy();
    let survey = dir.path().join("survey.csv");
    let events = dir.path().join("events.csv");
    let r = TestCommand::new()
        .arg("report")
        .arg("--survey")
        .arg(&survey)
        .run();
    r.assert_exit(2)
        .stderr_contains("--codebook FILE is needed with --survey");
    TestCommand::new()
        .arg("check")
        .arg("--events")
        .arg(&events)
        .run()
        .assert_exit(2)
        .stderr_contains("--events needs --survey FILE and --codebook FILE");
    TestCommand::new()
        .arg("check")
        .arg("--survey")
        .arg(&survey)
        .arg("--codebook")
        .arg(dir.path().join("codebook.toml"))
        .arg("--events")
        .arg(&events)
        .run()
        .assert_exit(0);
}

// --- threads and terminal -------------------------------------------------------------

#[test]
fn no_memory_for_threads_is_an_error_not_a_panic() {
    let dir = sample_copy();
    // A default thread stack of a petabyte: every thread spawn fails.
    let (code, stderr) = run_within_30s(
        &["check".as_ref(), dir.path().as_os_str()],
        &[("RUST_MIN_STACK", "1000000000000000")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("could not start the worker threads") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn the_dashboard_without_a_terminal_says_so() {
    let r = run(&["tui"]);
    r.assert_exit(2)
        .stderr_contains("the dashboard needs a terminal")
        .stderr_contains("paradox report");
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
}

#[test]
fn a_study_folder_alone_opens_the_dashboard_on_it() {
    // `paradox STUDY` is `paradox tui STUDY` (here without a terminal, so it says so);
    // a word that is neither a command nor a folder stays a usage error.
    let dir = tempfile::tempdir().expect("tempdir");
    run(&[dir.path().to_str().expect("utf-8")])
        .assert_exit(2)
        .stderr_contains("the dashboard needs a terminal");
    run(&["no-such-study-folder"])
        .assert_exit(2)
        .stderr_contains("unrecognized subcommand");
    // A command is a command even when a folder has its name.
    let cwd = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(cwd.path().join("check")).expect("mkdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paradox"))
        .args(["check", "--help"])
        .current_dir(cwd.path())
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Validate a study"));
}
