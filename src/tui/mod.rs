//! The dashboard: ratatui + crossterm, the only module that touches the
//! terminal. Elm-style: [`action::action_for`] turns keys into actions, [`update::update`]
//! changes the [`App`], [`ui::render`] draws it from `&App`. Statistics are computed on a
//! worker thread once per filter change, never while drawing. The loop [`run`] is generic
//! over the backend and the event source, so tests drive the whole app on `TestBackend`.

pub mod action;
pub mod app;
pub mod chart;
pub mod columns;
pub mod export;
pub mod expr;
pub mod filter;
pub mod freq;
pub mod grid;
pub mod layout;
pub mod loading;
pub mod scroll;
pub mod sorter;
pub mod tab;
pub mod tabs;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod update;
pub mod worker;

use std::time::Duration;

use crossterm::event::Event;
use ratatui::backend::Backend;
use ratatui::Terminal;

pub use action::{action_for, Action, Mode};
pub use app::{App, Tab};
pub use update::update;

use crate::study::Study;

/// Where input comes from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next event, or `None` when `timeout` passes without one.
    fn next_event(&mut self, timeout: Duration) -> std::io::Result<Option<Event>>;
}

/// crossterm's event queue.
pub struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next_event(&mut self, timeout: Duration) -> std::io::Result<Option<Event>> {
        if crossterm::event::poll(timeout)? {
            crossterm::event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// The action an input event asks for in `mode`.
pub fn action_for_event(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => action_for(*key, mode),
        Event::Mouse(m) => action::action_for_mouse(*m),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

/// The event loop: take finished analyses, draw, wait for input (briefly while the
/// spinner turns), update. Returns when the user quits.
pub fn run<B, E>(terminal: &mut Terminal<B>, app: &mut App, events: &mut E) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: EventSource,
{
    if let Ok(size) = terminal.size() {
        app.size = (size.width, size.height);
    }
    loop {
        app.poll_worker();
        app.expire_message(std::time::Instant::now());
        terminal.draw(|frame| ui::render(app, frame))?;
        if app.copy_pending {
            app.copy_pending = false;
            if let Some(text) = &app.copied {
                send_to_terminal(&export::osc52(text));
            }
        }
        if app.should_quit {
            return Ok(());
        }
        // Wake often enough to turn the spinner and to let a message expire.
        let timeout = if app.is_busy() {
            Duration::from_millis(80)
        } else if app.message.is_some() {
            Duration::from_millis(250)
        } else {
            Duration::from_millis(500)
        };
        match events.next_event(timeout)? {
            Some(event) => {
                if let Some(action) = action_for_event(&event, app.mode) {
                    update(app, action);
                }
            }
            None if app.is_busy() => app.tick = app.tick.wrapping_add(1),
            None => {}
        }
    }
}

/// Writes an escape sequence straight to the terminal (standard output), when it is one.
fn send_to_terminal(sequence: &str) {
    use std::io::{IsTerminal, Write};
    let mut out = std::io::stdout();
    if out.is_terminal() {
        let _ = out.write_all(sequence.as_bytes());
        let _ = out.flush();
    }
}

/// Opens the dashboard on `study` in the real terminal and returns when the user quits.
/// The terminal is restored on every way out, a panic included.
pub fn run_dashboard(study: Study) -> anyhow::Result<()> {
    use anyhow::Context;
    terminal::require_terminal().map_err(anyhow::Error::msg)?;
    let mut app = App::new(study).context(
        "could not start the dashboard's analysis thread (too little memory or too many processes?)",
    )?;
    app.palette = theme::Palette::from_env();
    // A small study is analysed before the first frame, so it opens without a spinner.
    app.wait_for_analysis(Duration::from_millis(400));
    let mut term = terminal::enter().context("could not set up the terminal for the dashboard")?;
    let _guard = terminal::Guard;
    run(&mut term, &mut app, &mut TerminalEvents)
}

/// How the dashboard is started: the study's input files (for the progress view while it
/// loads), the export folder (`--export-dir`) and a deliberate delay before loading, for
/// tests of the progress view.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub inputs: Vec<std::path::PathBuf>,
    pub export_dir: Option<std::path::PathBuf>,
    pub load_delay: Duration,
}

/// Opens the dashboard at once and loads the study behind its first frame, which shows
/// the load's progress; the dashboard proper follows when the study is ready. The
/// terminal is restored on every way out, a panic or a load error included (the error is
/// returned, for the command line to report).
pub fn run_dashboard_loading(
    launch: Launch,
    load: impl FnOnce() -> anyhow::Result<Study> + Send + 'static,
) -> anyhow::Result<()> {
    use anyhow::Context;
    terminal::require_terminal().map_err(anyhow::Error::msg)?;
    let palette = theme::Palette::from_env();
    let progress = loading::LoadProgress::of(&launch.inputs);
    let rx = loading::spawn(load, launch.load_delay)
        .context("could not start the thread that loads the study")?;
    let mut term = terminal::enter().context("could not set up the terminal for the dashboard")?;
    let guard = terminal::Guard;
    let study = match loading::wait(&mut term, &progress, palette, &rx, &mut TerminalEvents) {
        Ok(Some(study)) => study,
        Ok(None) => return Ok(()),
        Err(e) => {
            drop(guard);
            return Err(e);
        }
    };
    let mut app = App::new(study).context(
        "could not start the dashboard's analysis thread (too little memory or too many processes?)",
    )?;
    app.palette = palette;
    app.export_dir = launch.export_dir;
    run(&mut term, &mut app, &mut TerminalEvents)
}

/// `e` on the dashboard: exports the current view (see [`export`]) and returns the file or
/// folder written.
pub fn export_current_view(app: &App) -> Result<std::path::PathBuf, String> {
    export::export_current_view(&app.export_view())
}
