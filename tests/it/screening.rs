//! Careless-response screening: flags on a hand-made study whose expected flags
//! are derived by hand below, `exclude = true` equals deleting the flagged rows, disclosure
//! control of the published counts, codebook errors, and detection of the careless
//! respondents `paradox synth --careless 0.05` plants (recall and precision vs truth.json).

use std::collections::BTreeSet;
use std::path::Path;

use paradox::analysis::screening::flags;
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;

const CODEBOOK: &str = r#"
[study]
name = "screen"
survey_year = 2025

[columns]
id = "id"
birth_year = "by"

[labels.agree5]
"Strongly disagree" = 1
"Disagree" = 2
"Neutral" = 3
"Agree" = 4
"Strongly agree" = 5

[label_columns]
attn = "agree5"

[[scale]]
name = "concern"
items = ["c1", "c2", "c3", "c4"]
min = 1
max = 5

[[scale]]
name = "short"
items = ["s1", "s2"]
min = 1
max = 5

[[data_type]]
name = "location"
behavior = "b_loc"

[paradox]
concern_scale = "concern"

[disclosure_control]
min_cell = 10
"#;

const SCREENING: &str = r#"
[screening]
exclude = EXCLUDE
duration = "dur"
straightlining = true

[[screening.attention]]
column = "attn"
expected = "Disagree"
"#;

/// Durations present (r08 has none): 600 580 100 620 450 700 650 500 170 800 900, sorted
/// 100 170 450 500 580 [600] 620 650 700 800 900 — 11 values, median 600, so the speeder
/// cut-off is 0.3 × 600 = 180 s: r03 (100 s) and r10 (170 s) are speeders.
/// Straightliners on "concern" (k = 4): r02 (2 2 2 2) and r04 (3 3 3 3); r07 answers
/// 4 4 4 and skips c4 (not flagged); the 2-item scale "short" is not screened (r01…r12 all
/// answer s1 = s2). Attention ("Disagree" = code 2): r04 answers "Agree", r12 "Strongly
/// agree" (failed); r05 answers the code 2 and r10 "disagree" (passed); r09 skipped it (not
/// flagged). Flagged: r02, r03, r04, r10, r12 — 5 of 12.
const SURVEY: &str = "\
id,by,c1,c2,c3,c4,s1,s2,dur,attn,b_loc
r01,1990,5,4,5,4,3,3,600,Disagree,1
r02,1985,2,2,2,2,4,4,580,Disagree,0
r03,1970,4,5,4,5,2,2,100,Disagree,1
r04,1960,3,3,3,3,1,1,620,Agree,0
r05,2000,5,5,5,4,5,5,450,2,1
r06,1995,1,2,1,2,3,3,700,Disagree,0
r07,1999,4,4,4,,2,2,650,Disagree,1
r08,1980,5,5,4,5,3,3,NA,Disagree,1
r09,1975,2,3,2,3,4,4,500,NA,0
r10,1988,5,4,4,4,4,4,170,disagree,1
r11,1992,3,4,3,4,2,2,800,Disagree,0
r12,1965,4,5,5,5,1,1,900,Strongly agree,1
";

const FLAGGED: [&str; 5] = ["r02", "r03", "r04", "r10", "r12"];

fn write_study(dir: &Path, codebook: &str, survey: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("codebook.toml"), codebook).expect("codebook");
    std::fs::write(dir.join("survey.csv"), survey).expect("survey");
}

fn screened_codebook(exclude: bool) -> String {
    format!(
        "{CODEBOOK}{}",
        SCREENING.replace("EXCLUDE", if exclude { "true" } else { "false" })
    )
}

fn load(dir: &Path) -> Study {
    match load_study(Some(dir), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => panic!("{}: {e}", dir.display()),
    }
}

fn summary(study: &Study) -> Summary {
    summarize(study, &Filter::default(), &AnalysisOptions::default())
}

