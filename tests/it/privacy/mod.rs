//! Disclosure control (suppression of small cells, complementary suppression, Laplace
//! noise) through the public API: hand-built summaries with a tiny cohort (`summaries`),
//! hand-counted suppression, the "no count in 1..min_cell−1" and "no line with one hidden
//! value" invariants checked independently on the published JSON (`audit`), and the Laplace
//! noise of differential privacy.

mod audit;
mod summaries;

use paradox::analysis::summary::*;
use paradox::analysis::{summarize, AnalysisOptions, Filter};
use paradox::import::{load_study, LoadOptions};
use paradox::privacy::{
    publish_summary, suppressed_paths, would_suppress_count, would_suppress_proportion,
};

use crate::util::fixture;

use audit::*;
use summaries::*;

/// The checker itself can fail: hiding only the small cells of cohort C (no complementary
/// suppression) leaves them recoverable from the cohort total and the overall table.
#[test]
fn threshold_rule_alone_is_caught_by_the_checker() {
    let mut s = gap_only();
    s.cohorts[2].n = None;
    let c = &mut s.gap.by_cohort.as_mut().expect("by cohort")[2];
    c.concern_table = [[None, Some(0)], [None, None]];
    c.n = None;
    let r = recoverable(&s, true);
    assert!(r.contains(&"cohorts[C]".to_string()), "{r:?}");
    assert!(r.iter().any(|p| p.starts_with("gap.Some(\"C\")")), "{r:?}");
}

#[test]
fn predicates_follow_the_threshold_rule() {
    assert!(!would_suppress_count(0, 10));
    assert!(would_suppress_count(1, 10));
    assert!(would_suppress_count(9, 10));
    assert!(!would_suppress_count(10, 10));
    assert!(!would_suppress_count(3, 0));
    // 12 of 15: the complement 3 is small.
    assert!(would_suppress_proportion(12, 15, 10));
    assert!(!would_suppress_proportion(0, 15, 10));
    assert!(!would_suppress_proportion(15, 15, 10));
    assert!(would_suppress_proportion(0, 9, 10));
    assert!(!would_suppress_proportion(1, 2, 1));
}

/// The hand count (min_cell 10). Threshold: cohort C (3) and C's gap cells 1, 1, 1 and n 3
/// — 5 counts; C's zero cell stays. Complementary (smallest non-zero part, first on ties):
/// the cohort line {50, 52, 3 | 105} takes A (50); the cohort-linking lines of the gap take
/// B.a 14 (cell [0][0]), A.c 12 ([1][0]), A.d 13 ([1][1]), A.n 50 (n); the margins B's row
/// (24 concerned) and B's column (26 disclosers); then A's columns need A.a and A.b, B's
/// rows and columns need B.c and B.b — 9 counts. Nulled values: cohorts 2; block A: 5
/// counts + its 14 statistics (its n is hidden); block B: 3 counts + concerned, disclosers,
/// paradoxical (each with CI), expected, RD and its CI = 9; block C: 4 counts + 14
/// statistics; the behaviour match rate (103 of 105: 2 unmatched) — 52 in all.
#[test]
fn hand_counted_suppression_of_a_tiny_cohort() {
    let s = gap_only();
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        52,
        "{:#?}",
        suppressed_paths(&s, &p)
    );
    assert_eq!(p.disclosure_control.min_cell, 10);
    let cohorts: Vec<Option<u64>> = p.cohorts.iter().map(|c| c.n).collect();
    assert_eq!(cohorts, vec![None, Some(52), None]);
    let by = p.gap.by_cohort.as_ref().expect("by cohort");
    assert_eq!(by[0].concern_table, [[None, None], [None, None]]);
    assert_eq!(by[0].n, None);
    assert_eq!(by[0].spearman_rho, None);
    assert_eq!(by[1].concern_table, [[None, None], [None, Some(14)]]);
    assert_eq!(by[1].n, Some(50));
    assert_eq!(
        (by[1].concerned, by[1].disclosers, by[1].paradoxical),
        (None, None, None)
    );
    assert_eq!(by[1].spearman_rho, P, "B's n is published, so its ρ stays");
    assert_eq!(by[2].concern_table, [[None, Some(0)], [None, None]]);
    assert_eq!(
        by[2],
        GapBlock {
            cohort: Some("C".into()),
            concern_table: [[None, Some(0)], [None, None]],
            ..GapBlock::default()
        }
    );
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!(
        o,
        &s.gap.overall.clone().expect("overall"),
        "overall is untouched"
    );
    assert_eq!(p.study.behavior_match_rate, None);
    assert!(
        p.notes.iter().any(|n| n.contains("5 counts from 1 to 9")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("9 further counts")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("52 values suppressed")),
        "{:?}",
        p.notes
    );
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
}

