//! Real survey-platform exports: Qualtrics (three header rows, multi-line question text,
//! previews, tests, unfinished responses), LimeSurvey (sub-question columns, answer codes or
//! full answer text, incomplete responses), select-all-that-apply questions (one column per
//! option, or one comma-joined column). Expected values are worked out by hand from the
//! fixture files; the comments beside each assertion show the working.

use crate::util::*;
use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;

fn load_with(dir: &std::path::Path, keep_unfinished: bool) -> Study {
    load_study(
        Some(dir),
        &LoadOptions {
            drop_pii: true,
            keep_unfinished,
            ..LoadOptions::default()
        },
    )
    .expect("study loads")
}

fn col(s: &Study, d: usize) -> Vec<Option<bool>> {
    s.shared[d].clone().expect("behaviour column")
}

/// Shared / answered counts of one behaviour column.
fn shared_of(s: &Study, d: usize) -> (usize, usize) {
    let c = col(s, d);
    (
        c.iter().filter(|x| **x == Some(true)).count(),
        c.iter().filter(|x| x.is_some()).count(),
    )
}

#[test]
fn qualtrics_previews_tests_and_unfinished_are_set_aside_with_reasons() {
    let s = load_with(&fixture("qualtrics-raw"), false);
    let a = &s.audit;
    assert!(a.qualtrics_header);
    assert_eq!(a.survey_export.as_deref(), Some("Qualtrics"));
    // 12 data rows: R3 preview (line 15), R6 test (line 18), R7 and R11 unfinished
    // (lines 19, 23). Row 2 spans lines 2–11 (nine line breaks inside quoted question
    // text), row 3 is line 12, so the data start on line 13.
    assert_eq!(a.survey_rows, 12);
    assert_eq!(a.rejected_rows, 4);
    assert_eq!(s.len(), 8);
    let reasons: Vec<(u64, &str, &str)> = a
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_str(), r.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (15, "Status", "Qualtrics survey preview"),
            (18, "Status", "Qualtrics survey test"),
            (19, "Finished", "unfinished response (Finished = 0)"),
            (23, "Finished", "unfinished response (Finished = 0)"),
        ]
    );
    assert_eq!(a.set_aside.get("Qualtrics survey preview"), Some(&1));
    assert_eq!(a.set_aside.get("Qualtrics survey test"), Some(&1));
    assert_eq!(
        a.set_aside.get("unfinished response (Finished = 0)"),
        Some(&2)
    );
    assert!(!s
        .ids
        .iter()
        .any(|id| id.starts_with("R_3c") || id.starts_with("R_6f")));
    // Choice text through the label set: R1 answered "Strongly agree", "Somewhat agree",
    // "Somewhat disagree", "Somewhat agree" → 5, 4, 2, 4.
    let items: Vec<_> = s.scales[0].items.iter().map(|i| i[0]).collect();
    assert_eq!(items, vec![Some(5), Some(4), Some(2), Some(4)]);
    // Select-all Q4 (1 = chosen, blank otherwise) over the 8 analysed respondents:
    //   R1 loc+cam · R2 "none of these" · R4 loc · R5 nothing · R8 con+cam · R9 loc+con ·
    //   R10 nothing · R12 cam.
    // R5 and R10 chose nothing at all → missing; R2 chose "none" → answered, all 0.
    // location: R1, R4, R9 = 3 of 6 answered; contacts: R8, R9 = 2 of 6; camera: R1, R8,
    // R12 = 3 of 6.
    assert_eq!(shared_of(&s, 0), (3, 6));
    assert_eq!(shared_of(&s, 1), (2, 6));
    assert_eq!(shared_of(&s, 2), (3, 6));
    assert_eq!(col(&s, 0)[1], Some(false), "R2 chose 'none of these'");
    assert_eq!(col(&s, 0)[3], None, "R5 chose nothing: did not answer");
    let text = paradox::import::audit_text(&s);
    assert!(text.contains("survey export: Qualtrics"), "{text}");
    assert!(
        text.contains("unfinished response (Finished = 0)"),
        "{text}"
    );
}

#[test]
fn keep_unfinished_keeps_unfinished_but_never_previews() {
    let s = load_with(&fixture("qualtrics-raw"), true);
    // R7 (40 % done) and R11 (85 %) are back; the preview and the test are not.
    assert_eq!(s.len(), 10);
    assert_eq!(s.audit.rejected_rows, 2);
    assert!(s.audit.kept_unfinished);
    assert_eq!(
        s.audit.set_aside.get("unfinished response (Finished = 0)"),
        None
    );
    // R7 answered only Q2_1 ("Somewhat agree"); R11 chose Location → location 4 of 7.
    assert_eq!(shared_of(&s, 0), (4, 7));
}

