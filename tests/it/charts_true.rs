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
