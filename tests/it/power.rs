//! Paradox or low power: every gap block's `rho_mde` and `equivalence` (TOST p, the 90%
//! Newcombe interval of the risk difference, the verdict) against values computed
//! independently with scipy and statsmodels, on a study built from four count tables whose
//! cohorts reach the four verdicts.

use std::path::Path;

use paradox::analysis::summary::{GapBlock, Verdict};
use paradox::analysis::{summarize, AnalysisOptions, Filter, Summary};
use paradox::import::{load_study, LoadOptions};
use paradox::study::Study;

/// One answer per respondent: concern (a 1–5 item, so concerned means 4 or 5) and whether
/// they shared their location (the disclosure score, 0 or 1). Each cohort's table gives, per
/// concern answer 1..5, how many did not share and how many shared.
const TABLES: [(&str, [(u32, u32); 5]); 4] = [
    ("P", [(10, 40), (20, 40), (30, 30), (40, 20), (50, 10)]),
    ("I", [(4, 5), (4, 4), (4, 4), (5, 4), (5, 4)]),
    (
        "N",
        [(400, 400), (400, 400), (400, 400), (400, 400), (400, 404)],
    ),
    (
        "T",
        [
            (2000, 2000),
            (2000, 2000),
            (2000, 2000),
            (1900, 2100),
            (1900, 2100),
        ],
    ),
];

const CODEBOOK: &str = r#"
[study]
name = "power"
survey_year = 2025

[columns]
id = "id"

[cohorts]
scheme = "column"
column = "grp"
order = ["P", "I", "N", "T"]

[[scale]]
name = "concern"
items = ["c1"]
min = 1
max = 5

[[data_type]]
name = "location"
behavior = "b_loc"

[paradox]
concern_scale = "concern"

[disclosure_control]
min_cell = 10
"#;

/// The study of [`TABLES`] in `dir`, with `extra` appended to its codebook's `[paradox]`.
fn write_study(dir: &Path, extra: &str) {
    let mut survey = String::from("id,grp,c1,b_loc\n");
    let mut id = 0;
    for (name, table) in TABLES {
        for (c, (not_shared, shared)) in table.iter().enumerate() {
            for b in std::iter::repeat_n(0, *not_shared as usize)
                .chain(std::iter::repeat_n(1, *shared as usize))
            {
                id += 1;
                survey.push_str(&format!("r{id},{name},{},{b}\n", c + 1));
            }
        }
    }
    let codebook = CODEBOOK.replace(
        "concern_scale = \"concern\"\n",
        &format!("concern_scale = \"concern\"\n{extra}"),
    );
    std::fs::write(dir.join("codebook.toml"), codebook).expect("codebook");
    std::fs::write(dir.join("survey.csv"), survey).expect("survey");
}

fn load(dir: &Path) -> Study {
    load_study(Some(dir), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn summary_of(extra: &str) -> Summary {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), extra);
    summarize(
        &load(tmp.path()),
        &Filter::default(),
        &AnalysisOptions::default(),
    )
}

fn cohort<'a>(s: &'a Summary, name: &str) -> &'a GapBlock {
    s.gap
        .by_cohort
        .iter()
        .flatten()
        .find(|b| b.cohort.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no cohort {name}"))
}

#[track_caller]
fn close(what: &str, actual: Option<f64>, expected: f64, rel: f64) {
    let a = actual.unwrap_or_else(|| panic!("{what}: null, expected {expected:e}"));
    assert!(
        (a - expected).abs() <= rel * expected.abs(),
        "{what}: {a:e}, expected {expected:e}"
    );
}

