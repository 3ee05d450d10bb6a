//! `paradox compare`: several studies side by side, their shared effects pooled. Each study
//! arrives already published (`privacy::publish`, exactly as `paradox report` publishes it);
//! nothing here sees an unsuppressed number. The pooling is `analysis::meta`'s; this folder
//! writes it: `compare.json` (`json`), the CSV tables (`tables`), the forest plots
//! (`forest`) and the side-by-side bars (`bars`) on the shared chart frame (`chart`), the
//! HTML and Markdown report (`document`) and the manifest, put in place by `write` with
//! the report's rules (output gate, staging folder, atomic moves, byte-identical reruns).
//!
//! Files depend one way: `document` → `forest` → `chart`; `bars` → `chart`; `json`,
//! `tables`, `write` stand alone; this module runs them all.

mod bars;
pub mod chart;
mod document;
pub mod forest;
mod json;
mod tables;
mod write;

use std::path::PathBuf;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::meta::{compare, Comparison, StudyInput};
use crate::analysis::Summary;
use crate::privacy::Published;
use crate::report::{Format, Formats, ReportError};
use crate::study::Study;

pub use chart::Chart;

/// One study of the comparison: its label (unique among the studies), the loaded study
/// (for the manifest's inputs) and its publication.
pub struct CompareStudy {
    pub label: String,
    pub study: Study,
    pub published: Published,
}

impl CompareStudy {
    /// The published summary: suppressed values are `None`.
    pub fn summary(&self) -> &Summary {
        self.published.summary()
    }
}

/// What `compare` is asked for.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub out_dir: PathBuf,
    pub formats: Formats,
}

/// What was written: every file but the manifest, with its SHA-256, sorted by path.
#[derive(Debug, Clone)]
pub struct CompareOutcome {
    pub out_dir: PathBuf,
    pub files: Vec<(String, String)>,
    pub comparison: Comparison,
}

