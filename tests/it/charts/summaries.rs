//! Hand-built `Summary` fixtures for the chart tests: realistic whiskers and counts drawn
//! from a fixed sequence, any number of cohorts and tactics, a sensitivity grid, and a
//! degenerate summary (NaN, zero respondents, very long labels).

use paradox::analysis::summary::*;

pub const MIN_CELL: u32 = 10;

/// Wilson 95% interval (Wilson 1927), only to give the fixture realistic whiskers.
pub fn wilson(x: u64, n: u64) -> [f64; 2] {
    let z = 1.959963984540054_f64;
    let (x, n) = (x as f64, n as f64);
    let p = x / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    [c - h, c + h]
}

pub fn prop(x: u64, n: u64) -> (Option<f64>, Ci) {
    (Some(x as f64 / n as f64), Some(wilson(x, n)))
}

pub fn gap_block(
    cohort: Option<&str>,
    n: u64,
    concerned: u64,
    disclosers: u64,
    para: u64,
) -> GapBlock {
    let (c, c_ci) = prop(concerned, n);
    let (d, d_ci) = prop(disclosers, n);
    let (p, p_ci) = prop(para, n);
    GapBlock {
        cohort: cohort.map(str::to_string),
        n: Some(n),
        concern_mean: Some(4.8),
        disclosure_mean: Some(0.5),
        concerned: c,
        concerned_ci: c_ci,
        disclosers: d,
        disclosers_ci: d_ci,
        paradoxical: p,
        paradoxical_ci: p_ci,
        paradoxical_expected: Some(concerned as f64 * disclosers as f64 / (n * n) as f64),
        concern_table: [
            [Some(para), Some(concerned - para)],
            [
                Some(disclosers - para),
                Some(n + para - concerned - disclosers),
            ],
        ],
        disclosure_rd: Some(-0.03),
        disclosure_rd_ci: Some([-0.08, 0.02]),
        spearman_rho: Some(-0.1),
        spearman_ci: Some([-0.15, -0.05]),
        spearman_p: Some(0.001),
        rho_mde: None,
        equivalence: None,
    }
}

/// A fully suppressed gap block (a cohort below `min_cell`).
pub fn suppressed_block(cohort: &str) -> GapBlock {
    GapBlock {
        cohort: Some(cohort.to_string()),
        ..GapBlock::default()
    }
}

pub fn levels(cohort: Option<&str>, counts: &[Option<u64>], n: Option<u64>) -> TacticLevels {
    let known = counts.iter().all(Option::is_some) && n.is_some();
    let nn = n.unwrap_or(0).max(1) as f64;
    let k = counts.len();
    let below: u64 = counts[..k / 2].iter().flatten().sum();
    let above: u64 = counts[k.div_ceil(2)..].iter().flatten().sum();
    let mid: u64 = if k % 2 == 1 {
        counts[k / 2].unwrap_or(0)
    } else {
        0
    };
    TacticLevels {
        cohort: cohort.map(str::to_string),
        n,
        levels: counts.to_vec(),
        acceptable: known.then(|| above as f64 / nn),
        acceptable_ci: known.then(|| wilson(above, n.unwrap_or(1))),
        intrusive: known.then(|| below as f64 / nn),
        intrusive_ci: known.then(|| wilson(below, n.unwrap_or(1))),
        neutral: known.then(|| mid as f64 / nn),
    }
}

/// Deterministic pseudo-counts for the fixture (no RNG needed).
pub fn spread(seed: u64, total: u64, k: usize, tilt: f64) -> Vec<u64> {
    let w: Vec<f64> = (0..k)
        .map(|i| {
            let x = i as f64 / (k - 1) as f64;
            1.0 + 3.0 * (1.0 - (x - tilt).abs()).powi(3)
                + ((seed * 7 + i as u64 * 13) % 5) as f64 * 0.15
        })
        .collect();
    let sum: f64 = w.iter().sum();
    let mut c: Vec<u64> = w
        .iter()
        .map(|v| (v / sum * total as f64).floor() as u64)
        .collect();
    let rest = total - c.iter().sum::<u64>();
    c[k / 2] += rest;
    c
}