/// The expected values, from scipy 1.17.1 and statsmodels 0.15.0 (the data rebuilt from the
/// same tables, nothing taken from paradox):
///
/// ```python
/// import numpy as np
/// from scipy.stats import norm, spearmanr
/// from scipy.optimize import brentq
/// from statsmodels.stats.proportion import confint_proportions_2indep
/// T = {"P": [(10, 40), (20, 40), (30, 30), (40, 20), (50, 10)],
///      "I": [(4, 5), (4, 4), (4, 4), (5, 4), (5, 4)],
///      "N": [(400, 400), (400, 400), (400, 400), (400, 400), (400, 404)],
///      "T": [(2000, 2000), (2000, 2000), (2000, 2000), (1900, 2100), (1900, 2100)]}
/// K = norm.ppf(0.975) + norm.ppf(0.8)
/// for name, t in T.items():
///     c = np.concatenate([np.full(a + b, i + 1.0) for i, (a, b) in enumerate(t)])
///     d = np.concatenate([np.r_[np.zeros(a), np.ones(b)] for a, b in t])
///     n = len(c)
///     rho, p = spearmanr(c, d)
///     mde = brentq(lambda r: np.arctanh(r) * np.sqrt(n - 3) / np.sqrt(1 + r * r / 2) - K,
///                  1e-12, 1 - 1e-16, xtol=1e-17, rtol=8.9e-16)
///     se = np.sqrt((1 + rho * rho / 2) / (n - 3)); z = np.arctanh(rho); D = np.arctanh(0.05)
///     tost = max(norm.cdf((z - D) / se), norm.sf((z + D) / se))
///     conc = c > 3; disc = d >= 0.5
///     x1, n1 = int((conc & disc).sum()), int(conc.sum())
///     x2, n2 = int((~conc & disc).sum()), int((~conc).sum())
///     lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb",
///                                         compare="diff", alpha=0.1)
///     verdict = {(True, False): "predicts", (False, True): "no meaningful relation",
///                (True, True): "trivially small",
///                (False, False): "inconclusive"}[(p < .05, tost < .05)]
///     print(name, n, repr(rho), repr(p), repr(mde), repr(tost), repr(lo), repr(hi),
///           -0.05 < lo and hi < 0.05, verdict)
/// ```
///
/// printed (`np.float64(…)` wrappers dropped):
///
/// ```text
/// P 290 -0.4460134089104956 1.3976218116449792e-15 0.16497218832132637 0.9999999999980674 -0.47949642234114326 -0.30340810868938506 False predicts
/// I 43 -0.08034748235998244 0.6085267139928244 0.4327228751476841 0.5763081979451844 -0.3069234065707631 0.1693338087194057 False inconclusive
/// N 4004 0.0014113904290199866 0.9288586342987281 0.044284142714130226 0.0010488642530117251 -0.025259163868096714 0.027749678706238193 True no meaningful relation
/// T 20000 0.021217447349500165 0.0026931522054362794 0.019811036399593186 2.299192009980172e-05 0.013133387711884137 0.03685352541328088 True trivially small
/// ```
type Expected = (
    &'static str,
    u64,
    f64,
    f64,
    f64,
    f64,
    [f64; 2],
    bool,
    Verdict,
);
const EXPECTED: [Expected; 4] = [
    (
        "P",
        290,
        -0.4460134089104956,
        1.3976218116449792e-15,
        0.16497218832132637,
        0.9999999999980674,
        [-0.47949642234114326, -0.30340810868938506],
        false,
        Verdict::Predicts,
    ),
    (
        "I",
        43,
        -0.08034748235998244,
        0.6085267139928244,
        0.4327228751476841,
        0.5763081979451844,
        [-0.3069234065707631, 0.1693338087194057],
        false,
        Verdict::Inconclusive,
    ),
    (
        "N",
        4004,
        0.0014113904290199866,
        0.9288586342987281,
        0.044284142714130226,
        0.0010488642530117251,
        [-0.025259163868096714, 0.027749678706238193],
        true,
        Verdict::NoMeaningfulRelation,
    ),
    (
        "T",
        20000,
        0.021217447349500165,
        0.0026931522054362794,
        0.019811036399593186,
        2.299192009980172e-05,
        [0.013133387711884137, 0.03685352541328088],
        true,
        Verdict::TriviallySmall,
    ),
];

