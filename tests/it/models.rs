//! Adjusted models and trend tests through the library: `summarize` on the
//! `models` fixture (written by tests/fixtures/models/make_fixture.py, which also prints the
//! statsmodels values pasted here), degenerate cases (separation, a one-level group, too few
//! cases), disclosure control of the `models` section, and the opt-in switch.

use crate::util::*;
use paradox::analysis::summary::LogitModel;
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};

fn load(dir: &std::path::Path) -> paradox::study::Study {
    load_study(Some(dir), &LoadOptions::default()).expect("study loads")
}

fn run(dir: &std::path::Path, use_weights: bool) -> Summary {
    let study = load(dir);
    summarize(
        &study,
        &Filter::default(),
        &AnalysisOptions {
            use_weights,
            models: true,
            by_group: true,
        },
    )
}

const TERMS: [&str; 7] = [
    "(intercept)",
    "concern",
    "cohort: Gen X",
    "cohort: Millennials",
    "cohort: Gen Z",
    "gender: m",
    "gender: x",
];

fn check_model(m: &LogitModel, beta: &[f64], se: &[f64]) {
    let names: Vec<&str> = m.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(names, TERMS);
    for ((t, b), s) in m.terms.iter().zip(beta).zip(se) {
        let (eb, es) = (t.estimate.expect("estimate"), t.se.expect("se"));
        assert!(
            approx(eb, *b, 1e-7 * b.abs().max(1.0)),
            "{}: {eb} vs {b}",
            t.term
        );
        assert!(approx(es, *s, 1e-7 * s), "{}: {es} vs {s}", t.term);
        // Odds ratio and Wald interval follow from the two.
        let or = t.odds_ratio.expect("or");
        assert!(approx(or, b.exp(), 1e-9 * or));
        let ci = t.ci.expect("ci");
        let z = 1.959963984540054;
        assert!(approx(ci[0], (b - z * s).exp(), 1e-6 * ci[0]));
        assert!(approx(ci[1], (b + z * s).exp(), 1e-6 * ci[1]));
        assert!(t.p.is_some_and(|p| (0.0..=1.0).contains(&p)));
    }
    assert_eq!(m.n, Some(400));
    assert_eq!(m.events, Some(218));
    assert_eq!(m.covariance, "HC1");
    assert!(m.converged);
}

#[test]
fn unweighted_model_matches_statsmodels() {
    // statsmodels 0.15.0 (make_fixture.py): res = sm.GLM(y, X, family=Binomial(),
    // var_weights=np.ones(n)).fit(tol=1e-13);
    // sandwich_covariance.cov_white_simple(res, use_correction=True)
    let s = run(&fixture("models"), false);
    let m = s.models.disclosure.as_ref().expect("estimated");
    check_model(
        m,
        &[
            1.219308175034342,
            -0.32426930300716567,
            0.22798044768166487,
            0.5840500442986869,
            0.7152871768837612,
            0.00220495678462104,
            -0.3344919651864269,
        ],
        &[
            0.35121001344833314,
            0.06138834283184075,
            0.295948122719393,
            0.297354447038972,
            0.30323605948671684,
            0.26084294961595594,
            0.26099712987614276,
        ],
    );
    assert!(!m.weighted);
    // The per-data-type model of the only data type is the same regression.
    let a = s.models.by_data_type[0].model.as_ref().expect("estimated");
    assert_eq!(a.outcome, "shared: a");
    assert_eq!(a.terms, m.terms);
}

#[test]
fn weighted_model_matches_statsmodels_var_weights() {
    // statsmodels 0.15.0: the same with var_weights=w (the weight column).
    let s = run(&fixture("models"), true);
    let m = s.models.disclosure.as_ref().expect("estimated");
    check_model(
        m,
        &[
            1.3080044799932675,
            -0.3355450604029405,
            0.15694066246527463,
            0.4343746503140867,
            0.5924017550155796,
            -0.07005984909426012,
            -0.2913794241587562,
        ],
        &[
            0.37966575606308334,
            0.06608909541716428,
            0.3178804282579253,
            0.32257637041343307,
            0.32715772817806893,
            0.2813982985982027,
            0.28128698025500587,
        ],
    );
    assert!(m.weighted);
    let sentence = m.sentence.as_deref().expect("sentence");
    assert!(
        sentence.starts_with("Each point more concern goes with 0.71\u{d7} the odds of disclosing (95% CI 0.63\u{2013}0.81), holding cohort and gender fixed; n = 400, weighted"),
        "{sentence}"
    );
}