fn ids_where(study: &Study, col: &[bool]) -> Vec<String> {
    study
        .ids
        .iter()
        .zip(col)
        .filter(|(_, f)| **f)
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn hand_made_study_flags_exactly_the_derived_respondents() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), &screened_codebook(false), SURVEY);
    let study = load(tmp.path());
    let f = flags(&study).expect("screening is declared");
    assert_eq!(f.median_duration, Some(600.0));
    assert_eq!(f.speeder_cutoff, Some(180.0));
    assert_eq!(ids_where(&study, &f.speeder), ["r03", "r10"]);
    assert_eq!(f.straight.len(), 1, "only the 4-item scale is screened");
    assert_eq!(ids_where(&study, &f.straight[0].1), ["r02", "r04"]);
    assert_eq!(f.short_scales, ["short"]);
    assert_eq!(ids_where(&study, &f.attention[0]), ["r04", "r12"]);
    assert_eq!(ids_where(&study, &f.any), FLAGGED);
    assert_eq!(ids_where(&study, &study.flagged), FLAGGED);

    let s = summary(&study);
    let sc = s.screening.as_ref().expect("screening section");
    assert!(!sc.excluded);
    assert_eq!(
        (sc.screened, sc.flagged, sc.kept),
        (Some(12), Some(5), Some(7))
    );
    let per_rule: Vec<(&str, Option<u64>)> = sc
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r.flagged))
        .collect();
    assert_eq!(
        per_rule,
        [
            ("speeder", Some(2)),
            ("straightliner", Some(2)),
            ("attention", Some(2))
        ]
    );
    // Not excluded: every statistic covers all 12, and the "with" block is gap.overall.
    assert_eq!(s.study.analysed, 12);
    assert_eq!(sc.with_flagged, s.gap.overall);
    // Without: r01 r05 r06 r07 r08 r09 r11. Concern means (c1..c4; r07 over 3 items):
    // 4.5 4.75 1.5 4 4.75 2.5 3.5 → concerned (> 3): r01 r05 r07 r08 r11 = 5 of 7;
    // disclosers (b_loc = 1): r01 r05 r07 r08 = 4; paradoxical: the same 4.
    let wo = sc.without_flagged.as_ref().expect("without block");
    assert_eq!(wo.n, Some(7));
    assert_eq!(wo.concern_table, [[Some(4), Some(1)], [Some(0), Some(2)]]);
    // Paradoxical 4/7; risk difference P(disc | concerned) − P(disc | not) = 4/5 − 0/2.
    assert!((wo.paradoxical.unwrap_or(f64::NAN) - 4.0 / 7.0).abs() < 1e-12);
    assert!((wo.disclosure_rd.unwrap_or(f64::NAN) - 0.8).abs() < 1e-12);
    assert!(s.notes.iter().any(|n| n.contains("short")), "{:?}", s.notes);

    // The analyst's listing: ids and reasons.
    let listing = tmp.path().join("flagged.csv");
    assert!(paradox::import::write_flagged(&study, &listing).expect("writes"));
    let text = std::fs::read_to_string(&listing).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + FLAGGED.len(), "{text}");
    assert!(lines[3].starts_with("r04,") && lines[3].contains("straightliner"));
    assert!(lines[3].contains("attention"), "{text}");
}

#[test]
fn exclude_equals_deleting_the_flagged_rows() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("excluded");
    write_study(&a, &screened_codebook(true), SURVEY);
    let b = tmp.path().join("deleted");
    let kept: String = SURVEY
        .lines()
        .filter(|l| !FLAGGED.iter().any(|id| l.starts_with(&format!("{id},"))))
        .map(|l| format!("{l}\n"))
        .collect();
    write_study(&b, CODEBOOK, &kept);
    let sa = summary(&load(&a));
    let sb = summary(&load(&b));
    assert_eq!(sa.study.analysed, 7);
    assert_eq!(sb.study.analysed, 7);
    assert_eq!(sa.cohorts, sb.cohorts);
    assert_eq!(sa.scales, sb.scales);
    assert_eq!(sa.gap, sb.gap);
    assert_eq!(sa.data_types, sb.data_types);
    assert_eq!(sa.tactics, sb.tactics);
    assert_eq!(sa.distributions, sb.distributions);
    let sc = sa.screening.as_ref().expect("screening");
    assert!(sc.excluded);
    assert_eq!(sc.without_flagged, sb.gap.overall);
    assert_eq!(sc.with_flagged.as_ref().and_then(|b| b.n), Some(12));
    // Overriding the codebook brings them back.
    let all = summarize(
        &load(&a),
        &Filter {
            exclude_flagged: Some(false),
            ..Filter::default()
        },
        &AnalysisOptions::default(),
    );
    assert_eq!(all.study.analysed, 12);
    assert_eq!(all.gap.overall, sc.with_flagged);
}

