//! [`update`]: the one function that changes the [`App`], one action at a time — tab
//! switches, movement (the tab's selection first, then the body's scroll), search, sort,
//! the filter overlay, exports and copies. Rendering never changes state; this is the
//! only place that does.

use crate::tui::action::{Action, Mode};
use crate::tui::app::App;
use crate::tui::filter::FilterPicker;
use crate::tui::layout;
use crate::tui::scroll::TabSearch;
use crate::tui::tab::Tab;

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => app.should_quit = true,
        Action::Resize(w, h) => app.size = (w, h),
        Action::ToggleHelp => {
            app.help_scroll = 0;
            app.mode = if app.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            }
        }
        Action::CloseOverlay => {
            if app.mode == Mode::Search {
                if app.tab == Tab::Respondents {
                    app.respondents.cancel_search();
                } else {
                    app.tab_search = TabSearch::default();
                    app.scroll[app.tab.index()] = app.search_origin;
                }
            }
            app.mode = Mode::Normal;
        }
        _ => match app.mode {
            Mode::Normal => update_normal(app, action),
            Mode::Filter | Mode::FilterText => update_picker(app, action),
            Mode::Search => update_search(app, action),
            Mode::Help => update_help(app, action),
            Mode::Freq => {
                if matches!(action, Action::Up | Action::Down) {
                    app.freq.step(action == Action::Down);
                    count_freq(app);
                }
            }
        },
    }
    app.ensure_models();
}

fn update_help(app: &mut App, action: Action) {
    let page = app.size.1.saturating_sub(4).max(1);
    let s = &mut app.help_scroll;
    *s = match action {
        Action::Down | Action::ScrollDown => s.saturating_add(1),
        Action::Up | Action::ScrollUp => s.saturating_sub(1),
        Action::PageDown => s.saturating_add(page),
        Action::PageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => u16::MAX,
        _ => *s,
    };
    // The overlay clamps what it draws; keep the number near it so `k` acts at once.
    *s = (*s).min(crate::tui::action::HELP.len() as u16);
}

fn go_tab(app: &mut App, tab: Tab) {
    if tab != app.tab {
        app.tab = tab;
        app.tab_search = TabSearch::default();
        app.message = None;
    }
}

