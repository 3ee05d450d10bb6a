//! Tactics tab: how acceptable respondents find one personalization tactic, per cohort, as
//! diverging stacked bars with every level of the rating scale (intrusive left, acceptable
//! right, the middle of an odd scale centred; none on an even scale), named with the
//! codebook's answer labels where the column has a label set, with a table of shares,
//! Wilson CIs, the counts per level and the cohort × level χ² test. ←/→ pick the tactic.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::summary::{Summary, TacticLevels, TacticSummary};
use crate::privacy::rules::{would_suppress_share, would_suppress_statistic};
use crate::report::words::SurveyWords;
use crate::tui::action::Action;
use crate::tui::chart::{self, Diverging};
use crate::tui::grid::{fmt_opt, fmt_p, Cell, Grid};
use crate::tui::tabs::common::{navigate, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TacticsState {
    pub selected: usize,
}

impl TacticsState {
    pub fn handle(&mut self, action: Action, summary: &Summary, _body: Rect) {
        let len = summary.tactics.len();
        // ←/→ pick the tactic; ↑/↓ scroll the tab.
        let step = match action {
            Action::Left => Action::Up,
            Action::Right => Action::Down,
            _ => return,
        };
        self.selected = navigate(self.selected, len, step, 1);
    }
}

fn rows_of(t: &TacticSummary) -> Vec<(String, &TacticLevels)> {
    let mut out = vec![("All".to_string(), &t.overall)];
    for c in &t.by_cohort {
        out.push((c.cohort.clone().unwrap_or_default(), c));
    }
    out
}

/// Whether the scale has a middle level (an odd number of levels).
fn has_middle(t: &TacticSummary) -> bool {
    (t.max - t.min + 1) % 2 == 1
}

/// The name of level `code` on screen: the codebook's answer label, else "=code".
pub fn level_name(words: &SurveyWords, t: &TacticSummary, code: i64) -> String {
    match words.tactic_level(&t.name, code) {
        Some(w) => format!("{code} {w}"),
        None => format!("={code}"),
    }
}

pub fn table(t: &TacticSummary, m: u32, words: &SurveyWords) -> Grid {
    let middle = has_middle(t);
    let mut header: Vec<String> = vec![
        "Cohort".into(),
        "n".into(),
        "intrusive".into(),
        "95% CI".into(),
    ];
    if middle {
        header.push("neutral".into());
    }
    header.extend(["acceptable".to_string(), "95% CI".to_string()]);
    let n_levels = rows_of(t)
        .iter()
        .map(|(_, l)| l.levels.len())
        .max()
        .unwrap_or(0);
    // A published table whose ratings were merged into bands heads them "=1–2" (a band
    // of one code keeps that code's name, so it lines up with the unsuppressed column).
    let bands = t.collapsed.as_ref().filter(|c| !c.levels.is_empty());
    let names = t.level_names("\u{2013}");
    for k in 0..n_levels {
        let name = match bands.and_then(|c| c.levels.get(k)) {
            Some(band) if band.len() > 1 => {
                format!("={}", names.get(k).cloned().unwrap_or_default())
            }
            Some(band) => level_name(words, t, i64::from(band[0])),
            None => level_name(words, t, i64::from(t.min) + k as i64),
        };
        // Short on screen: the label's first words; the full label is in the legend.
        header.push(crate::tui::grid::fit(&name, 12));
    }
    let rows = rows_of(t)
        .into_iter()
        .map(|(label, l)| {
            let si = would_suppress_share(l.intrusive, l.n, m);
            let sa = would_suppress_share(l.acceptable, l.n, m);
            let sn = would_suppress_share(l.neutral, l.n, m);
            let mut row = vec![
                Cell::text(label),
                Cell::count(l.n, m),
                Cell::pct(l.intrusive, si),
                Cell::ci_pct(l.intrusive_ci, si),
            ];
            if middle {
                row.push(Cell::pct(l.neutral, sn));
            }
            row.extend([
                Cell::pct(l.acceptable, sa),
                Cell::ci_pct(l.acceptable_ci, sa),
            ]);
            row.extend(l.levels.iter().map(|n| Cell::count(*n, m)));
            row
        })
        .collect();
    Grid {
        title: format!("tactic {}", t.name),
        header,
        rows,
    }
}

/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published, words: &SurveyWords) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    summary.tactics.iter().map(|t| table(t, m, words)).collect()
}

