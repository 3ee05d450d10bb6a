//! `paradox report`: summary.json, charts, HTML, Markdown, CSV tables and the manifest
//! (SPEC §6). Never touches the terminal beyond a progress bar on stderr.
//!
//! [`write_report`] takes an already-published (disclosure-controlled, SPEC §5) summary;
//! it never sees unsuppressed numbers. Everything is rendered in memory first, written to a
//! hidden temporary folder beside the target, and swapped into place at the very end, so a
//! failure at any point leaves the previous report as it was and no half-written one. The
//! output is deterministic: no timestamps, stable ordering, same inputs ⇒ same bytes.

pub mod charts;
pub mod groups;
pub mod html;
pub mod manifest;
pub mod markdown;
pub mod models;
pub mod screening;
pub mod tables;
pub mod text;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::Summary;
use crate::study::Study;

/// One kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Md,
    Svg,
    Png,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Html,
        Format::Md,
        Format::Svg,
        Format::Png,
        Format::Csv,
        Format::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// The set of formats to write (`--format html,md`). `manifest.json` is always written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(BTreeSet<Format>);

impl Formats {
    pub fn all() -> Formats {
        Formats(Format::ALL.into_iter().collect())
    }

    /// Parses a comma-separated list, trimmed and ignoring case; `all` means every format,
    /// `markdown` is accepted for `md`.
    pub fn parse(s: &str) -> Result<Formats, ReportError> {
        let mut set = BTreeSet::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let lower = part.to_ascii_lowercase();
            if lower == "all" {
                set.extend(Format::ALL);
                continue;
            }
            let f = match lower.as_str() {
                "markdown" => Format::Md,
                _ => Format::ALL
                    .into_iter()
                    .find(|f| f.name() == lower)
                    .ok_or_else(|| ReportError::UnknownFormat {
                        value: part.to_string(),
                    })?,
            };
            set.insert(f);
        }
        if set.is_empty() {
            return Err(ReportError::UnknownFormat {
                value: s.to_string(),
            });
        }
        Ok(Formats(set))
    }

    pub fn contains(&self, f: Format) -> bool {
        self.0.contains(&f)
    }

    /// Names in a fixed order (html, md, svg, png, csv, json).
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|f| f.name()).collect()
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::all()
    }
}

impl FromStr for Formats {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Formats::parse(s)
    }
}

impl fmt::Display for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The report folder, e.g. `reports/NAME`; replaced as a whole.
    pub out_dir: PathBuf,
    pub formats: Formats,
    /// The suppression threshold that was applied (recorded in the manifest).
    pub min_cell: u32,
    /// The DP budget that was applied, if any (recorded in the manifest).
    pub dp_epsilon: Option<f64>,
    /// A fixed DP seed (tests only). Never written; its presence marks the report NOT private.
    pub dp_seed: Option<u64>,
    /// Show a progress bar on stderr when it is a terminal.
    pub progress: bool,
}

