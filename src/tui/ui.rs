//! Screen layout and the frame: tab bar, the current tab's body (scrolled over the tab's
//! tall canvas, see `scroll`), the suppression legend, the status bar and overlays (help,
//! filter picker). `render` takes `&App` only — it reads the stored analysis and never
//! computes a statistic. Layout is a pure function of the terminal size so mouse
//! hit-testing in `update` agrees with what is drawn.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::action::{Mode, HELP};
use crate::tui::app::App;
pub use crate::tui::layout::centered;
use crate::tui::layout::{layout, picker_area, picker_window, tab_label};
use crate::tui::tab::Tab;

use crate::tui::filter::Entry;
pub use crate::tui::layout::{tab_at, Areas};
use crate::tui::tabs;
use crate::tui::theme;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn render(app: &App, frame: &mut Frame) {
    theme::with_palette(app.palette, || render_frame(app, frame));
}

fn render_frame(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let areas = layout(area);
    render_tabs(app, frame, areas.tabs);
    render_body(app, frame, areas.body);
    render_legend(app, frame, areas.legend);
    render_status(app, frame, areas.status, areas.legend.height > 0);
    match app.mode {
        Mode::Help => render_help(app, frame, area),
        Mode::Filter | Mode::FilterText => render_picker(app, frame, area),
        Mode::Freq => {
            let weighted = app.use_weights && app.study.weight.is_some();
            crate::tui::freq::render(&app.freq, weighted, frame, area)
        }
        Mode::Normal | Mode::Search => {}
    }
}

