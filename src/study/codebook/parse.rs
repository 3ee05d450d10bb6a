//! Reading a codebook: TOML parsed strictly, then validated; an error names the file, the
//! codebook key and, where it can be told, the line.

use std::path::Path;

use super::types::Codebook;
use crate::study::error::StudyError;

impl Codebook {
    /// Reads and validates a codebook file.
    pub fn from_file(path: &Path) -> Result<Codebook, StudyError> {
        let text = std::fs::read_to_string(path).map_err(|e| StudyError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Codebook::from_toml(&text, path)
    }

    /// Parses and validates codebook text; `path` is used in messages only.
    pub fn from_toml(text: &str, path: &Path) -> Result<Codebook, StudyError> {
        let cb: Codebook = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            StudyError::Codebook {
                path: path.to_path_buf(),
                key: String::new(),
                line: Some(line),
                column: Some(column),
                message: e.message().trim().to_string(),
            }
        })?;
        cb.validate()
            .map_err(|(key, message)| StudyError::Codebook {
                path: path.to_path_buf(),
                line: key_line(text, &key),
                key,
                column: None,
                message,
            })?;
        Ok(cb)
    }
}

/// The line that sets a codebook key, 1-based — only when exactly one line sets a key of
/// that name, so a message never points at the wrong place.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let leaf = key.rsplit('.').next()?.split(['[', ' ']).next()?.trim();
    if leaf.is_empty() {
        return None;
    }
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches('"');
            l.strip_prefix(leaf)
                .map(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
                .unwrap_or(false)
        })
        .map(|(i, _)| i + 1)
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}
