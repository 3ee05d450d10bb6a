//! Integration tests of the report writer on a small hand-built study and
//! published summary: every file is written, the HTML is self-contained, output is
//! byte-identical across runs, a failed run leaves the previous report untouched, CSV
//! tables are tidy, prose never quotes a missing number, and the page renders in a
//! headless browser.

mod browser;
mod fixture;

use std::path::Path;

use paradox::analysis::summary::*;
use paradox::report::{
    fail_after_files_for_tests, summary_json, write_report, Formats, ReportError, ReportOptions,
};

use fixture::*;

fn json_close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-15 * x.abs().max(y.abs()),
            _ => x == y,
        },
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w)))
        }
        _ => a == b,
    }
}

/// Writes the report of the fixture study's hand-written published summary.
fn write_fixture(o: &ReportOptions) -> paradox::report::ReportOutcome {
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &summary(), None),
        o,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn opts(dir: &Path) -> ReportOptions {
    ReportOptions::new(dir.join("reports").join("fixture"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (relative path, bytes) of every file under `dir`, sorted.
/// The source marker (`.paradox-source`) is paradox's own bookkeeping, not part of the report,
/// and is left out.
fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.retain(|(p, _)| p != paradox::report::SOURCE_FILE);
    out.sort();
    out
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

#[test]
fn every_file_is_written_and_listed_in_the_manifest() {
    let t = tmp();
    let o = opts(t.path());
    let outcome = write_fixture(&o);
    let expected = [
        "manifest.json",
        "report.html",
        "report.md",
        "summary.json",
        "tables/alpha_if_dropped.csv",
        "tables/by_group_data_types.csv",
        "tables/by_group_gap.csv",
        "tables/by_group_tactics.csv",
        "tables/by_group_tests.csv",
        "tables/cohorts.csv",
        "tables/data_types.csv",
        "tables/dunn.csv",
        "tables/gap.csv",
        "tables/models.csv",
        "tables/notes.csv",
        "tables/scales.csv",
        "tables/screening.csv",
        "tables/study.csv",
        "tables/tactic_summary.csv",
        "tables/tactic_trends.csv",
        "tables/tactics.csv",
        "tables/tests.csv",
        "tables/sensitivity.csv",
    ];
    for f in expected {
        assert!(o.out_dir.join(f).is_file(), "missing {f}");
    }
    // The fixture has no threshold grid, so no sensitivity chart.
    for kind in paradox::report::charts::ChartKind::ALL
        .into_iter()
        .filter(|k| *k != paradox::report::charts::ChartKind::ThresholdSensitivity)
    {
        for ext in ["svg", "png"] {
            let f = format!("charts/{}.{ext}", kind.file_stem());
            assert!(o.out_dir.join(&f).is_file(), "missing {f}");
        }
    }
    let on_disk = snapshot_dir(&o.out_dir);
    assert_eq!(
        on_disk.len(),
        expected.len() + 12,
        "{:?}",
        on_disk.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(
        outcome.files.len(),
        on_disk.len() - 1,
        "all files but the manifest"
    );

    let manifest: serde_json::Value =
        serde_json::from_str(&read(&o.out_dir.join("manifest.json"))).unwrap_or_default();
    assert_eq!(manifest["tool"]["name"], "paradox");
    assert_eq!(manifest["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["inputs"][1]["file"], "survey.csv");
    assert_eq!(manifest["inputs"][1]["sha256"], "b".repeat(64));
    assert_eq!(manifest["codebook"]["study"]["name"], "fixture");
    assert_eq!(manifest["options"]["dp_seeded"], false);
    let files = manifest["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), on_disk.len() - 1, "all files but the manifest");
    let paths: Vec<String> = files
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // The recorded hashes are those of the bytes on disk (sha256sum of report.md).
    for f in &files {
        let p = f["path"].as_str().unwrap_or_default();
        let bytes = std::fs::read(o.out_dir.join(p)).unwrap_or_default();
        use sha2::Digest;
        let hex: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"].as_str(), Some(hex.as_str()), "{p}");
    }
    // summary.json parses back into the same Summary. serde_json's default float parser
    // may be off by one unit in the last place (its exact mode is the `float_roundtrip`
    // feature), so floats are compared to a relative 1e-15 here; the written text itself
    // is checked to be the shortest round-trip form in format_json_writes_only_….
    let text = std::fs::read(o.out_dir.join("summary.json")).unwrap_or_default();
    let back: Summary =
        serde_json::from_slice(&text).unwrap_or_else(|e| panic!("summary.json: {e}"));
    let a = serde_json::to_value(&back).unwrap_or_default();
    let b = serde_json::to_value(summary()).unwrap_or_default();
    assert!(json_close(&a, &b), "summary.json does not round-trip");
}

#[test]
fn html_is_self_contained_and_escaped() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let html = read(&o.out_dir.join("report.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for bad in [
        "http://", "https://", "src=", "<script", "url(", "@import", "<link", "<?xml",
    ] {
        assert!(
            !html.to_lowercase().contains(bad),
            "report.html contains {bad}"
        );
    }
    assert!(html.contains("<svg"), "charts are inlined");
    assert!(html.contains("<style>"));
    assert!(html.contains("@media print"));
    // Codebook text is escaped, never interpreted as markup.
    assert!(html.contains("Contacts &lt;address book&gt; &amp; e-mail"));
    assert!(!html.contains("<address book>"));
    // No full input path (the analyst's home folder) leaks; the file name and hash do show.
    assert!(!html.contains("/home/someone"));
    assert!(html.contains(&"b".repeat(64)));
    for section in [
        "id=\"study\"",
        "id=\"reliability\"",
        "id=\"gap\"",
        "id=\"tests\"",
        "id=\"data-types\"",
        "id=\"tactics\"",
        "id=\"notes\"",
        "id=\"methods\"",
    ] {
        assert!(html.contains(section), "missing section {section}");
    }
    assert!(html.contains("\u{3b1}, Spearman and all tests are unweighted"));
    assert!(html.contains("\u{b1}1 year"), "age approximation stated");
    assert!(html.contains("9 values were suppressed"));
}

#[test]
fn running_twice_gives_identical_bytes() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let first = snapshot_dir(&o.out_dir);
    write_fixture(&o);
    let second = snapshot_dir(&o.out_dir);
    assert_eq!(first, second);
    // A second folder elsewhere holds the same bytes too (no path or time in any file).
    let t2 = tmp();
    let o2 = opts(t2.path());
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &summary(), None),
        &o2,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, snapshot_dir(&o2.out_dir));
    // Nothing but the report is left beside it.
    let siblings: Vec<_> = std::fs::read_dir(t.path().join("reports"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(siblings, vec![std::ffi::OsString::from("fixture")]);
}

#[test]
fn a_failed_run_leaves_the_previous_report_untouched() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let before = snapshot_dir(&o.out_dir);
    let mut changed = summary();
    changed.study.name = "changed".into();
    // Fail midway through the files, then just before the swap.
    for n in [3, 10_000] {
        fail_after_files_for_tests(Some(n));
        let r = write_report(
            &study(),
            &crate::util::published(Some(&study()), &changed, None),
            &o,
        );
        fail_after_files_for_tests(None);
        assert!(matches!(r, Err(ReportError::Io { .. })), "{r:?}");
        assert_eq!(before, snapshot_dir(&o.out_dir), "fail after {n}");
        let leftovers: Vec<_> = std::fs::read_dir(t.path().join("reports"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(
            leftovers,
            vec![std::ffi::OsString::from("fixture")],
            "no temp folder left"
        );
    }
    // And without the hook the new report replaces the old one.
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &changed, None),
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(before, snapshot_dir(&o.out_dir));
}

#[test]
fn a_file_in_the_way_is_an_error_naming_it() {
    let t = tmp();
    let o = ReportOptions::new(t.path().join("report"));
    std::fs::write(&o.out_dir, b"not a folder").unwrap_or_default();
    let e = write_report(
        &study(),
        &crate::util::published(Some(&study()), &summary(), None),
        &o,
    )
    .err();
    let msg = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("report") && msg.contains("not a folder"),
        "{msg}"
    );
    assert_eq!(read(&o.out_dir), "not a folder");
}

#[test]
fn format_json_writes_only_summary_and_manifest() {
    let t = tmp();
    let mut o = opts(t.path());
    o.formats = Formats::parse("json").unwrap_or_else(|e| panic!("{e}"));
    write_fixture(&o);
    let files: Vec<String> = snapshot_dir(&o.out_dir).into_iter().map(|f| f.0).collect();
    assert_eq!(files, vec!["manifest.json", "summary.json"]);
    let bytes = std::fs::read(o.out_dir.join("summary.json")).unwrap_or_default();
    assert_eq!(bytes, summary_json(&summary()));
    assert!(bytes.ends_with(b"}\n"));
    // Full precision, shortest round-trip form: 0.141 − 0.03 in f64 is
    // 0.11099999999999999 (Python 3.11: repr(0.141 - 0.03)), and 1e-40 stays 1e-40.
    let s = String::from_utf8(bytes).unwrap_or_default();
    assert!(s.contains("0.4123") && s.contains("1e-40"), "{s}");
    assert!(s.contains("0.11099999999999999"), "{s}");
}

#[test]
fn csv_tables_are_rectangular_and_tidy() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let dir = o.out_dir.join("tables");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_path(entry.path())
            .unwrap_or_else(|e| panic!("{e}"));
        let width = rdr.headers().map(|h| h.len()).unwrap_or(0);
        assert!(width > 0);
        for rec in rdr.records() {
            let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            assert_eq!(rec.len(), width);
            for field in rec.iter() {
                assert!(
                    !field.contains("NaN") && !field.contains("None") && !field.contains("null")
                );
            }
        }
        seen += 1;
    }
    // 11 tables + screening.csv (header only without [screening]) + models.csv +
    // tactic_trends.csv + by_group_{gap,data_types,tactics,tests} + sensitivity.
    assert_eq!(seen, 19);
    // gap.csv: one row per block including overall; a suppressed value is an empty field.
    let mut rdr = csv::Reader::from_path(dir.join("gap.csv")).unwrap_or_else(|e| panic!("{e}"));
    let h = rdr.headers().cloned().unwrap_or_default();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap_or(usize::MAX);
    let rows: Vec<csv::StringRecord> = rdr.records().flatten().collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][col("block")], "overall");
    assert_eq!(&rows[1][col("cohort")], "Boomers");
    assert_eq!(&rows[1][col("paradoxical")], "");
    assert_eq!(&rows[0][col("paradoxical")], "0.4123");
    assert_eq!(&rows[3][col("disclosure_rd_ci_low")], "-0.03");
    // tactics.csv is long: tactic × (overall + 3 cohorts) × 5 levels.
    let n = csv::Reader::from_path(dir.join("tactics.csv"))
        .map(|mut r| r.records().count())
        .unwrap_or(0);
    assert_eq!(n, 4 * 5);
}

#[test]
fn prose_never_quotes_a_missing_number() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    for file in ["report.md", "report.html"] {
        let text = read(&o.out_dir.join(file))
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        for bad in ["NaN", "None", "null", "inf", "undefined%"] {
            assert!(!text.contains(bad), "{file} contains {bad}");
        }
        // Boomers' paradoxical share is None: the sentence about it says so.
        assert!(
            text.contains("In the Boomers cohort (n = 12), the share of respondents who were concerned yet shared at least half of their data types is not available (suppressed or undefined)"),
            "{file}"
        );
        // Contacts' paradox rate is None.
        assert!(
            text.contains(
                "The share of unwilling respondents who shared it anyway is not available"
            ),
            "{file}"
        );
        // Numbers that exist are quoted with a proper minus sign and rounding.
        assert!(text.contains("In the Gen Z cohort (n = 400), 48% (95% CI 44\u{2013}52%) were concerned yet shared at least half of their data types"), "{file}");
        assert!(
            text.contains("risk difference 0.01, 95% CI \u{2212}0.04 to 0.06"),
            "{file}"
        );
        assert!(text.contains("p < 0.001"), "{file}");
    }
}