#[test]
fn four_cohorts_reach_the_four_verdicts_as_scipy_computes_them() {
    let s = summary_of("");
    for (name, n, rho, p, mde, tost, ci90, equivalent, verdict) in EXPECTED {
        let b = cohort(&s, name);
        // The inputs: the block's n, ρ and p are scipy's.
        assert_eq!(b.n, Some(n), "{name}: n");
        close(&format!("{name}: ρ"), b.spearman_rho, rho, 1e-12);
        close(&format!("{name}: p"), b.spearman_p, p, 1e-9);
        // What this issue adds.
        close(&format!("{name}: rho_mde"), b.rho_mde, mde, 1e-12);
        let e = b
            .equivalence
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no equivalence"));
        assert_eq!((e.sesoi_rho, e.sesoi_rd), (0.05, 0.05), "{name}: defaults");
        close(&format!("{name}: p_tost"), e.p_tost, tost, 1e-9);
        let [lo, hi] = e.rd_ci90.unwrap_or_else(|| panic!("{name}: no rd_ci90"));
        close(&format!("{name}: rd_ci90 low"), Some(lo), ci90[0], 1e-9);
        close(&format!("{name}: rd_ci90 high"), Some(hi), ci90[1], 1e-9);
        assert_eq!(e.rd_equivalent, Some(equivalent), "{name}: rd_equivalent");
        assert_eq!(e.verdict, Some(verdict), "{name}: verdict");
    }
    // The 90% interval lies inside the 95% one of the same risk difference.
    for b in s.gap.by_cohort.iter().flatten() {
        let ([l90, h90], [l95, h95]) = (
            b.equivalence
                .as_ref()
                .and_then(|e| e.rd_ci90)
                .unwrap_or([0.0; 2]),
            b.disclosure_rd_ci.unwrap_or([0.0; 2]),
        );
        assert!(l95 < l90 && h90 < h95, "{:?}", b.cohort);
    }
}