pub fn render(state: &TacticsState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let m = view.min_cell.get();
    let Some(t) = s.tactics.get(state.selected) else {
        frame.render_widget(
            Paragraph::new("The codebook declares no personalization tactics.").style(theme::dim()),
            area,
        );
        return;
    };
    let rows = rows_of(t);
    let words = SurveyWords::from_codebook(&view.study.codebook);
    let n_levels = rows.iter().map(|(_, l)| l.levels.len()).max().unwrap_or(0);
    // The legend: every level with its mark and its name, wrapped to the width.
    let mut legend: Vec<Span> = Vec::new();
    for k in 0..n_levels {
        let (glyph, style) = chart::level_mark(k, n_levels);
        let name = level_name(&words, t, i64::from(t.min) + k as i64);
        legend.push(Span::styled(format!("{glyph}{glyph} "), style));
        legend.push(Span::raw(format!("{name}  ")));
    }
    legend.push(Span::styled("· each side of │ = 100 %", theme::dim()));
    let legend = Line::from(legend);
    let legend_h = (legend.width() as u16).div_ceil(area.width.max(1)).max(1);
    let (head, rest) = take_top(area, 1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("◀ ", theme::dim()),
            Span::styled(t.label.clone(), theme::title()),
            Span::styled(
                format!(
                    " ({}/{}) ▶  ←/→ pick a tactic",
                    state.selected + 1,
                    s.tactics.len()
                ),
                theme::dim(),
            ),
        ])),
        head,
    );
    let (legend_area, rest) = take_top(rest, legend_h);
    frame.render_widget(
        Paragraph::new(legend).wrap(ratatui::widgets::Wrap { trim: true }),
        legend_area,
    );
    let (chart_area, rest) = take_top(rest, rows.len() as u16 + 1);
    let label_w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(3, 12) as u16;
    let bars: Vec<Diverging> = rows
        .iter()
        .map(|(label, l)| {
            let n = l.n.filter(|&n| n > 0);
            Diverging {
                label: label.clone(),
                shares: l
                    .levels
                    .iter()
                    .map(|c| Some((*c)? as f64 / n? as f64))
                    .collect(),
                suppressed: l
                    .levels
                    .iter()
                    .map(|c| c.is_some_and(|c| crate::privacy::rules::would_suppress_count(c, m)))
                    .collect(),
            }
        })
        .collect();
    chart::diverging(frame.buffer_mut(), chart_area, &bars, label_w);
    let mut grid = table(t, m, &words);
    if let Some(pt) = analysis.published.summary().tactics.get(state.selected) {
        grid = grid.marked(&table(pt, m, &words));
    }
    let (tab_area, test) = take_top(rest, grid.rows.len() as u16 + 2);
    grid.render(frame, tab_area, None, view.col_offset);
    if let Some(c) = &t.chi2 {
        let small = would_suppress_statistic(c.n, m);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw(format!(
                    "Cohort × level χ² = {}, df {}, p {}, Cramér's V = {}, n = {}",
                    fmt_opt(c.chi2, 1),
                    c.df.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                    c.p.map(fmt_p).unwrap_or_else(|| "—".into()),
                    fmt_opt(c.cramers_v, 3),
                    c.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
                )),
                Span::styled(
                    if small { theme::SUPPRESS_MARK } else { "" },
                    theme::suppressed(),
                ),
            ])),
            test,
        );
    }
}
