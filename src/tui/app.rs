//! Dashboard state and the one function that changes it, [`update`]. The `App` holds the
//! study, the active filter, the last finished analysis (and a few earlier ones, so the
//! Models and Robustness results are computed once per filter), one small state struct per
//! tab, and the scroll of each tab's body; rendering reads it (each tab its own state and a
//! read-only `View`) and never computes a statistic. Movement keys go to the tab first and
//! scroll its body once the tab's own list is at its end (see [`crate::tui::scroll`]).

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::analysis::{AnalysisOptions, Filter};
use crate::study::Study;
use crate::tui::action::{Action, Mode};
use crate::tui::filter::FilterPicker;
use crate::tui::layout;
use crate::tui::scroll::{Canvas, TabSearch};
use crate::tui::tabs::{
    data_types, gap, models, overview, quality, respondents, robustness, tactics,
};
use crate::tui::worker::{Analysis, Worker};

pub use crate::tui::tab::Tab;

/// A line for the status bar: the outcome of the last command. It expires after
/// [`MESSAGE_TTL`] (errors after twice that), or at the next key that changes the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
    pub at: Instant,
}

pub const MESSAGE_TTL: Duration = Duration::from_secs(5);

/// How many finished analyses are kept (the current one included), keyed by filter and
/// weights, so going back to a filter or to the Models tab does not recompute.
const CACHE: usize = 3;

type Key = (Filter, bool);

pub struct App {
    pub study: Arc<Study>,
    /// The filter of the analysis on screen (or being computed).
    pub filter: Filter,
    pub use_weights: bool,
    /// The last finished analysis; `None` until the first one arrives.
    pub analysis: Option<Arc<Analysis>>,
    /// Earlier analyses by filter and weights, newest first (the current one included).
    cache: Vec<(Key, Arc<Analysis>)>,
    /// The generation of a request still being computed, and what it was for.
    pub pending: Option<u64>,
    pending_key: Option<Key>,
    generation: u64,
    worker: Option<Worker>,
    pub tab: Tab,
    pub mode: Mode,
    /// Terminal size (columns, rows); layout and mouse hit-testing derive from it.
    pub size: (u16, u16),
    /// Spinner frame, advanced by the event loop while an analysis is pending.
    pub tick: u64,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The text `y`/`Y` last copied; `copy_pending` until the event loop has sent it to the
    /// terminal (OSC 52).
    pub copied: Option<String>,
    pub copy_pending: bool,
    /// Where `e` writes (`--export-dir`); `None`: `reports/<study>/tui` under the working
    /// folder.
    pub export_dir: Option<std::path::PathBuf>,
    /// Colours the terminal shows (from the environment in the real terminal).
    pub palette: crate::tui::theme::Palette,
    /// Lines scrolled past at the top of each tab's body, by tab index.
    pub scroll: [u16; 8],
    /// Table columns scrolled off (after the first) on each tab, by tab index.
    pub col_offset: [usize; 8],
    /// Lines scrolled past in the help overlay.
    pub help_scroll: u16,
    /// What the last frame drew of the body (its height and text), for scrolling and `/`.
    pub canvas: RefCell<Canvas>,
    /// `/` on a tab other than Respondents: the query and the line it found.
    pub tab_search: TabSearch,
    /// Where `/` started (tab scroll), restored by Esc.
    search_origin: u16,
    pub picker: FilterPicker,
    pub overview: overview::OverviewState,
    pub gap: gap::GapState,
    pub data_types: data_types::DataTypesState,
    pub tactics: tactics::TacticsState,
    pub respondents: respondents::RespondentsState,
    pub quality: quality::QualityState,
    pub models: models::ModelsState,
    pub robustness: robustness::RobustnessState,
}

impl App {
    /// A dashboard over `study`, with the first analysis (everyone, weights on when the
    /// codebook declares them) already requested from the worker thread.
    pub fn new(study: Study) -> std::io::Result<App> {
        let study = Arc::new(study);
        let worker = Worker::spawn(Arc::clone(&study))?;
        let use_weights = study.weight.is_some();
        let mut app = App {
            study,
            filter: Filter::default(),
            use_weights,
            analysis: None,
            cache: Vec::new(),
            pending: None,
            pending_key: None,
            generation: 0,
            worker: Some(worker),
            tab: Tab::Overview,
            mode: Mode::Normal,
            size: (80, 24),
            tick: 0,
            message: None,
            should_quit: false,
            copied: None,
            copy_pending: false,
            export_dir: None,
            palette: crate::tui::theme::Palette::default(),
            scroll: [0; 8],
            col_offset: [0; 8],
            help_scroll: 0,
            canvas: RefCell::new(Canvas::default()),
            tab_search: TabSearch::default(),
            search_origin: 0,
            picker: FilterPicker::default(),
            overview: Default::default(),
            gap: Default::default(),
            data_types: Default::default(),
            tactics: Default::default(),
            respondents: Default::default(),
            quality: Default::default(),
            models: Default::default(),
            robustness: Default::default(),
        };
        app.request_analysis();
        Ok(app)
    }

