//! Scale reliability and description (SPEC §3): Cronbach's α on complete cases with its
//! Feldt interval and α-if-item-dropped; the mean (weighted when weights are declared) and
//! the unweighted sd of the scale scores.

use std::collections::BTreeMap;

use crate::analysis::common::{finite, Mean, Notes};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
use crate::analysis::summary::ScaleSummary;
use crate::study::Study;

pub fn scales(study: &Study, scores: &Scores, notes: &mut Notes) -> Vec<ScaleSummary> {
    study
        .codebook
        .scales
        .iter()
        .enumerate()
        .map(|(s, spec)| {
            let path = format!("scales[{}]", spec.name);
            let flip = spec.min + spec.max;
            let k = spec.items.len();
            let reverse: Vec<bool> = spec
                .items
                .iter()
                .map(|i| spec.reverse.contains(i))
                .collect();
            // Listwise complete cases, item-major, after reverse coding.
            let mut items: Vec<Vec<f64>> = vec![Vec::new(); k];
            for &r in &scores.rows {
                let data = &study.scales[s].items;
                if data.iter().all(|col| col[r].is_some()) {
                    for (i, col) in data.iter().enumerate() {
                        let x = col[r].unwrap_or(0) as i32;
                        items[i].push(if reverse[i] { flip - x } else { x } as f64);
                    }
                }
            }
            let n_complete = items.first().map(|c| c.len()).unwrap_or(0);
            let alpha = match stats::cronbach_alpha(&items) {
                Ok(a) => finite(a),
                Err(reason) => {
                    notes.add(format!("{path}.alpha"), reason);
                    None
                }
            };
            let alpha_ci = alpha.and_then(|a| stats::feldt_ci(a, n_complete, k));
            let alpha_if_dropped = match stats::alpha_if_dropped(&items) {
                Ok(v) => Some(
                    spec.items
                        .iter()
                        .cloned()
                        .zip(v.into_iter().map(|a| a.and_then(finite)))
                        .collect::<BTreeMap<_, _>>(),
                ),
                Err(reason) => {
                    notes.add(format!("{path}.alpha_if_dropped"), reason);
                    None
                }
            };
            let mut mean = Mean::default();
            let mut plain: Vec<f64> = Vec::new();
            for (i, x) in scores.scale[s].iter().enumerate() {
                if let Some(x) = *x {
                    mean.add(x, scores.weight[i]);
                    plain.push(x);
                }
            }
            let sd = sample_sd(&plain);
            if plain.len() < 2 {
                notes.add(
                    format!("{path}.sd"),
                    "fewer than 2 respondents with a score",
                );
            }
            ScaleSummary {
                name: spec.name.clone(),
                label: spec.display_label().to_string(),
                items: spec.items.clone(),
                n_complete: Some(n_complete as u64),
                alpha,
                alpha_ci,
                alpha_if_dropped,
                n: Some(plain.len() as u64),
                mean: mean.value(),
                sd,
            }
        })
        .collect()
}

/// Unweighted sample standard deviation (n − 1), two-pass for accuracy.
pub fn sample_sd(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    finite((ss / (n - 1.0)).sqrt())
}