/// The sample-study-sized fixture: `cohorts` cohorts (the last one below `min_cell`, so
/// suppressed), 5 data types, `tactics` tactics, 12 concern bins × 5 disclosure bins.
pub fn fixture(cohort_names: &[&str], tactic_count: usize, min_cell: u32) -> Summary {
    let sizes: Vec<u64> = (0..cohort_names.len())
        .map(|i| {
            if i + 1 == cohort_names.len() {
                7
            } else {
                380 + 61 * i as u64
            }
        })
        .collect();
    let total: u64 = sizes.iter().sum::<u64>() + 9;
    let mut by_cohort = Vec::new();
    for (i, (name, &n)) in cohort_names.iter().zip(&sizes).enumerate() {
        if n < 10 {
            by_cohort.push(suppressed_block(name));
            continue;
        }
        let c = n * (72 - 4 * i as u64) / 100;
        let d = n * (45 + 5 * i as u64) / 100;
        let mut b = gap_block(Some(name), n, c, d, c * d / n + 3);
        if i == 0 {
            // One suppressed cell inside an otherwise published block.
            b.paradoxical = None;
            b.paradoxical_ci = None;
        }
        by_cohort.push(b);
    }
    let overall = gap_block(
        None,
        total,
        total * 66 / 100,
        total * 52 / 100,
        total * 35 / 100,
    );

    let dt_names = [
        ("location", "Precise location"),
        ("contacts", "Contacts"),
        ("health", "Health data"),
        ("browsing", "Browsing history"),
        ("purchases", "Purchase history"),
    ];
    let data_types = dt_names
        .iter()
        .enumerate()
        .map(|(i, (name, label))| {
            let n = 2300 - 20 * i as u64;
            let w = n * (20 + 7 * i as u64) / 100;
            let sh = n * (60 - 6 * i as u64) / 100;
            let (willing, willing_ci) = prop(w, n);
            let (shared, shared_ci) = if i == 3 { (None, None) } else { prop(sh, n) };
            DataTypeSummary {
                name: name.to_string(),
                label: label.to_string(),
                n_pairs: Some(n),
                table: [
                    [Some(w / 2), Some(w - w / 2)],
                    [Some(sh - w / 2), Some(n - sh - w + w / 2)],
                ],
                willing,
                willing_ci,
                shared,
                shared_ci,
                say_do_gap: shared.zip(willing).map(|(s, w)| s - w),
                paradox_rate: Some(0.4),
                paradox_rate_ci: Some([0.37, 0.43]),
                mcnemar_p: Some(1e-20),
                mcnemar_midp: Some(1e-20),
                mcnemar_or: Some(4.0),
                mcnemar_or_ci: Some([3.0, 5.0]),
            }
        })
        .collect();

    let tactic_labels = [
        "Push notifications",
        "Personalized e-mail",
        "Product recommendations",
        "Location-based offers",
        "Retargeted ads",
        "Dynamic pricing",
        "Chatbot follow-ups",
        "Social media lookalike audiences",
        "Voice assistant suggestions",
        "Smart-TV viewing offers",
    ];
    let tactics = (0..tactic_count)
        .map(|t| {
            let tilt = (t as f64 * 0.17) % 1.0;
            let by: Vec<TacticLevels> = cohort_names
                .iter()
                .zip(&sizes)
                .enumerate()
                .map(|(i, (name, &n))| {
                    if n < 10 {
                        return levels(Some(name), &[None; 5], None);
                    }
                    let mut c: Vec<Option<u64>> =
                        spread(t as u64 + i as u64, n, 5, (tilt + 0.1 * i as f64).min(1.0))
                            .into_iter()
                            .map(Some)
                            .collect();
                    if t == 1 && i == 1 {
                        // Two small cells suppressed in one published row.
                        c[0] = None;
                        c[4] = None;
                    }
                    levels(Some(name), &c, Some(n))
                })
                .collect();
            let overall: Vec<Option<u64>> = spread(t as u64, total, 5, tilt)
                .into_iter()
                .map(Some)
                .collect();
            TacticSummary {
                collapsed: None,
                name: format!("tactic_{t}"),
                label: tactic_labels[t % tactic_labels.len()].to_string(),
                min: 1,
                max: 5,
                overall: levels(None, &overall, Some(total)),
                by_cohort: by,
                chi2: Some(Chi2Test {
                    chi2: Some(40.0),
                    df: Some(16),
                    p: Some(0.001),
                    cramers_v: Some(0.08),
                    n: Some(total),
                    adjusted: None,
                }),
            }
        })
        .collect();

    let concern_bins: Vec<f64> = (0..12).map(|b| 1.0 + 0.5 * b as f64).collect();
    let concern_by_cohort = cohort_names
        .iter()
        .zip(&sizes)
        .enumerate()
        .map(|(i, (name, &n))| {
            if n < 10 {
                return BinnedCounts {
                    cohort: name.to_string(),
                    n: None,
                    counts: vec![None; 12],
                };
            }
            let mut c: Vec<Option<u64>> = spread(i as u64, n, 12, 0.55 + 0.05 * i as f64)
                .into_iter()
                .map(|v| if v < 10 { None } else { Some(v) })
                .collect();
            c[0] = None;
            BinnedCounts {
                cohort: name.to_string(),
                n: Some(n),
                counts: c,
            }
        })
        .collect();
    let mut heatmap: Vec<Vec<Option<u64>>> = (0..12)
        .map(|r| {
            spread(
                r as u64,
                40 + 25 * (r as u64 % 7) * (r as u64 % 3 + 1),
                5,
                r as f64 / 11.0,
            )
            .into_iter()
            .map(|v| if v < 10 { None } else { Some(v) })
            .collect()
        })
        .collect();
    heatmap[0] = vec![Some(0), None, None, Some(0), Some(0)];

    Summary {
        study: StudyInfo {
            name: "fixture".into(),
            respondents: Some(total + 9),
            analysed: total,
            rejected_rows: Some(9),
            behavior_match_rate: Some(0.98),
            unknown_cohort: Some(9),
            weighted: false,
            filter: "all respondents".into(),
            cohort_scheme: "generation (Pew) from birth year".into(),
        },
        cohorts: cohort_names
            .iter()
            .zip(&sizes)
            .map(|(n, &s)| CohortCount {
                name: n.to_string(),
                n: (s >= 10).then_some(s),
            })
            .collect(),
        scales: vec![],
        gap: Gap {
            collapsed: None,
            overall: Some(overall),
            by_cohort: Some(by_cohort),
            kruskal_concern: None,
            chi2_paradoxical: None,
        },
        data_types,
        tactics,
        distributions: Distributions {
            concern_bins,
            concern_bin_width: 0.5,
            concern_discrete: false,
            concern_bins_closed_right: false,
            disclosure_discrete: false,
            concern_by_cohort,
            disclosure_bins: vec![0.0, 0.2, 0.4, 0.6, 0.8],
            heatmap,
            concern_threshold: None,
        },
        models: Default::default(),
        disclosure_control: DisclosureControlInfo {
            audit: None,
            min_cell,
            suppressed_cells: 0,
            dp_epsilon: None,
        },
        screening: None,
        notes: vec![],
        by_group: vec![],
        sensitivity: Some(sensitivity_fixture(min_cell)),
    }
}

