//! Stated vs. actual per data type (SPEC §3): the paired 2×2 table of stated willingness
//! and actual sharing, the say–do gap, the paradox rate P(shared │ unwilling), and the
//! McNemar exact and mid-p tests with the conditional odds ratio.

use crate::analysis::common::{finite, Notes, Proportion};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
use crate::analysis::summary::DataTypeSummary;
use crate::study::Study;

/// Stated position of one answer: above the midpoint = willing, below = unwilling, the
/// midpoint itself is no stated position; a 0/1 column is its value.
pub fn stated_position(code: i16, min: i32, max: i32, binary: bool) -> Option<bool> {
    if binary {
        return Some(code != 0);
    }
    let m = (min as f64 + max as f64) / 2.0;
    let x = code as f64;
    if x > m {
        Some(true)
    } else if x < m {
        Some(false)
    } else {
        None
    }
}

pub fn data_types(study: &Study, scores: &Scores, notes: &mut Notes) -> Vec<DataTypeSummary> {
    study
        .codebook
        .data_types
        .iter()
        .enumerate()
        .map(|(d, spec)| {
            let path = format!("data_types[{}]", spec.name);
            let mut out = DataTypeSummary {
                name: spec.name.clone(),
                label: spec.display_label().to_string(),
                n_pairs: None,
                table: [[None; 2]; 2],
                willing: None,
                willing_ci: None,
                shared: None,
                shared_ci: None,
                say_do_gap: None,
                paradox_rate: None,
                paradox_rate_ci: None,
                mcnemar_p: None,
                mcnemar_midp: None,
                mcnemar_or: None,
                mcnemar_or_ci: None,
            };
            let (Some(stated), Some(shared)) = (&study.stated[d], &study.shared[d]) else {
                let missing = if study.stated[d].is_none() {
                    "no stated column"
                } else {
                    "no behaviour"
                };
                notes.add(
                    &path,
                    format!("{missing} for this data type, so no stated-vs-actual pairs"),
                );
                return out;
            };
            let (lo, hi) = spec.stated_range();
            let binary = spec.stated_is_binary();
            let mut table = [[0u64; 2]; 2];
            let mut willing = Proportion::default();
            let mut shared_p = Proportion::default();
            let mut paradox = Proportion::default();
            for (i, &r) in scores.rows.iter().enumerate() {
                let Some(code) = stated[r] else { continue };
                let Some(w_pos) = stated_position(code, lo, hi, binary) else {
                    continue;
                };
                let Some(s) = shared[r] else { continue };
                let w = scores.weight[i];
                table[usize::from(!w_pos)][usize::from(!s)] += 1;
                willing.add(w_pos, w);
                shared_p.add(s, w);
                if !w_pos {
                    paradox.add(s, w);
                }
            }
            let n_pairs: u64 = table.iter().flatten().sum();
            out.n_pairs = Some(n_pairs);
            out.table = table.map(|row| row.map(Some));
            if n_pairs == 0 {
                notes.add(
                    &path,
                    "no respondent with both a stated position and known behaviour",
                );
                return out;
            }
            out.willing = willing.value();
            out.willing_ci = willing.wilson();
            out.shared = shared_p.value();
            out.shared_ci = shared_p.wilson();
            out.say_do_gap = out.shared.zip(out.willing).and_then(|(s, w)| finite(s - w));
            out.paradox_rate = paradox.value();
            out.paradox_rate_ci = paradox.wilson();
            if paradox.den_n == 0 {
                notes.add(format!("{path}.paradox_rate"), "no unwilling respondents");
            }
            let (b, c) = (table[0][1], table[1][0]);
            match stats::mcnemar_exact(b, c) {
                Some((p, midp)) => {
                    out.mcnemar_p = finite(p);
                    out.mcnemar_midp = finite(midp);
                }
                None => notes.add(
                    format!("{path}.mcnemar_p"),
                    "no discordant pairs (b + c = 0)",
                ),
            }
            match stats::mcnemar_odds_ratio(b, c) {
                Some((or, ci)) => {
                    out.mcnemar_or = finite(or);
                    out.mcnemar_or_ci = Some(ci);
                }
                None => notes.add(
                    format!("{path}.mcnemar_or"),
                    format!("undefined when b = 0 or c = 0 (b = {b}, c = {c})"),
                ),
            }
            out
        })
        .collect()
}
