//! The dashboard on the bundled sample study (`datasets/sample`, loaded by the real
//! importer): whole-screen snapshots of every tab at 80×24 and 120×40, unfiltered and with
//! Gen Z selected and weights off, plus figures on screen checked against the summary.

use std::time::Duration;

use paradox::import::{load_study, LoadOptions};
use paradox::tui::{ui, update, Action, App, Tab};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn app() -> App {
    let dir = paradox::sample_study_dir();
    let study = load_study(Some(&dir), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the sample study loads: {e}"));
    let mut app = App::new(study).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(Duration::from_secs(60)));
    app
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .filter_map(|x| buf.cell((x, y)).map(|c| c.symbol().to_string()))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snapshot_all_tabs(app: &mut App, prefix: &str) {
    for (i, tab) in Tab::ALL.iter().enumerate() {
        update(app, Action::GoTab(i));
        // The Models tab asks for the adjusted models on demand: wait for them.
        assert!(
            app.wait_for_analysis(Duration::from_secs(60)),
            "analysis did not arrive"
        );
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(app, w, h);
            insta::assert_snapshot!(format!("{prefix}_{}_{w}x{h}", tab.slug()), s);
        }
    }
}

#[test]
fn sample_study_every_tab() {
    let mut app = app();
    let s = screen(&mut app, 120, 40);
    let analysed = app
        .analysis
        .as_ref()
        .map(|a| a.summary.study.analysed)
        .unwrap_or(0);
    assert!(s.contains(&format!("n = {analysed}")), "status bar n:\n{s}");
    snapshot_all_tabs(&mut app, "tui_sample");
}

#[test]
fn sample_study_gen_z_unweighted() {
    let mut app = app();
    // Cohort entries: Silent, Boomers, Gen X, Millennials, Gen Z …
    for a in [
        Action::OpenFilter,
        Action::Down,
        Action::Down,
        Action::Down,
        Action::Down,
        Action::ToggleItem,
        Action::ApplyFilter,
        Action::ToggleWeights,
    ] {
        update(&mut app, a);
    }
    assert!(app.wait_for_analysis(Duration::from_secs(60)));
    let summary = app
        .analysis
        .as_ref()
        .map(|a| a.summary.clone())
        .unwrap_or_else(|| panic!());
    assert_eq!(summary.study.filter, "cohort: Gen Z");
    assert!(!summary.study.weighted);
    assert_eq!(summary.cohorts.len(), 1);
    snapshot_all_tabs(&mut app, "tui_sample_genz");
}
