//! The hand-built study of the report tests (a codebook, four cohorts, weights, two data
//! types and tactics) and its published summary, written out field by field, plus the
//! same summary with every statistic suppressed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paradox::analysis::summary::*;
use paradox::study::codebook::Codebook;
use paradox::study::{Audit, InputFile, ScaleData, Study};

pub const CODEBOOK: &str = r#"
[study]
name = "fixture"
survey_year = 2025

[columns]
id = "respondent_id"
age = "age"

[[scale]]
name = "concern"
label = "Privacy concern"
items = ["concern_1", "concern_2", "concern_3"]
min = 1
max = 7

[[data_type]]
name = "location"
label = "Precise location"
stated = "willing_location"
stated_min = 1
stated_max = 5
behavior = "shared_location"

[[data_type]]
name = "contacts"
label = "Contacts <address book> & e-mail"
stated = "willing_contacts"
behavior = "shared_contacts"

[[tactic]]
name = "push"
label = "Push notifications"
column = "accept_push"
min = 1
max = 5

[paradox]
concern_scale = "concern"

[disclosure_control]
min_cell = 10
"#;

pub fn study() -> Study {
    let codebook = Codebook::from_toml(CODEBOOK, Path::new("codebook.toml"))
        .unwrap_or_else(|e| panic!("fixture codebook: {e}"));
    Study {
        codebook,
        ids: ["r1", "r2"].iter().collect(),
        cohort_names: vec!["Boomers".into(), "Gen X".into(), "Gen Z".into()],
        cohort: vec![Some(0), Some(2)],
        weight: None,
        groups: Vec::new(),
        scales: vec![ScaleData {
            items: vec![vec![Some(5), Some(6)]; 3],
        }],
        stated: vec![Some(vec![Some(4), Some(2)]), Some(vec![Some(1), Some(0)])],
        shared: vec![Some(vec![Some(true), Some(false)]); 2],
        tactics: vec![vec![Some(2), Some(4)]],
        has_behavior: true,
        durations: None,
        attention: Vec::new(),
        flagged: Vec::new(),
        behavior_seen: vec![true, true],
        audit: Audit {
            inputs: vec![
                InputFile {
                    role: "codebook".into(),
                    path: PathBuf::from("/home/someone/studies/fixture/codebook.toml"),
                    sha256: "a".repeat(64),
                    bytes: 812,
                },
                InputFile {
                    role: "survey".into(),
                    path: PathBuf::from("/home/someone/studies/fixture/survey.csv"),
                    sha256: "b".repeat(64),
                    bytes: 120_344,
                },
            ],
            survey_rows: 1212,
            rejected_rows: 12,
            behavior_rows: 1190,
            behavior_unmatched_rows: 3,
            unknown_cohort: 4,
            ..Audit::default()
        },
    }
}

pub fn gap_block(cohort: Option<&str>, n: u64, par: f64, exp: f64, rd: f64) -> GapBlock {
    GapBlock {
        cohort: cohort.map(String::from),
        n: Some(n),
        concern_mean: Some(4.9),
        disclosure_mean: Some(0.53),
        concerned: Some(0.71),
        concerned_ci: Some([0.66, 0.75]),
        disclosers: Some(0.58),
        disclosers_ci: Some([0.53, 0.63]),
        paradoxical: Some(par),
        paradoxical_ci: Some([par - 0.04, par + 0.04]),
        paradoxical_expected: Some(exp),
        concern_table: [[Some(250), Some(105)], [Some(40), Some(105)]],
        disclosure_rd: Some(rd),
        disclosure_rd_ci: Some([rd - 0.05, rd + 0.05]),
        spearman_rho: Some(-0.08),
        spearman_ci: Some([-0.17, 0.01]),
        spearman_p: Some(0.0734),
        // What a block of n respondents with this ρ and p can tell (no risk-difference arms
        // here: the fixture's RD is not derived from its table).
        rho_mde: paradox::analysis::power::rho_mde(n),
        equivalence: Some(paradox::analysis::power::equivalence(
            n,
            Some(-0.08),
            Some(0.0734),
            None,
            paradox::analysis::power::Sesoi::default(),
        )),
    }
}

pub fn levels(cohort: Option<&str>, n: u64, counts: [u64; 5], acc: f64, intr: f64) -> TacticLevels {
    TacticLevels {
        cohort: cohort.map(String::from),
        n: Some(n),
        levels: counts.iter().map(|&c| Some(c)).collect(),
        acceptable: Some(acc),
        acceptable_ci: Some([acc - 0.03, acc + 0.03]),
        intrusive: Some(intr),
        intrusive_ci: Some([intr - 0.03, intr + 0.03]),
        neutral: Some(1.0 - acc - intr),
    }
}

