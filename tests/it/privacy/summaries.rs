//! Hand-built summaries for the disclosure-control tests: a gap-only summary with a tiny
//! cohort, a full one (scales, tests, a data type, a tactic, the distributions), and random
//! but internally consistent summaries whose small cells give suppression work to do.

use std::collections::BTreeMap;

use paradox::analysis::summary::*;

pub const P: Option<f64> = Some(0.5);
pub const CI: Ci = Some([0.4, 0.6]);

pub fn t2(a: u64, b: u64, c: u64, d: u64) -> [[Option<u64>; 2]; 2] {
    [[Some(a), Some(b)], [Some(c), Some(d)]]
}

/// A gap block with every statistic present, so that nulling any of them is visible.
pub fn block(cohort: Option<&str>, table: [[Option<u64>; 2]; 2]) -> GapBlock {
    let n = table.iter().flatten().flatten().sum();
    GapBlock {
        cohort: cohort.map(String::from),
        n: Some(n),
        concern_mean: P,
        disclosure_mean: P,
        concerned: P,
        concerned_ci: CI,
        disclosers: P,
        disclosers_ci: CI,
        paradoxical: P,
        paradoxical_ci: CI,
        paradoxical_expected: P,
        concern_table: table,
        disclosure_rd: P,
        disclosure_rd_ci: CI,
        spearman_rho: P,
        spearman_ci: CI,
        spearman_p: P,
        rho_mde: None,
        equivalence: None,
    }
}

pub fn levels(cohort: Option<&str>, l: &[u64]) -> TacticLevels {
    TacticLevels {
        cohort: cohort.map(String::from),
        n: Some(l.iter().sum()),
        levels: l.iter().map(|&v| Some(v)).collect(),
        acceptable: P,
        acceptable_ci: CI,
        intrusive: P,
        intrusive_ci: CI,
        neutral: P,
    }
}

pub fn chi2(n: u64) -> Option<Chi2Test> {
    Some(Chi2Test {
        chi2: Some(3.0),
        df: Some(2),
        p: P,
        cramers_v: P,
        n: Some(n),
        adjusted: None,
    })
}

/// Cohorts A (50), B (52) and the tiny C (3); 105 respondents, none of unknown cohort;
/// only the cohort table and the gap. Gap blocks: A [[15,10],[12,13]], B [[14,10],[12,14]],
/// C [[1,0],[1,1]], overall their sum [[30,20],[25,28]] (n 103).
pub fn gap_only() -> Summary {
    Summary {
        study: StudyInfo {
            name: "fixture".into(),
            respondents: Some(105),
            analysed: 105,
            rejected_rows: Some(0),
            behavior_match_rate: Some(103.0 / 105.0),
            unknown_cohort: Some(0),
            weighted: false,
            filter: "all respondents".into(),
            cohort_scheme: "test".into(),
        },
        cohorts: vec![
            CohortCount {
                name: "A".into(),
                n: Some(50),
            },
            CohortCount {
                name: "B".into(),
                n: Some(52),
            },
            CohortCount {
                name: "C".into(),
                n: Some(3),
            },
        ],
        scales: vec![],
        gap: Gap {
            collapsed: None,
            overall: Some(block(None, t2(30, 20, 25, 28))),
            by_cohort: Some(vec![
                block(Some("A"), t2(15, 10, 12, 13)),
                block(Some("B"), t2(14, 10, 12, 14)),
                block(Some("C"), t2(1, 0, 1, 1)),
            ]),
            kruskal_concern: None,
            chi2_paradoxical: None,
        },
        data_types: vec![],
        tactics: vec![],
        distributions: Distributions::default(),
        models: Default::default(),
        disclosure_control: DisclosureControlInfo {
            audit: None,
            min_cell: 10,
            suppressed_cells: 0,
            dp_epsilon: None,
        },
        screening: None,
        notes: vec![],
        by_group: vec![],
        sensitivity: None,
    }
}

