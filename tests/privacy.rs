//! Disclosure control (SPEC §5) through the public API: hand-built summaries with a tiny
//! cohort, hand-counted suppression, the "no count in 1..min_cell−1" and "no line with one
//! hidden value" invariants checked independently on the published JSON, and the Laplace
//! noise of differential privacy.

mod common;

use std::collections::BTreeMap;

use paradox::analysis::summary::*;
use paradox::analysis::{summarize, AnalysisOptions, Filter};
use paradox::import::{load_study, LoadOptions};
use paradox::privacy::{
    publish_summary, suppressed_paths, would_suppress_count, would_suppress_proportion,
};
use serde_json::Value;

const P: Option<f64> = Some(0.5);
const CI: Ci = Some([0.4, 0.6]);

fn t2(a: u64, b: u64, c: u64, d: u64) -> [[Option<u64>; 2]; 2] {
    [[Some(a), Some(b)], [Some(c), Some(d)]]
}

/// A gap block with every statistic present, so that nulling any of them is visible.
fn block(cohort: Option<&str>, table: [[Option<u64>; 2]; 2]) -> GapBlock {
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
    }
}

fn levels(cohort: Option<&str>, l: &[u64]) -> TacticLevels {
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

fn chi2(n: u64) -> Option<Chi2Test> {
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
fn gap_only() -> Summary {
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
fn full() -> Summary {
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

fn json(s: &Summary) -> Value {
    serde_json::to_value(s).expect("a summary serializes")
}

/// Every count in the published JSON, found by field name: `n`, `n_complete`, `n_pairs`,
/// and the cells of `concern_table`, `table`, `levels`, `counts`, `heatmap`.
fn counts_in(v: &Value, out: &mut Vec<(String, u64)>, path: &str) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                match k.as_str() {
                    "n" | "n_complete" | "n_pairs" | "rejected_rows" | "unknown_cohort"
                    | "respondents" => {
                        if let Some(c) = x.as_u64() {
                            out.push((p.clone(), c));
                        }
                    }
                    "concern_table" | "table" | "levels" | "counts" | "heatmap" => {
                        flat_counts(x, &p, out);
                    }
                    _ => {}
                }
                counts_in(x, out, &p);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                counts_in(x, out, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

fn flat_counts(v: &Value, path: &str, out: &mut Vec<(String, u64)>) {
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flat_counts(x, &format!("{path}[{i}]"), out);
            }
        }
        x => {
            if let Some(c) = x.as_u64() {
                out.push((path.into(), c));
            }
        }
    }
}

fn assert_no_small_counts(s: &Summary, min_cell: u64) {
    let mut counts = Vec::new();
    counts_in(&json(s), &mut counts, "");
    assert!(!counts.is_empty());
    for (path, c) in counts {
        assert!(!(1..min_cell).contains(&c), "{path} = {c} is published");
    }
}

/// The published numbers as a system of linear equations "parts add up to a total", built
/// from the published JSON alone (independently of the implementation).
#[derive(Default)]
struct Equations {
    known: Vec<bool>,
    /// A count field that was published as null.
    hidden_count: Vec<Option<String>>,
    lines: Vec<Vec<usize>>,
}

impl Equations {
    fn count(&mut self, v: Option<u64>, path: String) -> usize {
        self.known.push(v.is_some());
        self.hidden_count.push(v.is_none().then_some(path));
        self.known.len() - 1
    }
    /// A total a reader knows only through a published proportion (and its n).
    fn margin(&mut self, known: bool) -> usize {
        self.known.push(known);
        self.hidden_count.push(None);
        self.known.len() - 1
    }
    fn line(&mut self, parts: &[usize], total: usize) {
        let mut l = parts.to_vec();
        l.push(total);
        self.lines.push(l);
    }
    fn table2(
        &mut self,
        path: &str,
        t: &[[Option<u64>; 2]; 2],
        n: Option<u64>,
        row: Option<f64>,
        col: Option<f64>,
    ) -> ([[usize; 2]; 2], usize, [usize; 2], [usize; 2]) {
        let mut cells = [[0; 2]; 2];
        for i in 0..2 {
            for j in 0..2 {
                cells[i][j] = self.count(t[i][j], format!("{path}[{i}][{j}]"));
            }
        }
        let nn = self.count(n, format!("{path}.n"));
        let rows = [0, 1].map(|_| self.margin(row.is_some() && n.is_some()));
        let cols = [0, 1].map(|_| self.margin(col.is_some() && n.is_some()));
        let [[a, b], [c, d]] = cells;
        self.line(&[a, b], rows[0]);
        self.line(&[c, d], rows[1]);
        self.line(&rows, nn);
        self.line(&[a, c], cols[0]);
        self.line(&[b, d], cols[1]);
        self.line(&cols, nn);
        self.line(&[a, b, c, d], nn);
        (cells, nn, rows, cols)
    }
    fn tactic(
        &mut self,
        path: &str,
        t: &TacticLevels,
        min: i32,
        max: i32,
    ) -> (Vec<usize>, usize, usize, usize) {
        let cells: Vec<usize> = t
            .levels
            .iter()
            .enumerate()
            .map(|(i, &v)| self.count(v, format!("{path}.levels[{i}]")))
            .collect();
        let n = self.count(t.n, format!("{path}.n"));
        let above = self.margin(t.acceptable.is_some() && t.n.is_some());
        let below = self.margin(t.intrusive.is_some() && t.n.is_some());
        let m = f64::from(min + max) / 2.0;
        let code = |i: usize| f64::from(min) + i as f64;
        let pick = |f: &dyn Fn(f64) -> bool| -> Vec<usize> {
            cells
                .iter()
                .enumerate()
                .filter(|(i, _)| f(code(*i)))
                .map(|(_, &c)| c)
                .collect()
        };
        let (up, down, mid) = (pick(&|x| x > m), pick(&|x| x < m), pick(&|x| x == m));
        self.line(&cells, n);
        self.line(&up, above);
        self.line(&down, below);
        let mut sides = vec![above, below];
        sides.extend(mid);
        self.line(&sides, n);
        (cells, n, above, below)
    }
    /// Solves every line with one unknown until nothing changes; returns the hidden counts
    /// that became known.
    fn recovered(mut self) -> Vec<String> {
        loop {
            let mut changed = false;
            for l in &self.lines {
                let unknown: Vec<usize> = l.iter().copied().filter(|&v| !self.known[v]).collect();
                if let [u] = unknown[..] {
                    self.known[u] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        (0..self.known.len())
            .filter(|&v| self.known[v])
            .filter_map(|v| self.hidden_count[v].clone())
            .collect()
    }
}

/// No hidden count can be recomputed by subtraction from what is published, even chaining
/// equations; cohort breakdowns are assumed to add up to the overall figures (exact when no
/// cohort is unknown, as in the hand-built fixtures).
fn assert_nothing_recoverable(s: &Summary) {
    assert_nothing_recoverable_with(s, true);
}

/// `linked = false` under differential privacy: each table is noised on its own, so only
/// the equations within one table hold.
fn assert_nothing_recoverable_with(s: &Summary, linked: bool) {
    let recovered = recoverable(s, linked);
    assert!(
        recovered.is_empty(),
        "recoverable hidden counts: {recovered:?}"
    );
}

/// The hidden counts a reader can recompute from the published summary.
fn recoverable(s: &Summary, linked: bool) -> Vec<String> {
    let mut e = Equations::default();
    let cohorts: Vec<usize> = s
        .cohorts
        .iter()
        .map(|c| e.count(c.n, format!("cohorts[{}]", c.name)))
        .collect();
    if linked {
        // Cohort sizes and the respondents of unknown cohort add up to the analysed n (always
        // published); the analysed and the rejected rows add up to the survey rows.
        let mut parts = cohorts.clone();
        parts.push(e.count(s.study.unknown_cohort, "study.unknown_cohort".into()));
        let analysed = e.margin(true);
        e.line(&parts, analysed);
        let rejected = e.count(s.study.rejected_rows, "study.rejected_rows".into());
        let respondents = e.count(s.study.respondents, "study.respondents".into());
        e.line(&[rejected, analysed], respondents);
    }
    let mut kruskal_n = None;
    if let Some(k) = &s.gap.kruskal_concern {
        kruskal_n = Some(e.count(k.n, "kruskal.n".into()));
    }
    if let Some(o) = &s.gap.overall {
        let (oc, on, orow, ocol) = e.table2(
            "gap.overall",
            &o.concern_table,
            o.n,
            o.concerned,
            o.disclosers,
        );
        let by: Vec<_> = s
            .gap
            .by_cohort
            .iter()
            .flatten()
            .map(|b| {
                e.table2(
                    &format!("gap.{:?}", b.cohort),
                    &b.concern_table,
                    b.n,
                    b.concerned,
                    b.disclosers,
                )
            })
            .collect();
        if linked && !by.is_empty() {
            for i in 0..2 {
                for (j, &total) in oc[i].iter().enumerate() {
                    let parts: Vec<usize> = by.iter().map(|b| b.0[i][j]).collect();
                    e.line(&parts, total);
                }
                let parts: Vec<usize> = by.iter().map(|b| b.2[i]).collect();
                e.line(&parts, orow[i]);
                let parts: Vec<usize> = by.iter().map(|b| b.3[i]).collect();
                e.line(&parts, ocol[i]);
            }
            let parts: Vec<usize> = by.iter().map(|b| b.1).collect();
            e.line(&parts, on);
        }
        let heat: Vec<usize> = s
            .distributions
            .heatmap
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, &v)| e.count(v, format!("heatmap cell {i}")))
            .collect();
        if linked && !heat.is_empty() {
            e.line(&heat, on);
        }
    }
    for d in &s.data_types {
        e.table2(
            &format!("data type {}", d.name),
            &d.table,
            d.n_pairs,
            d.willing,
            d.shared,
        );
    }
    for t in &s.tactics {
        let o = e.tactic(
            &format!("tactic {} overall", t.name),
            &t.overall,
            t.min,
            t.max,
        );
        let by: Vec<_> = t
            .by_cohort
            .iter()
            .map(|b| {
                e.tactic(
                    &format!("tactic {} {:?}", t.name, b.cohort),
                    b,
                    t.min,
                    t.max,
                )
            })
            .collect();
        if linked && !by.is_empty() {
            for j in 0..o.0.len() {
                let parts: Vec<usize> = by.iter().map(|b| b.0[j]).collect();
                e.line(&parts, o.0[j]);
            }
            for (k, total) in [o.1, o.2, o.3].into_iter().enumerate() {
                let parts: Vec<usize> = by.iter().map(|b| [b.1, b.2, b.3][k]).collect();
                e.line(&parts, total);
            }
        }
    }
    let mut bin_ns = Vec::new();
    for b in &s.distributions.concern_by_cohort {
        let cells: Vec<usize> = b
            .counts
            .iter()
            .enumerate()
            .map(|(i, &v)| e.count(v, format!("bins {} [{i}]", b.cohort)))
            .collect();
        let n = e.count(b.n, format!("bins {} n", b.cohort));
        e.line(&cells, n);
        bin_ns.push(n);
    }
    if let Some(k) = kruskal_n {
        if !bin_ns.is_empty() {
            e.line(&bin_ns, k);
        }
    }
    e.recovered()
}

/// The checker itself can fail: hiding only the small cells of cohort C (no complementary
/// suppression) leaves them recoverable from the cohort total and the overall table.
#[test]
fn threshold_rule_alone_is_caught_by_the_checker() {
    let mut s = gap_only();
    s.cohorts[2].n = None;
    let c = &mut s.gap.by_cohort.as_mut().expect("by cohort")[2];
    c.concern_table = [[None, Some(0)], [None, None]];
    c.n = None;
    let r = recoverable(&s, true);
    assert!(r.contains(&"cohorts[C]".to_string()), "{r:?}");
    assert!(r.iter().any(|p| p.starts_with("gap.Some(\"C\")")), "{r:?}");
}

#[test]
fn predicates_follow_the_threshold_rule() {
    assert!(!would_suppress_count(0, 10));
    assert!(would_suppress_count(1, 10));
    assert!(would_suppress_count(9, 10));
    assert!(!would_suppress_count(10, 10));
    assert!(!would_suppress_count(3, 0));
    // 12 of 15: the complement 3 is small.
    assert!(would_suppress_proportion(12, 15, 10));
    assert!(!would_suppress_proportion(0, 15, 10));
    assert!(!would_suppress_proportion(15, 15, 10));
    assert!(would_suppress_proportion(0, 9, 10));
    assert!(!would_suppress_proportion(1, 2, 1));
}

/// The hand count (min_cell 10). Threshold: cohort C (3) and C's gap cells 1, 1, 1 and n 3
/// — 5 counts; C's zero cell stays. Complementary (smallest non-zero part, first on ties):
/// the cohort line {50, 52, 3 | 105} takes A (50); the cohort-linking lines of the gap take
/// B.a 14 (cell [0][0]), A.c 12 ([1][0]), A.d 13 ([1][1]), A.n 50 (n); the margins B's row
/// (24 concerned) and B's column (26 disclosers); then A's columns need A.a and A.b, B's
/// rows and columns need B.c and B.b — 9 counts. Nulled values: cohorts 2; block A: 5
/// counts + its 14 statistics (its n is hidden); block B: 3 counts + concerned, disclosers,
/// paradoxical (each with CI), expected, RD and its CI = 9; block C: 4 counts + 14
/// statistics; the behaviour match rate (103 of 105: 2 unmatched) — 52 in all.
#[test]
fn hand_counted_suppression_of_a_tiny_cohort() {
    let s = gap_only();
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        52,
        "{:#?}",
        suppressed_paths(&s, &p)
    );
    assert_eq!(p.disclosure_control.min_cell, 10);
    let cohorts: Vec<Option<u64>> = p.cohorts.iter().map(|c| c.n).collect();
    assert_eq!(cohorts, vec![None, Some(52), None]);
    let by = p.gap.by_cohort.as_ref().expect("by cohort");
    assert_eq!(by[0].concern_table, [[None, None], [None, None]]);
    assert_eq!(by[0].n, None);
    assert_eq!(by[0].spearman_rho, None);
    assert_eq!(by[1].concern_table, [[None, None], [None, Some(14)]]);
    assert_eq!(by[1].n, Some(50));
    assert_eq!(
        (by[1].concerned, by[1].disclosers, by[1].paradoxical),
        (None, None, None)
    );
    assert_eq!(by[1].spearman_rho, P, "B's n is published, so its ρ stays");
    assert_eq!(by[2].concern_table, [[None, Some(0)], [None, None]]);
    assert_eq!(
        by[2],
        GapBlock {
            cohort: Some("C".into()),
            concern_table: [[None, Some(0)], [None, None]],
            ..GapBlock::default()
        }
    );
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!(
        o,
        &s.gap.overall.clone().expect("overall"),
        "overall is untouched"
    );
    assert_eq!(p.study.behavior_match_rate, None);
    assert!(
        p.notes.iter().any(|n| n.contains("5 counts from 1 to 9")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("9 further counts")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("52 values suppressed")),
        "{:?}",
        p.notes
    );
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
}

#[test]
fn tiny_cohort_is_null_everywhere() {
    let s = full();
    let p = publish_summary(&s, 10, None, None);
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
    assert_eq!(p.cohorts[2].n, None);
    let c = &p.gap.by_cohort.as_ref().expect("by cohort")[2];
    assert_eq!(
        (c.n, c.concerned, c.paradoxical, c.disclosure_rd),
        (None, None, None, None)
    );
    let t = &p.tactics[0].by_cohort[2];
    assert_eq!(t.n, None);
    assert_eq!(t.levels, vec![None, None, Some(0), None, Some(0)]);
    assert_eq!((t.acceptable, t.intrusive, t.neutral), (None, None, None));
    let d = &p.distributions.concern_by_cohort[2];
    assert_eq!((d.n, &d.counts), (None, &vec![Some(0), None, None]));
    let k = p.gap.kruskal_concern.as_ref().expect("kruskal");
    for pair in &k.pairwise {
        let has_c = pair.a == "C" || pair.b == "C";
        assert_eq!(pair.p.is_none(), has_c, "{pair:?}");
    }
    assert_eq!(k.h, Some(4.0), "the test itself rests on 105 respondents");
    // The χ² tables have hidden cells, so their χ² could pin them down.
    assert_eq!(p.gap.chi2_paradoxical.as_ref().and_then(|c| c.chi2), None);
    assert_eq!(p.tactics[0].chi2.as_ref().and_then(|c| c.chi2), None);
    // b = 5 of the data type is small: McNemar, which is a function of b and c, goes too.
    let dt = &p.data_types[0];
    assert_eq!(dt.table[0][1], None);
    assert_eq!((dt.mcnemar_p, dt.mcnemar_or), (None, None));
    // Scales rest on 100 and 105 respondents.
    assert_eq!(p.scales[0], s.scales[0]);
    // The count equals the number of values that went from present to null.
    let paths = suppressed_paths(&s, &p);
    assert_eq!(p.disclosure_control.suppressed_cells, paths.len() as u64);
    assert!(paths.contains(&"cohorts[2].n".to_string()), "{paths:?}");
}

#[test]
fn off_when_min_cell_is_0_or_1() {
    let s = full();
    for m in [0, 1] {
        let p = publish_summary(&s, m, None, None);
        assert_eq!(p.disclosure_control.suppressed_cells, 0);
        assert_eq!(p.disclosure_control.min_cell, m);
        let mut expected = s.clone();
        expected.disclosure_control.min_cell = m;
        assert_eq!(p, expected);
    }
}

/// A 2×2 with one small cell and zeros beside it: the zeros cannot protect it, so the
/// suppression has to reach the large cell and the margins.
#[test]
fn zeros_do_not_protect_a_small_cell() {
    let mut s = gap_only();
    s.gap.by_cohort = None;
    s.gap.overall = Some(block(None, t2(3, 0, 0, 100)));
    s.study.behavior_match_rate = None;
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(105),
    }];
    let p = publish_summary(&s, 10, None, None);
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!(o.concern_table, [[None, Some(0)], [Some(0), None]]);
    assert_eq!(o.n, Some(103));
    assert_eq!(
        (o.concerned, o.disclosers, o.paradoxical),
        (None, None, None)
    );
    assert_nothing_recoverable(&p);
}

