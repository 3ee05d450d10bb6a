//! The sensitivity grid and the record counts as linear programs.
//!
//! Grid: each cell is a cumulative 2×2 table at a pair of thresholds (concerned = concern
//! above a threshold, discloser = disclosure at or above one), so the atoms are the
//! rectangles between adjacent published thresholds — concern band × disclosure band — and
//! every published cell entry is the sum of the rectangles on its side of both thresholds.
//! The codebook's own cell equals `gap.overall`, whose published cells join in; `n` and the
//! counts implied by `paradoxical` (unweighted) too.
//!
//! Record counts: the cohort sizes with the respondents of unknown cohort add up to the
//! analysed n; each group column's level sizes with its unknown likewise; the survey rows
//! are the analysed plus the rejected ones (plus the flagged ones when screening leaves them
//! out).

use super::cube::{Built, Kind, Published};
use super::layout::group_layouts;
use crate::analysis::summary::Summary;

/// The sensitivity grid, when published.
pub fn sensitivity(s: &Summary) -> Option<Built> {
    let g = s.sensitivity.as_ref()?;
    let (ni, nj) = (g.concern_thresholds.len(), g.disclosure_thresholds.len());
    let mut b = Built {
        group: "sensitivity".into(),
        ..Built::default()
    };
    for _ in 0..(ni + 1) * (nj + 1) {
        b.family.atom();
    }
    // Rectangle (a, d): concern band a (above a thresholds), disclosure band d.
    let rect = |a: usize, d: usize| a * (nj + 1) + d;
    // Entry [r][c] of the cell at thresholds (i, j): r = 0 concerned (bands above i),
    // c = 0 disclosers (bands from j + 1 up).
    let entry = |i: usize, j: usize, r: usize, c: usize| -> Vec<usize> {
        let conc: Vec<usize> = if r == 0 {
            (i + 1..=ni).collect()
        } else {
            (0..=i).collect()
        };
        let disc: Vec<usize> = if c == 0 {
            (j + 1..=nj).collect()
        } else {
            (0..=j).collect()
        };
        conc.iter()
            .flat_map(|&a| disc.iter().map(move |&d| rect(a, d)))
            .collect()
    };
    let all: Vec<usize> = (0..b.family.atoms).collect();
    put(
        &mut b,
        "sensitivity",
        "n".into(),
        Kind::Total,
        g.n,
        all,
        vec!["/sensitivity/n".into()],
    );
    for (i, row) in g.cells.iter().enumerate().take(ni) {
        for (j, cell) in row.iter().enumerate().take(nj) {
            let at = format!("/sensitivity/cells/{i}/{j}");
            let name = format!(
                "concern > {}, disclosure ≥ {}",
                g.concern_thresholds[i], g.disclosure_thresholds[j]
            );
            let derived = [
                format!("{at}/paradoxical"),
                format!("{at}/paradoxical_ci"),
                format!("{at}/disclosure_rd"),
                format!("{at}/disclosure_rd_ci"),
            ];
            for r in 0..2 {
                for c in 0..2 {
                    let mut pointers = vec![format!("{at}/concern_table/{r}/{c}")];
                    pointers.extend_from_slice(&derived);
                    let label = format!("{name}: concern_table[{r}][{c}]");
                    let v = cell.concern_table[r][c];
                    put(
                        &mut b,
                        "sensitivity",
                        label,
                        Kind::Cell,
                        v,
                        entry(i, j, r, c),
                        pointers,
                    );
                }
            }
            if let (false, Some(p), Some(n)) = (s.study.weighted, cell.paradoxical, g.n) {
                let v = (p.clamp(0.0, 1.0) * n as f64).round() as u64;
                let pointers = derived[..2].to_vec();
                let label = format!("{name}: paradoxical share");
                put(
                    &mut b,
                    "sensitivity",
                    label,
                    Kind::Share,
                    Some(v),
                    entry(i, j, 0, 0),
                    pointers,
                );
            }
        }
    }
    // The codebook's cell is gap.overall.
    let i = g
        .concern_thresholds
        .iter()
        .position(|&t| t == g.actual_concern_threshold);
    let j = g
        .disclosure_thresholds
        .iter()
        .position(|&t| t == g.actual_disclosure_threshold);
    if let (Some(i), Some(j), Some(o)) = (i, j, s.gap.overall.as_ref()) {
        for r in 0..2 {
            for c in 0..2 {
                if let Some(v) = o.concern_table[r][c] {
                    b.family.equal(entry(i, j, r, c), v);
                }
            }
        }
    }
    Some(b)
}

