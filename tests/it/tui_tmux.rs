//! The dashboard in a real terminal: the built binary runs `paradox tui datasets/sample`
//! in a detached tmux session (100×30); the test presses `2`, `?`, `q`, reads the pane
//! after each, and checks the Gap tab, the help overlay, and that the program ended with
//! the terminal restored (the pane shows the shell's marker line, not the dashboard).
//! Needs tmux: ignored by plain `cargo test`, run by `.ci/run`, failing when tmux is missing.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::util::tools::require_tmux;

fn tmux(args: &[&str]) -> Option<String> {
    let out = Command::new("tmux").args(args).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Polls the pane until `pred` holds or `timeout` passes; returns the last capture.
fn wait_for(session: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let pane = tmux(&["capture-pane", "-p", "-t", session]).unwrap_or_default();
        if pred(&pane) || start.elapsed() > timeout {
            return pane;
        }
        sleep(Duration::from_millis(100));
    }
}

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = tmux(&["kill-session", "-t", &self.0]);
    }
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn the_dashboard_runs_in_tmux_and_restores_the_terminal_on_q() {
    require_tmux();
    // Started through tmux, not `TestCommand`: the same input guard, by hand.
    crate::util::guard_inputs(&[], dashboard_session);
}

/// The dashboard on the bundled sample in a real terminal: drawn, quit with `q`, terminal
/// restored.
fn dashboard_session() {
    // PARADOX_TUI_BIN overrides the binary: several worktrees sharing one target folder
    // overwrite each other's `target/debug/paradox`.
    let bin = std::env::var("PARADOX_TUI_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_paradox").to_string());
    let sample = paradox::sample_study_dir();
    let session = Session(format!("paradox-tui-{}", std::process::id()));
    // The shell prints a marker with the exit status once the dashboard has ended, then
    // keeps the pane open so it can be read.
    let cmd = format!(
        "'{bin}' tui '{}'; echo \"PARADOX-EXITED $?\"; sleep 60",
        sample.display()
    );
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session.0,
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    assert!(started.is_some(), "tmux new-session failed");

    // Under a loaded machine (tests run in parallel, debug build) the first analysis can
    // take seconds: wait for its result, not just the frame.
    let first = wait_for(&session.0, Duration::from_secs(60), |p| {
        p.contains("1 Overview") && p.contains("Study sample")
    });
    assert!(
        first.contains("Study sample"),
        "the Overview tab opens first:\n{first}"
    );

    let _ = tmux(&["send-keys", "-t", &session.0, "2"]);
    let gap = wait_for(&session.0, Duration::from_secs(30), |p| {
        p.contains("Paradox test — All") && p.contains("█ concerned")
    });
    assert!(gap.contains("█ concerned"), "the Gap chart legend:\n{gap}");
    assert!(
        gap.contains("Paradox test — All"),
        "the paradox test:\n{gap}"
    );
    assert!(
        gap.contains("filter: all respondents"),
        "the status bar:\n{gap}"
    );

    let _ = tmux(&["send-keys", "-t", &session.0, "?"]);
    let help = wait_for(&session.0, Duration::from_secs(30), |p| {
        p.contains("keys — Esc closes") && p.contains("q / Ctrl-C")
    });
    assert!(
        help.contains("keys — Esc closes"),
        "the help overlay:\n{help}"
    );
    assert!(help.contains("q / Ctrl-C"), "{help}");

    let _ = tmux(&["send-keys", "-t", &session.0, "q"]);
    let end = wait_for(&session.0, Duration::from_secs(30), |p| {
        p.contains("PARADOX-EXITED")
    });
    assert!(
        end.contains("PARADOX-EXITED 0"),
        "the dashboard quit with status 0:\n{end}"
    );
    assert!(
        !end.contains("1 Overview"),
        "the alternate screen was left (the dashboard is gone):\n{end}"
    );
}

/// A dashboard on the sample in a detached tmux session of `w`×`h`, started with `env`
/// and extra arguments; the pane stays open after it ends, with a marker line.
fn start(name: &str, w: u16, h: u16, env: &str, args: &str) -> Session {
    let bin = std::env::var("PARADOX_TUI_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_paradox").to_string());
    let sample = paradox::sample_study_dir();
    let session = Session(format!("paradox-{name}-{}", std::process::id()));
    let cmd = format!(
        "{env} '{bin}' tui '{}' {args}; echo \"PARADOX-EXITED $?\"; sleep 60",
        sample.display()
    );
    let (w, h) = (w.to_string(), h.to_string());
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session.0,
        "-x",
        &w,
        "-y",
        &h,
        &cmd,
    ]);
    assert!(started.is_some(), "tmux new-session failed");
    session
}

fn keys(session: &Session, k: &str) {
    let _ = tmux(&["send-keys", "-t", &session.0, k]);
}

