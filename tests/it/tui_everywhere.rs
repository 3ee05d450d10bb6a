//! The dashboard at every size and without colour, driven through `update` and drawn on
//! ratatui's TestBackend as the event loop does (a frame after every key): all eight tabs
//! in the tab bar at 80 columns, every tab's last line reachable with `j`, Esc never
//! quitting, `/` on a tab, monochrome frames without a single colour (snapshots of every
//! tab), the progress view drawn before a slow study is loaded, and the exports a
//! researcher reads as they are (tidy headers, two filters → two files, every tactic).

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use paradox::tui::theme::Palette;
use paradox::tui::{self, action_for, ui, update, Action, App, Mode, Tab};
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use ratatui::Terminal;

use crate::tui_fixture;

const WAIT: Duration = Duration::from_secs(30);

fn app() -> App {
    let mut app = App::new(tui_fixture::study()).unwrap_or_else(|e| panic!("app: {e}"));
    assert!(app.wait_for_analysis(WAIT), "first analysis did not arrive");
    app
}

/// Draws a frame at `w`×`h`; returns its text and whether any cell had a colour.
fn draw(app: &mut App, w: u16, h: u16) -> (String, bool) {
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let mut out = String::new();
    let mut coloured = false;
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            if let Some(c) = buf.cell((x, y)) {
                line.push_str(c.symbol());
                coloured |= !matches!(c.fg, Color::Reset) || !matches!(c.bg, Color::Reset);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    (out, coloured)
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    draw(app, w, h).0
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn at_80x24_all_eight_tabs_are_in_the_bar_and_every_last_line_can_be_scrolled_into_view() {
    let mut app = app();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        update(&mut app, Action::GoTab(i));
        assert!(app.wait_for_analysis(WAIT));
        let s = screen(&mut app, 80, 24);
        let bar = s.lines().next().unwrap_or("");
        for k in 1..=8 {
            assert!(bar.contains(&format!(" {k} ")), "tab {k} in the bar: {bar}");
        }
        if *tab == Tab::Respondents {
            continue;
        }
        // j until nothing moves any more: the canvas' last line is then on screen.
        let mut s = s;
        for _ in 0..300 {
            update(&mut app, Action::Down);
            s = screen(&mut app, 80, 24);
        }
        let last = app
            .canvas
            .borrow()
            .lines
            .last()
            .map(|l| l.trim().to_string())
            .unwrap_or_default();
        assert!(
            s.contains(&last),
            "{}: the last line {last:?} is reached with j:\n{s}",
            tab.title()
        );
        // And back to the top with k.
        for _ in 0..400 {
            update(&mut app, Action::Up);
        }
        assert_eq!(app.scroll[i], 0, "{}", tab.title());
    }
}

#[test]
fn a_hidden_part_is_announced() {
    let mut app = app();
    update(&mut app, Action::GoTab(1));
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("more line"),
        "the Gap tab says what lies below:\n{s}"
    );
    assert!(s.contains("→"), "and that table columns are hidden:\n{s}");
    update(&mut app, Action::ColumnsRight);
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("←1"),
        "a column scrolled off the left is counted:\n{s}"
    );
}

#[test]
fn escape_on_a_tab_never_quits_and_q_quits_except_in_a_text_field() {
    let mut app = app();
    for mode in [Mode::Normal, Mode::Help, Mode::Filter, Mode::Search] {
        let a = action_for(key(KeyCode::Esc), mode);
        assert_ne!(a, Some(Action::Quit), "{mode:?}");
    }
    update(&mut app, Action::GoTab(2));
    if let Some(a) = action_for(key(KeyCode::Esc), Mode::Normal) {
        update(&mut app, a);
    }
    assert!(!app.should_quit);
    assert_eq!(app.tab, Tab::DataTypes);
    assert_eq!(
        action_for(key(KeyCode::Char('q')), Mode::Search),
        Some(Action::SearchInput('q'))
    );
    assert_eq!(
        action_for(key(KeyCode::Char('q')), Mode::Filter),
        Some(Action::Quit)
    );
}

#[test]
fn slash_searches_the_current_tab_and_escape_goes_back() {
    let mut app = app();
    update(&mut app, Action::GoTab(1));
    screen(&mut app, 80, 24);
    update(&mut app, Action::OpenSearch);
    assert_eq!((app.tab, app.mode), (Tab::Gap, Mode::Search));
    for c in "kruskal".chars() {
        update(&mut app, Action::SearchInput(c));
    }
    let s = screen(&mut app, 80, 24);
    assert!(
        s.contains("Kruskal"),
        "the line found is scrolled into view:\n{s}"
    );
    assert!(app.scroll[1] > 0);
    update(&mut app, Action::CloseOverlay);
    assert_eq!(app.scroll[1], 0, "Esc returns to where the search started");
    assert_eq!(app.tab, Tab::Gap);
}

#[test]
fn messages_expire() {
    let mut app = app();
    update(&mut app, Action::ToggleFlagged);
    assert!(app.message.is_some());
    let later = std::time::Instant::now() + Duration::from_secs(60);
    assert!(app.expire_message(later));
    assert!(app.message.is_none());
}

