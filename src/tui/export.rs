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
use crate::tui::app::{App, Tab};
use crate::tui::grid::Grid;
use crate::tui::tabs;

/// Where exports go, relative to the working directory (beside the reports).
pub fn export_dir(app: &App) -> PathBuf {
    let name: String = app
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
pub fn current_grids(app: &App) -> Result<Vec<Grid>, String> {
    if app.tab == Tab::Respondents {
        return Err("the Respondents view is per-respondent data and is never exported".into());
    }
    let published =
        published(app).ok_or_else(|| "no analysis yet — wait for the spinner".to_string())?;
    Ok(match app.tab {
        Tab::Overview => tabs::overview::grids(published),
        Tab::Gap => tabs::gap::grids(published),
        Tab::DataTypes => tabs::data_types::grids(published),
        Tab::Tactics => tabs::tactics::grids(published, app.tactics.selected),
        Tab::Models => tabs::models::grids(published),
        Tab::Robustness => tabs::robustness::grids(published),
        Tab::Quality => tabs::quality::grids(published),
        Tab::Respondents => Vec::new(),
    })
}

/// The published form of the current analysis (made once per recompute by the worker).
fn published(app: &App) -> Option<&Published> {
    app.analysis.as_ref().map(|a| &a.published)
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
pub fn export_current_view(app: &App) -> Result<PathBuf, String> {
    let grids = current_grids(app)?;
    if grids.is_empty() {
        return Err("this view has no table to export".into());
    }
    let dir = export_dir(app);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
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
        let text = g.to_csv()?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    if let (Some(kind), Some(summary)) = (chart_of(app.tab), published(app)) {
        let chart = charts::render_chart(summary, kind).map_err(|e| e.to_string())?;
        if let Some(chart) = chart {
            let stem = format!("{}-{}", app.tab.slug(), kind.file_stem());
            let svg = dir.join(format!("{stem}.svg"));
            let png = dir.join(format!("{stem}.png"));
            std::fs::write(&svg, chart.svg.as_bytes())
                .map_err(|e| format!("{}: {e}", svg.display()))?;
            std::fs::write(&png, &chart.png).map_err(|e| format!("{}: {e}", png.display()))?;
            written.push(svg);
            written.push(png);
        }
    }
    let about = format!(
        "study: {}\nview: {}\nfilter: {}\nweights: {}\nmin_cell: {} (cells below it are empty: suppressed)\nfiles: {}\n",
        app.study.name(),
        app.tab.title(),
        crate::analysis::describe_filter(&app.study, &app.filter),
        if app.use_weights && app.study.weight.is_some() { "on" } else { "off" },
        app.min_cell(),
        written
            .iter()
            .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let about_path = dir.join(format!("{}-view.txt", app.tab.slug()));
    std::fs::write(&about_path, about).map_err(|e| format!("{}: {e}", about_path.display()))?;
    match written.as_slice() {
        [one] => Ok(one.clone()),
        _ => Ok(dir),
    }
}
