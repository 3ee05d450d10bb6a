//! Reading real-looking exports: every reader feature on small fixtures, every rejection
//! reason, file errors with file/line/column, and inputs never modified. Expected values
//! are worked out by hand from the fixture files (see the comments beside them).

use crate::util::*;
use paradox::analysis::{summarize, AnalysisOptions, Filter};
use paradox::import::{load_study, LoadOptions};

fn load(dir: &std::path::Path) -> paradox::study::Study {
    load_study(Some(dir), &LoadOptions::default()).expect("study loads")
}

#[test]
fn semicolon_bom_crlf_labels_and_wide_behavior() {
    let s = load(&fixture("mini"));
    assert_eq!(s.audit.delimiter, "semicolon");
    assert_eq!(s.audit.survey_rows, 8);
    assert_eq!(s.audit.rejected_rows, 0, "{:?}", s.audit.rejected);
    assert_eq!(&s.ids[0], "R1");
    // "Strongly agree " (trailing space) → 5, "agree" (lower case) → 4, a bare code "2".
    assert_eq!(s.scales[0].items[0][0], Some(5));
    assert_eq!(s.scales[0].items[0][1], Some(4));
    assert_eq!(s.scales[0].items[1][3], Some(2));
    // Missing codes "-99" and "NA".
    assert_eq!(s.scales[0].items[2][4], None);
    assert_eq!(s.scales[0].items[1][6], None);
    // Generations: 1950, 1960 Boomers; 1970 Gen X; 1985, 1990 Millennials; 2000, 2001, 1999 Gen Z.
    assert_eq!(
        s.cohort_names,
        vec!["Boomers", "Gen X", "Millennials", "Gen Z"]
    );
    // Behaviour: R99 is not in the survey; R7 has no behaviour row; R5's contacts is blank.
    assert_eq!(s.audit.behavior_unmatched_rows, 1);
    assert_eq!(s.audit.behavior_unmatched_ids, 1);
    assert_eq!(s.audit.respondents_without_behavior, 1);
    let loc = s.shared[0].as_ref().unwrap();
    assert_eq!(loc[1], Some(true), "3 ≥ shared_min 1 counts as shared");
    assert_eq!(loc[2], Some(false));
    assert_eq!(loc[6], None);
    assert_eq!(s.shared[1].as_ref().unwrap()[4], None);
    assert_eq!(s.weight.as_ref().unwrap()[2], 2.0);
    assert_eq!(s.groups[0].levels, vec!["DE", "FR"]);
}

