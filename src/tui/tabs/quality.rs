//! Quality tab: what import found — survey rows, rejected rows with their reasons,
//! behaviour matching, unknown cohorts, missing data per codebook column. Reads
//! the study's audit, which does not depend on the filter.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::privacy::Published;
use crate::study::Study;
use crate::tui::action::Action;
use crate::tui::grid::{Cell, Grid};
use crate::tui::tabs::common::{navigate, split, take_top, View};
use crate::tui::theme;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QualityState {
    /// First rejected row shown.
    pub offset: usize,
}

impl QualityState {
    pub fn handle(&mut self, action: Action, study: &Study, body: Rect) {
        let page = usize::from(body.height / 2).max(1);
        let len = study.audit.rejected.len();
        let step = |s, a| navigate(s, len, a, page);
        self.offset = match action {
            Action::ScrollUp | Action::ScrollDown => {
                (0..3).fold(self.offset, |s, _| step(s, action))
            }
            _ => step(self.offset, action),
        };
    }
}

/// Missing answers per codebook column, as a share of analysed respondents.
pub fn missing_grid(study: &Study, m: u32) -> Grid {
    let n = study.len() as u64;
    Grid {
        title: "missing by column".into(),
        header: vec!["Column".into(), "missing".into(), "share".into()],
        rows: study
            .audit
            .missing_by_column
            .iter()
            .map(|(col, k)| {
                let share = (n > 0).then(|| *k as f64 / n as f64);
                vec![
                    Cell::text(col.clone()),
                    Cell::count(Some(*k), m),
                    Cell::pct(
                        share,
                        crate::privacy::rules::would_suppress_proportion(*k, n, m),
                    ),
                ]
            })
            .collect(),
    }
}

/// Rejected rows per reason: counts only (the rejected values stay on screen).
pub fn rejected_grid(study: &Study, m: u32) -> Grid {
    Grid {
        title: "rejected values by reason".into(),
        header: vec!["Column".into(), "reason".into(), "values".into()],
        rows: crate::privacy::published::rejected_by_reason(study)
            .into_iter()
            .map(|((c, r), k)| vec![Cell::text(c), Cell::text(r), Cell::count(Some(k), m)])
            .collect(),
    }
}

/// Careless-response screening counts of the analysis on screen (the filter's respondents).
fn screening_lines<'a>(
    sc: &crate::analysis::summary::ScreeningSummary,
    kv: &dyn Fn(&str, String) -> Line<'a>,
) -> Vec<Line<'a>> {
    let n = |v: Option<u64>| v.map_or_else(|| "–".into(), |v| v.to_string());
    let mut lines = vec![Line::styled(
        if sc.excluded {
            "Careless responses (excluded)"
        } else {
            "Careless responses (flagged only)"
        },
        theme::title(),
    )];
    for r in &sc.rules {
        let what = match r.rule.as_str() {
            "speeder" => "speeders".to_string(),
            "straightliner" => format!("straight: {}", r.target),
            _ => format!("attn: {}", r.target),
        };
        lines.push(kv(&what, n(r.flagged)));
    }
    lines.push(kv(
        "flagged (any rule)",
        format!("{} of {}", n(sc.flagged), n(sc.screened)),
    ));
    let share = |b: &Option<crate::analysis::summary::GapBlock>| {
        b.as_ref()
            .and_then(|b| b.paradoxical)
            .map_or_else(|| "–".into(), |p| format!("{:.1}%", 100.0 * p))
    };
    lines.push(kv(
        "paradoxical with/out",
        format!(
            "{} / {}",
            share(&sc.with_flagged),
            share(&sc.without_flagged)
        ),
    ));
    lines
}

