//! Threshold sensitivity: the paradoxical share and the risk difference `disclosure_rd` of
//! `gap.overall` (the paradox test: P(discloser | concerned) − P(discloser | not concerned))
//! recomputed over a grid of concern thresholds (every half point of the concern scale,
//! min … max) × disclosure thresholds (0.2, 0.3, …, 0.8), plus the codebook's own thresholds
//! when they are not on the grid, so a reader sees whether the conclusion depends on the
//! cut-off.
//!
//! One pass over the gap-block respondents: each falls into a band (how many concern
//! thresholds lie below its score × how many disclosure thresholds lie at or below its
//! disclosure score), the band histogram holds counts, Σw and Σw², and 2-D suffix sums then
//! give every cell's 2×2 table in O(1). No sort; the cost is O(n log T) for the bands plus
//! O(T·D) for the cells.

use crate::analysis::common::{finite, Notes, Proportion};
use crate::analysis::scores::Scores;
use crate::analysis::stats;
pub use crate::analysis::summary::{Sensitivity, SensitivityCell};
use crate::study::codebook::limits::MAX_RANGE;

/// The default disclosure thresholds 0.2, 0.3, …, 0.8 (as k/10, the same doubles as the
/// literals a codebook would use).
fn disclosure_axis() -> Vec<f64> {
    (2..=8).map(|k| f64::from(k) / 10.0).collect()
}

/// Every half point from `min` to `max` (at most 2 × MAX_RANGE + 1: the codebook's limits
/// bound the range, and `take` bounds a codebook built in code).
fn concern_axis(min: i32, max: i32) -> Vec<f64> {
    (2 * i64::from(min)..=2 * i64::from(max))
        .take(2 * MAX_RANGE as usize + 1)
        .map(|k| k as f64 / 2.0)
        .collect()
}

fn with(mut axis: Vec<f64>, x: f64) -> Vec<f64> {
    if !axis.contains(&x) {
        axis.push(x);
        axis.sort_by(f64::total_cmp);
    }
    axis
}

/// Per band: count, Σw, Σw².
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: u64,
    w: f64,
    w2: f64,
}

impl Acc {
    fn plus(self, o: Acc) -> Acc {
        Acc {
            n: self.n + o.n,
            w: self.w + o.w,
            w2: self.w2 + o.w2,
        }
    }
}

/// 2-D cumulative sums of `hist` ((t+1)×(d+1)) as a (t+2)×(d+2) table: entry [i][j] sums
/// the rows `kc ≥ i` (`rows_from`) or `kc < i`, and the columns `kd ≥ j` (`cols_from`) or
/// `kd < j`.
fn cumulate(hist: &[Vec<Acc>], rows_from: bool, cols_from: bool) -> Vec<Vec<Acc>> {
    let t = hist.len();
    let d = hist.first().map_or(0, Vec::len);
    // Along each row first.
    let mut rows = vec![vec![Acc::default(); d + 1]; t];
    for (k, h) in hist.iter().enumerate() {
        if cols_from {
            for l in (0..d).rev() {
                rows[k][l] = h[l].plus(rows[k][l + 1]);
            }
        } else {
            for l in 0..d {
                rows[k][l + 1] = rows[k][l].plus(h[l]);
            }
        }
    }
    let mut out = vec![vec![Acc::default(); d + 2]; t + 1];
    for l in 0..=d {
        if rows_from {
            for k in (0..t).rev() {
                out[k][l] = rows[k][l].plus(out[k + 1][l]);
            }
        } else {
            for k in 0..t {
                out[k + 1][l] = out[k][l].plus(rows[k][l]);
            }
        }
    }
    out.push(vec![Acc::default(); d + 2]);
    out
}

/// A proportion `num` of `den` as the accumulator the gap block uses.
fn proportion(num: Acc, den: Acc) -> Proportion {
    Proportion {
        num: num.w,
        den: den.w,
        den_sq: den.w2,
        num_n: num.n,
        den_n: den.n,
    }
}

