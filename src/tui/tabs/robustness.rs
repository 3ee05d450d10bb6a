//! Robustness tab: does the conclusion survive other cut-offs and other groups?
//! The threshold-sensitivity grid (`Summary.sensitivity`) as a heat map — rows are concern
//! thresholds, columns disclosure thresholds, each cell the paradoxical share or (`r`) the
//! risk difference, the codebook's own cell in brackets — and the group breakdown
//! (`Summary.by_group`) of one group column at a time (`←→`): per level the gap figures,
//! then the tests across levels with their multiplicity-adjusted p (or, for a column with
//! too many levels to break down, a line saying so). The group breakdowns
//! are computed on demand: opening this tab asks the worker for them (see
//! `App::ensure_models`), so the filter recompute of the other tabs stays cheap.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::analysis::groups::GroupBreakdown;
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::summary::{Adjusted, Chi2Test, KruskalTest, Summary};
use crate::study::codebook::limits::MAX_GROUP_LEVELS;
use crate::tui::action::Action;
use crate::tui::grid::{Cell, Grid};
use crate::tui::tabs::common::{split, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RobustnessState {
    /// The heat map shows the risk difference instead of the paradoxical share.
    pub show_rd: bool,
    /// Index into `Summary.by_group`.
    pub group: usize,
    /// Rows of the group tables scrolled past (levels first, then tests), so a small
    /// terminal can reach the tests under a long list of levels.
    pub scroll: usize,
}

impl RobustnessState {
    /// ←→ pick the group column, `r` the measure; ↑↓ scroll the tab's body (the tables are
    /// drawn in full on the tab's canvas).
    pub fn handle(&mut self, action: Action, summary: &Summary) {
        let n = summary.by_group.len();
        match action {
            Action::ToggleMeasure => self.show_rd = !self.show_rd,
            Action::Right if n > 0 => {
                self.group = (self.group.min(n - 1) + 1) % n;
                self.scroll = 0;
            }
            Action::Left if n > 0 => {
                self.group = (self.group.min(n - 1) + n - 1) % n;
                self.scroll = 0;
            }
            _ => {}
        }
    }
}

/// What a heat-map cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Paradoxical,
    RiskDifference,
}

fn value(cell: &crate::analysis::sensitivity::SensitivityCell, m: Measure) -> Option<f64> {
    match m {
        Measure::Paradoxical => cell.paradoxical,
        Measure::RiskDifference => cell.disclosure_rd,
    }
}

/// The sensitivity grid as a table: one row per concern threshold, one column per
/// disclosure threshold; the codebook's own cell is bracketed on screen (the CSV keeps the
/// bare value).
pub fn heat_grid(s: &Summary, m: Measure) -> Grid {
    let Some(sens) = &s.sensitivity else {
        return Grid::default();
    };
    let mut header = vec!["concern \\ discl.".to_string()];
    header.extend(sens.disclosure_thresholds.iter().map(|d| format!("≥{d}")));
    let rows = sens
        .cells
        .iter()
        .zip(&sens.concern_thresholds)
        .map(|(row, c)| {
            let mut out = vec![Cell::text(format!(">{c}"))];
            out.extend(row.iter().map(|cell| {
                let v = value(cell, m);
                let mut c = match m {
                    Measure::Paradoxical => Cell::pct(v, false),
                    Measure::RiskDifference => Cell::num(v, 3, false),
                };
                if cell.actual {
                    c.text = format!("[{}]", c.text);
                }
                c
            }));
            out
        })
        .collect();
    Grid {
        title: match m {
            Measure::Paradoxical => "sensitivity paradoxical share".into(),
            Measure::RiskDifference => "sensitivity disclosure risk difference".into(),
        },
        header,
        rows,
    }
}

