//! The dashboard driven without a terminal: action sequences through `update` (tab,
//! filter, weights, selection, sort, search, mouse), whole-screen insta snapshots on
//! ratatui's TestBackend at 80×24 and 120×40 for every tab (also with a filter applied),
//! tiny-terminal renders that must not panic, and the generic event loop run on a script.

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use paradox::tui::{self, ui, update, Action, App, Mode, Tab};

use crate::tui_fixture;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const WAIT: Duration = Duration::from_secs(30);

fn app() -> App {
    let mut app = match App::new(tui_fixture::study()) {
        Ok(a) => a,
        Err(e) => panic!("app: {e}"),
    };
    assert!(app.wait_for_analysis(WAIT), "first analysis did not arrive");
    app
}

fn apply(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, *a);
    }
    assert!(app.wait_for_analysis(WAIT), "analysis did not arrive");
}

/// The screen as text, one line per row.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    if let Err(e) = term.draw(|f| ui::render(app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            if let Some(c) = buf.cell((x, y)) {
                line.push_str(c.symbol());
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen.lines().find(|l| l.contains(needle)).unwrap_or("")
}

// ---- update ---------------------------------------------------------------------------

#[test]
fn tabs_switch_by_number_and_wrap_with_tab_keys() {
    let mut app = app();
    assert_eq!(app.tab, Tab::Overview);
    update(&mut app, Action::GoTab(3));
    assert_eq!(app.tab, Tab::Tactics);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    assert_eq!(app.tab, Tab::Overview, "Tab wraps after Robustness");
    update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Robustness, "Shift-Tab wraps before Overview");
    update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Models);
    update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Quality);
    update(&mut app, Action::GoTab(9));
    assert_eq!(
        app.tab,
        Tab::Quality,
        "an unknown tab number changes nothing"
    );
}

#[test]
fn filter_picker_applies_a_cohort_and_recomputes_the_summary() {
    let mut app = app();
    let study = tui_fixture::study();
    let boomers = study.cohort.iter().filter(|c| **c == Some(1)).count() as u64;
    // The cursor starts on the first cohort (Silent); one down is Boomers.
    apply(
        &mut app,
        &[Action::OpenFilter, Action::Down, Action::ToggleItem],
    );
    assert_eq!(app.mode, Mode::FilterText);
    assert!(app.filter.is_empty(), "nothing applies before Enter");
    update(&mut app, Action::ApplyFilter);
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.is_busy(), "a filter change starts a recomputation");
    assert!(app.wait_for_analysis(WAIT));
    assert_eq!(
        app.filter.cohorts.iter().copied().collect::<Vec<_>>(),
        vec![1]
    );
    let s = &app
        .analysis
        .as_ref()
        .map(|a| a.summary.clone())
        .unwrap_or_else(|| panic!());
    assert_eq!(s.study.analysed, boomers);
    assert_eq!(s.study.filter, "cohort: Boomers");
    let screen = screen(&mut app, 80, 24);
    assert!(
        line_with(&screen, "filter:").contains(&format!("n = {boomers}")),
        "status bar shows the filtered n:\n{screen}"
    );
}

#[test]
fn escape_closes_the_picker_without_applying() {
    let mut app = app();
    apply(
        &mut app,
        &[Action::OpenFilter, Action::ToggleItem, Action::CloseOverlay],
    );
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.filter.is_empty());
    assert!(!app.should_quit, "Esc closed the overlay, it did not quit");
}

#[test]
fn a_group_level_filter_keeps_only_that_country() {
    let mut app = app();
    let study = tui_fixture::study();
    let fr = study.groups[0]
        .codes
        .iter()
        .filter(|c| **c == Some(1))
        .count() as u64;
    update(&mut app, Action::OpenFilter);
    // Silent … Gen Alpha (6 cohorts), then the country heading, DE, FR.
    update(&mut app, Action::Bottom);
    apply(&mut app, &[Action::ToggleItem, Action::ApplyFilter]);
    let s = app
        .analysis
        .as_ref()
        .map(|a| a.summary.clone())
        .unwrap_or_else(|| panic!());
    assert_eq!(s.study.analysed, fr);
    assert_eq!(s.study.filter, "country: FR");
}

