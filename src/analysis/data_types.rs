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
    let Some((list, part)) = data_types_by_key(study, scores, None, &[true]).pop() else {
        return Vec::new();
    };
    notes.0.extend(part.0);
    list
}

/// The stated-vs-actual figures of every data type for each key's respondents: `key[i]` is
/// respondent `i`'s key (keys at or above `wanted.len()` belong to no block), or with no
/// `key` every respondent has key 0. Each data type is one pass over the respondents that
/// fills every key's sums, each in respondent order, so a key's figures are bit-for-bit those
/// of [`data_types`] on its respondents alone. Returns, per key, the summaries (codebook
/// order) and the notes [`data_types`] would write; keys with `wanted[k]` false get nothing.
pub(crate) fn data_types_by_key(
    study: &Study,
    scores: &Scores,
    key: Option<&[u32]>,
    wanted: &[bool],
) -> Vec<(Vec<DataTypeSummary>, Notes)> {
    let n_keys = wanted.len();
    let mut out: Vec<(Vec<DataTypeSummary>, Notes)> = (0..n_keys)
        .map(|_| (Vec::new(), Notes::default()))
        .collect();
    for (d, spec) in study.codebook.data_types.iter().enumerate() {
        let path = format!("data_types[{}]", spec.name);
        let empty = DataTypeSummary {
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
            for (k, (list, notes)) in out.iter_mut().enumerate() {
                if wanted[k] {
                    notes.add(
                        &path,
                        format!("{missing} for this data type, so no stated-vs-actual pairs"),
                    );
                    list.push(empty.clone());
                }
            }
            continue;
        };
        let (lo, hi) = spec.stated_range();
        let binary = spec.stated_is_binary();
        // The stated position of every code in range, looked up rather than computed:
        // 0 unwilling, 1 willing, 2 no position (the midpoint, or no answer).
        let as_u8 = |p: Option<bool>| p.map_or(2u8, u8::from);
        let positions: Vec<u8> = (lo..=hi)
            .take(1 << 16)
            .map(|c| as_u8(stated_position(c as i16, lo, hi, binary)))
            .collect();
        let position = |code: Option<i16>| -> u8 {
            let Some(code) = code else { return 2 };
            match usize::try_from(code as i32 - lo)
                .ok()
                .and_then(|s| positions.get(s))
            {
                Some(&p) => p,
                None => as_u8(stated_position(code, lo, hi, binary)),
            }
        };
        let mut accs = vec![Acc::default(); n_keys];
        // Branch-free in the answers (a pair without a stated position or known behaviour
        // adds zero weight and no count, see `Acc::add`).
        match key {
            None => {
                if let Some(acc) = accs.first_mut() {
                    for (&r, &w) in scores.rows.iter().zip(&scores.weight) {
                        let (p, s) = (position(stated[r]), shared[r]);
                        acc.add(p < 2 && s.is_some(), p == 1, s == Some(true), w);
                    }
                }
            }
            Some(key) => {
                for ((&r, &k), &w) in scores.rows.iter().zip(key).zip(&scores.weight) {
                    let Some(acc) = accs.get_mut(k as usize) else {
                        continue;
                    };
                    let (p, s) = (position(stated[r]), shared[r]);
                    acc.add(p < 2 && s.is_some(), p == 1, s == Some(true), w);
                }
            }
        }
        for ((acc, (list, notes)), &want) in accs.into_iter().zip(out.iter_mut()).zip(wanted) {
            if want {
                list.push(acc.finish(empty.clone(), &path, notes));
            }
        }
    }
    out
}

/// The sums of one data type's pairs.
///
/// One branch-free pass (the answers are random, so branches on them mispredict): willing
/// and shared share their denominator (every pair), the paradox rate's is the unwilling
/// pairs' weight. Each sum gets the same weights in the same order as one accumulator per
/// proportion would (w·0 = +0 changes no sum of positive weights), so the figures are
/// exactly the textbook ones.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    table: [[u64; 2]; 2],
    w_all: f64,
    w2_all: f64,
    w_willing: f64,
    w_shared: f64,
    w_unwilling: f64,
    w2_unwilling: f64,
    w_unwilling_shared: f64,
}

impl Acc {
    /// Adds one respondent: a pair when `pair` (a stated position and known behaviour),
    /// else nothing — by adding zero weight and a zero count rather than by a branch that
    /// mispredicts on random answers. The weight is selected, not multiplied, so even a
    /// non-finite weight of a non-pair cannot reach a sum, and adding +0 leaves every sum
    /// (never −0: sums of positive weights from +0) bit-for-bit unchanged.
    #[inline(always)]
    fn add(&mut self, pair: bool, w_pos: bool, s: bool, w: f64) {
        let w = if pair { w } else { 0.0 };
        let (fw, fs) = (f64::from(u8::from(w_pos)), f64::from(u8::from(s)));
        let (fu, w2) = (1.0 - fw, w * w);
        self.table[usize::from(!w_pos)][usize::from(!s)] += u64::from(pair);
        self.w_all += w;
        self.w2_all += w2;
        self.w_willing += w * fw;
        self.w_shared += w * fs;
        self.w_unwilling += w * fu;
        self.w2_unwilling += w2 * fu;
        self.w_unwilling_shared += w * (fu * fs);
    }

    fn finish(self, mut out: DataTypeSummary, path: &str, notes: &mut Notes) -> DataTypeSummary {
        let table = self.table;
        let [[n_ws, n_wn], [n_us, n_un]] = table;
        let n_all = n_ws + n_wn + n_us + n_un;
        let proportion = |num, num_n, den, den_sq, den_n| Proportion {
            num,
            den,
            den_sq,
            num_n,
            den_n,
        };
        let willing = proportion(self.w_willing, n_ws + n_wn, self.w_all, self.w2_all, n_all);
        let shared_p = proportion(self.w_shared, n_ws + n_us, self.w_all, self.w2_all, n_all);
        let paradox = proportion(
            self.w_unwilling_shared,
            n_us,
            self.w_unwilling,
            self.w2_unwilling,
            n_us + n_un,
        );
        let n_pairs: u64 = table.iter().flatten().sum();
        out.n_pairs = Some(n_pairs);
        out.table = table.map(|row| row.map(Some));
        if n_pairs == 0 {
            notes.add(
                path,
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
    }
}
