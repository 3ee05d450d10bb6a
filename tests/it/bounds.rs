//! A study is bounded by its codebook, never by luck: hostile codebooks and surveys built
//! from the synthetic generator in temporary folders. A range, a list or a role beyond the
//! codebook's limits is a codebook error (exit 2) naming the key, the value and the limit;
//! colliding labels, a cohort listed twice, the id column read as the weight and an empty
//! `[pii_allow]` reason are refused the same way; a group column with a level per
//! respondent is reported as not broken down, in bounded time and memory — also under a
//! 400 MB address-space limit, and in the dashboard.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::*;
use paradox::tui::{ui, update, Action, App};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A synthetic study of `n` respondents (seed 1) in a fresh temporary folder `study/`.
fn synth(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("study");
    run(&[
        "synth",
        "--respondents",
        &n.to_string(),
        "--seed",
        "1",
        "--out",
        &out.to_string_lossy(),
    ])
    .assert_exit(0);
    dir
}

/// Replaces `from` (which must be there) by `to` in the study's codebook.
fn edit_codebook(dir: &Path, from: &str, to: &str) {
    let path = dir.join("study/codebook.toml");
    let text = std::fs::read_to_string(&path).expect("codebook");
    assert!(text.contains(from), "the synthetic codebook lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write codebook");
}

/// Gives every respondent a level of their own in the survey's `column`: `value(row)`.
fn unique_levels(dir: &Path, column: &str, value: impl Fn(usize) -> String) {
    let path = dir.join("study/survey.csv");
    let text = std::fs::read_to_string(&path).expect("survey");
    assert!(!text.contains('"'), "the synthetic survey quotes no field");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let at = header
        .split(',')
        .position(|h| h == column)
        .expect("the column is in the header");
    let mut out = vec![header.to_string()];
    for (row, line) in lines.enumerate() {
        let mut fields: Vec<String> = line.split(',').map(String::from).collect();
        fields[at] = value(row);
        out.push(fields.join(","));
    }
    std::fs::write(&path, out.join("\n") + "\n").expect("write survey");
}

/// `paradox report` of the temporary study, as JSON only, into `dir/out`.
fn report(dir: &Path) -> Run {
    let out = dir.join("out");
    run(&[
        "report",
        &dir.join("study").to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--format",
        "json",
    ])
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("out/summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("JSON")
}

/// A codebook error: exit 2, the message naming every `needle` (key, value, limit).
#[track_caller]
fn refused(dir: &Path, needles: &[&str]) {
    let r = report(dir);
    r.assert_exit(2).stderr_contains("codebook.toml");
    for n in needles {
        r.stderr_contains(n);
    }
    assert!(!dir.join("out").exists(), "nothing is written");
}

#[test]
fn a_tactic_range_of_two_billion_points_is_refused() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "column = \"accept_push\"\nmin = 1\nmax = 5",
        "column = \"accept_push\"\nmin = 1\nmax = 2000000000",
    );
    refused(
        dir.path(),
        &[
            "[tactic[0] (push_notifications).max]",
            "max = 2000000000",
            "limit of 100",
        ],
    );
}

#[test]
fn range_ends_beyond_the_codes_an_answer_may_have_are_refused() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "stated_min = 1\nstated_max = 5",
        "stated_min = 40001\nstated_max = 40005",
    );
    refused(
        dir.path(),
        &["[data_type[0] (location).stated_min]", "40001", "1000"],
    );
}

#[test]
fn lists_longer_than_their_limit_are_refused() {
    let dir = synth(200);
    let extra: String = (0..51)
        .map(|i| {
            format!(
                "\n[[tactic]]\nname = \"extra_{i}\"\ncolumn = \"accept_push\"\nmin = 1\nmax = 5\n"
            )
        })
        .collect();
    edit_codebook(dir.path(), "[paradox]", &format!("{extra}\n[paradox]"));
    refused(
        dir.path(),
        &["[tactic]", "58 [[tactic]] tables", "limit of 50"],
    );

    let dir = synth(200);
    let order: Vec<String> = (0..201).map(|i| format!("\"c{i}\"")).collect();
    edit_codebook(
        dir.path(),
        "scheme = \"generation\"",
        &format!(
            "scheme = \"column\"\ncolumn = \"gender\"\norder = [{}]",
            order.join(", ")
        ),
    );
    refused(
        dir.path(),
        &["[cohorts.order]", "201 cohorts", "limit of 200"],
    );
}