    pub fn options(&self) -> AnalysisOptions {
        // Only the Robustness tab shows the group breakdowns and only the Models tab the
        // models; computing them for every filter change would double the recompute at
        // scale. What the analysis on screen already holds for this filter is kept.
        let same = self
            .analysis
            .as_ref()
            .filter(|_| self.analysis_key() == Some(&self.key()));
        AnalysisOptions {
            use_weights: self.use_weights,
            by_group: self.tab == Tab::Robustness
                || same.is_some_and(|a| has_groups(a, &self.study)),
            models: self.tab == Tab::Models || same.is_some_and(|a| a.summary.models.computed),
        }
    }

    fn key(&self) -> Key {
        (self.filter.clone(), self.use_weights)
    }

    fn analysis_key(&self) -> Option<&Key> {
        let a = self.analysis.as_ref()?;
        self.cache
            .iter()
            .find(|(_, c)| Arc::ptr_eq(c, a))
            .map(|(k, _)| k)
    }

    /// What `e` exports: the view on screen with its tab, tactic, filter and weights.
    pub fn export_view(&self) -> crate::tui::export::ExportView<'_> {
        crate::tui::export::ExportView {
            view: self.view(),
            tab: self.tab,
            tactic: self.tactics.selected,
            filter: crate::analysis::describe_filter(&self.study, &self.filter),
            filter_is_empty: self.filter.is_empty(),
            weights: self.use_weights && self.study.weight.is_some(),
            dir: self.export_dir.clone(),
        }
    }

    /// The read-only view the tabs draw from.
    pub fn view(&self) -> crate::tui::tabs::View<'_> {
        crate::tui::tabs::View {
            study: &self.study,
            analysis: self.analysis.as_deref(),
            min_cell: self.min_cell(),
            viewport: self.body_height(),
            col_offset: self.col_offset[self.tab.index()],
        }
    }

    /// The `min_cell` the dashboard's marks and exports use: the one the current analysis
    /// was published with, else the codebook's.
    pub fn min_cell(&self) -> crate::privacy::MinCell {
        self.analysis
            .as_ref()
            .map(|a| a.published.min_cell())
            .unwrap_or_else(|| {
                crate::privacy::MinCell::new(self.study.codebook.disclosure_control.min_cell)
            })
    }

    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    fn request_analysis(&mut self) {
        // A result computed before for this filter and weights, with what this tab needs,
        // is shown at once.
        let key = self.key();
        let wanted = self.options();
        if let Some(hit) = self
            .cache
            .iter()
            .find(|(k, a)| *k == key && covers(a, &wanted, &self.study))
            .map(|(_, a)| Arc::clone(a))
        {
            self.pending = None;
            self.pending_key = None;
            self.show(hit, key);
            return;
        }
        self.generation += 1;
        let sent = self
            .worker
            .as_ref()
            .is_some_and(|w| w.request(self.generation, self.filter.clone(), self.options()));
        if sent {
            self.pending = Some(self.generation);
            self.pending_key = Some(key);
        } else {
            self.pending = None;
            self.set_error("the analysis worker has stopped; restart paradox");
        }
    }

    /// Takes a finished analysis from the worker, if any. Never blocks; called once per
    /// loop iteration before drawing.
    pub fn poll_worker(&mut self) {
        while let Some(done) = self.worker.as_ref().and_then(Worker::try_take) {
            self.accept(done);
        }
    }

    /// Blocks until the pending analysis arrives or `timeout` passes; returns whether the
    /// app is idle afterwards. For the first frame and for tests.
    pub fn wait_for_analysis(&mut self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while self.pending.is_some() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.worker.as_ref().and_then(|w| w.wait(left)) {
                Some(done) => self.accept(done),
                None => return self.pending.is_none(),
            }
        }
        true
    }

    fn accept(&mut self, done: crate::tui::worker::Computed) {
        // An answer to a filter the user has since changed is stale: drop it.
        if Some(done.generation) != self.pending {
            return;
        }
        self.pending = None;
        let key = self.pending_key.take().unwrap_or_else(|| self.key());
        match done.result {
            Ok(analysis) => {
                self.show(Arc::new(analysis), key);
                self.ensure_models();
            }
            Err(message) => self.set_error(message),
        }
    }

    /// Puts `analysis` on screen and at the front of the cache.
    fn show(&mut self, analysis: Arc<Analysis>, key: Key) {
        self.cache.retain(|(k, _)| *k != key);
        self.cache.insert(0, (key, Arc::clone(&analysis)));
        self.cache.truncate(CACHE);
        let same_rows = self.analysis.as_ref().is_some_and(|a| {
            a.rows.len() == analysis.rows.len()
                && a.summary.study.filter == analysis.summary.study.filter
        });
        {
            {
                if !same_rows {
                    self.respondents.on_new_rows(&analysis.rows, &self.study);
                }
                // A narrower filter can leave fewer rows than the selection pointed at.
                let s = &analysis.summary;
                let last = |n: usize| n.saturating_sub(1);
                let blocks = crate::tui::tabs::gap::blocks(s).len();
                self.gap.selected = self.gap.selected.min(last(blocks));
                self.data_types.selected = self.data_types.selected.min(last(s.data_types.len()));
                self.tactics.selected = self.tactics.selected.min(last(s.tactics.len()));
                self.overview.selected_scale =
                    self.overview.selected_scale.min(last(s.scales.len()));
                self.analysis = Some(analysis);
            }
        }
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
            at: Instant::now(),
        });
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
            at: Instant::now(),
        });
    }

    /// Drops the status message once it has been shown long enough; returns whether it did.
    pub fn expire_message(&mut self, now: Instant) -> bool {
        let old = self.message.as_ref().is_some_and(|m| {
            let ttl = if m.is_error {
                MESSAGE_TTL * 2
            } else {
                MESSAGE_TTL
            };
            now.saturating_duration_since(m.at) >= ttl
        });
        if old {
            self.message = None;
        }
        old
    }

    /// Rows of the body area, for paging and scrolling.
    pub fn body_height(&self) -> u16 {
        layout::layout(layout::screen(self.size)).body.height
    }

    /// The Models tab asks the worker for the adjusted models and the Robustness tab for
    /// the group breakdowns, which the filter recompute leaves out (`AnalysisOptions::models`
    /// and `by_group`, see `options`).
    fn ensure_models(&mut self) {
        let missing = self.analysis.as_ref().is_some_and(|a| match self.tab {
            Tab::Models => !a.summary.models.computed,
            Tab::Robustness => !has_groups(a, &self.study),
            _ => false,
        });
        if missing && self.pending.is_none() {
            self.request_analysis();
        }
    }

    fn set_filter(&mut self, filter: Filter) {
        if filter == self.filter {
            return;
        }
        self.filter = filter;
        self.request_analysis();
    }
}

