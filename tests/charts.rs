//! Integration tests of the five report charts (SPEC §6) against hand-built `Summary`
//! fixtures: valid SVG with the expected text, n in captions, palette discipline, suppressed
//! markers, PNG size, byte-identical output, and no overlapping or clipped labels.

use std::collections::BTreeSet;
use std::io::Cursor;

use quick_xml::events::Event;
use quick_xml::Reader;

use paradox::analysis::summary::*;
use paradox::report::charts::{
    render_all, render_chart, text_boxes, ChartKind, RenderedChart, PNG_SCALE,
};

const MIN_CELL: u32 = 10;

/// Wilson 95% interval (Wilson 1927), only to give the fixture realistic whiskers.
fn wilson(x: u64, n: u64) -> [f64; 2] {
    let z = 1.959963984540054_f64;
    let (x, n) = (x as f64, n as f64);
    let p = x / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    [c - h, c + h]
}

fn prop(x: u64, n: u64) -> (Option<f64>, Ci) {
    (Some(x as f64 / n as f64), Some(wilson(x, n)))
}

fn gap_block(cohort: Option<&str>, n: u64, concerned: u64, disclosers: u64, para: u64) -> GapBlock {
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
    }
}

/// A fully suppressed gap block (a cohort below `min_cell`).
fn suppressed_block(cohort: &str) -> GapBlock {
    GapBlock {
        cohort: Some(cohort.to_string()),
        ..GapBlock::default()
    }
}

fn levels(cohort: Option<&str>, counts: &[Option<u64>], n: Option<u64>) -> TacticLevels {
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
fn spread(seed: u64, total: u64, k: usize, tilt: f64) -> Vec<u64> {
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
fn fixture(cohort_names: &[&str], tactic_count: usize, min_cell: u32) -> Summary {
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
            concern_by_cohort,
            disclosure_bins: vec![0.0, 0.2, 0.4, 0.6, 0.8],
            heatmap,
            concern_threshold: None,
        },
        models: Default::default(),
        disclosure_control: DisclosureControlInfo {
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
fn sensitivity_fixture(min_cell: u32) -> paradox::analysis::sensitivity::Sensitivity {
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
        concern_thresholds: cs,
        disclosure_thresholds: ds,
        actual_concern_threshold: 2.0,
        actual_disclosure_threshold: 0.5,
        n: Some(1000),
        cells,
    }
}

const GENERATIONS: [&str; 5] = ["Boomers", "Gen X", "Millennials", "Gen Z", "Gen Alpha"];

fn sample() -> Summary {
    fixture(&GENERATIONS, 7, MIN_CELL)
}

fn render(s: &Summary, kind: ChartKind) -> RenderedChart {
    match render_chart(s, kind) {
        Ok(Some(c)) => c,
        Ok(None) => panic!("{kind:?}: nothing drawn"),
        Err(e) => panic!("{kind:?}: {e}"),
    }
}

/// Writes every chart of a few fixtures to /tmp/charts-preview/ for a look.
#[test]
#[ignore]
fn preview() {
    let dir = std::path::Path::new("/tmp/charts-preview");
    std::fs::create_dir_all(dir).unwrap();
    let eight = [
        "Silent",
        "Boomers",
        "Gen X",
        "Millennials",
        "Gen Z",
        "18-24",
        "25-34 years",
        "Gen Alpha",
    ];
    let variants = [
        ("sample", sample()),
        ("stress", fixture(&eight, 10, MIN_CELL)),
        ("nodc", fixture(&GENERATIONS[..2], 3, 0)),
        ("degenerate", degenerate()),
    ];
    for (name, s) in variants {
        for c in render_all(&s).unwrap() {
            let stem = format!("{name}_{}", c.kind.file_stem());
            std::fs::write(dir.join(format!("{stem}.svg")), &c.svg).unwrap();
            std::fs::write(dir.join(format!("{stem}.png")), &c.png).unwrap();
        }
    }
}

/// The text content of every `<text>` element, entities resolved.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut reader = Reader::from_str(svg);
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"text" => current = Some(String::new()),
            Ok(Event::End(e)) if e.name().as_ref() == b"text" => {
                // plotters puts the content on its own line; SVG collapses that whitespace.
                out.extend(current.take().map(|t| t.trim().to_string()))
            }
            Ok(Event::Text(t)) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.decode().expect("utf-8 text"));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = current.as_mut() {
                    let name = r.decode().expect("utf-8 entity");
                    c.push(match name.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unexpected entity {other}"),
                    });
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("SVG is not well-formed XML: {e}"),
        }
    }
    out
}

