//! Group breakdowns: every gap, data-type and tactic figure per level of each codebook group
//! column (`columns.group`, e.g. gender, country), computed exactly as the overall and
//! by-cohort figures are, on the respondents of that level; and the tests across levels that
//! mirror the by-cohort tests (Kruskal–Wallis of concern, χ² of level × paradoxical, χ² of
//! level × tactic answer). The multiplicity correction across cohorts and group columns is
//! [`crate::analysis::adjust`]'s.
//!
//! Respondents with a missing group value are counted in `unknown` and left out of that
//! column's levels and tests, as respondents of unknown cohort are left out of cohort
//! breakdowns. A column with more levels than a breakdown takes (the codebook's
//! `MAX_GROUP_LEVELS`: a free-text answer, an id, an e-mail address) is not broken down: a
//! note says how many levels it has, and nothing is computed per level.

use rayon::prelude::*;

use crate::analysis::common::{level_sizes, too_many_levels, Notes};
use crate::analysis::gap::{chi2_test, gap_accs, kruskal_by, GapRanks};
use crate::analysis::scores::Scores;
pub use crate::analysis::summary::GroupBreakdown;
use crate::analysis::summary::{DataTypeSummary, GroupLevel, GroupTacticTest, TacticLevels};
use crate::analysis::{data_types, tactics};
use crate::study::codebook::limits::MAX_GROUP_LEVELS;
use crate::study::Study;

/// In a merge of levels: the respondents without a level (publishing merges them into a
/// small level when, left apart, their figures would follow by difference from the overall
/// ones).
pub const NOT_STATED: u32 = u32::MAX;

/// The name of [`NOT_STATED`] in a merged level's name.
pub const NOT_STATED_NAME: &str = "not stated";

/// Moves notes written for the whole summary under this level's path, e.g.
/// `data_types[x]: …` → `by_group[gender][f].data_types[x]: …`.
fn relabel(scratch: Notes, prefix: &str, notes: &mut Notes) {
    for n in scratch.0 {
        notes.0.push(format!("{prefix}.{n}"));
    }
}

