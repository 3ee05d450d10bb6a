//! Table redesign before suppression: a table whose cells are too small is coarsened along
//! its natural order, and only what no merge saves is suppressed afterwards.
//!
//! - A tactic's rating levels merge into bands (`bands`): intrusive · neutral · acceptable,
//!   then the two-way split that keeps `acceptable` publishable. The same bands hold for
//!   the tactic's overall row and its rows per group level, which are linked to it.
//! - Rows that still hold a small cell merge with a neighbour (`merge`): cohorts in age
//!   order, in the gap table and in each tactic's table; levels of a group column in the
//!   column's level order, for all of that column's tables at once.
//! - The sensitivity grid drops thresholds until no slice between adjacent thresholds is
//!   small (`thresholds`).
//!
//! A merged row is not a sum of its members' published figures: its shares, CIs and the
//! tests across rows (Kruskal–Wallis with Dunn pairs, χ²) are computed again by the analysis
//! on the merged categories ([`Source::summarize_merged`]), and every χ² beside a banded
//! table is computed on the bands. What was merged is recorded in each table's `collapsed`.

mod bands;
mod merge;
mod thresholds;

use std::collections::BTreeMap;

use crate::analysis::common::Notes;
use crate::analysis::groups::{NOT_STATED, NOT_STATED_NAME};
use crate::analysis::summarize::{COHORT_UNKNOWN, COHORT_UNKNOWN_NAME};
use crate::analysis::summary::{Collapsed, Summary, TacticSummary};
use crate::analysis::{AnalysisOptions, Merges, Source};

pub use bands::describe as describe_band;
use merge::{merge_rows, merge_unordered, Row};

/// The plan for one tactic: its bands and its merged cohorts (indices).
#[derive(Debug, Clone, PartialEq)]
struct TacticPlan {
    bands: bands::Bands,
    cohorts: Vec<Vec<usize>>,
}

