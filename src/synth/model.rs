//! Quantities derived from the parameters once (the latent thresholds of each cohort) and
//! the normal-distribution maths the closed-form true values are made of.

use std::sync::OnceLock;

use super::params::{COHORTS, TACTICS, TACTIC_CUTS};

/// Model quantities derived once from the parameters.
pub(super) struct Model {
    /// Latent concern threshold per cohort: concerned ⇔ z_c > a.
    pub(super) concern_cut: [f64; 5],
    /// Latent sharing threshold per cohort: discloser ⇔ z_d > b.
    pub(super) discloser_cut: [f64; 5],
    pub(super) cohort_cdf: [f64; 5],
}

impl Model {
    fn new() -> Model {
        let mut concern_cut = [0.0; 5];
        let mut discloser_cut = [0.0; 5];
        let mut cohort_cdf = [0.0; 5];
        let mut acc = 0.0;
        for (g, c) in COHORTS.iter().enumerate() {
            concern_cut[g] = normal_quantile(1.0 - c.p_concerned);
            discloser_cut[g] = normal_quantile(1.0 - c.p_discloser);
            acc += c.share;
            cohort_cdf[g] = acc;
        }
        cohort_cdf[4] = 1.0;
        Model {
            concern_cut,
            discloser_cut,
            cohort_cdf,
        }
    }
}

pub(super) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::new)
}

/// Standard normal CDF, Φ(x) = erfc(−x/√2)/2.
pub(super) fn normal_cdf(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::ContinuousCDF;
    statrs::distribution::Normal::standard().inverse_cdf(p)
}

/// P(Z₁ > a, Z₂ > b) for a standard bivariate normal with correlation r:
/// ∫ₐ^∞ φ(x)·(1 − Φ((b − r·x)/√(1−r²))) dx by composite Simpson's rule (the integrand is
/// smooth and negligible beyond x = a + 12).
pub(super) fn bivariate_upper(a: f64, b: f64, r: f64) -> f64 {
    let s = (1.0 - r * r).sqrt();
    let f = |x: f64| {
        let phi = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        phi * (1.0 - normal_cdf((b - r * x) / s))
    };
    let (lo, hi) = (a, a.max(0.0) + 12.0);
    let n = 4000;
    let h = (hi - lo) / n as f64;
    let mut sum = f(lo) + f(hi);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(lo + h * i as f64);
    }
    sum * h / 3.0
}

/// P(rating = k), k = 1..5, of the ordered probit with latent N(mean, 1) and [`TACTIC_CUTS`].
pub(super) fn tactic_levels(mean: f64) -> [f64; 5] {
    let mut out = [0.0; 5];
    let mut below = 0.0;
    for (k, slot) in out.iter_mut().enumerate() {
        let upto = if k < 4 {
            normal_cdf(TACTIC_CUTS[k] - mean)
        } else {
            1.0
        };
        *slot = upto - below;
        below = upto;
    }
    out
}

pub(super) fn tactic_mean(tactic: usize, cohort: usize) -> f64 {
    TACTICS[tactic].base + COHORTS[cohort].tactic_shift
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bivariate_normal_reference_values() {
        // Independence: product of the marginals.
        let p = bivariate_upper(0.3, -0.4, 0.0);
        let q = (1.0 - normal_cdf(0.3)) * (1.0 - normal_cdf(-0.4));
        assert!((p - q).abs() < 1e-9, "{p} {q}");
        // Sheppard's formula: P(Z1 > 0, Z2 > 0) = 1/4 + asin(r)/(2π).
        let r: f64 = -0.3;
        let s = 0.25 + r.asin() / (2.0 * std::f64::consts::PI);
        assert!((bivariate_upper(0.0, 0.0, r) - s).abs() < 1e-9);
    }
}