#[test]
fn monochrome_frames_have_no_colour_and_the_gap_legend_three_glyphs() {
    let mut app = app();
    app.palette = Palette::Mono;
    for (i, tab) in Tab::ALL.iter().enumerate() {
        update(&mut app, Action::GoTab(i));
        assert!(app.wait_for_analysis(WAIT));
        let (s, coloured) = draw(&mut app, 80, 24);
        assert!(!coloured, "{}: no colour in monochrome:\n{s}", tab.title());
        crate::util::snapshot!(format!("tui_mono_{}_80x24", tab.slug()), s);
    }
    update(&mut app, Action::GoTab(1));
    let s = screen(&mut app, 80, 24);
    let legend = s.lines().find(|l| l.contains("concerned")).unwrap_or("");
    assert!(
        legend.contains("█ concerned")
            && legend.contains("▓ disclosers")
            && legend.contains("░ paradoxical"),
        "{legend}"
    );
}

struct Script(VecDeque<Event>);

impl tui::EventSource for Script {
    fn next_event(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        std::thread::sleep(timeout.min(Duration::from_millis(20)));
        Ok(self.0.pop_front())
    }
}

#[test]
fn a_slow_study_shows_the_progress_view_before_it_is_ready() {
    let progress = tui::loading::LoadProgress::of(&[paradox::sample_study_dir()]);
    let rx = tui::loading::spawn(|| Ok(tui_fixture::study()), Duration::from_millis(600))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| match e {});
    // The first frame is drawn at once, before the study arrives.
    let mut frames = 0;
    term.draw(|f| tui::loading::render(&progress, 0, f))
        .unwrap_or_else(|e| match e {});
    let first: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(first.contains("loading the study"), "{first}");
    assert!(
        first.contains("survey.csv"),
        "the input files are listed: {first}"
    );
    let study = tui::loading::wait(
        &mut term,
        &progress,
        Palette::Mono,
        &rx,
        &mut Script(VecDeque::new()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    frames += 1;
    assert!(study.is_some() && frames == 1);
}

#[test]
fn exports_are_tidy_named_after_the_filter_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = app();
    app.export_dir = Some(dir.path().to_path_buf());
    update(&mut app, Action::GoTab(1));
    update(&mut app, Action::Export);
    // Gen X only: a second file, not a replaced one.
    update(&mut app, Action::OpenFilter);
    for a in [
        Action::Down,
        Action::Down,
        Action::ToggleItem,
        Action::ApplyFilter,
    ] {
        update(&mut app, a);
    }
    assert!(app.wait_for_analysis(WAIT));
    update(&mut app, Action::Export);
    update(&mut app, Action::Export);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "gap-gap_by_cohort--cohort_Gen_X-2.csv",
            "gap-gap_by_cohort--cohort_Gen_X.csv",
            "gap-gap_by_cohort.csv"
        ]
    );
    let csv = std::fs::read_to_string(dir.path().join("gap-gap_by_cohort.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.starts_with("cohort,n,concern,disclosers,paradoxical,paradoxical_ci_low,paradoxical_ci_high,paradoxical_expected,rd,rd_ci_low,rd_ci_high,rho,rho_detectable,verdict\n"),
        "{csv}"
    );
    let msg = app.message.clone().unwrap_or_else(|| panic!("no message"));
    assert!(
        msg.text.contains(&dir.path().display().to_string()),
        "{}",
        msg.text
    );
}

#[test]
fn y_copies_the_published_table_as_tsv_and_shift_y_as_markdown() {
    let mut app = app();
    update(&mut app, Action::GoTab(1));
    update(&mut app, Action::Copy(false));
    let tsv = app.copied.clone().unwrap_or_default();
    assert!(tsv.starts_with("Cohort\tn\tconcern\t"), "{tsv}");
    // Silent (4 respondents) is never copied on its own, as in an export: publishing merges
    // it with its age neighbours into one row.
    assert!(!tsv.lines().any(|l| l.starts_with("Silent\t")), "{tsv}");
    assert!(tsv.lines().any(|l| l.starts_with("Silent + ")), "{tsv}");
    assert!(app.copy_pending);
    update(&mut app, Action::Copy(true));
    let md = app.copied.clone().unwrap_or_default();
    assert!(md.starts_with("| Cohort | n |"), "{md}");
    update(&mut app, Action::GoTab(4));
    update(&mut app, Action::Copy(false));
    assert!(app.message.as_ref().is_some_and(|m| m.is_error));
}

#[test]
#[ignore = "needs python3 with pandas: run by .ci/run"]
fn the_tactics_export_reads_in_pandas_with_numeric_intervals_and_every_tactic() {
    crate::util::tools::require_python_reference();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = app();
    app.export_dir = Some(dir.path().to_path_buf());
    update(&mut app, Action::GoTab(3));
    update(&mut app, Action::Export);
    let study = tui_fixture::study();
    let script = format!(
        r#"
import glob, pandas as pd
files = sorted(glob.glob({dir:?} + "/tactics-tactic_*.csv"))
assert len(files) == {n}, files
for f in files:
    d = pd.read_csv(f)
    for c in ["acceptable_ci_low", "acceptable_ci_high", "intrusive_ci_low", "intrusive_ci_high"]:
        assert pd.api.types.is_float_dtype(d[c]), (f, c, d[c].dtype)
    assert list(d.columns[:4]) == ["cohort", "n", "intrusive", "intrusive_ci_low"], list(d.columns)
print("ok", len(files))
"#,
        dir = dir.path().display().to_string(),
        n = study.codebook.tactics.len()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_readme_keys_table_matches_the_help_overlay() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    for (keys, what) in tui::action::HELP {
        let row = format!("| `{keys}` | {what} |");
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}