#[test]
fn labels_that_collide_once_trimmed_and_case_folded_are_refused() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "\"Neutral\" = 3\n",
        "\"Neutral\" = 3\n\"NEUTRAL\" = 4\n",
    );
    refused(
        dir.path(),
        &["[labels.acceptability5]", "\"Neutral\"", "\"NEUTRAL\""],
    );
}

#[test]
fn labels_that_collide_on_the_same_code_are_accepted() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "\"Neutral\" = 3\n",
        "\"Neutral\" = 3\n\" NEUTRAL \" = 3\n",
    );
    report(dir.path()).assert_exit(0);
}

#[test]
fn a_cohort_listed_twice_is_refused() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "scheme = \"generation\"",
        "scheme = \"column\"\ncolumn = \"gender\"\norder = [\"Female\", \"Male\", \" female \"]",
    );
    refused(
        dir.path(),
        &["[cohorts.order]", "\"Female\"", "\" female \""],
    );
}

#[test]
fn the_id_column_as_the_weight_is_a_codebook_error() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "weight = \"weight\"",
        "weight = \"respondent_id\"",
    );
    refused(
        dir.path(),
        &["[columns.weight]", "\"respondent_id\"", "columns.id"],
    );
}

#[test]
fn the_id_column_as_a_group_or_a_tactic_is_a_codebook_error() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "group = [\"gender\", \"country\"]",
        "group = [\"gender\", \"respondent_id\"]",
    );
    refused(dir.path(), &["[columns.group[1]]", "\"respondent_id\""]);

    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "column = \"accept_chatbot\"",
        "column = \"birth_year\"",
    );
    refused(
        dir.path(),
        &["[tactic[6] (chatbot_assistant).column]", "\"birth_year\""],
    );
}

#[test]
fn an_empty_pii_allow_reason_is_refused() {
    let dir = synth(200);
    edit_codebook(
        dir.path(),
        "[behavior]",
        "[pii_allow]\ncountry = \"   \"\n\n[behavior]",
    );
    refused(dir.path(), &["[pii_allow.country]", "empty"]);
}

/// The note on a group column that was not broken down, and the breakdown of the other.
#[track_caller]
fn not_broken_down(s: &serde_json::Value) {
    let analysed = s["study"]["analysed"].as_u64().expect("analysed");
    let by_group = s["by_group"].as_array().expect("by_group");
    let country = by_group
        .iter()
        .find(|g| g["group"] == "country")
        .expect("country");
    let unknown = country["unknown"].as_u64().unwrap_or(0);
    // A level per respondent: as many levels as respondents with a value.
    let k = analysed - unknown;
    assert!(k > 50, "{k}");
    assert_eq!(country["too_many_levels"].as_u64(), Some(k));
    assert_eq!(country["levels"].as_array().map(Vec::len), Some(0));
    let note = format!(
        "by_group[country]: {} levels among the analysed respondents, more than the 50 a breakdown takes, so the column is not broken down",
        paradox::fmt::count(k)
    );
    let notes = s["notes"].as_array().expect("notes");
    assert!(
        notes.iter().any(|n| n == note.as_str()),
        "{note} in {notes:?}"
    );
    // The rest of the report is as usual: gender is broken down, the models hold it.
    let gender = by_group
        .iter()
        .find(|g| g["group"] == "gender")
        .expect("gender");
    assert!(gender["levels"].as_array().is_some_and(|l| l.len() >= 2));
    assert!(gender.get("too_many_levels").is_none());
    assert!(s["gap"]["overall"]["n"].as_u64().is_some_and(|n| n > 1000));
    assert!(s["models"]["disclosure"]["terms"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t["term"]
            .as_str()
            .is_some_and(|x| x.starts_with("gender: ")))));
}

#[test]
fn a_group_with_a_level_per_respondent_is_not_broken_down() {
    let dir = synth(2400);
    unique_levels(dir.path(), "country", |r| format!("L{r:05}"));
    let t = Instant::now();
    report(dir.path()).assert_exit(0);
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    not_broken_down(&summary(dir.path()));
}

