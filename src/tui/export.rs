//! `e`: export the current view's tables to `reports/<study>/tui/` as CSV. What leaves the
//! screen is *published*, so it goes through disclosure control first: the summary passes
//! `privacy::publish`, and every cell the dashboard marks with `†` is written as an empty
//! (null) field as well (SPEC §5). The Respondents view holds per-respondent data and is
//! never exported.

use std::path::PathBuf;

use crate::tui::app::{App, Tab};
use crate::tui::grid::Grid;
use crate::tui::tabs;

/// Where exports go, relative to the working directory (SPEC §7: `reports/`).
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
    if app.tab == Tab::Quality {
        return Ok(tabs::quality::grids(&app.study));
    }
    if app.tab == Tab::Respondents {
        return Err("the Respondents view is per-respondent data and is never exported".into());
    }
    let analysis = app
        .analysis
        .as_ref()
        .ok_or_else(|| "no analysis yet — wait for the spinner".to_string())?;
    let min_cell = analysis.summary.disclosure_control.min_cell;
    let published = crate::privacy::publish(&analysis.summary, min_cell, None, None);
    Ok(match app.tab {
        Tab::Overview => tabs::overview::grids(&published),
        Tab::Gap => tabs::gap::grids(&published),
        Tab::DataTypes => tabs::data_types::grids(&published),
        Tab::Tactics => tabs::tactics::grids(&published, app.tactics.selected),
        Tab::Respondents | Tab::Quality => Vec::new(),
    })
}

/// Writes the current view and returns the folder it went to.
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