#[test]
fn keep_unfinished_flag_on_the_command_line() {
    let dir = fixture("qualtrics-raw");
    let d = dir.to_str().unwrap();
    let r = run(&["check", d, "--drop-pii"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Analysed respondents             8"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("set aside                      2  unfinished"),
        "{}",
        r.stdout
    );
    let r = run(&["check", d, "--drop-pii", "--keep-unfinished"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Analysed respondents            10"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("were kept (--keep-unfinished)"),
        "{}",
        r.stdout
    );
    // Without --drop-pii the IP address column stops the study, naming it.
    run(&["check", d])
        .assert_exit(2)
        .stderr_contains("IPAddress");
}

#[test]
fn limesurvey_codes_and_full_text_give_the_same_study() {
    for name in ["limesurvey-codes", "limesurvey-text"] {
        let s = load_with(&fixture(name), false);
        assert_eq!(
            s.audit.survey_export.as_deref(),
            Some("LimeSurvey"),
            "{name}"
        );
        // ids 4 and 7 have no submitdate (lines 5 and 8).
        assert_eq!(s.ids, vec!["1", "2", "3", "5", "6", "8"], "{name}");
        let lines: Vec<u64> = s.audit.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![5, 8], "{name}");
        assert_eq!(
            s.audit
                .set_aside
                .get("incomplete response (LimeSurvey: no submitdate)"),
            Some(&2)
        );
        // id 1: C1 = A4/Agree, A5/Strongly agree, A2/Disagree; W1 = A2/Slightly willing.
        let items: Vec<_> = s.scales[0].items.iter().map(|i| i[0]).collect();
        assert_eq!(items, vec![Some(4), Some(5), Some(2)], "{name}");
        assert_eq!(s.stated[0].as_ref().unwrap()[0], Some(2), "{name}");
        assert_eq!(s.tactics[1][0], Some(1), "{name}: Very intrusive / A1");
        // S1 (Y or Yes = chosen): id 1 loc+cam · 2 nothing · 3 loc+con · 5 con ·
        // 6 all three · 8 cam. Id 2 did not answer; location 3 of 5 (1, 3, 6), contacts
        // 3 of 5 (3, 5, 6), camera 3 of 5 (1, 6, 8).
        assert_eq!(shared_of(&s, 0), (3, 5), "{name}");
        assert_eq!(shared_of(&s, 1), (3, 5), "{name}");
        assert_eq!(shared_of(&s, 2), (3, 5), "{name}");
        assert_eq!(col(&s, 0)[1], None, "{name}: id 2 chose nothing");
        // With --keep-unfinished, id 7 (Y for location) and id 4 (nothing) come back.
        let k = load_with(&fixture(name), true);
        assert_eq!(k.len(), 8);
        assert_eq!(shared_of(&k, 0), (4, 6), "{name}");
    }
}

/// A Qualtrics export whose select-all question Q7 is one column of comma-joined choice
/// texts (Qualtrics' default when multi-value fields are not split), including an option
/// with a comma in it.
const JOINED_SURVEY: &str = "\
ResponseId,Finished,age,Q7
R1,1,30,\"Location,Contacts\"
R2,1,31,None of these
R3,1,32,
R4,1,33,\"Name, address,Location\"
R5,1,34,Camera
R6,0,35,Location
";

const JOINED_CODEBOOK: &str = r#"
[study]
name = "joined"
survey_year = 2024
[columns]
id = "ResponseId"
age = "age"
[select_all.Q7]
column = "Q7"
options = { 1 = "Location", 2 = "Contacts", 3 = "Camera", 4 = "Name, address", 9 = "None of these" }
none = "None of these"
[[data_type]]
name = "location"
behavior = "Q7:Location"
[[data_type]]
name = "contacts"
behavior = "Q7:2"
[[data_type]]
name = "address"
behavior = "Q7:Name, address"
"#;

#[test]
fn comma_joined_select_all_counts_and_unknown_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("survey.csv"), JOINED_SURVEY).unwrap();
    let cb = JOINED_CODEBOOK.to_string();
    std::fs::write(dir.path().join("codebook.toml"), &cb).unwrap();
    let s = load_with(dir.path(), false);
    // R6 unfinished (set aside). R3 blank → missing. R2 "none" → answered, all 0.
    // location: R1, R4 of R1, R2, R4, R5 → (2, 4); contacts: R1 → (1, 4);
    // "Name, address" (an option holding a comma): R4 → (1, 4).
    assert_eq!(s.ids, vec!["R1", "R2", "R3", "R4", "R5"]);
    assert_eq!(shared_of(&s, 0), (2, 4));
    assert_eq!(shared_of(&s, 1), (1, 4));
    assert_eq!(shared_of(&s, 2), (1, 4));
    assert_eq!(col(&s, 0)[2], None);

    // An option the codebook does not list is a row error naming the column and value.
    let bad = JOINED_SURVEY.replace("R5,1,34,Camera", "R5,1,34,\"Camera,Microphone\"");
    std::fs::write(dir.path().join("survey.csv"), bad).unwrap();
    let s = load_with(dir.path(), false);
    let r = s
        .audit
        .rejected
        .iter()
        .find(|r| r.column == "Q7")
        .expect("row error");
    assert_eq!(r.value, "Camera,Microphone");
    assert!(
        r.reason.contains("\"Microphone\" is not an option"),
        "{}",
        r.reason
    );
    assert_eq!(r.line, 6);

    // A reference to an option the question does not have is a codebook error.
    let cb2 = cb.replace("\"Q7:2\"", "\"Q7:Phone\"");
    std::fs::write(dir.path().join("codebook.toml"), &cb2).unwrap();
    let e = load_study(Some(dir.path()), &LoadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("\"Phone\" is not an option"), "{e}");
}

