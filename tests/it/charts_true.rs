//! What the report and `check` say and draw is true to the data as it was collected:
//! `check` names where behaviour was read from, and the charts draw scores on the values
//! they can take.

use crate::util::{fixture, run};

/// Behaviour read from the survey's own columns is reported as such: no behaviour rows
/// to count, no matching to rate.
#[test]
fn check_says_behaviour_comes_from_the_survey_file() {
    let r = run(&["check", fixture("models").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Behaviour               read from the survey file"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("400 of 400 respondents have behaviour"));
    assert!(!r.stdout.contains("Behaviour rows read"), "{}", r.stdout);
    assert!(!r.stdout.contains("match rate"), "{}", r.stdout);

    // A separate behaviour file keeps its rows and its match rate.
    let r = run(&["check", fixture("mini").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Behaviour match rate"), "{}", r.stdout);
    assert!(r.stdout.contains("Behaviour rows read"), "{}", r.stdout);
    assert!(!r.stdout.contains("read from the survey file"));
}

/// A synthetic study whose tactic columns carry a label set, with one answer renamed in
/// the codebook and the survey alike, so the words can only come from the codebook.
fn labelled_tactics_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("s");
    let r = run(&[
        "synth",
        "--respondents",
        "300",
        "--out",
        study.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["codebook.toml", "survey.csv"] {
        let p = study.join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("Somewhat intrusive"), "{f}");
        let text = text
            .replace("Somewhat intrusive", "Rather unacceptable")
            .replace("somewhat intrusive", "rather unacceptable");
        std::fs::write(&p, text).unwrap();
    }
    dir
}

/// The tactic chart's legend and the rating tables use the codebook's answer labels.
#[test]
fn tactic_chart_and_tables_use_the_codebooks_answer_labels() {
    let dir = labelled_tactics_study();
    let out = dir.path().join("r");
    let r = run(&[
        "report",
        dir.path().join("s").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "md,svg",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(out.join("charts/tactic_acceptance.svg")).unwrap();
    for words in [
        "Very intrusive",
        "Rather unacceptable",
        "Neutral",
        "Very acceptable",
    ] {
        assert!(svg.contains(words), "legend lacks {words:?}");
    }
    assert!(!svg.contains("= very intrusive"), "generic legend drawn");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("ratings (1 = Very intrusive \u{2026} 5 = Very acceptable)"),
        "{md}"
    );
    assert!(!md.contains("= very intrusive"));
}