#[test]
fn mini_summary_matches_hand_computation() {
    let s = load(&fixture("mini"));
    let unweighted = AnalysisOptions {
        use_weights: false,
        ..Default::default()
    };
    let sum = summarize(&s, &Filter::default(), &unweighted);
    assert_eq!(sum.study.respondents, Some(8));
    assert_eq!(sum.study.analysed, 8);
    assert_eq!(sum.study.behavior_match_rate, Some(7.0 / 8.0));
    // Concern scores (c3 reversed: 6 − x): R1 14/3, R2 13/3, R3 3, R4 2, R5 5 (2 of 3
    // items ≥ ⌈3/2⌉), R6 4, R7 5, R8 4. Disclosure: R1 .5, R2 1, R3 0, R4 1, R5 1 (1 of 2
    // known ≥ ⌈2/2⌉), R6 .5, R7 none, R8 .5. Gap block: R1–R6, R8 (n = 7).
    let g = sum.gap.overall.as_ref().unwrap();
    assert_eq!(g.n, Some(7));
    assert_eq!(g.concern_table, [[Some(5), Some(0)], [Some(1), Some(1)]]);
    assert!(approx(g.concerned.unwrap(), 5.0 / 7.0, 1e-12));
    assert!(approx(g.disclosers.unwrap(), 6.0 / 7.0, 1e-12));
    assert!(approx(g.paradoxical.unwrap(), 5.0 / 7.0, 1e-12));
    assert!(approx(g.paradoxical_expected.unwrap(), 30.0 / 49.0, 1e-12));
    let cm = (14.0 / 3.0 + 13.0 / 3.0 + 3.0 + 2.0 + 5.0 + 4.0 + 4.0) / 7.0;
    assert!(approx(g.concern_mean.unwrap(), cm, 1e-12));
    // RD = P(disc | concerned) − P(disc | not) = 5/5 − 1/2.
    assert!(approx(g.disclosure_rd.unwrap(), 0.5, 1e-12));
    // Location: a = 2 (R2, R4), b = 0, c = 3 (R1, R5, R8), d = 1 (R6); R3 neutral, R7 no
    // behaviour. McNemar exact p = 2·P(X ≤ 0; 3, ½) = 0.25, mid-p = 0.25 − 0.125.
    let loc = &sum.data_types[0];
    assert_eq!(loc.table, [[Some(2), Some(0)], [Some(3), Some(1)]]);
    assert_eq!(loc.n_pairs, Some(6));
    assert!(approx(loc.willing.unwrap(), 2.0 / 6.0, 1e-12));
    assert!(approx(loc.shared.unwrap(), 5.0 / 6.0, 1e-12));
    assert!(approx(loc.say_do_gap.unwrap(), 0.5, 1e-12));
    assert!(approx(loc.paradox_rate.unwrap(), 0.75, 1e-12));
    assert!(approx(loc.mcnemar_p.unwrap(), 0.25, 1e-12));
    assert!(approx(loc.mcnemar_midp.unwrap(), 0.125, 1e-12));
    assert_eq!(loc.mcnemar_or, None, "b = 0 ⇒ OR undefined");
    // Contacts (0/1 stated): a = 3, d = 3, no discordant pairs ⇒ McNemar null with a note.
    let con = &sum.data_types[1];
    assert_eq!(con.table, [[Some(3), Some(0)], [Some(0), Some(3)]]);
    assert_eq!(con.mcnemar_p, None);
    assert!(sum
        .notes
        .iter()
        .any(|n| n.starts_with("data_types[contacts].mcnemar_p")));
    // Push: 1,2,3,4,5,2,1,2.
    let push = &sum.tactics[0].overall;
    assert_eq!(
        push.levels,
        vec![Some(2), Some(3), Some(1), Some(1), Some(1)]
    );
    assert!(approx(push.acceptable.unwrap(), 0.25, 1e-12));
    assert!(approx(push.intrusive.unwrap(), 5.0 / 8.0, 1e-12));
}

#[test]
fn weighted_proportions_use_the_weights() {
    let s = load(&fixture("mini"));
    let sum = summarize(&s, &Filter::default(), &AnalysisOptions::default());
    assert!(sum.study.weighted);
    // Gap block weights: R1 1, R2 .5, R3 2, R4 1, R5 1.5, R6 1, R8 1 (Σ = 8); concerned:
    // R1, R2, R5, R6, R8 (Σ = 5).
    let g = sum.gap.overall.as_ref().unwrap();
    assert!(approx(g.concerned.unwrap(), 5.0 / 8.0, 1e-12));
    // Counts stay unweighted.
    assert_eq!(g.concern_table, [[Some(5), Some(0)], [Some(1), Some(1)]]);
}

#[test]
fn filter_by_group_restricts_respondents() {
    let s = load(&fixture("mini"));
    let mut f = Filter::default();
    f.groups.insert(0, [0u32].into_iter().collect()); // country = DE
    let sum = summarize(&s, &f, &AnalysisOptions::default());
    assert_eq!(sum.study.analysed, 4); // R1, R2, R5, R7
    assert_eq!(sum.study.filter, "country: DE");
}