#[test]
fn a_lone_small_cohort_is_reported_as_unprotectable() {
    let mut s = gap_only();
    s.gap = Gap {
        overall: None,
        by_cohort: None,
        kruskal_concern: None,
        chi2_paradoxical: None,
    };
    s.study.analysed = 4;
    s.study.behavior_match_rate = None;
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(4),
    }];
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(p.cohorts[0].n, None);
    assert!(
        p.notes.iter().any(|n| n.contains("cannot be protected")),
        "{:?}",
        p.notes
    );
}

#[test]
fn small_counts_are_scrubbed_from_notes() {
    let mut s = gap_only();
    s.notes = vec![
        "data_types[x].mcnemar_or: undefined when b = 0 or c = 0 (b = 0, c = 3)".into(),
        "gap.by_cohort[C].spearman_rho: Spearman needs at least 4 pairs, got 3".into(),
        "scales[x].alpha: Cronbach's alpha needs at least 2 complete respondents, got 1".into(),
        "tactics[y].chi2: a chi-square test needs at least 2 non-empty rows and columns, got 1×5"
            .into(),
    ];
    let p = publish_summary(&s, 10, None, None);
    assert_eq!(
        p.notes[0],
        "data_types[x].mcnemar_or: undefined when b = 0 or c = 0"
    );
    assert_eq!(
        p.notes[1],
        "gap.by_cohort[C].spearman_rho: Spearman needs at least 4 pairs"
    );
    assert_eq!(
        p.notes[2],
        "scales[x].alpha: Cronbach's alpha needs at least 2 complete respondents"
    );
    assert!(
        p.notes[3].ends_with("got 1×5"),
        "not a respondent count: {}",
        p.notes[3]
    );
    assert_eq!(
        publish_summary(&s, 0, None, None).notes,
        s.notes,
        "the analyst's view keeps them"
    );
}

