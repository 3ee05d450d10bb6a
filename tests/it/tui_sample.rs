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
            crate::util::snapshot!(format!("{prefix}_{}_{w}x{h}", tab.slug()), s);
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

#[test]
fn robustness_tab_shows_the_heat_map_and_the_group_breakdowns_on_demand() {
    let mut app = app();
    let before = app.analysis.as_ref().map(|a| a.summary.by_group.len());
    assert_eq!(before, Some(0), "the filter recompute leaves by_group out");
    update(&mut app, Action::GoTab(7));
    assert_eq!(app.tab, Tab::Robustness);
    // Opening the tab asks the worker for the group breakdowns: wait for them.
    assert!(app.wait_for_analysis(Duration::from_secs(60)));
    let summary = app
        .analysis
        .as_ref()
        .map(|a| a.summary.clone())
        .unwrap_or_else(|| panic!("no analysis"));
    assert_eq!(summary.by_group.len(), 2, "gender and country");
    let sens = summary
        .sensitivity
        .as_ref()
        .unwrap_or_else(|| panic!("the sample has a gap block"));
    let actual = sens
        .cells
        .iter()
        .flatten()
        .find(|c| c.actual)
        .and_then(|c| c.paradoxical)
        .unwrap_or_else(|| panic!("the codebook's cell has a share"));
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("Threshold sensitivity: paradoxical share"),
        "{s}"
    );
    assert!(s.contains("concern \\ discl."), "heat-map header:\n{s}");
    // The codebook's own cell is bracketed, with the share of `gap.overall`.
    let mark = format!("[{:.1}%]", actual * 100.0);
    assert!(s.contains(&mark), "actual cell {mark}:\n{s}");
    assert!(s.contains("Group: gender"), "{s}");
    assert!(s.contains("Kruskal–Wallis: concern"), "{s}");
    assert!(s.contains("holm ("), "adjustment method named:\n{s}");
    // `r` switches to the risk difference; →  to the next group column.
    update(&mut app, Action::ToggleMeasure);
    update(&mut app, Action::Right);
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("disclosure risk difference"), "{s}");
    assert!(s.contains("Group: country"), "{s}");
    let rd = sens
        .cells
        .iter()
        .flatten()
        .find(|c| c.actual)
        .and_then(|c| c.disclosure_rd)
        .unwrap_or_else(|| panic!("the codebook's cell has a risk difference"));
    assert!(s.contains(&format!("[{rd:.3}]")), "{s}");
    // At 80×24 the country levels fill the screen; ↓ scrolls past them to the tests (a
    // frame after each key, as the event loop draws).
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("Kruskal–Wallis: concern"), "{s}");
    let levels = summary.by_group[1].levels.len();
    let mut s = String::new();
    for _ in 0..levels + 40 {
        update(&mut app, Action::Down);
        s = screen(&mut app, 80, 24);
        if s.contains("Kruskal–Wallis: concern") {
            break;
        }
    }
    assert!(
        s.contains("Kruskal–Wallis: concern"),
        "scrolled to the tests:\n{s}"
    );
    // Tiny and small terminals draw without panicking.
    for (w, h) in [(1, 1), (10, 5), (40, 10), (80, 24)] {
        let _ = screen(&mut app, w, h);
    }
}

/// `r` on the Gap tab draws each block's ρ with its 90% interval against the equivalence
/// band, with the verdict in words, at 80 columns as at 120; `r` again brings the bars back.
#[test]
fn gap_tab_shows_rho_against_the_equivalence_band_on_r() {
    let mut app = app();
    update(&mut app, Action::GoTab(1));
    update(&mut app, Action::ToggleMeasure);
    let summary = app
        .analysis
        .as_ref()
        .map(|a| a.summary.clone())
        .unwrap_or_else(|| panic!("analysis"));
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        assert!(s.contains("90% interval vs. the band ±0.05"), "{s}");
        for b in summary.gap.by_cohort.iter().flatten() {
            let cohort = b.cohort.clone().unwrap_or_default();
            let verdict = b
                .equivalence
                .as_ref()
                .and_then(|e| e.verdict)
                .map(|v| v.as_str())
                .unwrap_or_else(|| panic!("{cohort}: a verdict"));
            let line = s
                .lines()
                .find(|l| l.starts_with(&cohort) && l.contains('●'))
                .unwrap_or_else(|| panic!("{cohort}: no strip line\n{s}"));
            assert!(line.trim_end().ends_with(verdict), "{line}");
            assert!(line.contains('├') && line.contains('┤'), "{line}");
        }
    }
    update(&mut app, Action::ToggleMeasure);
    assert!(!screen(&mut app, 120, 40).contains("equivalence test · r: bars"));
}

/// A cell its column cuts ("Prefer not" of "Prefer not to say") is shown in full above the
/// table while the cursor is on it, and only then.
#[test]
fn the_cell_under_the_cursor_is_shown_in_full_when_its_column_cuts_it() {
    let mut app = app();
    update(&mut app, Action::GoTab(4));
    let cols = paradox::tui::columns::columns(&app.study);
    let gender = (0..cols.len())
        .find(|&k| paradox::tui::columns::name(&app.study, cols[k]) == "gender")
        .expect("the sample's gender column");
    app.respondents.cursor = gender;
    let rows = &app.analysis.as_ref().expect("an analysis").rows;
    let at = |k: usize| {
        paradox::tui::columns::cell(rows, &app.study, app.respondents.order[k], cols[gender])
    };
    let long = (0..app.respondents.order.len())
        .find(|&k| at(k) == "Prefer not to say")
        .expect("a respondent who preferred not to say");
    let short = (0..app.respondents.order.len())
        .find(|&k| at(k) == "Female")
        .expect("a woman");
    app.respondents.selected = long;
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("· gender: Prefer not to say ·"), "{s}");
    assert!(
        s.contains("Prefer not "),
        "the table cell itself is cut: {s}"
    );
    app.respondents.selected = short;
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("· gender:"), "{s}");
}