#[test]
fn seeded_dp_report_says_not_private_on_its_first_line() {
    let t = tmp();
    let o = opts(t.path());
    let mut s = summary();
    s.disclosure_control.dp_epsilon = Some(1.0);
    s.notes
        .push("differential privacy: ε = 1 in total, split evenly over 4 count tables".into());
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &s, Some(7)),
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The split is repeated in Methods and in the manifest.
    assert!(read(&o.out_dir.join("report.md"))
        .contains("- ε = 1 in total, split evenly over 4 count tables"));
    for file in ["report.md", "report.html"] {
        let text = read(&o.out_dir.join(file));
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains("NOT private"), "{file}: {first}");
    }
    let manifest = read(&o.out_dir.join("manifest.json"));
    assert!(manifest.contains("\"dp_seeded\": true"));
    assert!(manifest.contains("split evenly over 4 count tables"));
    assert!(
        !manifest.contains("\"dp_seed\""),
        "the seed itself is never written"
    );
    // Without a seed the warning is absent.
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &s, None),
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!read(&o.out_dir.join("report.md")).contains("NOT private"));
}

#[test]
fn report_md_snapshot() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    let md = read(&o.out_dir.join("report.md"));
    // Chart titles and captions belong to the chart module; keep the snapshot about the
    // report's own text by replacing figure lines with a placeholder.
    let stable: Vec<String> = md
        .lines()
        .map(|l| {
            if l.starts_with("![") {
                let link = l.rsplit_once("](").map(|x| x.1).unwrap_or_default();
                format!("![figure]({link}")
            } else if l.starts_with("*Figure ") {
                let n = l.split('.').next().unwrap_or_default();
                format!("{n}. (chart caption)*")
            } else {
                l.to_string()
            }
        })
        .collect();
    crate::util::snapshot!("report_md", stable.join("\n"));
}