/// A study folder with `file` from tests/fixtures/sav as its survey, named `as_name`.
fn sav_study(file: &str, as_name: &str, codebook: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("sav").join(file), dir.path().join(as_name)).unwrap();
    std::fs::write(dir.path().join("codebook.toml"), codebook).unwrap();
    dir
}

const SAV_CODEBOOK: &str = r#"
[study]
name = "sav"
survey_year = 2024
[columns]
id = "id"
birth_year = "birth_year"
weight = "weight"
[[scale]]
name = "concern"
items = ["concern_tracking", "concern_sharing", "concern_ads", "concern_breach"]
min = 1
max = 5
[paradox]
concern_scale = "concern"
"#;

#[test]
fn spss_study_loads_with_user_missing_codes_as_missing() {
    use paradox::analysis::{summarize, AnalysisOptions, Filter};
    // survey.sav, survey.zsav: the first existing of survey.csv/.tsv/.sav/.zsav is used.
    for (file, as_name) in [
        ("survey.sav", "survey.sav"),
        ("survey_bytecode.sav", "survey.sav"),
        ("survey.zsav", "survey.zsav"),
    ] {
        let dir = sav_study(file, as_name, SAV_CODEBOOK);
        let s = load_with(dir.path(), false);
        assert_eq!(s.audit.delimiter, "SPSS .sav", "{file}");
        assert_eq!(s.audit.survey_rows, 8);
        assert_eq!(s.len(), 8, "{file}: no row error");
        assert_eq!(s.audit.inputs[1].path.file_name().unwrap(), as_name);
        // Case 2 answered concern_breach 98 ("Don't know", user-missing) → missing; case 3
        // answered concern_ads 99 ("Refused") → missing.
        assert_eq!(s.scales[0].items[3][1], None);
        assert_eq!(s.scales[0].items[2][2], None);
        assert_eq!(s.scales[0].items[0][0], Some(5));
        let w = s.weight.as_ref().unwrap();
        assert_eq!(w[1], 0.8731);
        // Reference: pandas on pyreadstat's reading of the same file
        // (tests/fixtures/sav/survey.sav.json, 98/99 set to missing, listwise):
        //   items = df[concern_*].where(~isin([98, 99])).dropna()   → 4 complete cases
        //   α = k/(k−1)·(1 − Σ var_i / var(Σ items)) = 0.9717514124293786
        let sum = summarize(&s, &Filter::default(), &AnalysisOptions::default());
        assert_eq!(sum.scales[0].n_complete, Some(4), "{file}");
        let alpha = sum.scales[0].alpha.unwrap();
        assert!(
            (alpha - 0.9717514124293786).abs() < 1e-12,
            "{file}: α {alpha}"
        );
    }
}

#[test]
fn spss_duplicate_id_names_the_case() {
    let dir = sav_study(
        "survey.sav",
        "survey.sav",
        &SAV_CODEBOOK.replace("id = \"id\"", "id = \"concern_tracking\""),
    );
    let e = load_study(Some(dir.path()), &LoadOptions::default()).unwrap_err();
    // concern_tracking: 5, 4, 2, 3, 1, 5 … → case 6 repeats case 1's value.
    let m = e.to_string();
    assert!(
        m.contains("case 6") && m.contains("first seen in case 1"),
        "{m}"
    );
}

#[test]
fn qualtrics_numeric_values_export_sets_aside_the_same_rows() {
    // The same export downloaded with "numeric values": Status 0/1/2, Finished 1/0 and the
    // agreement items as codes 1–5 (the label set is then simply not needed).
    let dir = copy_fixture("qualtrics-raw");
    let text = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let mut t = text
        .replace("Survey Preview", "1")
        .replace("Survey Test", "2")
        .replace("IP Address,", "0,")
        .replace(",True,", ",1,")
        .replace(",False,", ",0,");
    for (i, a) in [
        "Strongly disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Strongly agree",
    ]
    .iter()
    .enumerate()
    {
        t = t.replace(&format!(",{a}"), &format!(",{}", i + 1));
    }
    assert_ne!(t, text);
    std::fs::write(dir.path().join("survey.csv"), t).unwrap();
    let s = load_with(dir.path(), false);
    let reasons: Vec<(u64, &str)> = s
        .audit
        .rejected
        .iter()
        .map(|r| (r.line, r.value.as_str()))
        .collect();
    assert_eq!(reasons, vec![(15, "1"), (18, "2"), (19, "0"), (23, "0")]);
    let items: Vec<_> = s.scales[0].items.iter().map(|i| i[0]).collect();
    assert_eq!(items, vec![Some(5), Some(4), Some(2), Some(4)]);
    assert_eq!(shared_of(&s, 0), (3, 6));
}
