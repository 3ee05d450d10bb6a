//! Gap tab: concerned vs. disclosers vs. paradoxical (with the share expected if concern
//! did not matter) by cohort, as grouped bars with CI whiskers, a table beside the chart
//! (with each block's detectable ρ and verdict), and the paradox test of the selected block
//! (docs/methods.md: the 2×2 table, the risk difference with Newcombe's CI, Spearman ρ, the
//! equivalence tests and the verdict; Kruskal–Wallis and χ² across cohorts).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::analysis::summary::{GapBlock, Summary, Verdict};
use crate::privacy::rules::{would_suppress_count, would_suppress_share, would_suppress_statistic};
use crate::tui::action::Action;
use crate::tui::chart::{self, Bar, BarGroup};
use crate::tui::grid::{fmt_ci, fmt_ci_pct, fmt_opt, fmt_opt_pct, fmt_p, Cell, Grid};
use crate::tui::tabs::common::{clicked_row, navigate, split, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GapState {
    /// 0 = all respondents, then one row per cohort.
    pub selected: usize,
    /// `r`: the chart pane shows each block's ρ against the equivalence band instead of the
    /// bars.
    pub show_equivalence: bool,
}

impl GapState {
    /// `body` is the canvas the tab lays out on; `viewport` the lines the terminal shows.
    pub fn handle(&mut self, action: Action, summary: &Summary, body: Rect, viewport: u16) {
        let len = blocks(summary).len();
        if action == Action::ToggleMeasure {
            self.show_equivalence = !self.show_equivalence;
            return;
        }
        if let Action::Click(_, y) = action {
            if let Some(row) = clicked_row(y, panes(body, viewport).1, 0).filter(|&r| r < len) {
                self.selected = row;
            }
            return;
        }
        self.selected = navigate(self.selected, len, action, 5);
    }
}

/// The overall block followed by the cohort blocks, with display labels.
pub fn blocks(summary: &Summary) -> Vec<(String, &GapBlock)> {
    let mut out = Vec::new();
    if let Some(o) = &summary.gap.overall {
        out.push(("All".to_string(), o));
    }
    for b in summary.gap.by_cohort.iter().flatten() {
        out.push((b.cohort.clone().unwrap_or_default(), b));
    }
    out
}

/// Chart pane and table pane (the table pane's first line is the table header); the
/// chart is sized to the `viewport` lines the terminal shows, the rest scrolls.
fn panes(body: Rect, viewport: u16) -> (Rect, Rect) {
    // Side by side only when the chart still has room for six cohort groups.
    if body.width >= 160 {
        let tall = Rect::new(body.x, body.y, body.width, viewport.min(body.height));
        let (chart, table) = split(tall, 160, 45);
        (chart, Rect::new(table.x, table.y, table.width, body.height))
    } else {
        let chart_h = (viewport * 2 / 5).max(6).min(body.height);
        take_top(body, chart_h)
    }
}

pub fn table(summary: &Summary, m: u32) -> Grid {
    let header = [
        "Cohort",
        "n",
        "concern",
        "discl.",
        "parad.",
        "95% CI",
        "expect.",
        "RD",
        "RD 95% CI",
        "ρ",
        "ρ det.",
        "verdict",
    ];
    let rows = blocks(summary)
        .into_iter()
        .map(|(label, b)| {
            let t = b.concern_table;
            let k = |r: usize, c: usize| t[r][c].unwrap_or(0);
            let n = b.n.unwrap_or(0);
            let concerned_n = k(0, 0) + k(0, 1);
            let disc_n = k(0, 0) + k(1, 0);
            let sup_conc = crate::privacy::rules::would_suppress_proportion(concerned_n, n, m);
            let sup_disc = crate::privacy::rules::would_suppress_proportion(disc_n, n, m);
            let sup_par = crate::privacy::rules::would_suppress_proportion(k(0, 0), n, m);
            // RD compares two proportions: each arm and its numerators must be publishable.
            let sup_rd = crate::privacy::rules::would_suppress_proportion(k(0, 0), concerned_n, m)
                || crate::privacy::rules::would_suppress_proportion(k(1, 0), k(1, 0) + k(1, 1), m);
            let sup_stat = would_suppress_statistic(b.n, m);
            vec![
                Cell::text(label),
                Cell::count(b.n, m),
                Cell::pct(b.concerned, sup_conc),
                Cell::pct(b.disclosers, sup_disc),
                Cell::pct(b.paradoxical, sup_par),
                Cell::ci_pct(b.paradoxical_ci, sup_par),
                Cell::pct(b.paradoxical_expected, sup_conc || sup_disc),
                Cell::num(b.disclosure_rd, 3, sup_rd),
                Cell::ci_num(b.disclosure_rd_ci, 2, sup_rd),
                Cell::num(b.spearman_rho, 2, sup_stat),
                // The detectable ρ restates n; the verdict rests on ρ.
                Cell::num(
                    b.rho_mde,
                    2,
                    b.n.is_some_and(|n| would_suppress_count(n, m)),
                ),
                verdict_cell(b, sup_stat),
            ]
        })
        .collect();
    Grid {
        title: "gap by cohort".into(),
        header: header.map(String::from).to_vec(),
        rows,
    }
}

fn verdict_cell(b: &GapBlock, suppressed: bool) -> Cell {
    match b.equivalence.as_ref().and_then(|e| e.verdict) {
        Some(v) => Cell {
            suppressed,
            ..Cell::text(v.as_str())
        },
        None => Cell::missing(),
    }
}

/// The verdict of the two tests of ρ in a few words, with the detectable ρ when the data
/// cannot tell.
fn verdict_words(b: &GapBlock) -> Option<String> {
    let e = b.equivalence.as_ref()?;
    let delta = fmt_margin(e.sesoi_rho);
    Some(match e.verdict? {
        Verdict::Predicts => format!(
            "predicts: concern predicts disclosure here (ρ differs from 0 and is not within ±{delta})"
        ),
        Verdict::NoMeaningfulRelation => {
            format!("no meaningful relation: |ρ| < {delta} shown — the privacy paradox")
        }
        Verdict::TriviallySmall => {
            format!("trivially small: ρ differs from 0 yet lies within ±{delta}")
        }
        Verdict::Inconclusive => format!(
            "inconclusive: the data cannot tell a paradox from a real effect (smallest ρ detectable with 80% power: {})",
            fmt_opt(b.rho_mde, 2)
        ),
    })
}

/// A margin as written in the codebook: "0.05", "0.025".
fn fmt_margin(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    vec![table(summary, m)]
}

pub fn render(state: &GapState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let m = view.min_cell.get();
    if s.gap.overall.is_none() {
        let mut lines = vec![Line::styled(
            "No gap analysis: the study has no behaviour data or no concern scale.",
            theme::dim(),
        )];
        if let Some(k) = &s.gap.kruskal_concern {
            lines.push(Line::from(kruskal_line(k)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return;
    }
    let (chart_area, table_area) = panes(area, view.viewport);
    if state.show_equivalence {
        render_equivalence(s, frame, chart_area);
    } else if area.width >= 160 && chart_area.height > 26 {
        // (side by side, the chart pane is one screen high)
        // Room to spare: the chart keeps a readable height, the heat map goes under it.
        let (c, heat) = take_top(chart_area, 22);
        render_chart(s, m, frame, c);
        render_heatmap(
            s,
            m,
            frame,
            Rect::new(
                heat.x,
                heat.y + 1,
                heat.width,
                heat.height.saturating_sub(1),
            ),
        );
    } else {
        render_chart(s, m, frame, chart_area);
    }
    let grid = table(s, m).marked(&table(analysis.published.summary(), m));
    let (t, test_area) = take_top(table_area, grid.rows.len() as u16 + 2);
    grid.render(frame, t, Some(state.selected), view.col_offset);
    render_test(s, m, state.selected, frame, test_area);
}

/// Each block's ρ with its 90% interval against the band ±δ of the equivalence test, one
/// line a block, with the verdict in words: `░` the band, `├─●─┤` the interval and ρ,
/// `·` the axis — readable without colour.
fn render_equivalence(s: &Summary, frame: &mut Frame, area: Rect) {
    let all = blocks(s);
    let delta = all
        .iter()
        .find_map(|(_, b)| b.equivalence.as_ref().map(|e| e.sesoi_rho));
    let (Some(delta), true) = (delta, area.width >= 40 && area.height >= 3) else {
        return;
    };
    let intervals: Vec<Option<[f64; 2]>> = all
        .iter()
        .map(|(_, b)| crate::analysis::stats::rho_ci90(b.spearman_rho?, b.n?))
        .collect();
    let reach = intervals
        .iter()
        .flatten()
        .flat_map(|[lo, hi]| [lo.abs(), hi.abs()])
        .fold(1.5 * delta, f64::max);
    let half = (reach * 10.0).ceil() / 10.0;
    let label_w = 12usize;
    let verdict_w = 24usize;
    let width = usize::from(area.width)
        .saturating_sub(label_w + verdict_w + 2)
        .max(11);
    let col = |x: f64| -> usize {
        let t = ((x + half) / (2.0 * half)).clamp(0.0, 1.0);
        (t * (width - 1) as f64).round() as usize
    };
    let mut lines = vec![Line::styled(
        format!(
            "ρ with its 90% interval vs. the band ±{} (░) of the equivalence test · r: bars",
            fmt_margin(delta)
        ),
        theme::header(),
    )];
    let mut axis = vec![' '; width];
    for (x, text) in [
        (-half, format!("{:+.1}", -half)),
        (0.0, "0".to_string()),
        (half, format!("{:+.1}", half)),
    ] {
        let at = col(x).min(width.saturating_sub(text.chars().count()));
        for (i, ch) in text.chars().enumerate() {
            if let Some(c) = axis.get_mut(at + i) {
                *c = ch;
            }
        }
    }
    lines.push(Line::styled(
        format!("{:label_w$}{}", "", axis.iter().collect::<String>()),
        theme::dim(),
    ));
    for ((label, b), ci) in all.iter().zip(&intervals) {
        let mut row = vec!['·'; width];
        for c in row.iter_mut().take(col(delta) + 1).skip(col(-delta)) {
            *c = '░';
        }
        if let (Some([lo, hi]), Some(rho)) = (ci, b.spearman_rho) {
            let (a, z) = (col(*lo), col(*hi));
            for c in row.iter_mut().take(z + 1).skip(a) {
                *c = '─';
            }
            row[a] = '├';
            row[z] = '┤';
            row[col(rho)] = '●';
        }
        let verdict = b
            .equivalence
            .as_ref()
            .and_then(|e| e.verdict)
            .map_or("—", |v| v.as_str());
        let name: String = label.chars().take(label_w - 1).collect();
        lines.push(Line::from(vec![
            Span::raw(format!("{name:label_w$}")),
            Span::styled(row.iter().collect::<String>(), verdict_style(verdict)),
            Span::raw(format!(" {verdict}")),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A verdict's colour; the glyphs and the words carry it without colour too.
fn verdict_style(verdict: &str) -> ratatui::style::Style {
    match verdict {
        "predicts" => theme::concerned(),
        "no meaningful relation" | "trivially small" => theme::good(),
        _ => theme::dim(),
    }
}

fn render_chart(s: &Summary, m: u32, frame: &mut Frame, area: Rect) {
    let (legend, plot) = take_top(area, 1);
    let legend_line = Line::from(vec![
        Span::styled(
            format!("{} concerned ", theme::GLYPH_CONCERNED),
            theme::concerned(),
        ),
        Span::styled(
            format!("{} disclosers ", theme::GLYPH_DISCLOSERS),
            theme::disclosers(),
        ),
        Span::styled(
            format!("{} paradoxical ", theme::GLYPH_PARADOXICAL),
            theme::paradoxical(),
        ),
        Span::styled("◆ expected ", theme::expected()),
        Span::styled("┬┴ 95% CI", theme::ci()),
    ]);
    frame.render_widget(Paragraph::new(legend_line), legend);
    let groups: Vec<BarGroup> = blocks(s)
        .into_iter()
        .map(|(label, b)| {
            let bar = |v: Option<f64>, ci, style, glyph| Bar {
                value: v,
                ci,
                style,
                glyph,
                suppressed: would_suppress_share(v, b.n, m),
            };
            BarGroup {
                label,
                bars: vec![
                    bar(
                        b.concerned,
                        b.concerned_ci,
                        theme::concerned(),
                        theme::GLYPH_CONCERNED,
                    ),
                    bar(
                        b.disclosers,
                        b.disclosers_ci,
                        theme::disclosers(),
                        theme::GLYPH_DISCLOSERS,
                    ),
                    bar(
                        b.paradoxical,
                        b.paradoxical_ci,
                        theme::paradoxical(),
                        theme::GLYPH_PARADOXICAL,
                    ),
                ],
                marker: b.paradoxical_expected,
            }
        })
        .collect();
    chart::grouped_bars(frame.buffer_mut(), plot, &groups);
}

/// Concern × disclosure score as a binned heat map (the report's chart of the same name): counts only, never
/// one mark per respondent; cells publishing would suppress carry `†`.
fn render_heatmap(s: &Summary, m: u32, frame: &mut Frame, area: Rect) {
    let d = &s.distributions;
    if d.heatmap.is_empty() || area.height < 4 {
        return;
    }
    let max = d
        .heatmap
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(
        "Concern score (rows) × disclosure score (columns), respondents per cell",
        theme::header(),
    )];
    // Highest concern on top, like the y axis of a chart.
    for (r, row) in d.heatmap.iter().enumerate().rev() {
        let edge = d.concern_bins.get(r).copied().unwrap_or(f64::NAN);
        let mut spans = vec![Span::styled(format!("{edge:>5.1} "), theme::dim())];
        for n in row {
            let n = n.unwrap_or(0);
            let mark = if would_suppress_count(n, m) {
                theme::SUPPRESS_MARK
            } else {
                " "
            };
            let fill: String = std::iter::repeat_n(chart::shade(n, max), 5).collect();
            spans.push(Span::styled(fill, theme::concerned()));
            spans.push(Span::styled(mark, theme::suppressed()));
        }
        lines.push(Line::from(spans));
    }
    let mut axis = String::from("      ");
    for edge in &d.disclosure_bins {
        axis.push_str(&format!("{edge:<6.1}"));
    }
    axis.push_str("1.0");
    lines.push(Line::styled(axis, theme::dim()));
    frame.render_widget(Paragraph::new(lines), area);
}

fn kruskal_line(k: &crate::analysis::summary::KruskalTest) -> String {
    format!(
        "Concern by cohort (Kruskal–Wallis): H = {}, df {}, p {}, ε² = {}, n = {}",
        fmt_opt(k.h, 1),
        k.df.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
        k.p.map(fmt_p).unwrap_or_else(|| "—".into()),
        fmt_opt(k.epsilon_squared, 3),
        k.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
    )
}

/// The paradox test of the selected block, in words a researcher would write.
fn render_test(s: &Summary, m: u32, selected: usize, frame: &mut Frame, area: Rect) {
    let all = blocks(s);
    let Some((label, b)) = all.get(selected.min(all.len().saturating_sub(1))) else {
        return;
    };
    let small = would_suppress_statistic(b.n, m);
    let mark = |flag: bool| {
        if flag {
            Span::styled(format!(" {}", theme::SUPPRESS_MARK), theme::suppressed())
        } else {
            Span::raw("")
        }
    };
    let t = b.concern_table;
    let cell = |r: usize, c: usize| {
        t[r][c]
            .map(|n| {
                if would_suppress_count(n, m) {
                    format!("{n}{}", theme::SUPPRESS_MARK)
                } else {
                    n.to_string()
                }
            })
            .unwrap_or_else(|| "—".into())
    };
    let verdict = b
        .equivalence
        .as_ref()
        .and_then(|e| e.verdict)
        .map(|v| format!(" · verdict: {}", v.as_str()))
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    "Paradox test — {label} (n = {}){verdict}",
                    b.n.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
                ),
                theme::header(),
            ),
            mark(small && !verdict.is_empty()),
        ]),
        Line::from(vec![
            Span::raw(format!(
                "paradoxical {} {} vs. {} expected if concern did not matter",
                fmt_opt_pct(b.paradoxical),
                fmt_ci_pct(b.paradoxical_ci),
                fmt_opt_pct(b.paradoxical_expected),
            )),
            mark(small),
        ]),
        Line::from(vec![
            Span::raw(format!(
                "RD P(discloser│concerned) − P(discloser│not) = {} {}",
                fmt_opt(b.disclosure_rd, 3),
                fmt_ci(b.disclosure_rd_ci, 3)
            )),
            mark(small),
        ]),
        Line::from(format!(
            "2×2 concerned: {} disclose / {} not · not concerned: {} / {}",
            cell(0, 0),
            cell(0, 1),
            cell(1, 0),
            cell(1, 1)
        )),
        Line::from(vec![
            Span::raw(format!(
                "Spearman ρ(concern, disclosure) = {} {}, p {}",
                fmt_opt(b.spearman_rho, 3),
                fmt_ci(b.spearman_ci, 3),
                b.spearman_p.map(fmt_p).unwrap_or_else(|| "—".into())
            )),
            mark(small),
        ]),
    ];
    if let Some(e) = &b.equivalence {
        let rd90 = match (e.rd_ci90, e.rd_equivalent) {
            (Some(ci), Some(inside)) => format!(
                "RD 90% CI {} {} ±{}",
                fmt_ci(Some(ci), 3),
                if inside { "within" } else { "not within" },
                fmt_margin(e.sesoi_rd)
            ),
            _ => "RD 90% CI —".into(),
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "Equivalence (±{}): TOST p {} · {rd90} · detectable ρ (80% power) {}",
                fmt_margin(e.sesoi_rho),
                e.p_tost.map(fmt_p).unwrap_or_else(|| "—".into()),
                fmt_opt(b.rho_mde, 2)
            )),
            mark(small),
        ]));
    }
    // The verdict of the two tests of ρ, not the risk difference's interval alone: a
    // non-significant difference in a small cohort is no evidence of a paradox.
    if let Some(words) = verdict_words(b) {
        lines.push(Line::styled(format!("→ {words}"), theme::good()));
    }
    if let Some(k) = &s.gap.kruskal_concern {
        lines.push(Line::from(kruskal_line(k)));
    }
    if let Some(c) = &s.gap.chi2_paradoxical {
        lines.push(Line::from(format!(
            "Cohort × paradoxical χ² = {}, df {}, p {}, Cramér's V = {}",
            fmt_opt(c.chi2, 1),
            c.df.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
            c.p.map(fmt_p).unwrap_or_else(|| "—".into()),
            fmt_opt(c.cramers_v, 3)
        )));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
