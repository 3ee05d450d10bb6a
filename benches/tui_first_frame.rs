//! The dashboard's time to first frame (target: < 300 ms on the sample study):
//! load the study, start the app (which computes the first `Summary` on its worker), wait
//! for the analysis, and draw one full frame into ratatui's `TestBackend` at 120×40 — the
//! same work `paradox` does before the first useful screen, minus the terminal's own I/O.
//! Prints the median of `REPEAT` cold starts in milliseconds.
//!
//! usage: `cargo bench --bench tui_first_frame -- [STUDY_DIR]` (default: the sample)

use std::time::{Duration, Instant};

use paradox::import::{load_study, LoadOptions};
use paradox::tui::app::App;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const REPEAT: usize = 7;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(paradox::sample_study_dir);
    let mut times = Vec::with_capacity(REPEAT);
    for _ in 0..REPEAT {
        let t = Instant::now();
        let study = match load_study(Some(&dir), &LoadOptions::default()) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        let Ok(mut app) = App::new(study) else {
            eprintln!("the dashboard could not start");
            std::process::exit(1);
        };
        if !app.wait_for_analysis(Duration::from_secs(60)) {
            eprintln!("the analysis did not finish within 60 s");
            std::process::exit(1);
        }
        let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
        if terminal
            .draw(|f| paradox::tui::ui::render(&app, f))
            .is_err()
        {
            std::process::exit(1);
        }
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "tui first frame ({}): median {:.1} ms, min {:.1} ms, max {:.1} ms over {REPEAT} cold starts",
        dir.display(),
        times[REPEAT / 2],
        times[0],
        times[REPEAT - 1]
    );
}
