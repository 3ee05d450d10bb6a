//! Tactics tab: how acceptable respondents find one personalization tactic, per cohort, as
//! diverging stacked bars (intrusive left, neutral centred, acceptable right), with a table
//! of shares, Wilson CIs, the counts per level and the cohort × level χ² test. ←/→ (or
//! ↑/↓) pick the tactic.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::summary::{Summary, TacticLevels, TacticSummary};
use crate::privacy::rules::{would_suppress_share, would_suppress_statistic};
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
        let step = match action {
            Action::Left | Action::Up | Action::ScrollUp => Action::Up,
            Action::Right | Action::Down | Action::ScrollDown => Action::Down,
            other => other,
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

pub fn table(t: &TacticSummary, m: u32) -> Grid {
    let mut header: Vec<String> = [
        "Cohort",
        "n",
        "intrusive",
        "95% CI",
        "neutral",
        "acceptable",
        "95% CI",
    ]
    .map(String::from)
    .to_vec();
    // A published table whose ratings were merged into bands heads them "=1–2".
    match t.collapsed.as_ref().filter(|c| !c.levels.is_empty()) {
        Some(c) => header.extend(c.levels.iter().map(|b| match (b.first(), b.last()) {
            (Some(a), Some(z)) if a != z => format!("={a}\u{2013}{z}"),
            (Some(a), _) => format!("={a}"),
            _ => "=".to_string(),
        })),
        None => header.extend((t.min..=t.max).map(|code| format!("={code}"))),
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
                Cell::pct(l.neutral, sn),
                Cell::pct(l.acceptable, sa),
                Cell::ci_pct(l.acceptable_ci, sa),
            ];
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
pub fn grids(published: &crate::privacy::Published, selected: usize) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    summary
        .tactics
        .get(selected)
        .map(|t| vec![table(t, m)])
        .unwrap_or_default()
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
    let (head, rest) = take_top(area, 2);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
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
            ]),
            Line::from(vec![
                Span::styled(
                    format!("█ intrusive (<{}) ", fmt_mid(t)),
                    theme::intrusive(),
                ),
                Span::styled("█ neutral ", theme::neutral()),
                Span::styled(
                    format!("█ acceptable (>{}) ", fmt_mid(t)),
                    theme::acceptable(),
                ),
                Span::styled("· each side of │ = 100 %", theme::dim()),
            ]),
        ]),
        head,
    );
    let chart_h = (rows.len() as u16).min(rest.height / 2);
    let (chart_area, rest) = take_top(rest, chart_h + 1);
    let label_w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(3, 12) as u16;
    let bars: Vec<Diverging> = rows
        .iter()
        .map(|(label, l)| Diverging {
            label: label.clone(),
            intrusive: l.intrusive,
            neutral: l.neutral,
            acceptable: l.acceptable,
            suppressed: [
                would_suppress_share(l.intrusive, l.n, m),
                would_suppress_share(l.neutral, l.n, m),
                would_suppress_share(l.acceptable, l.n, m),
            ],
        })
        .collect();
    chart::diverging(frame.buffer_mut(), chart_area, &bars, label_w);
    let mut grid = table(t, m);
    if let Some(pt) = analysis.published.summary().tactics.get(state.selected) {
        grid = grid.marked(&table(pt, m));
    }
    let (tab_area, test) = take_top(rest, grid.rows.len() as u16 + 2);
    grid.render(frame, tab_area, None);
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

fn fmt_mid(t: &TacticSummary) -> String {
    let mid = (f64::from(t.min) + f64::from(t.max)) / 2.0;
    if mid.fract() == 0.0 {
        format!("{mid:.0}")
    } else {
        format!("{mid:.1}")
    }
}
