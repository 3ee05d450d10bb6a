//! The bundled sample study, carried inside the binary: an installed `paradox` finds it
//! wherever it runs, never through the source tree it was built from. `paradox sample --out
//! DIR` writes it to a folder of the user's (through the output gate); commands run without
//! a study read it from a private copy in the user's cache folder, written on first use and
//! rewritten whenever it differs from the bytes inside the binary.

use std::path::{Path, PathBuf};

/// The sample's files, as `paradox synth --respondents 2400 --seed 2025 --events` wrote
/// them into `datasets/sample` (a test checks that they are not stale).
pub const FILES: [(&str, &[u8]); 5] = [
    ("README.md", include_bytes!("../datasets/sample/README.md")),
    (
        "codebook.toml",
        include_bytes!("../datasets/sample/codebook.toml"),
    ),
    (
        "survey.csv",
        include_bytes!("../datasets/sample/survey.csv"),
    ),
    (
        "events.csv",
        include_bytes!("../datasets/sample/events.csv"),
    ),
    (
        "truth.json",
        include_bytes!("../datasets/sample/truth.json"),
    ),
];

/// Why the sample was not written.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error(transparent)]
    Gate(#[from] crate::gate::GateError),
    #[error("{}: already holds a study; paradox sample writes only into an absent or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes the sample study into `out` (absent or empty): the files written.
pub fn write_sample(out: &Path) -> Result<Vec<PathBuf>, SampleError> {
    let state = crate::gate::check_folder(out, &crate::gate::Inputs::new(), "truth.json")?;
    if state == crate::gate::FolderState::Previous {
        return Err(SampleError::NotEmpty(out.to_path_buf()));
    }
    write_files(out)
}

fn write_files(out: &Path) -> Result<Vec<PathBuf>, SampleError> {
    let err = |path: &Path, source: std::io::Error| SampleError::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(|e| err(out, e))?;
    let mut written = Vec::new();
    for (name, bytes) in FILES {
        let path = out.join(name);
        crate::gate::write_atomically(&path, bytes).map_err(|e| err(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// The folder commands without a study read the sample from: a copy in the user's cache
/// folder (`$XDG_CACHE_HOME/paradox`, `~/.cache/paradox`, else the temporary folder), named
/// with the version, and checked byte for byte against the binary's own files on every use.
pub fn cached_sample_dir() -> Result<PathBuf, SampleError> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir);
    let dir = base
        .join("paradox")
        .join(format!("sample-{}", env!("CARGO_PKG_VERSION")));
    let current = FILES
        .iter()
        .all(|(name, bytes)| std::fs::read(dir.join(name)).is_ok_and(|b| b == *bytes));
    if !current {
        write_files(&dir)?;
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_written_into_an_empty_folder_only() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("s");
        let files = write_sample(&out).unwrap();
        assert_eq!(files.len(), FILES.len());
        for (name, bytes) in FILES {
            assert_eq!(std::fs::read(out.join(name)).unwrap(), bytes);
        }
        assert!(matches!(write_sample(&out), Err(SampleError::NotEmpty(_))));
        let other = root.path().join("notes");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("paper.tex"), "x").unwrap();
        assert!(matches!(write_sample(&other), Err(SampleError::Gate(_))));
    }
}
