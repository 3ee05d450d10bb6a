//! `paradox codebook --draft FILE`: a first codebook guessed from a survey export.

use std::path::Path;

use crate::study::StudyError;

pub fn draft_codebook(path: &Path) -> Result<String, StudyError> {
    let _ = path;
    Ok(String::new())
}
