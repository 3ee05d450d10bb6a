//! Integration tests of the synthetic study generator through the library: determinism,
//! the codebook contract, the folder guard, the shape of the behaviour files, and — the
//! point of the generator — that the planted true values in `truth.json` are what the documented
//! definitions (docs/methods.md) recover from the written CSV files. The statistics here are computed
//! independently of the crate (csv crate + the definitions written out again), so a
//! wrong truth value or a writer that does not honour the model fails these tests.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use paradox::study::Codebook;
use paradox::synth::{generate, SynthError, SynthOptions, SynthOutcome};

/// z of the 95% Wilson interval.
const Z: f64 = 1.959963984540054;

fn opts(out: &Path, n: u64, seed: u64, events: bool) -> SynthOptions {
    SynthOptions {
        respondents: n,
        seed,
        out: out.to_path_buf(),
        events,
        force: false,
        careless: None,
    }
}

fn run(out: &Path, n: u64, seed: u64, events: bool) -> SynthOutcome {
    match generate(&opts(out, n, seed, events), &|_| {}) {
        Ok(o) => o,
        Err(e) => panic!("generate failed: {e}"),
    }
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn truth(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(&dir.join("truth.json"))).expect("truth.json is JSON")
}

fn num(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// 95% Wilson score interval (Wilson 1927).
fn wilson(k: u64, n: u64) -> (f64, f64) {
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z * Z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (centre - half, centre + half)
}

#[test]
fn wilson_matches_statsmodels() {
    // statsmodels 0.15.0: proportion_confint(30, 100, alpha=0.05, method="wilson")
    //   -> (0.21894885294932756, 0.39584854633346667)
    let (lo, hi) = wilson(30, 100);
    assert!((lo - 0.21894885294932756).abs() < 1e-12, "{lo}");
    assert!((hi - 0.39584854633346667).abs() < 1e-12, "{hi}");
}

#[test]
fn same_seed_gives_identical_files_and_other_seed_differs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a").join("study");
    let b = tmp.path().join("b").join("study");
    let c = tmp.path().join("c").join("study");
    for events in [true, false] {
        for d in [&a, &b, &c] {
            let _ = std::fs::remove_dir_all(d);
        }
        let oa = run(&a, 400, 11, events);
        let ob = run(&b, 400, 11, events);
        run(&c, 400, 12, events);
        assert_eq!(oa.files.len(), 4);
        assert_eq!(oa.survey_rows, 400);
        assert_eq!(oa.behavior_rows, ob.behavior_rows);
        let behavior = if events { "events.csv" } else { "behavior.csv" };
        for f in ["codebook.toml", "survey.csv", behavior, "truth.json"] {
            assert!(
                read(&a.join(f)) == read(&b.join(f)),
                "{f} differs for the same seed"
            );
        }
        for f in ["survey.csv", behavior] {
            assert!(
                read(&a.join(f)) != read(&c.join(f)),
                "{f} identical for different seeds"
            );
        }
        // The population values do not depend on the seed.
        let (ta, tc) = (truth(&a), truth(&c));
        assert_eq!(ta["overall"], tc["overall"]);
        assert_eq!(ta["options"]["seed"], 11);
        assert_eq!(tc["options"]["seed"], 12);
    }
}

#[test]
fn codebook_parses_and_names_existing_columns() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for events in [true, false] {
        let dir = tmp
            .path()
            .join(if events { "ev" } else { "wide" })
            .join("my study");
        let out = run(&dir, 50, 3, events);
        assert_eq!(out.study_name, "my study");
        let cb = Codebook::from_file(&dir.join("codebook.toml"))
            .unwrap_or_else(|e| panic!("codebook does not parse: {e}"));
        assert_eq!(cb.study.name, "my study");
        assert_eq!(cb.study.survey_year, Some(2025));
        assert_eq!(cb.scales.len(), 1);
        assert_eq!(cb.scales[0].reverse, vec!["concern_5".to_string()]);
        assert_eq!(cb.data_types.len(), 5);
        assert_eq!(cb.tactics.len(), 7);
        assert_eq!(cb.disclosure_control.min_cell, 10);
        assert_eq!(cb.concern_threshold(), Some(4.0));
        assert_eq!(
            cb.behavior.format,
            if events {
                paradox::study::codebook::BehaviorFormat::Events
            } else {
                paradox::study::codebook::BehaviorFormat::Wide
            }
        );
        let header = survey_header(&dir);
        let mut named: Vec<&String> = vec![&cb.columns.id];
        named.extend(cb.columns.birth_year.iter());
        named.extend(cb.columns.weight.iter());
        named.extend(cb.columns.group.iter());
        named.extend(cb.scales.iter().flat_map(|s| s.items.iter()));
        named.extend(cb.data_types.iter().filter_map(|d| d.stated.as_ref()));
        named.extend(cb.tactics.iter().map(|t| &t.column));
        named.extend(cb.label_columns.keys());
        for col in named {
            assert!(header.contains(col), "codebook names missing column {col}");
        }
        if !events {
            let bh = csv_header(&dir.join("behavior.csv"));
            for d in &cb.data_types {
                let col = d.behavior.as_ref().expect("behavior column");
                assert!(bh.contains(col), "behavior.csv lacks {col}");
            }
        }
    }
}