/// `by_group` of the summary: one entry per codebook group column.
///
/// Each level's figures are those of the overall and by-cohort computations run on the
/// level's respondents alone; they are computed for all levels of a column at once (one pass
/// per family and data type or tactic, every level's sums filled in respondent order), which
/// gives the same bits as a pass per level. Columns run in parallel; their notes are
/// appended in codebook order.
pub fn by_group(
    study: &Study,
    scores: &Scores,
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> Vec<GroupBreakdown> {
    let ranks = GapRanks::of(scores);
    by_group_with(
        study,
        scores,
        ranks.as_ref(),
        has_behavior,
        has_concern,
        &std::collections::BTreeMap::new(),
        notes,
    )
}

/// [`by_group`] with the score classes computed once for the whole summary.
pub(crate) fn by_group_with(
    study: &Study,
    scores: &Scores,
    ranks: Option<&GapRanks>,
    has_behavior: bool,
    has_concern: bool,
    merges: &std::collections::BTreeMap<usize, Vec<Vec<u32>>>,
    notes: &mut Notes,
) -> Vec<GroupBreakdown> {
    let parts: Vec<(GroupBreakdown, Notes)> = study
        .groups
        .par_iter()
        .enumerate()
        .map(|(g, factor)| {
            let mut n = Notes::default();
            let g = breakdown(
                study,
                scores,
                ranks,
                (factor, merges.get(&g).map_or(&[][..], Vec::as_slice)),
                has_behavior,
                has_concern,
                &mut n,
            );
            (g, n)
        })
        .collect();
    parts
        .into_iter()
        .map(|(g, part)| {
            notes.0.extend(part.0);
            g
        })
        .collect()
}

/// One group column's breakdown.
///
/// The levels are counted first; a column with more levels present than a breakdown takes
/// is not broken down (see [`not_broken_down`]) before anything is sized by its levels.
/// Otherwise every block is indexed by the present levels only (dense keys), so the work
/// and memory follow the levels of the respondents analysed, not every value the file held.
fn breakdown(
    study: &Study,
    scores: &Scores,
    ranks: Option<&GapRanks>,
    (factor, merges): (&crate::study::Factor, &[Vec<u32>]),
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> GroupBreakdown {
    let name = &factor.name;
    let path = format!("by_group[{name}]");
    let all_sizes = level_sizes(factor, &scores.rows);
    let unknown = (scores.rows.len() - all_sizes.iter().sum::<usize>()) as u64;
    if let Some(k) = too_many_levels(&all_sizes) {
        return not_broken_down(study, factor, k, unknown, &path, notes);
    }
    // Present levels, in the study's level order; `dense[l]` is level l's block. Merged
    // levels (publishing's table redesign) share the block of their first present member;
    // a merge may also take in the respondents without a level ([`NOT_STATED`]), who are
    // then named "not stated" in that block instead of being left out.
    let present: Vec<usize> = (0..all_sizes.len()).filter(|&l| all_sizes[l] > 0).collect();
    let mut dense = vec![u32::MAX; all_sizes.len()];
    let mut sizes: Vec<usize> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut not_stated: Option<u32> = None;
    for &l in &present {
        if dense[l] != u32::MAX {
            continue;
        }
        let merge = merges.iter().find(|set| set.contains(&(l as u32)));
        let set: Vec<usize> = merge
            .map(|set| {
                set.iter()
                    .map(|&m| m as usize)
                    .filter(|&m| all_sizes.get(m).is_some_and(|&k| k > 0))
                    .collect()
            })
            .unwrap_or_else(|| vec![l]);
        let block = sizes.len() as u32;
        for &m in &set {
            dense[m] = block;
        }
        let mut size: usize = set.iter().map(|&m| all_sizes[m]).sum();
        let mut label: Vec<&str> = set.iter().map(|&m| factor.levels[m].as_str()).collect();
        if merge.is_some_and(|m| m.contains(&NOT_STATED)) && not_stated.is_none() && unknown > 0 {
            not_stated = Some(block);
            size += unknown as usize;
            label.push(NOT_STATED_NAME);
        }
        sizes.push(size);
        names.push(label.join(" + "));
    }
    let unknown = if not_stated.is_some() { 0 } else { unknown };
    drop(all_sizes);
    // Each selected respondent's block (u32::MAX: unknown, in no level).
    let key: Vec<u32> = scores
        .rows
        .iter()
        .map(|&r| {
            factor
                .codes
                .get(r)
                .copied()
                .flatten()
                .and_then(|l| dense.get(l as usize).copied())
                .or(not_stated)
                .unwrap_or(u32::MAX)
        })
        .collect();
    drop(dense);
    if sizes.len() < 2 {
        notes.add(
            &path,
            format!(
                "{} level(s) among the analysed respondents, so the tests across levels are undefined",
                sizes.len()
            ),
        );
    }
    let gap_ok = has_behavior && has_concern;
    let wanted = vec![true; sizes.len()];
    let (gaps, (data_types, tactics)) = rayon::join(
        || gap_ok.then(|| gap_accs(scores, ranks, &sizes, |i| key[i] as usize)),
        || {
            rayon::join(
                || data_types::data_types_by_key(study, scores, Some(&key), &wanted),
                || tactics::overall_by_key(study, scores, &key, &wanted),
            )
        },
    );
    let mut gaps = gaps.map(|g| g.into_iter().map(Some).collect::<Vec<_>>());
    let mut data_types: Vec<Option<(Vec<DataTypeSummary>, Notes)>> =
        data_types.into_iter().map(Some).collect();
    let mut tactics: Vec<Option<Vec<TacticLevels>>> = tactics.into_iter().map(Some).collect();
    let levels: Vec<GroupLevel> = names
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let prefix = format!("{path}[{level}]");
            let gap = gaps
                .as_mut()
                .and_then(|g| g[l].take())
                .map(|acc| acc.finish(None, &format!("{prefix}.gap"), notes));
            let (data_types, scratch) = data_types[l].take().unwrap_or_default();
            relabel(scratch, &prefix, notes);
            GroupLevel {
                level: level.clone(),
                n: Some(sizes[l] as u64),
                gap,
                data_types,
                // A level's tactics are the overall blocks of its respondents (notes about
                // them, e.g. no answers, are not this level's business).
                tactics: tactics[l].take().unwrap_or_default(),
            }
        })
        .collect();
    drop((gaps, data_types, tactics));
    let kruskal_concern = if has_concern {
        kruskal_by(
            scores,
            ranks,
            &names,
            |i| key[i] as usize,
            &format!("{path}.kruskal_concern"),
            notes,
        )
    } else {
        None
    };
    drop(key);
    let chi2_paradoxical = if gap_ok {
        // Level × (paradoxical, not), unweighted counts of each level's gap block.
        let table: Vec<Vec<f64>> = levels
            .iter()
            .filter_map(|l| l.gap.as_ref())
            .map(|b| {
                let a = b.concern_table[0][0].unwrap_or(0);
                let n = b.n.unwrap_or(0);
                vec![a as f64, n.saturating_sub(a) as f64]
            })
            .collect();
        chi2_test(&table, &format!("{path}.chi2_paradoxical"), notes)
    } else {
        None
    };
    let tactics_chi2 = study
        .codebook
        .tactics
        .iter()
        .enumerate()
        .map(|(t, spec)| {
            let table: Vec<Vec<f64>> = levels
                .iter()
                .filter_map(|l| l.tactics.get(t))
                .map(|b| b.levels.iter().map(|v| v.unwrap_or(0) as f64).collect())
                .collect();
            GroupTacticTest {
                tactic: spec.name.clone(),
                chi2: chi2_test(
                    &table,
                    &format!("{path}.tactics_chi2[{}]", spec.name),
                    notes,
                ),
            }
        })
        .collect();
    GroupBreakdown {
        collapsed: None,
        group: name.clone(),
        levels,
        unknown: Some(unknown),
        kruskal_concern,
        chi2_paradoxical,
        tactics_chi2,
        too_many_levels: None,
    }
}

/// The breakdown of a column with `k` levels present, more than a breakdown takes: no
/// levels and no tests, a note saying why. Its `unknown` is still published, but not linked
/// to the level sizes, which are not.
fn not_broken_down(
    study: &Study,
    factor: &crate::study::Factor,
    k: usize,
    unknown: u64,
    path: &str,
    notes: &mut Notes,
) -> GroupBreakdown {
    notes.add(
        path,
        format!(
            "{} levels among the analysed respondents, more than the {MAX_GROUP_LEVELS} a breakdown takes, so the column is not broken down",
            crate::fmt::count(k as u64)
        ),
    );
    GroupBreakdown {
        collapsed: None,
        group: factor.name.clone(),
        levels: Vec::new(),
        unknown: Some(unknown),
        kruskal_concern: None,
        chi2_paradoxical: None,
        tactics_chi2: study
            .codebook
            .tactics
            .iter()
            .map(|t| GroupTacticTest {
                tactic: t.name.clone(),
                chi2: None,
            })
            .collect(),
        too_many_levels: Some(k as u64),
    }
}
