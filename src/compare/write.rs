//! Putting a finished comparison in place, by the report's rules and with its staging code
//! (`report::staging::Target`): the output gate first,
//! every file written and flushed into a hidden staging folder beside the target, then
//! moved into place — a new folder by renaming the staging folder; over a previous
//! comparison, only the files its manifest lists are replaced (moved aside, the new ones
//! moved in, the old ones deleted; on a failure the old ones are moved back), so nothing
//! else in the folder is touched and a failed run leaves the previous output intact.

use std::path::Path;

use crate::gate::{FolderState, GateError, Inputs};
use crate::report::staging::{write_file, Target};
use crate::report::ReportError;

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
    let target = Target::new(out_dir, check(out_dir, inputs)?)?;
    target.refuse_foreign(files.iter().map(|(rel, _)| rel.as_str()), "comparison")?;
    let staged = target.stage()?;
    for (rel, bytes) in files {
        write_file(staged.path(), rel, bytes)?;
    }
    target.put(staged)
}
