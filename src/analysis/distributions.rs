//! Binned distributions behind the report's concern-distribution and concern × disclosure
//! heat-map charts: concern scores by cohort, and concern × disclosure as a heat map — on
//! the scores' own values when they take few, else on bins with the concern threshold on
//! an edge (see `docs/methods.md`). Only counts per bin leave this module — never one
//! value per respondent, which disclosure control could not protect.

use crate::analysis::scores::Scores;
use crate::analysis::summary::{BinnedCounts, Distributions};
use crate::study::codebook::limits::MAX_RANGE;
use crate::study::Study;

/// Concern bins are half a scale point wide: fine enough to show the shape of a mean of
/// 4–6 items, coarse enough that few bins are small.
pub const CONCERN_BIN_WIDTH: f64 = 0.5;
/// Disclosure bins: fifths of the 0..1 range.
pub const DISCLOSURE_BINS: usize = 5;

fn bin(x: f64, lo: f64, width: f64, bins: usize) -> usize {
    // ⌊b⌋ for b ≥ 0 is the truncating cast (no call to libm's floor per respondent);
    // anything below the range (and NaN, as `as` casts it to 0) lands in bin 0.
    let b = (x - lo) / width;
    if b < 0.0 {
        0
    } else {
        (b as usize).min(bins.saturating_sub(1))
    }
}

/// A score taking at most this many distinct values is drawn on those values (a single
/// item, a short scale); more are binned.
pub const MAX_DISCRETE_CONCERN: usize = 11;
/// A disclosure score taking at most this many distinct values (one or two data types) is
/// drawn on those values.
pub const MAX_DISCRETE_DISCLOSURE: usize = 6;
/// Scores closer than this are one value (a mean of items is not exact in binary).
const SAME: f64 = 1e-9;

/// The sorted distinct values of `xs`, or None when there are more than `max`.
fn support(xs: impl Iterator<Item = f64>, max: usize) -> Option<Vec<f64>> {
    let mut v: Vec<f64> = xs.filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() <= SAME);
    (v.len() <= max).then_some(v)
}

/// Index of `x` among the sorted `values` (the nearest one).
fn value_index(x: f64, values: &[f64]) -> usize {
    let i = values.partition_point(|v| *v < x - SAME);
    i.min(values.len().saturating_sub(1))
}

/// Bin of `x` among bins closed on the right, (e0 + k·w, e0 + (k+1)·w], the first also
/// holding its lower edge; out of range is clamped.
fn bin_right(x: f64, e0: f64, w: f64, bins: usize) -> usize {
    let k = ((x - e0) / w - SAME).ceil() - 1.0;
    if k.is_nan() || k < 0.0 {
        0
    } else {
        (k as usize).min(bins.saturating_sub(1))
    }
}

