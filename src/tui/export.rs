//! `e`: export the current view — its tables as tidy CSV and its chart as SVG + PNG (drawn
//! by the report's chart module) — to the export folder (`--export-dir`, else
//! `reports/<study>/tui/` under the working folder), named after the view and the filter;
//! an existing file is never replaced (the new files get a number). `y`/`Y`: the current
//! tables as text to paste (see `copy`). What leaves the screen is
//! *published*, so it goes through disclosure control first: the summary passes
//! `privacy::publish` (once per recompute, in the worker) before anything is drawn or
//! written, and every table cell the dashboard marks with `†` is written as an empty (null)
//! field as well. The
//! Respondents view holds per-respondent data and is never exported.

use std::path::PathBuf;

use crate::privacy::Published;
use crate::report::charts::{self, ChartKind};
use crate::tui::grid::Grid;
use crate::tui::tab::Tab;
use crate::tui::tabs;
use crate::tui::tabs::View;

/// What an export needs to know of the dashboard: the view on screen and how it was made.
pub struct ExportView<'a> {
    pub view: View<'a>,
    pub tab: Tab,
    /// The tactic selected on the Tactics tab.
    pub tactic: usize,
    /// The filter in words.
    pub filter: String,
    /// True when the filter keeps everyone (no filter part in file names).
    pub filter_is_empty: bool,
    /// Whether the figures are weighted.
    pub weights: bool,
    /// `--export-dir`, if given.
    pub dir: Option<PathBuf>,
}

/// Where exports go, as an absolute path: `--export-dir`, else `reports/<study>/tui` in
/// the working folder (beside `paradox report`'s default folder).
pub fn export_dir(app: &ExportView) -> PathBuf {
    let dir = app.dir.clone().unwrap_or_else(|| {
        PathBuf::from("reports")
            .join(file_safe(app.view.study.name()))
            .join("tui")
    });
    if dir.is_absolute() {
        dir
    } else {
        std::env::current_dir().map(|c| c.join(&dir)).unwrap_or(dir)
    }
}

/// `text` with every character that is not a letter, digit, `-` or `_` made `_`.
fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The part of a file name that says which respondents and weights: `""` for everyone
/// (weighted as the codebook says), else `--cohort_Gen_Z` and/or `--unweighted`.
pub fn filter_part(app: &ExportView) -> String {
    let mut out = String::new();
    if !app.filter_is_empty {
        let words: String = file_safe(&app.filter.replace([':', ',', ';'], " "))
            .split('_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        out.push_str("--");
        out.push_str(&words.chars().take(80).collect::<String>());
    }
    if !app.weights && app.view.study.weight.is_some() {
        out.push_str("--unweighted");
    }
    out
}

/// The tables of the current view, built from the published summary.
pub fn current_grids(app: &ExportView) -> Result<Vec<Grid>, String> {
    if app.tab == Tab::Respondents {
        return Err("the Respondents view is per-respondent data and is never exported".into());
    }
    let published =
        published(app).ok_or_else(|| "no analysis yet — wait for the spinner".to_string())?;
    Ok(match app.tab {
        Tab::Overview => tabs::overview::grids(published),
        Tab::Gap => tabs::gap::grids(published),
        Tab::DataTypes => tabs::data_types::grids(published),
        Tab::Tactics => tabs::tactics::grids(
            published,
            &crate::report::words::SurveyWords::from_codebook(&app.view.study.codebook),
        ),
        Tab::Models => tabs::models::grids(published),
        Tab::Robustness => tabs::robustness::grids(published),
        Tab::Quality => tabs::quality::grids(published),
        Tab::Respondents => Vec::new(),
    })
}

/// The published form of the current analysis (made once per recompute by the worker).
fn published<'a>(app: &ExportView<'a>) -> Option<&'a Published> {
    app.view.analysis.map(|a| &a.published)
}

/// The report chart that shows the same thing as the tab.
pub fn chart_of(tab: Tab) -> Option<ChartKind> {
    match tab {
        Tab::Overview => Some(ChartKind::ConcernDistribution),
        Tab::Gap => Some(ChartKind::GapByCohort),
        Tab::DataTypes => Some(ChartKind::StatedVsActual),
        Tab::Tactics => Some(ChartKind::TacticAcceptance),
        Tab::Respondents | Tab::Quality | Tab::Models | Tab::Robustness => None,
    }
}