pub fn summary() -> Summary {
    let mut gen_z = gap_block(Some("Gen Z"), 400, 0.48, 0.40, 0.02);
    // A suppressed cohort statistic: it must never appear as a number.
    let mut boomers = gap_block(Some("Boomers"), 12, 0.30, 0.33, -0.2);
    boomers.paradoxical = None;
    boomers.paradoxical_ci = None;
    boomers.spearman_rho = None;
    boomers.spearman_ci = None;
    boomers.spearman_p = None;
    if let Some(e) = boomers.equivalence.as_mut() {
        e.p_tost = None;
        e.verdict = None;
    }
    boomers.concern_table = [[Some(0), None], [None, Some(0)]];
    gen_z.disclosure_rd_ci = Some([-0.03, 0.07]);
    let mut alpha_if_dropped = BTreeMap::new();
    alpha_if_dropped.insert("concern_1".to_string(), Some(0.79));
    alpha_if_dropped.insert("concern_2".to_string(), Some(0.81));
    alpha_if_dropped.insert("concern_3".to_string(), Some(0.86));
    Summary {
        study: StudyInfo {
            name: "fixture".into(),
            respondents: Some(1212),
            analysed: 1200,
            rejected_rows: Some(12),
            behavior_match_rate: Some(0.975),
            unknown_cohort: Some(4),
            weighted: false,
            filter: "all respondents".into(),
            cohort_scheme: "generation (Pew) from age".into(),
        },
        cohorts: vec![
            CohortCount {
                name: "Boomers".into(),
                n: Some(12),
            },
            CohortCount {
                name: "Gen X".into(),
                n: Some(784),
            },
            CohortCount {
                name: "Gen Z".into(),
                n: Some(400),
            },
        ],
        scales: vec![ScaleSummary {
            name: "concern".into(),
            label: "Privacy concern".into(),
            items: vec!["concern_1".into(), "concern_2".into(), "concern_3".into()],
            n_complete: Some(1180),
            alpha: Some(0.8412),
            alpha_ci: Some([0.826, 0.855]),
            alpha_if_dropped: Some(alpha_if_dropped),
            n: Some(1196),
            mean: Some(4.93),
            sd: Some(1.21),
        }],
        gap: Gap {
            collapsed: None,
            overall: Some(gap_block(None, 1180, 0.4123, 0.4118, 0.01)),
            by_cohort: Some(vec![
                boomers,
                gap_block(Some("Gen X"), 770, 0.40, 0.41, 0.0),
                gen_z,
            ]),
            kruskal_concern: Some(KruskalTest {
                h: Some(14.2),
                df: Some(2),
                p: Some(0.000825),
                epsilon_squared: Some(0.0119),
                n: Some(1192),
                pairwise: vec![
                    DunnPair {
                        a: "Boomers".into(),
                        b: "Gen X".into(),
                        z: Some(0.5),
                        p: Some(0.617),
                        p_holm: Some(0.617),
                    },
                    DunnPair {
                        a: "Boomers".into(),
                        b: "Gen Z".into(),
                        z: Some(-2.1),
                        p: Some(0.0357),
                        p_holm: Some(0.0714),
                    },
                    DunnPair {
                        a: "Gen X".into(),
                        b: "Gen Z".into(),
                        z: Some(-3.6),
                        p: Some(0.000318),
                        p_holm: Some(0.000954),
                    },
                ],
                adjusted: None,
            }),
            chi2_paradoxical: Some(Chi2Test {
                chi2: Some(6.3),
                df: Some(2),
                p: Some(0.0429),
                cramers_v: Some(0.073),
                n: Some(1180),
                adjusted: None,
            }),
        },
        data_types: vec![
            DataTypeSummary {
                name: "location".into(),
                label: "Precise location".into(),
                n_pairs: Some(1000),
                table: [[Some(200), Some(30)], [Some(270), Some(500)]],
                willing: Some(0.23),
                willing_ci: Some([0.205, 0.257]),
                shared: Some(0.47),
                shared_ci: Some([0.439, 0.501]),
                say_do_gap: Some(0.24),
                paradox_rate: Some(0.3506),
                paradox_rate_ci: Some([0.317, 0.385]),
                mcnemar_p: Some(1e-40),
                mcnemar_midp: Some(5e-41),
                mcnemar_or: Some(9.0),
                mcnemar_or_ci: Some([6.1, 13.7]),
            },
            DataTypeSummary {
                name: "contacts".into(),
                label: "Contacts <address book> & e-mail".into(),
                n_pairs: Some(990),
                table: [[Some(300), Some(150)], [Some(160), Some(380)]],
                willing: Some(0.4545),
                willing_ci: Some([0.423, 0.486]),
                shared: Some(0.4646),
                shared_ci: Some([0.433, 0.496]),
                say_do_gap: Some(0.0101),
                paradox_rate: None,
                paradox_rate_ci: None,
                mcnemar_p: Some(0.61),
                mcnemar_midp: Some(0.58),
                mcnemar_or: Some(1.067),
                mcnemar_or_ci: Some([0.85, 1.34]),
            },
        ],
        tactics: vec![TacticSummary {
            collapsed: None,
            name: "push".into(),
            label: "Push notifications".into(),
            min: 1,
            max: 5,
            overall: levels(None, 1195, [400, 380, 200, 130, 85], 0.18, 0.65),
            by_cohort: vec![
                TacticLevels {
                    n: Some(12),
                    levels: vec![None, None, None, None, None],
                    acceptable: None,
                    acceptable_ci: None,
                    intrusive: None,
                    intrusive_ci: None,
                    neutral: None,
                    cohort: Some("Boomers".into()),
                },
                levels(Some("Gen X"), 780, [280, 260, 130, 70, 40], 0.141, 0.692),
                levels(Some("Gen Z"), 399, [118, 118, 70, 58, 35], 0.233, 0.591),
            ],
            chi2: Some(Chi2Test {
                chi2: Some(21.4),
                df: Some(4),
                p: Some(0.00026),
                cramers_v: Some(0.095),
                n: Some(1179),
                adjusted: None,
            }),
        }],
        distributions: Distributions {
            concern_bins: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            concern_bin_width: 1.0,
            concern_discrete: false,
            concern_bins_closed_right: false,
            disclosure_discrete: false,
            concern_by_cohort: vec![
                BinnedCounts {
                    cohort: "Boomers".into(),
                    n: Some(12),
                    counts: vec![None, None, None, None, None, None],
                },
                BinnedCounts {
                    cohort: "Gen X".into(),
                    n: Some(770),
                    counts: [40, 90, 160, 220, 170, 90].map(Some).to_vec(),
                },
                BinnedCounts {
                    cohort: "Gen Z".into(),
                    n: Some(400),
                    counts: [20, 40, 80, 120, 90, 50].map(Some).to_vec(),
                },
            ],
            disclosure_bins: vec![0.0, 0.2, 0.4, 0.6, 0.8],
            heatmap: vec![
                [12, 15, 20, 18, 11].map(Some).to_vec(),
                [20, 25, 30, 28, 22].map(Some).to_vec(),
                [30, 40, 55, 50, 35].map(Some).to_vec(),
                [45, 60, 80, 75, 50].map(Some).to_vec(),
                [40, 50, 65, 60, 45].map(Some).to_vec(),
                vec![Some(20), Some(25), None, None, Some(22)],
            ],
            concern_threshold: Some(4.0),
        },
        models: Default::default(),
        disclosure_control: DisclosureControlInfo {
            audit: None,
            min_cell: 10,
            suppressed_cells: 9,
            dp_epsilon: None,
        },
        screening: None,
        notes: vec!["gap.by_cohort[Boomers].spearman_rho: suppressed (n < min_cell)".into()],
        by_group: vec![],
        sensitivity: None,
    }
}
/// Every statistic and published count set to null, as if all were suppressed.
pub fn all_suppressed() -> Summary {
    // Fields that are plain numbers in the contract (not Options) keep their value.
    const KEEP: [&str; 12] = [
        "respondents",
        "analysed",
        "rejected_rows",
        "unknown_cohort",
        "min",
        "max",
        "min_cell",
        "suppressed_cells",
        "concern_bin_width",
        "concern_bins",
        "sesoi_rho",
        "sesoi_rd",
    ];
    fn nullify(v: &mut serde_json::Value, key: &str) {
        use serde_json::Value as V;
        if KEEP.contains(&key) || key == "disclosure_bins" {
            return;
        }
        match v {
            V::Number(_) => *v = V::Null,
            V::String(_) if key == "verdict" => *v = V::Null,
            V::Array(_) if key.ends_with("ci") => *v = V::Null,
            V::Array(items) => items.iter_mut().for_each(|i| nullify(i, key)),
            V::Object(map) => map.iter_mut().for_each(|(k, i)| nullify(i, k)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(summary()).unwrap_or_default();
    nullify(&mut v, "");
    serde_json::from_value(v).unwrap_or_else(|e| panic!("nullified summary: {e}"))
}
