//! Data types tab: stated willingness vs. actual sharing per kind of personal data, as a
//! dumbbell chart, a table of the say–do gap and McNemar's test, and the paired 2×2 table
//! of the selected data type (see docs/methods.md, "Stated vs. actual per data type").

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::analysis::summary::{DataTypeSummary, Summary};
use crate::privacy::rules::{would_suppress_count, would_suppress_proportion};
use crate::tui::action::Action;
use crate::tui::chart::{self, Dumbbell};
use crate::tui::grid::{fmt_ci, fmt_opt, fmt_p, Cell, Grid};
use crate::tui::tabs::common::{clicked_row, navigate, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataTypesState {
    pub selected: usize,
}

impl DataTypesState {
    pub fn handle(&mut self, action: Action, summary: &Summary, body: Rect) {
        let len = summary.data_types.len();
        if let Action::Click(_, y) = action {
            if let Some(row) = clicked_row(y, layout(body, len).1, 0).filter(|&r| r < len) {
                self.selected = row;
            }
            return;
        }
        self.selected = navigate(self.selected, len, action, 5);
    }
}

/// Chart pane (legend + one line per data type + axis) and the table pane below.
fn layout(body: Rect, n: usize) -> (Rect, Rect) {
    let chart_h = (n as u16 + 3).min(body.height / 2);
    take_top(body, chart_h)
}

struct Flags {
    willing: bool,
    shared: bool,
    paradox: bool,
    test: bool,
}

/// Which of a data type's numbers publishing would suppress.
fn flags(d: &DataTypeSummary, m: u32) -> Flags {
    let k = |r: usize, c: usize| d.table[r][c].unwrap_or(0);
    let n = d.n_pairs.unwrap_or(0);
    let (a, b, c, dd) = (k(0, 0), k(0, 1), k(1, 0), k(1, 1));
    Flags {
        willing: would_suppress_proportion(a + b, n, m),
        shared: would_suppress_proportion(a + c, n, m),
        paradox: would_suppress_proportion(c, c + dd, m),
        // McNemar uses only the discordant pairs b and c.
        test: would_suppress_proportion(c, b + c, m),
    }
}

pub fn table(summary: &Summary, m: u32) -> Grid {
    let header = [
        "Data type",
        "pairs",
        "willing",
        "shared",
        "gap",
        "P(sh│unw)",
        "McNemar p",
        "mid-p",
        "OR",
        "OR 95% CI",
    ];
    let rows = summary
        .data_types
        .iter()
        .map(|d| {
            let f = flags(d, m);
            vec![
                Cell::text(d.label.clone()),
                Cell::count(d.n_pairs, m),
                Cell::pct(d.willing, f.willing),
                Cell::pct(d.shared, f.shared),
                Cell::pct(d.say_do_gap, f.willing || f.shared),
                Cell::pct(d.paradox_rate, f.paradox),
                Cell::p_value(d.mcnemar_p, f.test),
                Cell::p_value(d.mcnemar_midp, f.test),
                Cell::num(d.mcnemar_or, 2, f.test),
                Cell::ci_num(d.mcnemar_or_ci, 2, f.test),
            ]
        })
        .collect();
    Grid {
        title: "stated vs actual".into(),
        header: header.map(String::from).to_vec(),
        rows,
    }
}

/// The tables an export writes, from the published summary.
pub fn grids(published: &crate::privacy::Published) -> Vec<Grid> {
    let summary = published.summary();
    let m = published.min_cell().get();
    vec![table(summary, m)]
}

pub fn render(state: &DataTypesState, view: &View, frame: &mut Frame, area: Rect) {
    let Some(analysis) = view.analysis else {
        return;
    };
    let s = &analysis.summary;
    let m = view.min_cell.get();
    if s.data_types.is_empty() {
        frame.render_widget(
            Paragraph::new("The codebook declares no data types.").style(theme::dim()),
            area,
        );
        return;
    }
    let selected = state.selected;
    let (chart_area, rest) = layout(area, s.data_types.len());
    let (legend, plot) = take_top(chart_area, 1);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("○ stated willing ", theme::stated()),
            Span::styled("● actually shared ", theme::shared()),
            Span::styled("(0 % … 100 %)", theme::dim()),
        ])),
        legend,
    );
    let label_w = s
        .data_types
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 18) as u16;
    let rows: Vec<Dumbbell> = s
        .data_types
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let f = flags(d, m);
            Dumbbell {
                label: d.label.clone(),
                stated: d.willing,
                shared: d.shared,
                suppressed: f.willing || f.shared,
                selected: i == selected,
            }
        })
        .collect();
    chart::dumbbells(frame.buffer_mut(), plot, &rows, label_w);
    let grid = table(s, m).marked(&table(analysis.published.summary(), m));
    let (t, detail) = take_top(rest, grid.rows.len() as u16 + 2);
    grid.render(frame, t, Some(selected), view.col_offset);
    if let Some(d) = s.data_types.get(selected) {
        render_detail(d, m, frame, detail);
    }
}

fn render_detail(d: &DataTypeSummary, m: u32, frame: &mut Frame, area: Rect) {
    let cell = |r: usize, c: usize| {
        d.table[r][c]
            .map(|n| {
                if would_suppress_count(n, m) {
                    format!("{n}{}", theme::SUPPRESS_MARK)
                } else {
                    n.to_string()
                }
            })
            .unwrap_or_else(|| "—".into())
    };
    let lines = vec![
        Line::styled(format!("{} — paired 2×2", d.label), theme::header()),
        Line::from("               shared   not shared"),
        Line::from(format!("  willing    {:>8} {:>12}", cell(0, 0), cell(0, 1))),
        Line::from(format!("  unwilling  {:>8} {:>12}", cell(1, 0), cell(1, 1))),
        Line::from(format!(
            "say–do gap {} · McNemar exact p {} · mid-p {} · OR c/b {} {}",
            d.say_do_gap
                .map(crate::tui::grid::fmt_pct)
                .unwrap_or_else(|| "—".into()),
            d.mcnemar_p.map(fmt_p).unwrap_or_else(|| "—".into()),
            d.mcnemar_midp.map(fmt_p).unwrap_or_else(|| "—".into()),
            fmt_opt(d.mcnemar_or, 2),
            fmt_ci(d.mcnemar_or_ci, 2),
        )),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
