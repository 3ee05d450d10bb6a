//! The terminal is restored when the dashboard panics: the hook installed by
//! `terminal::install_panic_hook_with` runs `restore` before the previous hook prints the
//! message, for a panic inside the event loop; a panic on the analysis worker thread is
//! caught there and shown in the status bar instead. One test function in a test binary of
//! its own (not a module of `tests/it`), because the panic hook is process-wide: installed
//! beside other tests, it would see their panics and hide their messages.

mod tui_fixture;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::Event;
use paradox::tui::{self, terminal, worker, App};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

struct Exploding;

impl tui::EventSource for Exploding {
    fn next_event(&mut self, _timeout: Duration) -> std::io::Result<Option<Event>> {
        panic!("boom inside the event loop");
    }
}

#[test]
fn panics_restore_the_terminal_before_reporting_and_worker_panics_are_contained() {
    let calls: Arc<Mutex<Vec<&'static str>>> = Arc::new(Mutex::new(Vec::new()));
    let log = |c: &Arc<Mutex<Vec<&'static str>>>, what| {
        if let Ok(mut v) = c.lock() {
            v.push(what);
        }
    };
    let previous_calls = Arc::clone(&calls);
    std::panic::set_hook(Box::new(move |_| log(&previous_calls, "previous hook")));
    let restore_calls = Arc::clone(&calls);
    terminal::install_panic_hook_with(Arc::new(move || log(&restore_calls, "restore")));

    // 1. A panic inside the loop: restore first, then the previous hook.
    let mut app = App::new(tui_fixture::study()).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(Duration::from_secs(30)));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| match e {});
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tui::run(&mut term, &mut app, &mut Exploding)
    }));
    assert!(outcome.is_err(), "the panic propagates after the hook");
    assert_eq!(
        calls.lock().map(|v| v.clone()).unwrap_or_default(),
        vec!["restore", "previous hook"]
    );

    // 2. A panic on the analysis thread neither restores the terminal nor prints over it.
    if let Ok(mut v) = calls.lock() {
        v.clear();
    }
    let joined = std::thread::Builder::new()
        .name(worker::THREAD_NAME.into())
        .spawn(|| panic!("analysis bug"))
        .map(|h| h.join());
    assert!(matches!(joined, Ok(Err(_))));
    assert!(calls.lock().map(|v| v.is_empty()).unwrap_or(false));

    // 3. …and the dashboard reports it: a study whose columns disagree in length makes
    //    the analysis index out of bounds; the worker catches it, the UI shows the error.
    let mut broken = tui_fixture::study();
    broken.cohort.truncate(3);
    let mut app = App::new(broken).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(Duration::from_secs(30)));
    assert!(app.analysis.is_none());
    let message = app.message.clone().unwrap_or_else(|| panic!("no message"));
    assert!(message.is_error && message.text.starts_with("the analysis failed"));
    assert!(calls.lock().map(|v| v.is_empty()).unwrap_or(false));
    let _ = std::panic::take_hook();
}
