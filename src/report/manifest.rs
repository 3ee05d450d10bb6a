//! `manifest.json`: what made this report — tool and version, every input with its SHA-256,
//! the codebook as parsed, the options — and the SHA-256 of every other file written, so a
//! reader can check that a report is complete and unaltered. The DP seed is never written
//! (a known seed would let anyone subtract the noise); only whether one was given.

use serde::Serialize;

use crate::analysis::summary::DisclosureControlInfo;
use crate::privacy::Published;
use crate::study::codebook::Codebook;
use crate::study::Study;

use super::json::pretty_json;
use super::options::ReportOptions;
use super::sections::dp_notes;

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: Tool,
    study: &'a str,
    inputs: Vec<Input<'a>>,
    codebook: &'a Codebook,
    options: Options,
    disclosure_control: &'a DisclosureControlInfo,
    /// How ε was split and the expected error of each table, from the privacy module's
    /// notes (a report with noisy counts must state both); empty without differential
    /// privacy.
    differential_privacy: Vec<String>,
    files: Vec<FileEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Debug, Serialize)]
struct Input<'a> {
    role: &'a str,
    file: &'a str,
    sha256: &'a str,
    bytes: u64,
}

#[derive(Debug, Serialize)]
struct Options {
    formats: Vec<&'static str>,
    min_cell: u32,
    dp_epsilon: Option<f64>,
    dp_seeded: bool,
}

#[derive(Debug, Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    sha256: &'a str,
}

/// The manifest's bytes. `files` are (path relative to the report folder with `/`
/// separators, SHA-256 hex) of every file except the manifest itself; they are sorted here.
pub fn manifest_json(
    study: &Study,
    published: &Published,
    opts: &ReportOptions,
    files: &[(String, String)],
) -> Vec<u8> {
    let summary = published.summary();
    let mut files: Vec<FileEntry> = files
        .iter()
        .map(|(p, h)| FileEntry { path: p, sha256: h })
        .collect();
    files.sort_by(|a, b| a.path.cmp(b.path));
    let m = Manifest {
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        study: study.name(),
        inputs: published
            .audit()
            .inputs
            .iter()
            .map(|i| Input {
                role: &i.role,
                file: &i.file,
                sha256: &i.sha256,
                bytes: i.bytes,
            })
            .collect(),
        codebook: &study.codebook,
        options: Options {
            formats: opts.formats.names(),
            min_cell: published.min_cell().get(),
            dp_epsilon: published.dp_epsilon().filter(|e| e.is_finite()),
            dp_seeded: published.dp_seeded(),
        },
        disclosure_control: &summary.disclosure_control,
        differential_privacy: dp_notes(summary),
        files,
    };
    pretty_json(&m)
}
