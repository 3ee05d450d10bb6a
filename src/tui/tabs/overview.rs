//! Overview tab: the study at a glance — respondents, analysed, rejected rows, behaviour
//! match rate, cohorts, scale reliability (Cronbach's α with Feldt CI) and the concern
//! score distribution per cohort.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::Summary;
use crate::privacy::rules::{would_suppress_count, would_suppress_statistic};
use crate::tui::action::Action;
use crate::tui::chart;
use crate::tui::grid::{fmt_opt_pct, Cell, Grid};
use crate::tui::tabs::common::{navigate, split, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewState {
    /// The scale whose α-if-item-dropped is listed.
    pub selected_scale: usize,
}

impl OverviewState {
    pub fn handle(&mut self, action: Action, summary: &Summary, _body: Rect) {
        self.selected_scale = navigate(self.selected_scale, summary.scales.len(), action, 5);
    }
}

pub fn cohort_grid(summary: &Summary, min_cell: u32) -> Grid {
    // Share of respondents with a known cohort; taken from the study counts, not summed
    // over cohorts, so a suppressed (null) cohort does not change the others' shares.
    let total = summary
        .study
        .analysed
        .saturating_sub(summary.study.unknown_cohort.unwrap_or(0));
    Grid {
        title: "cohorts".into(),
        header: vec!["Cohort".into(), "n".into(), "share".into()],
        rows: summary
            .cohorts
            .iter()
            .map(|c| {
                let small = c.n.is_some_and(|n| would_suppress_count(n, min_cell));
                let share = c.n.filter(|_| total > 0).map(|n| n as f64 / total as f64);
                vec![
                    Cell::text(c.name.clone()),
                    Cell::count(c.n, min_cell),
                    Cell::pct(share, small),
                ]
            })
            .collect(),
    }
}

pub fn scale_grid(summary: &Summary, min_cell: u32) -> Grid {
    Grid {
        title: "scales".into(),
        header: ["Scale", "k", "n", "α", "95% CI", "mean", "sd"]
            .map(String::from)
            .to_vec(),
        rows: summary
            .scales
            .iter()
            .map(|s| {
                let alpha_small = would_suppress_statistic(s.n_complete, min_cell);
                let small = would_suppress_statistic(s.n, min_cell);
                vec![
                    Cell::text(s.name.clone()),
                    Cell::text(s.items.len().to_string()),
                    Cell::count(s.n, min_cell),
                    Cell::num(s.alpha, 2, alpha_small),
                    Cell::ci_num(s.alpha_ci, 2, alpha_small),
                    Cell::num(s.mean, 2, small),
                    Cell::num(s.sd, 2, small),
                ]
            })
            .collect(),
    }
}

/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    vec![cohort_grid(summary, m), scale_grid(summary, m)]
}

