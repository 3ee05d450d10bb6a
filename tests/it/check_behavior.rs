//! `paradox check` warns when a data type's behaviour looks wrong: a behaviour column named
//! like a demographic or an experimental condition, and a behaviour the same for every
//! respondent (a constant column, or a `shared_min` no value reaches).

use crate::util::*;

/// The field experiment's answer key with its two data types' behaviour replaced.
fn key_with(posts_behavior: &str, reactions_shared_min: u32) -> String {
    let key = std::fs::read_to_string(fixture("exports/field-experiment/codebook.toml")).unwrap();
    let key = key.replace(
        "behavior = \"post_count\"",
        &format!("behavior = \"{posts_behavior}\""),
    );
    let marker = "behavior = \"reaction_count\"\nshared_min = 1";
    assert!(key.contains(marker), "the fixture's key changed");
    key.replace(
        marker,
        &format!("behavior = \"reaction_count\"\nshared_min = {reactions_shared_min}"),
    )
}

fn check_with(key: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let codebook = dir.path().join("codebook.toml");
    std::fs::write(&codebook, key).unwrap();
    let export = fixture("exports/field-experiment/export.csv");
    run(&[
        "check",
        "--survey",
        export.to_str().unwrap(),
        "--codebook",
        codebook.to_str().unwrap(),
    ])
}

#[test]
fn a_condition_dummy_or_a_constant_behaviour_is_a_warning() {
    // A condition dummy as the posts' behaviour; no reaction count reaches 1000.
    let r = check_with(&key_with("cond_control", 1000));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for text in [
        "data type \"posts\": its behaviour column \"cond_control\" is named like the experimental design",
        "data type \"reactions\": all",
        "did not share — a constant column, or a shared_min no value reaches",
        "usable with warnings",
    ] {
        assert!(r.stdout.contains(text), "no {text:?} in\n{}", r.stdout);
    }
    // The key as written: posts vary and are named like posts. Every participant reacted
    // at least once, so the reactions are constant at shared_min = 1 (a true warning).
    let r = check_with(&key_with("post_count", 1));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("named like"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("data type \"posts\": all"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("data type \"reactions\": all 562 respondents with a value in \"reaction_count\" shared"),
        "{}",
        r.stdout
    );
}
