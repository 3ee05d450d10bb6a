//! The binary as `cargo install` leaves it: run from a folder far from the source tree,
//! with a home of its own, it opens the sample it carries (written to its cache folder),
//! writes that sample with `paradox sample`, and reports on it. The quick test copies the
//! binary cargo built for the tests; the slow one installs it with `cargo install`.

use std::path::Path;
use std::process::Command;

/// Runs `bin args` in `cwd` with HOME and XDG_CACHE_HOME in `home`; stdout, or a failure.
fn run_in(bin: &Path, cwd: &Path, home: &Path, args: &[&str]) -> String {
    let o = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "{} {args:?} failed ({}):\n{}",
        bin.display(),
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The checks on a binary placed at `bin`.
fn runs_anywhere(bin: &Path) {
    let home = tempfile::tempdir().expect("home");
    let cwd = tempfile::tempdir().expect("cwd");
    // No study: the sample it carries, copied to its cache folder byte for byte.
    let audit = run_in(bin, cwd.path(), home.path(), &["check"]);
    assert!(audit.contains("2,400") || audit.contains("2400"), "{audit}");
    let cached = home
        .path()
        .join("cache/paradox")
        .join(format!("sample-{}", env!("CARGO_PKG_VERSION")));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    for f in [
        "codebook.toml",
        "survey.csv",
        "events.csv",
        "truth.json",
        "README.md",
    ] {
        assert_eq!(
            std::fs::read(cached.join(f)).expect("cached"),
            std::fs::read(source.join(f)).expect("source"),
            "{f}"
        );
    }
    // `paradox sample` writes it; a report on it has its charts (the font is inside too).
    run_in(bin, cwd.path(), home.path(), &["sample", "--out", "mine"]);
    assert!(cwd.path().join("mine/codebook.toml").is_file());
    run_in(
        bin,
        cwd.path(),
        home.path(),
        &["report", "mine", "--format", "json,png", "--out", "r"],
    );
    assert!(cwd.path().join("r/summary.json").is_file());
    let charts = std::fs::read_dir(cwd.path().join("r/charts")).expect("charts");
    assert!(charts.count() > 0);
}

#[test]
fn a_copied_binary_runs_from_another_folder() {
    let dir = tempfile::tempdir().expect("bin dir");
    let bin = dir.path().join("paradox");
    std::fs::copy(env!("CARGO_BIN_EXE_paradox"), &bin).expect("copy the binary");
    runs_anywhere(&bin);
}

#[test]
#[ignore = "needs cargo install (builds the binary once more): run by .ci/run"]
fn cargo_install_gives_a_binary_that_runs_anywhere() {
    let root = tempfile::tempdir().expect("install root");
    let manifest = env!("CARGO_MANIFEST_DIR");
    // The tests' own target folder: the dependencies are built already.
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| format!("{manifest}/target"));
    let o = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "install", "--path", manifest, "--debug", "--locked", "--quiet",
        ])
        .arg("--root")
        .arg(root.path())
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("cargo runs");
    assert!(
        o.status.success(),
        "cargo install failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    runs_anywhere(&root.path().join("bin/paradox"));
}