// ---- differential privacy ----

#[test]
fn same_seed_same_output_and_no_seed_differs() {
    let s = full();
    let a = publish_summary(&s, 0, Some(1.0), Some(42));
    let b = publish_summary(&s, 0, Some(1.0), Some(42));
    assert_eq!(a, b);
    assert_eq!(a.disclosure_control.dp_epsilon, Some(1.0));
    let c = publish_summary(&s, 0, Some(1.0), None);
    let d = publish_summary(&s, 0, Some(1.0), None);
    // 30-odd cells with noise of scale 8: identical twice has probability far below 1e-20.
    assert_ne!(c, d);
    assert_ne!(a, c);
    assert!(a.notes.iter().any(|n| n.contains("NOT private")));
    assert!(!c.notes.iter().any(|n| n.contains("NOT private")));
    // The seed is not written anywhere.
    let text =
        serde_json::to_string(&publish_summary(&s, 0, Some(1.0), Some(987_654_321))).expect("json");
    assert!(!text.contains("987654321"));
}

/// Two tables (cohorts; one data type), ε = 0.5 ⇒ ε_table = 0.25, Laplace scale b = 4. The
/// mean of |round(X)| for X ~ Laplace(0, 4) is 3.98960 and its sd 4.0207 (scipy 1.x:
/// Σ |k|·(laplace.cdf(k+½, scale=4) − laplace.cdf(k−½, scale=4)) over k = −400..400), so
/// over 2000 seeds the standard error is 0.0899; ±0.4 is 4.4 standard errors. Without the
/// split (b = 2) or with the scale inverted the mean would be off by 2 or more.
#[test]
fn noise_has_scale_one_over_epsilon_per_table() {
    let mut s = gap_only();
    s.gap = Gap {
        overall: None,
        by_cohort: None,
        kruskal_concern: None,
        chi2_paradoxical: None,
    };
    s.cohorts = vec![CohortCount {
        name: "A".into(),
        n: Some(1000),
    }];
    s.data_types = full().data_types;
    let draws = 2000;
    let mut sum = 0.0;
    for seed in 0..draws {
        let p = publish_summary(&s, 0, Some(0.5), Some(seed));
        let n = p.cohorts[0].n.expect("a noisy count");
        sum += (n as f64 - 1000.0).abs();
    }
    let mad = sum / draws as f64;
    assert!((mad - 3.98960).abs() < 0.4, "mean absolute error {mad}");
    let p = publish_summary(&s, 0, Some(0.5), Some(1));
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("2 count tables") && n.contains("ε = 0.25 each")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("mean absolute error ±4")),
        "{:?}",
        p.notes
    );
}

