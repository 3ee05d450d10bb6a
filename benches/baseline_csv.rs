//! The raw-parse baseline of BENCHMARKS.md: the `csv` crate alone reading the given files
//! into `ByteRecord`s on one thread, nothing else (no hashing, no parsing of values, no
//! id lookup). The speed target is stated as a ratio to this program's time.
//!
//! Run through `benches/run.sh`, or by hand:
//! `cargo bench --bench baseline_csv -- /tmp/big/survey.csv /tmp/big/events.csv`.

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; every other argument is a file to read.
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if files.is_empty() {
        // Also what `cargo bench` / `cargo test --all-targets` run: nothing to measure.
        eprintln!("usage: baseline_csv FILE... (no files given: nothing measured)");
        return;
    }
    let start = Instant::now();
    let mut records = 0u64;
    let mut fields = 0u64;
    let mut bytes = 0u64;
    for path in &files {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        };
        // The same reader settings a plain user of the crate would pick: default buffer,
        // flexible rows, no header handling (the header is just the first record).
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 20, file));
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    records += 1;
                    fields += record.len() as u64;
                    bytes += record.as_slice().len() as u64;
                }
                Ok(false) => break,
                Err(e) => {
                    eprintln!("{path}: {e}");
                    std::process::exit(1);
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("records={records} fields={fields} field_bytes={bytes} seconds={secs:.3}");
}