/// Cohort sizes, each group column's level sizes, and the survey rows.
pub fn record_counts(s: &Summary) -> Vec<Built> {
    let mut out = Vec::new();
    let analysed = s.study.analysed;
    // Cohorts + unknown = analysed.
    let mut b = Built {
        group: "cohorts".into(),
        ..Built::default()
    };
    let mut parts = Vec::new();
    for (i, c) in s.cohorts.iter().enumerate() {
        let a = b.family.atom();
        parts.push(a);
        part(
            &mut b,
            "cohorts",
            &c.name,
            c.n,
            a,
            format!("/cohorts/{i}/n"),
        );
    }
    let a = b.family.atom();
    parts.push(a);
    part(
        &mut b,
        "study",
        "unknown_cohort",
        s.study.unknown_cohort,
        a,
        "/study/unknown_cohort".into(),
    );
    b.family.equal(parts, analysed);
    out.push(b);
    for g in group_layouts(s) {
        let gb = &s.by_group[g.index];
        let table = format!("by_group[{}]", g.group);
        let mut b = Built {
            group: table.clone(),
            ..Built::default()
        };
        let atoms: Vec<usize> = (0..g.levels.len()).map(|_| b.family.atom()).collect();
        for (li, (level, members)) in gb.levels.iter().zip(&g.rows).enumerate() {
            let these: Vec<usize> = members.iter().map(|m| atoms[m.1]).collect();
            let cell = format!("{}, n", level.level);
            let at = format!("/by_group/{}/levels/{li}/n", g.index);
            publish_or_hide(&mut b, &table, cell, level.n, these, at);
            if members.len() > 1 {
                for (name, l) in members {
                    b.family.target(
                        &table,
                        format!("{name} (in {}), n", level.level),
                        vec![atoms[*l]],
                    );
                }
            }
        }
        let unknown = atoms[g.unknown_level()];
        publish_or_hide(
            &mut b,
            &table,
            "unknown".into(),
            gb.unknown,
            vec![unknown],
            format!("/by_group/{}/unknown", g.index),
        );
        b.family.equal(atoms, analysed);
        out.push(b);
    }
    // Survey rows = analysed + rejected (+ flagged when excluded).
    let mut b = Built {
        group: "study".into(),
        ..Built::default()
    };
    let rejected = b.family.atom();
    let mut rest = vec![rejected];
    if let Some(sc) = s.screening.as_ref().filter(|sc| sc.excluded) {
        let flagged = b.family.atom();
        rest.push(flagged);
        if let Some(f) = sc.flagged {
            b.family.equal(vec![flagged], f);
        }
    }
    part(
        &mut b,
        "study",
        "rejected_rows",
        s.study.rejected_rows,
        rejected,
        "/study/rejected_rows".into(),
    );
    match s.study.respondents {
        Some(r) => b.family.equal(rest, r.saturating_sub(analysed)),
        None => b.family.target("study", "respondents − analysed", rest),
    }
    out.push(b);
    out
}

fn part(b: &mut Built, table: &str, cell: &str, value: Option<u64>, atom: usize, at: String) {
    publish_or_hide(b, table, cell.to_string(), value, vec![atom], at);
}

fn publish_or_hide(
    b: &mut Built,
    table: &str,
    cell: String,
    value: Option<u64>,
    atoms: Vec<usize>,
    at: String,
) {
    put(b, table, cell, Kind::Total, value, atoms, vec![at]);
}

/// A published value becomes an equation; a null one, a target.
fn put(
    b: &mut Built,
    table: &str,
    cell: String,
    kind: Kind,
    value: Option<u64>,
    atoms: Vec<usize>,
    pointers: Vec<String>,
) {
    match value {
        Some(v) => {
            b.family.equal(atoms.clone(), v);
            b.published.push(Published {
                kind,
                value: v,
                atoms,
                pointers,
            });
        }
        None => b.family.target(table, cell, atoms),
    }
}
