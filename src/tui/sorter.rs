//! Sorting the Respondents table off the UI thread: `[` / `]` (and new rows under a sort)
//! hand the rows to a short-lived thread, which sends the order back; the dashboard keeps
//! drawing (with a spinner) meanwhile. Requests carry a generation number; only the answer
//! to the newest one is used.
//!
//! The last few sorted orders are kept (as study rows). When a filter narrows the rows
//! under a sort, the new rows' order is the kept order of a larger row set restricted to
//! them ([`columns::restrict_order`]: one pass, no comparison, the same order and ties as a
//! fresh sort); only when no kept order covers the new rows are they sorted afresh.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::study::Study;
use crate::tui::columns::{self, sorted_order, Column};
use crate::tui::worker::Analysis;

/// How many sorted orders are kept for later requests (4 MB each at a million rows).
const KEPT: usize = 4;

/// A finished sort.
#[derive(Debug)]
pub struct Sorted {
    pub generation: u64,
    /// The rows the order is for (a sort of rows since replaced is dropped).
    pub analysis: Arc<Analysis>,
    pub order: Vec<usize>,
    pub elapsed: Duration,
    /// The order was a kept order restricted to these rows, not a sort.
    pub restricted: bool,
    /// A fresh sort's order as study rows, to be kept.
    fresh: Option<Kept>,
}

/// A sorted order kept for later requests: the rows in display order, as study rows.
#[derive(Debug, Clone)]
struct Kept {
    col: Column,
    descending: bool,
    rows: Arc<Vec<u32>>,
}

pub struct Sorter {
    tx: Sender<Sorted>,
    rx: Receiver<Sorted>,
    generation: u64,
    /// The generation still being sorted, if any.
    pub pending: Option<u64>,
    /// Recent fresh sorts, newest first.
    kept: Vec<Kept>,
}

impl Default for Sorter {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Sorter {
            tx,
            rx,
            generation: 0,
            pending: None,
            kept: Vec::new(),
        }
    }
}

impl Sorter {
    /// Starts sorting `analysis`' rows on `col`; an earlier sort still running is
    /// superseded. Returns false (and sorts nothing) when no thread could be started.
    pub fn request(
        &mut self,
        analysis: Arc<Analysis>,
        study: Arc<Study>,
        col: Column,
        descending: bool,
    ) -> bool {
        self.generation += 1;
        let generation = self.generation;
        let tx = self.tx.clone();
        // Kept orders that may cover these rows, the largest first.
        let n = analysis.rows.len();
        let mut covering: Vec<Arc<Vec<u32>>> = self
            .kept
            .iter()
            .filter(|k| k.col == col && k.descending == descending && k.rows.len() >= n)
            .map(|k| Arc::clone(&k.rows))
            .collect();
        covering.sort_by_key(|rows| std::cmp::Reverse(rows.len()));
        let spawned = std::thread::Builder::new()
            .name("paradox-sort".into())
            .spawn(move || {
                let started = Instant::now();
                let rows = &analysis.rows;
                let restricted = covering
                    .iter()
                    .find_map(|kept| columns::restrict_order(kept, rows, study.len()));
                let (order, fresh) = match restricted {
                    Some(order) => (order, None),
                    None => {
                        let order = sorted_order(rows, &study, col, descending);
                        let fresh = columns::study_rows(&order, rows).map(|r| Kept {
                            col,
                            descending,
                            rows: Arc::new(r),
                        });
                        (order, fresh)
                    }
                };
                let _ = tx.send(Sorted {
                    generation,
                    restricted: fresh.is_none(),
                    analysis,
                    order,
                    elapsed: started.elapsed(),
                    fresh,
                });
            });
        self.pending = spawned.is_ok().then_some(generation);
        spawned.is_ok()
    }

    /// Keeps a fresh sort's order (any generation: it is a true order of its rows).
    fn keep(&mut self, s: &mut Sorted) {
        if let Some(k) = s.fresh.take() {
            self.kept.retain(|o| {
                !(o.col == k.col && o.descending == k.descending && o.rows.len() == k.rows.len())
            });
            self.kept.insert(0, k);
            self.kept.truncate(KEPT);
        }
    }

    /// The newest finished sort, if it answers the newest request. Never blocks.
    pub fn try_take(&mut self) -> Option<Sorted> {
        let mut out = None;
        while let Ok(mut s) = self.rx.try_recv() {
            self.keep(&mut s);
            if Some(s.generation) == self.pending {
                self.pending = None;
                out = Some(s);
            }
        }
        out
    }

    /// Waits up to `timeout` for the newest sort (tests and benchmarks).
    pub fn wait(&mut self, timeout: Duration) -> Option<Sorted> {
        let deadline = Instant::now() + timeout;
        while self.pending.is_some() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(mut s) => {
                    self.keep(&mut s);
                    if Some(s.generation) == self.pending {
                        self.pending = None;
                        return Some(s);
                    }
                }
                Err(_) => return None,
            }
        }
        None
    }

    /// Forgets a sort still running (its answer will be dropped).
    pub fn cancel(&mut self) {
        self.pending = None;
    }

    /// Forgets the kept orders, so the next request sorts afresh (benchmarks time the sort
    /// itself this way).
    pub fn forget_kept(&mut self) {
        self.kept.clear();
    }
}
