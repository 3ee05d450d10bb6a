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
pub mod study;
pub mod synth;
pub mod tui;

/// The bundled sample study, relative to the crate root.
pub const SAMPLE_STUDY: &str = "datasets/sample";

/// Where the bundled sample lives: beside the executable's crate when run by cargo, else
/// relative to the working directory.
pub fn sample_study_dir() -> std::path::PathBuf {
    let here = std::path::PathBuf::from(SAMPLE_STUDY);
    if here.join("codebook.toml").exists() {
        return here;
    }
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_STUDY)
}