#[test]
fn verdicts_are_written_as_the_summary_promises() {
    let s = summary_of("");
    let json = serde_json::to_value(&s).expect("serializes");
    let verdicts: Vec<&str> = json["gap"]["by_cohort"]
        .as_array()
        .expect("by_cohort")
        .iter()
        .map(|b| b["equivalence"]["verdict"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        verdicts,
        [
            "predicts",
            "inconclusive",
            "no meaningful relation",
            "trivially small"
        ]
    );
    let overall = &json["gap"]["overall"];
    for key in [
        "sesoi_rho",
        "p_tost",
        "sesoi_rd",
        "rd_ci90",
        "rd_equivalent",
        "verdict",
    ] {
        assert!(
            overall["equivalence"].get(key).is_some(),
            "equivalence.{key} missing: {overall}"
        );
    }
    assert!(overall["rho_mde"].is_f64(), "{overall}");
}

#[test]
fn the_margins_come_from_the_codebook() {
    // With δ = 0.3 the small cohort I (ρ = −0.08, n = 43) is still inconclusive, P's
    // ρ = −0.45 still predicts, and N's risk difference lies well inside ±0.2.
    let s = summary_of("sesoi_rho = 0.3\nsesoi_rd = 0.2\n");
    let n = cohort(&s, "N").equivalence.clone().expect("equivalence");
    assert_eq!((n.sesoi_rho, n.sesoi_rd), (0.3, 0.2));
    assert_eq!(n.rd_equivalent, Some(true));
    let p = cohort(&s, "P").equivalence.clone().expect("equivalence");
    assert_eq!(p.verdict, Some(Verdict::Predicts));
    assert_eq!(p.rd_equivalent, Some(false));
    // scipy: tost(-0.08034748235998244, 43, 0.3) with the function above = 0.07409110323846833
    let i = cohort(&s, "I").equivalence.clone().expect("equivalence");
    close("I: p_tost at δ = 0.3", i.p_tost, 0.07409110323846833, 1e-9);
    assert_eq!(i.verdict, Some(Verdict::Inconclusive));
}

// ---- published through the same door ----

/// Every gap block of a summary as JSON, with its path: overall, each cohort, each group
/// level, and the screening blocks.
fn gap_blocks(json: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    let mut blocks = Vec::new();
    if !json["gap"]["overall"].is_null() {
        blocks.push(("gap.overall".to_string(), &json["gap"]["overall"]));
    }
    for (i, b) in json["gap"]["by_cohort"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        blocks.push((format!("gap.by_cohort[{i}]"), b));
    }
    for g in json["by_group"].as_array().into_iter().flatten() {
        for l in g["levels"].as_array().into_iter().flatten() {
            if !l["gap"].is_null() {
                blocks.push((
                    format!("by_group[{}][{}]", g["group"], l["level"]),
                    &l["gap"],
                ));
            }
        }
    }
    for key in ["with_flagged", "without_flagged"] {
        let b = &json["screening"][key];
        if !b.is_null() {
            blocks.push((format!("screening.{key}"), b));
        }
    }
    blocks
}

/// The publishing rule of the new fields, on every block: `rho_mde` only with n, the test
/// of ρ and the verdict only with ρ (and its p), the 90% interval only with the risk
/// difference. Returns how many blocks lost each, so a test can tell the rule was exercised.
fn assert_published_with_their_inputs(json: &serde_json::Value) -> [usize; 3] {
    let mut hidden = [0; 3];
    for (path, b) in gap_blocks(json) {
        let e = &b["equivalence"];
        if b["n"].is_null() {
            assert!(b["rho_mde"].is_null(), "{path}: rho_mde without n: {b}");
            hidden[0] += 1;
        }
        if b["spearman_rho"].is_null() || b["spearman_p"].is_null() {
            assert!(
                e.is_null() || (e["p_tost"].is_null() && e["verdict"].is_null()),
                "{path}: a test of ρ without ρ: {b}"
            );
            hidden[1] += 1;
        }
        if b["disclosure_rd"].is_null() {
            assert!(
                e.is_null() || (e["rd_ci90"].is_null() && e["rd_equivalent"].is_null()),
                "{path}: an interval of the RD without the RD: {b}"
            );
            hidden[2] += 1;
        }
    }
    hidden
}

fn published_json(s: &Summary, min_cell: u32, dp: Option<(f64, u64)>) -> serde_json::Value {
    let p = paradox::privacy::publish_summary(s, min_cell, dp.map(|d| d.0), dp.map(|d| d.1));
    serde_json::to_value(&p).expect("serializes")
}

/// At min_cell 10, cohort I (n = 43) keeps ρ and its verdict, but its 8 concerned
/// disclosers make the risk difference unpublishable, and with it the 90% interval. With a
/// small cohort "S" of 8 respondents added, S's block publishes no n and so no `rho_mde`,
/// no verdict and no interval (and complementary suppression takes I's block with it).
#[test]
fn a_block_below_min_cell_publishes_no_verdict() {
    let s = summary_of("");
    let p = published_json(&s, 10, None);
    assert_published_with_their_inputs(&p);
    let i = cohort_json(&p, "I");
    assert_eq!(i["equivalence"]["verdict"], "inconclusive", "{i}");
    assert!(
        i["rho_mde"].is_f64() && i["equivalence"]["p_tost"].is_f64(),
        "{i}"
    );
    assert!(i["disclosure_rd"].is_null(), "{i}");
    assert!(i["equivalence"]["rd_ci90"].is_null(), "{i}");
    assert!(i["equivalence"]["rd_equivalent"].is_null(), "{i}");
    assert_eq!(
        cohort_json(&p, "T")["equivalence"]["verdict"],
        "trivially small"
    );

    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), "");
    let codebook = std::fs::read_to_string(tmp.path().join("codebook.toml")).expect("read");
    std::fs::write(
        tmp.path().join("codebook.toml"),
        codebook.replace("\"T\"]", "\"T\", \"S\"]"),
    )
    .expect("write");
    let mut survey = std::fs::read_to_string(tmp.path().join("survey.csv")).expect("read");
    for (i, (c, b)) in [
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 1),
        (5, 1),
        (5, 0),
        (4, 0),
        (2, 0),
    ]
    .iter()
    .enumerate()
    {
        survey.push_str(&format!("s{i},S,{c},{b}\n"));
    }
    std::fs::write(tmp.path().join("survey.csv"), survey).expect("write");
    let s = summarize(
        &load(tmp.path()),
        &Filter::default(),
        &AnalysisOptions::default(),
    );
    let small = cohort(&s, "S");
    assert!(
        small.rho_mde.is_some() && small.equivalence.is_some(),
        "unpublished, all is there"
    );
    let p = published_json(&s, 10, None);
    let hidden = assert_published_with_their_inputs(&p);
    assert!(
        hidden.iter().all(|&h| h > 0),
        "the rule was not exercised: {hidden:?}"
    );
    let small = cohort_json(&p, "S");
    assert!(
        small["n"].is_null() && small["rho_mde"].is_null(),
        "{small}"
    );
    assert!(small["equivalence"]["verdict"].is_null(), "{small}");
    assert!(small["equivalence"]["rd_ci90"].is_null(), "{small}");
    assert_eq!(
        cohort_json(&p, "T")["equivalence"]["verdict"],
        "trivially small"
    );

    // The new fields are not counted again: the count is that of the summary without them.
    let mut bare = s.clone();
    for b in bare
        .gap
        .overall
        .iter_mut()
        .chain(bare.gap.by_cohort.iter_mut().flatten())
    {
        b.rho_mde = None;
        b.equivalence = None;
    }
    assert_eq!(
        p["disclosure_control"]["suppressed_cells"],
        published_json(&bare, 10, None)["disclosure_control"]["suppressed_cells"]
    );
}