#[test]
fn reference_levels_and_a_one_level_group_are_reported() {
    let s = run(&fixture("models"), true);
    let m = s.models.disclosure.as_ref().expect("estimated");
    assert_eq!(
        m.reference_levels.get("cohort").map(String::as_str),
        Some("Boomers")
    );
    assert_eq!(
        m.reference_levels.get("gender").map(String::as_str),
        Some("f")
    );
    assert!(!m.reference_levels.contains_key("site"));
    let note = m.note.as_deref().unwrap_or("");
    assert!(note.contains("site has one level (A)"), "{note}");
    assert!(m.terms.iter().all(|t| !t.term.starts_with("site")));
}

#[test]
fn trend_test_matches_numpy() {
    // numpy 1.26 / scipy (make_fixture.py): r = np.corrcoef(cohort score 1..4, t)[0, 1],
    // M² = (n − 1)·r², p = stats.chi2.sf(M², 1); acceptable = t > 3.
    let s = run(&fixture("models"), true);
    let t = &s.models.tactic_trends[0];
    assert_eq!(t.cohorts, ["Boomers", "Gen X", "Millennials", "Gen Z"]);
    let o = t.ordinal.as_ref().expect("ordinal");
    assert!(approx(o.r.unwrap(), 0.8015893769336844, 1e-12));
    assert!(approx(o.m2.unwrap(), 256.37566615596, 1e-9));
    assert!(approx(o.p.unwrap(), 1.0581697444491984e-57, 1e-66));
    assert_eq!((o.df, o.n), (Some(1), Some(400)));
    let a = t.acceptable.as_ref().expect("acceptable");
    assert!(approx(a.r.unwrap(), 0.7468467044849298, 1e-12));
    assert!(approx(a.m2.unwrap(), 222.55422000000004, 1e-9));
    assert!(approx(a.p.unwrap(), 2.507594735744185e-50, 1e-59));
}

/// The fixture copied with the outcome rewritten by `f(row index, birth year, a)`.
fn with_outcome(f: impl Fn(usize, &str, &str) -> String) -> tempfile::TempDir {
    let dir = copy_fixture("models");
    let path = dir.path().join("survey.csv");
    let text = std::fs::read_to_string(&path).expect("survey");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            cells[7] = f(i - 1, &cells[1], &cells[7]);
            out.push_str(&cells.join(","));
        }
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write");
    dir
}

#[test]
fn quasi_complete_separation_is_null_with_a_note() {
    // Every Gen Z respondent (born 2002) discloses.
    let dir = with_outcome(|_, by, a| if by == "2002" { "1".into() } else { a.into() });
    let s = run(dir.path(), true);
    assert!(s.models.disclosure.is_none());
    let note = s
        .notes
        .iter()
        .find(|n| n.starts_with("models.disclosure:"))
        .expect("a note");
    assert!(note.contains("quasi-complete separation"), "{note}");
    assert!(note.contains("cohort = Gen Z"), "{note}");
}

#[test]
fn complete_separation_by_concern_is_null_with_a_note() {
    // Disclosure exactly when c1 + c2 is small: concern separates the outcome perfectly.
    let dir = copy_fixture("models");
    let path = dir.path().join("survey.csv");
    let text = std::fs::read_to_string(&path).expect("survey");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
        } else {
            let mut c: Vec<String> = line.split(',').map(String::from).collect();
            let sum: u32 = c[5].parse::<u32>().unwrap() + c[6].parse::<u32>().unwrap();
            c[7] = if sum <= 8 { "1" } else { "0" }.into();
            out.push_str(&c.join(","));
        }
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write");
    let s = run(dir.path(), false);
    assert!(s.models.disclosure.is_none());
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("models.disclosure:") && n.contains("separation")),
        "{:?}",
        s.notes
    );
}

