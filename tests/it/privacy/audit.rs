//! An independent checker of what a published summary gives away, working on the
//! published JSON alone: every count found by field name (none may lie in 1..min_cell−1),
//! and the published numbers as linear equations "parts add up to a total", solved to find
//! every hidden count a reader could recompute by subtraction.

use serde_json::Value;

use paradox::analysis::summary::{Summary, TacticLevels};

pub fn json(s: &Summary) -> Value {
    serde_json::to_value(s).expect("a summary serializes")
}

/// Every count in the published JSON, found by field name: `n`, `n_complete`, `n_pairs`,
/// `unknown_cohort` and the cells of `concern_table`, `table`, `levels`, `counts`,
/// `heatmap`. The record counts of `study` (survey rows, rejected rows) say how the file was
/// read, not what anyone answered, and are published unless the study itself is small; they
/// are checked by `record_counts_published_unless_the_study_is_small`.
pub fn counts_in(v: &Value, out: &mut Vec<(String, u64)>, path: &str) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                match k.as_str() {
                    "n" | "n_complete" | "n_pairs" | "unknown_cohort" => {
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

pub fn flat_counts(v: &Value, path: &str, out: &mut Vec<(String, u64)>) {
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

pub fn assert_no_small_counts(s: &Summary, min_cell: u64) {
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
pub fn assert_nothing_recoverable(s: &Summary) {
    assert_nothing_recoverable_with(s, true);
}

/// `linked = false` under differential privacy: each table is noised on its own, so only
/// the equations within one table hold.
pub fn assert_nothing_recoverable_with(s: &Summary, linked: bool) {
    let recovered = recoverable(s, linked);
    assert!(
        recovered.is_empty(),
        "recoverable hidden counts: {recovered:?}"
    );
}

/// The hidden counts a reader can recompute from the published summary.
pub fn recoverable(s: &Summary, linked: bool) -> Vec<String> {
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
