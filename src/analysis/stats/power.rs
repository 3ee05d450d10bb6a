//! Power and equivalence of a rank correlation tested on Fisher's z scale with the
//! Bonett & Wright (2000) standard error √((1 + ρ²/2)/(n − 3)) — the same scale as the
//! Spearman interval of every gap block: the smallest correlation a sample of n can detect,
//! the two one-sided tests (TOST) of ρ against an equivalence margin ±δ (Lakens 2017), and
//! the sample sizes that reach a given power for either (Cohen 1988, ch. 3, with the
//! Bonett–Wright factor). Definitions in `docs/methods.md`.

use super::intervals::Z90;
use super::normal::{normal_cdf, normal_sf};

/// `Φ⁻¹(0.80)`: the quantile of 80% power, the conventional target (Cohen 1988).
pub const Z80: f64 = 0.8416212335729143;

/// More respondents than any study has: a sample size beyond it is reported as none.
const MAX_N: f64 = 1e15;

/// The Bonett–Wright standard error of atanh ρ̂ at n pairs, √((1 + ρ²/2)/(n − 3)); `None`
/// for n < 4.
pub fn bonett_wright_se(rho: f64, n: u64) -> Option<f64> {
    (n >= 4).then(|| ((1.0 + rho * rho / 2.0) / (n as f64 - 3.0)).sqrt())
}

/// The expected z statistic of a true correlation ρ at n pairs:
/// atanh|ρ|·√(n − 3)/√(1 + ρ²/2) — how many standard errors the truth lies from 0.
fn shift(rho: f64, n: f64) -> f64 {
    let r = rho.abs();
    r.atanh() * (n - 3.0).sqrt() / (1.0 + r * r / 2.0).sqrt()
}

