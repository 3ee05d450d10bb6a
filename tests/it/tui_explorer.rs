//! The dashboard as an explorer, driven through its event loop (`tui::run`) on ratatui's
//! TestBackend with scripted keys: the column cursor and sort (`l` `]` sorts the
//! paradoxical first, off the UI thread), search in any column with `n` and the match
//! highlighted, expression filters after `f` checked against the library's own selection,
//! and the frequency view `F` of a labelled item.

use std::collections::VecDeque;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use paradox::tui::{self, ui, App};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use crate::tui_fixture;

const WAIT: Duration = Duration::from_secs(30);

fn app() -> App {
    let mut app = App::new(tui_fixture::study()).unwrap_or_else(|e| panic!("app: {e}"));
    assert!(app.wait_for_analysis(WAIT), "first analysis did not arrive");
    app
}

/// Keys typed one after the other; a script that runs out quits (Ctrl-C), so a broken
/// binding fails instead of hanging.
struct Script(VecDeque<Event>);

impl tui::EventSource for Script {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        Ok(Some(self.0.pop_front().unwrap_or(Event::Key(
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ))))
    }
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// `text` as keys; `\n` is Enter.
fn keys(text: &str) -> Vec<Event> {
    text.chars()
        .map(|c| match c {
            '\n' => code(KeyCode::Enter),
            c => code(KeyCode::Char(c)),
        })
        .collect()
}

/// Runs the event loop on `events` at 100×30, then waits for what the keys started (an
/// analysis, a sort).
fn run(app: &mut App, events: Vec<Event>) {
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap_or_else(|e| match e {});
    let mut script = Script(events.into());
    if let Err(e) = tui::run(&mut term, app, &mut script) {
        panic!("event loop: {e}");
    }
    assert!(
        app.wait_for_analysis(WAIT),
        "the work the keys started finished"
    );
    app.should_quit = false;
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    app.size = (w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(app, f)) {
        match e {}
    }
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" "));
        }
        out.push('\n');
    }
    out
}

/// The Respondents rows in display order, as (id, paradoxical, country).
fn shown(app: &App) -> Vec<(String, Option<bool>, Option<String>)> {
    let Some(a) = app.analysis.as_ref() else {
        return Vec::new();
    };
    let country = &app.study.groups[0];
    app.respondents
        .order
        .iter()
        .map(|&i| {
            let r = a.rows.row(&app.study, i);
            let c = country.codes[r.index].map(|l| country.levels[l as usize].clone());
            (r.id, r.paradoxical, c)
        })
        .collect()
}

#[test]
fn l_then_close_bracket_sorts_the_paradoxical_first_and_the_header_says_so_in_full() {
    let mut app = app();
    let mut events = keys("5");
    events.extend(keys("l]"));
    run(&mut app, events);
    assert_eq!(app.respondents.sort, Some(1), "two keys: l ]");
    assert!(app.respondents.descending);
    let rows = shown(&app);
    let flags: Vec<Option<bool>> = rows.iter().map(|r| r.1).collect();
    let yes = flags.iter().filter(|f| **f == Some(true)).count();
    let no = flags.iter().filter(|f| **f == Some(false)).count();
    assert!(yes > 0 && no > 0, "both kinds in the fixture");
    assert!(flags[..yes].iter().all(|f| *f == Some(true)), "yes first");
    assert!(
        flags[yes..yes + no].iter().all(|f| *f == Some(false)),
        "then no"
    );
    assert!(
        flags[yes + no..].iter().all(Option::is_none),
        "missing last"
    );
    // Ties keep the file order.
    let ids: Vec<usize> = rows[..yes]
        .iter()
        .map(|r| r.0[1..].parse().unwrap_or(0))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ties in file order");
    // The header names the column and the direction in full, at 80 columns too.
    for w in [100, 80] {
        let s = text(&draw(&mut app, w, 24));
        assert!(s.contains("sorted by paradoxical ↓ descending"), "{s}");
        assert!(s.contains("paradoxical↓"), "the arrow is not cut: {s}");
    }
    // `[` on the same column: ascending, the missing still last.
    run(&mut app, keys("["));
    let flags: Vec<Option<bool>> = shown(&app).iter().map(|r| r.1).collect();
    assert_eq!(flags[0], Some(false));
    assert!(flags.last().is_some_and(Option::is_none));
}

#[test]
fn search_finds_a_group_value_steps_with_n_and_highlights_it() {
    let mut app = app();
    let mut events = keys("5/fr\n");
    events.extend(keys("n"));
    run(&mut app, events);
    let rows = shown(&app);
    let fr: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.2.as_deref() == Some("FR") || r.0.to_lowercase().contains("fr"))
        .map(|(i, _)| i)
        .collect();
    assert!(fr.len() > 2, "the fixture has French respondents");
    assert_eq!(
        app.respondents.selected, fr[1],
        "Enter found the first FR row, n the second"
    );
    run(&mut app, keys("N"));
    assert_eq!(app.respondents.selected, fr[0], "N goes back");
    // The match is highlighted in the country column: its cells carry the match style.
    let buf = draw(&mut app, 100, 30);
    let matched = paradox::tui::theme::with_palette(app.palette, paradox::tui::theme::matched);
    let hits: Vec<String> = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter_map(|p| buf.cell(p))
        .filter(|c| c.style().bg == matched.bg && matched.bg.is_some())
        .map(|c| c.symbol().to_string())
        .collect();
    let joined = hits.concat();
    assert!(joined.contains("FR"), "highlighted cells: {joined:?}");
    assert!(!joined.contains("DE"), "only the match is highlighted");
}