/// The two tables as published: counts that publishing suppresses are empty.
fn published_grids(p: &Published) -> Vec<Grid> {
    let a = p.audit();
    let n = a.analysed;
    let m = p.min_cell().get();
    let missing = Grid {
        title: "missing by column".into(),
        header: vec!["Column".into(), "missing".into(), "share".into()],
        rows: a
            .missing_by_column
            .iter()
            .map(|(col, k)| {
                let share = k.filter(|_| n > 0).map(|k| k as f64 / n as f64);
                let suppressed = match k {
                    Some(k) => crate::privacy::rules::would_suppress_proportion(*k, n, m),
                    None => true,
                };
                vec![
                    Cell::text(col.clone()),
                    Cell::count(*k, m),
                    Cell::pct(share, suppressed),
                ]
            })
            .collect(),
    };
    let rejected = Grid {
        title: "rejected values by reason".into(),
        header: vec!["Column".into(), "reason".into(), "values".into()],
        rows: a
            .rejected_by_reason
            .iter()
            .map(|(c, r, k)| {
                vec![
                    Cell::text(c.clone()),
                    Cell::text(r.clone()),
                    Cell::count(*k, m),
                ]
            })
            .collect(),
    };
    vec![missing, rejected]
}

/// The tables an export writes: built from the published audit only.
pub fn grids(published: &Published) -> Vec<Grid> {
    published_grids(published)
}

pub fn render(state: &QualityState, view: &View, frame: &mut Frame, area: Rect) {
    let study = view.study;
    let a = &study.audit;
    let (left, right) = split(area, 80, 50);
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<22}"), theme::dim()),
            Span::raw(v),
        ])
    };
    let mut lines = vec![
        Line::styled("Import audit", theme::title()),
        kv("survey rows", a.survey_rows.to_string()),
        kv("rejected survey rows", a.rejected_rows.to_string()),
        kv("analysed respondents", study.len().to_string()),
        kv("behaviour rows/events", a.behavior_rows.to_string()),
        kv(
            "  unmatched (ids)",
            format!(
                "{} ({})",
                a.behavior_unmatched_rows, a.behavior_unmatched_ids
            ),
        ),
        kv(
            "  of rejected rows",
            a.behavior_rows_of_rejected.to_string(),
        ),
        kv("  rejected", a.behavior_rejected_rows.to_string()),
        kv(
            "without behaviour",
            a.respondents_without_behavior.to_string(),
        ),
        kv("unknown cohort", a.unknown_cohort.to_string()),
        kv("delimiter", a.delimiter.clone()),
        kv(
            "Qualtrics header rows",
            if a.qualtrics_header { "skipped" } else { "no" }.into(),
        ),
    ];
    if let Some(kind) = &a.survey_export {
        lines.push(kv("survey export", kind.clone()));
    }
    for (reason, n) in &a.set_aside {
        lines.push(kv("  set aside", format!("{n} {reason}")));
    }
    for (t, k) in &a.ignored_event_types {
        lines.push(kv("ignored events", format!("{t} {k}")));
    }
    for (c, kind) in &a.dropped_pii {
        lines.push(kv("dropped PII column", format!("{c} ({kind})")));
    }
    for n in &a.notes {
        lines.push(Line::styled(format!("note: {n}"), theme::dim()));
    }
    if let Some(sc) = view.analysis.and_then(|x| x.summary.screening.as_ref()) {
        lines.extend(screening_lines(sc, &kv));
    }
    let (info, missing) = take_top(left, lines.len() as u16 + 1);
    frame.render_widget(Paragraph::new(lines), info);
    missing_grid(study, view.min_cell.get()).render(frame, missing, None, view.col_offset);

    let (head, list) = take_top(right, 1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("Rejected values ({}) — ↑↓ scroll", a.rejected.len()),
            theme::title(),
        )),
        head,
    );
    let rows: Vec<Line> = a
        .rejected
        .iter()
        .skip(state.offset)
        // One screen of the list: it scrolls itself (it can hold every rejected value).
        .take(usize::from(
            list.height.min(view.viewport.saturating_sub(2).max(1)),
        ))
        .map(|r| {
            let value: String = r.value.chars().take(16).collect();
            Line::from(vec![
                Span::styled(format!("{} L{} ", r.file, r.line), theme::dim()),
                Span::raw(format!("{} = {value:?}: ", r.column)),
                Span::styled(r.reason.clone(), theme::error()),
            ])
        })
        .collect();
    if rows.is_empty() {
        frame.render_widget(Paragraph::new("none").style(theme::good()), list);
    } else {
        frame.render_widget(
            Paragraph::new(rows).wrap(ratatui::widgets::Wrap { trim: true }),
            list,
        );
    }
}