#[test]
fn weights_toggle_recomputes_unweighted() {
    let mut app = app();
    let weighted = |a: &App| a.analysis.as_ref().map(|x| x.summary.study.weighted);
    assert_eq!(weighted(&app), Some(true));
    apply(&mut app, &[Action::ToggleWeights]);
    assert!(!app.use_weights);
    assert_eq!(weighted(&app), Some(false));
    let screen = screen(&mut app, 100, 24);
    assert!(
        line_with(&screen, "filter:").contains("weights: off"),
        "{screen}"
    );
}

#[test]
fn respondents_sort_by_column_and_reverse_with_missing_last() {
    let mut app = app();
    update(&mut app, Action::GoTab(4));
    let rows = app
        .analysis
        .as_ref()
        .map(|a| {
            (0..a.rows.len())
                .map(|i| a.rows.row(&app.study, i))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let ids = |app: &App| -> Vec<String> {
        app.respondents
            .order
            .iter()
            .map(|&i| rows[i].id.clone())
            .collect()
    };
    assert_eq!(ids(&app)[..3], ["R1", "R2", "R3"], "file order at first");
    // `[` sorts on the column under the cursor (the id at first), on the sort thread.
    update(&mut app, Action::Sort(false));
    assert!(app.wait_for_analysis(WAIT), "the sort finished");
    assert_eq!(
        ids(&app)[..3],
        ["R1", "R2", "R3"],
        "ids compare naturally: R2 < R10"
    );
    update(&mut app, Action::Sort(true));
    assert!(app.wait_for_analysis(WAIT));
    assert_eq!(ids(&app)[0], "R320", "descending: the largest id first");
    for _ in 0..3 {
        update(&mut app, Action::Right); // paradoxical, cohort, concern
    }
    update(&mut app, Action::Sort(false));
    assert!(app.wait_for_analysis(WAIT));
    assert_eq!(app.respondents.sort, Some(3));
    let concern: Vec<Option<f64>> = app
        .respondents
        .order
        .iter()
        .map(|&i| rows[i].scale_scores[0])
        .collect();
    let known: Vec<f64> = concern.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "ascending");
    let first_missing = concern
        .iter()
        .position(Option::is_none)
        .unwrap_or(concern.len());
    assert!(
        concern[first_missing..].iter().all(Option::is_none),
        "missing last"
    );
    update(&mut app, Action::Sort(true));
    assert!(app.wait_for_analysis(WAIT));
    let concern: Vec<Option<f64>> = app
        .respondents
        .order
        .iter()
        .map(|&i| rows[i].scale_scores[0])
        .collect();
    let known: Vec<f64> = concern.iter().flatten().copied().collect();
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "descending");
    assert!(concern.last().is_some_and(Option::is_none) || !concern.iter().any(Option::is_none));
}

#[test]
fn respondents_selection_pages_and_stays_in_view() {
    let mut app = app();
    app.size = (80, 24);
    update(&mut app, Action::GoTab(4));
    update(&mut app, Action::Down);
    update(&mut app, Action::Down);
    assert_eq!(app.respondents.selected, 2);
    update(&mut app, Action::Bottom);
    let n = app.analysis.as_ref().map(|a| a.rows.len()).unwrap_or(0);
    assert_eq!(app.respondents.selected, n - 1);
    let visible = usize::from(app.body_height()) - 2;
    assert!(app.respondents.offset + visible > app.respondents.selected);
    assert!(app.respondents.offset <= app.respondents.selected);
    update(&mut app, Action::Top);
    assert_eq!((app.respondents.selected, app.respondents.offset), (0, 0));
    update(&mut app, Action::ColumnsRight);
    update(&mut app, Action::ColumnsRight);
    assert_eq!(app.respondents.col_offset, 2);
    let s = screen(&mut app, 80, 24);
    let header = s.lines().find(|l| l.starts_with("id ")).unwrap_or("");
    assert!(
        header.starts_with("id"),
        "the id column stays frozen: {header}"
    );
    assert!(
        !header.contains("cohort"),
        "scrolled-off columns are hidden: {header}"
    );
}

