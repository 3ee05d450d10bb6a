//! The dashboard on a large study: time to the first frame (drawn while the study is still
//! loading, with its progress), time to the ready dashboard (study loaded, first analysis
//! done, frame drawn), and a filter change — how long `update` holds the UI thread (it only
//! sends the request) and how long until the worker's answer is on screen; the Respondents
//! table sorted on a column (`[`/`]`: the UI thread only starts the sort thread; a fresh
//! sort each time) and typed expression filters with a sort active (the new rows' order
//! off the UI thread too: restricted from the whole study's kept order, and once with no
//! order kept, sorted afresh).
//! Frames are drawn into ratatui's `TestBackend` at 120×40.
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
    sort_and_expression(&mut app, &mut term);
}

/// Times an action sequence: how long `update` holds the UI thread, and how long until the
/// analysis and the sort it started are done and drawn.
fn timed(app: &mut App, term: &mut Terminal<TestBackend>, actions: &[Action]) -> (f64, f64) {
    let t = Instant::now();
    for a in actions {
        update(app, *a);
    }
    let on_ui = t.elapsed();
    app.wait_for_analysis(Duration::from_secs(600));
    term.draw(|f| ui::render(app, f))
        .unwrap_or_else(|e| match e {});
    (ms(on_ui), ms(t.elapsed()))
}

fn sort_and_expression(app: &mut App, term: &mut Terminal<TestBackend>) {
    update(app, Action::GoTab(4));
    let cols = paradox::tui::columns::columns(&app.study);
    for (k, col) in cols.iter().enumerate().take(5) {
        app.respondents.cursor = k;
        let name = paradox::tui::columns::name(&app.study, *col);
        let mut ui_ms = Vec::new();
        let mut done_ms = Vec::new();
        for desc in [true, false, true] {
            // A fresh sort each time, not an order kept from the run before.
            app.sorter.forget_kept();
            let (u, d) = timed(app, term, &[Action::Sort(desc)]);
            ui_ms.push(u);
            done_ms.push(d);
        }
        ui_ms.sort_by(f64::total_cmp);
        done_ms.sort_by(f64::total_cmp);
        println!(
            "  sort on {name}: UI thread busy {:.2} ms · sorted rows on screen after {:.0} ms (median of 3; sort thread)",
            ui_ms[1], done_ms[1]
        );
    }
    // A typed expression filter with the table sorted on paradoxical (sorted on the whole
    // study first, as a user sorts and then filters): the worker's analysis, then the new
    // rows' order — the whole study's sorted order restricted to them — off the UI thread.
    // Each filter is typed three times (from everyone each time: the analysis is never
    // served from the cache); the median is shown.
    app.respondents.cursor = 1;
    update(app, Action::Sort(true));
    app.wait_for_analysis(Duration::from_secs(600));
    let filters = [
        "concern > 5 and cohort = \"Gen Z\"",
        "paradoxical",
        "disclosure >= 0.5",
    ];
    for text in filters {
        let (u, d, n) = typed_filter(app, term, text);
        println!(
            "  filter `{text}` ({n} respondents, sorted on paradoxical): UI thread busy {u:.1} ms (typing and parsing {} keys) · figures and sorted rows on screen after {d:.0} ms (median of 3)",
            text.len()
        );
    }
    // The same with no sorted order kept (the sort set while filtered, say): the new rows
    // are sorted afresh after the analysis.
    let text = filters[2];
    let mut ui_ms = Vec::new();
    let mut done_ms = Vec::new();
    let mut n = 0;
    for _ in 0..3 {
        let (u, d, k) = typed_filter_once(app, term, text, true);
        ui_ms.push(u);
        done_ms.push(d);
        n = k;
    }
    ui_ms.sort_by(f64::total_cmp);
    done_ms.sort_by(f64::total_cmp);
    println!(
        "  filter `{text}` ({n} respondents, sorted on paradoxical, no sorted order kept: a fresh sort): UI thread busy {:.1} ms · figures and sorted rows on screen after {:.0} ms (median of 3)",
        ui_ms[1], done_ms[1]
    );
}

/// Types `text` after `f` three times, each time from everyone: the median UI time, the
/// median time to the figures and sorted rows on screen, and the rows kept.
fn typed_filter(app: &mut App, term: &mut Terminal<TestBackend>, text: &str) -> (f64, f64, usize) {
    let mut ui_ms = Vec::new();
    let mut done_ms = Vec::new();
    let mut n = 0;
    for _ in 0..3 {
        let (u, d, k) = typed_filter_once(app, term, text, false);
        ui_ms.push(u);
        done_ms.push(d);
        n = k;
    }
    ui_ms.sort_by(f64::total_cmp);
    done_ms.sort_by(f64::total_cmp);
    (ui_ms[1], done_ms[1], n)
}

/// Back to everyone (from the cache, untimed), then `text` typed after `f` and applied;
/// `fresh`: with no sorted order kept.
fn typed_filter_once(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    text: &str,
    fresh: bool,
) -> (f64, f64, usize) {
    for a in [Action::OpenFilter, Action::ClearFilter, Action::ApplyFilter] {
        update(app, a);
    }
    app.wait_for_analysis(Duration::from_secs(600));
    // Out of the analysis cache, so the filter is computed again.
    app.forget_cached_analyses();
    if fresh {
        app.sorter.forget_kept();
    }
    let mut actions = vec![Action::OpenFilter, Action::ClearFilter];
    actions.extend(text.chars().map(Action::SearchInput));
    actions.push(Action::ApplyFilter);
    let (u, d) = timed(app, term, &actions);
    let n = app.analysis.as_ref().map_or(0, |a| a.rows.len());
    (u, d, n)
}
