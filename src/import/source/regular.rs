//! Inputs must be regular files. A named pipe would block the first read forever (or hand
//! out its bytes once, while a study is read more than once: sniffed, hashed, parsed), a
//! device has no end, and a folder cannot be parsed; each is refused at once, naming the
//! path and what it is.

use std::path::Path;

use super::errors::io_err;
use crate::study::error::StudyError;

/// `Ok` when `path` (after following symbolic links) is a regular file; otherwise a file
/// error saying what it is instead.
pub fn require_regular_file(path: &Path) -> Result<(), StudyError> {
    let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
    if meta.is_file() {
        return Ok(());
    }
    Err(io_err(
        path,
        format!(
            "is {}, not a regular file; give the path of a file",
            what(&meta)
        ),
    ))
}

/// What a path that is not a regular file is, in words.
fn what(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}