#[test]
fn qualtrics_export_with_age_bands_and_event_log() {
    let s = load(&fixture("qualtrics"));
    assert!(s.audit.qualtrics_header, "rows 2–3 detected and skipped");
    assert_eq!(s.audit.survey_rows, 5);
    // Age 250 is impossible: R_a5 rejected.
    assert_eq!(s.audit.rejected_rows, 1);
    assert_eq!(s.audit.rejected[0].column, "Q_age");
    assert_eq!(s.audit.rejected[0].value, "250");
    assert_eq!(s.audit.rejected[0].line, 8);
    assert_eq!(s.ids, vec!["R_a1", "R_a2", "R_a3", "R_a4"]);
    // Age 17 is below the first band: cohort unknown, still analysed.
    assert_eq!(s.cohort_names, vec!["18-29", "30-49", "50+"]);
    assert_eq!(s.cohort[3], None);
    assert_eq!(s.audit.unknown_cohort, 1);
    // Labels, case-insensitive: "very intrusive" → 1.
    assert_eq!(s.tactics[0][3], Some(1));
    // Events: grant then revoke still shared; "Location"/"GRANTED" matched ignoring case;
    // microphone is not in the codebook; R_zz is not in the survey; R_a5 was rejected.
    let loc = s.shared[0].as_ref().unwrap();
    let cam = s.shared[1].as_ref().unwrap();
    assert_eq!(loc[..4], [Some(true), Some(false), Some(true), None]);
    assert_eq!(cam[..4], [Some(false), None, Some(true), None]);
    assert_eq!(s.audit.ignored_event_types.get("microphone"), Some(&1));
    assert_eq!(s.audit.behavior_unmatched_rows, 1);
    assert_eq!(s.audit.behavior_rows_of_rejected, 1);
    assert_eq!(s.audit.respondents_without_behavior, 1);
    let sum = summarize(&s, &Filter::default(), &AnalysisOptions::default());
    assert_eq!(sum.study.behavior_match_rate, Some(0.75));
}

#[test]
fn renamed_columns_need_only_a_different_codebook() {
    // The mini study with every column renamed and a cohort column instead of birth years.
    let dir = tempfile::tempdir().unwrap();
    let survey = std::fs::read_to_string(fixture("mini/survey.csv")).unwrap();
    let survey = survey
        .trim_start_matches('\u{feff}')
        .replacen(
            "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push",
            "pid;agegroup;w;land;worry_a;worry_b;worry_c;loc_ok;con_ok;push_ok",
            1,
        )
        .replace(";1950;", ";65+;")
        .replace(";1960;", ";55 - 64;")
        .replace(";1970;", ";45 - 54;")
        .replace(";1985;", ";35 - 44;")
        .replace(";1990;", ";35 - 44;")
        .replace(";2000;", ";18 - 24;")
        .replace(";2001;", ";18 - 24;")
        .replace(";1999;", ";25 - 34;");
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    let beh = std::fs::read_to_string(fixture("mini/behavior.csv"))
        .unwrap()
        .replacen(
            "respondent_id,shared_loc,shared_con",
            "pid,gps,addressbook",
            1,
        );
    std::fs::write(dir.path().join("behavior.csv"), beh).unwrap();
    let cb = std::fs::read_to_string(fixture("mini/codebook.toml"))
        .unwrap()
        .replace("id = \"respondent_id\"", "id = \"pid\"")
        .replace("birth_year = \"birth_year\"\n", "")
        .replace("weight = \"weight\"", "weight = \"w\"")
        .replace("[\"country\"]", "[\"land\"]")
        .replace("\"c1\"", "\"worry_a\"")
        .replace("\"c2\"", "\"worry_b\"")
        .replace("\"c3\"", "\"worry_c\"")
        .replace("\"will_loc\"", "\"loc_ok\"")
        .replace("\"will_con\"", "\"con_ok\"")
        .replace("\"shared_loc\"", "\"gps\"")
        .replace("\"shared_con\"", "\"addressbook\"")
        .replace("\"acc_push\"", "\"push_ok\"")
        .replace(
            "[labels.agree5]",
            "[cohorts]\nscheme = \"column\"\ncolumn = \"agegroup\"\norder = [\"18 - 24\", \"25 - 34\", \"35 - 44\", \"45 - 54\", \"55 - 64\", \"65+\"]\n\n[labels.agree5]",
        );
    std::fs::write(dir.path().join("codebook.toml"), cb).unwrap();
    let renamed = load(dir.path());
    let original = load(&fixture("mini"));
    let opts = AnalysisOptions::default();
    let a = summarize(&renamed, &Filter::default(), &opts);
    let b = summarize(&original, &Filter::default(), &opts);
    assert_eq!(a.gap.overall, b.gap.overall);
    assert_eq!(a.data_types, b.data_types);
    assert_eq!(a.tactics[0].overall, b.tactics[0].overall);
    assert_eq!(
        renamed.cohort_names,
        vec!["18 - 24", "25 - 34", "35 - 44", "45 - 54", "55 - 64", "65+"]
    );
}

