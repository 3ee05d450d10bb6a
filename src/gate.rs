//! The output gate: the one place that decides whether paradox may write a path. Every
//! writer asks it first — the report, `check --rejected` / `--flagged`, `import --into`,
//! `synth --out`, `codebook --draft --out`, the dashboard's exports — before any work is
//! done, so a refusal costs nothing and destroys nothing. It sits below every other module
//! (it knows only paths), because the import writes files too.
//!
//! The rules, which no flag overrides:
//! - never write onto an input file, into a folder holding an input, or inside an input
//!   folder (the study folder);
//! - a single output file may be created, or replace a file that paradox wrote (recognised
//!   by the header line it always starts with); any other existing file is refused;
//! - an output folder may be absent, empty, or a previous output of the same kind
//!   (recognised by the file that kind always writes, e.g. a report's `manifest.json`);
//!   a folder holding anything else is refused.
//!
//! Paths are compared after resolving symbolic links and `..` in their deepest existing
//! ancestor, so `out/../study` and a link to the study are the study.

use std::path::{Component, Path, PathBuf};

use thiserror::Error;

/// Why the gate refused a path. Every refusal is a usage error (exit status 2).
#[derive(Debug, Error, PartialEq, Eq)]
pub enum GateError {
    #[error("{}: refusing to write onto an input (paradox never modifies its inputs)", path.display())]
    IsInput { path: PathBuf },

    #[error("{}: refusing to write into a folder that holds the input {}", path.display(), input.display())]
    ContainsInput { path: PathBuf, input: PathBuf },

    #[error("{}: refusing to write inside the input folder {}", path.display(), input.display())]
    InsideInput { path: PathBuf, input: PathBuf },

    #[error("{}: exists and was not written by paradox ({reason}); choose another path or remove it yourself", path.display())]
    Foreign { path: PathBuf, reason: String },

    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
}

impl GateError {
    /// The path refused.
    pub fn path(&self) -> &Path {
        match self {
            GateError::IsInput { path }
            | GateError::ContainsInput { path, .. }
            | GateError::InsideInput { path, .. }
            | GateError::Foreign { path, .. }
            | GateError::Io { path, .. } => path,
        }
    }

    /// The message without the leading path (for errors that print the path themselves).
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.path().display());
        full.strip_prefix(&prefix)
            .map(str::to_string)
            .unwrap_or(full)
    }
}

/// The inputs of one command: files read and folders read from.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Inputs {
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// An input file (ignored when it does not exist: nothing to protect).
    pub fn file(&mut self, path: &Path) -> &mut Inputs {
        if let Ok(p) = path.canonicalize() {
            self.files.push(p);
        }
        self
    }

    /// An input folder, e.g. the study folder: nothing may be written inside it.
    pub fn folder(&mut self, path: &Path) -> &mut Inputs {
        if let Ok(p) = path.canonicalize() {
            self.folders.push(p);
        }
        self
    }

    /// Every input file and folder.
    pub fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter().chain(&self.folders)
    }
}

/// What the gate found at an output folder that it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderState {
    /// Nothing there yet.
    Absent,
    /// An empty folder.
    Empty,
    /// A previous output of the same kind.
    Previous,
}

/// Resolves `path` as far as it exists (links, `..`), then appends the rest, so paths that
/// do not exist yet compare with existing ones.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                if part == ".." {
                    out.pop();
                } else if part != "." {
                    out.push(part);
                }
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            // Ends in `..` over a folder that does not exist: drop the pair and go on.
            _ => {
                let shorter = lexical(&existing);
                if shorter == existing {
                    return lexical(&absolute);
                }
                existing = shorter;
            }
        }
    }
}

/// `..` and `.` removed without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The input rule for any output path: not an input, not a folder holding one, not inside
/// an input folder.
fn check_inputs(path: &Path, inputs: &Inputs) -> Result<PathBuf, GateError> {
    let target = resolve(path);
    if inputs.all().any(|i| i == &target) {
        return Err(GateError::IsInput {
            path: path.to_path_buf(),
        });
    }
    for f in &inputs.files {
        if &target == f {
            return Err(GateError::IsInput {
                path: path.to_path_buf(),
            });
        }
        if f.starts_with(&target) {
            return Err(GateError::ContainsInput {
                path: path.to_path_buf(),
                input: f.clone(),
            });
        }
    }
    for d in &inputs.folders {
        if target.starts_with(d) {
            return Err(GateError::InsideInput {
                path: path.to_path_buf(),
                input: d.clone(),
            });
        }
        if d.starts_with(&target) {
            return Err(GateError::ContainsInput {
                path: path.to_path_buf(),
                input: d.clone(),
            });
        }
    }
    Ok(target)
}

/// The input rule alone (not an input, not a folder holding one, not inside an input
/// folder), for writers that manage their own files in a folder, like the dashboard's
/// exports.
pub fn check_not_input(path: &Path, inputs: &Inputs) -> Result<(), GateError> {
    check_inputs(path, inputs).map(|_| ())
}

/// May paradox write the single file `path`? It may when it is no input (see the module
/// rules) and either does not exist or is a regular file starting with `signature` — the
/// header line paradox always writes first in a file of this kind.
pub fn check_file(path: &Path, inputs: &Inputs, signature: &[u8]) -> Result<(), GateError> {
    check_inputs(path, inputs)?;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(GateError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        }
    };
    if !meta.is_file() {
        return Err(GateError::Foreign {
            path: path.to_path_buf(),
            reason: "not a regular file".into(),
        });
    }
    let mut head = vec![0u8; signature.len()];
    let starts_right = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && head == signature;
    if starts_right {
        Ok(())
    } else {
        Err(GateError::Foreign {
            path: path.to_path_buf(),
            reason: format!(
                "it does not start with the line paradox writes there ({})",
                String::from_utf8_lossy(signature).trim_end()
            ),
        })
    }
}