fn render_tabs(app: &App, frame: &mut Frame, bar: Rect) {
    if bar.height == 0 {
        return;
    }
    let mut spans = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let style = if *tab == app.tab {
            theme::tab_active()
        } else {
            theme::tab()
        };
        spans.push(Span::styled(tab_label(i, *tab, bar.width, app.tab), style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    let name = format!("paradox · {}", app.study.name());
    let room = (bar.width as usize).saturating_sub(used);
    if room > name.chars().count() + 1 {
        spans.push(Span::raw(" ".repeat(room - name.chars().count() - 1)));
        spans.push(Span::styled(name, theme::title()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), bar);
}

fn render_body(app: &App, frame: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // The Quality tab reads the study's audit, which needs no analysis.
    if app.analysis.is_none() && app.tab != Tab::Quality {
        let text = if app.is_busy() {
            format!("{} analysing {} …", spinner(app), app.study.name())
        } else {
            "no analysis available".into()
        };
        frame.render_widget(Paragraph::new(text).style(theme::dim()), area);
        return;
    }
    let view = app.view();
    if app.tab == Tab::Respondents {
        // A million rows: the table scrolls itself.
        tabs::respondents::render(&app.respondents, &view, frame, area);
        return;
    }
    let draw = |frame: &mut Frame, area: Rect| match app.tab {
        Tab::Overview => tabs::overview::render(&app.overview, &view, frame, area),
        Tab::Gap => tabs::gap::render(&app.gap, &view, frame, area),
        Tab::DataTypes => tabs::data_types::render(&app.data_types, &view, frame, area),
        Tab::Tactics => tabs::tactics::render(&app.tactics, &view, frame, area),
        Tab::Respondents => {}
        Tab::Quality => tabs::quality::render(&app.quality, &view, frame, area),
        Tab::Models => tabs::models::render(&app.models, &view, frame, area),
        Tab::Robustness => tabs::robustness::render(&app.robustness, &view, frame, area),
    };
    crate::tui::scroll::render_scrolled(
        frame,
        area,
        app.scroll[app.tab.index()],
        &app.tab_search,
        &app.canvas,
        draw,
    );
}

fn render_legend(app: &App, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let min_cell = app.min_cell();
    // The outcome of the last command (export path, search miss …) takes this line, with
    // the legend shortened after it, so a long filter in the status bar cannot hide it.
    if let Some(m) = &app.message {
        let style = if m.is_error {
            theme::error()
        } else {
            theme::good()
        };
        let legend = if !min_cell.is_off() {
            format!(
                "  · {} = would be suppressed (n < {min_cell})",
                theme::SUPPRESS_MARK
            )
        } else {
            String::new()
        };
        let line = Line::from(vec![
            Span::styled(m.text.clone(), style),
            Span::styled(legend, theme::dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let text = if app.tab == Tab::Respondents {
        "per-respondent scores: shown here only, never exported or published".to_string()
    } else if min_cell.is_off() {
        format!("disclosure control is off (min_cell = {min_cell})")
    } else {
        format!(
            "{} not published as shown: n < {min_cell}, protecting such a cell, or merged",
            theme::SUPPRESS_MARK
        )
    };
    frame.render_widget(Paragraph::new(text).style(theme::dim()), area);
}

fn spinner(app: &App) -> char {
    SPINNER[(app.tick % SPINNER.len() as u64) as usize]
}

fn render_status(app: &App, frame: &mut Frame, area: Rect, legend_shown: bool) {
    if area.height == 0 {
        return;
    }
    let mut spans: Vec<Span> = Vec::new();
    if app.mode == Mode::Search {
        let (what, query) = if app.tab == Tab::Respondents {
            ("respondents", &app.respondents.search)
        } else {
            (app.tab.title(), &app.tab_search.query)
        };
        spans.push(Span::styled(
            format!(" search {what}: /"),
            theme::status_key(),
        ));
        spans.push(Span::styled(format!("{query}▏ "), theme::status()));
        spans.push(Span::styled("Enter keep · Esc back ", theme::status()));
    } else {
        if app.is_busy() {
            spans.push(Span::styled(
                format!(" {} computing… ", spinner(app)),
                theme::busy(),
            ));
        }
        let n = app
            .analysis
            .as_ref()
            .map(|a| a.summary.study.analysed.to_string())
            .unwrap_or_else(|| "…".into());
        let weights = match (app.study.weight.is_some(), app.use_weights) {
            (false, _) => "none",
            (true, true) => "on",
            (true, false) => "off",
        };
        let filter = crate::analysis::describe_filter(&app.study, &app.filter);
        spans.push(Span::styled(" filter: ", theme::status_key()));
        spans.push(Span::styled(format!("{filter} "), theme::status()));
        spans.push(Span::styled("│ n = ", theme::status_key()));
        spans.push(Span::styled(format!("{n} "), theme::status()));
        spans.push(Span::styled("│ weights: ", theme::status_key()));
        spans.push(Span::styled(format!("{weights} "), theme::status()));
        // On terminals too short for the legend line, the message goes here instead.
        if let Some(m) = app.message.as_ref().filter(|_| !legend_shown) {
            let style = if m.is_error {
                theme::status_error()
            } else {
                theme::status()
            };
            spans.push(Span::styled("│ ", theme::status_key()));
            spans.push(Span::styled(format!("{} ", m.text), style));
        }
    }
    let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
    // In a text field `q` is typed, so the bar does not offer it.
    let hint = if matches!(app.mode, Mode::Search | Mode::FilterText) {
        "Ctrl-C quit "
    } else {
        "? help · q quit "
    };
    let room = (area.width as usize).saturating_sub(used);
    if room >= hint.len() {
        spans.push(Span::styled(
            " ".repeat(room - hint.chars().count()),
            theme::status(),
        ));
        spans.push(Span::styled(hint, theme::status()));
    } else {
        spans.push(Span::styled(" ".repeat(room), theme::status()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_help(app: &App, frame: &mut Frame, area: Rect) {
    let key_w = HELP
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = HELP
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<key_w$}  "), theme::title()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            " {} marks numbers that publishing would suppress.",
            theme::SUPPRESS_MARK
        ),
        theme::dim(),
    ));
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 2;
    let popup = centered(area, width, lines.len() as u16 + 2);
    // The overlay scrolls when the terminal is shorter than the list.
    let inner = popup.height.saturating_sub(2);
    let max = (lines.len() as u16).saturating_sub(inner);
    let scroll = app.help_scroll.min(max);
    let more = if max == 0 {
        String::new()
    } else if scroll < max {
        format!(" ↓ {} more · j k ", max - scroll)
    } else {
        " ↑ k ".to_string()
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(" keys — Esc closes ")
        .title_bottom(more)
        .style(theme::popup());
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        popup,
    );
}

fn render_picker(app: &App, frame: &mut Frame, area: Rect) {
    let p = &app.picker;
    let popup = picker_area(area, p.entries.len());
    frame.render_widget(Clear, popup);
    let typing = app.mode == Mode::FilterText;
    let hint = if typing {
        " Enter apply · Tab pick levels · Ctrl-U clear · Esc "
    } else {
        " Space toggle · c clear · Tab type · Enter apply · Esc "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(" filter by cohort or group, or type an expression ")
        .title_bottom(hint)
        .style(theme::popup());
    let inner_w = usize::from(popup.width.saturating_sub(2));
    // The expression line keeps its end (where one types) in view.
    let shown_from = (p.text.chars().count() + 4).saturating_sub(inner_w);
    let text: String = p.text.chars().skip(shown_from).collect();
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled("> ", theme::title()),
        Span::styled(
            format!("{text}{}", if typing { "▏" } else { "" }),
            if typing {
                theme::title()
            } else {
                Style::default()
            },
        ),
    ])];
    lines.push(match &p.error {
        Some(e) => {
            let col = (e.at + 2)
                .saturating_sub(shown_from)
                .min(inner_w.saturating_sub(1));
            Line::styled(format!("{}^ {}", " ".repeat(col), e), theme::error())
        }
        None if p.text.is_empty() => Line::styled(
            "e.g. concern > 5 and cohort = \"Gen Z\" · country in (DE, US) · paradoxical",
            theme::dim(),
        ),
        None => Line::styled("✓ a valid filter", theme::dim()),
    });
    // The cursor kept in view.
    let (visible, start) = picker_window(popup, p.cursor);
    let count_w = p
        .entries
        .iter()
        .map(|e| match e {
            Entry::Cohort { count, .. } | Entry::Group { count, .. } => {
                crate::fmt::count(*count).chars().count()
            }
            Entry::Heading(_) => 0,
        })
        .max()
        .unwrap_or(1);
    for (i, e) in p.entries.iter().enumerate().skip(start).take(visible) {
        let line = match e {
            Entry::Heading(name) => Line::styled(name.clone(), theme::header()),
            Entry::Cohort { label, count, .. } | Entry::Group { label, count, .. } => {
                let mark = if p.is_checked(e) { "[x]" } else { "[ ]" };
                let style = if i == p.cursor && !typing {
                    theme::selected()
                } else if i == p.cursor {
                    Style::default().add_modifier(ratatui::style::Modifier::UNDERLINED)
                } else {
                    Style::default()
                };
                let label_w = inner_w.saturating_sub(count_w + 10).max(4);
                let label: String = if label.chars().count() > label_w {
                    let cut: String = label.chars().take(label_w - 1).collect();
                    format!("{cut}…")
                } else {
                    label.clone()
                };
                Line::styled(
                    format!(
                        "  {mark} {label:<label_w$} {:>count_w$}",
                        crate::fmt::count(*count)
                    ),
                    style,
                )
            }
        };
        lines.push(line);
    }
    let summary = crate::analysis::describe_filter(&app.study, &p.draft);
    lines.push(Line::styled(format!("→ {summary}"), theme::dim()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