#[test]
fn folder_guard() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("s");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("notes.txt"), "keep me").expect("write");
    // A folder of someone else's files is refused, --force or not, and left as it was.
    let mut o = opts(&dir, 20, 1, true);
    for force in [false, true] {
        o.force = force;
        match generate(&o, &|_| {}) {
            Err(SynthError::Refused(_)) => {}
            other => panic!("expected the gate's refusal, got {other:?}"),
        }
        assert!(!dir.join("survey.csv").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt"))
                .ok()
                .as_deref(),
            Some("keep me")
        );
    }
    std::fs::remove_file(dir.join("notes.txt")).expect("rm");
    // An empty folder is fine; an earlier synthetic study needs --force.
    o.force = false;
    generate(&o, &|_| {}).expect("into an empty folder");
    std::fs::write(dir.join("notes.txt"), "keep me").expect("write");
    match generate(&o, &|_| {}) {
        Err(SynthError::NotEmpty { path }) => assert_eq!(path, dir),
        other => panic!("expected NotEmpty, got {other:?}"),
    }
    o.force = true;
    let last = std::cell::Cell::new(0);
    let out = generate(&o, &|i| last.set(i)).expect("forced generate");
    assert_eq!(last.get(), 20, "progress reports the final count");
    assert_eq!(out.survey_rows, 20);
    assert!(
        dir.join("notes.txt").exists(),
        "files paradox did not write are kept"
    );
    assert!(
        out.files.iter().all(|f| f.path.starts_with(&dir)),
        "{:?}",
        out.files
    );
    // Switching format with --force leaves one consistent study.
    o.events = false;
    generate(&o, &|_| {}).expect("forced wide");
    assert!(dir.join("behavior.csv").exists() && !dir.join("events.csv").exists());
    // Nothing is left beside the folder.
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(siblings, vec![std::ffi::OsString::from("s")]);
    o.respondents = 0;
    assert!(matches!(
        generate(&o, &|_| {}),
        Err(SynthError::NoRespondents)
    ));
    // A file where the folder should be.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").expect("write");
    assert!(matches!(
        generate(&opts(&file, 5, 1, true), &|_| {}),
        Err(SynthError::NotAFolder { .. })
    ));
}

fn csv_header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    r.headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect()
}

fn survey_header(dir: &Path) -> Vec<String> {
    csv_header(&dir.join("survey.csv"))
}

fn survey_ids(dir: &Path) -> HashSet<String> {
    let mut r = csv::Reader::from_path(dir.join("survey.csv")).expect("csv");
    r.records()
        .map(|rec| rec.expect("record")[0].to_string())
        .collect()
}