#[test]
fn published_counts_are_suppressed_below_min_cell() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), &screened_codebook(false), SURVEY);
    let s = summary(&load(tmp.path()));
    let p = paradox::privacy::publish_summary(&s, 10, None, None);
    let sc = p.screening.as_ref().expect("screening stays");
    // 5 flagged and 7 kept are below 10; 12 screened is published.
    assert_eq!((sc.flagged, sc.kept), (None, None));
    assert!(sc.rules.iter().all(|r| r.flagged.is_none()));
    assert_eq!(sc.screened, Some(12));
    // The two headline blocks differ by the flagged respondents' own table (5 respondents),
    // so neither can publish every cell.
    let cells = |b: &Option<paradox::analysis::summary::GapBlock>| {
        b.as_ref()
            .map(|b| b.concern_table.iter().flatten().all(|c| c.is_some()))
    };
    assert_ne!(
        (cells(&sc.with_flagged), cells(&sc.without_flagged)),
        (Some(true), Some(true))
    );
    // Excluded: 7 analysed are published (study.analysed cannot be null), so hiding the 5
    // flagged needs the 12 screened and then the survey rows (= rejected 0 + screened) or
    // the rejected count hidden too.
    let tmp2 = tempfile::tempdir().expect("tempdir");
    write_study(tmp2.path(), &screened_codebook(true), SURVEY);
    let ex = paradox::privacy::publish_summary(&summary(&load(tmp2.path())), 10, None, None);
    let sc2 = ex.screening.as_ref().expect("screening stays");
    assert_eq!(ex.study.analysed, 7);
    assert_eq!((sc2.flagged, sc2.screened), (None, None));
    assert!(
        ex.study.respondents.is_none() || ex.study.rejected_rows.is_none(),
        "{:?}",
        ex.study
    );
    // min_cell 2: nothing here is below it, so the counts stay.
    let p2 = paradox::privacy::publish_summary(&s, 2, None, None);
    assert_eq!(p2.screening.as_ref().and_then(|x| x.flagged), Some(5));
    // Differential privacy: withheld, with a note.
    let dp = paradox::privacy::publish_summary(&s, 10, Some(1.0), Some(7));
    let sc = dp.screening.as_ref().expect("screening stays");
    assert_eq!((sc.flagged, sc.screened), (None, None));
    assert!(sc.with_flagged.is_none() && sc.without_flagged.is_none());
    assert!(dp.notes.iter().any(|n| n.contains("screening counts")));
}