pub fn levels_grid(g: &GroupBreakdown, min_cell: u32) -> Grid {
    let rows = g
        .levels
        .iter()
        .map(|l| {
            let gap = l.gap.as_ref();
            vec![
                Cell::text(l.level.clone()),
                Cell::count(l.n, min_cell),
                Cell::num(gap.and_then(|b| b.concern_mean), 2, false),
                Cell::pct(gap.and_then(|b| b.disclosers), false),
                Cell::pct(gap.and_then(|b| b.paradoxical), false),
                Cell::ci_pct(gap.and_then(|b| b.paradoxical_ci), false),
            ]
        })
        .collect();
    Grid {
        title: format!("group {}", g.group),
        header: [
            "Level",
            "n",
            "concern mean",
            "disclosers",
            "paradoxical",
            "95% CI",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn correction(a: Option<&Adjusted>) -> Cell {
    match a {
        Some(a) => Cell::text(format!(
            "{} ({}, {} tests)",
            a.adjustment, a.family, a.family_size
        )),
        None => Cell::missing(),
    }
}

fn kruskal_row(k: Option<&KruskalTest>) -> Vec<Cell> {
    let adj = k.and_then(|k| k.adjusted.as_ref());
    vec![
        Cell::text("Kruskal–Wallis: concern"),
        Cell::num(k.and_then(|k| k.h), 2, false),
        Cell::count(k.and_then(|k| k.df), 0),
        Cell::p_value(k.and_then(|k| k.p), false),
        Cell::p_value(adj.and_then(|a| a.p_adjusted), false),
        correction(adj),
    ]
}

fn chi2_row(label: String, c: Option<&Chi2Test>) -> Vec<Cell> {
    let adj = c.and_then(|c| c.adjusted.as_ref());
    vec![
        Cell::text(label),
        Cell::num(c.and_then(|c| c.chi2), 2, false),
        Cell::count(c.and_then(|c| c.df), 0),
        Cell::p_value(c.and_then(|c| c.p), false),
        Cell::p_value(adj.and_then(|a| a.p_adjusted), false),
        correction(adj),
    ]
}

pub fn tests_grid(s: &Summary, g: &GroupBreakdown) -> Grid {
    let mut rows = vec![
        kruskal_row(g.kruskal_concern.as_ref()),
        chi2_row("χ²: paradoxical".into(), g.chi2_paradoxical.as_ref()),
    ];
    for t in &g.tactics_chi2 {
        let label = s
            .tactics
            .iter()
            .find(|x| x.name == t.tactic)
            .map_or(t.tactic.as_str(), |x| x.label.as_str());
        rows.push(chi2_row(format!("χ²: {label}"), t.chi2.as_ref()));
    }
    Grid {
        title: format!("group {} tests", g.group),
        header: [
            "Test across levels",
            "stat",
            "df",
            "p",
            "adj. p",
            "correction",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// Every table of the tab, for `e`: both heat maps and every group column's tables.
/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    let mut out = Vec::new();
    if summary.sensitivity.is_some() {
        out.push(heat_grid(summary, Measure::Paradoxical));
        out.push(heat_grid(summary, Measure::RiskDifference));
    }
    for g in &summary.by_group {
        out.push(levels_grid(g, m));
        out.push(tests_grid(summary, g));
    }
    out
}

/// Linear interpolation between two colours, `t` in [0, 1].
fn mix(a: (u8, u8, u8), b: (u8, u8, u8), t: f64) -> Color {
    let t = t.clamp(0.0, 1.0);
    let f = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Color::Rgb(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

const LIGHT: (u8, u8, u8) = (247, 247, 247);
/// Dark end of the sequential scale (ColorBrewer "Blues" 9).
const DARK_BLUE: (u8, u8, u8) = (8, 48, 107);
/// Diverging ends: Okabe–Ito blue (negative) and vermillion (positive), as in theme.rs.
const NEG: (u8, u8, u8) = (0, 114, 178);
const POS: (u8, u8, u8) = (213, 94, 0);

/// The cell style for `v` on the scale: sequential from `lo` to `hi` for shares, diverging
/// around 0 (±`hi`) for risk differences. Dark backgrounds get white text.
fn heat_style(v: f64, m: Measure, lo: f64, hi: f64) -> Style {
    let (bg, strength) = match m {
        Measure::Paradoxical => {
            let t = if hi - lo > 1e-12 {
                (v - lo) / (hi - lo)
            } else {
                0.5
            };
            (mix(LIGHT, DARK_BLUE, t), t)
        }
        Measure::RiskDifference => {
            let t = if hi > 1e-12 {
                (v / hi).clamp(-1.0, 1.0)
            } else {
                0.0
            };
            let end = if t < 0.0 { NEG } else { POS };
            (mix(LIGHT, end, t.abs()), t.abs())
        }
    };
    let fg = if strength > 0.55 {
        Color::White
    } else {
        Color::Black
    };
    match theme::heat(bg) {
        Some(bg) => Style::default().bg(bg).fg(fg),
        // Without 24-bit colour the number alone carries the value.
        None => Style::default(),
    }
}

/// (lo, hi) of the colour scale over the coloured (not suppressed) values: min … max for
/// shares, 0 … max |v| for risk differences. Suppressed cells are left out so a number that
/// will not be published cannot stretch the scale of those that will.
fn scale(sens: &Sensitivity, grid: &Grid, m: Measure) -> (f64, f64) {
    let vals = sens
        .cells
        .iter()
        .zip(&grid.rows)
        .flat_map(|(cells, row)| cells.iter().zip(row.iter().skip(1)))
        .filter(|(_, shown)| !shown.suppressed)
        .filter_map(|(c, _)| value(c, m));
    match m {
        Measure::Paradoxical => vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        }),
        Measure::RiskDifference => (0.0, vals.fold(0.0, |a: f64, v| a.max(v.abs()))),
    }
}

fn render_heat(state: &RobustnessState, view: &View, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let Some(sens) = &s.sensitivity else {
        frame.render_widget(
            Paragraph::new("threshold sensitivity: needs a concern scale and behaviour data")
                .style(theme::dim()),
            area,
        );
        return;
    };
    let m = if state.show_rd {
        Measure::RiskDifference
    } else {
        Measure::Paradoxical
    };
    let grid = heat_grid(s, m).marked(&heat_grid(analysis.published.summary(), m));
    let (lo, hi) = scale(sens, &grid, m);
    let title = match m {
        Measure::Paradoxical => "Threshold sensitivity: paradoxical share (r: risk difference)",
        Measure::RiskDifference => {
            "Threshold sensitivity: disclosure risk difference (r: paradoxical share)"
        }
    };
    let (t, rest) = take_top(area, 1);
    frame.render_widget(Paragraph::new(title).style(theme::title()), t);
    // Legend under the table: the scale and what the brackets mean.
    let (table_area, legend) = if rest.height > 2 {
        (
            Rect::new(rest.x, rest.y, rest.width, rest.height - 1),
            Rect::new(rest.x, rest.bottom() - 1, rest.width, 1),
        )
    } else {
        (rest, Rect::new(rest.x, rest.bottom(), rest.width, 0))
    };
    // Fixed-width columns; disclosure columns that do not fit are left out from the right.
    let label_w = grid
        .rows
        .iter()
        .map(|r| r.first().map_or(0, |c| c.shown().chars().count()))
        .chain(std::iter::once(grid.header[0].chars().count()))
        .max()
        .unwrap_or(0) as u16;
    let col_w = grid
        .rows
        .iter()
        .flat_map(|r| r.iter().skip(1))
        .map(|c| c.shown().chars().count())
        .chain(grid.header.iter().skip(1).map(|h| h.chars().count()))
        .max()
        .unwrap_or(0) as u16
        + 1;
    let fit = usize::from(table_area.width.saturating_sub(label_w) / col_w.max(1));
    let mut widths = vec![Constraint::Length(label_w)];
    widths.extend(std::iter::repeat_n(Constraint::Length(col_w), fit));
    let header = Row::new(grid.header.iter().take(fit + 1).enumerate().map(|(i, h)| {
        let line = Line::from(h.as_str());
        TableCell::from(if i == 0 { line } else { line.right_aligned() }).style(theme::header())
    }));
    let rows = grid.rows.iter().zip(&sens.cells).map(|(row, cells)| {
        Row::new(row.iter().take(fit + 1).enumerate().map(|(i, c)| {
            if i == 0 {
                return TableCell::from(c.shown());
            }
            let cell = cells.get(i - 1);
            let mut style = match (c.suppressed, cell.and_then(|x| value(x, m))) {
                (false, Some(v)) => heat_style(v, m, lo, hi),
                (true, _) => theme::suppressed(),
                (false, None) => theme::dim(),
            };
            if cell.is_some_and(|x| x.actual) {
                style = style.add_modifier(Modifier::BOLD);
            }
            TableCell::from(Line::from(c.shown()).right_aligned()).style(style)
        }))
    });
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(0),
        table_area,
    );
    if legend.height > 0 {
        let fmt = |v: f64| match m {
            Measure::Paradoxical => crate::tui::grid::fmt_pct(v),
            Measure::RiskDifference => format!("{v:+.3}"),
        };
        let (a, b) = match m {
            Measure::Paradoxical => (lo, hi),
            Measure::RiskDifference => (-hi, hi),
        };
        let mut spans = Vec::new();
        if a.is_finite() && b.is_finite() && theme::heat(Color::Black).is_some() {
            spans.push(Span::raw(format!("scale {} ", fmt(a))));
            for k in 0..=6 {
                let v = a + (b - a) * f64::from(k) / 6.0;
                spans.push(Span::styled("  ", heat_style(v, m, lo, hi)));
            }
            spans.push(Span::raw(format!(" {} · ", fmt(b))));
        }
        spans.push(Span::styled(
            format!(
                "[ ] = codebook thresholds (concern >{}, disclosure ≥{})",
                sens.actual_concern_threshold, sens.actual_disclosure_threshold
            ),
            theme::dim(),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), legend);
    }
}

fn render_groups(state: &RobustnessState, view: &View, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let m = view.min_cell.get();
    if view.study.groups.is_empty() {
        frame.render_widget(
            Paragraph::new(
                "Group breakdowns: the codebook declares no group column (columns.group), so there is nothing to break down.",
            )
            .style(theme::dim())
            .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    if s.by_group.len() != view.study.groups.len() {
        frame.render_widget(
            Paragraph::new("computing the group breakdowns …").style(theme::dim()),
            area,
        );
        return;
    }
    let n = s.by_group.len();
    let i = state.group.min(n.saturating_sub(1));
    let Some(g) = s.by_group.get(i) else {
        return;
    };
    let published = analysis
        .published
        .summary()
        .by_group
        .iter()
        .find(|p| p.group == g.group);
    let min_cell = view.min_cell.get();
    let mut title = vec![
        Span::styled(format!("Group: {}", g.group), theme::title()),
        Span::styled(
            format!("  ({}/{n}, ←→ next column, ↑↓ scroll)", i + 1),
            theme::dim(),
        ),
    ];
    if let Some(u) = g.unknown.filter(|&u| u > 0) {
        title.push(Span::styled(format!(" · unknown: {u}"), theme::dim()));
    }
    let (t, rest) = take_top(area, 1);
    frame.render_widget(Paragraph::new(Line::from(title)), t);
    if let Some(k) = g.too_many_levels {
        frame.render_widget(
            Paragraph::new(format!(
                "{} levels among the respondents analysed, more than the {MAX_GROUP_LEVELS} a breakdown takes: this column is not broken down.",
                crate::fmt::count(k)
            ))
            .style(theme::dim())
            .wrap(ratatui::widgets::Wrap { trim: true }),
            rest,
        );
        return;
    }
    let mut levels = levels_grid(g, m);
    let mut tests = tests_grid(s, g);
    if let Some(p) = published {
        levels = levels.marked(&levels_grid(p, min_cell));
        tests = tests.marked(&tests_grid(analysis.published.summary(), p));
    }
    // ↑↓ scroll past level rows first, then test rows; the headers stay.
    let skip = state.scroll;
    let skip_levels = skip.min(levels.rows.len());
    let skip_tests = (skip - skip_levels).min(tests.rows.len());
    levels.rows.drain(..skip_levels);
    tests.rows.drain(..skip_tests);
    let rest = if levels.rows.is_empty() {
        rest
    } else {
        let (t, rest) = take_top(rest, levels.rows.len() as u16 + 1);
        levels.render(frame, t, None, view.col_offset);
        take_top(rest, 1).1
    };
    tests.render(frame, rest, None, view.col_offset);
}

pub fn render(state: &RobustnessState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let rows = analysis
        .summary
        .sensitivity
        .as_ref()
        .map_or(1, |x| x.concern_thresholds.len() as u16 + 3);
    if area.width >= 190 {
        let (a, b) = split(area, 190, 50);
        render_heat(state, view, frame, a);
        render_groups(state, view, frame, b);
        return;
    }
    // Stacked: the heat map takes what it needs but leaves the groups at least a third.
    let room = area.height.saturating_sub(area.height / 3).max(4);
    let (a, b) = take_top(area, rows.min(room));
    render_heat(state, view, frame, a);
    let (_, b) = take_top(b, 1);
    render_groups(state, view, frame, b);
}