/// Each rejection reason → its rejected.csv row; the rest of the study is analysed.
#[test]
fn every_rejection_reason_is_listed() {
    let dir = copy_fixture("mini");
    let rows = [
        (
            "R10;1980;1.0;DE;9;4;2;2;0;1",
            "c1",
            "9",
            "outside the declared range",
        ),
        ("R11;1980;1.0;DE;3.5;4;2;2;0;1", "c1", "3.5", "whole number"),
        (
            "R12;1980;1.0;DE;four;4;2;2;0;1",
            "c1",
            "four",
            "not a label",
        ),
        ("R13;1980;0;DE;4;4;2;2;0;1", "weight", "0", "greater than 0"),
        (
            "R14;1980;-1;DE;4;4;2;2;0;1",
            "weight",
            "-1",
            "greater than 0",
        ),
        (
            "R15;1980;NA;DE;4;4;2;2;0;1",
            "weight",
            "NA",
            "missing weight",
        ),
        (
            "R16;1980;inf;DE;4;4;2;2;0;1",
            "weight",
            "inf",
            "not a number",
        ),
        (
            "R17;3025;1.0;DE;4;4;2;2;0;1",
            "birth_year",
            "3025",
            "after the survey year",
        ),
        (
            "R18;1800;1.0;DE;4;4;2;2;0;1",
            "birth_year",
            "1800",
            "more than 120 years",
        ),
        ("R19;1980;1.0;DE;4;4;2;2;7;1", "will_con", "7", "range 0..1"),
        ("R20;1980;1.0;DE;4;4;2;0;0;1", "will_loc", "0", "range 1..5"),
        (
            "R21;1980;1.0;DE;4;4;2;2;0",
            "",
            "",
            "fields but the header has",
        ),
    ];
    let mut survey = std::fs::read(dir.path().join("survey.csv")).unwrap();
    for (r, ..) in &rows {
        survey.extend_from_slice(r.as_bytes());
        survey.extend_from_slice(b"\r\n");
    }
    std::fs::write(dir.path().join("survey.csv"), &survey).unwrap();
    let mut beh = std::fs::read_to_string(dir.path().join("behavior.csv")).unwrap();
    beh.push_str("R7,x,1\n");
    std::fs::write(dir.path().join("behavior.csv"), beh).unwrap();
    let before = hash_dir(dir.path());
    // Beside the study, not inside it: the output gate refuses writes into an input folder.
    let listings = tempfile::tempdir().unwrap();
    let out = listings.path().join("rejected.csv");
    let study = dir.path().to_str().unwrap();
    let r = run(&["check", study, "--rejected", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut rd = csv::Reader::from_path(&out).unwrap();
    let got: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    for (i, (_, column, value, reason)) in rows.iter().enumerate() {
        let line = (10 + i) as u64; // header + 8 respondents = lines 1–9
        let hit = got
            .iter()
            .find(|g| g[0] == *"survey.csv" && g[1] == *line.to_string());
        let hit = hit.unwrap_or_else(|| panic!("line {line} not rejected: {got:?}"));
        assert_eq!(&hit[2], *column, "line {line}");
        assert_eq!(&hit[3], *value, "line {line}");
        assert!(hit[4].contains(reason), "line {line}: {}", &hit[4]);
    }
    let beh_hit = got
        .iter()
        .find(|g| &g[0] == "behavior.csv")
        .expect("behaviour row");
    assert_eq!(
        (&beh_hit[1], &beh_hit[2], &beh_hit[3]),
        ("10", "shared_loc", "x")
    );
    assert!(r
        .stdout
        .contains(&format!("Rejected survey rows    {:>10}", rows.len())));
    assert!(
        r.stdout.contains("Rejected behaviour rows          1"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Analysed respondents             8"),
        "{}",
        r.stdout
    );
    // Inputs untouched (rejected.csv is new, the rest identical).
    let after: Vec<_> = hash_dir(dir.path())
        .into_iter()
        .filter(|(n, _)| n != "rejected.csv")
        .collect();
    assert_eq!(before, after);
}

#[test]
fn duplicate_id_is_a_file_error_naming_line_and_column() {
    let dir = copy_fixture("mini");
    let mut survey = std::fs::read(dir.path().join("survey.csv")).unwrap();
    survey.extend_from_slice(b"R3;1980;1.0;DE;4;4;2;2;0;1\r\n");
    std::fs::write(dir.path().join("survey.csv"), &survey).unwrap();
    let before = hash_dir(dir.path());
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("survey.csv, line 10, column \"respondent_id\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("\"R3\"") && r.stderr.contains("line 4"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "no partial output");
    assert_eq!(before, hash_dir(dir.path()));
}

#[test]
fn missing_column_is_a_file_error() {
    let dir = copy_fixture("mini");
    let cb = std::fs::read_to_string(dir.path().join("codebook.toml"))
        .unwrap()
        .replace("column = \"acc_push\"", "column = \"acc_pusj\"");
    std::fs::write(dir.path().join("codebook.toml"), cb).unwrap();
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("survey.csv, line 1: column \"acc_pusj\"") && r.stderr.contains("tactic"),
        "{}",
        r.stderr
    );
}

#[test]
fn nothing_left_to_analyse_exits_1() {
    let dir = copy_fixture("mini");
    let survey = "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\nR1;1950;0;DE;5;4;1;2;0;1\n";
    std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
    run(&["check", dir.path().to_str().unwrap()])
        .assert_exit(1)
        .stderr_contains("no respondent is left");
}

#[test]
fn pii_column_is_refused_unless_dropped() {
    let dir = copy_fixture("qualtrics");
    let survey = std::fs::read_to_string(dir.path().join("survey.csv")).unwrap();
    let mut lines: Vec<String> = survey.lines().map(String::from).collect();
    lines[0].push_str(",RecipientEmail");
    lines[1].push_str(",Email");
    lines[2].push_str(",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\"");
    for (i, l) in lines.iter_mut().enumerate().skip(3) {
        l.push_str(&format!(",person{i}@example.org"));
    }
    std::fs::write(dir.path().join("survey.csv"), lines.join("\n") + "\n").unwrap();
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("\"RecipientEmail\"")
            && r.stderr.contains("e-mail addresses")
            && r.stderr.contains("5 of 5"),
        "{}",
        r.stderr
    );
    let r = run(&["check", dir.path().to_str().unwrap(), "--drop-pii"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("Dropped PII column      \"RecipientEmail\""));
}

#[test]
fn import_writes_a_normalized_study_and_refuses_to_overwrite() {
    let src = copy_fixture("mini");
    let before = hash_dir(src.path());
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("wave1");
    let p = |f: &str| src.path().join(f).to_str().unwrap().to_string();
    let args = [
        "import",
        "--survey",
        &p("survey.csv"),
        "--behavior",
        &p("behavior.csv"),
        "--codebook",
        &p("codebook.toml"),
        "--into",
        into.to_str().unwrap(),
    ];
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "codebook.toml",
        "survey.csv",
        "behavior.csv",
        "rejected.csv",
        "import.log",
    ] {
        assert!(into.join(f).exists(), "{f}");
    }
    let survey = std::fs::read_to_string(into.join("survey.csv")).unwrap();
    assert!(
        survey.starts_with("respondent_id,birth_year,"),
        "comma, no BOM: {survey}"
    );
    assert!(
        !survey.contains('\r') && !survey.contains("agree"),
        "codes, LF: {survey}"
    );
    assert!(survey.contains("R1,1950,1.0,DE,5,4,1,2,0,1"), "{survey}");
    assert!(
        survey.contains("R5,1990,1.5,DE,5,5,,1,0,5"),
        "missing → blank: {survey}"
    );
    // The normalized study analyses to the same numbers.
    let a = load(&into);
    let b = load(&fixture("mini"));
    let o = AnalysisOptions::default();
    assert_eq!(
        summarize(&a, &Filter::default(), &o).gap,
        summarize(&b, &Filter::default(), &o).gap
    );
    assert_eq!(before, hash_dir(src.path()), "inputs unchanged");
    let r = run(&args);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(run(&forced).code, 0);
}

#[test]
fn utf16_and_binary_files_are_refused_clearly() {
    let dir = copy_fixture("mini");
    let text = "respondent_id,birth_year\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("survey.csv"), &utf16).unwrap();
    run(&["check", dir.path().to_str().unwrap()])
        .assert_exit(2)
        .stderr_contains("UTF-16");
    std::fs::write(
        dir.path().join("survey.csv"),
        [0u8, 1, 2, 3, 200, 201, 0, 0],
    )
    .unwrap();
    run(&["check", dir.path().to_str().unwrap()])
        .assert_exit(2)
        .stderr_contains("survey.csv, line 1");
}