#[test]
fn dp_withholds_what_counts_cannot_give_and_derives_the_rest() {
    let s = full();
    let p = publish_summary(&s, 0, Some(2.0), Some(5));
    assert_eq!(p.scales[0].alpha, None);
    assert_eq!(p.scales[0].mean, None);
    assert_eq!(p.gap.kruskal_concern, None);
    assert_eq!(p.gap.chi2_paradoxical, None);
    assert_eq!(p.tactics[0].chi2, None);
    let o = p.gap.overall.as_ref().expect("overall");
    assert_eq!((o.spearman_rho, o.concern_mean), (None, None));
    // Proportions are the noisy counts' shares.
    let [[a, b], [c, d]] = o.concern_table.map(|r| r.map(|v| v.expect("noisy") as f64));
    let n = a + b + c + d;
    assert_eq!(o.n, Some(n as u64));
    assert_eq!(o.concerned, Some((a + b) / n));
    assert_eq!(o.paradoxical, Some(a / n));
    assert_eq!(o.disclosure_rd, Some(a / (a + b) - c / (c + d)));
    let t = &p.tactics[0].overall;
    let l: Vec<f64> = t.levels.iter().map(|v| v.expect("noisy") as f64).collect();
    let tn: f64 = l.iter().sum();
    assert_eq!(t.acceptable, Some((l[3] + l[4]) / tn));
    assert_eq!(t.intrusive, Some((l[0] + l[1]) / tn));
    assert!(p.notes.iter().any(|n| n.contains("not published")));
    assert_eq!(p.disclosure_control.suppressed_cells, 0);
}

