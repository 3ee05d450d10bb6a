//! The 2×2 tables as linear programs: the gap table (concerned × discloser) of the overall
//! block, each cohort (merged rows included) and each group level; each data type's table
//! (willing × shared) overall and per group level. Atoms: cohort × level × the four cells;
//! equations: every published cell and n, the χ² test's n, and, when the study is
//! unweighted, the margins implied by `concerned`/`disclosers` (`willing`/`shared`) and the
//! cell implied by `paradoxical`; the ratios `paradox_rate` = c/(c + d) (unweighted) and
//! McNemar's odds ratio c/b (always on counts).

use super::cube::{Band, Built, Cube, Row, Share};
use super::layout::{cohort_names, group_layouts, test_pointers, GroupLayout, MAX_ATOMS};
use crate::analysis::summary::{DataTypeSummary, GapBlock, Summary};

const CELLS: [(usize, usize); 4] = [(0, 0), (0, 1), (1, 0), (1, 1)];

fn codes(field: &str) -> Vec<String> {
    CELLS
        .iter()
        .map(|(i, j)| format!("{field}[{i}][{j}]"))
        .collect()
}

/// The gap: one family per group column (or one without group columns).
pub fn gap(s: &Summary) -> Vec<Built> {
    if s.gap.overall.is_none() {
        return Vec::new();
    }
    let groups = group_layouts(s);
    let mut out = Vec::new();
    let mut with_cohorts = false;
    for g in &groups {
        let joint = (s.cohorts.len() + 1) * g.levels.len() * 4 <= MAX_ATOMS;
        with_cohorts |= joint;
        out.push(gap_family(s, Some(g), joint));
    }
    if !with_cohorts {
        out.push(gap_family(s, None, true));
    }
    out
}

fn gap_family(s: &Summary, g: Option<&GroupLayout>, with_cohorts: bool) -> Built {
    let weighted = s.study.weighted;
    let cohorts = if with_cohorts {
        cohort_names(s)
    } else {
        vec!["all".to_string()]
    };
    let levels = g.map_or_else(|| vec!["all".to_string()], |g| g.levels.clone());
    let mut cube = Cube::new("gap".into(), cohorts, levels, codes("concern_table"));
    if let Some(o) = &s.gap.overall {
        let r = gap_row(o, "gap", "overall", "/gap/overall", &[], weighted);
        cube.add_overall_row(r, weighted);
    }
    if with_cohorts {
        let tests = test_pointers("/gap/chi2_paradoxical");
        for (i, b) in s.gap.by_cohort.iter().flatten().enumerate() {
            let make = |name: &str| {
                let at = format!("/gap/by_cohort/{i}");
                gap_row(b, "gap", name, &at, &tests, weighted)
            };
            cube.add_cohort_row(
                b.cohort.as_deref(),
                s.gap.collapsed.as_ref(),
                make,
                weighted,
            );
        }
        let n = s.gap.chi2_paradoxical.as_ref().and_then(|c| c.n);
        cube.close_cohorts(
            s.study.unknown_cohort,
            n.map(|n| (n, "/gap/chi2_paradoxical/n".to_string())),
        );
    }
    if let Some(g) = g {
        let gb = &s.by_group[g.index];
        let table = format!("by_group[{}].gap", g.group);
        let at = format!("/by_group/{}/chi2_paradoxical", g.index);
        let tests = test_pointers(&at);
        for (li, (level, members)) in gb.levels.iter().zip(&g.rows).enumerate() {
            let Some(b) = &level.gap else { continue };
            let p = format!("/by_group/{}/levels/{li}/gap", g.index);
            let r = gap_row(b, &table, &level.level, &p, &tests, weighted);
            cube.add_level_row(members, r, weighted);
        }
        let n = gb.chi2_paradoxical.as_ref().and_then(|c| c.n);
        cube.close_levels(g, n.map(|n| (n, format!("{at}/n"))));
    }
    cube.built
}

