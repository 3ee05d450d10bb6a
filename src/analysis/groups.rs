//! Group breakdowns: every gap, data-type and tactic figure per level of each codebook group
//! column (`columns.group`, e.g. gender, country), computed exactly as the overall and
//! by-cohort figures are, on the respondents of that level; and the tests across levels that
//! mirror the by-cohort tests (Kruskal–Wallis of concern, χ² of level × paradoxical, χ² of
//! level × tactic answer). The multiplicity correction across cohorts and group columns is
//! [`crate::analysis::adjust`]'s.
//!
//! Respondents with a missing group value are counted in `unknown` and left out of that
//! column's levels and tests, as respondents of unknown cohort are left out of cohort
//! breakdowns.

use rayon::prelude::*;

use crate::analysis::common::Notes;
use crate::analysis::gap::{chi2_test, gap_accs, kruskal_by, GapRanks};
use crate::analysis::scores::Scores;
pub use crate::analysis::summary::GroupBreakdown;
use crate::analysis::summary::{DataTypeSummary, GroupLevel, GroupTacticTest, TacticLevels};
use crate::analysis::{data_types, tactics};
use crate::study::Study;

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
    notes: &mut Notes,
) -> Vec<GroupBreakdown> {
    let parts: Vec<(GroupBreakdown, Notes)> = study
        .groups
        .par_iter()
        .map(|factor| {
            let mut n = Notes::default();
            let g = breakdown(
                study,
                scores,
                ranks,
                factor,
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
fn breakdown(
    study: &Study,
    scores: &Scores,
    ranks: Option<&GapRanks>,
    factor: &crate::study::Factor,
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> GroupBreakdown {
    let name = &factor.name;
    let path = format!("by_group[{name}]");
    let n_levels = factor.levels.len();
    // Each selected respondent's level (u32::MAX: unknown, in no level).
    let key: Vec<u32> = scores
        .rows
        .iter()
        .map(|&r| match factor.codes.get(r).copied().flatten() {
            Some(l) if (l as usize) < n_levels => l,
            _ => u32::MAX,
        })
        .collect();
    let mut sizes = vec![0usize; n_levels];
    for &l in &key {
        if let Some(n) = sizes.get_mut(l as usize) {
            *n += 1;
        }
    }
    let unknown = (key.len() - sizes.iter().sum::<usize>()) as u64;
    let present: Vec<usize> = (0..n_levels).filter(|&l| sizes[l] > 0).collect();
    if present.len() < 2 {
        notes.add(
            &path,
            format!(
                "{} level(s) among the analysed respondents, so the tests across levels are undefined",
                present.len()
            ),
        );
    }
    let gap_ok = has_behavior && has_concern;
    let wanted: Vec<bool> = sizes.iter().map(|&n| n > 0).collect();
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
    let levels: Vec<GroupLevel> = present
        .iter()
        .map(|&l| {
            let level = factor.levels[l].clone();
            let prefix = format!("{path}[{level}]");
            let gap = gaps
                .as_mut()
                .and_then(|g| g[l].take())
                .map(|acc| acc.finish(None, &format!("{prefix}.gap"), notes));
            let (data_types, scratch) = data_types[l].take().unwrap_or_default();
            relabel(scratch, &prefix, notes);
            GroupLevel {
                level,
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
            &factor.levels,
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
        group: name.clone(),
        levels,
        unknown: Some(unknown),
        kruskal_concern,
        chi2_paradoxical,
        tactics_chi2,
    }
}
