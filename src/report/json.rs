//! The JSON files of the report: `summary.json`, and the pretty style every JSON file of
//! the report (the manifest too) is written in.

use serde::Serialize;

use crate::analysis::Summary;

/// Pretty JSON with a trailing newline. Serializing these plain data types cannot fail
/// (string-keyed maps only, no NaN because statistics are `Option`s); should it ever, the
/// output is `null` rather than a panic.
pub(crate) fn pretty_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"null".to_vec());
    out.push(b'\n');
    out
}

/// Renders summary.json bytes: pretty JSON, full round-trip precision floats (serde_json
/// default), trailing newline.
pub fn summary_json(summary: &Summary) -> Vec<u8> {
    pretty_json(summary)
}
