//! Running the paradox binary as a user does, in the spirit of ripgrep's `TestCommand`:
//! build the command, run it in a temporary working folder of its own, then check exit
//! status and output in a chain (`.assert_exit(2).stderr_contains("line 3")`). A failed
//! check prints the command line with both streams, so the test needs no message of its own.
//!
//! Every run is guarded: all the files the command is given as inputs (every path argument
//! that exists, except the values of output flags such as `--out`), and the bundled sample
//! study, are hashed before and after, and the run fails if any changed — so "paradox never
//! modifies its inputs" is checked on every test that runs the binary, not claimed.
//!
//! The working folder is a fresh temporary one rather than the repository, so a command that
//! writes to its default place (`reports/…`) cannot leave files in the source tree; without a
//! study argument the binary still finds the bundled sample (`paradox::sample_study_dir`).

use std::ffi::OsStr;
use std::process::Command;

/// The `paradox` binary with its own temporary working folder (removed on drop).
pub struct TestCommand {
    cmd: Command,
    /// Held for its `Drop`, which removes the folder once the command is done with.
    _dir: tempfile::TempDir,
}

impl TestCommand {
    pub fn new() -> TestCommand {
        let dir = tempfile::tempdir().expect("a temporary working folder");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_paradox"));
        cmd.current_dir(dir.path());
        TestCommand { cmd, _dir: dir }
    }

    /// Runs in `dir` instead of the command's own temporary folder (relative paths, the
    /// default `reports/NAME`, resolve from there).
    pub fn current_dir(&mut self, dir: impl AsRef<std::path::Path>) -> &mut TestCommand {
        self.cmd.current_dir(dir);
        self
    }

    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut TestCommand {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Runs the command to its end and collects its status and output, failing when it
    /// changed one of its inputs.
    pub fn run(&mut self) -> Run {
        let inputs = input_paths(&self.cmd);
        let before = fingerprint(&inputs);
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("{}: cannot run: {e}", env!("CARGO_BIN_EXE_paradox")));
        let args: Vec<String> = self
            .cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let after = fingerprint(&inputs);
        if before != after {
            let changed: Vec<&String> = before
                .iter()
                .chain(&after)
                .filter(|(p, h)| before.get(*p) != Some(*h) || after.get(*p) != Some(*h))
                .map(|(p, _)| p)
                .collect();
            panic!(
                "paradox {}: changed its inputs: {changed:?}\n--- stderr\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            cmdline: format!("paradox {}", args.join(" ")),
        }
    }
}

/// What one run of the binary did. `code` is -1 when a signal ended it.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    cmdline: String,
}

impl Run {
    #[track_caller]
    pub fn assert_exit(&self, code: i32) -> &Run {
        if self.code != code {
            self.fail(&format!("exit status {} (expected {code})", self.code));
        }
        self
    }

    #[track_caller]
    pub fn stdout_contains(&self, text: &str) -> &Run {
        if !self.stdout.contains(text) {
            self.fail(&format!("stdout lacks {text:?}"));
        }
        self
    }

    #[track_caller]
    pub fn stderr_contains(&self, text: &str) -> &Run {
        if !self.stderr.contains(text) {
            self.fail(&format!("stderr lacks {text:?}"));
        }
        self
    }

    #[track_caller]
    fn fail(&self, what: &str) -> ! {
        // Long outputs (a 100k-column header echoed back) are cut so the message stays
        // readable; the start is where the error is.
        let cut = |s: &str| -> String { s.chars().take(4000).collect() };
        panic!(
            "{}: {what}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmdline,
            cut(&self.stdout),
            cut(&self.stderr)
        );
    }
}

/// `paradox ARGS` in a temporary working folder.
pub fn run(args: &[&str]) -> Run {
    TestCommand::new().args(args).run()
}

/// For the few tests that must start the binary another way (under tmux, `runuser`, or a
/// shell that sets limits): runs `f` with the same guard as [`TestCommand::run`] — the files
/// under `inputs` and the bundled sample must be unchanged afterwards.
pub fn guard_inputs<T>(inputs: &[&std::path::Path], f: impl FnOnce() -> T) -> T {
    let mut paths: Vec<std::path::PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    paths.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample"));
    let before = fingerprint(&paths);
    let out = f();
    assert_eq!(
        before,
        fingerprint(&paths),
        "the run changed its inputs under {inputs:?}"
    );
    out
}

/// Flags whose value is a path paradox writes, not reads.
const OUTPUT_FLAGS: [&str; 6] = [
    "--out",
    "--rejected",
    "--flagged",
    "--into",
    "--salt-file",
    "--export-dir",
];

/// The existing paths among the command's arguments, except outputs, plus the bundled
/// sample (read when no study is given).
fn input_paths(cmd: &Command) -> Vec<std::path::PathBuf> {
    let cwd = cmd
        .get_current_dir()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut out = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")];
    let mut skip_next = false;
    for a in cmd.get_args() {
        let s = a.to_string_lossy();
        if skip_next {
            skip_next = false;
            continue;
        }
        if OUTPUT_FLAGS.contains(&s.as_ref()) {
            skip_next = true;
            continue;
        }
        if OUTPUT_FLAGS.iter().any(|f| s.starts_with(&format!("{f}="))) {
            continue;
        }
        let p = cwd.join(a);
        if std::fs::symlink_metadata(&p).is_ok() {
            out.push(p);
        }
    }
    out
}

/// SHA-256 of every regular file under the given paths (folders walked), by path.
fn fingerprint(paths: &[std::path::PathBuf]) -> std::collections::BTreeMap<String, String> {
    fn walk(p: &std::path::Path, out: &mut std::collections::BTreeMap<String, String>) {
        let Ok(meta) = std::fs::symlink_metadata(p) else {
            return;
        };
        if meta.is_dir() {
            for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
                walk(&e.path(), out);
            }
        } else if meta.is_file() {
            out.insert(p.display().to_string(), super::sha(p));
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for p in paths {
        walk(p, &mut out);
    }
    out
}
