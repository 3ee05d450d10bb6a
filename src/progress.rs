//! Progress on stderr for long work (indicatif): shown only when stderr is a terminal, so
//! logs and pipes stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` steps, or `None` when stderr is not a terminal.
pub fn bar(len: u64, message: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template(
        "{msg:>24} [{bar:40.cyan/blue}] {human_pos}/{human_len} ({eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message.to_string());
    Some(bar)
}

/// Wall time of one phase of long work, printed to stderr when it ends if the environment
/// variable `PARADOX_TIMINGS` is set (used by `benches/run.sh` to break a run down).
pub struct Phase {
    name: &'static str,
    start: Option<std::time::Instant>,
}

/// Starts timing `name` (a no-op unless `PARADOX_TIMINGS` is set).
pub fn phase(name: &'static str) -> Phase {
    let on = std::env::var_os("PARADOX_TIMINGS").is_some();
    Phase {
        name,
        start: on.then(std::time::Instant::now),
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(t) = self.start {
            eprintln!(
                "timing {:<28} {:>9.3} s",
                self.name,
                t.elapsed().as_secs_f64()
            );
        }
    }
}