#[test]
fn dp_then_suppression_leaves_no_small_count() {
    let s = full();
    for seed in 0..50 {
        let p = publish_summary(&s, 10, Some(1.0), Some(seed));
        assert_no_small_counts(&p, 10);
        assert_nothing_recoverable_with(&p, false);
    }
}

#[test]
fn invalid_epsilon_publishes_no_count() {
    let s = full();
    let p = publish_summary(&s, 0, Some(0.0), Some(1));
    let mut counts = Vec::new();
    counts_in(&json(&p), &mut counts, "");
    assert_eq!(counts, vec![], "no count survives an invalid ε");
}

// ---- on a real study ----

#[test]
fn mini_fixture_published_with_its_min_cell() {
    let study = load_study(Some(&common::fixture("mini")), &LoadOptions::default()).expect("loads");
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = publish_summary(&s, 3, None, None);
    assert_no_small_counts(&p, 3);
    assert_nothing_recoverable(&p);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        suppressed_paths(&s, &p).len() as u64
    );
    assert!(p.disclosure_control.suppressed_cells > 0);
    let q = publish_summary(&s, 3, Some(1.0), Some(3));
    assert_no_small_counts(&q, 3);
}

// ---- random summaries ----

/// A random but internally consistent summary: `k` cohorts whose gap tables, tactic levels
/// and concern bins add up to the overall ones, a heat map over the overall gap block's
/// respondents, cells skewed towards small values so that suppression has work to do.
fn random_summary(rng: &mut impl rand::Rng) -> Summary {
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

#[test]
fn random_summaries_leave_nothing_small_or_recoverable() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2024);
    for round in 0..400 {
        let s = random_summary(&mut rng);
        let min_cell = [3, 5, 10][round % 3];
        let p = publish_summary(&s, min_cell, None, None);
        assert_no_small_counts(&p, u64::from(min_cell));
        assert_nothing_recoverable(&p);
        assert_eq!(
            p.disclosure_control.suppressed_cells,
            suppressed_paths(&s, &p).len() as u64
        );
        if round % 10 == 0 {
            let q = publish_summary(&s, min_cell, Some(2.0), Some(round as u64));
            assert_no_small_counts(&q, u64::from(min_cell));
            assert_nothing_recoverable_with(&q, false);
        }
    }
}

/// The bundled sample study (2400 respondents, min_cell 10 in its codebook), and again with
/// a threshold of 60 so that whole cohort rows must go.
#[test]
fn sample_study_published() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let study = load_study(Some(&dir), &LoadOptions::default()).expect("the sample loads");
    let s = summarize(&study, &Filter::default(), &AnalysisOptions::default());
    let p = publish_summary(&s, 10, None, None);
    assert_no_small_counts(&p, 10);
    assert_nothing_recoverable(&p);
    assert_eq!(
        p.disclosure_control.suppressed_cells,
        suppressed_paths(&s, &p).len() as u64
    );
    let q = publish_summary(&s, 10, Some(1.0), Some(11));
    assert_no_small_counts(&q, 10);
    assert_nothing_recoverable_with(&q, false);
    // A stricter threshold hides more.
    let r = publish_summary(&s, 60, None, None);
    assert_no_small_counts(&r, 60);
    assert_nothing_recoverable(&r);
    assert!(r.disclosure_control.suppressed_cells > p.disclosure_control.suppressed_cells);
}
