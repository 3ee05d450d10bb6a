//! `paradox codebook --draft`: on a raw Qualtrics export, LimeSurvey exports (answer codes
//! and full text) and the bundled sample, the draft guesses what can be guessed, and after
//! at most the edits documented in README ("Drafting a codebook") `paradox check` accepts
//! the study. The edits are made here by string replacement, as a researcher would.

use std::path::Path;

use crate::util::*;

/// A study folder holding a copy of `survey`, and the draft written for it.
fn draft_study(survey: &Path) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    // The study folder's survey is survey.<extension>.
    let ext = survey.extension().unwrap().to_string_lossy().into_owned();
    let name = format!("survey.{ext}");
    std::fs::copy(survey, dir.path().join(&name)).unwrap();
    let r = run(&[
        "codebook",
        "--draft",
        dir.path().join(name).to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, r.stdout)
}

/// Replaces `from` (which must occur) by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the draft lacks {from:?}:\n{text}");
    text.replacen(from, to, 1)
}

fn check(dir: &Path, codebook: &str, extra: &[&str]) -> Run {
    std::fs::write(dir.join("codebook.toml"), codebook).unwrap();
    let d = dir.to_str().unwrap().to_string();
    let mut args = vec!["check", d.as_str()];
    args.extend(extra);
    run(&args)
}

#[test]
fn qualtrics_draft_needs_only_the_pii_flag() {
    let (dir, draft) = draft_study(&fixture("qualtrics-raw").join("survey.csv"));
    // What a researcher would otherwise write by hand.
    for line in [
        "# Recognized as a Qualtrics export.",
        "survey_year = 2024  # guessed from the response dates",
        "id = \"ResponseId\"",
        "birth_year = \"Q1\"",
        "[labels.agree5]",
        "\"Somewhat agree\" = 4",
        "items = [\"Q2_1\", \"Q2_2\", \"Q2_3\", \"Q2_4\"]",
        "[select_all.\"Q4\"]\ncolumns = [\"Q4_1\", \"Q4_2\", \"Q4_3\"]\nnone = \"Q4_4\"",
        "name = \"location\"",
        "stated = \"Q3\"",
        "behavior = \"Q4_1\"",
        "name = \"push_notifications\"\ncolumn = \"Q5_1\"\nmin = 1\nmax = 5",
        // Q5_2 was answered 1–4 only; the battery's range (Q5_1 reaches 5) is used.
        "column = \"Q5_2\"\nmin = 1\nmax = 5",
        "concern_scale = \"q2\"",
        "#   IPAddress (IP addresses)",
        "#   LocationLatitude (GPS coordinates)",
    ] {
        assert!(draft.contains(line), "draft lacks {line:?}:\n{draft}");
    }
    // Without --drop-pii the IP address column is refused, as the draft says.
    let r = check(dir.path(), &draft, &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("IPAddress"));
    // Documented edit: reverse-keyed items ("I am comfortable with what apps know").
    let edited = edit(
        &draft,
        "min = 1\nmax = 5\n\n# guessed: a select-all",
        "min = 1\nmax = 5\nreverse = [\"Q2_3\"]\n\n# guessed: a select-all",
    );
    let r = check(dir.path(), &edited, &["--drop-pii"]);
    assert_eq!(r.code, 0, "{}\n{}\n{edited}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Analysed respondents             8"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("no concern scale"), "{}", r.stdout);
}

