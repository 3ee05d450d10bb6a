//! Whether there is a terminal to run in at all; entering and leaving the terminal's
//! interactive mode, and making sure it is left on every path out: normal exit, error (the guard's `Drop`), panic (the hook, installed
//! before raw mode is entered), and Ctrl-C (a key in raw mode, mapped to Quit). Restoring
//! is idempotent, so the guard and the hook never fight.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::tui::worker;

/// Whether the terminal is currently in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();

/// `Ok` when the dashboard can run here: standard output is a terminal to draw on, and keys
/// can be read (standard input is a terminal, or the process has a controlling terminal,
/// which crossterm reads instead). Otherwise what is missing, in words.
pub fn require_terminal() -> Result<(), String> {
    use std::io::IsTerminal;
    let missing = if !io::stdout().is_terminal() {
        "standard output is not a terminal (redirected to a file or a pipe?)"
    } else if !io::stdin().is_terminal() && !controlling_terminal() {
        "standard input is not a terminal, and there is no terminal to read keys from"
    } else {
        return Ok(());
    };
    Err(format!(
        "the dashboard needs a terminal: {missing}. To write the analysis to files instead, run `paradox report` with the same study arguments"
    ))
}

/// Whether the process has a controlling terminal that can be opened.
fn controlling_terminal() -> bool {
    #[cfg(unix)]
    {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Raw mode, alternate screen, mouse capture.
pub fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())
}

/// Leaves raw mode and the alternate screen; does nothing when already restored.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Raw mode first: it has more side effects than the alternate screen.
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped (error returns, normal exit).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Installs (once per process) the hook that restores the terminal before the previous
/// hook prints the panic, so the message lands on a usable screen.
pub fn install_panic_hook() {
    HOOK.call_once(|| install_panic_hook_with(Arc::new(restore)));
}

/// The hook logic with an injectable `restore`, for tests. A panic on the analysis worker
/// thread is caught there and reported in the status bar, so it neither restores the
/// terminal nor prints over the dashboard.
pub fn install_panic_hook_with(restore: Arc<dyn Fn() + Send + Sync>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(worker::THREAD_NAME) {
            return;
        }
        restore();
        previous(info);
    }));
}