/// Labels for the studies: each study's name, or, when two share a name, its folder's
/// name, numbered if that does not tell them apart either.
pub fn labels(names: &[(String, String)]) -> Vec<String> {
    let count = |n: &str| names.iter().filter(|(a, _)| a == n).count();
    let mut out: Vec<String> = names
        .iter()
        .map(|(name, folder)| {
            if count(name) > 1 {
                folder.clone()
            } else {
                name.clone()
            }
        })
        .collect();
    for i in 0..out.len() {
        if out[..i].contains(&out[i]) {
            let base = out[i].clone();
            let mut j = 2;
            while out.contains(&format!("{base} ({j})")) {
                j += 1;
            }
            out[i] = format!("{base} ({j})");
        }
    }
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How a study forms its cohorts, as far as comparing them goes: generations (from birth
/// year or from age alike), age bands with their edges, or a cohort column with its order.
fn cohort_key(study: &Study) -> String {
    use crate::study::codebook::CohortScheme;
    let c = &study.codebook.cohorts;
    match c.scheme {
        CohortScheme::Generation => "generation".into(),
        CohortScheme::AgeBands => format!("age bands {:?}", c.edges),
        CohortScheme::Column => format!("column {:?} {:?}", c.column, c.order),
    }
}

/// Whether every study forms its cohorts the same way.
fn same_cohorts(studies: &[CompareStudy]) -> bool {
    let keys: Vec<String> = studies.iter().map(|s| cohort_key(&s.study)).collect();
    keys.windows(2).all(|w| w[0] == w[1])
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: Tool,
    kind: &'static str,
    studies: Vec<ManifestStudy<'a>>,
    formats: Vec<&'static str>,
    files: Vec<ManifestFile<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ManifestStudy<'a> {
    name: &'a str,
    inputs: Vec<ManifestInput<'a>>,
    min_cell: u32,
    dp_epsilon: Option<f64>,
}

#[derive(Serialize)]
struct ManifestInput<'a> {
    role: &'a str,
    file: &'a str,
    sha256: &'a str,
    bytes: u64,
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    path: &'a str,
    sha256: &'a str,
}

fn manifest(studies: &[CompareStudy], formats: &Formats, files: &[(String, String)]) -> Vec<u8> {
    let m = Manifest {
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        kind: write::MANIFEST_KIND,
        studies: studies
            .iter()
            .map(|s| ManifestStudy {
                name: &s.label,
                inputs: s
                    .published
                    .audit()
                    .inputs
                    .iter()
                    .map(|i| ManifestInput {
                        role: &i.role,
                        file: &i.file,
                        sha256: &i.sha256,
                        bytes: i.bytes,
                    })
                    .collect(),
                min_cell: s.published.min_cell().get(),
                dp_epsilon: s.published.dp_epsilon().filter(|e| e.is_finite()),
            })
            .collect(),
        formats: formats.names(),
        files: files
            .iter()
            .map(|(p, h)| ManifestFile { path: p, sha256: h })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&m).unwrap_or_else(|_| b"null".to_vec());
    out.push(b'\n');
    out
}

/// The inputs of every study, for the output gate.
pub fn inputs_of(studies: &[CompareStudy]) -> crate::gate::Inputs {
    let mut inputs = crate::gate::Inputs::new();
    for s in studies {
        for i in &s.study.audit.inputs {
            inputs.file(&i.path);
        }
    }
    inputs
}

/// Asks the output gate about `out_dir` before any work: absent, empty, or a previous
/// comparison (never an input, a report, or a folder of someone else's files).
pub fn check_out(
    out_dir: &std::path::Path,
    inputs: &crate::gate::Inputs,
) -> Result<(), ReportError> {
    write::check(out_dir, inputs).map(|_| ())
}

/// Pools, renders and writes the comparison of `studies` (in their order).
pub fn write_compare(
    studies: &[CompareStudy],
    opts: &CompareOptions,
) -> Result<CompareOutcome, ReportError> {
    let inputs = inputs_of(studies);
    write::check(&opts.out_dir, &inputs)?;
    let comparison = compare(
        &studies
            .iter()
            .map(|s| StudyInput {
                name: &s.label,
                summary: s.summary(),
                has_behavior: s.published.audit().has_behavior,
            })
            .collect::<Vec<_>>(),
    );
    let cohorts = same_cohorts(studies);
    let mut notes = Vec::new();
    if !cohorts {
        notes.push(
            "the studies form their cohorts differently; they are compared overall only".into(),
        );
    }
    notes.extend(comparison.notes.iter().cloned());

    let f = &opts.formats;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if f.contains(Format::Json) {
        files.push((
            "compare.json".into(),
            json::compare_json(studies, &comparison, cohorts, &notes),
        ));
    }
    let need_charts = [Format::Html, Format::Md, Format::Svg, Format::Png]
        .into_iter()
        .any(|x| f.contains(x));
    let mut charts = Vec::new();
    if need_charts {
        let chart_err = |e: crate::report::charts::ChartError| ReportError::Chart {
            path: opts.out_dir.join("charts"),
            message: e.to_string(),
        };
        // Text is measured with the bundled font: registered before anything is laid out.
        crate::report::charts::scene::ensure_fonts().map_err(chart_err)?;
        let pooled = std::iter::once(&comparison.rho)
            .chain([&comparison.odds_ratio])
            .chain(&comparison.tactics);
        let laid = pooled
            .filter_map(forest::lay_out)
            .chain(bars::gap(studies))
            .chain(bars::tactics(studies));
        for l in laid {
            charts.push(l.render().map_err(chart_err)?);
        }
    }
    for c in &charts {
        if f.contains(Format::Svg) {
            files.push((format!("charts/{}.svg", c.stem), c.svg.clone().into_bytes()));
        }
        if f.contains(Format::Png) {
            files.push((format!("charts/{}.png", c.stem), c.png.clone()));
        }
    }
    if f.contains(Format::Html) || f.contains(Format::Md) {
        let doc = document::build(studies, &comparison, cohorts, &charts, &notes);
        if f.contains(Format::Html) {
            files.push((
                "report.html".into(),
                document::html(&doc, &charts).into_bytes(),
            ));
        }
        if f.contains(Format::Md) {
            let md = document::markdown(
                &doc,
                &charts,
                f.contains(Format::Svg),
                f.contains(Format::Png),
            );
            files.push(("report.md".into(), md.into_bytes()));
        }
    }
    if f.contains(Format::Csv) {
        let tables =
            tables::csv_tables(studies, &comparison).map_err(|message| ReportError::Render {
                path: opts.out_dir.join("tables"),
                message,
            })?;
        for (name, bytes) in tables {
            files.push((format!("tables/{name}"), bytes));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let hashes: Vec<(String, String)> = files
        .iter()
        .map(|(p, b)| (p.clone(), sha256_hex(b)))
        .collect();
    files.push(("manifest.json".into(), manifest(studies, f, &hashes)));
    write::put_in_place(&opts.out_dir, &inputs, &files)?;
    Ok(CompareOutcome {
        out_dir: opts.out_dir.clone(),
        files: hashes,
        comparison,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_unique() {
        let n = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(labels(&[n("de", "wave1"), n("fr", "wave2")]), ["de", "fr"]);
        assert_eq!(
            labels(&[n("s", "wave1"), n("s", "wave2"), n("t", "x")]),
            ["wave1", "wave2", "t"]
        );
        assert_eq!(
            labels(&[n("s", "x"), n("s", "x"), n("s", "x")]),
            ["x", "x (2)", "x (3)"]
        );
    }
}
