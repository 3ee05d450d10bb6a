//! Sorting the Respondents table off the UI thread: `[` / `]` (and new rows under a sort)
//! hand the rows to a short-lived thread, which sends the order back; the dashboard keeps
//! drawing (with a spinner) meanwhile. Requests carry a generation number; only the answer
//! to the newest one is used.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::study::Study;
use crate::tui::columns::{sorted_order, Column};
use crate::tui::worker::Analysis;

/// A finished sort.
#[derive(Debug)]
pub struct Sorted {
    pub generation: u64,
    /// The rows the order is for (a sort of rows since replaced is dropped).
    pub analysis: Arc<Analysis>,
    pub order: Vec<usize>,
    pub elapsed: Duration,
}

pub struct Sorter {
    tx: Sender<Sorted>,
    rx: Receiver<Sorted>,
    generation: u64,
    /// The generation still being sorted, if any.
    pub pending: Option<u64>,
}

impl Default for Sorter {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        Sorter {
            tx,
            rx,
            generation: 0,
            pending: None,
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
        let spawned = std::thread::Builder::new()
            .name("paradox-sort".into())
            .spawn(move || {
                let started = Instant::now();
                let order = sorted_order(&analysis.rows, &study, col, descending);
                let _ = tx.send(Sorted {
                    generation,
                    analysis,
                    order,
                    elapsed: started.elapsed(),
                });
            });
        self.pending = spawned.is_ok().then_some(generation);
        spawned.is_ok()
    }

    /// The newest finished sort, if it answers the newest request. Never blocks.
    pub fn try_take(&mut self) -> Option<Sorted> {
        let mut out = None;
        while let Ok(s) = self.rx.try_recv() {
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
                Ok(s) if Some(s.generation) == self.pending => {
                    self.pending = None;
                    return Some(s);
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// Forgets a sort still running (its answer will be dropped).
    pub fn cancel(&mut self) {
        self.pending = None;
    }
}