#[test]
fn event_log_has_the_promised_shape() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ev");
    let n = 3000;
    let out = run(&dir, n, 5, true);
    let cb = Codebook::from_file(&dir.join("codebook.toml")).expect("codebook");
    let named: HashSet<&str> = cb
        .data_types
        .iter()
        .filter_map(|d| d.behavior.as_deref())
        .collect();
    let ids = survey_ids(&dir);
    assert_eq!(ids.len() as u64, n, "ids are unique");
    assert_eq!(
        csv_header(&dir.join("events.csv")),
        ["respondent_id", "timestamp", "data_type", "action"]
    );
    let mut r = csv::Reader::from_path(dir.join("events.csv")).expect("csv");
    let (mut rows, mut unnamed, mut orphan_rows) = (0u64, 0u64, 0u64);
    let mut with_events: HashSet<String> = HashSet::new();
    let mut orphan_ids: HashSet<String> = HashSet::new();
    let mut out_of_order = false;
    let mut last: Option<(String, String)> = None;
    for rec in r.records() {
        let rec = rec.expect("record");
        rows += 1;
        let (id, ts, dt, action) = (&rec[0], &rec[1], &rec[2], &rec[3]);
        // ISO 8601 UTC, e.g. 2025-03-14T08:21:05Z.
        let b = ts.as_bytes();
        assert!(
            b.len() == 20
                && b[4] == b'-'
                && b[10] == b'T'
                && b[19] == b'Z'
                && ts.starts_with("2025-"),
            "timestamp {ts}"
        );
        let a = action.trim().to_ascii_lowercase();
        assert!(
            ["grant", "share", "deny", "revoke", "prompt"].contains(&a.as_str()),
            "action {action}"
        );
        if !named.contains(dt) {
            unnamed += 1;
        }
        if ids.contains(id) {
            with_events.insert(id.to_string());
        } else {
            orphan_rows += 1;
            orphan_ids.insert(id.to_string());
        }
        if let Some((lid, lts)) = &last {
            if lid == id && lts.as_str() > ts {
                out_of_order = true;
            }
        }
        last = Some((id.to_string(), ts.to_string()));
    }
    assert_eq!(rows, out.behavior_rows);
    let per_respondent = rows as f64 / n as f64;
    assert!((17.0..23.0).contains(&per_respondent), "{per_respondent}");
    let unnamed_share = unnamed as f64 / rows as f64;
    assert!((0.01..0.08).contains(&unnamed_share), "{unnamed_share}");
    let without = (n - with_events.len() as u64) as f64 / n as f64;
    assert!((0.01..0.035).contains(&without), "{without}");
    assert!(
        !orphan_ids.is_empty(),
        "no events for ids absent from the survey"
    );
    assert!(out_of_order, "timestamps are never out of order");
    let t = truth(&dir);
    let s = &t["this_study"];
    assert_eq!(s["orphan_ids"], orphan_ids.len() as u64);
    assert_eq!(s["orphan_rows"], orphan_rows);
    assert_eq!(s["unnamed_type_events"], unnamed);
    assert_eq!(
        s["respondents_without_behavior"],
        n - with_events.len() as u64
    );
}

// ---------------------------------------------------------------------------------------
// Recovering the planted effects with the documented definitions.
// ---------------------------------------------------------------------------------------

const GENERATIONS: [(&str, i64, i64); 5] = [
    // Pew Research Center (Dimock 2019), the tool's generation scheme.
    ("Silent", i64::MIN, 1945),
    ("Boomers", 1946, 1964),
    ("Gen X", 1965, 1980),
    ("Millennials", 1981, 1996),
    ("Gen Z", 1997, 2012),
];

/// The defined facts of one analysed respondent.
struct Row {
    cohort: Option<usize>,
    concern_score: Option<f64>,
    push: Option<i64>,
    disclosure: Option<f64>,
    /// At least one behaviour value (what the match rate counts).
    has_behavior: bool,
}

/// A codebook-driven value reader: missing codes, label sets (trimmed, ignoring case),
/// numeric codes in range.
struct Values {
    missing: Vec<String>,
    labels: HashMap<String, Vec<(String, i64)>>,
}

enum Cell {
    Missing,
    Code(i64),
    Invalid,
}

impl Values {
    fn new(cb: &Codebook) -> Values {
        let labels = cb
            .label_columns
            .iter()
            .map(|(col, set)| {
                let l = cb.labels[set]
                    .iter()
                    .map(|(k, v)| (k.trim().to_lowercase(), *v))
                    .collect();
                (col.clone(), l)
            })
            .collect();
        Values {
            missing: cb.columns.missing_codes(),
            labels,
        }
    }
    fn code(&self, col: &str, raw: &str, min: i64, max: i64) -> Cell {
        if self.missing.iter().any(|m| m == raw || m == raw.trim()) {
            return Cell::Missing;
        }
        let t = raw.trim();
        if let Some(set) = self.labels.get(col) {
            let lower = t.to_lowercase();
            if let Some((_, v)) = set.iter().find(|(k, _)| *k == lower) {
                return Cell::Code(*v);
            }
        }
        match t.parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => Cell::Code(v),
            _ => Cell::Invalid,
        }
    }
}

