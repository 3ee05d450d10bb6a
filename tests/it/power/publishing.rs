//! The power and equivalence fields published through the same door as every other number:
//! `rho_mde` with n, the test of ρ and the verdict with Spearman, the 90% interval with the
//! risk difference; withheld under differential privacy.

use std::path::Path;

use paradox::analysis::summary::Summary;
use paradox::analysis::{summarize, AnalysisOptions, Filter};

use super::{cohort, load, summary_of, write_study};

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
