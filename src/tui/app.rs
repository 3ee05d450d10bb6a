//! Dashboard state and the calls that change it, made by [`crate::tui::update`]. The `App` holds the
//! study, the active filter, the last finished analysis (and a few earlier ones, so the
//! Models and Robustness results are computed once per filter), one small state struct per
//! tab, and the scroll of each tab's body; rendering reads it (each tab its own state and a
//! read-only `View`) and never computes a statistic. Movement keys go to the tab first and
//! scroll its body once the tab's own list is at its end (see [`crate::tui::scroll`]).
//! The actions themselves are applied in `update.rs`.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::analysis::{AnalysisOptions, Filter};
use crate::study::Study;
use crate::tui::action::Mode;
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
    pub(crate) search_origin: u16,
    pub picker: FilterPicker,
    /// The `F` overlay's items and the counts of the one shown.
    pub freq: crate::tui::freq::FreqState,
    /// The Respondents table's sorts, on a thread of their own.
    pub sorter: crate::tui::sorter::Sorter,
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
            freq: Default::default(),
            sorter: Default::default(),
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

    /// An analysis or a sort is being computed (the spinner turns).
    pub fn is_busy(&self) -> bool {
        self.pending.is_some() || self.sorter.pending.is_some()
    }

    /// Sorts the Respondents table on its sort column, on the sort thread.
    pub(crate) fn request_sort(&mut self) {
        let (Some(analysis), Some(c)) = (self.analysis.clone(), self.respondents.sort) else {
            return;
        };
        let cols = crate::tui::columns::columns(&self.study);
        let Some(&col) = cols.get(c) else {
            return;
        };
        let desc = self.respondents.descending;
        let started = self
            .sorter
            .request(analysis, Arc::clone(&self.study), col, desc);
        self.respondents.sorting = started;
        if !started {
            self.set_error("could not start a thread to sort the table");
        }
    }

    /// Drops every cached analysis but the one on screen, so the next filter is computed
    /// again (benchmarks time the recompute this way).
    pub fn forget_cached_analyses(&mut self) {
        let on_screen = self.analysis.clone();
        self.cache
            .retain(|(_, c)| on_screen.as_ref().is_some_and(|a| Arc::ptr_eq(a, c)));
    }

    /// Takes the sort thread's answer, if it is for the rows on screen.
    pub(crate) fn accept_sort(&mut self, done: crate::tui::sorter::Sorted) {
        if self
            .analysis
            .as_ref()
            .is_some_and(|a| Arc::ptr_eq(a, &done.analysis))
        {
            self.respondents.set_order(done.order);
        }
    }

    pub(crate) fn request_analysis(&mut self) {
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
        if let Some(sorted) = self.sorter.try_take() {
            self.accept_sort(sorted);
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
        // A sort of the new rows follows the analysis.
        if self.sorter.pending.is_some() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.sorter.wait(left) {
                Some(sorted) => self.accept_sort(sorted),
                None => return false,
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
        if !same_rows {
            self.respondents.on_new_rows(&analysis.rows);
        }
        // A narrower filter can leave fewer rows than the selection pointed at.
        let s = &analysis.summary;
        let last = |n: usize| n.saturating_sub(1);
        let blocks = crate::tui::tabs::gap::blocks(s).len();
        self.gap.selected = self.gap.selected.min(last(blocks));
        self.data_types.selected = self.data_types.selected.min(last(s.data_types.len()));
        self.tactics.selected = self.tactics.selected.min(last(s.tactics.len()));
        self.overview.selected_scale = self.overview.selected_scale.min(last(s.scales.len()));
        self.analysis = Some(analysis);
        if same_rows {
            return;
        }
        // The sort follows new rows, off the UI thread like any sort.
        self.sorter.cancel();
        self.respondents.sorting = false;
        self.request_sort();
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
    pub(crate) fn ensure_models(&mut self) {
        let missing = self.analysis.as_ref().is_some_and(|a| match self.tab {
            Tab::Models => !a.summary.models.computed,
            Tab::Robustness => !has_groups(a, &self.study),
            _ => false,
        });
        if missing && self.pending.is_none() {
            self.request_analysis();
        }
    }

    pub(crate) fn set_filter(&mut self, filter: Filter) {
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
