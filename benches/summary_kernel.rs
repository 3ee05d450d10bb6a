//! Kernel timing for BENCHMARKS.md: the dashboard's recompute path. Loads a study once,
//! then times `paradox::analysis::summarize` for the unfiltered study and for filter
//! changes (one cohort; one level of the first group), as the dashboard does on each
//! keypress, and once more with the adjusted models (the report's path, and the dashboard's
//! Models tab). Prints the median of `REPEAT` runs per case, in milliseconds.
//!
//! usage: `cargo bench --bench summary_kernel -- STUDY_DIR`

use std::time::Instant;

use paradox::analysis::{summarize, AnalysisOptions, Filter};
use paradox::import::{load_study, LoadOptions};

const REPEAT: usize = 5;

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..REPEAT)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[REPEAT / 2]
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        // Also what `cargo bench` / `cargo test --all-targets` run: nothing to measure.
        eprintln!("usage: summary_kernel STUDY_DIR (none given: nothing measured)");
        return;
    };
    let t = Instant::now();
    let study = match load_study(Some(std::path::Path::new(&dir)), &LoadOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let load_s = t.elapsed().as_secs_f64();
    // The dashboard's filter recompute leaves the adjusted models out (they are fitted on
    // demand when its Models tab is open); the report computes them, timed separately below.
    let opts = AnalysisOptions {
        models: false,
        ..AnalysisOptions::default()
    };
    let all = Filter::default();
    let mut one_cohort = Filter::default();
    one_cohort.cohorts.insert(0);
    let mut one_level = Filter::default();
    if !study.groups.is_empty() {
        one_level.groups.entry(0).or_default().insert(0);
    }
    let cases = [
        ("all", &all),
        ("one_cohort", &one_cohort),
        ("one_group_level", &one_level),
    ];
    println!("respondents={} load_seconds={load_s:.3}", study.ids.len());
    for (name, filter) in cases {
        let ms = median_ms(|| {
            std::hint::black_box(summarize(&study, filter, &opts));
        });
        println!("summarize_{name}_ms={ms:.1}");
    }
    let with_models = AnalysisOptions::default();
    let ms = median_ms(|| {
        std::hint::black_box(summarize(&study, &all, &with_models));
    });
    println!("summarize_all_with_models_ms={ms:.1}");
}