fn gap_row(
    b: &GapBlock,
    table: &str,
    name: &str,
    at: &str,
    tests: &[String],
    weighted: bool,
) -> Row {
    let p = |f: &str| format!("{at}/{f}");
    let rd = [
        p("disclosure_rd"),
        p("disclosure_rd_ci"),
        p("equivalence/rd_ci90"),
        p("equivalence/rd_equivalent"),
    ];
    let concerned = vec![p("concerned"), p("concerned_ci"), p("paradoxical_expected")];
    let disclosers = vec![
        p("disclosers"),
        p("disclosers_ci"),
        p("paradoxical_expected"),
    ];
    let paradoxical = vec![p("paradoxical"), p("paradoxical_ci")];
    let bands = CELLS
        .iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let mut pointers = vec![format!("{at}/concern_table/{i}/{j}")];
            pointers.extend_from_slice(&rd);
            if k == 0 {
                pointers.extend_from_slice(tests);
            }
            if !weighted {
                if i == 0 {
                    pointers.extend_from_slice(&concerned);
                }
                if j == 0 {
                    pointers.extend_from_slice(&disclosers);
                }
                if k == 0 {
                    pointers.extend_from_slice(&paradoxical);
                }
            }
            Band {
                codes: vec![k],
                label: format!("concern_table[{i}][{j}]"),
                value: b.concern_table[i][j],
                pointers,
            }
        })
        .collect();
    let mut n_pointers = vec![p("n"), p("rho_mde")];
    n_pointers.extend_from_slice(&rd);
    n_pointers.extend_from_slice(tests);
    n_pointers.extend(
        concerned
            .iter()
            .chain(&disclosers)
            .chain(&paradoxical)
            .cloned(),
    );
    let share = |codes: Vec<usize>, p: Option<f64>, pointers: &[String]| Share {
        codes,
        p,
        pointers: pointers.to_vec(),
    };
    Row {
        table: table.to_string(),
        name: name.to_string(),
        cohorts: Vec::new(),
        levels: Vec::new(),
        merged: false,
        bands,
        n: b.n,
        n_pointers,
        shares: vec![
            share(vec![0, 1], b.concerned, &concerned),
            share(vec![0, 2], b.disclosers, &disclosers),
            share(vec![0], b.paradoxical, &paradoxical),
        ],
        ratios: Vec::new(),
    }
}

/// Each data type: one family per group column (or one without group columns).
pub fn data_types(s: &Summary) -> Vec<Built> {
    let groups = group_layouts(s);
    let mut out = Vec::new();
    for (di, d) in s.data_types.iter().enumerate() {
        if groups.is_empty() {
            out.push(data_type_family(s, di, d, None));
        }
        for g in &groups {
            out.push(data_type_family(s, di, d, Some(g)));
        }
    }
    out
}

fn data_type_family(s: &Summary, di: usize, d: &DataTypeSummary, g: Option<&GroupLayout>) -> Built {
    let weighted = s.study.weighted;
    let levels = g.map_or_else(|| vec!["all".to_string()], |g| g.levels.clone());
    let group = format!("data_types[{}]", d.name);
    let mut cube = Cube::new(group.clone(), vec!["all".into()], levels, codes("table"));
    let r = data_type_row(d, &group, "overall", &format!("/data_types/{di}"), weighted);
    cube.add_overall_row(r, weighted);
    if let Some(g) = g {
        let gb = &s.by_group[g.index];
        let table = format!("by_group[{}].data_types[{}]", g.group, d.name);
        for (li, (level, members)) in gb.levels.iter().zip(&g.rows).enumerate() {
            let Some(k) = level.data_types.iter().position(|x| x.name == d.name) else {
                continue;
            };
            let at = format!("/by_group/{}/levels/{li}/data_types/{k}", g.index);
            let r = data_type_row(&level.data_types[k], &table, &level.level, &at, weighted);
            cube.add_level_row(members, r, weighted);
        }
        cube.close_levels(g, None);
    }
    cube.built
}

fn data_type_row(d: &DataTypeSummary, table: &str, name: &str, at: &str, weighted: bool) -> Row {
    let p = |f: &str| format!("{at}/{f}");
    let willing = vec![p("willing"), p("willing_ci"), p("say_do_gap")];
    let shared = vec![p("shared"), p("shared_ci"), p("say_do_gap")];
    let rate = vec![p("paradox_rate"), p("paradox_rate_ci")];
    let mcnemar = vec![
        p("mcnemar_p"),
        p("mcnemar_midp"),
        p("mcnemar_or"),
        p("mcnemar_or_ci"),
    ];
    let bands = CELLS
        .iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let mut pointers = vec![format!("{at}/table/{i}/{j}")];
            if i != j {
                pointers.extend_from_slice(&mcnemar);
            }
            if i == 1 {
                pointers.extend_from_slice(&rate);
            }
            if !weighted && i == 0 {
                pointers.extend_from_slice(&willing);
            }
            if !weighted && j == 0 {
                pointers.extend_from_slice(&shared);
            }
            Band {
                codes: vec![k],
                label: format!("table[{i}][{j}]"),
                value: d.table[i][j],
                pointers,
            }
        })
        .collect();
    let mut n_pointers = vec![p("n_pairs")];
    n_pointers.extend(willing.iter().chain(&shared).chain(&rate).cloned());
    let mut ratios = Vec::new();
    if let Some(or) = d.mcnemar_or {
        // c / b: the odds ratio is a quotient of the unweighted discordant counts.
        ratios.push((vec![2], vec![1], or));
    }
    if let (false, Some(r)) = (weighted, d.paradox_rate) {
        ratios.push((vec![2], vec![2, 3], r));
    }
    Row {
        table: table.to_string(),
        name: name.to_string(),
        cohorts: Vec::new(),
        levels: Vec::new(),
        merged: false,
        bands,
        n: d.n_pairs,
        n_pointers,
        shares: vec![
            Share {
                codes: vec![0, 1],
                p: d.willing,
                pointers: willing.clone(),
            },
            Share {
                codes: vec![0, 2],
                p: d.shared,
                pointers: shared.clone(),
            },
        ],
        ratios,
    }
}