#[test]
fn tiny_cohort_is_null_everywhere() {
    let s = full();
    let p = publish_summary(&s, 10, None, None);
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
    assert_eq!(p.cohorts[2].n, None);
    let c = &p.gap.by_cohort.as_ref().expect("by cohort")[2];
    assert_eq!(
        (c.n, c.concerned, c.paradoxical, c.disclosure_rd),
        (None, None, None, None)
    );
    let t = &p.tactics[0].by_cohort[2];
    assert_eq!(t.n, None);
    assert_eq!(t.levels, vec![None, None, Some(0), None, Some(0)]);
    assert_eq!((t.acceptable, t.intrusive, t.neutral), (None, None, None));
    let d = &p.distributions.concern_by_cohort[2];
    assert_eq!((d.n, &d.counts), (None, &vec![Some(0), None, None]));
    let k = p.gap.kruskal_concern.as_ref().expect("kruskal");
    for pair in &k.pairwise {
        let has_c = pair.a == "C" || pair.b == "C";
        assert_eq!(pair.p.is_none(), has_c, "{pair:?}");
    }
    assert_eq!(k.h, Some(4.0), "the test itself rests on 105 respondents");
    // The χ² tables have hidden cells, so their χ² could pin them down.
    assert_eq!(p.gap.chi2_paradoxical.as_ref().and_then(|c| c.chi2), None);
    assert_eq!(p.tactics[0].chi2.as_ref().and_then(|c| c.chi2), None);
    // b = 5 of the data type is small: McNemar, which is a function of b and c, goes too.
    let dt = &p.data_types[0];
    assert_eq!(dt.table[0][1], None);
    assert_eq!((dt.mcnemar_p, dt.mcnemar_or), (None, None));
    // Scales rest on 100 and 105 respondents.
    assert_eq!(p.scales[0], s.scales[0]);
    // The count equals the number of values that went from present to null.
    let paths = suppressed_paths(&s, &p);
    assert_eq!(p.disclosure_control.suppressed_cells, paths.len() as u64);
    assert!(paths.contains(&"cohorts[2].n".to_string()), "{paths:?}");
}

#[test]
fn off_when_min_cell_is_0_or_1() {
    let s = full();
    for m in [0, 1] {
        let p = publish_summary(&s, m, None, None);
        assert_eq!(p.disclosure_control.suppressed_cells, 0);
        assert_eq!(p.disclosure_control.min_cell, m);
        let mut expected = s.clone();
        expected.disclosure_control.min_cell = m;
        assert_eq!(p, expected);
    }
}

/// A 2×2 with one small cell and zeros beside it: the zeros cannot protect it, so the
/// suppression has to reach the large cell and the margins.
#[test]
fn zeros_do_not_protect_a_small_cell() {
    let mut s = gap_only();
    s.gap.by_cohort = None;
    s.gap.overall = Some(block(None, t2(3, 0, 0, 100)));
    s.study.behavior_match_rate = None;
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(105),
    }];
    let p = publish_summary(&s, 10, None, None);
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!(o.concern_table, [[None, Some(0)], [Some(0), None]]);
    assert_eq!(o.n, Some(103));
    assert_eq!(
        (o.concerned, o.disclosers, o.paradoxical),
        (None, None, None)
    );
    assert_nothing_recoverable(&p);
}

#[test]
fn a_lone_small_cohort_is_reported_as_unprotectable() {
    let mut s = gap_only();
    s.gap = Gap {
        collapsed: None,
        overall: None,
        by_cohort: None,
        kruskal_concern: None,
        chi2_paradoxical: None,
    };
    s.study.analysed = 4;
    s.study.behavior_match_rate = None;
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(4),
    }];
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(p.cohorts[0].n, None);
    assert!(
        p.notes.iter().any(|n| n.contains("cannot be protected")),
        "{:?}",
        p.notes
    );
}

#[test]
fn small_counts_are_scrubbed_from_notes() {
    let mut s = gap_only();
    s.notes = vec![
        "data_types[x].mcnemar_or: undefined when b = 0 or c = 0 (b = 0, c = 3)".into(),
        "gap.by_cohort[C].spearman_rho: Spearman needs at least 4 pairs, got 3".into(),
        "scales[x].alpha: Cronbach's alpha needs at least 2 complete respondents, got 1".into(),
        "tactics[y].chi2: a chi-square test needs at least 2 non-empty rows and columns, got 1×5"
            .into(),
    ];
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(
        p.notes[0],
        "data_types[x].mcnemar_or: undefined when b = 0 or c = 0"
    );
    assert_eq!(
        p.notes[1],
        "gap.by_cohort[C].spearman_rho: Spearman needs at least 4 pairs"
    );
    assert_eq!(
        p.notes[2],
        "scales[x].alpha: Cronbach's alpha needs at least 2 complete respondents"
    );
    assert!(
        p.notes[3].ends_with("got 1×5"),
        "not a respondent count: {}",
        p.notes[3]
    );
    assert_eq!(
        publish_summary(&s, 0, None, None).notes,
        s.notes,
        "the analyst's view keeps them"
    );
}