/// Every heading and figure caption of `report.md` ends in one closing mark (never "?."),
/// and every section after the key findings is numbered, the numbers consecutive from 1
/// (a letter marks a sub-section of the number before it: "1a").
fn assert_headings_punctuated_and_numbered(md: &str) {
    let mut expected = 1;
    let mut sections = 0;
    for line in md.lines() {
        assert!(
            !line.contains("?.") && !line.contains("!."),
            "doubled closing mark in {line:?}"
        );
        let Some(title) = line.strip_prefix("## ") else {
            continue;
        };
        if title == "Key findings" {
            assert_eq!(sections, 0, "the key findings come first");
            continue;
        }
        sections += 1;
        let (number, rest) = title
            .split_once(". ")
            .unwrap_or_else(|| panic!("unnumbered section {title:?}"));
        assert!(!rest.is_empty(), "{title:?}");
        if let Some(main) = number.strip_suffix('a') {
            assert_eq!(main, (expected - 1).to_string(), "{title:?}");
        } else {
            assert_eq!(number, expected.to_string(), "{title:?}");
            expected += 1;
        }
    }
    assert!(sections >= 5, "too few sections in\n{md}");
}

#[test]
fn fixture_report_headings_are_punctuated_and_numbered() {
    let t = tmp();
    let o = opts(t.path());
    write_fixture(&o);
    assert_headings_punctuated_and_numbered(&read(&o.out_dir.join("report.md")));
}

