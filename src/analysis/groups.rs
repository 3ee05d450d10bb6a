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
use crate::analysis::gap::{chi2_test, gap_block, kruskal_test};
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

/// The respondents `idx` of `scores` as a `Scores` of their own, so that every family of
/// statistics runs unchanged on one level.
fn subset(scores: &Scores, idx: &[usize]) -> Scores {
    let pick = |v: &[Option<f64>]| idx.iter().map(|&i| v[i]).collect::<Vec<_>>();
    Scores {
        rows: idx.iter().map(|&i| scores.rows[i]).collect(),
        scale: scores.scale.iter().map(|s| pick(s)).collect(),
        concern: pick(&scores.concern),
        disclosure: pick(&scores.disclosure),
        // A level's figures are not broken down by cohort (and `tactics`, called here with
        // no cohort names, must not see a cohort index).
        cohort: vec![None; idx.len()],
        weight: idx.iter().map(|&i| scores.weight[i]).collect(),
        weighted: scores.weighted,
        concern_threshold: scores.concern_threshold,
        disclosure_threshold: scores.disclosure_threshold,
    }
}

/// Moves notes written for the whole summary under this level's path, e.g.
/// `data_types[x]: …` → `by_group[gender][f].data_types[x]: …`.
fn relabel(scratch: Notes, prefix: &str, notes: &mut Notes) {
    for n in scratch.0 {
        notes.0.push(format!("{prefix}.{n}"));
    }
}

/// `by_group` of the summary: one entry per codebook group column.
pub fn by_group(
    study: &Study,
    scores: &Scores,
    has_behavior: bool,
    has_concern: bool,
    notes: &mut Notes,
) -> Vec<GroupBreakdown> {
    study
        .groups
        .iter()
        .map(|factor| {
            let name = &factor.name;
            let path = format!("by_group[{name}]");
            let mut by_level: Vec<Vec<usize>> = vec![Vec::new(); factor.levels.len()];
            let mut unknown = 0u64;
            for (i, &r) in scores.rows.iter().enumerate() {
                match factor.codes.get(r).copied().flatten() {
                    Some(l) if (l as usize) < by_level.len() => by_level[l as usize].push(i),
                    _ => unknown += 1,
                }
            }
            let present: Vec<usize> = (0..by_level.len())
                .filter(|&l| !by_level[l].is_empty())
                .collect();
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
            let levels: Vec<GroupLevel> = present
                .iter()
                .map(|&l| {
                    let level = factor.levels[l].clone();
                    let prefix = format!("{path}[{level}]");
                    let sub = subset(scores, &by_level[l]);
                    let all: Vec<usize> = (0..sub.len()).collect();
                    let gap = gap_ok
                        .then(|| gap_block(&sub, &all, None, &format!("{prefix}.gap"), notes));
                    let mut scratch = Notes::default();
                    let data_types = data_types::data_types(study, &sub, &mut scratch);
                    relabel(scratch, &prefix, notes);
                    // With no cohorts, `tactics` computes the overall block only (and its χ²
                    // is undefined, which is not this level's business).
                    let mut scratch = Notes::default();
                    let tactics: Vec<TacticLevels> = tactics::tactics(study, &sub, &[], &mut scratch)
                        .into_iter()
                        .map(|t| t.overall)
                        .collect();
                    GroupLevel {
                        level,
                        n: Some(sub.len() as u64),
                        gap,
                        data_types,
                        tactics,
                    }
                })
                .collect();
            let kruskal_concern = if has_concern {
                kruskal(scores, factor, &factor.levels, &format!("{path}.kruskal_concern"), notes)
            } else {
                None
            };
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
        })
        .collect()
}

fn kruskal(
    scores: &Scores,
    factor: &crate::study::Factor,
    names: &[String],
    path: &str,
    notes: &mut Notes,
) -> Option<KruskalTest> {
    let mut values = Vec::new();
    let mut groups = Vec::new();
    for (i, &r) in scores.rows.iter().enumerate() {
        let level = factor.codes.get(r).copied().flatten();
        if let (Some(l), Some(x)) = (level, scores.concern[i]) {
            if (l as usize) < names.len() {
                values.push(x);
                groups.push(l as usize);
            }
        }
    }
    kruskal_test(&values, &groups, names, path, notes)
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
