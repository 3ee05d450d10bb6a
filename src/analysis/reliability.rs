//! Scale reliability and description: Cronbach's α on complete cases with its Feldt
//! interval and α-if-item-dropped; the mean (weighted when weights are declared) and the
//! unweighted sd of the scale scores (definitions in `docs/methods.md`).

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
            // Listwise complete cases after reverse coding, streamed once (no item matrix).
            let data = &study.scales[s].items;
            let mut stream = stats::AlphaStream::new(k);
            let mut x = vec![0i32; k];
            for &r in &scores.rows {
                let mut complete = true;
                for ((col, &rev), v) in data.iter().zip(&reverse).zip(x.iter_mut()) {
                    let c = col[r];
                    complete &= c.is_some();
                    let c = i32::from(c.unwrap_or(0));
                    *v = if rev { flip - c } else { c };
                }
                // An incomplete case adds zeros (no branch on random missingness).
                let keep = i32::from(complete);
                for v in x.iter_mut() {
                    *v *= keep;
                }
                stream.add_if(&x, complete);
            }
            let n_complete = if k == 0 { 0 } else { stream.n() };
            let (alpha, dropped) = stream.finish();
            let alpha = match alpha {
                Ok(a) => finite(a),
                Err(reason) => {
                    notes.add(format!("{path}.alpha"), reason);
                    None
                }
            };
            let alpha_ci = alpha.and_then(|a| stats::feldt_ci(a, n_complete, k));
            let alpha_if_dropped = match dropped {
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
            // The mean (weighted) and the unweighted sd of the scale scores, streamed: the
            // sd's two passes add the same values in the same order as `sample_sd`.
            let mut mean = Mean::default();
            let mut n_scored = 0usize;
            let mut sum = -0.0f64;
            for (x, &w) in scores.scale(s).iter().zip(&scores.weight) {
                if let Some(x) = *x {
                    mean.add(x, w);
                    sum += x;
                    n_scored += 1;
                }
            }
            let sd = if n_scored < 2 {
                None
            } else {
                let nf = n_scored as f64;
                let m = sum / nf;
                let mut ss = -0.0f64;
                for x in scores.scale(s).iter().flatten() {
                    ss += (x - m) * (x - m);
                }
                finite((ss / (nf - 1.0)).sqrt())
            };
            if n_scored < 2 {
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
                n: Some(n_scored as u64),
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
