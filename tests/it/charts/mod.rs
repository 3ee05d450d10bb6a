//! Integration tests of the report charts against hand-built `Summary`
//! fixtures: valid SVG with the expected text, n in captions, palette discipline, suppressed
//! markers, PNG size, byte-identical output, and no overlapping or clipped labels.

mod summaries;
mod svg;

use std::io::Cursor;

use paradox::analysis::summary::*;
use paradox::report::charts::{
    render_all, render_chart, text_boxes, ChartKind, RenderedChart, PNG_SCALE,
};

use summaries::*;
use svg::*;

fn render(s: &Summary, kind: ChartKind) -> RenderedChart {
    match render_chart(&crate::util::published(None, s, None), kind) {
        Ok(Some(c)) => c,
        Ok(None) => panic!("{kind:?}: nothing drawn"),
        Err(e) => panic!("{kind:?}: {e}"),
    }
}

/// Every chart of a few fixtures renders (eight cohorts, no disclosure control, degenerate
/// data). `PARADOX_CHARTS_PREVIEW=DIR` keeps the SVG and PNG files there for a look.
#[test]
fn preview() {
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("PARADOX_CHARTS_PREVIEW").map(std::path::PathBuf::from);
    let dir = keep.as_deref().unwrap_or(tmp.path());
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
        for c in render_all(&crate::util::published(None, &s, None)).unwrap() {
            let stem = format!("{name}_{}", c.kind.file_stem());
            std::fs::write(dir.join(format!("{stem}.svg")), &c.svg).unwrap();
            std::fs::write(dir.join(format!("{stem}.png")), &c.png).unwrap();
        }
    }
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
        ChartKind::RhoEquivalence => vec![
            "Spearman’s ρ (concern, disclosure)",
            "Within ±0.05: too small to matter",
            "90% CI (Fisher z, Bonett–Wright)",
            "predicts",
            "no meaningful relation",
            "trivially small",
            "inconclusive",
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
        for c in render_all(&crate::util::published(None, &s, None)).unwrap() {
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
        // One mark per block whose ρ is missing.
        ChartKind::RhoEquivalence => s
            .gap
            .by_cohort
            .iter()
            .flatten()
            .chain(s.gap.overall.iter())
            .map(|b| missing(&b.spearman_rho))
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
    for c in render_all(&crate::util::published(None, &s, None)).unwrap() {
        assert_eq!(suppressed_markers(&c.svg), 0, "{:?}", c.kind);
        assert!(!svg_texts(&c.svg)
            .iter()
            .any(|t| t.starts_with("Suppressed")));
    }
}

#[test]
fn pngs_decode_at_the_stated_size() {
    for c in render_all(&crate::util::published(None, &sample(), None)).unwrap() {
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
    let a = render_all(&crate::util::published(None, &s, None)).unwrap();
    let b = render_all(&crate::util::published(None, &s, None)).unwrap();
    assert_eq!(a.len(), 7);
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
        assert!(
            render_chart(&crate::util::published(None, &s, None), kind)
                .unwrap()
                .is_none(),
            "{kind:?}"
        );
    }
    assert!(render_all(&crate::util::published(None, &s, None))
        .unwrap()
        .is_empty());
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
        assert!(
            texts.iter().any(|t| t.starts_with(&want)),
            "{kind:?}: {want:?} not in {texts:?}"
        );
        // A custom threshold one point above the midpoint is the line drawn and named.
        s.distributions.concern_threshold = Some(mid + 1.0);
        let c = render(&s, kind);
        let texts = svg_texts(&c.svg);
        let want = format!("Concern threshold ({})", label(mid + 1.0));
        assert!(
            texts.iter().any(|t| t.starts_with(&want)),
            "{kind:?}: {want:?} not in {texts:?}"
        );
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
