//! Paradox or low power: every gap block's `rho_mde` and `equivalence` (TOST p, the 90%
//! Newcombe interval of the risk difference, the verdict) against values computed
//! independently with scipy and statsmodels, on a study built from four count tables whose
//! cohorts reach the four verdicts. The files below: `publishing` (the same door as every
//! other number), `words` (the report, `gap.csv` and the Gap tab on the sample, the command
//! line's margins) and `plan` (`paradox plan` against the formulas and R's pwr).

mod plan;
mod publishing;
mod words;

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
pub(super) fn write_study(dir: &Path, extra: &str) {
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

pub(super) fn load(dir: &Path) -> Study {
    load_study(Some(dir), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn summary_of(extra: &str) -> Summary {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_study(tmp.path(), extra);
    summarize(
        &load(tmp.path()),
        &Filter::default(),
        &AnalysisOptions::default(),
    )
}

pub(super) fn cohort<'a>(s: &'a Summary, name: &str) -> &'a GapBlock {
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