#[test]
fn a_group_of_email_like_values_is_refused_quickly_or_allowed_and_not_broken_down() {
    let dir = synth(2400);
    unique_levels(dir.path(), "country", |r| {
        format!("respondent.{r}@example.org")
    });
    // Group names are published labels: e-mail addresses are refused as personal data,
    // naming the column, in bounded time.
    let t = Instant::now();
    report(dir.path())
        .assert_exit(2)
        .stderr_contains("\"country\"")
        .stderr_contains("e-mail");
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    // Allowed with a reason, the column is still bounded: not broken down.
    let codebook = dir.path().join("study/codebook.toml");
    let mut text = std::fs::read_to_string(&codebook).expect("codebook");
    text.push_str("\n[pii_allow]\ncountry = \"synthetic test addresses\"\n");
    std::fs::write(&codebook, text).expect("write codebook");
    let t = Instant::now();
    report(dir.path()).assert_exit(0);
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    not_broken_down(&summary(dir.path()));
}

/// `paradox report STUDY --out OUT` under `ulimit -v 400000` (about 400 MB of address
/// space), all formats.
fn report_under_ulimit(dir: &Path) -> (std::process::Output, Duration) {
    let script = format!(
        "ulimit -v 400000; exec '{}' report '{}' --out '{}'",
        env!("CARGO_BIN_EXE_paradox"),
        dir.join("study").display(),
        dir.join("out").display()
    );
    let t = Instant::now();
    let study = dir.join("study");
    let out = crate::util::guard_inputs(&[study.as_path()], || {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(dir)
            .output()
            .expect("sh runs")
    });
    (out, t.elapsed())
}

#[test]
fn hostile_studies_stay_within_400_mb() {
    let dir = synth(2400);
    edit_codebook(
        dir.path(),
        "column = \"accept_push\"\nmin = 1\nmax = 5",
        "column = \"accept_push\"\nmin = 1\nmax = 2000000000",
    );
    let (out, took) = report_under_ulimit(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("limit of 100"), "{stderr}");
    assert!(took < Duration::from_secs(10), "{took:?}");

    let dir = synth(2400);
    unique_levels(dir.path(), "country", |r| format!("L{r:05}"));
    let (out, _) = report_under_ulimit(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    not_broken_down(&summary(dir.path()));
}

#[test]
fn the_dashboard_shows_a_group_with_a_level_per_respondent_as_not_broken_down() {
    let dir = synth(2400);
    unique_levels(dir.path(), "country", |r| format!("L{r:05}"));
    let study = paradox::import::load_study(
        Some(&dir.path().join("study")),
        &paradox::import::LoadOptions::default(),
    )
    .expect("loads");
    let wait = Duration::from_secs(60);
    let mut app = App::new(study).unwrap_or_else(|e| panic!("app: {e}"));
    assert!(app.wait_for_analysis(wait), "first analysis");
    // The Robustness tab computes the group breakdowns; → shows the second column.
    for a in [Action::GoTab(7), Action::Right] {
        update(&mut app, a);
        assert!(app.wait_for_analysis(wait), "analysis after {a:?}");
    }
    let screen = draw(&mut app);
    assert!(screen.contains("Group: country"), "{screen}");
    // The line wraps; its start says it all.
    assert!(
        screen
            .contains("levels among the respondents analysed, more than the 50 a breakdown takes"),
        "{screen}"
    );
    // The filter picker lists every level, and picking one works as for any column.
    update(&mut app, Action::OpenFilter);
    assert!(draw(&mut app).contains("filter by cohort or group"));
    for a in [Action::Bottom, Action::ToggleItem, Action::ApplyFilter] {
        update(&mut app, a);
    }
    assert!(
        app.wait_for_analysis(wait),
        "analysis of the filtered study"
    );
    let screen = draw(&mut app);
    assert!(screen.contains("n = 1 "), "{screen}");
}

/// The whole screen at 200×50, as text.
fn draw(app: &mut App) -> String {
    let (w, h) = (200u16, 50u16);
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    term.draw(|f| ui::render(app, f))
        .unwrap_or_else(|e| match e {});
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| {
            (0..w)
                .filter_map(|x| buf.cell((x, y)).map(|c| c.symbol().to_string()))
                .collect::<String>()
                + "\n"
        })
        .collect()
}
