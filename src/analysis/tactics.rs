//! Acceptance of personalization tactics: answer levels, acceptable (above the
//! midpoint) and intrusive (below) with Wilson intervals, overall and per cohort, and χ²
//! of cohort × level.
//!
//! One pass per tactic fills the overall block and every cohort's block at once: each
//! answer adds its weight to one cell (its level, or below / above the range) of its
//! blocks, and every figure is a sum over cells (see [`Cell`]), so a cohort's block has the
//! same bits as the overall block of a study filtered to that cohort.

use rayon::prelude::*;

use crate::analysis::common::{cell_proportion, Cell, Notes};
use crate::analysis::gap::chi2_test;
use crate::analysis::scores::Scores;
use crate::analysis::summary::{TacticLevels, TacticSummary};
use crate::study::codebook::limits::MAX_RANGE;
use crate::study::Study;

/// How a tactic's answers map to cells: one per level min..max, then one for answers
/// below the range and one for answers above it (counted in n, in no level).
struct Layout {
    min: i32,
    k: usize,
    /// Per cell: (above, below, at) the midpoint.
    sides: Vec<[bool; 3]>,
}

impl Layout {
    fn new(min: i32, max: i32) -> Layout {
        // The codebook's limits keep a range to MAX_RANGE points when it is read; the clamp
        // keeps a codebook built in code from sizing every block by an unchecked range.
        let k = (i64::from(max) - i64::from(min) + 1).clamp(0, MAX_RANGE + 1) as usize;
        let m = (min as f64 + max as f64) / 2.0;
        let side = |x: f64| [x > m, x < m, x == m];
        let mut sides: Vec<[bool; 3]> = (0..k).map(|s| side((min + s as i32) as f64)).collect();
        sides.push(side(min as f64 - 1.0));
        sides.push(side(max as f64 + 1.0));
        Layout { min, k, sides }
    }

    fn cells(&self) -> usize {
        self.k + 2
    }

    #[inline(always)]
    fn cell(&self, x: i16) -> usize {
        let s = x as i32 - self.min;
        if (s as u32 as usize) < self.k {
            s as usize
        } else if s < 0 {
            self.k
        } else {
            self.k + 1
        }
    }

    fn finish(&self, block: &[Cell], cohort: Option<String>) -> TacticLevels {
        let share = |side: usize| cell_proportion(block, |c| self.sides[c][side], |_| true);
        let (acceptable, intrusive, neutral) = (share(0), share(1), share(2));
        TacticLevels {
            cohort,
            n: Some(acceptable.den_n),
            levels: block[..self.k].iter().map(|c| Some(c.n)).collect(),
            acceptable: acceptable.value(),
            acceptable_ci: acceptable.wilson(),
            intrusive: intrusive.value(),
            intrusive_ci: intrusive.wilson(),
            neutral: neutral.value(),
        }
    }
}

/// The cells of the overall block and of one block per cohort index (including empty
/// cohorts), block after block.
fn level_blocks(
    codes: &[Option<i16>],
    scores: &Scores,
    n_cohorts: usize,
    layout: &Layout,
) -> (Vec<Cell>, Vec<Cell>) {
    let width = layout.cells();
    let mut overall = vec![Cell::default(); width];
    let mut by_cohort = vec![Cell::default(); width * n_cohorts];
    for ((&r, &w), &c) in scores.rows.iter().zip(&scores.weight).zip(&scores.cohort) {
        let Some(x) = codes[r] else { continue };
        let cell = layout.cell(x);
        overall[cell].add(w);
        if let Some(b) = c.and_then(|c| by_cohort.get_mut(usize::from(c) * width + cell)) {
            b.add(w);
        }
    }
    (overall, by_cohort)
}

/// Per key, the overall block of every tactic (codebook order) over the respondents with
/// that key (`key[i]` for respondent `i` of `scores`; keys at or above `wanted.len()`
/// belong to no block; keys with `wanted[k]` false get an empty list). One pass per tactic
/// fills every key's block, each in respondent order: a key's blocks are bit-for-bit the
/// `overall` blocks of [`tactics`] on its respondents alone.
pub(crate) fn overall_by_key(
    study: &Study,
    scores: &Scores,
    key: &[u32],
    wanted: &[bool],
) -> Vec<Vec<TacticLevels>> {
    let n_keys = wanted.len();
    let mut out: Vec<Vec<TacticLevels>> = vec![Vec::new(); n_keys];
    for (t, spec) in study.codebook.tactics.iter().enumerate() {
        let codes = &study.tactics[t];
        let layout = Layout::new(spec.min, spec.max);
        let width = layout.cells();
        let mut blocks = vec![Cell::default(); width * n_keys];
        for ((&r, &key), &w) in scores.rows.iter().zip(key).zip(&scores.weight) {
            let Some(x) = codes[r] else { continue };
            if let Some(b) = blocks.get_mut(key as usize * width + layout.cell(x)) {
                b.add(w);
            }
        }
        for ((block, list), &want) in blocks.chunks(width).zip(out.iter_mut()).zip(wanted) {
            if want {
                list.push(layout.finish(block, None));
            }
        }
    }
    out
}

pub fn tactics(
    study: &Study,
    scores: &Scores,
    cohort_names: &[String],
    notes: &mut Notes,
) -> Vec<TacticSummary> {
    // A cohort gets a block when the filter selects any of its respondents, even if none
    // of them answered the tactic (then n = 0).
    let mut present = vec![false; cohort_names.len()];
    for c in scores.cohort.iter().flatten() {
        if let Some(p) = present.get_mut(usize::from(*c)) {
            *p = true;
        }
    }
    // Tactics are independent: one pass each, on every core.
    let parts: Vec<(TacticSummary, Notes)> = study
        .codebook
        .tactics
        .par_iter()
        .enumerate()
        .map(|(t, spec)| {
            let mut notes = Notes::default();
            let codes = &study.tactics[t];
            let layout = Layout::new(spec.min, spec.max);
            let (overall, by_cohort) = level_blocks(codes, scores, cohort_names.len(), &layout);
            let overall = layout.finish(&overall, None);
            if overall.n == Some(0) {
                notes.add(format!("tactics[{}].overall", spec.name), "no answers");
            }
            let blocks: Vec<TacticLevels> = by_cohort
                .chunks(layout.cells())
                .zip(cohort_names)
                .zip(&present)
                .filter(|(_, &p)| p)
                .map(|((b, name), _)| layout.finish(b, Some(name.clone())))
                .collect();
            let table: Vec<Vec<f64>> = blocks
                .iter()
                .map(|b| b.levels.iter().map(|l| l.unwrap_or(0) as f64).collect())
                .collect();
            let chi2 = chi2_test(&table, &format!("tactics[{}].chi2", spec.name), &mut notes);
            let summary = TacticSummary {
                collapsed: None,
                name: spec.name.clone(),
                label: spec.display_label().to_string(),
                min: spec.min,
                max: spec.max,
                overall,
                by_cohort: blocks,
                chi2,
            };
            (summary, notes)
        })
        .collect();
    parts
        .into_iter()
        .map(|(summary, part)| {
            notes.0.extend(part.0);
            summary
        })
        .collect()
}
