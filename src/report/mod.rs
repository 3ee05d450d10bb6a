//! `paradox report`: summary.json, charts, HTML, Markdown, CSV tables and the manifest.
//! Never touches the terminal beyond a progress bar on stderr.
//!
//! [`write_report`] takes an already-published (disclosure-controlled) summary; it never
//! sees unsuppressed numbers. Everything is rendered in memory first, written to a hidden
//! temporary folder beside the target, and swapped into place at the very end, so a
//! failure at any point leaves the previous report as it was and no half-written one. The
//! output is deterministic: no timestamps, stable ordering, same inputs ⇒ same bytes.
//!
//! Layers, each using only those below it: `words` (the survey's answer labels, from the
//! codebook) at the bottom; `charts/` (drawings) and `document` (the document model) on
//! it; `tables/` (display tables and CSV files) on the document; `sections/` (the prose)
//! on the tables; `html`, `markdown`, `json` and
//! `manifest` render; this module runs them and `staging` puts the result in place.

pub mod charts;
pub mod document;
pub(crate) mod error;
pub mod html;
mod json;
pub mod manifest;
pub mod markdown;
mod options;
pub mod sections;
pub(crate) mod staging;
pub mod tables;
pub mod words;

use std::cell::Cell;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::privacy::Published;
use crate::study::Study;

use staging::{write_file, Target};

pub use staging::SOURCE_FILE;

pub use error::ReportError;
pub use json::summary_json;
pub use options::{Format, Formats, ReportOptions};

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOutcome {
    pub out_dir: PathBuf,
    /// Every file written except `manifest.json` (which lists exactly these), relative to
    /// `out_dir`, with its SHA-256 in lowercase hex, sorted by path.
    pub files: Vec<(PathBuf, String)>,
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
    published: &Published,
    opts: &ReportOptions,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let summary = published.summary();
    let f = &opts.formats;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if f.contains(Format::Json) {
        files.push(("summary.json".into(), summary_json(summary)));
    }
    let need_charts = [Format::Html, Format::Md, Format::Svg, Format::Png]
        .into_iter()
        .any(|x| f.contains(x));
    let charts = if need_charts {
        charts::render_all_with(
            published,
            &words::SurveyWords::from_codebook(&study.codebook),
        )
        .map_err(|e| ReportError::Chart {
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
        let doc = sections::build_document(study, published);
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
        for t in tables::csv_tables(published) {
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

fn source_id(study: &Study) -> String {
    let mut paths: Vec<String> = study
        .audit
        .inputs
        .iter()
        .map(|i| crate::gate::resolve(&i.path).to_string_lossy().into_owned())
        .collect();
    paths.sort();
    sha256_hex(paths.join("\n").as_bytes()) + "\n"
}

/// For the default report folder only: refuses a folder that holds the report of a
/// different study (other inputs, or for an older report without [`SOURCE_FILE`], another
/// study name), naming both, so two studies of one name never overwrite each other.
pub fn check_same_study(out_dir: &Path, study: &Study) -> Result<(), ReportError> {
    let manifest = out_dir.join("manifest.json");
    let Ok(text) = std::fs::read_to_string(&manifest) else {
        return Ok(());
    };
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let other_name = json.get("study").and_then(|v| v.as_str()).unwrap_or("?");
    let same = match std::fs::read_to_string(out_dir.join(SOURCE_FILE)) {
        Ok(id) => id == source_id(study),
        Err(_) => other_name == study.name(),
    };
    if same {
        return Ok(());
    }
    Err(crate::gate::GateError::Foreign {
        path: out_dir.to_path_buf(),
        reason: format!(
            "it holds the report of another study (\"{other_name}\", made from other input \
             files) than \"{}\"; pass --out to choose a folder for this one",
            study.name()
        ),
    }
    .into())
}

/// Writes the whole report of a [`Published`] analysis — never of a bare summary, so
/// nothing unsuppressed can reach a file.
pub fn write_report(
    study: &Study,
    published: &Published,
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
    // The gate: never an input, never a folder of someone else's files. The command line
    // asks it too, with the study folder, before loading anything.
    let mut inputs = crate::gate::Inputs::new();
    for i in &study.audit.inputs {
        inputs.file(&i.path);
    }
    let state = crate::gate::check_folder(out_dir, &inputs, "manifest.json")?;
    let target = Target::new(out_dir, state)?;
    let files = render_files(study, published, opts)?;
    target.refuse_foreign(files.iter().map(|(rel, _)| rel.as_str()), "report")?;
    let bar = progress_bar(opts, files.len() as u64 + 1);

    let staged = target.stage()?;
    let mut hashes: Vec<(String, String)> = Vec::with_capacity(files.len() + 1);
    for (i, (rel, bytes)) in files.iter().enumerate() {
        bar.set_message(rel.clone());
        write_file(staged.path(), rel, bytes)?;
        hashes.push((rel.clone(), sha256_hex(bytes)));
        bar.inc(1);
        forced_failure(i + 1, &staged.path().join(rel))?;
    }
    write_file(staged.path(), SOURCE_FILE, source_id(study).as_bytes())?;
    let manifest = manifest::manifest_json(study, published, opts, &hashes);
    write_file(staged.path(), "manifest.json", &manifest)?;
    bar.inc(1);
    // A hook not yet triggered fires here, just before the swap.
    forced_failure(usize::MAX, out_dir)?;

    target.put(staged)?;
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
    fn sha256_of_abc() {
        // FIPS 180-2 appendix B.1 test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