/// Writes the current view and returns the file (one file) or folder it went to.
pub fn export_current_view(app: &ExportView) -> Result<PathBuf, String> {
    let grids = current_grids(app)?;
    if grids.is_empty() {
        return Err("this view has no table to export".into());
    }
    let dir = export_dir(app);
    let mut inputs = crate::gate::Inputs::new();
    for i in &app.view.study.audit.inputs {
        inputs.file(&i.path);
    }
    crate::gate::check_not_input(&dir, &inputs).map_err(|e| e.to_string())?;
    // Everything is rendered first; nothing is written unless every file may be.
    let part = filter_part(app);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for g in &grids {
        let file: String = g
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        files.push((
            format!("{}-{file}{part}", app.tab.slug()),
            g.to_csv()?.into_bytes(),
        ));
    }
    let mut charts_out: Vec<(String, &str, Vec<u8>)> = Vec::new();
    if let (Some(kind), Some(summary)) = (chart_of(app.tab), published(app)) {
        let chart = charts::render_chart(summary, kind).map_err(|e| e.to_string())?;
        if let Some(chart) = chart {
            let stem = format!("{}-{}{part}", app.tab.slug(), kind.file_stem());
            charts_out.push((stem.clone(), "svg", chart.svg.into_bytes()));
            charts_out.push((stem, "png", chart.png));
        }
    }
    // Never replace a file: when any name is taken, every file of this export gets the
    // smallest number that frees them all.
    let view_stem = format!("{}-view{part}", app.tab.slug());
    let names = |n: usize| -> Vec<PathBuf> {
        let num = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let mut out: Vec<PathBuf> = files
            .iter()
            .map(|(stem, _)| dir.join(format!("{stem}{num}.csv")))
            .collect();
        out.extend(
            charts_out
                .iter()
                .map(|(stem, ext, _)| dir.join(format!("{stem}{num}.{ext}"))),
        );
        out.push(dir.join(format!("{view_stem}{num}.txt")));
        out
    };
    let n = (1..10_000)
        .find(|&n| names(n).iter().all(|p| !p.exists()))
        .ok_or_else(|| format!("{}: too many earlier exports of this view", dir.display()))?;
    let paths = names(n);
    let mut files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(_, b)| b)
        .chain(charts_out.into_iter().map(|(_, _, b)| b))
        .zip(paths.iter().cloned())
        .map(|(b, p)| (p, b))
        .collect();
    let written: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let about = format!(
        "study: {}\nview: {}\nfilter: {}\nweights: {}\nmin_cell: {} (cells below it are empty: suppressed)\nfiles: {}\n",
        app.view.study.name(),
        app.tab.title(),
        app.filter,
        if app.weights { "on" } else { "off" },
        app.view.min_cell,
        written
            .iter()
            .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    files.push((paths[paths.len() - 1].clone(), about.into_bytes()));
    write_exports(&dir, &files)?;
    match written.as_slice() {
        [one] => Ok(one.clone()),
        _ => Ok(dir),
    }
}

fn write_exports(dir: &std::path::Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (path, bytes) in files {
        crate::gate::write_atomically(path, bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// `y`/`Y`: the current view's tables (published, as exported) as text to paste — TSV, or
/// Markdown when `markdown` — each after a line naming it.
pub fn copy_text(app: &ExportView, markdown: bool) -> Result<(String, usize), String> {
    let grids = current_grids(app)?;
    if grids.is_empty() {
        return Err("this view has no table to copy".into());
    }
    let mut out = String::new();
    for (i, g) in grids.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if grids.len() > 1 {
            out.push_str(&if markdown {
                format!("**{}**\n\n", g.title)
            } else {
                format!("# {}\n", g.title)
            });
        }
        out.push_str(&g.to_text(markdown));
    }
    Ok((out, grids.len()))
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (xterm, kitty, iTerm2,
/// tmux with `set-clipboard on`, …).
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        // RFC 4648, section 10.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(osc52("foo"), "\x1b]52;c;Zm9v\x07");
    }
}