#[test]
fn codebook_errors_name_the_key() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A duration column the survey does not have.
    let cb = screened_codebook(false).replace("duration = \"dur\"", "duration = \"time\"");
    write_study(tmp.path(), &cb, SURVEY);
    let e = load_study(Some(tmp.path()), &LoadOptions::default())
        .expect_err("missing column")
        .to_string();
    assert!(
        e.contains("\"time\"") && e.contains("screening.duration"),
        "{e}"
    );
    // Straightlining with only short scales.
    let cb = screened_codebook(false).replace(
        "items = [\"c1\", \"c2\", \"c3\", \"c4\"]",
        "items = [\"c1\", \"c2\", \"c3\"]",
    );
    write_study(tmp.path(), &cb, SURVEY);
    let e = load_study(Some(tmp.path()), &LoadOptions::default())
        .expect_err("no 4-item scale")
        .to_string();
    assert!(
        e.contains("screening.straightlining") && e.contains("at least 4"),
        "{e}"
    );
    // A typo in a key, with its line.
    let cb = screened_codebook(false).replace("straightlining", "straightlinning");
    write_study(tmp.path(), &cb, SURVEY);
    let e = load_study(Some(tmp.path()), &LoadOptions::default())
        .expect_err("unknown key")
        .to_string();
    assert!(e.contains("straightlinning") && e.contains("line"), "{e}");
    // A fraction outside (0, 1).
    let cb = screened_codebook(false).replace(
        "straightlining = true",
        "straightlining = true\nspeeder_fraction = 1.5",
    );
    write_study(tmp.path(), &cb, SURVEY);
    let e = load_study(Some(tmp.path()), &LoadOptions::default())
        .expect_err("bad fraction")
        .to_string();
    assert!(e.contains("speeder_fraction"), "{e}");
}

#[test]
fn planted_careless_respondents_are_found() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("careless");
    let opts = paradox::synth::SynthOptions {
        respondents: 20_000,
        seed: 11,
        out: out.clone(),
        events: false,
        force: false,
        careless: Some(0.05),
    };
    if let Err(e) = paradox::synth::generate(&opts, &|_| {}) {
        panic!("synth: {e}");
    }
    let bad = paradox::synth::SynthOptions {
        careless: Some(1.5),
        out: tmp.path().join("bad"),
        ..opts.clone()
    };
    assert!(paradox::synth::generate(&bad, &|_| {}).is_err());
    let study = load(&out);
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).expect("truth"))
            .expect("json");
    let planted: BTreeSet<String> = truth["careless"]["respondents"]
        .as_array()
        .expect("planted list")
        .iter()
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect();
    let found: BTreeSet<String> = ids_where(&study, &study.flagged).into_iter().collect();
    let tp = planted.intersection(&found).count() as f64;
    let recall = tp / planted.len() as f64;
    let precision = tp / found.len() as f64;
    println!(
        "planted {}, flagged {}, true positives {tp}: recall {recall:.4}, precision {precision:.4}",
        planted.len(),
        found.len()
    );
    // About 5% of the 19,940 analysable rows.
    assert!((900..=1100).contains(&planted.len()), "{}", planted.len());
    // Misses: speeders slower than the cut-off with no other behaviour (about 3% of
    // speeders). False alarms: attentive respondents who answer all concern items alike
    // (the model's item noise), miss the instructed answer (0.1%) or are very fast (0.03%).
    assert!(recall >= 0.95, "recall {recall}");
    assert!(precision >= 0.90, "precision {precision}");
    assert!(
        recall < 1.0 || precision < 1.0,
        "detection should not be trivially perfect"
    );
}

#[test]
fn dashboard_toggle_includes_and_excludes_flagged() {
    use paradox::tui::{update, Action, App};
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), &screened_codebook(true), SURVEY);
    let mut app = match App::new(load(tmp.path())) {
        Ok(a) => a,
        Err(e) => panic!("app: {e}"),
    };
    let wait = std::time::Duration::from_secs(30);
    assert!(app.wait_for_analysis(wait));
    let analysed = |a: &App| a.analysis.as_ref().map(|x| x.summary.study.analysed);
    // The codebook excludes the 5 flagged respondents.
    assert_eq!(analysed(&app), Some(7));
    update(&mut app, Action::ToggleFlagged);
    assert!(app.wait_for_analysis(wait));
    assert_eq!(app.filter.exclude_flagged, Some(false));
    assert_eq!(analysed(&app), Some(12));
    update(&mut app, Action::ToggleFlagged);
    assert!(app.wait_for_analysis(wait));
    assert_eq!(analysed(&app), Some(7));
}

