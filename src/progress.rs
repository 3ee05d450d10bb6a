//! Progress on stderr for long work (indicatif): shown only when stderr is a terminal, so
//! logs and pipes stay clean.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` steps, or `None` when stderr is not a terminal.
pub fn bar(len: u64, message: &str) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template(
        "{msg:>24} [{bar:40.cyan/blue}] {human_pos}/{human_len} ({eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message.to_string());
    Some(bar)
}

/// Records (survey rows, events) this process has read, for the dashboard's loading screen.
static RECORDS: AtomicU64 = AtomicU64::new(0);

/// Records read so far by this process (counted in batches: may trail by a few thousand).
pub fn records_read() -> u64 {
    RECORDS.load(Ordering::Relaxed)
}

/// Adds `n` records read (a block of events, a row group).
pub fn add_records(n: u64) {
    RECORDS.fetch_add(n, Ordering::Relaxed);
}

/// Counts records one by one and adds them to [`records_read`] in batches (and when
/// dropped), so that counting costs no shared write per record.
#[derive(Debug, Default)]
pub struct RecordCounter {
    pending: u64,
}

impl RecordCounter {
    const BATCH: u64 = 4096;

    pub fn tick(&mut self) {
        self.pending += 1;
        if self.pending == Self::BATCH {
            add_records(self.pending);
            self.pending = 0;
        }
    }
}

impl Drop for RecordCounter {
    fn drop(&mut self) {
        if self.pending > 0 {
            add_records(self.pending);
        }
    }
}

/// Wall time (and, on Linux, the process's CPU time) of one phase of long work, printed to
/// stderr when it ends if the environment variable `PARADOX_TIMINGS` is set (used to break
/// a benchmark run down; CPU time stays meaningful when other work shares the machine).
pub struct Phase {
    name: &'static str,
    start: Option<(std::time::Instant, Option<f64>)>,
}

/// Starts timing `name` (a no-op unless `PARADOX_TIMINGS` is set).
pub fn phase(name: &'static str) -> Phase {
    let on = std::env::var_os("PARADOX_TIMINGS").is_some();
    Phase {
        name,
        start: on.then(|| (std::time::Instant::now(), cpu_seconds())),
    }
}

/// User + system CPU seconds of this process so far, from `/proc/self/stat` (fields 14 and
/// 15, in clock ticks; 100 per second on Linux), or `None` where that file does not exist.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is parenthesised and may hold spaces: count after it.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Resident memory now and at its peak so far, from `/proc/self/status` (Linux).
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(format!(
        "  rss {:>5} MB  peak {:>5} MB",
        field("VmRSS:")? / 1024,
        field("VmHWM:")? / 1024
    ))
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some((t, cpu0)) = self.start {
            let cpu = match (cpu0, cpu_seconds()) {
                (Some(a), Some(b)) => format!("  cpu {:>7.2} s", b - a),
                _ => String::new(),
            };
            eprintln!(
                "timing {:<28} {:>8.3} s{cpu}{}",
                self.name,
                t.elapsed().as_secs_f64(),
                memory().unwrap_or_default()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_counted_in_batches_and_when_the_counter_is_dropped() {
        // Other tests read files at the same time: the count only grows, by at least ours.
        let before = records_read();
        {
            let mut c = RecordCounter::default();
            for _ in 0..RecordCounter::BATCH + 3 {
                c.tick();
            }
            assert!(records_read() >= before + RecordCounter::BATCH);
        }
        assert!(records_read() >= before + RecordCounter::BATCH + 3);
    }
}