/// Every `fill` and `stroke` colour used in the SVG (attribute values starting with '#').
fn svg_colours(svg: &str) -> BTreeSet<String> {
    let mut reader = Reader::from_str(svg);
    let mut out = BTreeSet::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    if matches!(a.key.as_ref(), b"fill" | b"stroke") {
                        let v = String::from_utf8(a.value.to_vec()).expect("utf-8");
                        if v != "none" {
                            out.insert(v.to_uppercase());
                        }
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("SVG is not well-formed XML: {e}"),
        }
    }
    out
}

/// Number of `<rect>` elements filled with the suppressed-marker grey.
fn suppressed_markers(svg: &str) -> usize {
    svg.split("<rect")
        .skip(1)
        .filter(|r| {
            r.split('>')
                .next()
                .is_some_and(|a| a.contains("fill=\"#DCDCDC\""))
        })
        .count()
}

/// Thousands grouping written independently of the chart code.
fn grouped(n: u64) -> String {
    let digits: Vec<char> = n.to_string().chars().rev().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push(',');
        }
        out.push(*d);
    }
    out.chars().rev().collect()
}

fn hex(c: &str) -> (u8, u8, u8) {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).expect("hex colour");
    ((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// Okabe–Ito (Okabe & Ito 2008), any grey, or a tint of Okabe–Ito blue towards white.
fn colour_allowed(c: &str) -> bool {
    const OKABE_ITO: [&str; 8] = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    ];
    if OKABE_ITO.contains(&c) {
        return true;
    }
    let (r, g, b) = hex(c);
    if r == g && g == b {
        return true;
    }
    // Tint of #0072B2: r = 255·(1−t), g = 255 − 141·t, b = 255 − 77·t.
    let t = (255.0 - f64::from(r)) / 255.0;
    let close = |got: u8, want: f64| (f64::from(got) - want).abs() <= 1.0;
    if close(g, 255.0 - 141.0 * t) && close(b, 255.0 - 77.0 * t) {
        return true;
    }
    // Tint of #D55E00 (the negative side of the diverging threshold-sensitivity scale):
    // r = 255 − 42·t, g = 255 − 161·t, b = 255·(1−t).
    let t = (255.0 - f64::from(b)) / 255.0;
    close(r, 255.0 - 42.0 * t) && close(g, 255.0 - 161.0 * t)
}

fn expected_texts(kind: ChartKind) -> Vec<&'static str> {
    let suppressed = "Suppressed (fewer than 10 respondents)";
    match kind {
        ChartKind::GapByCohort => vec![
            "Share of respondents (%)",
            "Cohort",
            "Concerned",
            "Disclosers",
            "Paradoxical (concerned and discloser)",
            "Paradoxical share expected if concern did not matter",
            "95% CI (Wilson)",
            suppressed,
        ],
        ChartKind::StatedVsActual => vec![
            "Share of respondents (%)",
            "Data type",
            "Stated willing to share",
            "Actually shared",
            "Say–do gap",
            "95% CI (Wilson)",
            suppressed,
        ],
        ChartKind::TacticAcceptance => vec![
            "Share of respondents (%)  ← intrusive | acceptable →",
            "Tactic and cohort",
            "1 = very intrusive",
            "3 = neutral",
            "5 = very acceptable",
            suppressed,
        ],
        ChartKind::ConcernDistribution => vec![
            "Privacy concern score (scale points)",
            "Share of cohort (%)",
            "Share of the cohort in the score bin",
            suppressed,
        ],
        ChartKind::ConcernDisclosureHeatmap => vec![
            "Disclosure score (% of data types shared)",
            "Privacy concern score (scale points)",
            "Respondents",
            suppressed,
        ],
        ChartKind::ThresholdSensitivity => vec![
            "Paradoxical share (%)",
            "Risk difference (points)",
            "Concern threshold (concerned: score above)",
            "The codebook's thresholds",
            suppressed,
        ],
    }
}

#[test]
fn svgs_parse_and_carry_title_axis_labels_and_legend() {
    let s = sample();
    for kind in ChartKind::ALL {
        let c = render(&s, kind);
        let texts = svg_texts(&c.svg);
        assert!(
            texts.contains(&c.title),
            "{kind:?}: title missing from {texts:?}"
        );
        for want in expected_texts(kind) {
            assert!(
                texts.iter().any(|t| t == want),
                "{kind:?}: text {want:?} missing from {texts:?}"
            );
        }
        assert!(c.svg.contains("font-family=\"DejaVu Sans, sans-serif\""));
    }
}

