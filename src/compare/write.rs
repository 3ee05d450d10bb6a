//! Putting a finished comparison in place, by the report's rules: the output gate first,
//! every file written and flushed into a hidden staging folder beside the target, then
//! moved into place — a new folder by renaming the staging folder; over a previous
//! comparison, only the files its manifest lists are replaced (moved aside, the new ones
//! moved in, the old ones deleted; on a failure the old ones are moved back), so nothing
//! else in the folder is touched and a failed run leaves the previous output intact.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::gate::{FolderState, GateError, Inputs};
use crate::report::ReportError;

fn io_err(path: &Path, e: std::io::Error) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), ReportError> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    let mut file = std::fs::File::create(&path).map_err(|e| io_err(&path, e))?;
    file.write_all(bytes).map_err(|e| io_err(&path, e))?;
    file.sync_all().map_err(|e| io_err(&path, e))
}

/// The files the previous output in `out_dir` wrote, from its manifest (plus the manifest
/// itself), each checked to stay inside the folder.
fn previous_files(out_dir: &Path) -> Result<Vec<String>, ReportError> {
    let path = out_dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
    let refused = |reason: String| {
        ReportError::Refused(GateError::Foreign {
            path: path.clone(),
            reason,
        })
    };
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| refused(format!("not a paradox manifest ({e})")))?;
    let files = json
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or_else(|| refused("not a paradox manifest (no file list)".into()))?;
    let mut out = vec!["manifest.json".to_string()];
    for f in files {
        let rel = f
            .get("path")
            .and_then(|p| p.as_str())
            .ok_or_else(|| refused("a file entry without a path".into()))?;
        let inside = !rel.is_empty()
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(refused(format!(
                "it lists \"{rel}\", which is not a path inside the folder"
            )));
        }
        out.push(rel.to_string());
    }
    Ok(out)
}

fn move_file(from: &Path, to: &Path) -> Result<(), ReportError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::rename(from, to).map_err(|e| io_err(to, e))
}

/// Checks the folder with the gate: absent, empty, or a previous comparison — never an
/// input, a folder of someone else's files, or a report (whose manifest is not a
/// comparison's).
pub fn check(out_dir: &Path, inputs: &Inputs) -> Result<FolderState, ReportError> {
    if std::fs::metadata(out_dir).is_ok_and(|m| !m.is_dir()) {
        return Err(ReportError::NotADirectory {
            path: out_dir.to_path_buf(),
        });
    }
    let state = crate::gate::check_folder(out_dir, inputs, "manifest.json")?;
    if state == FolderState::Previous {
        let path = out_dir.join("manifest.json");
        let kind = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|j| j.get("kind").and_then(|k| k.as_str()).map(str::to_string));
        if kind.as_deref() != Some(MANIFEST_KIND) {
            return Err(GateError::Io {
                path: out_dir.to_path_buf(),
                message: "refusing to write a comparison over other paradox output (a \
                          report?); pass --out to choose a folder for the comparison"
                    .into(),
            }
            .into());
        }
    }
    Ok(state)
}

/// The `kind` a comparison's manifest declares.
pub const MANIFEST_KIND: &str = "compare";

/// Writes `files` (relative path with `/`, bytes; the manifest among them) into `out_dir`.
pub fn put_in_place(
    out_dir: &Path,
    inputs: &Inputs,
    files: &[(String, Vec<u8>)],
) -> Result<(), ReportError> {
    let state = check(out_dir, inputs)?;
    let previous = match state {
        FolderState::Previous => Some(previous_files(out_dir)?),
        _ => None,
    };
    let name = out_dir
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .ok_or_else(|| ReportError::BadOutDir {
            path: out_dir.to_path_buf(),
        })?
        .to_string();
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_err(&parent, e))?;
    if let Some(previous) = &previous {
        for (rel, _) in files {
            let there = out_dir.join(rel);
            if !previous.contains(rel) && std::fs::symlink_metadata(&there).is_ok() {
                return Err(GateError::Foreign {
                    path: there,
                    reason: "the previous output's manifest does not list it".into(),
                }
                .into());
            }
        }
    }
    let staged = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(|e| io_err(&parent, e))?;
    for (rel, bytes) in files {
        write_file(staged.path(), rel, bytes)?;
    }
    let Some(previous) = previous else {
        if std::fs::symlink_metadata(out_dir).is_ok() {
            std::fs::remove_dir(out_dir).map_err(|e| io_err(out_dir, e))?;
        }
        std::fs::rename(staged.path(), out_dir).map_err(|e| io_err(out_dir, e))?;
        let _ = staged.keep();
        return Ok(());
    };
    let aside = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(|e| io_err(&parent, e))?;
    let mut moved_aside: Vec<&str> = Vec::new();
    let mut moved_in: Vec<&str> = Vec::new();
    let result = (|| {
        for rel in &previous {
            let from = out_dir.join(rel);
            if std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_file()) {
                move_file(&from, &aside.path().join(rel))?;
                moved_aside.push(rel);
            }
        }
        for (rel, _) in files {
            move_file(&staged.path().join(rel), &out_dir.join(rel))?;
            moved_in.push(rel);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for rel in moved_in {
            let _ = std::fs::remove_file(out_dir.join(rel));
        }
        for rel in moved_aside {
            let _ = move_file(&aside.path().join(rel), &out_dir.join(rel));
        }
        return Err(e);
    }
    // Folders the old files leave empty go too.
    for rel in &previous {
        let mut dir = Path::new(rel).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if std::fs::remove_dir(out_dir.join(d)).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}