fn cohort_json<'a>(p: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    p["gap"]["by_cohort"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|b| b["cohort"] == name)
        .unwrap_or_else(|| panic!("no cohort {name}"))
}

/// Under differential privacy the verdicts go with Spearman ρ (not derivable from noisy
/// counts), and `rho_mde` is that of the noisy n.
#[test]
fn differential_privacy_withholds_the_verdicts() {
    let s = summary_of("");
    for seed in [1, 2, 3] {
        let p = published_json(&s, 0, Some((1.0, seed)));
        for (path, b) in gap_blocks(&p) {
            assert!(b["equivalence"].is_null(), "{path}: {b}");
            let n = b["n"]
                .as_u64()
                .unwrap_or_else(|| panic!("{path}: no noisy n"));
            let mde = b["rho_mde"].as_f64().unwrap_or(f64::NAN);
            assert_eq!(Some(mde), paradox::analysis::power::rho_mde(n), "{path}");
        }
        assert!(
            p["notes"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|n| n.as_str().is_some_and(|t| t.contains("equivalence tests"))),
            "{p}"
        );
    }
}

/// The bundled sample at its own min_cell and at 60 (whole cohorts and group levels go).
#[test]
fn the_sample_publishes_each_verdict_only_with_its_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let s = summarize(&load(&dir), &Filter::default(), &AnalysisOptions::default());
    assert_published_with_their_inputs(&published_json(&s, 10, None));
    let hidden = assert_published_with_their_inputs(&published_json(&s, 60, None));
    assert!(hidden[1] > 0, "min_cell 60 hides some ρ: {hidden:?}");
}

// ---- in words, on the sample ----

/// The bundled sample's cohorts and their verdicts (the Silent cohort has n = 146).
const SAMPLE_VERDICTS: [(&str, &str); 5] = [
    ("Silent", "inconclusive"),
    ("Boomers", "inconclusive"),
    ("Gen X", "predicts"),
    ("Millennials", "predicts"),
    ("Gen Z", "predicts"),
];