#[test]
fn search_jumps_to_the_first_matching_id_and_escape_restores() {
    let mut app = app();
    update(&mut app, Action::GoTab(4));
    update(&mut app, Action::OpenSearch);
    assert_eq!((app.tab, app.mode), (Tab::Respondents, Mode::Search));
    for c in "r25".chars() {
        update(&mut app, Action::SearchInput(c));
    }
    update(&mut app, Action::SearchSubmit);
    assert_eq!(app.mode, Mode::Normal);
    let rows = app
        .analysis
        .as_ref()
        .map(|a| {
            (0..a.rows.len())
                .map(|i| a.rows.row(&app.study, i))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let id = &rows[app.respondents.order[app.respondents.selected]].id;
    assert_eq!(id, "R25", "case-insensitive, first in display order");
    update(&mut app, Action::OpenSearch);
    update(&mut app, Action::SearchInput('9'));
    update(&mut app, Action::CloseOverlay);
    assert_eq!(
        rows[app.respondents.order[app.respondents.selected]].id,
        "R25"
    );
    update(&mut app, Action::OpenSearch);
    for c in "nobody".chars() {
        update(&mut app, Action::SearchInput(c));
    }
    update(&mut app, Action::SearchSubmit);
    assert!(app.message.as_ref().is_some_and(|m| m.is_error));
}

#[test]
fn mouse_clicks_pick_tabs_and_rows() {
    let mut app = app();
    app.size = (80, 24);
    let bar = paradox::tui::layout::layout(paradox::tui::layout::screen(app.size)).tabs;
    let (x, _, tab) = paradox::tui::layout::tab_ranges(bar, app.tab)[2];
    assert_eq!(tab, Tab::DataTypes);
    update(&mut app, Action::Click(x + 1, bar.y));
    assert_eq!(app.tab, Tab::DataTypes);
    update(&mut app, Action::GoTab(4));
    // Body starts at row 1; line 1 of the body is the sort line, line 2 the header.
    update(&mut app, Action::Click(3, 1 + 2 + 4));
    assert_eq!(app.respondents.selected, 4);
    update(&mut app, Action::ScrollDown);
    assert_eq!(app.respondents.selected, 7, "the wheel moves three rows");
}

#[test]
fn help_overlay_opens_and_escape_closes_it_before_quitting() {
    let mut app = app();
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.mode, Mode::Help);
    let s = screen(&mut app, 80, 24);
    for key in [
        "Tab / Shift-Tab",
        "PgUp PgDn",
        "g / G",
        "/",
        "f",
        "w",
        "e",
        "Esc",
        "q / Ctrl-C",
    ] {
        assert!(s.contains(key), "help lists {key}:\n{s}");
    }
    update(&mut app, Action::CloseOverlay);
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.should_quit);
    update(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn weights_toggle_on_a_study_without_weights_says_so() {
    let mut study = tui_fixture::study();
    study.weight = None;
    study.codebook.columns.weight = None;
    let mut app = App::new(study).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(WAIT));
    update(&mut app, Action::ToggleWeights);
    assert!(!app.is_busy());
    assert!(app
        .message
        .as_ref()
        .is_some_and(|m| m.text.contains("no survey weights")));
}

// ---- screens --------------------------------------------------------------------------

#[test]
fn small_cells_are_marked_with_a_dagger_and_a_legend() {
    let mut app = app();
    let s = screen(&mut app, 80, 24);
    // The cohort table is the left pane: its first 22 columns.
    let cell = |name: &str| -> String {
        let line = s.lines().find(|l| l.starts_with(name)).unwrap_or("");
        line.chars().take(22).collect()
    };
    assert!(
        cell("Silent").contains("4†"),
        "Silent has fewer than 10 respondents:\n{s}"
    );
    assert!(!cell("Gen X").contains('†'), "Gen X has 90:\n{s}");
    assert!(s.contains("† not published as shown: n < 10"));
    // Silent's 4 cannot be recovered from the published cohort table: the fixture's few
    // respondents of unknown cohort are a small count too, hidden with it, so no other
    // cohort needs complementary suppression — and the screen marks none (screen and
    // export agree).
    assert!(!cell("Gen Z").contains('†'), "{s}");
}

#[test]
fn every_tab_renders_at_tiny_sizes_without_panicking() {
    let mut app = app();
    for tab in 0..Tab::ALL.len() {
        update(&mut app, Action::GoTab(tab));
        for (w, h) in [
            (1, 1),
            (10, 5),
            (2, 30),
            (200, 2),
            (20, 3),
            (40, 10),
            (79, 23),
        ] {
            screen(&mut app, w, h);
        }
    }
    for mode_action in [Action::ToggleHelp, Action::OpenFilter, Action::OpenSearch] {
        update(&mut app, Action::CloseOverlay);
        update(&mut app, mode_action);
        for (w, h) in [(1, 1), (10, 5), (30, 8)] {
            screen(&mut app, w, h);
        }
    }
    // A click anywhere on a tiny screen must not panic either.
    update(&mut app, Action::CloseOverlay);
    app.size = (1, 1);
    for tab in 0..Tab::ALL.len() {
        update(&mut app, Action::GoTab(tab));
        update(&mut app, Action::Click(0, 0));
        update(&mut app, Action::PageDown);
    }
}

fn snapshot_all_tabs(app: &mut App, prefix: &str) {
    for (i, tab) in Tab::ALL.iter().enumerate() {
        update(app, Action::GoTab(i));
        // The Models tab asks for the adjusted models on demand: wait for them.
        assert!(app.wait_for_analysis(WAIT), "analysis did not arrive");
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(app, w, h);
            crate::util::snapshot!(format!("{prefix}_{}_{w}x{h}", tab.slug()), s);
        }
    }
}