pub fn render(state: &OverviewState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let m = view.min_cell.get();
    let (left, right) = split(area, 70, 45);
    let info = &s.study;
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<18}"), theme::dim()),
            Span::raw(v),
        ])
    };
    let lines = vec![
        Line::styled(format!("Study {}", info.name), theme::title()),
        kv("cohorts", info.cohort_scheme.clone()),
        kv("filter", info.filter.clone()),
        kv(
            "survey rows",
            info.respondents
                .map_or_else(|| "—".into(), |n| n.to_string()),
        ),
        kv(
            "rejected rows",
            info.rejected_rows
                .map_or_else(|| "—".into(), |n| n.to_string()),
        ),
        kv("analysed", info.analysed.to_string()),
        kv("behaviour match", fmt_opt_pct(info.behavior_match_rate)),
        kv(
            "unknown cohort",
            info.unknown_cohort
                .map_or_else(|| "—".into(), |n| n.to_string()),
        ),
        kv("weights", if info.weighted { "on" } else { "off" }.into()),
    ];
    // Long values (the cohort scheme, a filter) wrap rather than vanish at 80 columns.
    let pane_w = usize::from(left.width.max(1));
    let height: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(pane_w))
        .sum();
    let (top, rest) = take_top(left, height as u16 + 1);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        top,
    );
    let cohorts = cohort_grid(s, m).marked(&cohort_grid(analysis.published.summary(), m));
    let (cohort_area, notes_area) = take_top(rest, cohorts.rows.len() as u16 + 2);
    cohorts.render(frame, cohort_area, None, view.col_offset);
    // The analysis' notes say why a statistic is undefined; shown where there is room.
    let mut notes = vec![Line::styled("Notes", theme::header())];
    notes.extend(
        s.notes
            .iter()
            .map(|n| Line::styled(format!("· {n}"), theme::dim())),
    );
    if s.notes.is_empty() {
        notes.clear();
    }
    frame.render_widget(
        Paragraph::new(notes).wrap(ratatui::widgets::Wrap { trim: true }),
        notes_area,
    );

    let scales = scale_grid(s, m).marked(&scale_grid(analysis.published.summary(), m));
    let (scale_area, rest) = take_top(right, scales.rows.len() as u16 + 2);
    scales.render(
        frame,
        scale_area,
        Some(state.selected_scale),
        view.col_offset,
    );
    let mut lines = Vec::new();
    if let Some(scale) = s.scales.get(state.selected_scale) {
        if let Some(dropped) = &scale.alpha_if_dropped {
            lines.push(Line::styled(
                format!("α if item dropped — {}", scale.label),
                theme::header(),
            ));
            let small = would_suppress_statistic(scale.n_complete, m);
            for (item, a) in dropped {
                let mut c = Cell::num(*a, 3, small);
                c.suppressed = small && a.is_some();
                lines.push(Line::from(vec![
                    Span::raw(format!("  {item:<14}")),
                    Span::styled(
                        c.shown(),
                        if small {
                            theme::suppressed()
                        } else {
                            theme::base()
                        },
                    ),
                ]));
            }
            lines.push(Line::from(""));
        }
    }
    let (items, dist) = take_top(rest, lines.len() as u16);
    frame.render_widget(Paragraph::new(lines), items);
    render_distribution(s, m, frame, dist);
}

/// Concern score histograms per cohort (binned counts from `summary.distributions`).
fn render_distribution(s: &Summary, min_cell: u32, frame: &mut Frame, area: Rect) {
    let d = &s.distributions;
    if area.height < 2 || d.concern_by_cohort.is_empty() {
        return;
    }
    let label_w = d
        .concern_by_cohort
        .iter()
        .map(|b| b.cohort.chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    let mut lines = vec![Line::styled(
        "Concern score distribution by cohort",
        theme::header(),
    )];
    for b in &d.concern_by_cohort {
        let marked = b
            .counts
            .iter()
            .flatten()
            .any(|&n| would_suppress_count(n, min_cell));
        let spark = chart::sparkline(&b.counts);
        let n = b.n.map(|n| format!(" n={n}")).unwrap_or_default();
        let name: String = b.cohort.chars().take(label_w).collect();
        lines.push(Line::from(vec![
            Span::raw(format!("{name:<label_w$} ")),
            Span::styled(spark, theme::concerned()),
            Span::styled(n, theme::dim()),
            Span::styled(
                if marked {
                    format!(" {}", theme::SUPPRESS_MARK)
                } else {
                    String::new()
                },
                theme::suppressed(),
            ),
        ]));
    }
    if let (Some(lo), Some(hi)) = (d.concern_bins.first(), d.concern_bins.last()) {
        let width = d.concern_bins.len().max(1);
        let lo_s = format!("{lo}");
        let hi_s = format!("{}", hi + d.concern_bin_width);
        let pad = width.saturating_sub(lo_s.len() + hi_s.len());
        lines.push(Line::styled(
            format!("{:<label_w$} {lo_s}{}{hi_s}", "", " ".repeat(pad)),
            theme::dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