/// Reads a generated wide-format study and applies the definitions; returns the
/// analysed rows and the number of rejected rows.
fn analyse(dir: &Path) -> (Vec<Row>, u64) {
    let cb = Codebook::from_file(&dir.join("codebook.toml")).expect("codebook");
    let vals = Values::new(&cb);
    let header = survey_header(dir);
    let idx = |c: &str| {
        header
            .iter()
            .position(|h| h == c)
            .unwrap_or_else(|| panic!("no column {c}"))
    };
    let scale = &cb.scales[0];
    let (smin, smax) = (scale.min as i64, scale.max as i64);
    let items: Vec<(usize, &String, bool)> = scale
        .items
        .iter()
        .map(|c| (idx(c), c, scale.reverse.contains(c)))
        .collect();
    let push = &cb.tactics[0];
    assert_eq!(push.name, "push_notifications");
    let all_tactics: Vec<(usize, &String)> = cb
        .tactics
        .iter()
        .map(|t| (idx(&t.column), &t.column))
        .collect();
    let stated: Vec<(usize, &String)> = cb
        .data_types
        .iter()
        .filter_map(|d| d.stated.as_ref())
        .map(|c| (idx(c), c))
        .collect();
    let (i_id, i_by, i_w) = (
        idx(&cb.columns.id),
        idx(cb.columns.birth_year.as_ref().expect("birth_year")),
        idx(cb.columns.weight.as_ref().expect("weight")),
    );

    // Wide behaviour: id -> values; shared when value >= shared_min (default 1).
    let mut behavior: HashMap<String, Vec<Option<f64>>> = HashMap::new();
    let mut br = csv::Reader::from_path(dir.join("behavior.csv")).expect("behavior.csv");
    let bh: Vec<String> = br
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let bcols: Vec<(usize, f64)> = cb
        .data_types
        .iter()
        .map(|d| {
            let c = d.behavior.as_ref().expect("behavior");
            (
                bh.iter().position(|h| h == c).expect("behavior column"),
                d.shared_threshold(),
            )
        })
        .collect();
    for rec in br.records() {
        let rec = rec.expect("record");
        let v = bcols
            .iter()
            .map(|&(i, thr)| {
                let raw = rec[i].trim();
                if vals.missing.iter().any(|m| m == raw) {
                    None
                } else {
                    let x: f64 = raw.parse().expect("numeric behaviour");
                    Some(if x >= thr { 1.0 } else { 0.0 })
                }
            })
            .collect();
        behavior.insert(rec[0].to_string(), v);
    }

    let mut rows = Vec::new();
    let mut rejected = 0;
    let mut r = csv::Reader::from_path(dir.join("survey.csv")).expect("survey.csv");
    for rec in r.records() {
        let rec = rec.expect("record");
        let mut invalid = false;
        // Weight: required, > 0.
        match rec[i_w].trim().parse::<f64>() {
            Ok(w) if w > 0.0 => {}
            _ => invalid = true,
        }
        let birth_year = match vals.code("birth_year", &rec[i_by], 1905, 2025) {
            Cell::Code(y) => Some(y),
            Cell::Missing => None,
            Cell::Invalid => {
                invalid = true;
                None
            }
        };
        let mut present = Vec::new();
        for &(i, col, rev) in &items {
            match vals.code(col, &rec[i], smin, smax) {
                Cell::Code(v) => present.push(if rev { smin + smax - v } else { v }),
                Cell::Missing => {}
                Cell::Invalid => invalid = true,
            }
        }
        let mut push_code = None;
        for (k, &(i, col)) in all_tactics.iter().enumerate() {
            match vals.code(col, &rec[i], 1, 5) {
                Cell::Code(v) if k == 0 => push_code = Some(v),
                Cell::Invalid => invalid = true,
                _ => {}
            }
        }
        for &(i, col) in &stated {
            if let Cell::Invalid = vals.code(col, &rec[i], 1, 5) {
                invalid = true;
            }
        }
        if invalid {
            rejected += 1;
            continue;
        }
        let k = items.len();
        // A scale score needs at least ceil(k/2) of its k items.
        let concern_score = (present.len() >= k.div_ceil(2))
            .then(|| present.iter().sum::<i64>() as f64 / present.len() as f64);
        let cohort = birth_year.and_then(|y| {
            GENERATIONS
                .iter()
                .position(|&(_, lo, hi)| y >= lo && y <= hi)
        });
        let has_behavior = behavior
            .get(&rec[i_id])
            .is_some_and(|v| v.iter().any(Option::is_some));
        let disclosure = behavior.get(&rec[i_id]).and_then(|v| {
            let known: Vec<f64> = v.iter().flatten().copied().collect();
            (known.len() >= v.len().div_ceil(2))
                .then(|| known.iter().sum::<f64>() / known.len() as f64)
        });
        rows.push(Row {
            cohort,
            concern_score,
            push: push_code,
            disclosure,
            has_behavior,
        });
    }
    (rows, rejected)
}