/// A 5 × 3 threshold grid (concern 1–3 by halves × disclosure 0.4–0.6) around the codebook
/// cell (2.0, 0.5), with RDs of both signs; with disclosure control on, the top row is
/// suppressed; the top row's RD is undefined without it (nobody above the maximum).
pub fn sensitivity_fixture(min_cell: u32) -> paradox::analysis::sensitivity::Sensitivity {
    use paradox::analysis::sensitivity::{Sensitivity, SensitivityCell};
    let cs = vec![1.0, 1.5, 2.0, 2.5, 3.0];
    let ds = vec![0.4, 0.5, 0.6];
    let cells = cs
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            ds.iter()
                .enumerate()
                .map(|(j, &d)| {
                    let top = i == cs.len() - 1;
                    let hidden = top && min_cell > 0;
                    let rd = 0.3 - 0.15 * i as f64 - 0.05 * j as f64;
                    let a = 400 - 80 * i as u64 - 30 * j as u64;
                    SensitivityCell {
                        concern_threshold: c,
                        disclosure_threshold: d,
                        actual: c == 2.0 && d == 0.5,
                        concern_table: if hidden {
                            [[None; 2]; 2]
                        } else {
                            [[Some(a), Some(100)], [Some(200), Some(300 - a.min(300))]]
                        },
                        paradoxical: (!hidden).then_some(a as f64 / 1000.0),
                        paradoxical_ci: (!hidden).then_some([0.0, 0.5]),
                        disclosure_rd: (!top).then_some(rd),
                        disclosure_rd_ci: (!top).then_some([rd - 0.05, rd + 0.05]),
                    }
                })
                .collect()
        })
        .collect();
    Sensitivity {
        dropped: None,
        concern_thresholds: cs,
        disclosure_thresholds: ds,
        actual_concern_threshold: 2.0,
        actual_disclosure_threshold: 0.5,
        n: Some(1000),
        cells,
    }
}

pub const GENERATIONS: [&str; 5] = ["Boomers", "Gen X", "Millennials", "Gen Z", "Gen Alpha"];

pub fn sample() -> Summary {
    fixture(&GENERATIONS, 7, MIN_CELL)
}
/// Odd but possible summaries: one cohort with zero respondents, NaN and out-of-range
/// numbers (the contract forbids NaN, the charts must still not panic), empty level lists,
/// a 0–100 scale with 200 concern bins, very long labels. Everything renders, nothing
/// overlaps, nothing is clipped.
pub fn degenerate() -> Summary {
    let mut s = fixture(&GENERATIONS[..3], 2, MIN_CELL);
    if let Some(b) = s.gap.by_cohort.as_mut() {
        b[1].n = Some(0);
        b[1].concerned = Some(f64::NAN);
        b[1].disclosers_ci = Some([f64::NAN, 2.0]);
        b[2].paradoxical = Some(1.7);
    }
    s.data_types[0].label = "A very long data type label that no codebook should ever use".into();
    s.data_types[1].willing_ci = Some([-0.5, f64::INFINITY]);
    s.tactics[0].label = "An extremely long tactic label ".repeat(4);
    s.tactics[1].by_cohort[0].levels.clear();
    s.tactics[1].by_cohort[1].n = Some(0);
    s.distributions.concern_bins = (0..200).map(|b| b as f64 * 0.5).collect();
    s.distributions.concern_by_cohort[0].counts = (0..200).map(|b| Some(b % 37 + 10)).collect();
    s.distributions.concern_by_cohort[0].n = Some((0..200u64).map(|b| b % 37 + 10).sum());
    s.distributions.concern_by_cohort[1].counts = vec![Some(0); 200];
    s.distributions.concern_by_cohort[1].n = Some(0);
    s.distributions.heatmap = (0..200)
        .map(|r| vec![Some(r as u64 % 40), None, Some(12), Some(0), Some(99)])
        .collect();
    s
}