// ---- differential privacy ----

#[test]
fn same_seed_same_output_and_no_seed_differs() {
    let s = full();
    let a = publish_summary(&s, 0, Some(1.0), Some(42));
    let b = publish_summary(&s, 0, Some(1.0), Some(42));
    assert_eq!(a, b);
    assert_eq!(a.disclosure_control.dp_epsilon, Some(1.0));
    let c = publish_summary(&s, 0, Some(1.0), None);
    let d = publish_summary(&s, 0, Some(1.0), None);
    // 30-odd cells with noise of scale 8: identical twice has probability far below 1e-20.
    assert_ne!(c, d);
    assert_ne!(a, c);
    assert!(a.notes.iter().any(|n| n.contains("NOT private")));
    assert!(!c.notes.iter().any(|n| n.contains("NOT private")));
    // The seed is not written anywhere.
    let text =
        serde_json::to_string(&publish_summary(&s, 0, Some(1.0), Some(987_654_321))).expect("json");
    assert!(!text.contains("987654321"));
}

/// Two tables (cohorts; one data type), ε = 0.5 ⇒ ε_table = 0.25, Laplace scale b = 4. The
/// mean of |round(X)| for X ~ Laplace(0, 4) is 3.98960 and its sd 4.0207 (scipy 1.x:
/// Σ |k|·(laplace.cdf(k+½, scale=4) − laplace.cdf(k−½, scale=4)) over k = −400..400), so
/// over 2000 seeds the standard error is 0.0899; ±0.4 is 4.4 standard errors. Without the
/// split (b = 2) or with the scale inverted the mean would be off by 2 or more.
#[test]
fn noise_has_scale_one_over_epsilon_per_table() {
    let mut s = gap_only();
    s.gap = Gap {
        collapsed: None,
        overall: None,
        by_cohort: None,
        kruskal_concern: None,
        chi2_paradoxical: None,
    };
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(1000),
    }];
    s.data_types = full().data_types;
    let draws = 2000;
    let mut sum = 0.0;
    for seed in 0..draws {
        let p = publish_summary(&s, 0, Some(0.5), Some(seed));
        let n = p.cohorts[0].n.expect("a noisy count");
        sum += (n as f64 - 1000.0).abs();
    }
    let mad = sum / draws as f64;
    assert!((mad - 3.98960).abs() < 0.4, "mean absolute error {mad}");
    let p = publish_summary(&s, 0, Some(0.5), Some(1));
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("2 count tables") && n.contains("ε = 0.25 each")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("mean absolute error ±4")),
        "{:?}",
        p.notes
    );
}

#[test]
fn dp_withholds_what_counts_cannot_give_and_derives_the_rest() {
    let s = full();
    let p = publish_summary(&s, 0, Some(2.0), Some(5));
    assert_eq!(p.scales[0].alpha, None);
    assert_eq!(p.scales[0].mean, None);
    assert_eq!(p.gap.kruskal_concern, None);
    assert_eq!(p.gap.chi2_paradoxical, None);
    assert_eq!(p.tactics[0].chi2, None);
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!((o.spearman_rho, o.concern_mean), (None, None));
    // Proportions are the noisy counts' shares.
    let [[a, b], [c, d]] = o.concern_table.map(|r| r.map(|v| v.expect("noisy") as f64));
    let n = a + b + c + d;
    assert_eq!(o.n, Some(n as u64));
    assert_eq!(o.concerned, Some((a + b) / n));
    assert_eq!(o.paradoxical, Some(a / n));
    assert_eq!(o.disclosure_rd, Some(a / (a + b) - c / (c + d)));
    let t = &p.tactics[0].overall;
    let l: Vec<f64> = t.levels.iter().map(|v| v.expect("noisy") as f64).collect();
    let tn: f64 = l.iter().sum();
    assert_eq!(t.acceptable, Some((l[3] + l[4]) / tn));
    assert_eq!(t.intrusive, Some((l[0] + l[1]) / tn));
    assert!(p.notes.iter().any(|n| n.contains("not published")));
    assert_eq!(p.disclosure_control.suppressed_cells, 0);
}

#[test]
fn dp_then_suppression_leaves_no_small_count() {
    let s = full();
    for seed in 0..50 {
        let p = publish_summary(&s, 10, Some(1.0), Some(seed));
        assert_no_small_counts(&p, 10);
        assert_nothing_recoverable_with(&p, false);
    }
}