/// Midranks (average ranks for ties), 1-based.
fn midranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut ranks = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            ranks[o] = r;
        }
        i = j + 1;
    }
    ranks
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

#[test]
fn spearman_helper_matches_scipy() {
    // scipy 1.17.1: scipy.stats.spearmanr([1,2,2,3,5],[2,1,4,4,3]).statistic
    //   -> 0.3947368421052632
    let x = [1.0, 2.0, 2.0, 3.0, 5.0];
    let y = [2.0, 1.0, 4.0, 4.0, 3.0];
    let rho = pearson(&midranks(&x), &midranks(&y));
    assert!((rho - 0.3947368421052632).abs() < 1e-12, "{rho}");
}

/// Over 20 seeds at n = 3000 the 95% Wilson intervals of each planted proportion must
/// cover the truth.json value. Tolerance: at least 16 of 20 per quantity. If the truth is
/// right, coverage of each interval is ≈ 0.95 and P(X ≤ 15) for X ~ Binomial(20, 0.95) is
/// ≈ 0.003 (scipy.stats.binom.cdf(15, 20, 0.95) = 0.00257), so a correct generator almost
/// never fails; a truth value off by a few standard errors (≈ 0.02 overall at n = 3000)
/// drops coverage far below 16/20. The seeds are fixed, so the test is deterministic.
/// Pooled over all seeds, we also check that total coverage is at least 90% and that the
/// Spearman correlation of the scores is near the Monte-Carlo truth.
#[test]
fn planted_effects_are_recovered() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let n = 3000;
    let seeds = 1..=20u64;
    // Quantity name -> (covered, trials).
    let mut coverage: Vec<(String, u32, u32)> = Vec::new();
    let mut record = |name: String, k: u64, m: u64, truth: f64| {
        let (lo, hi) = wilson(k, m);
        let hit = (lo..=hi).contains(&truth);
        match coverage.iter_mut().find(|c| c.0 == name) {
            Some(c) => {
                c.1 += u32::from(hit);
                c.2 += 1;
            }
            None => coverage.push((name, u32::from(hit), 1)),
        }
    };
    let mut pooled_concern = Vec::new();
    let mut pooled_disclosure = Vec::new();
    let mut rho_truth = 0.0;
    let mut concerned_disclosers = 0u64;
    for seed in seeds {
        let dir = tmp.path().join(format!("s{seed}"));
        run(&dir, n, seed, false);
        let t = truth(&dir);
        rho_truth = num(&t["monte_carlo"]["spearman_concern_disclosure"]);
        let (rows, rejected) = analyse(&dir);
        assert_eq!(
            rejected,
            t["this_study"]["rows_with_planted_errors"]
                .as_u64()
                .expect("count"),
            "rejected rows = planted row errors"
        );
        let s = &t["this_study"];
        assert_eq!(s["analysable_rows"], rows.len() as u64);
        let unknown = rows.iter().filter(|r| r.cohort.is_none()).count() as u64;
        assert_eq!(s["analysable_unknown_cohort"], unknown);
        let without = rows.iter().filter(|r| !r.has_behavior).count() as u64;
        assert_eq!(s["analysable_without_behavior"], without);
        let rate = (rows.len() as u64 - without) as f64 / rows.len() as f64;
        assert!((num(&s["behavior_match_rate"]) - rate).abs() < 1e-12);
        let mut check = |label: &str, cohort: Option<usize>, t: &serde_json::Value| {
            let sel = |r: &&Row| cohort.is_none() || r.cohort == cohort;
            let concern: Vec<f64> = rows
                .iter()
                .filter(sel)
                .filter_map(|r| r.concern_score)
                .collect();
            let k = concern.iter().filter(|&&s| s > 4.0).count() as u64;
            record(
                format!("{label} concerned"),
                k,
                concern.len() as u64,
                num(&t["concerned"]),
            );
            let push: Vec<i64> = rows.iter().filter(sel).filter_map(|r| r.push).collect();
            let k = push.iter().filter(|&&v| (v as f64) < 3.0).count() as u64;
            let push_truth = &t["tactics"][0];
            assert_eq!(push_truth["name"], "push_notifications");
            record(
                format!("{label} push intrusive"),
                k,
                push.len() as u64,
                num(&push_truth["intrusive"]),
            );
            let k = push.iter().filter(|&&v| (v as f64) > 3.0).count() as u64;
            record(
                format!("{label} push acceptable"),
                k,
                push.len() as u64,
                num(&push_truth["acceptable"]),
            );
            let disc: Vec<f64> = rows
                .iter()
                .filter(sel)
                .filter_map(|r| r.disclosure)
                .collect();
            let k = disc.iter().filter(|&&s| s >= 0.5).count() as u64;
            record(
                format!("{label} discloser"),
                k,
                disc.len() as u64,
                num(&t["discloser"]),
            );
        };
        check("overall", None, &t["overall"]);
        for (g, (name, _, _)) in GENERATIONS.iter().enumerate() {
            let tg = &t["by_cohort"][g];
            assert_eq!(tg["cohort"], *name);
            check(name, Some(g), tg);
        }
        for r in &rows {
            if let (Some(c), Some(d)) = (r.concern_score, r.disclosure) {
                pooled_concern.push(c);
                pooled_disclosure.push(d);
                concerned_disclosers += u64::from(c > 4.0 && d >= 0.5);
            }
        }
    }
    let mut total = (0, 0);
    for (name, hit, trials) in &coverage {
        eprintln!("{name}: {hit}/{trials}");
        assert!(*hit >= 16, "{name}: covered {hit} of {trials}");
        total.0 += hit;
        total.1 += trials;
    }
    assert!(
        total.0 as f64 >= 0.9 * total.1 as f64,
        "pooled coverage {} of {}",
        total.0,
        total.1
    );
    // Pooled Spearman over ≈ 58,000 respondents: SE ≈ 1/√n ≈ 0.004; the Monte-Carlo truth
    // carries ≈ 0.002 more. 0.02 is about 4.5 combined SEs.
    let rho = pearson(&midranks(&pooled_concern), &midranks(&pooled_disclosure));
    assert!(
        (rho - rho_truth).abs() < 0.02,
        "rho {rho} vs truth {rho_truth}"
    );
    assert!(rho < 0.0, "the planted association is negative");
    // A real paradox: a large share of respondents are concerned disclosers.
    let share = concerned_disclosers as f64 / pooled_concern.len() as f64;
    assert!(share > 0.3, "{share}");
}

// ---------------------------------------------------------------------------------------
// The bundled sample study.
// ---------------------------------------------------------------------------------------

fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

/// The options the sample was made with: `paradox synth --respondents 2400 --seed 2025
/// --events --out datasets/sample`.
fn sample_options(out: &Path) -> SynthOptions {
    SynthOptions {
        respondents: 2400,
        seed: 2025,
        out: out.to_path_buf(),
        events: true,
        force: true,
        careless: None,
    }
}

/// The committed sample equals what the generator writes for its options today, so the
/// sample's truth.json really describes its data.
#[test]
fn bundled_sample_is_current() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("sample");
    generate(&sample_options(&dir), &|_| {}).expect("generate sample");
    for f in ["codebook.toml", "survey.csv", "events.csv", "truth.json"] {
        assert!(
            read(&dir.join(f)) == read(&sample_dir().join(f)),
            "datasets/sample/{f} is stale: regenerate it with `cargo run -- synth --respondents \
             2400 --seed 2025 --events --force --out datasets/sample` (README.md is kept)"
        );
    }
    assert!(sample_dir().join("README.md").exists());
}