#[test]
fn the_sample_report_gives_every_cohort_its_verdict_and_calls_no_inconclusive_one_paradoxical() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("r");
    crate::util::TestCommand::new()
        // Without a study: the bundled sample.
        .arg("report")
        .args(["--format", "md,csv", "--out"])
        .arg(&dir)
        .run()
        .assert_exit(0);
    let text = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(
        text.contains(
            "In the Silent cohort (n = 146) the data cannot tell a paradox from a real effect: \
             the smallest correlation detectable with 80% power is 0.23."
        ),
        "{text}"
    );
    for (name, verdict) in SAMPLE_VERDICTS {
        let lead = format!("In the {name} cohort (n = ");
        let sentence = text
            .split(". ")
            .find(|s| s.contains(&lead) && !s.contains("were concerned yet shared"))
            .unwrap_or_else(|| panic!("no verdict sentence for {name}"));
        let expected = match verdict {
            "inconclusive" => "the data cannot tell a paradox from a real effect",
            _ => "concern predicts disclosure",
        };
        assert!(sentence.contains(expected), "{name}: {sentence}");
        assert!(
            text.contains(&format!("| {name} |")) && text.contains(&format!(" | {verdict} |")),
            "{name}: the table's verdict"
        );
    }
    // No sentence that names an inconclusive cohort calls anything paradoxical, other than
    // saying that the data cannot tell a paradox from a real effect.
    for sentence in text.split(['.', '\n']) {
        let names_inconclusive = SAMPLE_VERDICTS
            .iter()
            .filter(|(_, v)| *v == "inconclusive")
            .any(|(name, _)| sentence.contains(name));
        if names_inconclusive {
            let rest = sentence.replace("cannot tell a paradox from a real effect", "");
            assert!(
                !rest.contains("paradox") && !rest.contains("paradoxical"),
                "{sentence}"
            );
        }
    }
    let csv = std::fs::read_to_string(dir.join("tables/gap.csv")).expect("gap.csv");
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.ends_with(
            "spearman_p,rho_mde,sesoi_rho,p_tost,sesoi_rd,rd_ci90_low,rd_ci90_high,rd_equivalent,verdict"
        ),
        "{header}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("cohort,Silent,146,") && l.ends_with(",false,inconclusive")),
        "{csv}"
    );
}

#[test]
fn the_gap_tab_shows_every_cohort_verdict() {
    use paradox::tui::{ui, update, Action, App, Tab};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let study = load(&paradox::sample_study_dir());
    let mut app = App::new(study).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(std::time::Duration::from_secs(60)));
    let gap = Tab::ALL
        .iter()
        .position(|t| t.slug() == "gap")
        .unwrap_or_else(|| panic!("no Gap tab"));
    update(&mut app, Action::GoTab(gap));
    app.size = (120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(&app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let lines: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .filter_map(|x| buf.cell((x, y)).map(|c| c.symbol().to_string()))
                .collect()
        })
        .collect();
    for (name, verdict) in SAMPLE_VERDICTS {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{name} ")) && l.trim_end().ends_with(verdict)),
            "{name} {verdict}:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn the_margins_can_be_set_on_the_command_line() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("r");
    crate::util::TestCommand::new()
        .args(["report", "--sesoi-rho", "0.3", "--sesoi-rd", "0.2"])
        .args(["--format", "json", "--out"])
        .arg(&dir)
        .run()
        .assert_exit(0);
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let e = &json["gap"]["overall"]["equivalence"];
    assert_eq!(
        (e["sesoi_rho"].as_f64(), e["sesoi_rd"].as_f64()),
        (Some(0.3), Some(0.2))
    );
    for (command, flag, value) in [
        ("report", "--sesoi-rho", "0"),
        ("report", "--sesoi-rd", "1"),
        ("tui", "--sesoi-rho", "-0.1"),
        ("tui", "--sesoi-rd", "NaN"),
    ] {
        crate::util::TestCommand::new()
            .args([command, flag, value])
            .run()
            .assert_exit(2)
            .stderr_contains(&format!("{flag} "))
            .stderr_contains("must lie strictly between 0 and 1");
    }
}

// ---- paradox plan ----

