//! paradox — a terminal workbench for privacy-paradox research.
//!
//! The library is the engine; `src/main.rs` only parses the command line and maps errors
//! to exit codes. Dependencies point one way: `tui` → `report` → `analysis` → `study`;
//! `study`, `import`, `analysis`, `privacy` and `report` never touch the terminal.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod draft;
pub mod fmt;
pub mod gate;
pub mod import;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod sample;
pub mod scaleout;
pub mod study;
pub mod synth;
pub mod tui;

/// Where the bundled sample study is kept in the source tree (the binary carries its files:
/// `sample::FILES`).
pub const SAMPLE_STUDY: &str = "datasets/sample";

/// The folder the bundled sample is read from: the binary's own copy, written to the user's
/// cache folder (see `sample::cached_sample_dir`); nothing is looked up in the source tree.
/// Where no copy can be written, a path that does not exist, which the load reports.
pub fn sample_study_dir() -> std::path::PathBuf {
    sample::cached_sample_dir()
        .unwrap_or_else(|_| std::env::temp_dir().join("paradox-sample-unavailable"))
}