fn pane(session: &Session) -> String {
    tmux(&["capture-pane", "-p", "-t", &session.0]).unwrap_or_default()
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn at_80x24_every_tab_is_in_the_bar_and_its_last_line_reachable_and_esc_does_not_quit() {
    require_tmux();
    crate::util::guard_inputs(&[], || {
        let s = start("everywhere", 80, 24, "", "");
        let first = wait_for(&s.0, Duration::from_secs(60), |p| {
            p.contains("Study sample")
        });
        let bar = first.lines().next().unwrap_or("");
        for k in 1..=8 {
            assert!(bar.contains(&format!(" {k} ")), "tab {k} in the bar: {bar}");
        }
        assert!(bar.contains("8 Robust"), "{bar}");
        for k in ["1", "2", "3", "4", "6", "7", "8"] {
            keys(&s, k);
            // The tab's figures first (tabs 7 and 8 are computed on their first visit), then
            // G: the end of the tab; the marker then says nothing lies below.
            wait_for(&s.0, Duration::from_secs(60), |p| {
                !p.contains("computing") && !p.contains("fitting")
            });
            sleep(Duration::from_millis(500));
            keys(&s, "G");
            let p = wait_for(&s.0, Duration::from_secs(30), |p| {
                !p.contains("more line") && !p.contains("computing") && !p.contains("fitting")
            });
            assert!(
                !p.contains("more line"),
                "tab {k}: the last line is on screen after G:\n{p}"
            );
        }
        keys(&s, "Escape");
        sleep(Duration::from_millis(800));
        let p = pane(&s);
        assert!(
            !p.contains("PARADOX-EXITED") && p.contains("8 Robust"),
            "Esc on a tab does not quit:\n{p}"
        );
        keys(&s, "q");
        let end = wait_for(&s.0, Duration::from_secs(30), |p| {
            p.contains("PARADOX-EXITED")
        });
        assert!(end.contains("PARADOX-EXITED 0"), "{end}");
    });
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn without_colour_the_gap_legend_marks_three_series_with_three_glyphs() {
    require_tmux();
    crate::util::guard_inputs(&[], || {
        let s = start("nocolor", 80, 24, "NO_COLOR=1", "");
        wait_for(&s.0, Duration::from_secs(60), |p| {
            p.contains("Study sample")
        });
        keys(&s, "2");
        let p = wait_for(&s.0, Duration::from_secs(30), |p| p.contains("concerned"));
        let legend = p.lines().find(|l| l.contains("concerned")).unwrap_or("");
        assert!(
            legend.contains("█ concerned")
                && legend.contains("▓ disclosers")
                && legend.contains("░ paradoxical"),
            "{legend}"
        );
        // The colours themselves: the pane with its escape sequences has none.
        let styled = tmux(&["capture-pane", "-p", "-e", "-t", &s.0]).unwrap_or_default();
        let ansi_fg = (30..38)
            .chain(40..48)
            .chain(90..98)
            .any(|c| styled.contains(&format!("\x1b[{c}m")) || styled.contains(&format!(";{c}m")));
        assert!(
            !styled.contains("38;") && !styled.contains("48;") && !ansi_fg,
            "no colour at all under NO_COLOR:\n{styled:?}"
        );
    });
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn a_slow_load_shows_the_progress_view_first() {
    require_tmux();
    crate::util::guard_inputs(&[], || {
        let s = start("slow", 80, 24, "", "--load-delay-ms 4000");
        let p = wait_for(&s.0, Duration::from_secs(20), |p| {
            p.contains("loading the study")
        });
        assert!(p.contains("loading the study"), "{p}");
        assert!(p.contains("survey.csv") && p.contains("MB"), "{p}");
        assert!(
            !p.contains("Study sample"),
            "the study is not ready yet:\n{p}"
        );
        let ready = wait_for(&s.0, Duration::from_secs(60), |p| {
            p.contains("Study sample")
        });
        assert!(ready.contains("Study sample"), "{ready}");
    });
}

#[test]
#[ignore = "needs tmux: run by .ci/run"]
fn y_copies_the_table_through_osc_52() {
    require_tmux();
    crate::util::guard_inputs(&[], || {
        let s = start("copy", 100, 30, "", "");
        let _ = tmux(&["set-option", "-t", &s.0, "-s", "set-clipboard", "on"]);
        wait_for(&s.0, Duration::from_secs(60), |p| {
            p.contains("Study sample")
        });
        keys(&s, "2");
        wait_for(&s.0, Duration::from_secs(30), |p| {
            p.contains("Paradox test")
        });
        keys(&s, "y");
        let p = wait_for(&s.0, Duration::from_secs(10), |p| p.contains("copied"));
        assert!(p.contains("copied 1 table as TSV"), "{p}");
        // tmux turns the OSC 52 sequence into its newest paste buffer.
        let mut buffer = String::new();
        for _ in 0..30 {
            buffer = tmux(&["show-buffer"]).unwrap_or_default();
            if buffer.starts_with("Cohort\tn\t") {
                break;
            }
            sleep(Duration::from_millis(100));
        }
        assert!(buffer.starts_with("Cohort\tn\tconcern\t"), "{buffer:?}");
        // What is copied is published: Gen Z with the respondents of unknown cohort merged.
        assert!(
            buffer
                .lines()
                .any(|l| l.starts_with("Gen Z + cohort unknown\t")),
            "{buffer}"
        );
    });
}