/// The grid, or `None` with a note when there is no gap block (no concern scale, no
/// behaviour) — then `scale` is `None` or `has_behavior` false.
pub fn sensitivity(
    scores: &Scores,
    scale: Option<(i32, i32)>,
    has_behavior: bool,
    notes: &mut Notes,
) -> Option<Sensitivity> {
    let (Some((min, max)), Some(actual_c), true) = (scale, scores.concern_threshold, has_behavior)
    else {
        notes.add(
            "sensitivity",
            "needs a concern scale and behaviour data, like gap.overall",
        );
        return None;
    };
    let actual_d = scores.disclosure_threshold;
    let cs = with(concern_axis(min, max), actual_c);
    let ds = with(disclosure_axis(), actual_d);
    let (t, d) = (cs.len(), ds.len());
    // hist[kc][kd]: kc = thresholds strictly below the concern score (concerned at rows
    // 0..kc), kd = thresholds at or below the disclosure score (discloser at columns 0..kd).
    let mut hist = vec![vec![Acc::default(); d + 1]; t + 1];
    for i in 0..scores.len() {
        let (Some(c), Some(x)) = (scores.concern[i], scores.disclosure[i]) else {
            continue;
        };
        let kc = cs.partition_point(|&th| th < c);
        let kd = ds.partition_point(|&th| th <= x);
        let w = scores.weight[i];
        let a = &mut hist[kc][kd];
        a.n += 1;
        a.w += w;
        a.w2 += w * w;
    }
    // The four quadrants of every cell as sums over the histogram, by additions only (a
    // difference of weighted sums could leave a share a rounding error above 1).
    let above = cumulate(&hist, true, true); // Σ hist[kc ≥ i][kd ≥ j]
    let conc_not = cumulate(&hist, true, false); // Σ hist[kc ≥ i][kd < j]
    let not_disc = cumulate(&hist, false, true); // Σ hist[kc < i][kd ≥ j]
    let below = cumulate(&hist, false, false); // Σ hist[kc < i][kd < j]
    let all = above[0][0];
    if all.n == 0 {
        notes.add(
            "sensitivity",
            "no respondent with both a concern and a disclosure score",
        );
    }
    let mut rd_undefined = false;
    let cells = cs
        .iter()
        .enumerate()
        .map(|(i, &ct)| {
            ds.iter()
                .enumerate()
                .map(|(j, &dt)| {
                    // Concerned: kc > i; discloser: kd > j.
                    let a = above[i + 1][j + 1];
                    let b = conc_not[i + 1][j + 1];
                    let c = not_disc[i + 1][j + 1];
                    let dd = below[i + 1][j + 1];
                    let concerned = a.plus(b);
                    let not_concerned = c.plus(dd);
                    let par = proportion(a, all);
                    let p1 = proportion(a, concerned);
                    let p2 = proportion(c, not_concerned);
                    let (rd, rd_ci) = match (p1.value(), p2.value()) {
                        (Some(x), Some(y)) => (
                            finite(x - y),
                            stats::newcombe_rd(x, p1.effective_n(), y, p2.effective_n()),
                        ),
                        _ => {
                            rd_undefined = true;
                            (None, None)
                        }
                    };
                    SensitivityCell {
                        concern_threshold: ct,
                        disclosure_threshold: dt,
                        actual: ct == actual_c && dt == actual_d,
                        concern_table: [[Some(a.n), Some(b.n)], [Some(c.n), Some(dd.n)]],
                        paradoxical: par.value(),
                        paradoxical_ci: par.wilson(),
                        disclosure_rd: rd,
                        disclosure_rd_ci: rd_ci,
                    }
                })
                .collect()
        })
        .collect();
    if rd_undefined {
        notes.add(
            "sensitivity.cells.disclosure_rd",
            "null where a threshold leaves no concerned or no unconcerned respondent",
        );
    }
    Some(Sensitivity {
        dropped: None,
        concern_thresholds: cs,
        disclosure_thresholds: ds,
        actual_concern_threshold: actual_c,
        actual_disclosure_threshold: actual_d,
        n: Some(all.n),
        cells,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes() {
        assert_eq!(concern_axis(1, 3), vec![1.0, 1.5, 2.0, 2.5, 3.0]);
        let d = disclosure_axis();
        assert_eq!(d.len(), 7);
        assert_eq!(d[1], 0.3);
        assert_eq!(d[5], 0.7);
        assert_eq!(with(vec![1.0, 2.0], 1.25), vec![1.0, 1.25, 2.0]);
        assert_eq!(with(vec![1.0, 2.0], 2.0), vec![1.0, 2.0]);
    }

    #[test]
    fn cells_match_a_direct_count() {
        let concern = [1.0, 2.5, 3.0, 3.25, 4.0, 5.0, 2.0, 3.0];
        let disclosure = [0.0, 0.3, 0.5, 0.25, 1.0, 0.8, 0.2, 0.7];
        let n = concern.len();
        let scores = Scores {
            rows: (0..n).collect(),
            scale: vec![],
            concern_scale: None,
            concern: concern.iter().map(|&c| Some(c)).collect(),
            disclosure: disclosure.iter().map(|&d| Some(d)).collect(),
            cohort: vec![None; n],
            weight: vec![1.0; n],
            weighted: false,
            concern_threshold: Some(3.0),
            disclosure_threshold: 0.5,
            sesoi: Default::default(),
        };
        let mut notes = Notes::default();
        let s = sensitivity(&scores, Some((1, 5)), true, &mut notes).unwrap_or_else(|| {
            panic!("no grid");
        });
        for row in &s.cells {
            for cell in row {
                let mut t = [[0u64; 2]; 2];
                for k in 0..n {
                    let is_c = concern[k] > cell.concern_threshold;
                    let is_d = disclosure[k] >= cell.disclosure_threshold;
                    t[usize::from(!is_c)][usize::from(!is_d)] += 1;
                }
                assert_eq!(cell.concern_table, t.map(|r| r.map(Some)), "{cell:?}");
            }
        }
        let actual: Vec<_> = s.cells.iter().flatten().filter(|c| c.actual).collect();
        assert_eq!(actual.len(), 1);
        assert_eq!(actual[0].concern_threshold, 3.0);
        assert_eq!(actual[0].disclosure_threshold, 0.5);
    }
}
