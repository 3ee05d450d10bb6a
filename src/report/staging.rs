//! Putting a finished report in place: files are written and flushed into a hidden
//! staging folder beside the target, which then replaces the previous report folder in two
//! renames. Staging folders left behind by a killed run are cleaned up on the next run.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{io_err, ReportError};

pub(super) fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), ReportError> {
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
pub(super) fn remove_stale_staging(parent: &Path, name: &str) {
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

/// Replaces `out_dir` by `staged`: the old folder is renamed away, the new one renamed
/// in, the old one deleted. If the second rename fails the old folder is put back.
pub(super) fn swap_into_place(
    staged: tempfile::TempDir,
    out_dir: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), ReportError> {
    let exists = std::fs::symlink_metadata(out_dir).is_ok();
    if !exists {
        std::fs::rename(staged.path(), out_dir).map_err(|e| io_err(out_dir, e))?;
        let _ = staged.keep();
        return Ok(());
    }
    let aside = aside_name(parent, name);
    std::fs::rename(out_dir, &aside).map_err(|e| io_err(out_dir, e))?;
    if let Err(e) = std::fs::rename(staged.path(), out_dir) {
        // Best effort to restore; the staged folder is removed when `staged` drops.
        let _ = std::fs::rename(&aside, out_dir);
        return Err(io_err(out_dir, e));
    }
    let _ = staged.keep();
    // The new report is in place; a leftover hidden copy of the old one is harmless, so a
    // failure to delete it is not an error of this run.
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}
