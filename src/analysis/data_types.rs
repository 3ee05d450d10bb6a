//! Stated vs. actual per data type: the paired 2×2 table of stated willingness and actual
//! sharing, the say–do gap, the paradox rate P(shared │ unwilling), and the McNemar exact
//! and mid-p tests with the conditional odds ratio (definitions in `docs/methods.md`).

use crate::analysis::common::{cell_proportion, finite, Cell, Notes, Proportion};
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
        // Each respondent adds to one cell of its key's block: its pair's table cell, or
        // the fifth cell (no pair: no stated position or unknown behaviour), which no
        // figure reads; picked by lookup, not by branches on the (random) answers.
        let cell_of = |p: u8, s: Option<bool>| -> usize {
            const CELL: [[usize; 3]; 3] = [[3, 2, NO_PAIR], [1, 0, NO_PAIR], [NO_PAIR; 3]];
            CELL[usize::from(p)][s.map_or(2, usize::from)]
        };
        // Two halves per block, for even and odd study rows, added up at the end: the
        // same split for every block and every filter, and consecutive respondents never
        // wait on each other's cell.
        let mut cells = vec![[[Cell::default(); 5]; 2]; n_keys];
        match key {
            None => {
                if let Some(block) = cells.first_mut() {
                    for (&r, &w) in scores.rows.iter().zip(&scores.weight) {
                        block[r & 1][cell_of(position(stated[r]), shared[r])].add(w);
                    }
                }
            }
            Some(key) => {
                for ((&r, &k), &w) in scores.rows.iter().zip(key).zip(&scores.weight) {
                    if let Some(block) = cells.get_mut(k as usize) {
                        block[r & 1][cell_of(position(stated[r]), shared[r])].add(w);
                    }
                }
            }
        }
        let cells = cells.iter().map(|[even, odd]| {
            let mut sum = *even;
            for (s, o) in sum.iter_mut().zip(odd) {
                s.merge(o);
            }
            sum
        });
        let accs = cells.map(|block| Acc::of(&block));
        for ((acc, (list, notes)), &want) in accs.into_iter().zip(out.iter_mut()).zip(wanted) {
            if want {
                list.push(acc.finish(empty.clone(), &path, notes));
            }
        }
    }
    out
}

/// The cell of respondents without a pair.
const NO_PAIR: usize = 4;

/// The sums of one data type's pairs: the 2×2 table (willing / unwilling × shared / not)
/// and the proportions, each summed over table cells (see [`Cell`]).
#[derive(Debug, Clone, Copy)]
struct Acc {
    table: [[u64; 2]; 2],
    willing: Proportion,
    shared: Proportion,
    paradox: Proportion,
}

impl Acc {
    /// From a block's cells: `table[i][j]` is cell `2i + j` (row 0 willing, column 0
    /// shared); the fifth cell holds the respondents without a pair.
    fn of(block: &[Cell; 5]) -> Acc {
        let pairs = &block[..NO_PAIR];
        let (willing, shared, unwilling) =
            (|c: usize| c < 2, |c: usize| c % 2 == 0, |c: usize| c >= 2);
        Acc {
            table: [[pairs[0].n, pairs[1].n], [pairs[2].n, pairs[3].n]],
            willing: cell_proportion(pairs, willing, |_| true),
            shared: cell_proportion(pairs, shared, |_| true),
            paradox: cell_proportion(pairs, shared, unwilling),
        }
    }

    fn finish(self, mut out: DataTypeSummary, path: &str, notes: &mut Notes) -> DataTypeSummary {
        let table = self.table;
        let (willing, shared_p, paradox) = (self.willing, self.shared, self.paradox);
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