#[test]
fn captions_state_the_summary_n() {
    let s = sample();
    let cap = |k| render(&s, k).caption;
    let overall_n = s.gap.overall.as_ref().and_then(|g| g.n).unwrap();
    assert!(
        cap(ChartKind::GapByCohort).contains(&format!("n = {} respondents", grouped(overall_n)))
    );
    let c = cap(ChartKind::StatedVsActual);
    for d in &s.data_types {
        assert!(
            c.contains(&format!("{} {}", d.label, grouped(d.n_pairs.unwrap()))),
            "{c}"
        );
    }
    let c = cap(ChartKind::TacticAcceptance);
    for t in &s.tactics {
        assert!(
            c.contains(&format!("{} {}", t.label, grouped(t.overall.n.unwrap()))),
            "{c}"
        );
    }
    let with_cohort: u64 = s
        .distributions
        .concern_by_cohort
        .iter()
        .filter_map(|b| b.n)
        .sum();
    assert!(cap(ChartKind::ConcernDistribution)
        .contains(&format!("n = {} respondents", grouped(with_cohort))));
    assert!(cap(ChartKind::ConcernDisclosureHeatmap)
        .contains(&format!("n = {} respondents", grouped(overall_n))));
    for kind in ChartKind::ALL {
        assert!(
            cap(kind).contains("suppressed"),
            "{kind:?}: caption does not explain suppression"
        );
    }
}

#[test]
fn only_palette_colours_are_used() {
    for s in [sample(), fixture(&GENERATIONS[..2], 3, 0)] {
        for c in render_all(&s).unwrap() {
            for colour in svg_colours(&c.svg) {
                assert!(colour_allowed(&colour), "{:?} uses {colour}", c.kind);
            }
        }
    }
    // The checker itself rejects an off-palette colour.
    assert!(!colour_allowed("#FF0000"));
    assert!(!colour_allowed("#56B4EA"));
}

/// Suppressed cells by the rule of the brief (min_cell > 0: a missing value where one would
/// stand), counted from the fixture, plus one legend swatch.
fn expected_markers(s: &Summary, kind: ChartKind) -> usize {
    let missing = |v: &Option<f64>| usize::from(v.is_none());
    let cells = match kind {
        ChartKind::GapByCohort => s
            .gap
            .by_cohort
            .iter()
            .flatten()
            .chain(s.gap.overall.iter())
            .map(|b| missing(&b.concerned) + missing(&b.disclosers) + missing(&b.paradoxical))
            .sum(),
        ChartKind::StatedVsActual => s
            .data_types
            .iter()
            .filter(|d| d.willing.is_none() || d.shared.is_none())
            .count(),
        ChartKind::TacticAcceptance => s
            .tactics
            .iter()
            .flat_map(|t| std::iter::once(&t.overall).chain(&t.by_cohort))
            .map(|l| {
                if l.n.is_none() || l.levels.iter().any(Option::is_none) {
                    1
                } else {
                    missing(&l.intrusive) + missing(&l.acceptable)
                }
            })
            .sum(),
        ChartKind::ConcernDistribution => s
            .distributions
            .concern_by_cohort
            .iter()
            .map(|b| {
                if b.n.is_none() {
                    1
                } else {
                    b.counts.iter().filter(|c| c.is_none()).count()
                }
            })
            .sum(),
        ChartKind::ConcernDisclosureHeatmap => s
            .distributions
            .heatmap
            .iter()
            .flatten()
            .filter(|c| c.is_none())
            .count(),
        // A hidden cell is hatched in both panels.
        ChartKind::ThresholdSensitivity => s
            .sensitivity
            .iter()
            .flat_map(|g| g.cells.iter().flatten())
            .map(|c| {
                missing(&c.paradoxical).min(usize::from(c.concern_table[0][0].is_none()))
                    + missing(&c.disclosure_rd).min(usize::from(c.concern_table[0][0].is_none()))
            })
            .sum(),
    };
    cells + 1
}

#[test]
fn every_suppressed_cell_is_marked() {
    let s = sample();
    for kind in ChartKind::ALL {
        let c = render(&s, kind);
        let expected = expected_markers(&s, kind);
        assert!(
            expected > 1,
            "{kind:?}: the fixture should suppress something"
        );
        assert_eq!(suppressed_markers(&c.svg), expected, "{kind:?}");
    }
}

#[test]
fn without_disclosure_control_nothing_is_marked_suppressed() {
    let s = fixture(&GENERATIONS[..3], 2, 0);
    for c in render_all(&s).unwrap() {
        assert_eq!(suppressed_markers(&c.svg), 0, "{:?}", c.kind);
        assert!(!svg_texts(&c.svg)
            .iter()
            .any(|t| t.starts_with("Suppressed")));
    }
}

#[test]
fn pngs_decode_at_the_stated_size() {
    for c in render_all(&sample()).unwrap() {
        let decoder = png::Decoder::new(Cursor::new(&c.png));
        let reader = decoder.read_info().expect("PNG decodes");
        let info = reader.info();
        assert_eq!(
            (info.width, info.height),
            (c.width * PNG_SCALE, c.height * PNG_SCALE)
        );
        // 192 dpi = 7559 pixels per metre (192 / 0.0254), so it prints at the SVG's size.
        let dims = info.pixel_dims.expect("pHYs chunk");
        assert_eq!(
            (dims.xppu, dims.yppu, dims.unit),
            (7559, 7559, png::Unit::Meter)
        );
        assert!(c
            .svg
            .contains(&format!("width=\"{}\" height=\"{}\"", c.width, c.height)));
    }
}