fn update_normal(app: &mut App, action: Action) {
    match action {
        Action::NextTab => go_tab(app, Tab::from_index((app.tab.index() + 1) % Tab::ALL.len())),
        Action::PrevTab => go_tab(
            app,
            Tab::from_index((app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()),
        ),
        Action::GoTab(i) if i < Tab::ALL.len() => go_tab(app, Tab::from_index(i)),
        Action::Back => {
            // Esc on a tab: clears a search mark or a message; never quits.
            if !app.tab_search.query.is_empty() {
                app.tab_search = TabSearch::default();
            } else if app.tab == Tab::Respondents && !app.respondents.search.is_empty() {
                app.respondents.search.clear();
            } else {
                app.message = None;
            }
        }
        Action::OpenFilter => {
            app.picker = FilterPicker::open(&app.study, &app.filter);
            app.mode = Mode::FilterText;
        }
        Action::ToggleWeights => {
            if app.study.weight.is_none() {
                app.set_info("this study declares no survey weights");
                return;
            }
            app.use_weights = !app.use_weights;
            app.request_analysis();
        }
        Action::ToggleFlagged => {
            if app.study.codebook.screening.is_none() {
                app.set_info("the codebook has no [screening] section");
                return;
            }
            let now = crate::analysis::screening::excluding(&app.study, &app.filter);
            app.filter.exclude_flagged = Some(!now);
            app.set_info(if now {
                "careless respondents included"
            } else {
                "careless respondents excluded"
            });
            app.request_analysis();
        }
        Action::OpenSearch => {
            if app.tab == Tab::Respondents {
                app.respondents.start_search();
            } else {
                app.search_origin = app.scroll[app.tab.index()];
                app.tab_search = TabSearch::default();
            }
            app.mode = Mode::Search;
        }
        Action::SearchNext | Action::SearchPrev => {
            let forward = action == Action::SearchNext;
            if app.tab == Tab::Respondents {
                let none = crate::analysis::Respondents::default();
                let rows = app.analysis.as_ref().map(|a| &a.rows).unwrap_or(&none);
                let body = layout::layout(layout::screen(app.size)).body;
                if !app.respondents.search_step(rows, &app.study, body, forward) {
                    app.set_error("no match");
                }
            } else {
                tab_search_step(app, forward, false);
            }
        }
        Action::ColumnsLeft | Action::ColumnsRight => {
            let c = if app.tab == Tab::Respondents {
                &mut app.respondents.col_offset
            } else {
                &mut app.col_offset[app.tab.index()]
            };
            *c = if action == Action::ColumnsLeft {
                c.saturating_sub(1)
            } else {
                (*c + 1).min(40)
            };
        }
        Action::Frequencies => {
            app.freq = crate::tui::freq::FreqState::open(&app.study, 0);
            if app.tab == Tab::Respondents {
                let col = app.respondents.cursor_column(&app.study);
                app.freq.selected = app.freq.index_of(col).unwrap_or(0);
            }
            count_freq(app);
            app.mode = Mode::Freq;
        }
        Action::Sort(descending) => {
            if app.tab != Tab::Respondents {
                app.set_info("[ and ] sort the Respondents table (5)");
                return;
            }
            app.respondents.sort = Some(app.respondents.cursor);
            app.respondents.descending = descending;
            app.request_sort();
        }
        Action::Export => match crate::tui::export::export_current_view(&app.export_view()) {
            Ok(path) => app.set_info(format!("exported to {}", path.display())),
            Err(e) => app.set_error(format!("export failed: {e}")),
        },
        Action::Copy(markdown) => match crate::tui::export::copy_text(&app.export_view(), markdown)
        {
            Ok((text, n)) => {
                app.copied = Some(text);
                app.copy_pending = true;
                app.set_info(format!(
                    "copied {n} table{} as {} to the terminal's clipboard (OSC 52; disclosure-controlled)",
                    if n == 1 { "" } else { "s" },
                    if markdown { "Markdown" } else { "TSV" }
                ));
            }
            Err(e) => app.set_error(format!("copy failed: {e}")),
        },
        Action::Click(x, y) => click(app, x, y),
        _ => move_or_scroll(app, action),
    }
}

/// Counts the `F` overlay's item among the respondents on screen.
fn count_freq(app: &mut App) {
    let weighted = app.use_weights && app.study.weight.is_some();
    let min_cell = app.min_cell().get();
    let none = crate::analysis::Respondents::default();
    let rows = app.analysis.as_ref().map(|a| &a.rows).unwrap_or(&none);
    app.freq.count(rows, &app.study, weighted, min_cell);
}

/// `/` and `n`/`N` on a tab other than Respondents: the next line of the tab's text (as
/// last drawn) holding the query, ignoring case, scrolled into view. `here` lets the line
/// already found match again (typing extends the query).
fn tab_search_step(app: &mut App, forward: bool, here: bool) -> bool {
    let q = app.tab_search.query.to_lowercase();
    if q.is_empty() {
        return false;
    }
    let hit = app
        .canvas
        .borrow()
        .find(&q, app.tab_search.line, forward, here);
    match hit {
        Some(line) => {
            app.tab_search.line = Some(line);
            let view = app.body_height().saturating_sub(1).max(1);
            let max = app.canvas.borrow().max_scroll(app.body_height());
            let s = &mut app.scroll[app.tab.index()];
            let line = line as u16;
            if line < *s || line >= s.saturating_add(view) {
                *s = line.saturating_sub(view / 2).min(max);
            }
            true
        }
        None => false,
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let screen = layout::screen(app.size);
    let areas = layout::layout(screen);
    if y == areas.tabs.y {
        if let Some(tab) = layout::tab_at(x, areas.tabs, app.tab) {
            go_tab(app, tab);
        }
        return;
    }
    if !areas.body.contains(ratatui::layout::Position::new(x, y)) {
        return;
    }
    // The tab hit-tests in its own coordinates: the whole canvas, scrolled.
    let scroll = if app.tab == Tab::Respondents {
        0
    } else {
        app.scroll[app.tab.index()]
    };
    delegate(app, Action::Click(x, y.saturating_add(scroll)));
}

/// Movement: the tab's own selection first; once it is at its end (or the tab has none),
/// the body scrolls, so every line of a tab can be reached with `j` alone. Going up, the
/// body scrolls back first. The Respondents table scrolls itself.
fn move_or_scroll(app: &mut App, action: Action) {
    use Action::*;
    if app.tab == Tab::Respondents
        || !matches!(
            action,
            Up | Down | PageUp | PageDown | Top | Bottom | ScrollUp | ScrollDown
        )
    {
        delegate(app, action);
        return;
    }
    let i = app.tab.index();
    let body_h = app.body_height();
    let max = app.canvas.borrow().max_scroll(body_h);
    let page = body_h.saturating_sub(2).max(1);
    let scroll = app.scroll[i].min(max);
    let tab_moves = |app: &mut App, a: Action| -> bool {
        let before = position(app);
        delegate(app, a);
        position(app) != before
    };
    app.scroll[i] = match action {
        Down => {
            if tab_moves(app, Down) {
                scroll
            } else {
                (scroll + 1).min(max)
            }
        }
        Up if scroll > 0 => scroll - 1,
        ScrollDown if max > 0 => (scroll + 3).min(max),
        ScrollUp if scroll > 0 => scroll.saturating_sub(3),
        PageDown if scroll < max => (scroll + page).min(max),
        PageUp if scroll > 0 => scroll.saturating_sub(page),
        Top => {
            delegate(app, Top);
            0
        }
        Bottom => {
            delegate(app, Bottom);
            max
        }
        other => {
            delegate(app, other);
            scroll
        }
    };
}

/// The selection state of the tab on screen, to tell whether a key moved it.
fn position(app: &App) -> String {
    match app.tab {
        Tab::Overview => format!("{:?}", app.overview),
        Tab::Gap => format!("{:?}", app.gap),
        Tab::DataTypes => format!("{:?}", app.data_types),
        Tab::Tactics => format!("{:?}", app.tactics),
        Tab::Respondents => format!("{}", app.respondents.selected),
        Tab::Quality => format!("{:?}", app.quality),
        Tab::Models => format!("{:?}", app.models),
        Tab::Robustness => format!("{:?}", app.robustness),
    }
}

/// Navigation goes to the tab on screen.
fn delegate(app: &mut App, action: Action) {
    let screen_body = layout::layout(layout::screen(app.size)).body;
    // Tabs lay out on the whole canvas the body scrolls over.
    let body = if app.tab == Tab::Respondents {
        screen_body
    } else {
        crate::tui::scroll::canvas_area(screen_body)
    };
    let viewport = screen_body.height;
    let Some(analysis) = app.analysis.as_ref() else {
        if app.tab == Tab::Quality {
            app.quality.handle(action, &app.study, body);
        }
        return;
    };
    let summary = &analysis.summary;
    match app.tab {
        Tab::Overview => app.overview.handle(action, summary, body),
        Tab::Gap => app.gap.handle(action, summary, body, viewport),
        Tab::DataTypes => app.data_types.handle(action, summary, body),
        Tab::Tactics => app.tactics.handle(action, summary, body),
        Tab::Respondents => app
            .respondents
            .handle(action, &analysis.rows, &app.study, body),
        Tab::Quality => app.quality.handle(action, &app.study, body),
        Tab::Models => app.models.handle(action, summary, body),
        Tab::Robustness => app.robustness.handle(action, summary),
    }
}

fn update_picker(app: &mut App, action: Action) {
    let page = app.body_height().saturating_sub(4).max(1) as isize;
    match action {
        Action::Up | Action::ScrollUp => app.picker.move_by(-1),
        Action::Down | Action::ScrollDown => app.picker.move_by(1),
        Action::PageUp => app.picker.move_by(-page),
        Action::PageDown => app.picker.move_by(page),
        Action::Top => app.picker.move_by(isize::MIN / 2),
        Action::Bottom => app.picker.move_by(isize::MAX / 2),
        Action::ToggleItem => app.picker.toggle(&app.study),
        Action::SwitchFocus => {
            app.mode = if app.mode == Mode::Filter {
                Mode::FilterText
            } else {
                Mode::Filter
            };
        }
        Action::SearchInput(c) => app.picker.edit(&app.study, |t| t.push(c)),
        Action::SearchBackspace => app.picker.edit(&app.study, |t| {
            t.pop();
        }),
        Action::ClearFilter => app.picker.clear(),
        Action::Click(x, y) => {
            let popup = layout::picker_area(layout::screen(app.size), app.picker.entries.len());
            if let Some(i) =
                layout::picker_entry_at(popup, app.picker.cursor, app.picker.entries.len(), x, y)
            {
                if app.picker.select(i) {
                    app.picker.toggle(&app.study);
                }
            }
        }
        Action::ApplyFilter => {
            if let Some(e) = &app.picker.error {
                // Never applied: the overlay stays open on the expression, which says why.
                app.set_error(format!("not a filter {e}"));
                app.mode = Mode::FilterText;
                return;
            }
            let draft = app.picker.draft.clone();
            app.mode = Mode::Normal;
            app.set_filter(draft);
        }
        _ => {}
    }
}

fn update_search(app: &mut App, action: Action) {
    if app.tab != Tab::Respondents {
        match action {
            Action::SearchInput(c) => {
                app.tab_search.query.push(c);
                tab_search_step(app, true, true);
            }
            Action::SearchBackspace => {
                app.tab_search.query.pop();
                app.tab_search.line = None;
                tab_search_step(app, true, true);
            }
            Action::SearchSubmit => {
                app.mode = Mode::Normal;
                let q = app.tab_search.query.clone();
                if q.is_empty() {
                    return;
                }
                if app.tab_search.line.is_some() || tab_search_step(app, true, true) {
                    app.set_info(format!("found \"{q}\" · n next, N previous"));
                } else {
                    app.set_error(format!("\"{q}\" is not on this tab"));
                }
            }
            _ => {}
        }
        return;
    }
    let none = crate::analysis::Respondents::default();
    let rows = app.analysis.as_ref().map(|a| &a.rows).unwrap_or(&none);
    let body = layout::layout(layout::screen(app.size)).body;
    match action {
        Action::SearchInput(c) => {
            app.respondents.search.push(c);
            app.respondents.jump_to_search(rows, &app.study, body);
        }
        Action::SearchBackspace => {
            app.respondents.search.pop();
            app.respondents.jump_to_search(rows, &app.study, body);
        }
        Action::SearchSubmit => {
            app.mode = Mode::Normal;
            let query = app.respondents.search.clone();
            if query.is_empty() {
                return;
            }
            if app.respondents.jump_to_search(rows, &app.study, body) {
                app.set_info(format!("found \"{query}\" · n next, N previous"));
            } else {
                app.set_error(format!("no respondent matches \"{query}\""));
            }
        }
        _ => {}
    }
}
