//! `e`: export the current view — its tables as CSV and its chart as SVG + PNG (drawn by
//! the report's chart module) — to `reports/<study>/tui/`. What leaves the screen is
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
    /// Whether the figures are weighted.
    pub weights: bool,
}

/// Where exports go, relative to the working directory (beside the reports).
pub fn export_dir(app: &ExportView) -> PathBuf {
    let name: String = app
        .view
        .study
        .name()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from("reports").join(name).join("tui")
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
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
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
        let path = dir.join(format!("{}-{file}.csv", app.tab.slug()));
        files.push((path, g.to_csv()?.into_bytes()));
    }
    if let (Some(kind), Some(summary)) = (chart_of(app.tab), published(app)) {
        let chart = charts::render_chart(summary, kind).map_err(|e| e.to_string())?;
        if let Some(chart) = chart {
            let stem = format!("{}-{}", app.tab.slug(), kind.file_stem());
            files.push((dir.join(format!("{stem}.svg")), chart.svg.into_bytes()));
            files.push((dir.join(format!("{stem}.png")), chart.png));
        }
    }
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
    files.push((
        dir.join(format!("{}-view.txt", app.tab.slug())),
        about.into_bytes(),
    ));
    write_exports(&dir, &files)?;
    match written.as_slice() {
        [one] => Ok(one.clone()),
        _ => Ok(dir),
    }
}

/// The ledger of the files exports wrote in a folder, one name a line: an existing file is
/// replaced only when it is listed there, so a file someone else put in the folder is
/// never overwritten.
const LEDGER: &str = ".paradox-exports";

fn write_exports(dir: &std::path::Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let ledger_path = dir.join(LEDGER);
    let mut ledger: Vec<String> = std::fs::read_to_string(&ledger_path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let name = |p: &PathBuf| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    for (path, _) in files {
        if path.exists() && !ledger.contains(&name(path)) {
            return Err(format!(
                "{}: exists and was not written by an export; nothing exported",
                path.display()
            ));
        }
    }
    for (path, bytes) in files {
        crate::gate::write_atomically(path, bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !ledger.contains(&name(path)) {
            ledger.push(name(path));
        }
    }
    let text = ledger.join("\n") + "\n";
    crate::gate::write_atomically(&ledger_path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", ledger_path.display()))
}
