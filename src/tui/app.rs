//! Dashboard state and the one function that changes it, [`update`]. The `App` holds the
//! study, the active filter, the last finished analysis and one small state struct per tab;
//! rendering reads it (each tab its own state and a read-only `View`) and never computes a
//! statistic.

use std::sync::Arc;
use std::time::Duration;

use crate::analysis::{AnalysisOptions, Filter};
use crate::study::Study;
use crate::tui::action::{Action, Mode};
use crate::tui::filter::FilterPicker;
use crate::tui::layout;
use crate::tui::tabs::{
    data_types, gap, models, overview, quality, respondents, robustness, tactics,
};
use crate::tui::worker::{Analysis, Worker};

pub use crate::tui::tab::Tab;

/// A line for the status bar: the outcome of the last command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

pub struct App {
    pub study: Arc<Study>,
    /// The filter of the analysis on screen (or being computed).
    pub filter: Filter,
    pub use_weights: bool,
    /// The last finished analysis; `None` until the first one arrives.
    pub analysis: Option<Analysis>,
    /// The generation of a request still being computed.
    pub pending: Option<u64>,
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
            pending: None,
            generation: 0,
            worker: Some(worker),
            tab: Tab::Overview,
            mode: Mode::Normal,
            size: (80, 24),
            tick: 0,
            message: None,
            should_quit: false,
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
        AnalysisOptions {
            use_weights: self.use_weights,
            // Only the Robustness tab shows the group breakdowns; computing them for every
            // filter change would double the recompute at scale.
            by_group: self.tab == Tab::Robustness,
            models: self.tab == Tab::Models,
        }
    }

    /// What `e` exports: the view on screen with its tab, tactic, filter and weights.
    pub fn export_view(&self) -> crate::tui::export::ExportView<'_> {
        crate::tui::export::ExportView {
            view: self.view(),
            tab: self.tab,
            tactic: self.tactics.selected,
            filter: crate::analysis::describe_filter(&self.study, &self.filter),
            weights: self.use_weights && self.study.weight.is_some(),
        }
    }

    /// The read-only view the tabs draw from.
    pub fn view(&self) -> crate::tui::tabs::View<'_> {
        crate::tui::tabs::View {
            study: &self.study,
            analysis: self.analysis.as_ref(),
            min_cell: self.min_cell(),
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
        self.generation += 1;
        let sent = self
            .worker
            .as_ref()
            .is_some_and(|w| w.request(self.generation, self.filter.clone(), self.options()));
        if sent {
            self.pending = Some(self.generation);
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
        match done.result {
            Ok(analysis) => {
                self.respondents.on_new_rows(&analysis.rows, &self.study);
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
                self.ensure_models();
            }
            Err(message) => self.set_error(message),
        }
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
        });
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
            // Computed, `by_group` has one entry per codebook group column.
            Tab::Robustness => a.summary.by_group.len() != self.study.groups.len(),
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

/// Applies one action. The only place state changes.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => app.should_quit = true,
        Action::Resize(w, h) => app.size = (w, h),
        Action::ToggleHelp => {
            app.mode = if app.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            }
        }
        Action::CloseOverlay => {
            if app.mode == Mode::Search {
                app.respondents.cancel_search();
            }
            app.mode = Mode::Normal;
        }
        _ => match app.mode {
            Mode::Normal => update_normal(app, action),
            Mode::Filter => update_picker(app, action),
            Mode::Search => update_search(app, action),
            Mode::Help => {}
        },
    }
    app.ensure_models();
}

fn update_normal(app: &mut App, action: Action) {
    match action {
        Action::NextTab => app.tab = Tab::from_index((app.tab.index() + 1) % Tab::ALL.len()),
        Action::PrevTab => {
            app.tab = Tab::from_index((app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
        }
        Action::GoTab(i) if i < Tab::ALL.len() => app.tab = Tab::from_index(i),
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
            app.tab = Tab::Respondents;
            app.respondents.start_search();
            app.mode = Mode::Search;
        }
        Action::Export => match crate::tui::export::export_current_view(&app.export_view()) {
            Ok(path) => app.set_info(format!("exported to {}", path.display())),
            Err(e) => app.set_error(format!("export failed: {e}")),
        },
        Action::Click(x, y) => click(app, x, y),
        _ => delegate(app, action),
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let screen = layout::screen(app.size);
    let areas = layout::layout(screen);
    if y == areas.tabs.y {
        if let Some(tab) = layout::tab_at(x, areas.tabs) {
            app.tab = tab;
        }
        return;
    }
    delegate(app, Action::Click(x, y));
}

/// Navigation goes to the tab on screen.
fn delegate(app: &mut App, action: Action) {
    let body = layout::layout(layout::screen(app.size)).body;
    let Some(analysis) = app.analysis.as_ref() else {
        return;
    };
    let summary = &analysis.summary;
    match app.tab {
        Tab::Overview => app.overview.handle(action, summary, body),
        Tab::Gap => app.gap.handle(action, summary, body),
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
        Action::ApplyFilter => {
            let draft = app.picker.draft.clone();
            app.mode = Mode::Normal;
            app.set_filter(draft);
        }
        _ => {}
    }
}

fn update_search(app: &mut App, action: Action) {
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
                app.set_info(format!("found \"{query}\""));
            } else {
                app.set_error(format!("no respondent id contains \"{query}\""));
            }
        }
        _ => {}
    }
}