/// The smallest |ρ| that a two-sided test at n pairs detects with the power of `z_sum`
/// (= z₁₋α/₂ + z_power, e.g. `Z95 + Z80`): the r > 0 solving
/// atanh(r)·√(n − 3)/√(1 + r²/2) = z_sum, found by bisection on (0, 1) down to adjacent
/// floating-point numbers (the left side increases with r, from 0 to ∞). It returns the
/// upper end, the smallest r the test reaches. `None` for n < 4 or a `z_sum` that is not a
/// positive number.
pub fn detectable_rho(n: u64, z_sum: f64) -> Option<f64> {
    if n < 4 || !(z_sum.is_finite() && z_sum > 0.0) {
        return None;
    }
    let n = n as f64;
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    loop {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if shift(mid, n) < z_sum {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

/// The p-value of the two one-sided tests of ρ against the margin ±δ on Fisher's z scale:
/// max(Φ((z − atanh δ)/se), 1 − Φ((z + atanh δ)/se)) with z = atanh ρ and the Bonett–Wright
/// se at ρ. Below .05, |ρ| < δ at α = .05. `None` for n < 4, δ outside (0, 1) or ρ outside
/// [−1, 1]; |ρ| = 1 gives 1 (an exact correlation is never equivalent to none).
/// ρ's 90% interval on Fisher's z scale with the Bonett–Wright se: the interval whose lying
/// inside ±δ is the two one-sided tests rejecting at α = .05. `None` for |ρ| ≥ 1 or n < 4.
pub fn rho_ci90(rho: f64, n: u64) -> Option<[f64; 2]> {
    if !(rho.is_finite() && rho.abs() < 1.0) {
        return None;
    }
    let se = bonett_wright_se(rho, n)?;
    let z = rho.atanh();
    Some([(z - Z90 * se).tanh(), (z + Z90 * se).tanh()])
}

pub fn tost_p(rho: f64, n: u64, delta: f64) -> Option<f64> {
    if !(delta > 0.0 && delta < 1.0 && (-1.0..=1.0).contains(&rho)) {
        return None;
    }
    let se = bonett_wright_se(rho, n)?;
    if rho.abs() == 1.0 {
        return Some(1.0);
    }
    let (z, d) = (rho.atanh(), delta.atanh());
    // H₀ ρ ≥ δ, rejected for small z; H₀ ρ ≤ −δ, rejected for large z.
    let below_upper = normal_cdf((z - d) / se);
    let above_lower = normal_sf((z + d) / se);
    Some(below_upper.max(above_lower))
}

/// The approximate power of the two-sided test at n pairs when the true correlation is ρ:
/// Φ(atanh|ρ|·√(n − 3)/√(1 + ρ²/2) − z₁₋α/₂), ignoring the far tail (as Cohen's tables do).
/// `None` for n < 4.
pub fn detection_power(rho: f64, n: u64, z_half_alpha: f64) -> Option<f64> {
    (n >= 4 && rho.abs() < 1.0).then(|| normal_cdf(shift(rho, n as f64) - z_half_alpha))
}

/// The power of the two one-sided tests at n pairs when the true correlation is 0: both
/// reject when |atanh ρ̂| < atanh δ − z₁₋α·se, so with se = 1/√(n − 3) (the Bonett–Wright se
/// at ρ = 0) the power is 2Φ(atanh δ·√(n − 3) − z₁₋α) − 1, or 0 when that is negative.
/// `None` for n < 4 or δ outside (0, 1).
pub fn equivalence_power(n: u64, delta: f64, z_alpha: f64) -> Option<f64> {
    if n < 4 || !(delta > 0.0 && delta < 1.0) {
        return None;
    }
    let m = delta.atanh() * (n as f64 - 3.0).sqrt() - z_alpha;
    Some((normal_cdf(m) - normal_sf(m)).max(0.0))
}

/// The smallest n ≥ 4 with `reaches(n)`, for a condition that holds from some n on: from the
/// closed-form guess `guess` (which floating-point rounding may put one off), stepped down
/// while the one below still reaches and up until it does. `None` beyond `MAX_N`.
fn smallest_n(guess: f64, reaches: impl Fn(u64) -> bool) -> Option<u64> {
    if !(guess.is_finite() && guess <= MAX_N) {
        return None;
    }
    let mut n = (guess.ceil() as u64).max(4);
    while n > 4 && reaches(n - 1) {
        n -= 1;
    }
    while !reaches(n) {
        n += 1;
    }
    Some(n)
}

/// The smallest n at which the two-sided test detects a true ρ with the power of `z_sum`
/// (= z₁₋α/₂ + z_power): atanh|ρ|·√(n − 3)/√(1 + ρ²/2) ≥ z_sum, i.e.
/// n = ⌈(z_sum·√(1 + ρ²/2)/atanh|ρ|)² + 3⌉. `None` for ρ = 0, |ρ| ≥ 1 or an n beyond 10¹⁵.
pub fn n_to_detect(rho: f64, z_sum: f64) -> Option<u64> {
    let r = rho.abs();
    if !(r > 0.0 && r < 1.0 && z_sum.is_finite() && z_sum > 0.0) {
        return None;
    }
    let guess = (z_sum * (1.0 + r * r / 2.0).sqrt() / r.atanh()).powi(2) + 3.0;
    smallest_n(guess, |n| shift(r, n as f64) >= z_sum)
}

/// The smallest n at which the two one-sided tests against ±δ reach the power of `z_sum`
/// (= z₁₋α + z₍₁₊power₎/₂) when the true correlation is 0: atanh δ·√(n − 3) ≥ z_sum, i.e.
/// n = ⌈(z_sum/atanh δ)² + 3⌉. `None` for δ outside (0, 1) or an n beyond 10¹⁵.
pub fn n_for_equivalence(delta: f64, z_sum: f64) -> Option<u64> {
    if !(delta > 0.0 && delta < 1.0 && z_sum.is_finite() && z_sum > 0.0) {
        return None;
    }
    let d = delta.atanh();
    let guess = (z_sum / d).powi(2) + 3.0;
    smallest_n(guess, |n| d * (n as f64 - 3.0).sqrt() >= z_sum)
}

/// The smallest n at which the two-sided test detects a true ρ with the power of `z_sum` on
/// Fisher's z scale *without* the Bonett–Wright factor, se = 1/√(n − 3) (Cohen 1988, ch. 3):
/// n = ⌈(z_sum/atanh|ρ|)² + 3⌉ — what most power tables and calculators give, for comparison.
pub fn n_to_detect_fisher(rho: f64, z_sum: f64) -> Option<u64> {
    n_for_equivalence(rho.abs(), z_sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::check::assert_close;
    use crate::analysis::stats::intervals::Z95;

    // Reference values: scipy 1.17.1,
    //   from scipy.stats import norm; from scipy.optimize import brentq; import numpy as np
    //   K = norm.ppf(0.975) + norm.ppf(0.8)
    //   mde = lambda n: brentq(lambda r: np.arctanh(r)*np.sqrt(n-3)/np.sqrt(1+r*r/2) - K,
    //                          1e-12, 1-1e-16, xtol=1e-17, rtol=8.9e-16)
    //   def tost(r, n, d):
    //       se = np.sqrt((1 + r*r/2)/(n - 3)); z = np.arctanh(r); D = np.arctanh(d)
    //       return max(norm.cdf((z - D)/se), norm.sf((z + D)/se))
    // mde(4), mde(146), mde(2311), mde(1_000_000):
    const MDE_4: f64 = 0.9978994504818007;
    const MDE_146: f64 = 0.23307704651870423;
    const MDE_2311: f64 = 0.0582991052616372;
    const MDE_1E6: f64 = 0.0028015875880171614;

    #[test]
    fn detectable_rho_matches_scipy() {
        for (n, expected) in [
            (4, MDE_4),
            (146, MDE_146),
            (2311, MDE_2311),
            (1_000_000, MDE_1E6),
        ] {
            let r = detectable_rho(n, Z95 + Z80).unwrap_or(f64::NAN);
            assert_close(r, expected, 1e-13);
        }
        assert_eq!(detectable_rho(3, Z95 + Z80), None);
        assert_eq!(detectable_rho(10, f64::NAN), None);
    }

    #[test]
    fn tost_matches_scipy() {
        // tost(-0.09335109300995016, 146, 0.05), tost(0.001, 5000, 0.05),
        // tost(-0.3, 500, 0.05), tost(0.04, 3000, 0.1)
        assert_close(
            tost_p(-0.09335109300995016, 146, 0.05).unwrap_or(f64::NAN),
            0.6984796069080873,
            1e-12,
        );
        assert_close(
            tost_p(0.001, 5000, 0.05).unwrap_or(f64::NAN),
            0.0002634128940989759,
            1e-10,
        );
        assert_close(
            tost_p(-0.3, 500, 0.05).unwrap_or(f64::NAN),
            0.9999999923759532,
            1e-12,
        );
        assert_close(
            tost_p(0.04, 3000, 0.1).unwrap_or(f64::NAN),
            0.0004824580589724831,
            1e-10,
        );
        assert_eq!(tost_p(1.0, 10, 0.05), Some(1.0));
        assert_eq!(tost_p(0.1, 3, 0.05), None);
        assert_eq!(tost_p(0.1, 10, 0.0), None);
    }

    #[test]
    fn sample_sizes_invert_the_detectable_rho() {
        for rho in [0.05, 0.13, 0.3, -0.5, 0.9] {
            let n = n_to_detect(rho, Z95 + Z80).unwrap_or(0);
            let at = |n| detectable_rho(n, Z95 + Z80).unwrap_or(f64::NAN);
            assert!(at(n) <= rho.abs(), "ρ = {rho}: n = {n}, mde {}", at(n));
            assert!(
                n == 4 || at(n - 1) > rho.abs(),
                "ρ = {rho}: n − 1 = {}",
                n - 1
            );
        }
        assert_eq!(n_to_detect(0.0, Z95 + Z80), None);
        assert_eq!(n_to_detect(1.0, Z95 + Z80), None);
        assert_eq!(n_to_detect(1e-12, Z95 + Z80), None);
    }

    #[test]
    fn power_at_the_planned_n_reaches_the_target() {
        let z_alpha = 1.6448536269514722;
        let z_half_power = 1.2815515655446004; // Φ⁻¹((1 + 0.8)/2)
        let n = n_for_equivalence(0.05, z_alpha + z_half_power).unwrap_or(0);
        assert!(equivalence_power(n, 0.05, z_alpha).unwrap_or(0.0) >= 0.8);
        assert!(equivalence_power(n - 1, 0.05, z_alpha).unwrap_or(1.0) < 0.8);
        let n = n_to_detect(0.3, Z95 + Z80).unwrap_or(0);
        assert!(detection_power(0.3, n, Z95).unwrap_or(0.0) >= 0.8);
        assert!(detection_power(0.3, n - 1, Z95).unwrap_or(1.0) < 0.8);
        assert_eq!(equivalence_power(4, 0.05, z_alpha), Some(0.0));
    }
}
