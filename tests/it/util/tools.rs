//! The tools from outside the Rust toolchain that some tests need. Such a test is marked
//! `#[ignore = "needs <tool>: run by .ci/run"]`, so plain `cargo test` lists it as ignored
//! instead of passing it unchecked; when it is run (`cargo test -- --include-ignored`, as
//! `.ci/run` does after installing the tools) a missing tool fails it with what to install.

use std::path::PathBuf;
use std::process::Command;

/// Fails the calling test unless `program args` runs and exits with status 0.
#[track_caller]
fn require(what: &str, program: &str, args: &[&str], install: &str) {
    let problem = match Command::new(program).args(args).output() {
        Ok(o) if o.status.success() => return,
        Ok(o) => format!(
            "`{program} {}` failed ({}): {}",
            args.join(" "),
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => format!("`{program}` cannot be run ({e})"),
    };
    panic!("this test needs {what}, which is missing here: {problem}\ninstall it: {install}");
}

/// python3 (3.11 or later, for tomllib) with the libraries of the independent reference
/// implementation in `tests/reference/`.
#[track_caller]
pub fn require_python_reference() {
    require(
        "python3 (>= 3.11) with numpy, scipy, pandas and statsmodels",
        "python3",
        &["-c", "import numpy, scipy, pandas, statsmodels, tomllib"],
        "python3 -m pip install scipy pandas statsmodels",
    );
}

/// DuckDB's Python package, which runs the query `paradox scale-out --engine duckdb` writes.
#[track_caller]
pub fn require_duckdb() {
    require(
        "python3 with the duckdb package",
        "python3",
        &["-c", "import duckdb"],
        "python3 -m pip install duckdb",
    );
}

#[track_caller]
pub fn require_tmux() {
    require("tmux", "tmux", &["-V"], "apt-get install tmux");
}

/// The Chromium binary, for rendering report.html headless.
#[track_caller]
pub fn chromium() -> PathBuf {
    let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    match candidates.iter().map(PathBuf::from).find(|p| p.exists()) {
        Some(path) => path,
        None => panic!(
            "this test needs Chromium, which is missing here: none of {candidates:?} exists\n\
             install it: apt-get install chromium"
        ),
    }
}
