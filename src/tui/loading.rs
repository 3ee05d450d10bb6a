//! The first frame before the study is loaded: the study is read on a thread of its own
//! while the terminal shows what is being read and how far it has got — the input files
//! with their sizes, the bytes this process has read so far (Linux: `/proc/self/io`), the
//! survey rows and events read (counted by the readers), and the phase (reading the files,
//! then assembling and checking the study). `q` or Ctrl-C leave at any time.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use ratatui::backend::Backend;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::{Frame, Terminal};

use crate::study::Study;
use crate::tui::action::{Action, Mode};
use crate::tui::theme;
use crate::tui::EventSource;

/// What is being loaded, for the progress view.
#[derive(Debug, Clone, Default)]
pub struct LoadProgress {
    /// Each input file (a folder's files listed one by one) with its size in bytes.
    pub files: Vec<(PathBuf, u64)>,
    /// Bytes the process had read when loading started.
    pub read_at_start: Option<u64>,
    /// Records (survey rows, events) the process had read when loading started.
    pub records_at_start: u64,
    pub started: Option<Instant>,
}

impl LoadProgress {
    /// The files of `inputs` (folders: the regular files directly inside).
    pub fn of(inputs: &[PathBuf]) -> LoadProgress {
        let mut files = Vec::new();
        for p in inputs {
            if p.is_dir() {
                let mut inside: Vec<(PathBuf, u64)> = std::fs::read_dir(p)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|e| {
                        let m = e.metadata().ok()?;
                        m.is_file().then(|| (e.path(), m.len()))
                    })
                    .filter(|(p, _)| is_input(p))
                    .collect();
                inside.sort();
                files.extend(inside);
            } else if let Ok(m) = std::fs::metadata(p) {
                files.push((p.clone(), m.len()));
            }
        }
        LoadProgress {
            files,
            read_at_start: bytes_read(),
            records_at_start: crate::progress::records_read(),
            started: Some(Instant::now()),
        }
    }

    /// Survey rows and events read since loading started.
    pub fn records(&self) -> u64 {
        crate::progress::records_read().saturating_sub(self.records_at_start)
    }

    pub fn total(&self) -> u64 {
        self.files.iter().map(|(_, n)| n).sum()
    }

    /// Bytes read since loading started, when the system says.
    pub fn read(&self) -> Option<u64> {
        Some(bytes_read()?.saturating_sub(self.read_at_start?))
    }
}

/// The file kinds a study folder's loader reads.
fn is_input(p: &std::path::Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("csv" | "tsv" | "txt" | "sav" | "zsav" | "toml")
    )
}

/// Bytes this process has read through system calls (`rchar` of `/proc/self/io`).
fn bytes_read() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("rchar:"))
        .and_then(|v| v.trim().parse().ok())
}

/// The loading thread's answer.
pub type Loaded = anyhow::Result<Study>;

/// Starts `load` on its own thread.
pub fn spawn(
    load: impl FnOnce() -> Loaded + Send + 'static,
    delay: Duration,
) -> std::io::Result<Receiver<Loaded>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("paradox-load".into())
        .spawn(move || {
            // A deliberate delay, for tests of this view.
            std::thread::sleep(delay);
            let _ = tx.send(load());
        })?;
    Ok(rx)
}

/// Draws the progress view until the study arrives (`Some`) or the user quits (`None`).
pub fn wait<B, E>(
    terminal: &mut Terminal<B>,
    progress: &LoadProgress,
    palette: theme::Palette,
    rx: &Receiver<Loaded>,
    events: &mut E,
) -> anyhow::Result<Option<Study>>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: EventSource,
{
    let mut tick = 0u64;
    loop {
        match rx.try_recv() {
            Ok(result) => return result.map(Some),
            Err(TryRecvError::Disconnected) => {
                anyhow::bail!("the study could not be loaded (the loading thread stopped)")
            }
            Err(TryRecvError::Empty) => {}
        }
        terminal.draw(|f| theme::with_palette(palette, || render(progress, tick, f)))?;
        if let Some(event) = events.next_event(Duration::from_millis(100))? {
            if let Some(Action::Quit) = crate::tui::action_for_event(&event, Mode::Help) {
                return Ok(None);
            }
        }
        tick = tick.wrapping_add(1);
    }
}

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

fn mb(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

/// The progress view: phase, bytes read of the total, the files, the time so far.
pub fn render(progress: &LoadProgress, tick: u64, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let total = progress.total();
    let read = progress.read();
    let phase = match read {
        Some(r) if total > 0 && r >= total => "assembling and checking the study",
        _ => "reading survey rows and events",
    };
    let spin = SPINNER[(tick % SPINNER.len() as u64) as usize];
    let elapsed = progress
        .started
        .map(|s| s.elapsed().as_secs_f64())
        .unwrap_or(0.0);
    let mut lines = vec![
        Line::styled("paradox · loading the study", theme::title()),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("{spin} "), theme::busy()),
            Span::raw(format!(" {phase} · {elapsed:.1} s")),
        ]),
    ];
    if let Some(r) = read.filter(|_| total > 0) {
        let share = (r as f64 / total as f64).min(1.0);
        let width = usize::from(area.width.saturating_sub(24)).clamp(10, 50);
        let filled = (share * width as f64).round() as usize;
        lines.push(Line::from(vec![
            Span::raw(format!("  read {} of {} ", mb(r.min(total)), mb(total))),
            Span::styled("█".repeat(filled), theme::good()),
            Span::styled("░".repeat(width - filled), theme::dim()),
            Span::raw(format!(" {:.0}%", share * 100.0)),
        ]));
    }
    let records = progress.records();
    if records > 0 {
        lines.push(Line::from(format!(
            "  {} survey rows and events read",
            crate::fmt::count(records)
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Input files", theme::header()));
    for (p, n) in &progress.files {
        lines.push(Line::from(vec![
            Span::raw(format!("  {:>9}  ", mb(*n))),
            Span::styled(p.display().to_string(), theme::dim()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("q quits", theme::dim()));
    let body = Rect::new(
        area.x + 1,
        area.y,
        area.width.saturating_sub(1),
        area.height,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}
