//! The tactic tables as linear programs. Atoms: original cohort (and unknown cohort) ×
//! original answer code — jointly with one group column's levels (cohort × level × code)
//! when that stays small, else level × code. Equations: every published band count of the
//! overall row, the cohort rows and the group levels' rows, their n, the χ² tests' n, and the
//! counts implied by `acceptable`, `intrusive` and `neutral` when the study is unweighted.

use super::cube::{code_bands, Band, Built, Cube, Row, Share};
use super::layout::{cohort_names, group_layouts, test_pointers, GroupLayout, MAX_ATOMS};
use crate::analysis::summary::{Summary, TacticLevels, TacticSummary};

/// One family per tactic and group column (or one per tactic without group columns).
pub fn build(s: &Summary) -> Vec<Built> {
    let groups = group_layouts(s);
    let mut out = Vec::new();
    for (ti, t) in s.tactics.iter().enumerate() {
        let mut with_cohorts = false;
        for g in &groups {
            let atoms = (s.cohorts.len() + 1) * g.levels.len() * codes(t).len();
            let joint = atoms <= MAX_ATOMS;
            with_cohorts |= joint;
            out.push(family(s, ti, t, Some(g), joint));
        }
        if !with_cohorts {
            out.push(family(s, ti, t, None, true));
        }
    }
    out
}

fn codes(t: &TacticSummary) -> Vec<String> {
    (t.min..=t.max).map(|c| format!("level {c}")).collect()
}

fn family(
    s: &Summary,
    ti: usize,
    t: &TacticSummary,
    g: Option<&GroupLayout>,
    with_cohorts: bool,
) -> Built {
    let weighted = s.study.weighted;
    let cohorts = if with_cohorts {
        cohort_names(s)
    } else {
        vec!["all".to_string()]
    };
    let levels = g.map_or_else(|| vec!["all".to_string()], |g| g.levels.clone());
    let mut cube = Cube::new(format!("tactics[{}]", t.name), cohorts, levels, codes(t));
    let table = format!("tactics[{}]", t.name);
    let at = format!("/tactics/{ti}");
    let tests = test_pointers(&format!("{at}/chi2"));
    let overall = row(
        t,
        &t.overall,
        &table,
        "overall",
        &format!("{at}/overall"),
        &[],
        weighted,
    );
    cube.add_overall_row(overall, weighted);
    if with_cohorts {
        for (i, b) in t.by_cohort.iter().enumerate() {
            let make = |name: &str| {
                let p = format!("{at}/by_cohort/{i}");
                row(t, b, &table, name, &p, &tests, weighted)
            };
            cube.add_cohort_row(b.cohort.as_deref(), t.collapsed.as_ref(), make, weighted);
        }
        let n = t.chi2.as_ref().and_then(|c| c.n);
        cube.close_cohorts(
            s.study.unknown_cohort,
            n.map(|n| (n, format!("{at}/chi2/n"))),
        );
    }
    if let Some(g) = g {
        group_rows(s, &mut cube, ti, t, g, weighted);
    }
    cube.built
}

/// The rows of one group column's levels for tactic `ti`, its unknown and its χ² n.
fn group_rows(
    s: &Summary,
    cube: &mut Cube,
    ti: usize,
    t: &TacticSummary,
    g: &GroupLayout,
    weighted: bool,
) {
    let gb = &s.by_group[g.index];
    let table = format!("by_group[{}].tactics[{}]", g.group, t.name);
    let chi2 = gb.tactics_chi2.iter().position(|c| c.tactic == t.name);
    let tests = chi2
        .map(|j| test_pointers(&format!("/by_group/{}/tactics_chi2/{j}/chi2", g.index)))
        .unwrap_or_default();
    for (li, (level, members)) in gb.levels.iter().zip(&g.rows).enumerate() {
        let Some(b) = level.tactics.get(ti) else {
            continue;
        };
        let at = format!("/by_group/{}/levels/{li}/tactics/{ti}", g.index);
        let r = row(t, b, &table, &level.level, &at, &tests, weighted);
        cube.add_level_row(members, r, weighted);
    }
    let n = chi2.and_then(|j| {
        let n = gb.tactics_chi2[j].chi2.as_ref().and_then(|c| c.n)?;
        Some((n, format!("/by_group/{}/tactics_chi2/{j}/chi2/n", g.index)))
    });
    cube.close_levels(g, n);
}

/// A tactic row's bands, n and shares (the cohorts and levels are filled in by the caller).
/// `tests`: the pointers of the χ² test its cells enter.
fn row(
    t: &TacticSummary,
    r: &TacticLevels,
    table: &str,
    name: &str,
    at: &str,
    tests: &[String],
    weighted: bool,
) -> Row {
    let bands = t
        .collapsed
        .as_ref()
        .map_or(&[][..], |c| c.levels.as_slice());
    let mid = (f64::from(t.min) + f64::from(t.max)) / 2.0;
    let side = |pred: &dyn Fn(f64) -> bool| -> Vec<usize> {
        (t.min..=t.max)
            .filter(|&c| pred(f64::from(c)))
            .map(|c| (c - t.min) as usize)
            .collect()
    };
    let sides = [
        ("acceptable", side(&|c| c > mid), r.acceptable, true),
        ("intrusive", side(&|c| c < mid), r.intrusive, true),
        ("neutral", side(&|c| c == mid), r.neutral, false),
    ];
    let share_pointers = |name: &str, ci: bool| {
        let mut v = vec![format!("{at}/{name}")];
        if ci {
            v.push(format!("{at}/{name}_ci"));
        }
        v
    };
    let shares: Vec<Share> = sides
        .iter()
        .filter(|(_, codes, _, _)| !codes.is_empty())
        .map(|(label, codes, p, ci)| Share {
            codes: codes.clone(),
            p: *p,
            pointers: share_pointers(label, *ci),
        })
        .collect();
    let bands: Vec<Band> = code_bands(t.min, t.max, bands)
        .into_iter()
        .zip(&r.levels)
        .enumerate()
        .map(|(bi, ((codes, label), &value))| {
            let mut pointers = vec![format!("{at}/levels/{bi}")];
            pointers.extend_from_slice(tests);
            if !weighted {
                for (name, side, _, ci) in &sides {
                    if side.iter().any(|c| codes.contains(c)) {
                        pointers.extend(share_pointers(name, *ci));
                    }
                }
            }
            Band {
                codes,
                label,
                value,
                pointers,
            }
        })
        .collect();
    let mut n_pointers = vec![format!("{at}/n")];
    n_pointers.extend_from_slice(tests);
    for (name, _, _, ci) in &sides {
        n_pointers.extend(share_pointers(name, *ci));
    }
    Row {
        table: table.to_string(),
        name: name.to_string(),
        cohorts: Vec::new(),
        levels: Vec::new(),
        merged: false,
        bands,
        n: r.n,
        n_pointers,
        shares,
        ratios: Vec::new(),
    }
}