/// The two sample sizes `paradox plan` prints: (to detect, to show equivalence), per cohort
/// and in total, and the per-cohort n without the Bonett–Wright factor.
fn plan(args: &[&str]) -> ((u64, u64), (u64, u64), u64) {
    let run = crate::util::TestCommand::new().arg("plan").args(args).run();
    run.assert_exit(0);
    let numbers = |line: &str| -> Vec<u64> {
        line.split(|c: char| !c.is_ascii_digit() && c != ',')
            .map(|w| w.trim_matches(',').replace(',', ""))
            .filter(|w| !w.is_empty())
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let row = |lead: &str| -> (u64, u64) {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(lead))
            .unwrap_or_else(|| panic!("no line {lead:?}:\n{}", run.stdout));
        let after = line.split(':').nth(1).unwrap_or_default();
        match numbers(after).as_slice() {
            [per, total] => (*per, *total),
            other => panic!("{line}: {other:?}"),
        }
    };
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let without = text
        .split("pwr.r.test) detecting ")
        .nth(1)
        .and_then(|rest| rest.split(" takes ").nth(1))
        .and_then(|rest| {
            numbers(rest.split(" per cohort").next().unwrap_or(""))
                .first()
                .copied()
        })
        .unwrap_or_else(|| panic!("no comparison: {text}"));
    (row("To detect"), row("To show"), without)
}

