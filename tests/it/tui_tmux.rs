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
