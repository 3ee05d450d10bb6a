//! Running the paradox binary as a user does, in the spirit of ripgrep's `TestCommand`:
//! build the command, run it in a temporary working folder of its own, then check exit
//! status and output in a chain (`.assert_exit(2).stderr_contains("line 3")`). A failed
//! check prints the command line with both streams, so the test needs no message of its own.
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

    /// Runs the command to its end and collects its status and output.
    pub fn run(&mut self) -> Run {
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("{}: cannot run: {e}", env!("CARGO_BIN_EXE_paradox")));
        let args: Vec<String> = self
            .cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
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