pub fn distributions(study: &Study, scores: &Scores, cohort_names: &[String]) -> Distributions {
    let Some(s) = study.codebook.concern_scale_index() else {
        return Distributions::default();
    };
    let spec = &study.codebook.scales[s];
    let (min, max) = (f64::from(spec.min), f64::from(spec.max));
    let values = support(
        scores.concern.iter().flatten().copied(),
        MAX_DISCRETE_CONCERN,
    );
    // Binned: half-point bins whose edges put the threshold (else the midpoint) on an
    // edge, closed on the right so a score equal to the threshold — not concerned — sits
    // below it. At most about 2 × MAX_RANGE bins: the codebook's limits bound the range.
    let cut = scores
        .concern_threshold
        .filter(|t| t.is_finite() && *t >= min && *t <= max)
        .unwrap_or((min + max) / 2.0);
    let w = CONCERN_BIN_WIDTH;
    let e0 = cut - w * ((cut - min) / w - SAME).ceil().max(0.0);
    let n_bins =
        (((max - e0) / w - SAME).ceil() as usize).clamp(1, (MAX_RANGE as f64 / w) as usize + 2);
    let (concern_bins, concern_bin_width) = match &values {
        Some(v) if !v.is_empty() => (v.clone(), 0.0),
        _ => ((0..n_bins).map(|b| e0 + b as f64 * w).collect(), w),
    };
    let discrete = concern_bin_width == 0.0;
    let bins = concern_bins.len();
    let concern_bin = |c: f64| {
        if discrete {
            value_index(c, &concern_bins)
        } else {
            bin_right(c, e0, w, bins)
        }
    };
    // The disclosure support among respondents with both scores.
    let both = || {
        (0..scores.len()).filter_map(|i| match (scores.concern[i], scores.disclosure[i]) {
            (Some(_), Some(d)) => Some(d),
            _ => None,
        })
    };
    let d_values = support(both(), MAX_DISCRETE_DISCLOSURE).filter(|v| !v.is_empty());
    let disclosure_bins: Vec<f64> = match &d_values {
        Some(v) => v.clone(),
        None => (0..DISCLOSURE_BINS)
            .map(|b| b as f64 / DISCLOSURE_BINS as f64)
            .collect(),
    };
    let cols = disclosure_bins.len();
    let mut per_cohort = vec![vec![0u64; bins]; cohort_names.len()];
    let mut heat = vec![vec![0u64; cols]; bins];
    for i in 0..scores.len() {
        let Some(c) = scores.concern[i] else { continue };
        let cb = concern_bin(c);
        if let Some(k) = scores.cohort[i] {
            per_cohort[usize::from(k)][cb] += 1;
        }
        if let Some(d) = scores.disclosure[i] {
            let db = match &d_values {
                Some(v) => value_index(d, v),
                None => bin(d, 0.0, 1.0 / DISCLOSURE_BINS as f64, DISCLOSURE_BINS),
            };
            heat[cb][db] += 1;
        }
    }
    Distributions {
        concern_threshold: scores.concern_threshold,
        concern_bins,
        concern_bin_width,
        concern_discrete: discrete,
        concern_bins_closed_right: !discrete,
        disclosure_discrete: d_values.is_some(),
        concern_by_cohort: cohort_names
            .iter()
            .zip(per_cohort)
            .filter(|(_, counts)| counts.iter().any(|&c| c > 0))
            .map(|(name, counts)| BinnedCounts {
                cohort: name.clone(),
                n: Some(counts.iter().sum()),
                counts: counts.into_iter().map(Some).collect(),
            })
            .collect(),
        disclosure_bins,
        heatmap: if study.has_behavior {
            heat.into_iter()
                .map(|r| r.into_iter().map(Some).collect())
                .collect()
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bin is ⌊(x − lo)/width⌋ clamped to the bins, as defined with `floor`.
    #[test]
    fn right_closed_bins_put_the_edge_value_below() {
        // Edges 1, 1.5, …, 4 (the threshold), …: a score of exactly 4 is in (3.5, 4].
        assert_eq!(bin_right(4.0, 1.0, 0.5, 8), 5);
        assert_eq!(bin_right(4.2, 1.0, 0.5, 8), 6);
        assert_eq!(bin_right(1.0, 1.0, 0.5, 8), 0);
        assert_eq!(bin_right(5.0, 1.0, 0.5, 8), 7);
        assert_eq!(bin_right(f64::NAN, 1.0, 0.5, 8), 0);
        assert_eq!(value_index(3.0000000001, &[1.0, 2.0, 3.0]), 2);
        assert_eq!(
            support([1.0, 3.0, 1.0].into_iter(), 2),
            Some(vec![1.0, 3.0])
        );
        assert_eq!(support([1.0, 2.0, 3.0].into_iter(), 2), None);
    }

    #[test]
    fn bins_are_floors_clamped_to_the_range() {
        let by_floor = |x: f64, lo: f64, w: f64, bins: usize| -> usize {
            let b = ((x - lo) / w).floor();
            if b < 0.0 || b.is_nan() {
                0
            } else {
                (b as usize).min(bins - 1)
            }
        };
        for i in -40..=160 {
            let x = f64::from(i) * 0.05;
            for (lo, w, bins) in [(1.0, 0.5, 12), (0.0, 0.2, 5)] {
                assert_eq!(bin(x, lo, w, bins), by_floor(x, lo, w, bins), "x = {x}");
            }
        }
        // Edges: exactly on a boundary goes up; below the range and NaN go to bin 0.
        assert_eq!(bin(1.5, 1.0, 0.5, 12), 1);
        assert_eq!(bin(0.99, 1.0, 0.5, 12), 0);
        assert_eq!(bin(-0.3, 1.0, 0.5, 12), 0);
        assert_eq!(bin(f64::NAN, 1.0, 0.5, 12), 0);
        assert_eq!(bin(7.0, 1.0, 0.5, 12), 11);
        assert_eq!(bin(1.0, 0.0, 0.2, 5), 4);
    }
}
