//! Binned distributions behind the report's concern-distribution and concern × disclosure
//! heat-map charts: concern scores by cohort, and concern × disclosure as a heat map. Only
//! counts per bin leave this module — never one value per respondent, which disclosure
//! control could not protect.

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

pub fn distributions(study: &Study, scores: &Scores, cohort_names: &[String]) -> Distributions {
    let Some(s) = study.codebook.concern_scale_index() else {
        return Distributions::default();
    };
    let spec = &study.codebook.scales[s];
    let lo = spec.min as f64;
    // At most 2 × MAX_RANGE bins: the codebook's limits bound the scale's range when it is
    // read, and the clamp bounds a codebook built in code.
    let bins = ((f64::from(spec.max) - f64::from(spec.min)) / CONCERN_BIN_WIDTH)
        .round()
        .clamp(1.0, MAX_RANGE as f64 / CONCERN_BIN_WIDTH) as usize;
    let concern_bins: Vec<f64> = (0..bins)
        .map(|b| lo + b as f64 * CONCERN_BIN_WIDTH)
        .collect();
    let mut per_cohort = vec![vec![0u64; bins]; cohort_names.len()];
    let mut heat = vec![vec![0u64; DISCLOSURE_BINS]; bins];
    for i in 0..scores.len() {
        let Some(c) = scores.concern[i] else { continue };
        let cb = bin(c, lo, CONCERN_BIN_WIDTH, bins);
        if let Some(k) = scores.cohort[i] {
            per_cohort[usize::from(k)][cb] += 1;
        }
        if let Some(d) = scores.disclosure[i] {
            heat[cb][bin(d, 0.0, 1.0 / DISCLOSURE_BINS as f64, DISCLOSURE_BINS)] += 1;
        }
    }
    Distributions {
        concern_threshold: scores.concern_threshold,
        concern_bins,
        concern_bin_width: CONCERN_BIN_WIDTH,
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
        disclosure_bins: (0..DISCLOSURE_BINS)
            .map(|b| b as f64 / DISCLOSURE_BINS as f64)
            .collect(),
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