#[test]
fn snapshots_of_every_tab() {
    let mut app = app();
    snapshot_all_tabs(&mut app, "tui");
}

#[test]
fn snapshots_with_a_filter_applied() {
    let mut app = app();
    // Gen X and Millennials, France only, unweighted.
    apply(
        &mut app,
        &[
            Action::OpenFilter,
            Action::Down,
            Action::Down,
            Action::ToggleItem,
            Action::Down,
            Action::ToggleItem,
            Action::Bottom,
            Action::ToggleItem,
            Action::ApplyFilter,
            Action::ToggleWeights,
        ],
    );
    assert_eq!(
        app.analysis
            .as_ref()
            .map(|a| a.summary.study.filter.clone()),
        Some("cohort: Gen X, Millennials; country: FR".to_string())
    );
    snapshot_all_tabs(&mut app, "tui_filtered");
}

#[test]
fn snapshots_of_the_overlays() {
    let mut app = app();
    update(&mut app, Action::ToggleHelp);
    crate::util::snapshot!("tui_help_80x24", screen(&mut app, 80, 24));
    update(&mut app, Action::CloseOverlay);
    update(&mut app, Action::OpenFilter);
    update(&mut app, Action::ToggleItem);
    crate::util::snapshot!("tui_picker_80x24", screen(&mut app, 80, 24));
}

// ---- the event loop ------------------------------------------------------------------

struct Script(VecDeque<Event>);

impl tui::EventSource for Script {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        // A script that runs out quits, so a broken key binding fails instead of hanging.
        Ok(Some(self.0.pop_front().unwrap_or(Event::Key(
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ))))
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn the_loop_runs_a_key_script_on_the_test_backend() {
    let mut app = app();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| match e {});
    let mut script = Script(VecDeque::from([
        key('2'),
        key('?'),
        Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        Event::Resize(60, 20),
        key('q'),
    ]));
    let result = tui::run(&mut term, &mut app, &mut script);
    assert!(result.is_ok());
    assert!(app.should_quit);
    assert_eq!(app.tab, Tab::Gap);
    assert_eq!(app.mode, Mode::Normal, "Esc closed the help before q quit");
    assert_eq!(app.size, (60, 20));
    assert!(script.0.is_empty(), "q was the last key read");
}

#[test]
fn a_narrower_filter_clamps_the_gap_selection() {
    let mut app = app();
    app.size = (80, 24);
    update(&mut app, Action::GoTab(1));
    update(&mut app, Action::Bottom);
    assert_eq!(app.gap.selected, 5, "All + five cohorts with respondents");
    // Gen X only: the blocks are All and Gen X.
    apply(
        &mut app,
        &[
            Action::OpenFilter,
            Action::Down,
            Action::Down,
            Action::ToggleItem,
            Action::ApplyFilter,
        ],
    );
    assert_eq!(app.gap.selected, 1);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Paradox test — Gen X"), "{s}");
}

#[test]
fn clicking_a_gap_table_row_selects_its_block() {
    let mut app = app();
    app.size = (80, 24);
    update(&mut app, Action::GoTab(1));
    let s = screen(&mut app, 80, 24);
    let y = s
        .lines()
        .position(|l| l.starts_with("Boomers"))
        .unwrap_or_else(|| panic!("no Boomers row:\n{s}"));
    update(&mut app, Action::Click(2, y as u16));
    assert_eq!(app.gap.selected, 2, "All, Silent, Boomers");
}