/// End to end on the bundled sample study: import → analysis → disclosure control →
/// report. Checks the pieces fit together on real data, not the statistics themselves.
#[test]
fn bundled_sample_study_reports_end_to_end() {
    let dir = paradox::sample_study_dir();
    let study = paradox::import::load_study(Some(&dir), &paradox::import::LoadOptions::default())
        .unwrap_or_else(|e| panic!("sample study: {e}"));
    let filter = paradox::analysis::Filter::default();
    let options = paradox::analysis::AnalysisOptions::default();
    let source = paradox::analysis::Source::new(&study, &filter, &options);
    let summary = source.summarize();
    let min_cell = study.codebook.disclosure_control.min_cell;
    let published = paradox::privacy::publish(
        &source,
        &summary,
        &paradox::privacy::PublishOptions::suppress_below(min_cell),
    );
    let t = tmp();
    let o = opts(t.path());
    let outcome = write_report(&study, &published, &o).unwrap_or_else(|e| panic!("{e}"));
    assert!(outcome
        .files
        .iter()
        .any(|(p, _)| p == Path::new("report.html")));
    let html = read(&o.out_dir.join("report.html"));
    for bad in ["http://", "https://", "src=", "<script", "NaN"] {
        assert!(!html.contains(bad), "report.html contains {bad}");
    }
    let md = read(&o.out_dir.join("report.md"));
    assert!(md.contains("## 3. Concern versus disclosure"));
    assert_headings_punctuated_and_numbered(&md);
    assert!(!md.contains("NaN") && !md.contains("None"));
    let first = snapshot_dir(&o.out_dir);
    write_report(&study, &published, &o).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, snapshot_dir(&o.out_dir));
    if let Ok(keep) = std::env::var("PARADOX_KEEP_SAMPLE_REPORT") {
        let _ = std::fs::copy(
            o.out_dir.join("report.md"),
            Path::new(&keep).join("sample_report.md"),
        );
        let _ = std::fs::copy(
            o.out_dir.join("report.html"),
            Path::new(&keep).join("sample_report.html"),
        );
    }
}

