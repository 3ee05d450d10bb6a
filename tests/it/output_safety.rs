//! Output safety: paradox never writes onto an input, into a folder holding one, inside the
//! study folder, or over files it did not write — and a refusal comes before any work, with
//! exit status 2, naming the path. A report rerun replaces only the files its manifest
//! lists. (Every run here is also checked by `TestCommand` to leave its inputs unchanged.)

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::util::{copy_fixture, sha, TestCommand};

/// A small study in a temporary folder: `ROOT/study/…`, with `ROOT` returned too.
fn study() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = copy_fixture("mini");
    let study = root.path().join("study");
    std::fs::create_dir_all(&study).unwrap_or_else(|e| panic!("{e}"));
    for e in std::fs::read_dir(src.path())
        .into_iter()
        .flatten()
        .flatten()
    {
        if e.path().is_file() {
            std::fs::copy(e.path(), study.join(e.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    (root, study)
}

/// (path, SHA-256) of every file under `dir`, sorted.
fn tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push((rel.display().to_string(), sha(&p)));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn report(study: &Path, out: &Path) -> crate::util::Run {
    TestCommand::new()
        .arg("report")
        .arg(study)
        .arg("--out")
        .arg(out)
        .run()
}

#[test]
fn report_never_writes_onto_or_around_its_inputs() {
    let (root, study) = study();
    let before = tree(root.path());
    let cases = [
        (study.clone(), "input"),
        (root.path().to_path_buf(), "holds the input"),
        (study.join("survey.csv"), "not a folder"),
        (study.join("reports"), "inside the input folder"),
    ];
    for (out, why) in cases {
        let r = report(&study, &out);
        r.assert_exit(2);
        assert!(
            r.stderr.contains(&out.display().to_string()),
            "{why}: the message names the path: {}",
            r.stderr
        );
        assert_eq!(tree(root.path()), before, "{why}: nothing changed on disk");
    }
}

#[test]
fn report_refuses_a_folder_of_someone_elses_files() {
    let (root, study) = study();
    let out = root.path().join("paper");
    std::fs::create_dir_all(out.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("paper.tex"), "\\documentclass{article}")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = tree(root.path());
    report(&study, &out)
        .assert_exit(2)
        .stderr_contains("not written by paradox");
    assert_eq!(tree(root.path()), before);
}

#[test]
fn a_rerun_replaces_only_what_the_previous_report_wrote() {
    let (root, study) = study();
    let out = root.path().join("rep");
    report(&study, &out).assert_exit(0);
    // The dashboard's exports and a researcher's notes live beside the report.
    std::fs::create_dir_all(out.join("tui")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("tui/gap-table.csv"), "kept").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("notes.txt"), "kept too").unwrap_or_else(|e| panic!("{e}"));
    let first = tree(&out);
    // A narrower rerun: the charts of the first report go, everything else stays.
    TestCommand::new()
        .arg("report")
        .arg(&study)
        .args(["--format", "json", "--out"])
        .arg(&out)
        .run()
        .assert_exit(0);
    let second = tree(&out);
    let names: Vec<&str> = second.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        vec![
            ".paradox-source",
            "manifest.json",
            "notes.txt",
            "summary.json",
            "tui/gap-table.csv"
        ]
    );
    assert!(first.len() > second.len());
    // And a full rerun gives back the first report byte for byte.
    report(&study, &out).assert_exit(0);
    assert_eq!(tree(&out), first);
}

#[test]
fn a_report_of_this_name_that_paradox_did_not_write_is_not_replaced() {
    let (root, study) = study();
    let out = root.path().join("rep");
    report(&study, &out).assert_exit(0);
    // The researcher puts their own file where the next report would write one.
    std::fs::remove_file(out.join("report.md")).unwrap_or_else(|e| panic!("{e}"));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default();
    let manifest = manifest.replace("\"report.md\"", "\"report-gone.md\"");
    std::fs::write(out.join("manifest.json"), manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("report.md"), "my own words").unwrap_or_else(|e| panic!("{e}"));
    report(&study, &out)
        .assert_exit(2)
        .stderr_contains("report.md");
    assert_eq!(
        std::fs::read_to_string(out.join("report.md"))
            .ok()
            .as_deref(),
        Some("my own words")
    );
}

#[test]
fn a_tampered_manifest_cannot_make_paradox_delete_outside_the_report() {
    let (root, study) = study();
    let out = root.path().join("rep");
    report(&study, &out).assert_exit(0);
    let victim = root.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap_or_else(|e| panic!("{e}"));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default();
    let manifest = manifest.replacen("\"report.md\"", "\"../victim.txt\"", 1);
    std::fs::write(out.join("manifest.json"), manifest).unwrap_or_else(|e| panic!("{e}"));
    report(&study, &out)
        .assert_exit(2)
        .stderr_contains("../victim.txt");
    assert!(
        victim.is_file(),
        "the file outside the report is still there"
    );
}

#[test]
fn the_default_folder_refuses_the_report_of_another_study_of_the_same_name() {
    let (root, study) = study();
    let other = root.path().join("other");
    std::fs::create_dir_all(&other).unwrap_or_else(|e| panic!("{e}"));
    for f in ["codebook.toml", "survey.csv", "behavior.csv"] {
        if study.join(f).is_file() {
            std::fs::copy(study.join(f), other.join(f)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let run_in = |dir: &Path| {
        let r = TestCommand::new()
            .current_dir(root.path())
            .arg("report")
            .arg(dir)
            .args(["--format", "json"])
            .run();
        (Some(r.code), r.stderr)
    };
    assert_eq!(run_in(&study).0, Some(0));
    assert_eq!(
        run_in(&study).0,
        Some(0),
        "a rerun of the same study is fine"
    );
    let (code, stderr) = run_in(&other);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("another study") && stderr.contains("--out"),
        "{stderr}"
    );
}

#[test]
fn check_never_writes_its_listing_onto_an_input_or_a_foreign_file() {
    let (root, study) = study();
    let before = tree(root.path());
    TestCommand::new()
        .arg("check")
        .arg(&study)
        .arg("--rejected")
        .arg(study.join("survey.csv"))
        .run()
        .assert_exit(2)
        .stderr_contains("survey.csv");
    let notes = root.path().join("notes.csv");
    std::fs::write(&notes, "my,own\n").unwrap_or_else(|e| panic!("{e}"));
    TestCommand::new()
        .arg("check")
        .arg(&study)
        .arg("--rejected")
        .arg(&notes)
        .run()
        .assert_exit(2)
        .stderr_contains("not written by paradox");
    assert_eq!(
        std::fs::read_to_string(&notes).ok().as_deref(),
        Some("my,own\n")
    );
    std::fs::remove_file(&notes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree(root.path()), before);
    // Its own file it may replace.
    let listing = root.path().join("rejected.csv");
    for _ in 0..2 {
        TestCommand::new()
            .arg("check")
            .arg(&study)
            .arg("--rejected")
            .arg(&listing)
            .run()
            .assert_exit(0);
    }
}

#[test]
fn synth_refuses_a_folder_of_other_files_even_with_force() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(root.path().join("paper.tex"), "x").unwrap_or_else(|e| panic!("{e}"));
    let before = tree(root.path());
    for force in [false, true] {
        let mut c = TestCommand::new();
        c.args(["synth", "--respondents", "50", "--out"])
            .arg(root.path());
        if force {
            c.arg("--force");
        }
        c.run()
            .assert_exit(2)
            .stderr_contains("not written by paradox");
        assert_eq!(tree(root.path()), before);
    }
}

#[test]
fn import_never_writes_into_the_folder_of_its_inputs() {
    let (root, study) = study();
    let before = tree(root.path());
    for force in [false, true] {
        let mut c = TestCommand::new();
        c.arg("import")
            .arg("--survey")
            .arg(study.join("survey.csv"))
            .arg("--behavior")
            .arg(study.join("behavior.csv"))
            .arg("--codebook")
            .arg(study.join("codebook.toml"))
            .arg("--into")
            .arg(&study);
        if force {
            c.arg("--force");
        }
        c.run().assert_exit(2).stderr_contains("input");
        assert_eq!(tree(root.path()), before, "force = {force}");
    }
    // A new folder beside it is fine, and a second import replaces only its own files.
    let into = root.path().join("normalized");
    let import = |force: bool| {
        let mut c = TestCommand::new();
        c.arg("import")
            .arg("--survey")
            .arg(study.join("survey.csv"))
            .arg("--behavior")
            .arg(study.join("behavior.csv"))
            .arg("--codebook")
            .arg(study.join("codebook.toml"))
            .arg("--into")
            .arg(&into);
        if force {
            c.arg("--force");
        }
        c.run()
    };
    import(false).assert_exit(0);
    std::fs::write(into.join("NOTES.md"), "mine").unwrap_or_else(|e| panic!("{e}"));
    import(false).assert_exit(2).stderr_contains("--force");
    import(true).assert_exit(0);
    assert_eq!(
        std::fs::read_to_string(into.join("NOTES.md"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the target — the study, its parent, a folder with a foreign file of any
    /// name, an input file — `report --out` exits 2 and changes nothing.
    #[test]
    fn report_out_onto_inputs_or_foreign_files_always_refused(
        which in 0usize..4,
        name in "[a-z][a-z0-9_]{0,11}\\.(tex|txt|csv|docx)",
        nested in any::<bool>(),
    ) {
        let (root, study) = study();
        let foreign = root.path().join("foreign");
        let holder = if nested { foreign.join("sub") } else { foreign.clone() };
        std::fs::create_dir_all(&holder).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(holder.join(&name), "someone's").unwrap_or_else(|e| panic!("{e}"));
        let target = match which {
            0 => study.clone(),
            1 => root.path().to_path_buf(),
            2 => foreign.clone(),
            _ => study.join("codebook.toml"),
        };
        let before = tree(root.path());
        let r = report(&study, &target);
        prop_assert_eq!(r.code, 2, "{}", r.stderr);
        prop_assert_eq!(tree(root.path()), before);
    }
}
