//! Rating bands: a tactic's answer codes coarsened along their order. The finest scheme
//! whose cells are all 0 or at least `min_cell` is chosen: the codes themselves; then three
//! bands — intrusive (below the scale's midpoint), neutral (the midpoint, on scales that
//! have one), acceptable (above it); then the two-way split at the midpoint that keeps
//! `acceptable` publishable (intrusive and neutral together).

use crate::analysis::gap::chi2_test;
use crate::analysis::summary::{Chi2Test, TacticLevels};

use super::merge::unsafe_row;
use crate::analysis::common::Notes;

/// The answer codes of each band, in order.
pub type Bands = Vec<Vec<i32>>;

/// The schemes from finest to coarsest for a scale `min..=max` (each listed once).
pub fn schemes(min: i32, max: i32) -> Vec<Bands> {
    let codes: Vec<i32> = (min..=max).collect();
    let mid = f64::from(min + max) / 2.0;
    let below: Vec<i32> = codes
        .iter()
        .copied()
        .filter(|&c| f64::from(c) < mid)
        .collect();
    let at: Vec<i32> = codes
        .iter()
        .copied()
        .filter(|&c| f64::from(c) == mid)
        .collect();
    let above: Vec<i32> = codes
        .iter()
        .copied()
        .filter(|&c| f64::from(c) > mid)
        .collect();
    let mut out: Vec<Bands> = vec![codes.iter().map(|&c| vec![c]).collect()];
    let three: Bands = [below.clone(), at.clone(), above.clone()]
        .into_iter()
        .filter(|b| !b.is_empty())
        .collect();
    let two: Bands = [[below, at].concat(), above]
        .into_iter()
        .filter(|b| !b.is_empty())
        .collect();
    for s in [three, two] {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A row's counts summed into bands (a missing count counts as 0: the full summary has
/// none).
pub fn band_counts(levels: &[Option<u64>], min: i32, bands: &Bands) -> Vec<u64> {
    bands
        .iter()
        .map(|band| {
            band.iter()
                .map(|&c| {
                    usize::try_from(c - min)
                        .ok()
                        .and_then(|i| levels.get(i).copied().flatten())
                        .unwrap_or(0)
                })
                .sum()
        })
        .collect()
}

/// The finest scheme under which no row holds a small cell, else the coarsest.
pub fn choose(rows: &[&TacticLevels], min: i32, max: i32, min_cell: u64) -> Bands {
    let all = schemes(min, max);
    for s in &all {
        if rows
            .iter()
            .all(|r| !unsafe_row(&band_counts(&r.levels, min, s), min_cell))
        {
            return s.clone();
        }
    }
    all.last().cloned().unwrap_or_default()
}

/// Whether the scheme is the codes themselves.
pub fn is_identity(bands: &Bands) -> bool {
    bands.iter().all(|b| b.len() == 1)
}

/// Rewrites a row's `levels` as band counts. A band that mixes the midpoint with the codes
/// below it leaves neither the intrusive nor the neutral share publishable (either would
/// reveal the other), so both go.
pub fn apply(row: &mut TacticLevels, min: i32, max: i32, bands: &Bands) {
    if is_identity(bands) {
        return;
    }
    let counts = band_counts(&row.levels, min, bands);
    row.levels = counts.into_iter().map(Some).collect();
    let mid = f64::from(min + max) / 2.0;
    let mixed = bands
        .iter()
        .any(|b| b.iter().any(|&c| f64::from(c) < mid) && b.iter().any(|&c| f64::from(c) >= mid));
    if mixed {
        row.intrusive = None;
        row.intrusive_ci = None;
        row.neutral = None;
    }
}

/// χ² of rows × bands, on the table as published.
pub fn chi2(rows: &[&TacticLevels], path: &str, notes: &mut Notes) -> Option<Chi2Test> {
    let table: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| r.levels.iter().map(|v| v.unwrap_or(0) as f64).collect())
        .collect();
    chi2_test(&table, path, notes)
}

/// "ratings 1–2 (intrusive)", "rating 3 (neutral)", "ratings 4–5 (acceptable)",
/// "ratings 1–3 (intrusive or neutral)".
pub fn describe(band: &[i32], min: i32, max: i32) -> String {
    let mid = f64::from(min + max) / 2.0;
    let below = band.iter().any(|&c| f64::from(c) < mid);
    let at = band.iter().any(|&c| f64::from(c) == mid);
    let above = band.iter().any(|&c| f64::from(c) > mid);
    let side = match (below, at, above) {
        (true, false, false) => "intrusive",
        (false, true, false) => "neutral",
        (false, false, true) => "acceptable",
        (true, true, false) => "intrusive or neutral",
        _ => "mixed",
    };
    match (band.first(), band.last()) {
        (Some(a), Some(b)) if a != b => format!("ratings {a}–{b} ({side})"),
        (Some(a), _) => format!("rating {a} ({side})"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_point_schemes() {
        let s = schemes(1, 5);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1], vec![vec![1, 2], vec![3], vec![4, 5]]);
        assert_eq!(s[2], vec![vec![1, 2, 3], vec![4, 5]]);
    }

    #[test]
    fn four_point_scales_have_no_neutral_band() {
        let s = schemes(1, 4);
        assert_eq!(
            s,
            vec![
                vec![vec![1], vec![2], vec![3], vec![4]],
                vec![vec![1, 2], vec![3, 4]],
            ]
        );
    }

    #[test]
    fn bands_sum_their_codes() {
        let levels = [Some(85), Some(39), Some(6), Some(9), Some(3)];
        assert_eq!(band_counts(&levels, 1, &schemes(1, 5)[1]), vec![124, 6, 12]);
        assert_eq!(band_counts(&levels, 1, &schemes(1, 5)[2]), vec![130, 12]);
        assert_eq!(
            describe(&[1, 2, 3], 1, 5),
            "ratings 1–3 (intrusive or neutral)"
        );
        assert_eq!(describe(&[3], 1, 5), "rating 3 (neutral)");
    }
}
