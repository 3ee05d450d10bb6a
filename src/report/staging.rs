//! Putting a finished report in place: files are written and flushed into a hidden
//! staging folder beside the target. A new folder is the staging folder renamed. Over a
//! previous report only the files that report's manifest lists are replaced: they are
//! moved aside, the new files moved in, and the old ones deleted — on a failure the old
//! ones are moved back — so everything else in the folder (the dashboard's exports, a
//! researcher's own notes) is left as it was. Staging folders left behind by a killed run
//! are cleaned up on the next run. [`Target`] is the one way through: the report and the
//! comparison both put their folders in place with it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{io_err, ReportError};
use crate::gate::{FolderState, GateError};

/// An output folder the gate has let through, ready to take a staged set of files: its
/// name and its parent (created), and the files a previous output there lists.
pub(crate) struct Target {
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// The files of the previous output (from its manifest); `None` for an absent or empty
    /// folder.
    previous: Option<Vec<String>>,
}

impl Target {
    /// The folder `out_dir`, in the `state` the gate found it in.
    pub(crate) fn new(out_dir: &Path, state: FolderState) -> Result<Target, ReportError> {
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
        Ok(Target {
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            previous,
        })
    }

    /// Refuses to write `rels` (paths inside the folder) over a file that the previous
    /// `what` ("report", "comparison") did not write: its manifest does not list it.
    pub(crate) fn refuse_foreign<'a>(
        &self,
        rels: impl IntoIterator<Item = &'a str>,
        what: &str,
    ) -> Result<(), ReportError> {
        let Some(previous) = &self.previous else {
            return Ok(());
        };
        for rel in rels {
            let there = self.out_dir.join(rel);
            if !previous.iter().any(|p| p == rel) && std::fs::symlink_metadata(&there).is_ok() {
                return Err(GateError::Foreign {
                    path: there,
                    reason: format!("the previous {what}'s manifest does not list it"),
                }
                .into());
            }
        }
        Ok(())
    }

    /// A new staging folder beside the target, once those left by killed runs are gone.
    pub(crate) fn stage(&self) -> Result<tempfile::TempDir, ReportError> {
        remove_stale_staging(&self.parent, &self.name);
        tempfile::Builder::new()
            .prefix(&format!(".{}.tmp-{}-", self.name, std::process::id()))
            .tempdir_in(&self.parent)
            .map_err(|e| io_err(&self.parent, e))
    }

    /// Puts the files of `staged` in place (see the module's text).
    pub(crate) fn put(self, staged: tempfile::TempDir) -> Result<(), ReportError> {
        swap_into_place(
            staged,
            &self.out_dir,
            &self.parent,
            &self.name,
            self.previous.as_deref(),
        )
    }
}

/// The hidden file that says which inputs a report folder was made from: the SHA-256 of
/// the inputs' resolved paths (never the paths themselves, which may name a home folder).
/// It lets the default `reports/NAME` tell a rerun of the same study from another study
/// of the same name; it is not part of the report (the manifest does not list it).
pub const SOURCE_FILE: &str = ".paradox-source";

pub(crate) fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), ReportError> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    let mut file = std::fs::File::create(&path).map_err(|e| io_err(&path, e))?;
    file.write_all(bytes).map_err(|e| io_err(&path, e))?;
    // Flushed to disk before the swap, so a crash right after it cannot leave a report
    // folder with empty files in place of the old one.
    file.sync_all().map_err(|e| io_err(&path, e))
}

/// A free sibling name for moving the previous report away during the swap.
fn aside_name(parent: &Path, name: &str) -> PathBuf {
    let pid = std::process::id();
    let mut i = 0u32;
    loop {
        let candidate = parent.join(format!(".{name}.old-{pid}-{i}"));
        if std::fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
        i += 1;
    }
}

/// Staging and set-aside folders (`.NAME.tmp-PID-…`, `.NAME.old-PID-…`) left behind by a
/// run that was killed before it could clean up (Ctrl-C, out of memory, power loss).
/// One is stale when the process that made it is gone; where liveness cannot be checked
/// (no `/proc`), when it is more than a day old. Removal is best effort: a folder that
/// cannot be removed is left, never an error of this run.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    let proc_fs = Path::new("/proc/self").exists();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if proc_fs => {
                pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
            }
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600)),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The files a previous report in `out_dir` wrote, from its `manifest.json` (plus the
/// manifest itself). Paths are checked to stay inside the folder, so a tampered manifest
/// cannot make paradox delete anything outside it.
fn previous_files(out_dir: &Path) -> Result<Vec<String>, ReportError> {
    let path = out_dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
    let refused = |reason: String| {
        ReportError::Refused(crate::gate::GateError::Foreign {
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
    if out_dir.join(SOURCE_FILE).is_file() {
        out.push(SOURCE_FILE.to_string());
    }
    for f in files {
        let rel = f
            .get("path")
            .and_then(|p| p.as_str())
            .ok_or_else(|| refused("a file entry without a path".into()))?;
        let inside = !rel.is_empty()
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(refused(format!(
                "it lists \"{rel}\", which is not a path inside the folder"
            )));
        }
        out.push(rel.to_string());
    }
    Ok(out)
}

/// Puts the staged report in place. `previous`: the files of the report already there
/// (from its manifest), `None` when the folder is absent or empty.
fn swap_into_place(
    staged: tempfile::TempDir,
    out_dir: &Path,
    parent: &Path,
    name: &str,
    previous: Option<&[String]>,
) -> Result<(), ReportError> {
    let Some(previous) = previous else {
        // Absent, or empty (checked by the gate): the staged folder takes its place.
        if std::fs::symlink_metadata(out_dir).is_ok() {
            std::fs::remove_dir(out_dir).map_err(|e| io_err(out_dir, e))?;
        }
        std::fs::rename(staged.path(), out_dir).map_err(|e| io_err(out_dir, e))?;
        let _ = staged.keep();
        return Ok(());
    };
    let new_files = files_under(staged.path());
    let aside = aside_name(parent, name);
    std::fs::create_dir(&aside).map_err(|e| io_err(&aside, e))?;
    let mut moved_aside: Vec<&str> = Vec::new();
    let mut moved_in: Vec<&str> = Vec::new();
    let result = (|| {
        for rel in previous {
            let from = out_dir.join(rel);
            if std::fs::symlink_metadata(&from).is_ok_and(|m| m.is_file()) {
                move_file(&from, &aside.join(rel))?;
                moved_aside.push(rel);
            }
        }
        for rel in &new_files {
            move_file(&staged.path().join(rel), &out_dir.join(rel))?;
            moved_in.push(rel);
        }
        Ok(())
    })();
    if let Err(e) = result {
        // Best effort to leave the previous report as it was.
        for rel in moved_in {
            let _ = std::fs::remove_file(out_dir.join(rel));
        }
        for rel in moved_aside {
            let _ = move_file(&aside.join(rel), &out_dir.join(rel));
        }
        let _ = std::fs::remove_dir_all(&aside);
        return Err(e);
    }
    // The new report is in place; the old files go, and folders they leave empty.
    let _ = std::fs::remove_dir_all(&aside);
    for rel in previous {
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

/// Every file under `dir`, as paths relative to it with `/` separators, sorted.
pub(super) fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(base, &p, out);
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn move_file(from: &Path, to: &Path) -> Result<(), ReportError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    std::fs::rename(from, to).map_err(|e| io_err(to, e))
}
