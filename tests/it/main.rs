//! The integration tests of paradox, in one test binary: every module below was a test
//! file of its own, and each of those linked the whole crate again. Shared helpers are in
//! `util`; the dashboard's hand-built study is the fixture module in `tests/tui_fixture/`.
//!
//! Two tests live in binaries of their own because they change state that belongs to the
//! whole process, which would disturb the tests running beside them here:
//! `tests/tui_panic.rs` installs a panic hook, `tests/tui_export.rs` changes the working
//! directory.
//!
//! Tests that need a tool from outside the Rust toolchain (python3 with scipy, pandas and
//! statsmodels; DuckDB; tmux; Chromium) or root are `#[ignore]`d with the reason, so plain
//! `cargo test` counts them as ignored; `.ci/run` installs the tools and runs them with
//! `--include-ignored`, where a missing tool is a failure (see `util::tools`).

mod util;

#[path = "../tui_fixture/mod.rs"]
mod tui_fixture;

mod analysis;
mod audit;
mod bad_input;
mod bounds;
mod charts;
mod charts_true;
mod check_behavior;
mod collapse;
mod compare;
mod draft;
mod draft_corpus;
mod explorer_perf;
mod formats;
mod fuzz;
mod groups;
mod harm_pii;
mod import;
mod installed;
mod models;
mod output_safety;
mod parquet_encodings;
mod parquet_in;
mod parsing;
mod pii;
mod power;
mod privacy;
mod reference_compare;
mod report;
mod sav;
mod scale_out;
mod scale_out_engines;
mod screening;
mod sensitivity;
mod synth;
mod tui;
mod tui_everywhere;
mod tui_explorer;
mod tui_sample;
mod tui_tmux;
