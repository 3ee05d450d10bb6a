//! Acceptance of personalization tactics (SPEC §3): answer levels, acceptable (above the
//! midpoint) and intrusive (below) with Wilson intervals, overall and per cohort, and χ²
//! of cohort × level.
//!
//! One pass per tactic fills the overall block and every cohort's block at once. Each
//! block's weighted sums receive the same weights in the same (respondent) order as a
//! separate pass per block would give them, so the figures are bit-for-bit those of the
//! textbook per-block computation; the pass is branch-free in the answer (adding a weight
//! times 0 or 1), because the answers are random and a branch on them mispredicts half the
//! time.

use rayon::prelude::*;

use crate::analysis::common::{Notes, Proportion};
use crate::analysis::gap::chi2_test;
use crate::analysis::scores::Scores;
use crate::analysis::summary::{TacticLevels, TacticSummary};
use crate::study::Study;

/// The running sums of one block (overall, or one cohort). acceptable, intrusive and
/// neutral share their denominator (every answered respondent), so it is summed once.
#[derive(Debug, Clone, Default)]
struct Block {
    levels: Vec<u64>,
    /// Answers, including any outside min..max (counted in n, in no level).
    n: u64,
    den: f64,
    den_sq: f64,
    acceptable: f64,
    intrusive: f64,
    neutral: f64,
    acceptable_n: u64,
    intrusive_n: u64,
    neutral_n: u64,
}

impl Block {
    fn new(k: usize) -> Block {
        Block {
            levels: vec![0; k],
            ..Block::default()
        }
    }

    /// Adds one answer; `side` is (above, below, at) the midpoint as 0/1.
    #[inline(always)]
    fn add(&mut self, slot: Option<usize>, side: [bool; 3], w: f64) {
        if let Some(l) = slot.and_then(|s| self.levels.get_mut(s)) {
            *l += 1;
        }
        self.n += 1;
        self.den += w;
        self.den_sq += w * w;
        // w·1 = w and w·0 = +0 exactly, and adding +0 leaves a sum of positive weights
        // unchanged: the same bits as adding only when the side holds.
        self.acceptable += w * f64::from(u8::from(side[0]));
        self.intrusive += w * f64::from(u8::from(side[1]));
        self.neutral += w * f64::from(u8::from(side[2]));
        self.acceptable_n += u64::from(side[0]);
        self.intrusive_n += u64::from(side[1]);
        self.neutral_n += u64::from(side[2]);
    }

    fn proportion(&self, num: f64, num_n: u64) -> Proportion {
        Proportion {
            num,
            den: self.den,
            den_sq: self.den_sq,
            num_n,
            den_n: self.n,
        }
    }

    fn finish(self, cohort: Option<String>) -> TacticLevels {
        let acceptable = self.proportion(self.acceptable, self.acceptable_n);
        let intrusive = self.proportion(self.intrusive, self.intrusive_n);
        let neutral = self.proportion(self.neutral, self.neutral_n);
        TacticLevels {
            cohort,
            n: Some(self.n),
            levels: self.levels.into_iter().map(Some).collect(),
            acceptable: acceptable.value(),
            acceptable_ci: acceptable.wilson(),
            intrusive: intrusive.value(),
            intrusive_ci: intrusive.wilson(),
            neutral: neutral.value(),
        }
    }
}

/// The overall block and one block per cohort index (including empty cohorts).
fn level_blocks(
    codes: &[Option<i16>],
    scores: &Scores,
    n_cohorts: usize,
    min: i32,
    max: i32,
) -> (Block, Vec<Block>) {
    let k = (max - min + 1).max(0) as usize;
    let m = (min as f64 + max as f64) / 2.0;
    // The side of each level, looked up rather than compared per answer.
    let sides: Vec<[bool; 3]> = (0..k)
        .map(|s| {
            let x = (min + s as i32) as f64;
            [x > m, x < m, x == m]
        })
        .collect();
    let mut overall = Block::new(k);
    let mut by_cohort = vec![Block::new(k); n_cohorts];
    for (i, &r) in scores.rows.iter().enumerate() {
        let Some(x) = codes[r] else { continue };
        let w = scores.weight[i];
        let slot = usize::try_from(x as i32 - min).ok().filter(|&s| s < k);
        let side = match slot {
            Some(s) => sides[s],
            None => {
                let x = x as f64;
                [x > m, x < m, x == m]
            }
        };
        overall.add(slot, side, w);
        if let Some(b) = scores.cohort[i].and_then(|c| by_cohort.get_mut(c)) {
            b.add(slot, side, w);
        }
    }
    (overall, by_cohort)
}

/// The side (above, below, at the midpoint) of every level of a min..max answer scale.
fn level_sides(min: i32, max: i32) -> Vec<[bool; 3]> {
    let k = (max - min + 1).max(0) as usize;
    let m = (min as f64 + max as f64) / 2.0;
    (0..k)
        .map(|s| {
            let x = (min + s as i32) as f64;
            [x > m, x < m, x == m]
        })
        .collect()
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
        let (min, max) = (spec.min, spec.max);
        let k = (max - min + 1).max(0) as usize;
        let m = (min as f64 + max as f64) / 2.0;
        let sides = level_sides(min, max);
        let mut blocks = vec![Block::new(k); n_keys];
        for ((&r, &key), &w) in scores.rows.iter().zip(key).zip(&scores.weight) {
            let Some(b) = blocks.get_mut(key as usize) else {
                continue;
            };
            let Some(x) = codes[r] else { continue };
            let slot = usize::try_from(x as i32 - min).ok().filter(|&s| s < k);
            let side = match slot {
                Some(s) => sides[s],
                None => {
                    let x = x as f64;
                    [x > m, x < m, x == m]
                }
            };
            b.add(slot, side, w);
        }
        for ((b, list), &want) in blocks.into_iter().zip(out.iter_mut()).zip(wanted) {
            if want {
                list.push(b.finish(None));
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
        if let Some(p) = present.get_mut(*c) {
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
            let (overall, by_cohort) =
                level_blocks(codes, scores, cohort_names.len(), spec.min, spec.max);
            let overall = overall.finish(None);
            if overall.n == Some(0) {
                notes.add(format!("tactics[{}].overall", spec.name), "no answers");
            }
            let blocks: Vec<TacticLevels> = by_cohort
                .into_iter()
                .zip(cohort_names)
                .zip(&present)
                .filter(|(_, &p)| p)
                .map(|((b, name), _)| b.finish(Some(name.clone())))
                .collect();
            let table: Vec<Vec<f64>> = blocks
                .iter()
                .map(|b| b.levels.iter().map(|l| l.unwrap_or(0) as f64).collect())
                .collect();
            let chi2 = chi2_test(&table, &format!("tactics[{}].chi2", spec.name), &mut notes);
            let summary = TacticSummary {
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