#[test]
fn rendering_is_byte_identical() {
    let s = sample();
    let a = render_all(&s).unwrap();
    let b = render_all(&s).unwrap();
    assert_eq!(a.len(), 6);
    assert_eq!(a, b);
}

#[test]
fn no_two_labels_overlap_and_none_is_clipped() {
    let eight = [
        "Silent",
        "Boomers",
        "Gen X",
        "Millennials",
        "Gen Z",
        "18-24",
        "25-34 years",
        "Gen Alpha",
    ];
    let summaries = [
        sample(),
        fixture(&eight, 10, MIN_CELL),
        fixture(&GENERATIONS[..1], 1, MIN_CELL),
        fixture(&GENERATIONS[..2], 3, 0),
    ];
    for s in &summaries {
        for kind in ChartKind::ALL {
            let c = render(s, kind);
            let boxes = text_boxes(s, kind).unwrap();
            assert!(!boxes.is_empty());
            let texts = svg_texts(&c.svg);
            for b in &boxes {
                assert!(
                    texts.contains(&b.text),
                    "{kind:?}: box {:?} not drawn",
                    b.text
                );
                assert!(
                    b.x0 >= 0.0
                        && b.y0 >= 0.0
                        && b.x1 <= f64::from(c.width)
                        && b.y1 <= f64::from(c.height),
                    "{kind:?}: {b:?} clipped ({}×{})",
                    c.width,
                    c.height
                );
            }
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!a.intersects(b), "{kind:?}: {a:?} overlaps {b:?}");
                }
            }
        }
    }
}

#[test]
fn charts_without_data_are_skipped() {
    let mut s = sample();
    s.gap.overall = None;
    s.gap.by_cohort = None;
    s.data_types.clear();
    s.tactics.clear();
    s.distributions = Distributions::default();
    s.sensitivity = None;
    for kind in ChartKind::ALL {
        assert!(render_chart(&s, kind).unwrap().is_none(), "{kind:?}");
    }
    assert!(render_all(&s).unwrap().is_empty());
}

/// Odd but possible summaries: one cohort with zero respondents, NaN and out-of-range
/// numbers (the contract forbids NaN, the charts must still not panic), empty level lists,
/// a 0–100 scale with 200 concern bins, very long labels. Everything renders, nothing
/// overlaps, nothing is clipped.
fn degenerate() -> Summary {
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

#[test]
fn degenerate_summaries_render_without_overlap() {
    let s = degenerate();
    for kind in ChartKind::ALL {
        let c = render(&s, kind);
        let boxes = text_boxes(&s, kind).unwrap();
        for b in &boxes {
            assert!(
                b.x0 >= 0.0
                    && b.x1 <= f64::from(c.width)
                    && b.y0 >= 0.0
                    && b.y1 <= f64::from(c.height),
                "{kind:?}: {b:?}"
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.intersects(b), "{kind:?}: {a:?} overlaps {b:?}");
            }
        }
        assert!(c.height < 3000, "{kind:?}: {} px tall", c.height);
    }
}

#[test]
fn concern_charts_draw_the_codebook_threshold_not_always_the_midpoint() {
    let mut s = sample();
    let bins = &s.distributions.concern_bins;
    let lo = bins[0];
    let hi = bins[bins.len() - 1] + s.distributions.concern_bin_width;
    let mid = (lo + hi) / 2.0;
    let label = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        }
    };
    for kind in [
        ChartKind::ConcernDistribution,
        ChartKind::ConcernDisclosureHeatmap,
    ] {
        // No threshold in the summary (or the default): the midpoint, named as such.
        s.distributions.concern_threshold = None;
        let texts = svg_texts(&render(&s, kind).svg);
        let want = format!("Concern threshold: the scale midpoint ({})", label(mid));
        assert!(texts.contains(&want), "{kind:?}: {want:?} not in {texts:?}");
        // A custom threshold one point above the midpoint is the line drawn and named.
        s.distributions.concern_threshold = Some(mid + 1.0);
        let c = render(&s, kind);
        let texts = svg_texts(&c.svg);
        let want = format!("Concern threshold ({})", label(mid + 1.0));
        assert!(texts.contains(&want), "{kind:?}: {want:?} not in {texts:?}");
        assert!(
            !texts.iter().any(|t| t.contains("midpoint")),
            "{kind:?}: still says midpoint: {texts:?}"
        );
        if kind == ChartKind::ConcernDistribution {
            assert!(
                c.caption
                    .contains(&format!("the concern threshold {}", label(mid + 1.0))),
                "{}",
                c.caption
            );
        }
    }
}
