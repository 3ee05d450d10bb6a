//! The Respondents table's order under a filter, taken from a larger row set's sorted order
//! (`columns::restrict_order`) instead of a fresh sort: on a synthetic study, for every
//! column in both directions and several filters (cohort, group level, score conditions,
//! screening), it equals the fresh sort of the filtered rows exactly, ties included; a row
//! set that is not a subset is refused. And through the app: a filter under a sort shows
//! the same order as sorting the filtered rows afresh.

use std::time::Duration;

use paradox::analysis::{AnalysisOptions, Comparison, Filter, ScoreCondition};
use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;
use paradox::tui::columns::{self, restrict_order, sorted_order, study_rows, Column};
use paradox::tui::worker::analyse;
use paradox::tui::{update, Action, App};

const WAIT: Duration = Duration::from_secs(60);

fn synth_study(respondents: u64, careless: Option<f64>) -> (tempfile::TempDir, Study) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("explorer");
    let opts = paradox::synth::SynthOptions {
        respondents,
        seed: 5,
        out: out.clone(),
        events: false,
        force: false,
        careless,
    };
    if let Err(e) = paradox::synth::generate(&opts, &|_| {}) {
        panic!("synth: {e}");
    }
    let study = load_study(Some(&out), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    (tmp, study)
}

fn options() -> AnalysisOptions {
    AnalysisOptions {
        use_weights: true,
        by_group: false,
        models: false,
    }
}

fn filters(study: &Study) -> Vec<Filter> {
    let mut out = Vec::new();
    let mut f = Filter::default();
    f.cohorts.insert(1);
    out.push(f);
    let mut f = Filter::default();
    f.groups.insert(0, [0u32].into_iter().collect());
    out.push(f);
    let mut f = Filter::default();
    f.scores.push(ScoreCondition::Disclosure {
        op: Comparison::Ge,
        value: 0.5,
    });
    out.push(f);
    let mut f = Filter::default();
    f.scores.push(ScoreCondition::Paradoxical(true));
    f.cohorts.insert(2);
    out.push(f);
    let mut f = Filter::default();
    f.scores.push(ScoreCondition::Scale {
        scale: 0,
        op: Comparison::Gt,
        value: 5.0,
    });
    out.push(f);
    if study.codebook.screening.is_some() {
        out.push(Filter {
            exclude_flagged: Some(true),
            ..Filter::default()
        });
    }
    out
}

#[test]
fn a_kept_order_restricted_to_filtered_rows_equals_a_fresh_sort_for_every_column() {
    let (_tmp, study) = synth_study(4_000, Some(0.05));
    let everyone = analyse(
        &study,
        &Filter {
            exclude_flagged: Some(false),
            ..Filter::default()
        },
        &options(),
    );
    assert_eq!(everyone.rows.len(), study.len());
    let subsets: Vec<_> = filters(&study)
        .iter()
        .map(|f| analyse(&study, f, &options()))
        .collect();
    assert!(subsets
        .iter()
        .all(|a| a.rows.len() < study.len() && !a.rows.is_empty()));
    for col in columns::columns(&study) {
        for descending in [false, true] {
            let whole = sorted_order(&everyone.rows, &study, col, descending);
            let kept = study_rows(&whole, &everyone.rows).expect("rows fit in 32 bits");
            for sub in &subsets {
                let fresh = sorted_order(&sub.rows, &study, col, descending);
                let restricted = restrict_order(&kept, &sub.rows, study.len());
                assert_eq!(
                    restricted.as_ref(),
                    Some(&fresh),
                    "{col:?} descending={descending}, {} rows",
                    sub.rows.len()
                );
                // From a kept order of a subset into its own subset, too.
                let sub_kept = study_rows(&fresh, &sub.rows).expect("32 bits");
                assert_eq!(
                    restrict_order(&sub_kept, &sub.rows, study.len()),
                    Some(fresh)
                );
            }
            // A row set that is not inside the kept one is refused.
            let a = &subsets[0];
            let b = &subsets[1];
            let a_order = sorted_order(&a.rows, &study, col, descending);
            let a_kept = study_rows(&a_order, &a.rows).expect("32 bits");
            assert_eq!(restrict_order(&a_kept, &b.rows, study.len()), None);
            assert_eq!(restrict_order(&a_kept, &everyone.rows, study.len()), None);
        }
    }
}

#[test]
fn ties_keep_file_order_in_a_restricted_order() {
    let (_tmp, study) = synth_study(2_000, None);
    let everyone = analyse(&study, &Filter::default(), &options());
    let mut f = Filter::default();
    f.scores.push(ScoreCondition::Paradoxical(false));
    let sub = analyse(&study, &f, &options());
    // Paradoxical, cohort and group levels have few values: long runs of ties (their cells
    // are equal exactly when their values are; rounded numbers are not checked here).
    let discrete = columns::columns(&study)
        .into_iter()
        .filter(|c| matches!(c, Column::Paradoxical | Column::Cohort | Column::Group(_)));
    for col in discrete {
        for descending in [false, true] {
            let whole = sorted_order(&everyone.rows, &study, col, descending);
            let kept = study_rows(&whole, &everyone.rows).expect("32 bits");
            let order = restrict_order(&kept, &sub.rows, study.len()).expect("a subset");
            let cell = |i: usize| columns::cell(&sub.rows, &study, i, col);
            for w in order.windows(2) {
                if cell(w[0]) == cell(w[1]) {
                    assert!(w[0] < w[1], "{col:?}: ties in file order");
                }
            }
        }
    }
}

#[test]
fn a_filter_under_a_sort_shows_the_order_of_a_fresh_sort() {
    let (_tmp, study) = synth_study(3_000, None);
    let mut app = App::new(study).unwrap_or_else(|e| panic!("app: {e}"));
    assert!(app.wait_for_analysis(WAIT));
    update(&mut app, Action::GoTab(4));
    let cols = columns::columns(&app.study);
    for (k, col) in cols.iter().enumerate() {
        for descending in [true, false] {
            // Sorted on everyone, then filtered: the order comes from the kept one.
            update(&mut app, Action::OpenFilter);
            update(&mut app, Action::ClearFilter);
            update(&mut app, Action::ApplyFilter);
            assert!(app.wait_for_analysis(WAIT));
            app.respondents.cursor = k;
            update(&mut app, Action::Sort(descending));
            assert!(app.wait_for_analysis(WAIT));
            update(&mut app, Action::OpenFilter);
            update(&mut app, Action::ClearFilter);
            for c in "disclosure >= 0.5".chars() {
                update(&mut app, Action::SearchInput(c));
            }
            update(&mut app, Action::ApplyFilter);
            assert!(app.wait_for_analysis(WAIT));
            let a = app.analysis.clone().expect("an analysis");
            assert!(a.rows.len() < app.study.len());
            let fresh = sorted_order(&a.rows, &app.study, *col, descending);
            assert_eq!(
                app.respondents.order, fresh,
                "{col:?} descending={descending}"
            );
        }
    }
}