#[test]
fn limesurvey_drafts_pass_check_after_the_documented_edits() {
    for name in ["limesurvey-codes", "limesurvey-text"] {
        let (dir, draft) = draft_study(&fixture(name).join("survey.csv"));
        assert!(
            draft.contains("# Recognized as a LimeSurvey export."),
            "{draft}"
        );
        assert!(draft.contains("id = \"id\""), "{draft}");
        assert!(draft.contains("age = \"age\""), "{draft}");
        assert!(
            draft.contains(
                "[select_all.\"S1\"]\ncolumns = [\"S1[SQ001]\", \"S1[SQ002]\", \"S1[SQ003]\"]"
            ),
            "{draft}"
        );
        // Nothing in a LimeSurvey CSV says which battery is privacy concern: a TODO, and
        // the draft as written already passes check, which says what is missing.
        assert!(
            draft.contains("# TODO: which scale measures privacy concern?"),
            "{draft}"
        );
        let r = check(dir.path(), &draft, &[]);
        assert_eq!(r.code, 0, "{name}: {}\n{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("names no concern scale"), "{}", r.stdout);
        assert!(
            r.stdout.contains("Analysed respondents             6"),
            "{}",
            r.stdout
        );
        // Documented edit: name the concern scale.
        let edited = edit(
            &draft,
            "# [paradox]\n# concern_scale",
            "[paradox]\nconcern_scale",
        );
        let edited = if name == "limesurvey-codes" {
            // Answer codes carry no wording: the codes become one label set, and the rating
            // W1 and battery T1 cannot be placed. Documented edits: W1 becomes the stated
            // willingness of the first option, T1 moves from [[scale]] to [[tactic]].
            assert!(
                edited.contains("[labels.codes_a]\n# guessed: answer codes"),
                "{edited}"
            );
            assert!(edited.contains("#   W1 (answers 1–5)"), "{edited}");
            let e = edit(
                &edited,
                "name = \"s1_sq001\"\n",
                "name = \"location\"\nstated = \"W1\"\nstated_min = 1\nstated_max = 5\n",
            );
            edit(
                &e,
                "[[scale]]\nname = \"t1\"\nitems = [\"T1[SQ001]\", \"T1[SQ002]\"]\nmin = 1\nmax = 5\n",
                "[[tactic]]\nname = \"push\"\ncolumn = \"T1[SQ001]\"\nmin = 1\nmax = 5\n\n[[tactic]]\nname = \"ads\"\ncolumn = \"T1[SQ002]\"\nmin = 1\nmax = 5\n",
            )
        } else {
            // Full text names its scale: agree5 → concern battery, willing5 → stated,
            // acceptability5 → tactics.
            for line in [
                "[labels.willing5]",
                "stated = \"W1\"",
                "column = \"T1[SQ002]\"",
            ] {
                assert!(edited.contains(line), "{name} lacks {line:?}:\n{edited}");
            }
            edited
        };
        let r = check(dir.path(), &edited, &[]);
        assert_eq!(r.code, 0, "{name}: {}\n{}\n{edited}", r.stdout, r.stderr);
        assert!(!r.stdout.contains("no concern scale"), "{}", r.stdout);
    }
}

#[test]
fn sample_draft_matches_the_shipped_codebook_where_it_matters() {
    let (dir, draft) =
        draft_study(&Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample/survey.csv"));
    for line in [
        "id = \"respondent_id\"",
        "birth_year = \"birth_year\"",
        "weight = \"weight\"",
        "group = [\"gender\", \"country\"]",
        // "Not sure" (2 answers) is no position on the acceptability scale: a missing answer,
        // said so beside the list (the shipped codebook rejects it on purpose, to show a
        // rejection).
        "missing = [\"\", \"NA\", \"N/A\", \"-99\", \"Not sure\"]  # guessed: refusal codes seen, and answers beside a rating scale that are no position on it",
        // concern_2 holds a stray 9 (4 of 2,400 answers): not taken for the scale's end.
        "items = [\"concern_1\", \"concern_2\", \"concern_3\", \"concern_4\", \"concern_5\"]\nmin = 1\nmax = 7",
        "stated = \"willing_location\"\nstated_min = 1\nstated_max = 5",
        "[labels.acceptability5]",
        "\"accept_pricing\" = \"acceptability5\"",
        "name = \"location_offers\"\ncolumn = \"accept_location_offers\"",
        "concern_scale = \"concern\"",
    ] {
        assert!(draft.contains(line), "draft lacks {line:?}:\n{draft}");
    }
    // Documented edits: the survey year (no dates in the file) and the reverse-keyed item.
    let year_line = draft
        .lines()
        .find(|l| l.starts_with("survey_year"))
        .unwrap()
        .to_string();
    let edited = edit(&draft, &year_line, "survey_year = 2025");
    let edited = edit(
        &edited,
        "min = 1\nmax = 7\n",
        "min = 1\nmax = 7\nreverse = [\"concern_5\"]\n",
    );
    let r = check(dir.path(), &edited, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // The shipped codebook rejects the same rows in the survey — 4 × concern_2 = 9 and the 3
    // weights ≤ 0 / missing (weight is declared in both) — and 2 more: its 2 × "Not sure",
    // which the draft calls missing.
    let shipped = TestCommand::new()
        .arg("check")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample"))
        .run();
    shipped.assert_exit(0);
    let rejected = |out: &str| {
        out.lines()
            .find(|l| l.starts_with("Rejected survey rows"))
            .map(|l| l.split_whitespace().nth(3).unwrap_or("").to_string())
    };
    let n = |s: Option<String>| s.and_then(|x| x.replace(',', "").parse::<u64>().ok());
    assert!(n(rejected(&shipped.stdout)).is_some(), "{}", shipped.stdout);
    assert_eq!(
        n(rejected(&r.stdout)).map(|x| x + 2),
        n(rejected(&shipped.stdout)),
        "{}\n{}",
        r.stdout,
        shipped.stdout
    );
}

#[test]
fn spss_draft_uses_labels_and_user_missing_and_passes_check() {
    let (dir, draft) = draft_study(&fixture("sav").join("survey_weighted.sav"));
    for line in [
        "id = \"id\"",
        "birth_year = \"birth_year\"",
        "weight = \"weight\"",
        // 98 "Don't know" and 99 "Refused" are user-missing: the scale is 1–5.
        "items = [\"concern_tracking\", \"concern_sharing\", \"concern_ads\", \"concern_breach\"]\nmin = 1\nmax = 5",
        "#   concern_tracking: 1 = Strongly disagree, 2 = Disagree",
        // "I worry …" in the variable labels names the concern scale.
        "concern_scale = \"concern\"",
    ] {
        assert!(draft.contains(line), "draft lacks {line:?}:\n{draft}");
    }
    assert!(
        !draft.contains("[labels."),
        "numeric codes need no label set:\n{draft}"
    );
    // `comment_long_text` is free text (every answer different, one with commas): not a
    // select-all question, and its clauses are not data types.
    assert!(
        !draft.contains("select_all"),
        "free text drafted as a select-all question:\n{draft}"
    );
    let r = check(dir.path(), &draft, &[]);
    assert_eq!(r.code, 0, "{}\n{}\n{draft}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("survey format: SPSS .sav"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Analysed respondents             8"),
        "{}",
        r.stdout
    );
}

#[test]
fn comma_joined_select_all_is_drafted_and_counted() {
    // Qualtrics' default for a multi-select question: one column, choices joined by commas.
    let src = tempfile::tempdir().unwrap();
    let survey = src.path().join("survey.csv");
    std::fs::write(
        &survey,
        "ResponseId,Finished,age,Q7\nR1,1,30,\"Location,Contacts\"\nR2,1,31,None of these\n\
         R3,1,32,\nR4,1,33,\"Camera,Location\"\nR5,1,34,Camera\nR6,0,35,Location\n",
    )
    .unwrap();
    let (dir, draft) = draft_study(&survey);
    for line in [
        "[select_all.\"Q7\"]\ncolumn = \"Q7\"\noptions = [\"Location\", \"Contacts\", \"None of these\", \"Camera\"]\nnone = \"None of these\"",
        "name = \"location\"\nbehavior = \"Q7:Location\"",
        "name = \"camera\"\nbehavior = \"Q7:Camera\"",
    ] {
        assert!(draft.contains(line), "draft lacks {line:?}:\n{draft}");
    }
    let r = check(dir.path(), &draft, &[]);
    assert_eq!(r.code, 0, "{}\n{}\n{draft}", r.stdout, r.stderr);
    // R6 unfinished is set aside; R3 chose nothing → missing in every option (1 of 5).
    assert!(
        r.stdout.contains("Analysed respondents             5"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Q7:Location 1 (20.0%)"), "{}", r.stdout);
}