impl ReportOptions {
    /// All formats, `min_cell` 10, no DP, no progress bar.
    pub fn new(out_dir: impl Into<PathBuf>) -> ReportOptions {
        ReportOptions {
            out_dir: out_dir.into(),
            formats: Formats::all(),
            min_cell: 10,
            dp_epsilon: None,
            dp_seed: None,
            progress: false,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOutcome {
    pub out_dir: PathBuf,
    /// Every file written except `manifest.json` (which lists exactly these), relative to
    /// `out_dir`, with its SHA-256 in lowercase hex, sorted by path.
    pub files: Vec<(PathBuf, String)>,
}

#[derive(thiserror::Error, Debug)]
pub enum ReportError {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: exists and is not a folder; the report needs a folder here", path.display())]
    NotADirectory { path: PathBuf },
    #[error("{}: not a usable report folder name", path.display())]
    BadOutDir { path: PathBuf },
    #[error("unknown report format \"{value}\" (expected a comma-separated list of html, md, svg, png, csv, json, or all)")]
    UnknownFormat { value: String },
    #[error("{}: drawing the charts failed: {message}", path.display())]
    Chart { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Render { path: PathBuf, message: String },
}

fn io_err(path: &Path, e: std::io::Error) -> ReportError {
    ReportError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

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

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

thread_local! {
    /// Test hook: fail after writing this many files (see [`fail_after_files_for_tests`]).
    static FAIL_AFTER: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Test-only: makes the next [`write_report`] calls on this thread fail after `n` files
/// have been written to the temporary folder (`n` ≥ the number of files: just before the
/// swap), so tests can check that a failed run leaves the previous report untouched.
#[doc(hidden)]
pub fn fail_after_files_for_tests(n: Option<usize>) {
    FAIL_AFTER.with(|c| c.set(n));
}

fn forced_failure(written: usize, path: &Path) -> Result<(), ReportError> {
    match FAIL_AFTER.with(|c| c.get()) {
        Some(n) if written >= n => Err(ReportError::Io {
            path: path.to_path_buf(),
            message: "forced failure (test hook)".into(),
        }),
        _ => Ok(()),
    }
}

/// Every file of the report except the manifest, rendered in memory: (relative path with
/// `/` separators, bytes), sorted by path.
fn render_files(
    study: &Study,
    summary: &Summary,
    opts: &ReportOptions,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let f = &opts.formats;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if f.contains(Format::Json) {
        files.push(("summary.json".into(), summary_json(summary)));
    }
    let need_charts = [Format::Html, Format::Md, Format::Svg, Format::Png]
        .into_iter()
        .any(|x| f.contains(x));
    let charts = if need_charts {
        charts::render_all(summary).map_err(|e| ReportError::Chart {
            path: opts.out_dir.join("charts"),
            message: e.to_string(),
        })?
    } else {
        Vec::new()
    };
    for c in &charts {
        if f.contains(Format::Svg) {
            files.push((
                format!("charts/{}.svg", c.kind.file_stem()),
                c.svg.clone().into_bytes(),
            ));
        }
        if f.contains(Format::Png) {
            files.push((format!("charts/{}.png", c.kind.file_stem()), c.png.clone()));
        }
    }
    if f.contains(Format::Html) || f.contains(Format::Md) {
        let doc = text::build_document(study, summary, opts.dp_seed.is_some());
        if f.contains(Format::Html) {
            files.push((
                "report.html".into(),
                html::render(&doc, &charts).into_bytes(),
            ));
        }
        if f.contains(Format::Md) {
            let md = markdown::render(
                &doc,
                &charts,
                f.contains(Format::Svg),
                f.contains(Format::Png),
            );
            files.push(("report.md".into(), md.into_bytes()));
        }
    }
    if f.contains(Format::Csv) {
        for t in tables::csv_tables(study, summary) {
            let path = format!("tables/{}", t.file);
            let bytes = t.to_bytes().map_err(|message| ReportError::Render {
                path: opts.out_dir.join(&path),
                message,
            })?;
            files.push((path, bytes));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

fn progress_bar(opts: &ReportOptions, len: u64) -> indicatif::ProgressBar {
    if !(opts.progress && std::io::stderr().is_terminal()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} report [{bar:30}] {pos}/{len} {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), ReportError> {
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

/// Replaces `out_dir` by `staged`: the old folder is renamed away, the new one renamed
/// in, the old one deleted. If the second rename fails the old folder is put back.
fn swap_into_place(
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

/// Writes the whole report from an already-published (disclosure-controlled) summary.
pub fn write_report(
    study: &Study,
    summary: &Summary,
    opts: &ReportOptions,
) -> Result<ReportOutcome, ReportError> {
    let out_dir = opts.out_dir.as_path();
    if let Ok(meta) = std::fs::metadata(out_dir) {
        if !meta.is_dir() {
            return Err(ReportError::NotADirectory {
                path: out_dir.to_path_buf(),
            });
        }
    }
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

    let files = render_files(study, summary, opts)?;
    let bar = progress_bar(opts, files.len() as u64 + 1);

    remove_stale_staging(&parent, &name);
    let staged = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(|e| io_err(&parent, e))?;
    let mut hashes: Vec<(String, String)> = Vec::with_capacity(files.len() + 1);
    for (i, (rel, bytes)) in files.iter().enumerate() {
        bar.set_message(rel.clone());
        write_file(staged.path(), rel, bytes)?;
        hashes.push((rel.clone(), sha256_hex(bytes)));
        bar.inc(1);
        forced_failure(i + 1, &staged.path().join(rel))?;
    }
    let manifest = manifest::manifest_json(study, summary, opts, &hashes);
    write_file(staged.path(), "manifest.json", &manifest)?;
    bar.inc(1);
    // A hook not yet triggered fires here, just before the swap.
    forced_failure(usize::MAX, out_dir)?;

    swap_into_place(staged, out_dir, &parent, &name)?;
    bar.finish_and_clear();

    Ok(ReportOutcome {
        out_dir: out_dir.to_path_buf(),
        files: hashes
            .into_iter()
            .map(|(p, h)| (PathBuf::from(p), h))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_lists_aliases_and_all() {
        let f = Formats::parse(" HTML, markdown ").unwrap_or_else(|_| Formats::all());
        assert_eq!(f.names(), vec!["html", "md"]);
        assert_eq!(Formats::parse("all").map(|f| f.names().len()).ok(), Some(6));
        assert!(Formats::parse("pdf").is_err());
        assert!(Formats::parse(" , ").is_err());
        assert_eq!(Formats::all().to_string(), "html,md,svg,png,csv,json");
    }

    #[test]
    fn sha256_of_abc() {
        // FIPS 180-2 appendix B.1 test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
