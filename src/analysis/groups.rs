//! Group breakdowns (issue #10, part 4): every gap, data-type and tactic figure per level of
//! each codebook group column (`columns.group`, e.g. gender, country), computed exactly as
//! the overall and by-cohort figures are (SPEC §3) on the respondents of that level; the
//! tests across levels that mirror the by-cohort tests (Kruskal–Wallis of concern, χ² of
//! level × paradoxical, χ² of level × tactic answer); and the multiplicity correction of
//! every family of tests of one kind across cohorts and all group columns ([`adjust`]).
//!
//! Respondents with a missing group value are counted in `unknown` and left out of that
//! column's levels and tests, as respondents of unknown cohort are left out of cohort
//! breakdowns.

use serde::{Deserialize, Serialize};

use crate::analysis::common::{finite, Notes};
use rayon::prelude::*;

use crate::analysis::gap::{chi2_test, gap_accs, kruskal_by, GapRanks};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
use crate::analysis::summary::{
    Adjusted, Chi2Test, DataTypeSummary, GapBlock, KruskalTest, Summary, TacticLevels,
};
use crate::analysis::{data_types, tactics};
use crate::study::codebook::Multiplicity;
use crate::study::Study;

/// One group column: its levels' figures and the tests across its levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBreakdown {
    /// The column name, e.g. `"gender"`.
    pub group: String,
    /// Levels with at least one analysed respondent, in the study's level order.
    pub levels: Vec<GroupLevel>,
    /// Analysed respondents with no value in this column.
    pub unknown: Option<u64>,
    /// Kruskal–Wallis of the concern score across levels (Dunn pairs Holm-adjusted).
    pub kruskal_concern: Option<KruskalTest>,
    /// χ² of level × paradoxical.
    pub chi2_paradoxical: Option<Chi2Test>,
    /// Per tactic (codebook order): χ² of level × answer.
    pub tactics_chi2: Vec<GroupTacticTest>,
}

/// The figures of one level of a group column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLevel {
    pub level: String,
    /// Analysed respondents with this level.
    pub n: Option<u64>,
    /// The gap block of these respondents (`null` without behaviour or a concern scale).
    pub gap: Option<GapBlock>,
    /// Stated vs. actual per data type (codebook order).
    pub data_types: Vec<DataTypeSummary>,
    /// Acceptance per tactic (codebook order).
    pub tactics: Vec<TacticLevels>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTacticTest {
    pub tactic: String,
    pub chi2: Option<Chi2Test>,
}

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

/// Corrects one family of p-values in place (`None` p: not a member).
fn adjust_family(
    mut tests: Vec<(&mut Option<Adjusted>, Option<f64>)>,
    family: &str,
    method: Multiplicity,
) {
    let members: Vec<f64> = tests.iter().filter_map(|(_, p)| *p).collect();
    let adjusted = match method {
        Multiplicity::Holm => stats::holm(&members),
        Multiplicity::Bh => stats::benjamini_hochberg(&members),
    };
    let mut next = adjusted.into_iter();
    for (slot, p) in tests.iter_mut() {
        if p.is_some() {
            **slot = Some(Adjusted {
                p_adjusted: next.next().and_then(finite),
                adjustment: method.name().into(),
                family: family.into(),
                family_size: members.len() as u64,
            });
        }
    }
}

/// The names of the test families corrected by [`adjust`], with what each holds.
pub const FAMILIES: [(&str, &str); 3] = [
    (
        "concern_kruskal",
        "Kruskal–Wallis of concern by cohort and by every group column",
    ),
    (
        "paradoxical_chi2",
        "χ² of paradoxical by cohort and by every group column",
    ),
    (
        "tactic_chi2",
        "χ² of every tactic's answers by cohort and by every group column",
    ),
];

/// Multiplicity control: every family of tests of one kind — across cohorts and all group
/// columns — is corrected together with `method`, and each test gets an `adjusted` object
/// (`p_adjusted`, method, family, family size). Tests without a p-value are not members.
pub fn adjust(s: &mut Summary, method: Multiplicity) {
    let mut family = Vec::new();
    if let Some(k) = s.gap.kruskal_concern.as_mut() {
        family.push((&mut k.adjusted, k.p));
    }
    for g in s.by_group.iter_mut() {
        if let Some(k) = g.kruskal_concern.as_mut() {
            family.push((&mut k.adjusted, k.p));
        }
    }
    adjust_family(family, FAMILIES[0].0, method);
    let mut family = Vec::new();
    if let Some(c) = s.gap.chi2_paradoxical.as_mut() {
        family.push((&mut c.adjusted, c.p));
    }
    for g in s.by_group.iter_mut() {
        if let Some(c) = g.chi2_paradoxical.as_mut() {
            family.push((&mut c.adjusted, c.p));
        }
    }
    adjust_family(family, FAMILIES[1].0, method);
    let mut family = Vec::new();
    for t in s.tactics.iter_mut() {
        if let Some(c) = t.chi2.as_mut() {
            family.push((&mut c.adjusted, c.p));
        }
    }
    for g in s.by_group.iter_mut() {
        for t in g.tactics_chi2.iter_mut() {
            if let Some(c) = t.chi2.as_mut() {
                family.push((&mut c.adjusted, c.p));
            }
        }
    }
    adjust_family(family, FAMILIES[2].0, method);
}