#[test]
fn a_fully_suppressed_summary_quotes_no_number() {
    let s = all_suppressed();
    assert_eq!(s.gap.overall.as_ref().and_then(|o| o.paradoxical), None);
    let t = tmp();
    let o = opts(t.path());
    write_report(
        &study(),
        &crate::util::published(Some(&study()), &s, None),
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for file in ["report.md", "report.html"] {
        let text = read(&o.out_dir.join(file));
        for bad in ["NaN", "None", "null", "inf"] {
            assert!(!text.contains(bad), "{file} contains {bad}");
        }
        assert!(
            text.matches("not available (suppressed or undefined)")
                .count()
                >= 10,
            "{file}"
        );
        // No share is quoted: the only percent signs left are "95% CI"-style labels. The
        // style sheet and the charts (which mark suppressed cells their own way) are not
        // prose.
        let mut stripped = text
            .split_once("</style>")
            .map_or(text.as_str(), |x| x.1)
            .to_string();
        while let (Some(a), Some(b)) = (stripped.find("<svg"), stripped.find("</svg>")) {
            if b < a {
                break;
            }
            stripped.replace_range(a..b + 6, "");
        }
        // Interval levels and the power of the detectable correlation are labels too.
        let stripped = stripped
            .replace("95%", "")
            .replace("90% Newcombe", "")
            .replace("90% interval", "")
            .replace("80% power", "");
        let quoted: Vec<&str> = stripped
            .match_indices('%')
            .filter(|(i, _)| stripped[..*i].ends_with(|c: char| c.is_ascii_digit()))
            .map(|(i, _)| &stripped[i.saturating_sub(30)..i + 1])
            .collect();
        assert!(quoted.is_empty(), "{file} quotes shares: {quoted:?}");
        assert!(
            !text.contains("p < 0.001") && !text.contains("p = 0."),
            "{file}"
        );
    }
    // In CSV a suppressed value is an empty field.
    let gap = read(&o.out_dir.join("tables/gap.csv"));
    assert!(
        gap.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("overall,,,")),
        "{gap}"
    );
}

#[test]
fn a_study_without_behaviour_or_tactics_still_reports() {
    let mut st = study();
    st.has_behavior = false;
    st.shared = vec![None, None];
    st.behavior_seen = Vec::new();
    let mut s = summary();
    s.study.behavior_match_rate = None;
    s.gap.overall = None;
    s.gap.by_cohort = None;
    s.gap.chi2_paradoxical = None;
    s.data_types.clear();
    s.tactics.clear();
    let t = tmp();
    let o = opts(t.path());
    write_report(&st, &crate::util::published(Some(&st), &s, None), &o)
        .unwrap_or_else(|e| panic!("{e}"));
    let md = read(&o.out_dir.join("report.md"));
    assert!(md.contains("This study has no behaviour data, so the gap between stated concern and actual disclosure cannot be measured."), "{md}");
    assert!(md.contains("The study rates no personalization tactic."));
    assert!(
        md.contains("Privacy concern scores differ between cohorts"),
        "Kruskal–Wallis needs only concern"
    );
    assert!(
        !md.contains("charts/gap_by_cohort.svg"),
        "no gap chart without a gap"
    );
    // Empty tables still have their header, so scripts need no special case.
    assert_eq!(
        read(&o.out_dir.join("tables/tactics.csv")),
        "tactic,block,cohort,level,count\n"
    );
    assert_eq!(read(&o.out_dir.join("tables/gap.csv")).lines().count(), 1);
}

#[test]
fn folders_left_by_a_killed_run_are_removed_and_others_kept() {
    let t = tmp();
    let o = opts(t.path());
    let reports = t.path().join("reports");
    // Linux pids never exceed 2^22 (pid_max), so this process cannot exist.
    let dead = reports.join(".fixture.tmp-999999999-abc");
    let dead_old = reports.join(".fixture.old-999999999-0");
    // Staging of a live process (this test) and of another report name: both left alone.
    let live = reports.join(format!(".fixture.tmp-{}-xyz", std::process::id()));
    let other = reports.join(".other.tmp-999999999-abc");
    for d in [&dead, &dead_old, &live, &other] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(d.join("summary.json"), "{}").unwrap_or_else(|e| panic!("{e}"));
    }
    write_fixture(&o);
    if Path::new("/proc/self").exists() {
        assert!(
            !dead.exists(),
            "stale staging folder of a dead process left"
        );
        assert!(
            !dead_old.exists(),
            "stale set-aside folder of a dead process left"
        );
    }
    assert!(live.exists(), "a live process's staging folder was removed");
    assert!(other.exists(), "another report's folder was removed");
    assert!(o.out_dir.join("summary.json").exists());
}