#[test]
fn invalid_epsilon_publishes_no_count() {
    let s = full();
    let p = publish_summary(&s, 0, Some(0.0), Some(1));
    let mut counts = Vec::new();
    counts_in(&json(&p), &mut counts, "");
    assert_eq!(counts, vec![], "no count survives an invalid ε");
}

// ---- on a real study ----

#[test]
fn mini_fixture_published_with_its_min_cell() {
    let study = load_study(Some(&fixture("mini")), &LoadOptions::default()).expect("loads");
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = publish_summary(&s, 3, None, None);
    assert_no_small_counts(&p, 3);
    assert_nothing_recoverable(&p);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        suppressed_paths(&s, &p).len() as u64
    );
    assert!(p.disclosure_control.suppressed_cells > 0);
    let q = publish_summary(&s, 3, Some(1.0), Some(3));
    assert_no_small_counts(&q, 3);
}

// ---- random summaries ----

#[test]
fn random_summaries_leave_nothing_small_or_recoverable() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2024);
    for round in 0..400 {
        let s = random_summary(&mut rng);
        let min_cell = [3, 5, 10][round % 3];
        let p = publish_summary(&s, min_cell, None, None);
        assert_no_small_counts(&p, u64::from(min_cell));
        assert_nothing_recoverable(&p);
        assert_eq!(
            p.disclosure_control.suppressed_cells,
            suppressed_paths(&s, &p).len() as u64
        );
        if round % 10 == 0 {
            let q = publish_summary(&s, min_cell, Some(2.0), Some(round as u64));
            assert_no_small_counts(&q, u64::from(min_cell));
            assert_nothing_recoverable_with(&q, false);
        }
    }
}

/// The bundled sample study (2400 respondents, min_cell 10 in its codebook), and again with
/// a threshold of 60 so that whole cohort rows must go.
#[test]
fn sample_study_published() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let study = load_study(Some(&dir), &LoadOptions::default()).expect("the sample loads");
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = publish_summary(&s, 10, None, None);
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        suppressed_paths(&s, &p).len() as u64
    );
    let q = publish_summary(&s, 10, Some(1.0), Some(11));
    assert_no_small_counts(&q, 10);
    assert_nothing_recoverable_with(&q, false);
    // A stricter threshold hides more.
    let r = publish_summary(&s, 60, None, None);
    assert_no_small_counts(&r, 60);
    assert_nothing_recoverable(&r);
    assert!(r.disclosure_control.suppressed_cells > p.disclosure_control.suppressed_cells);
}

/// `min_cell` 0 and 1 are one setting, "suppression off", everywhere: the same report files
/// but for the number recorded (the manifest, `summary.json`'s and `study.csv`'s
/// `min_cell`, and the sentence that names it).
#[test]
fn min_cell_zero_and_one_behave_alike_everywhere() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let t = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = |m: &str| t.path().join(format!("mc{m}"));
    for m in ["0", "1"] {
        crate::util::TestCommand::new()
            .arg("report")
            .arg(&sample)
            .args(["--min-cell", m, "--out"])
            .arg(out(m))
            .run()
            .assert_exit(0);
    }
    let a = tree(&out("0"));
    let b = tree(&out("1"));
    assert!(a.len() > 20, "a whole report: {} files", a.len());
    assert_eq!(
        a.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        b.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "same files"
    );
    for ((path, ha), (_, hb)) in a.iter().zip(&b) {
        if ha == hb {
            continue;
        }
        let text = |m: &str| {
            std::fs::read_to_string(out(m).join(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .replace("\"min_cell\": 0", "\"min_cell\": 1")
                .replace("min_cell,0", "min_cell,1")
                .replace("min\\_cell = 0", "min\\_cell = 1")
                .replace("min_cell = 0", "min_cell = 1")
        };
        if path == "manifest.json" {
            // Besides min_cell, only the hashes of the files that record it differ.
            let strip = |s: String| {
                s.lines()
                    .filter(|l| !l.contains("\"sha256\""))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(text("0")), strip(text("1")), "{path}");
            continue;
        }
        assert_eq!(
            text("0"),
            text("1"),
            "{path} differs beyond the recorded min_cell"
        );
        assert!(
            !text("1").contains("from 1 to 0"),
            "{path}: suppression described as on at min_cell 1"
        );
    }
    let md = std::fs::read_to_string(out("1").join("report.md")).unwrap_or_default();
    assert!(
        md.contains("turned off (min\\_cell = 1)"),
        "report.md names the setting"
    );
}

/// (relative path, SHA-256) of every file under `dir`, sorted.
fn tree(dir: &std::path::Path) -> Vec<(String, String)> {
    fn walk(base: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push((rel.to_string_lossy().into_owned(), crate::util::sha(&p)));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
