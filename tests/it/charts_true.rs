//! What the report and `check` say and draw is true to the data as it was collected:
//! `check` names where behaviour was read from, and the charts draw scores on the values
//! they can take.

use crate::util::{fixture, run};

/// Behaviour read from the survey's own columns is reported as such: no behaviour rows
/// to count, no matching to rate.
#[test]
fn check_says_behaviour_comes_from_the_survey_file() {
    let r = run(&["check", fixture("models").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Behaviour               read from the survey file"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("400 of 400 respondents have behaviour"));
    assert!(!r.stdout.contains("Behaviour rows read"), "{}", r.stdout);
    assert!(!r.stdout.contains("match rate"), "{}", r.stdout);

    // A separate behaviour file keeps its rows and its match rate.
    let r = run(&["check", fixture("mini").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Behaviour match rate"), "{}", r.stdout);
    assert!(r.stdout.contains("Behaviour rows read"), "{}", r.stdout);
    assert!(!r.stdout.contains("read from the survey file"));
}

/// A synthetic study whose tactic columns carry a label set, with one answer renamed in
/// the codebook and the survey alike, so the words can only come from the codebook.
fn labelled_tactics_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("s");
    let r = run(&[
        "synth",
        "--respondents",
        "300",
        "--out",
        study.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["codebook.toml", "survey.csv"] {
        let p = study.join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("Somewhat intrusive"), "{f}");
        let text = text
            .replace("Somewhat intrusive", "Rather unacceptable")
            .replace("somewhat intrusive", "rather unacceptable");
        // The concern scale's own label names the concern axes.
        let text = text.replace(
            "label = \"Privacy concern\"",
            "label = \"Online privacy worry\"",
        );
        std::fs::write(&p, text).unwrap();
    }
    dir
}

/// The tactic chart's legend and the rating tables use the codebook's answer labels; the
/// concern charts' axis uses the concern scale's label.
#[test]
fn tactic_chart_and_tables_use_the_codebooks_answer_labels() {
    let dir = labelled_tactics_study();
    let out = dir.path().join("r");
    // Unsuppressed (at 300 respondents, publishing merges the ratings into bands: see
    // below), so every rating has its own key.
    let r = run(&[
        "report",
        dir.path().join("s").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "md,svg",
        "--min-cell",
        "0",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(out.join("charts/tactic_acceptance.svg")).unwrap();
    for words in [
        "Very intrusive",
        "Rather unacceptable",
        "Neutral",
        "Very acceptable",
    ] {
        assert!(svg.contains(words), "legend lacks {words:?}");
    }
    assert!(!svg.contains("= very intrusive"), "generic legend drawn");
    for chart in ["concern_distribution", "concern_disclosure_heatmap"] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(
            svg.contains("Online privacy worry score (scale points)"),
            "{chart}: the concern scale's label is not the axis title"
        );
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("ratings (1 = Very intrusive \u{2026} 5 = Very acceptable)"),
        "{md}"
    );
    assert!(!md.contains("= very intrusive"));

    // Published, the small study's ratings are merged into bands, and the bands are named
    // by the label set's words, not by codes alone.
    let published = dir.path().join("p");
    let r = run(&[
        "report",
        dir.path().join("s").to_str().unwrap(),
        "--out",
        published.to_str().unwrap(),
        "--format",
        "md,svg",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(published.join("charts/tactic_acceptance.svg")).unwrap();
    assert!(
        svg.contains("ratings merged:"),
        "no band named in a tactic header"
    );
    assert!(
        svg.contains("Very intrusive\u{201d} to"),
        "the bands' legend does not use the label set's words"
    );
}

/// The published summary of the study in `dir`, suppression as its codebook says.
fn publish(dir: &std::path::Path) -> paradox::privacy::Published {
    let study = paradox::import::load_study(Some(dir), &paradox::import::LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let filter = paradox::analysis::Filter::default();
    let options = paradox::analysis::AnalysisOptions::default();
    let source = paradox::analysis::Source::new(&study, &filter, &options);
    let summary = source.summarize();
    paradox::privacy::publish(
        &source,
        &summary,
        &paradox::privacy::PublishOptions::suppress_below(
            study.codebook.disclosure_control.min_cell,
        ),
    )
}

/// A synthetic study cut down to a single 1–7 concern item and one data type, so the
/// concern score takes 7 values and the disclosure score 2 (0/1 behaviour).
fn single_item_binary_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[
        "synth",
        "--respondents",
        "2000",
        "--force",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = dir.path().join("codebook.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text
        .replace(
            "items = [\"concern_1\", \"concern_2\", \"concern_3\", \"concern_4\", \"concern_5\"]",
            "items = [\"concern_1\"]",
        )
        .replace("reverse = [\"concern_5\"]", "reverse = []");
    // Keep the first data type only: drop every later [[data_type]] block.
    let mut parts = text.split("[[data_type]]");
    let mut out = parts.next().unwrap().to_string();
    let mut first = true;
    for part in parts {
        let tail = part.find("[[tactic]]").map(|i| &part[i..]).unwrap_or("");
        if first {
            out.push_str("[[data_type]]");
            out.push_str(part.split("[[tactic]]").next().unwrap());
            first = false;
        }
        out.push_str(tail);
    }
    assert!(out.contains("items = [\"concern_1\"]"));
    std::fs::write(&p, out).unwrap();
    dir
}

/// Centre of the text box holding exactly `text`.
fn centre(boxes: &[paradox::report::charts::TextBox], text: &str) -> (f64, f64) {
    let b = boxes
        .iter()
        .find(|b| b.text == text)
        .unwrap_or_else(|| panic!("no text {text:?}"));
    ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0)
}

/// A single 1–7 item and a 0/1 behaviour: the heat map and the distribution are drawn on
/// the values that exist, and the respondents at the threshold (4, not concerned) are
/// drawn on the not-concerned side of the dashed line.
#[test]
fn single_item_binary_study_is_drawn_on_its_own_values() {
    use paradox::report::charts::{scene_of, ChartKind};
    let dir = single_item_binary_study();
    let published = publish(dir.path());
    let s = published.summary();
    let d = &s.distributions;
    assert!(d.concern_discrete && d.disclosure_discrete);
    assert_eq!(d.concern_bins, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
    assert_eq!(d.disclosure_bins, vec![0.0, 1.0]);
    assert_eq!(d.concern_threshold, Some(4.0));
    assert_eq!(d.heatmap.len(), 7);
    assert!(d.heatmap.iter().all(|r| r.len() == 2));

    // Heat map: rows 1…7, columns 0 and 100, a drawn count in every published cell.
    let scene = scene_of(s, ChartKind::ConcernDisclosureHeatmap)
        .unwrap()
        .expect("heat map drawn");
    let boxes = scene.text_boxes();
    let texts: Vec<&str> = boxes.iter().map(|b| b.text.as_str()).collect();
    for v in ["1", "2", "3", "4", "5", "6", "7", "0", "100"] {
        assert!(texts.contains(&v), "tick {v} missing: {texts:?}");
    }
    for v in ["1.5", "3.5", "20", "40", "60", "80"] {
        assert!(!texts.contains(&v), "tick {v} drawn: {texts:?}");
    }
    for v in d.heatmap.iter().flatten().flatten() {
        assert!(texts.contains(&paradox::fmt::count(*v).as_str()), "{v}");
    }
    let black = paradox::report::charts::layout::BLACK;
    // Black horizontal segments within the grid (the legend's key is drawn above it).
    let (_, y7) = centre(&boxes, "7");
    let (_, y1) = centre(&boxes, "1");
    let line_y: Vec<f64> = scene
        .segments()
        .into_iter()
        .filter(|(a, b, c)| *c == black && (a.1 - b.1).abs() < 1e-9 && a.0 != b.0)
        .map(|(a, _, _)| a.1)
        .filter(|y| *y > y7 && *y < y1)
        .collect();
    assert!(!line_y.is_empty(), "no threshold line");
    assert!(line_y.iter().all(|y| (y - line_y[0]).abs() < 1e-9));
    let (_, y4) = centre(&boxes, "4");
    let (_, y5) = centre(&boxes, "5");
    // y grows downwards: the row of 4 lies below the line, the row of 5 above it.
    assert!(y4 > line_y[0] && y5 < line_y[0], "{y4} {y5} {}", line_y[0]);
    assert!(boxes.iter().any(|b| b
        .text
        .contains("a score of exactly 4 counts as not concerned (below the line)")));

    // Distribution: one bar per value, the line between 4 and 5.
    let scene = scene_of(s, ChartKind::ConcernDistribution)
        .unwrap()
        .expect("distribution drawn");
    let boxes = scene.text_boxes();
    assert!(!boxes.iter().any(|b| b.text == "1.5" || b.text == "3.5"));
    let line_x: Vec<f64> = scene
        .segments()
        .into_iter()
        .filter(|(a, b, c)| *c == black && (a.0 - b.0).abs() < 1e-9 && a.1 != b.1)
        .map(|(a, _, _)| a.0)
        .collect();
    assert!(!line_x.is_empty(), "no threshold line");
    let (x3, _) = centre(&boxes, "3");
    let (x5, _) = centre(&boxes, "5");
    // The first panel's line lies between its ticks 3 and 5, nearer 5 (after 4's bar).
    let first = line_x.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(
        first > x3 + (x5 - x3) / 2.0 && first < x5,
        "{x3} {first} {x5}"
    );
}

/// A mean of several items is binned, with the threshold on a bin edge and bins closed on
/// the right, so a score of exactly the threshold is counted below it.
#[test]
fn binned_scores_have_the_threshold_on_an_edge() {
    let published = publish(&paradox::sample_study_dir());
    let d = &published.summary().distributions;
    assert!(!d.concern_discrete && d.concern_bins_closed_right);
    let t = d.concern_threshold.expect("threshold");
    assert!(
        d.concern_bins.iter().any(|&e| (e - t).abs() < 1e-12),
        "{d:?}"
    );
}
