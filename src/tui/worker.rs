//! The analysis worker: statistics are recomputed off the UI thread, once per filter or
//! weights change, so the dashboard keeps drawing (and shows a spinner) while a
//! large study is summarized. Requests carry a generation number; only the newest answer
//! is used, and a burst of requests is collapsed into one computation.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use crate::analysis::{self, AnalysisOptions, Filter, Respondents, Source, Summary};
use crate::privacy::{PublishOptions, Published};
use crate::study::Study;

/// The thread name; the panic hook recognizes it (a panic there is reported in the status
/// bar instead of tearing the terminal down).
pub const THREAD_NAME: &str = "paradox-analysis";

struct Request {
    generation: u64,
    filter: Filter,
    options: AnalysisOptions,
}

/// One finished computation.
#[derive(Debug)]
pub struct Computed {
    pub generation: u64,
    pub result: Result<Analysis, String>,
}

/// What the dashboard shows for one filter: the summary and the per-respondent rows.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Unsuppressed: what the analyst sees.
    pub summary: Summary,
    /// The same summary published at the codebook's `min_cell` (once per recompute): what
    /// an export shows and writes. Cells null here but not in `summary` are marked `†`.
    pub published: Published,
    /// The analysed respondents (the Respondents tab), from the same scores as `summary`.
    pub rows: Respondents,
    pub elapsed: Duration,
}

/// The UI side of the worker.
pub struct Worker {
    tx: Option<Sender<Request>>,
    rx: Receiver<Computed>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Worker {
    pub fn spawn(study: Arc<Study>) -> std::io::Result<Worker> {
        let (req_tx, req_rx) = mpsc::channel::<Request>();
        let (res_tx, res_rx) = mpsc::channel::<Computed>();
        let handle = thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || serve(&study, &req_rx, &res_tx))?;
        Ok(Worker {
            tx: Some(req_tx),
            rx: res_rx,
            handle: Some(handle),
        })
    }

    /// Asks for a new analysis; returns false when the worker is gone.
    pub fn request(&self, generation: u64, filter: Filter, options: AnalysisOptions) -> bool {
        self.tx.as_ref().is_some_and(|tx| {
            tx.send(Request {
                generation,
                filter,
                options,
            })
            .is_ok()
        })
    }

    /// A finished result, if one is waiting. Never blocks.
    pub fn try_take(&self) -> Option<Computed> {
        match self.rx.try_recv() {
            Ok(c) => Some(c),
            Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => None,
        }
    }

    /// Waits up to `timeout` for a result (tests and the first frame).
    pub fn wait(&self, timeout: Duration) -> Option<Computed> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the request channel ends the worker's loop after its current job. It is
        // not joined: quitting must not wait for a large study's analysis to finish, and
        // the process ending stops the thread anyway.
        self.tx = None;
        drop(self.handle.take());
    }
}

/// The dashboard's work on a filter change: the summary, its published form and the
/// respondents' rows (also what `benches/summary_kernel.rs` times as the recompute).
pub fn analyse(study: &Study, filter: &Filter, options: &AnalysisOptions) -> Analysis {
    let started = Instant::now();
    let (summary, rows) = analysis::summarize_with_respondents(study, filter, options);
    let min_cell = summary.disclosure_control.min_cell;
    let published = crate::privacy::publish(
        &Source::new(study, filter, options),
        &summary,
        &PublishOptions::suppress_below(min_cell),
    );
    Analysis {
        summary,
        published,
        rows,
        elapsed: started.elapsed(),
    }
}

fn serve(study: &Study, requests: &Receiver<Request>, results: &Sender<Computed>) {
    while let Ok(mut req) = requests.recv() {
        // Only the newest filter matters: skip requests that were overtaken while busy.
        while let Ok(newer) = requests.try_recv() {
            req = newer;
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            analyse(study, &req.filter, &req.options)
        }));
        let result = outcome.map_err(|payload| panic_message(payload.as_ref()));
        let done = Computed {
            generation: req.generation,
            result,
        };
        if results.send(done).is_err() {
            return;
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("the analysis failed: {text}")
}