/// Whether `a` holds the group breakdowns (one per codebook group column).
fn has_groups(a: &Analysis, study: &Study) -> bool {
    a.summary.by_group.len() == study.groups.len()
}

/// Whether `a` holds everything `options` asks for.
fn covers(a: &Analysis, options: &AnalysisOptions, study: &Study) -> bool {
    (!options.models || a.summary.models.computed) && (!options.by_group || has_groups(a, study))
}

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
            Mode::Filter => update_picker(app, action),
            Mode::Search => update_search(app, action),
            Mode::Help => update_help(app, action),
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
            } else {
                app.message = None;
            }
        }
        Action::OpenFilter => {
            app.picker = FilterPicker::open(&app.study, &app.filter);
            app.mode = Mode::Filter;
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
        Action::ColumnsLeft => {
            let c = &mut app.col_offset[app.tab.index()];
            *c = c.saturating_sub(1);
        }
        Action::ColumnsRight => {
            let c = &mut app.col_offset[app.tab.index()];
            *c = (*c + 1).min(40);
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
        let before = app.position();
        delegate(app, a);
        app.position() != before
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

impl App {
    /// The selection state of the tab on screen, to tell whether a key moved it.
    fn position(&self) -> String {
        match self.tab {
            Tab::Overview => format!("{:?}", self.overview),
            Tab::Gap => format!("{:?}", self.gap),
            Tab::DataTypes => format!("{:?}", self.data_types),
            Tab::Tactics => format!("{:?}", self.tactics),
            Tab::Respondents => format!("{}", self.respondents.selected),
            Tab::Quality => format!("{:?}", self.quality),
            Tab::Models => format!("{:?}", self.models),
            Tab::Robustness => format!("{:?}", self.robustness),
        }
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
        Action::ToggleItem => app.picker.toggle(),
        Action::ClearFilter => app.picker.clear(),
        Action::Click(x, y) => {
            let popup = layout::picker_area(layout::screen(app.size), app.picker.entries.len());
            if let Some(i) =
                layout::picker_entry_at(popup, app.picker.cursor, app.picker.entries.len(), x, y)
            {
                if app.picker.select(i) {
                    app.picker.toggle();
                }
            }
        }
        Action::ApplyFilter => {
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
