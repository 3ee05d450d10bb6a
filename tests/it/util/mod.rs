//! Shared helpers for the integration tests: fixture paths and temporary copies of fixture
//! studies, hashing files to prove inputs are never modified, snapshot assertions
//! (`snapshot!`), running the binary (`command`), and the outside tools some tests need
//! (`tools`).

mod command;
pub mod parquet;
pub mod tools;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use command::{guard_inputs, run, Run, TestCommand};

/// `insta::assert_snapshot!(name, value)` with the snapshot files kept in `tests/snapshots/`,
/// beside the other fixtures, rather than in insta's default `snapshots` folder next to the
/// calling module's file. The file names carry the module path:
/// `it__<module>__<name>.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        settings.bind(|| insta::assert_snapshot!($name, $value));
    }};
}
pub(crate) use snapshot;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn sha(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("readable");
    format!("{:x}", Sha256::digest(bytes))
}

/// Hashes of every file in a folder (sorted by name).
pub fn hash_dir(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), sha(&e.path())))
        .collect();
    v.sort();
    v
}

/// Copies a fixture study into a fresh temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(fixture(name)).expect("fixture").flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).expect("copy");
    }
    dir
}

pub fn approx(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

/// A hand-written summary that a test treats as already published, as the writers take it:
/// `min_cell` and ε as the summary records them, the audit of `study` when given.
pub fn published(
    study: Option<&paradox::study::Study>,
    s: &paradox::analysis::Summary,
    dp_seed: Option<u64>,
) -> paradox::privacy::Published {
    let options = paradox::privacy::PublishOptions {
        min_cell: paradox::privacy::MinCell::new(s.disclosure_control.min_cell),
        dp_epsilon: s.disclosure_control.dp_epsilon,
        dp_seed,
    };
    paradox::privacy::published::published_as_is(study, s.clone(), options)
}