/// May paradox write the output folder `dir`? It may when it is no input and is absent,
/// empty, or holds `marker` — the file every output of this kind contains (a report's
/// `manifest.json`, a synthetic study's `truth.json`). Which files of a previous output
/// may be replaced is the writer's business (it knows its manifest).
pub fn check_folder(dir: &Path, inputs: &Inputs, marker: &str) -> Result<FolderState, GateError> {
    check_inputs(dir, inputs)?;
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FolderState::Absent),
        Err(e) => {
            return Err(GateError::Io {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })
        }
    };
    if !meta.is_dir() {
        return Err(GateError::Foreign {
            path: dir.to_path_buf(),
            reason: "not a folder".into(),
        });
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| GateError::Io {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    if entries.next().is_none() {
        return Ok(FolderState::Empty);
    }
    if dir.join(marker).is_file() {
        return Ok(FolderState::Previous);
    }
    Err(GateError::Foreign {
        path: dir.to_path_buf(),
        reason: format!("it holds files and no {marker}"),
    })
}

/// Writes `bytes` to `path` so that it is either all there or not changed at all: into a
/// temporary file beside it, flushed to disk, then renamed over it. A full disk or a killed
/// process leaves the previous file (or none) and no empty or partial one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".paradox-write-")
        .tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    // A temporary file is private (0600); the file it becomes keeps the permissions of the
    // one it replaces, or gets the usual 0644 of a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => new_file_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(f: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(f.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn study() -> (tempfile::TempDir, PathBuf, Inputs) {
        let root = tempfile::tempdir().expect("temp dir");
        let study = root.path().join("study");
        std::fs::create_dir_all(&study).expect("mkdir");
        std::fs::write(study.join("survey.csv"), "id\n1\n").expect("write");
        let mut inputs = Inputs::new();
        inputs.folder(&study).file(&study.join("survey.csv"));
        (root, study, inputs)
    }

    #[test]
    fn inputs_and_their_folders_are_refused() {
        let (root, study, inputs) = study();
        let survey = study.join("survey.csv");
        assert!(matches!(
            check_file(&survey, &inputs, b"file,line"),
            Err(GateError::IsInput { .. })
        ));
        assert!(matches!(
            check_folder(&study, &inputs, "manifest.json"),
            Err(GateError::IsInput { .. })
        ));
        assert!(matches!(
            check_folder(root.path(), &inputs, "manifest.json"),
            Err(GateError::ContainsInput { .. })
        ));
        assert!(matches!(
            check_file(&study.join("new.csv"), &inputs, b"x"),
            Err(GateError::InsideInput { .. })
        ));
        // Through `..` and through a link: still the study.
        let dotted = root.path().join("elsewhere").join("..").join("study");
        assert!(check_folder(&dotted, &inputs, "manifest.json").is_err());
        #[cfg(unix)]
        {
            let link = root.path().join("link");
            std::os::unix::fs::symlink(&study, &link).expect("symlink");
            assert!(check_folder(&link.join("out"), &inputs, "manifest.json").is_err());
        }
    }

    #[test]
    fn folders_absent_empty_or_previous_are_allowed_others_refused() {
        let (root, _study, inputs) = study();
        let out = root.path().join("reports").join("x");
        assert_eq!(
            check_folder(&out, &inputs, "manifest.json"),
            Ok(FolderState::Absent)
        );
        std::fs::create_dir_all(&out).expect("mkdir");
        assert_eq!(
            check_folder(&out, &inputs, "manifest.json"),
            Ok(FolderState::Empty)
        );
        std::fs::write(out.join("paper.tex"), "\\documentclass").expect("write");
        assert!(matches!(
            check_folder(&out, &inputs, "manifest.json"),
            Err(GateError::Foreign { .. })
        ));
        std::fs::write(out.join("manifest.json"), "{}").expect("write");
        assert_eq!(
            check_folder(&out, &inputs, "manifest.json"),
            Ok(FolderState::Previous)
        );
    }

    #[test]
    fn a_file_is_replaced_only_when_paradox_wrote_it() {
        let (root, _study, inputs) = study();
        let f = root.path().join("rejected.csv");
        assert_eq!(check_file(&f, &inputs, b"file,line,"), Ok(()));
        std::fs::write(&f, "file,line,column,value,reason\n").expect("write");
        assert_eq!(check_file(&f, &inputs, b"file,line,"), Ok(()));
        std::fs::write(&f, "my notes\n").expect("write");
        assert!(matches!(
            check_file(&f, &inputs, b"file,line,"),
            Err(GateError::Foreign { .. })
        ));
        assert!(matches!(
            check_file(root.path(), &inputs, b"file,line,"),
            Err(GateError::ContainsInput { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_are_readable_like_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().expect("temp dir");
        let f = root.path().join("listing.csv");
        write_atomically(&f, b"a\n").expect("write");
        let mode = std::fs::metadata(&f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomically(&f, b"b\n").expect("rewrite");
        let mode = std::fs::metadata(&f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a replaced file keeps its permissions");
    }

    #[test]
    fn paths_that_do_not_exist_resolve_through_their_existing_ancestor() {
        let root = tempfile::tempdir().expect("temp dir");
        let real = root.path().canonicalize().expect("canonical");
        let p = root.path().join("a").join("..").join("b").join("c");
        assert_eq!(resolve(&p), real.join("b").join("c"));
    }
}