#[test]
fn quality_tab_shows_the_screening_counts() {
    use paradox::tui::{ui, App, Tab};
    use ratatui::{backend::TestBackend, Terminal};
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), &screened_codebook(false), SURVEY);
    let mut app = match App::new(load(tmp.path())) {
        Ok(a) => a,
        Err(e) => panic!("app: {e}"),
    };
    assert!(app.wait_for_analysis(std::time::Duration::from_secs(30)));
    app.tab = Tab::Quality;
    app.size = (120, 40);
    let mut term = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    if let Err(e) = term.draw(|f| ui::render(&app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let mut text = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if let Some(c) = buf.cell((x, y)) {
                text.push_str(c.symbol());
            }
        }
        text.push('\n');
    }
    assert!(text.contains("Careless responses (flagged only)"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("flagged (any rule)"))
        .unwrap_or_default();
    assert!(line.contains("5 of 12"), "{text}");
}

#[test]
fn import_lists_flagged_respondents_under_their_pseudonyms() {
    use paradox::import::normalize::{import_study, ImportOptions};
    let tmp = tempfile::tempdir().expect("tempdir");
    let raw = tmp.path().join("raw");
    write_study(&raw, &screened_codebook(false), SURVEY);
    let into = tmp.path().join("imported");
    let opts = ImportOptions {
        survey: raw.join("survey.csv"),
        behavior: None,
        events: None,
        codebook: raw.join("codebook.toml"),
        into: into.clone(),
        force: false,
        drop_pii: false,
        keep_unfinished: false,
        pseudonymize_salt: Some(tmp.path().join("salt.bin")),
    };
    if let Err(e) = import_study(&opts) {
        panic!("import: {e}");
    }
    let listing = std::fs::read_to_string(into.join("flagged.csv")).expect("flagged.csv");
    assert!(!listing.contains("r02"), "raw ids leaked: {listing}");
    // The imported study flags the same respondents, under the same pseudonyms.
    let study = load(&into);
    let again: Vec<String> = ids_where(&study, &study.flagged);
    let listed: Vec<String> = listing
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(String::from))
        .collect();
    assert_eq!(listed.len(), FLAGGED.len());
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>(),
        again.iter().collect::<BTreeSet<_>>()
    );
}

#[test]
fn careless_draws_leave_the_rest_of_the_study_unchanged() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let make = |name: &str, careless: Option<f64>| {
        let opts = paradox::synth::SynthOptions {
            respondents: 3000,
            seed: 5,
            out: tmp.path().join(name),
            events: false,
            force: false,
            careless,
        };
        if let Err(e) = paradox::synth::generate(&opts, &|_| {}) {
            panic!("synth: {e}");
        }
        tmp.path().join(name)
    };
    let plain = make("plain", None);
    let careless = make("careless", Some(0.05));
    let read = |p: &Path| std::fs::read_to_string(p).expect("read");
    assert_eq!(
        read(&plain.join("behavior.csv")),
        read(&careless.join("behavior.csv"))
    );
    let truth: serde_json::Value =
        serde_json::from_str(&read(&careless.join("truth.json"))).expect("json");
    let straight: BTreeSet<String> = truth["careless"]["respondents"]
        .as_array()
        .expect("planted")
        .iter()
        .filter(|p| {
            p["kinds"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "straightliner"))
        })
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect();
    // Survey rows: the same except the planted straightliners' concern items and the two
    // new columns at the end.
    let (a, b) = (
        read(&plain.join("survey.csv")),
        read(&careless.join("survey.csv")),
    );
    assert!(b
        .lines()
        .next()
        .is_some_and(|h| h.ends_with(",duration_s,attention_check")));
    for (x, y) in a.lines().zip(b.lines()).skip(1) {
        let y_first: Vec<&str> = y.split(',').collect();
        let y_trimmed = y_first[..y_first.len() - 2].join(",");
        if x != y_trimmed {
            let id = x.split(',').next().unwrap_or_default();
            assert!(straight.contains(id), "row {id} changed:\n{x}\n{y}");
        }
    }
}