#[test]
fn too_few_cases_for_the_parameters_is_null() {
    // Keep 6 respondents (fewer than the 7 parameters): the rest lose their concern items.
    let dir = copy_fixture("models");
    let path = dir.path().join("survey.csv");
    let text = std::fs::read_to_string(&path).expect("survey");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 || i <= 6 {
            out.push_str(line);
        } else {
            let mut c: Vec<String> = line.split(',').map(String::from).collect();
            c[5] = String::new();
            c[6] = String::new();
            out.push_str(&c.join(","));
        }
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write");
    let s = run(dir.path(), false);
    assert!(s.models.disclosure.is_none());
    assert!(
        s.notes.iter().any(|n| n.starts_with("models.disclosure:")),
        "{:?}",
        s.notes
    );
}

#[test]
fn models_are_opt_in() {
    let study = load(&fixture("models"));
    let s = summarize(
        &study,
        &Filter::default(),
        &AnalysisOptions {
            use_weights: true,
            models: false,
            by_group: true,
        },
    );
    assert!(!s.models.computed);
    assert!(s.models.disclosure.is_none() && s.models.tactic_trends.is_empty());
    assert!(
        AnalysisOptions::default().models,
        "reports compute them by default"
    );
}

#[test]
fn publishing_withholds_small_models_and_small_levels() {
    let s = run(&fixture("models"), true);
    // min_cell 10: every level is large enough, the model stays.
    let p = paradox::privacy::publish_summary(&s, 10, None, None);
    assert_eq!(p.models.disclosure, s.models.disclosure);
    // min_cell 120: the Gen X level has 100 respondents, so its term is withheld; the model
    // (400 respondents, 218 events, 182 non-events) stays.
    let p = paradox::privacy::publish_summary(&s, 120, None, None);
    let m = p.models.disclosure.as_ref().expect("published");
    let genx = m.terms.iter().find(|t| t.term == "cohort: Gen X").unwrap();
    assert!(genx.estimate.is_none() && genx.ci.is_none() && genx.p.is_none());
    let concern = m.terms.iter().find(|t| t.term == "concern").unwrap();
    assert!(concern.estimate.is_some());
    // min_cell 200: fewer than 200 non-events, the whole model is withheld with a note.
    let p = paradox::privacy::publish_summary(&s, 200, None, None);
    assert!(p.models.disclosure.is_none());
    assert!(p
        .notes
        .iter()
        .any(|n| n.contains("adjusted model(s) of discloser")));
    assert!(p.disclosure_control.suppressed_cells > 0);
    // The level counts that drive this are never written.
    let json = serde_json::to_string(&s).unwrap();
    assert!(!json.contains("level_n"));
}

#[test]
fn differential_privacy_withholds_models() {
    let s = run(&fixture("models"), true);
    let p = paradox::privacy::publish_summary(&s, 0, Some(1.0), Some(7));
    assert!(p.models.disclosure.is_none());
    assert!(p.models.by_data_type.iter().all(|d| d.model.is_none()));
    assert!(p
        .models
        .tactic_trends
        .iter()
        .all(|t| t.ordinal.is_none() && t.acceptable.is_none()));
    assert!(p.notes.iter().any(|n| n.contains("adjusted models")));
}

#[test]
fn the_report_has_the_section_and_the_csv() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("r");
    let r = crate::util::run(&[
        "report",
        fixture("models").to_str().unwrap(),
        "--out",
        dest.to_str().unwrap(),
        "--format",
        "md,csv,json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(dest.join("report.md")).unwrap();
    assert!(md.contains("## 9. Adjusted models"));
    assert!(md.contains("Each point more concern goes with 0.71\u{d7} the odds of disclosing"));
    let csv = std::fs::read_to_string(dest.join("tables/models.csv")).unwrap();
    let concern = csv
        .lines()
        .find(|l| l.starts_with("discloser,concern,"))
        .expect("concern row");
    assert!(
        concern.starts_with("discloser,concern,-0.3355450604029"),
        "{concern}"
    );
    let trends = std::fs::read_to_string(dest.join("tables/tactic_trends.csv")).unwrap();
    assert!(trends.contains("t,rating,256.375666155960"), "{trends}");
}