/// `gap_only` plus scales, Kruskal, χ², a data type, a tactic and the distributions.
pub fn full() -> Summary {
    let mut s = gap_only();
    s.scales = vec![ScaleSummary {
        name: "concern".into(),
        label: "Concern".into(),
        items: vec!["c1".into(), "c2".into(), "c3".into()],
        n_complete: Some(100),
        alpha: P,
        alpha_ci: CI,
        alpha_if_dropped: Some(BTreeMap::from([("c1".to_string(), P)])),
        n: Some(105),
        mean: P,
        sd: P,
    }];
    s.gap.kruskal_concern = Some(KruskalTest {
        h: Some(4.0),
        df: Some(2),
        p: P,
        epsilon_squared: P,
        n: Some(105),
        pairwise: [("A", "B"), ("A", "C"), ("B", "C")]
            .iter()
            .map(|(a, b)| DunnPair {
                a: (*a).into(),
                b: (*b).into(),
                z: Some(1.0),
                p: P,
                p_holm: P,
            })
            .collect(),
        adjusted: None,
    });
    s.gap.chi2_paradoxical = chi2(103);
    s.data_types = vec![DataTypeSummary {
        name: "location".into(),
        label: "Location".into(),
        n_pairs: Some(103),
        table: t2(40, 5, 30, 28),
        willing: P,
        willing_ci: CI,
        shared: P,
        shared_ci: CI,
        say_do_gap: P,
        paradox_rate: P,
        paradox_rate_ci: CI,
        mcnemar_p: P,
        mcnemar_midp: P,
        mcnemar_or: Some(6.0),
        mcnemar_or_ci: Some([2.0, 9.0]),
    }];
    s.tactics = vec![TacticSummary {
        collapsed: None,
        name: "push".into(),
        label: "Push".into(),
        min: 1,
        max: 5,
        overall: levels(None, &[20, 30, 25, 20, 10]),
        by_cohort: vec![
            levels(Some("A"), &[10, 15, 12, 8, 5]),
            levels(Some("B"), &[9, 14, 13, 11, 5]),
            levels(Some("C"), &[1, 1, 0, 1, 0]),
        ],
        chi2: chi2(105),
    }];
    s.distributions = Distributions {
        concern_bins: vec![1.0, 2.5, 4.0],
        concern_bin_width: 1.5,
        concern_discrete: false,
        concern_bins_closed_right: false,
        disclosure_discrete: false,
        concern_by_cohort: [("A", [10, 20, 20]), ("B", [12, 20, 20]), ("C", [0, 2, 1])]
            .iter()
            .map(|(c, counts)| BinnedCounts {
                cohort: (*c).into(),
                n: Some(counts.iter().sum()),
                counts: counts.iter().map(|&v| Some(v)).collect(),
            })
            .collect(),
        disclosure_bins: vec![0.0, 0.5],
        heatmap: vec![
            vec![Some(10), Some(12)],
            vec![Some(20), Some(21)],
            vec![Some(15), Some(25)],
        ],
        concern_threshold: Some(2.5),
    };
    s
}

/// A random but internally consistent summary: `k` cohorts whose gap tables, tactic levels
/// and concern bins add up to the overall ones, a heat map over the overall gap block's
/// respondents, cells skewed towards small values so that suppression has work to do.
pub fn random_summary(rng: &mut impl rand::Rng) -> Summary {
    let small = |rng: &mut dyn rand::RngCore| -> u64 {
        use rand::Rng as _;
        if rng.random_bool(0.4) {
            rng.random_range(0..6)
        } else {
            rng.random_range(0..40)
        }
    };
    // One cohort alone cannot be protected (its size is `study.analysed`); see
    // `a_lone_small_cohort_is_reported_as_unprotectable`.
    let k = rng.random_range(2..6);
    let names: Vec<String> = (0..k).map(|i| format!("K{i}")).collect();
    let mut s = full();
    let mut by = Vec::new();
    let mut overall = [[0u64; 2]; 2];
    let mut levels_by = Vec::new();
    let mut levels_all = [0u64; 5];
    let mut bins = Vec::new();
    let mut cohorts = Vec::new();
    for name in &names {
        let t = [[small(rng), small(rng)], [small(rng), small(rng)]];
        for i in 0..2 {
            for j in 0..2 {
                overall[i][j] += t[i][j];
            }
        }
        by.push(block(Some(name), t.map(|r| r.map(Some))));
        let l: Vec<u64> = (0..5).map(|_| small(rng)).collect();
        for (a, b) in levels_all.iter_mut().zip(&l) {
            *a += b;
        }
        levels_by.push(levels(Some(name), &l));
        let b: Vec<u64> = (0..3).map(|_| small(rng)).collect();
        bins.push(BinnedCounts {
            cohort: name.clone(),
            n: Some(b.iter().sum()),
            counts: b.iter().map(|&v| Some(v)).collect(),
        });
        let n = t.iter().flatten().sum::<u64>() + small(rng);
        cohorts.push(CohortCount {
            name: name.clone(),
            n: Some(n),
        });
    }
    let gap_n: u64 = overall.iter().flatten().sum();
    let mut heat = vec![vec![Some(0u64); 2]; 3];
    for _ in 0..gap_n {
        let (i, j) = (rng.random_range(0..3), rng.random_range(0..2));
        heat[i][j] = heat[i][j].map(|v| v + 1);
    }
    s.study.analysed = cohorts.iter().filter_map(|c| c.n).sum();
    s.study.behavior_match_rate = None;
    s.cohorts = cohorts;
    s.gap.overall = Some(block(None, overall.map(|r| r.map(Some))));
    s.gap.by_cohort = Some(by);
    if let Some(kw) = s.gap.kruskal_concern.as_mut() {
        kw.n = Some(bins.iter().filter_map(|b| b.n).sum());
        kw.pairwise.clear();
    }
    s.tactics[0].overall = levels(None, &levels_all);
    s.tactics[0].by_cohort = levels_by;
    s.distributions.concern_by_cohort = bins;
    s.distributions.heatmap = heat;
    s.data_types[0].table = t2(small(rng), small(rng), small(rng), small(rng));
    s.data_types[0].n_pairs = Some(s.data_types[0].table.iter().flatten().flatten().sum());
    s
}
