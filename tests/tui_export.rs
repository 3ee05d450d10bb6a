//! `e` exports the current view's tables as tidy CSV (and its chart as SVG + PNG) under
//! `reports/<study>/tui/` of the working folder (printed as an absolute path), with every
//! cell the screen marks `†` written as null (an empty field), and refuses to export the
//! per-respondent view. One test function in a test binary of its own (not a module of
//! `tests/it`): exports go to a folder relative to the working directory, so the test
//! changes the working directory, which belongs to the whole process.

mod tui_fixture;

use std::time::Duration;

use paradox::tui::{export_current_view, update, Action, App};

#[test]
fn exports_are_disclosure_controlled_and_respondents_are_never_exported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::env::set_current_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(tui_fixture::study()).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(Duration::from_secs(30)));

    // Overview: two tables, so the folder is returned.
    let out = export_current_view(&app).unwrap_or_else(|e| panic!("{e}"));
    let cwd = std::env::current_dir().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out, cwd.join("reports/fixture/tui"));
    assert!(out.is_absolute());
    let cohorts =
        std::fs::read_to_string(out.join("overview-cohorts.csv")).unwrap_or_else(|e| panic!("{e}"));
    let silent = cohorts
        .lines()
        .find(|l| l.starts_with("Silent"))
        .unwrap_or("");
    assert_eq!(silent, "Silent,,", "4 respondents: n and share suppressed");
    let gen_x = cohorts
        .lines()
        .find(|l| l.starts_with("Gen X"))
        .unwrap_or("");
    assert!(
        gen_x.starts_with("Gen X,90,0.28"),
        "full precision kept: {gen_x}"
    );

    // Gap, through the key: the status bar says where it went.
    update(&mut app, Action::GoTab(1));
    update(&mut app, Action::Export);
    let msg = app.message.clone().unwrap_or_else(|| panic!("no message"));
    assert!(!msg.is_error, "{}", msg.text);
    assert!(
        msg.text
            .contains(&format!("{}/reports/fixture/tui", cwd.display())),
        "{}",
        msg.text
    );
    let svg = std::fs::read_to_string("reports/fixture/tui/gap-gap_by_cohort.svg")
        .unwrap_or_else(|e| panic!("the chart is exported too: {e}"));
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    assert!(std::path::Path::new("reports/fixture/tui/gap-gap_by_cohort.png").exists());
    let gap = std::fs::read_to_string("reports/fixture/tui/gap-gap_by_cohort.csv")
        .unwrap_or_else(|e| panic!("{e}"));
    // Every Silent statistic rests on 4 respondents: publishing never shows Silent on its
    // own, only merged with its age neighbours.
    assert!(!gap.lines().any(|l| l.starts_with("Silent,")), "{gap}");
    assert!(gap.lines().any(|l| l.starts_with("Silent + ")), "{gap}");
    let view = std::fs::read_to_string("reports/fixture/tui/gap-view.txt")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(view.contains("filter: all respondents") && view.contains("min_cell: 10"));

    // Robustness: the heat maps (share and RD) and the group tables, through publish.
    update(&mut app, Action::GoTab(7));
    assert!(app.wait_for_analysis(Duration::from_secs(30)));
    update(&mut app, Action::Export);
    let msg = app.message.clone().unwrap_or_else(|| panic!("no message"));
    assert!(!msg.is_error, "{}", msg.text);
    let read = |f: &str| {
        std::fs::read_to_string(format!("reports/fixture/tui/{f}"))
            .unwrap_or_else(|e| panic!("{f}: {e}"))
    };
    let heat = read("robustness-sensitivity_paradoxical_share.csv");
    assert!(
        heat.starts_with("concern_threshold,disclosure_0.2,"),
        "{heat}"
    );
    // The codebook's cell (concern > 4) keeps full precision and loses the screen's brackets.
    let actual_row = heat.lines().find(|l| l.starts_with(">4,")).unwrap_or("");
    assert!(!actual_row.is_empty(), "{heat}");
    assert!(
        !actual_row.is_empty() && !actual_row.contains('['),
        "{actual_row}"
    );
    // Every cell of the concern > 2 row is suppressed on screen (†): publishing leaves the
    // threshold out (its slice is merged with the neighbouring one), so the export has no
    // such row.
    assert!(!heat.lines().any(|l| l.starts_with(">2,")), "{heat}");
    assert!(read("robustness-sensitivity_disclosure_risk_difference.csv").contains(">4,"));
    let levels = read("robustness-group_country.csv");
    assert!(levels.lines().any(|l| l.starts_with("DE,172,")), "{levels}");
    let tests = read("robustness-group_country_tests.csv");
    assert!(tests.contains("holm (paradoxical_chi2"), "{tests}");

    // Respondents: refused.
    update(&mut app, Action::GoTab(4));
    update(&mut app, Action::Export);
    let msg = app.message.clone().unwrap_or_else(|| panic!("no message"));
    assert!(
        msg.is_error && msg.text.contains("never exported"),
        "{}",
        msg.text
    );
    assert!(!std::path::Path::new("reports/fixture/tui/respondents-view.txt").exists());
}