/// The summary of `source` with every table coarsened as far as needed for no cell to hold
/// from 1 to `min_cell − 1` respondents where a merge can prevent it. `full` is the
/// unsuppressed summary of the same source. With suppression off it is `full` unchanged.
pub fn collapse(source: &Source<'_>, full: &Summary, min_cell: u32) -> Summary {
    let min = u64::from(min_cell);
    if min < 2 {
        return full.clone();
    }
    let study = source.study;
    let cohort_index = |name: &str| study.cohort_names.iter().position(|c| c == name);

    // The gap table: cohorts × the four cells of each cohort's 2×2.
    let flat = |t: &[[Option<u64>; 2]; 2]| -> Vec<u64> {
        t.iter().flatten().map(|v| v.unwrap_or(0)).collect()
    };
    let gap_cohorts = full
        .gap
        .by_cohort
        .as_ref()
        .map(|rows| {
            let mut table: Vec<Row> = rows
                .iter()
                .filter_map(|b| {
                    let at = cohort_index(b.cohort.as_deref()?)?;
                    Some(Row {
                        members: vec![at],
                        cells: flat(&b.concern_table),
                    })
                })
                .collect();
            if let Some(o) = &full.gap.overall {
                table.extend(unknown_row(&flat(&o.concern_table), &table));
            }
            merge_rows(table, min)
        })
        .unwrap_or_default();

    // Each tactic: the finest safe bands over its cohort rows and overall row, then cohorts.
    let plans: Vec<TacticPlan> = full
        .tactics
        .iter()
        .map(|t| {
            let mut rows: Vec<_> = t.by_cohort.iter().collect();
            rows.push(&t.overall);
            let chosen = bands::choose(&rows, t.min, t.max, min);
            let mut table: Vec<Row> = t
                .by_cohort
                .iter()
                .filter_map(|r| {
                    Some(Row {
                        members: vec![cohort_index(r.cohort.as_deref()?)?],
                        cells: bands::band_counts(&r.levels, t.min, &chosen),
                    })
                })
                .collect();
            let overall = bands::band_counts(&t.overall.levels, t.min, &chosen);
            table.extend(unknown_row(&overall, &table));
            let cohorts = merge_rows(table, min);
            TacticPlan {
                bands: chosen,
                cohorts,
            }
        })
        .collect();

    // Group columns: every table of a level (its gap 2×2, its data types' 2×2s, its tactic
    // rows in the tactics' bands) decides whether the level must merge.
    let mut group_levels: BTreeMap<usize, Vec<Vec<u32>>> = BTreeMap::new();
    for breakdown in &full.by_group {
        let Some(g) = study.groups.iter().position(|f| f.name == breakdown.group) else {
            continue;
        };
        let factor = &study.groups[g];
        let rows: Vec<Row> = breakdown
            .levels
            .iter()
            .filter_map(|level| {
                let at = factor.levels.iter().position(|l| *l == level.level)?;
                let mut cells: Vec<u64> = Vec::new();
                if let Some(gap) = &level.gap {
                    cells.extend(gap.concern_table.iter().flatten().map(|v| v.unwrap_or(0)));
                }
                for d in &level.data_types {
                    cells.extend(d.table.iter().flatten().map(|v| v.unwrap_or(0)));
                }
                for (row, (t, plan)) in level.tactics.iter().zip(full.tactics.iter().zip(&plans)) {
                    cells.extend(bands::band_counts(&row.levels, t.min, &plan.bands));
                }
                Some(Row {
                    members: vec![at],
                    cells,
                })
            })
            .collect();
        // The respondents without a level: their figures follow by difference (overall
        // minus the levels), so they are a row of their own, merged like a small level.
        let mut rows = rows;
        if let Some(unknown) = breakdown.unknown.filter(|&u| u > 0) {
            let mut cells: Vec<u64> = vec![unknown];
            let sum_levels = |f: &dyn Fn(&crate::analysis::summary::GroupLevel) -> Vec<u64>| {
                let mut acc: Vec<u64> = Vec::new();
                for l in &breakdown.levels {
                    for (i, v) in f(l).into_iter().enumerate() {
                        if acc.len() <= i {
                            acc.resize(i + 1, 0);
                        }
                        acc[i] += v;
                    }
                }
                acc
            };
            let diff = |whole: Vec<u64>, parts: Vec<u64>| -> Vec<u64> {
                whole
                    .iter()
                    .enumerate()
                    .map(|(i, w)| w.saturating_sub(parts.get(i).copied().unwrap_or(0)))
                    .collect()
            };
            let flat = |t: &[[Option<u64>; 2]; 2]| -> Vec<u64> {
                t.iter().flatten().map(|v| v.unwrap_or(0)).collect()
            };
            if let Some(o) = &full.gap.overall {
                let parts = sum_levels(&|l| {
                    l.gap
                        .as_ref()
                        .map(|g| flat(&g.concern_table))
                        .unwrap_or_default()
                });
                cells.extend(diff(flat(&o.concern_table), parts));
            }
            for (d, dt) in full.data_types.iter().enumerate() {
                let parts = sum_levels(&|l| {
                    l.data_types
                        .get(d)
                        .map(|x| flat(&x.table))
                        .unwrap_or_default()
                });
                cells.extend(diff(flat(&dt.table), parts));
            }
            for (t, (tac, plan)) in full.tactics.iter().zip(&plans).enumerate() {
                let band = |row: &crate::analysis::summary::TacticLevels| {
                    bands::band_counts(&row.levels, tac.min, &plan.bands)
                };
                let parts = sum_levels(&|l| l.tactics.get(t).map(band).unwrap_or_default());
                cells.extend(diff(band(&tac.overall), parts));
            }
            rows.push(Row {
                members: vec![NOT_STATED as usize],
                cells,
            });
        }
        let merged = merge_unordered(rows, min);
        if !merged.is_empty() {
            group_levels.insert(
                g,
                merged
                    .into_iter()
                    .map(|set| set.into_iter().map(|l| l as u32).collect())
                    .collect(),
            );
        }
    }

    let mut out = full.clone();
    let mut notes = Notes::default();
    // One analysis per distinct cohort merge, without models (published from `full`).
    let lean = AnalysisOptions {
        models: false,
        ..source.options.clone()
    };
    let merged_source = Source::new(study, source.filter, &lean);
    let base_merges = Merges {
        cohorts: gap_cohorts.clone(),
        group_levels: group_levels.clone(),
    };
    if !base_merges.is_empty() {
        let base = merged_source.summarize_merged(&base_merges);
        out.gap = base.gap;
        out.by_group = base.by_group;
        out.tactics = base.tactics;
        out.notes = base.notes;
        out.notes.extend(
            full.notes
                .iter()
                .filter(|n| n.starts_with("models"))
                .cloned(),
        );
    }
    let names = |sets: &[Vec<usize>]| -> Vec<Vec<String>> {
        sets.iter()
            .map(|set| {
                let mut v: Vec<String> = set
                    .iter()
                    .filter_map(|&c| study.cohort_names.get(c).cloned())
                    .collect();
                if set.contains(&COHORT_UNKNOWN) {
                    v.push(COHORT_UNKNOWN_NAME.to_string());
                }
                v
            })
            .collect()
    };
    if !gap_cohorts.is_empty() {
        out.gap.collapsed = Some(Collapsed {
            cohorts: names(&gap_cohorts),
            ..Collapsed::default()
        });
        notes.add(
            "disclosure control: gap.by_cohort",
            format!(
                "cohorts {} merged so that no cell of the table holds from 1 to {} respondents",
                join_sets(&names(&gap_cohorts)),
                min - 1
            ),
        );
    }
    for (g, sets) in &group_levels {
        let factor = &study.groups[*g];
        let labels: Vec<Vec<String>> = sets
            .iter()
            .map(|set| {
                let mut names: Vec<String> = set
                    .iter()
                    .filter_map(|&l| factor.levels.get(l as usize).cloned())
                    .collect();
                if set.contains(&NOT_STATED) {
                    names.push(NOT_STATED_NAME.to_string());
                }
                names
            })
            .collect();
        if let Some(b) = out.by_group.iter_mut().find(|b| b.group == factor.name) {
            b.collapsed = Some(Collapsed {
                group_levels: labels.clone(),
                ..Collapsed::default()
            });
        }
        notes.add(
            format!("disclosure control: by_group[{}]", factor.name),
            format!(
                "levels {} merged so that no cell of its tables holds from 1 to {} respondents",
                join_sets(&labels),
                min - 1
            ),
        );
    }

    // Tactics whose cohort merges differ from the gap table's come from their own analysis.
    let mut by_plan: Vec<(Vec<Vec<usize>>, Vec<TacticSummary>)> = Vec::new();
    for (t, plan) in plans.iter().enumerate() {
        if plan.cohorts != gap_cohorts {
            let tactics = match by_plan.iter().find(|(c, _)| *c == plan.cohorts) {
                Some((_, tactics)) => tactics.clone(),
                None => {
                    let mut only = lean.clone();
                    only.by_group = false;
                    let s = Source::new(study, source.filter, &only).summarize_merged(&Merges {
                        cohorts: plan.cohorts.clone(),
                        group_levels: BTreeMap::new(),
                    });
                    by_plan.push((plan.cohorts.clone(), s.tactics.clone()));
                    s.tactics
                }
            };
            if let Some(tactic) = tactics.into_iter().nth(t) {
                out.tactics[t] = tactic;
            }
        }
        band_tactic(&mut out, t, plan, &names(&plan.cohorts), min, &mut notes);
    }

    if let Some(s) = out.sensitivity.as_mut() {
        if let Some(dropped) = thresholds::drop_thresholds(s, min) {
            let list = |v: &[f64]| {
                v.iter()
                    .map(|x| format!("{x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut parts = Vec::new();
            if !dropped.concern.is_empty() {
                parts.push(format!("concern thresholds {}", list(&dropped.concern)));
            }
            if !dropped.disclosure.is_empty() {
                parts.push(format!(
                    "disclosure thresholds {}",
                    list(&dropped.disclosure)
                ));
            }
            notes.add(
                "disclosure control: sensitivity",
                format!(
                    "{} left out, so that no slice between adjacent thresholds holds from 1 to {} respondents",
                    parts.join(" and "),
                    min - 1
                ),
            );
            s.dropped = Some(dropped);
        }
    }
    out.notes.extend(notes.0);
    out
}

/// Bands tactic `t` everywhere it is published (overall, cohort rows, group levels' rows)
/// and computes its χ² tests on the bands.
fn band_tactic(
    out: &mut Summary,
    t: usize,
    plan: &TacticPlan,
    merged: &[Vec<String>],
    min: u64,
    notes: &mut Notes,
) {
    let identity = bands::is_identity(&plan.bands);
    let Some(tactic) = out.tactics.get_mut(t) else {
        return;
    };
    let (lo, hi) = (tactic.min, tactic.max);
    if !identity {
        bands::apply(&mut tactic.overall, lo, hi, &plan.bands);
        for row in &mut tactic.by_cohort {
            bands::apply(row, lo, hi, &plan.bands);
        }
        let rows: Vec<_> = tactic.by_cohort.iter().collect();
        tactic.chi2 = bands::chi2(&rows, &format!("tactics[{}].chi2", tactic.name), notes);
    }
    if !identity || !merged.is_empty() {
        tactic.collapsed = Some(Collapsed {
            levels: if identity {
                Vec::new()
            } else {
                plan.bands.clone()
            },
            cohorts: merged.to_vec(),
            ..Collapsed::default()
        });
        let mut what = Vec::new();
        if !identity {
            let bands: Vec<String> = plan
                .bands
                .iter()
                .map(|b| bands::describe(b, lo, hi))
                .collect();
            what.push(format!("answers merged into {}", bands.join(", ")));
        }
        if !merged.is_empty() {
            what.push(format!("cohorts {} merged", join_sets(merged)));
        }
        notes.add(
            format!("disclosure control: tactics[{}]", tactic.name),
            format!(
                "{} so that no cell holds from 1 to {} respondents",
                what.join(" and "),
                min - 1
            ),
        );
    }
    if identity {
        return;
    }
    let name = tactic.name.clone();
    for breakdown in &mut out.by_group {
        for level in &mut breakdown.levels {
            if let Some(row) = level.tactics.get_mut(t) {
                bands::apply(row, lo, hi, &plan.bands);
            }
        }
        let rows: Vec<_> = breakdown
            .levels
            .iter()
            .filter_map(|l| l.tactics.get(t))
            .collect();
        let path = format!("by_group[{}].tactics_chi2[{name}]", breakdown.group);
        let test = bands::chi2(&rows, &path, notes);
        if let Some(slot) = breakdown.tactics_chi2.iter_mut().find(|c| c.tactic == name) {
            slot.chi2 = test;
        }
    }
}

/// The respondents of unknown cohort as a row of a cohort table: the overall row minus the
/// cohort rows. They count in the overall row only, so their cells follow by difference and
/// are merged like any small row (`None` when there are none).
fn unknown_row(overall: &[u64], rows: &[Row]) -> Option<Row> {
    let cells: Vec<u64> = overall
        .iter()
        .enumerate()
        .map(|(i, &o)| o.saturating_sub(rows.iter().filter_map(|r| r.cells.get(i)).sum()))
        .collect();
    (cells.iter().any(|&c| c > 0)).then(|| Row {
        members: vec![COHORT_UNKNOWN],
        cells,
    })
}

/// "Silent + Boomers; Gen Z + Gen Alpha".
fn join_sets(sets: &[Vec<String>]) -> String {
    sets.iter()
        .map(|s| s.join(" + "))
        .collect::<Vec<_>>()
        .join("; ")
}