/// `paradox plan` against the formulas computed with scipy 1.17.1 and against R's pwr 1.3
/// `pwr.r.test`, reimplemented line by line in Python from its source (heliosdrm/pwr,
/// R/pwr.r.test.R: the critical r from the t quantile, atanh(r) + r/(2(n − 1)) for the
/// alternative, both tails, n solved by uniroot; it gives the documented 84.07364 for
/// r = 0.3):
///
/// ```python
/// import numpy as np
/// from scipy.stats import norm, t
/// from scipy.optimize import brentq
/// def pwr_r_test_n(r, power=0.8, sig=0.05):
///     r = abs(r)
///     def p(n):
///         ttt = t.isf(sig / 2, n - 2)
///         rc = np.sqrt(ttt**2 / (ttt**2 + n - 2))
///         zr = np.arctanh(r) + r / (2 * (n - 1))
///         zrc = np.arctanh(rc)
///         return norm.cdf((zr - zrc) * np.sqrt(n - 3)) + norm.cdf((-zr - zrc) * np.sqrt(n - 3))
///     return brentq(lambda n: p(n) - power, 4 + 1e-10, 1e7, xtol=1e-12)
/// def ours(r, power=0.8, alpha=0.05):      # with the Bonett–Wright factor
///     k = norm.ppf(1 - alpha / 2) + norm.ppf(power)
///     return (k * np.sqrt(1 + r * r / 2) / np.arctanh(abs(r))) ** 2 + 3
/// def fisher(r, power=0.8, alpha=0.05):    # Cohen 1988, without it
///     k = norm.ppf(1 - alpha / 2) + norm.ppf(power)
///     return (k / np.arctanh(abs(r))) ** 2 + 3
/// def tost(d, power=0.8, alpha=0.05):      # two one-sided tests, true ρ = 0
///     k = norm.ppf(1 - alpha) + norm.ppf((1 + power) / 2)
///     return (k / np.arctanh(d)) ** 2 + 3
/// ```
///
/// printed (n before rounding up):
///
/// ```text
/// r      power alpha  pwr                 ours                 fisher
/// 0.3    0.8   0.05   84.07363774429614   88.61456261598516 → 89   84.92781111577527 → 85
/// 0.1    0.8   0.05   781.7515642487103   786.5483782491617 → 787  782.6501276111062 → 783
/// -0.13  0.95  0.05   762.3237132636785   769.6638711281031 → 770  763.2398444425633 → 764
/// 0.5    0.9   0.01   51.83146980886874   58.47644882724717 → 59   52.31239895755306 → 53
/// tost(0.05, 0.8, 0.05) = 3422.8282795768564 → 3423
/// tost(0.1, 0.95, 0.05) = 1293.7991537799328 → 1294
/// tost(0.05, 0.9, 0.01) = 6300.6602852692695 → 6301
/// tost(0.05, 0.95, 0.05) = 5192.218696300141 → 5193
/// ```
///
/// The difference from pwr: paradox tests ρ with the Bonett–Wright standard error
/// √((1 + ρ²/2)/(n − 3)) (as every gap block), pwr with 1/√(n − 3) plus a bias correction of
/// atanh(r) and a t-based critical value. The factor makes (n − 3) larger by exactly
/// 1 + ρ²/2 — 4.5% at ρ = 0.3 (89 against pwr's 85 after rounding up), 12.5% at ρ = 0.5 —
/// and the Fisher-z n without it lies within one respondent of pwr's.
#[test]
fn plan_matches_the_formulas_and_states_its_difference_from_pwr() {
    // (arguments, ours to detect, Fisher-z without the factor, pwr.r.test, equivalence n)
    let cases: [(&[&str], u64, u64, f64, u64); 4] = [
        (&["--rho", "0.3"], 89, 85, 84.07363774429614, 3423),
        (&["--rho", "0.1"], 787, 783, 781.7515642487103, 3423),
        (
            &["--rho", "-0.13", "--power", "0.95", "--cohorts", "6"],
            770,
            764,
            762.3237132636785,
            5193,
        ),
        (
            &["--rho", "0.5", "--power", "0.9", "--alpha", "0.01"],
            59,
            53,
            51.83146980886874,
            6301,
        ),
    ];
    for (args, ours, fisher, pwr, equivalence) in cases {
        let cohorts = args
            .iter()
            .position(|a| *a == "--cohorts")
            .and_then(|i| args.get(i + 1))
            .and_then(|k| k.parse::<u64>().ok())
            .unwrap_or(1);
        let ((detect, detect_total), (equiv, equiv_total), without) = plan(args);
        assert_eq!(detect, ours, "{args:?}: to detect");
        assert_eq!(detect_total, ours * cohorts, "{args:?}: total");
        assert_eq!(equiv, equivalence, "{args:?}: equivalence");
        assert_eq!(equiv_total, equivalence * cohorts, "{args:?}: total");
        assert_eq!(without, fisher, "{args:?}: without the factor");
        // pwr's n, rounded up, lies within one respondent of the Fisher-z n without the
        // factor, and below ours.
        let pwr_n = pwr.ceil() as u64;
        assert!(pwr_n.abs_diff(fisher) <= 1, "{args:?}: pwr {pwr_n}");
        assert!(pwr_n < ours, "{args:?}");
    }
    let (_, (equiv, _), _) = plan(&["--rho", "0.2", "--power", "0.95", "--sesoi-rho", "0.1"]);
    assert_eq!(equiv, 1294);
}

#[test]
fn plan_teaches_and_refuses_impossible_questions() {
    crate::util::TestCommand::new()
        .args(["plan", "--help"])
        .run()
        .assert_exit(0)
        .stdout_contains("the data cannot tell a paradox from a real effect")
        .stdout_contains("Bonett–Wright")
        .stdout_contains("pwr.r.test")
        .stdout_contains("--sesoi-rho");
    for (args, message) in [
        (&["--rho", "0"][..], "--rho 0"),
        (&["--rho", "1.5"][..], "--rho 1.5"),
        (&["--rho", "0.3", "--power", "1"][..], "--power 1"),
        (&["--rho", "0.3", "--alpha", "0"][..], "--alpha 0"),
        (&["--rho", "0.3", "--cohorts", "0"][..], "--cohorts 0"),
        (&["--rho", "0.3", "--sesoi-rho", "-0.05"][..], "--sesoi-rho"),
        (&["--rho", "1e-9"][..], "more than 10¹⁵"),
        (&["--power", "0.8"][..], "--rho"),
    ] {
        crate::util::TestCommand::new()
            .arg("plan")
            .args(args)
            .run()
            .assert_exit(2)
            .stderr_contains(message);
    }
}
