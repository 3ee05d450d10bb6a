//! The dashboard on a large study: time to the first frame (drawn while the study is still
//! loading, with its progress), time to the ready dashboard (study loaded, first analysis
//! done, frame drawn), and a filter change — how long `update` holds the UI thread (it only
//! sends the request) and how long until the worker's answer is on screen. Frames are drawn
//! into ratatui's `TestBackend` at 120×40.
//!
//! usage: `cargo bench --bench tui_dashboard -- STUDY_DIR`

use std::time::{Duration, Instant};

use paradox::import::{load_study, LoadOptions};
use paradox::tui::{loading, ui, update, Action, App};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let Some(dir) = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from)
    else {
        eprintln!("usage: cargo bench --bench tui_dashboard -- STUDY_DIR");
        std::process::exit(2);
    };
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap_or_else(|e| match e {});
    let t = Instant::now();
    let progress = loading::LoadProgress::of(std::slice::from_ref(&dir));
    let load_dir = dir.clone();
    let Ok(rx) = loading::spawn(
        move || load_study(Some(&load_dir), &LoadOptions::default()).map_err(Into::into),
        Duration::ZERO,
    ) else {
        std::process::exit(1);
    };
    term.draw(|f| loading::render(&progress, 0, f))
        .unwrap_or_else(|e| match e {});
    let first_frame = t.elapsed();
    let study = match rx.recv() {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        Err(_) => std::process::exit(1),
    };
    let loaded = t.elapsed();
    let n = study.len();
    let Ok(mut app) = App::new(study) else {
        std::process::exit(1);
    };
    if !app.wait_for_analysis(Duration::from_secs(600)) {
        std::process::exit(1);
    }
    term.draw(|f| ui::render(&app, f))
        .unwrap_or_else(|e| match e {});
    let ready = t.elapsed();
    println!(
        "tui on {} ({n} respondents): first frame {:.1} ms · study loaded {:.0} ms · ready (first analysis drawn) {:.0} ms",
        dir.display(),
        ms(first_frame),
        ms(loaded),
        ms(ready)
    );
    // Filter changes: a different cohort each time (never cached), then back to everyone
    // (the cached analysis).
    let mut ui_ms = Vec::new();
    let mut answer_ms = Vec::new();
    for k in 0..5 {
        let t = Instant::now();
        for a in [
            Action::OpenFilter,
            Action::Down,
            Action::ToggleItem,
            Action::ApplyFilter,
        ] {
            update(&mut app, a);
        }
        let on_ui = t.elapsed();
        app.wait_for_analysis(Duration::from_secs(600));
        term.draw(|f| ui::render(&app, f))
            .unwrap_or_else(|e| match e {});
        ui_ms.push(ms(on_ui));
        answer_ms.push(ms(t.elapsed()));
        // Back to everyone: served from the cache.
        let t = Instant::now();
        for a in [Action::OpenFilter, Action::ClearFilter, Action::ApplyFilter] {
            update(&mut app, a);
        }
        app.wait_for_analysis(Duration::from_secs(600));
        if k == 0 {
            println!(
                "  back to a filter seen before (cache): {:.1} ms",
                ms(t.elapsed())
            );
        }
    }
    ui_ms.sort_by(f64::total_cmp);
    answer_ms.sort_by(f64::total_cmp);
    println!(
        "  filter change: UI thread busy {:.2} ms (median of 5) · new figures on screen after {:.0} ms (median; computed on the worker thread)",
        ui_ms[2], answer_ms[2]
    );
}
