//! Acceptance of personalization tactics (SPEC §3): answer levels, acceptable (above the
//! midpoint) and intrusive (below) with Wilson intervals, overall and per cohort, and χ²
//! of cohort × level.

use crate::analysis::common::{Notes, Proportion};
use crate::analysis::gap::chi2_test;
use crate::analysis::scores::Scores;
use crate::analysis::summary::{TacticLevels, TacticSummary};
use crate::study::Study;

fn levels_block(
    codes: &[Option<i16>],
    scores: &Scores,
    idx: &[usize],
    min: i32,
    max: i32,
    cohort: Option<String>,
) -> TacticLevels {
    let k = (max - min + 1) as usize;
    let m = (min as f64 + max as f64) / 2.0;
    let mut levels = vec![0u64; k];
    let mut acceptable = Proportion::default();
    let mut intrusive = Proportion::default();
    let mut neutral = Proportion::default();
    for &i in idx {
        let Some(x) = codes[scores.rows[i]] else {
            continue;
        };
        let w = scores.weight[i];
        let slot = (x as i32 - min) as usize;
        if let Some(l) = levels.get_mut(slot) {
            *l += 1;
        }
        let x = x as f64;
        acceptable.add(x > m, w);
        intrusive.add(x < m, w);
        neutral.add(x == m, w);
    }
    TacticLevels {
        cohort,
        n: Some(acceptable.den_n),
        levels: levels.into_iter().map(Some).collect(),
        acceptable: acceptable.value(),
        acceptable_ci: acceptable.wilson(),
        intrusive: intrusive.value(),
        intrusive_ci: intrusive.wilson(),
        neutral: neutral.value(),
    }
}

pub fn tactics(
    study: &Study,
    scores: &Scores,
    cohort_names: &[String],
    notes: &mut Notes,
) -> Vec<TacticSummary> {
    let all: Vec<usize> = (0..scores.len()).collect();
    let mut by_cohort: Vec<Vec<usize>> = vec![Vec::new(); cohort_names.len()];
    for i in 0..scores.len() {
        if let Some(c) = scores.cohort[i] {
            by_cohort[c].push(i);
        }
    }
    study
        .codebook
        .tactics
        .iter()
        .enumerate()
        .map(|(t, spec)| {
            let codes = &study.tactics[t];
            let overall = levels_block(codes, scores, &all, spec.min, spec.max, None);
            if overall.n == Some(0) {
                notes.add(format!("tactics[{}].overall", spec.name), "no answers");
            }
            let blocks: Vec<TacticLevels> = cohort_names
                .iter()
                .enumerate()
                .filter(|(c, _)| !by_cohort[*c].is_empty())
                .map(|(c, name)| {
                    levels_block(
                        codes,
                        scores,
                        &by_cohort[c],
                        spec.min,
                        spec.max,
                        Some(name.clone()),
                    )
                })
                .collect();
            let table: Vec<Vec<f64>> = blocks
                .iter()
                .map(|b| b.levels.iter().map(|l| l.unwrap_or(0) as f64).collect())
                .collect();
            let chi2 = chi2_test(&table, &format!("tactics[{}].chi2", spec.name), notes);
            TacticSummary {
                name: spec.name.clone(),
                label: spec.display_label().to_string(),
                min: spec.min,
                max: spec.max,
                overall,
                by_cohort: blocks,
                chi2,
            }
        })
        .collect()
}
