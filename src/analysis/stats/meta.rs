//! Random-effects meta-analysis of k effect sizes yᵢ with known sampling variances vᵢ:
//! the between-study variance τ² by restricted maximum likelihood (Fisher scoring to
//! convergence, τ² ≥ 0; Viechtbauer 2005) or by DerSimonian & Laird (1986) in closed form,
//! then the pooled estimate with its standard error, 95% CI, Cochran's Q, I² with Higgins &
//! Thompson's typical within-study variance s² (as R's metafor defines it) and the 95%
//! prediction interval with t on k − 2 df (Higgins, Thompson & Spiegelhalter 2009). All on
//! the scale of the yᵢ; the caller transforms back.

use super::dist::{beta_quantile, chi2_sf};

/// z₀.₉₇₅.
const Z975: f64 = 1.959_963_984_540_054;

/// How τ² is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tau2Method {
    /// Restricted maximum likelihood, by Fisher scoring.
    Reml,
    /// DerSimonian–Laird, the method of moments on Cochran's Q.
    DerSimonianLaird,
}

/// A random-effects pooling on the scale of the effect sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    pub k: usize,
    pub estimate: f64,
    /// 1/√Σwᵢ with wᵢ = 1/(vᵢ + τ²).
    pub se: f64,
    pub ci: [f64; 2],
    pub tau2: f64,
    /// τ²/(τ² + s²), a fraction.
    pub i2: f64,
    /// Cochran's Q around the fixed-effect (inverse-variance) estimate.
    pub q: f64,
    pub q_df: usize,
    pub q_p: f64,
    /// μ ± t₀.₉₇₅,ₖ₋₂·√(τ² + se²); `None` for k < 3.
    pub pi: Option<[f64; 2]>,
    /// Fisher-scoring iterations (0 for DerSimonian–Laird).
    pub iterations: usize,
}

/// Iterations after which REML gives up (never reached on real data: Fisher scoring
/// converges in a handful).
const MAX_ITER: usize = 10_000;
/// Convergence: the change in τ² below this, relative to max(1, τ²).
const TOL: f64 = 1e-14;

/// Pools `y` with variances `v` (equal lengths, k ≥ 2, every vᵢ > 0 and finite); `None`
/// otherwise, or when REML does not converge.
pub fn pool(y: &[f64], v: &[f64], method: Tau2Method) -> Option<Pooled> {
    let k = y.len();
    let valid = k >= 2
        && v.len() == k
        && y.iter().all(|x| x.is_finite())
        && v.iter().all(|x| x.is_finite() && *x > 0.0);
    if !valid {
        return None;
    }
    let w_fe: Vec<f64> = v.iter().map(|vi| 1.0 / vi).collect();
    let sw: f64 = w_fe.iter().sum();
    let sw2: f64 = w_fe.iter().map(|w| w * w).sum();
    let mu_fe = weighted_mean(y, &w_fe);
    let q: f64 = y
        .iter()
        .zip(&w_fe)
        .map(|(yi, wi)| wi * (yi - mu_fe).powi(2))
        .sum();
    let q_df = k - 1;
    let dl = ((q - q_df as f64) / (sw - sw2 / sw)).max(0.0);
    let (tau2, iterations) = match method {
        Tau2Method::DerSimonianLaird => (dl, 0),
        Tau2Method::Reml => reml_tau2(y, v, dl)?,
    };
    let w: Vec<f64> = v.iter().map(|vi| 1.0 / (vi + tau2)).collect();
    let estimate = weighted_mean(y, &w);
    let se = 1.0 / w.iter().sum::<f64>().sqrt();
    let s2 = q_df as f64 * sw / (sw * sw - sw2);
    let i2 = if tau2 > 0.0 { tau2 / (tau2 + s2) } else { 0.0 };
    let pi = if k >= 3 {
        let t = t_quantile_975(k as f64 - 2.0)?;
        let half = t * (tau2 + se * se).sqrt();
        Some([estimate - half, estimate + half])
    } else {
        None
    };
    Some(Pooled {
        k,
        estimate,
        se,
        ci: [estimate - Z975 * se, estimate + Z975 * se],
        tau2,
        i2,
        q,
        q_df,
        q_p: chi2_sf(q, q_df as f64)?,
        pi,
        iterations,
    })
}

fn weighted_mean(y: &[f64], w: &[f64]) -> f64 {
    let sw: f64 = w.iter().sum();
    y.iter().zip(w).map(|(yi, wi)| wi * yi).sum::<f64>() / sw
}

/// REML τ² by Fisher scoring from `start`: with P = W − wwᵀ/Σw, the step is
/// (yᵀPPy − tr P)/tr(PP), where Py = w∘(y − μ̂); a step below 0 stops at 0, and at 0 a
/// score pointing below 0 is the boundary maximum.
fn reml_tau2(y: &[f64], v: &[f64], start: f64) -> Option<(f64, usize)> {
    let mut tau2 = start;
    for it in 1..=MAX_ITER {
        let w: Vec<f64> = v.iter().map(|vi| 1.0 / (vi + tau2)).collect();
        let sw: f64 = w.iter().sum();
        let sw2: f64 = w.iter().map(|x| x * x).sum();
        let sw3: f64 = w.iter().map(|x| x * x * x).sum();
        let mu = weighted_mean(y, &w);
        let ypppy: f64 = y
            .iter()
            .zip(&w)
            .map(|(yi, wi)| (wi * (yi - mu)).powi(2))
            .sum();
        let tr_p = sw - sw2 / sw;
        let tr_pp = sw2 - 2.0 * sw3 / sw + (sw2 / sw).powi(2);
        let next = (tau2 + (ypppy - tr_p) / tr_pp).max(0.0);
        if !next.is_finite() {
            return None;
        }
        let change = (next - tau2).abs();
        tau2 = next;
        if change <= TOL * tau2.max(1.0) {
            return Some((tau2, it));
        }
    }
    None
}

/// t₀.₉₇₅ on `df` degrees of freedom: P(|T| > t) = I_{df/(df+t²)}(df/2, ½) = 0.05
/// (Abramowitz & Stegun 26.7.1), solved with the incomplete beta's inverse.
pub fn t_quantile_975(df: f64) -> Option<f64> {
    if !(df.is_finite() && df > 0.0) {
        return None;
    }
    let (x, y) = beta_quantile(df / 2.0, 0.5, 0.05)?;
    let t = (df * y / x).sqrt();
    t.is_finite().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_tables() {
        // qt(0.975, df) in R: 12.70620473617471, 4.302652729911275, 2.228138851986274.
        for (df, t) in [
            (1.0, 12.706_204_736_174_71),
            (2.0, 4.302_652_729_911_275),
            (10.0, 2.228_138_851_986_274),
        ] {
            let got = t_quantile_975(df).unwrap();
            assert!((got - t).abs() < 1e-9 * t, "df {df}: {got} vs {t}");
        }
    }

    #[test]
    fn homogeneous_studies_give_tau2_zero_and_the_fixed_effect() {
        let y = [0.1, 0.1, 0.1];
        let v = [0.01, 0.02, 0.04];
        for m in [Tau2Method::Reml, Tau2Method::DerSimonianLaird] {
            let p = pool(&y, &v, m).unwrap();
            assert_eq!(p.tau2, 0.0);
            assert_eq!(p.i2, 0.0);
            assert!((p.estimate - 0.1).abs() < 1e-15);
            let se = 1.0 / (100.0f64 + 50.0 + 25.0).sqrt();
            assert!((p.se - se).abs() < 1e-15);
        }
    }

    #[test]
    fn too_few_or_bad_inputs_pool_nothing() {
        assert!(pool(&[0.1], &[0.01], Tau2Method::Reml).is_none());
        assert!(pool(&[0.1, 0.2], &[0.01, 0.0], Tau2Method::Reml).is_none());
        assert!(pool(&[0.1, f64::NAN], &[0.01, 0.02], Tau2Method::Reml).is_none());
        let two = pool(&[0.1, 0.5], &[0.01, 0.02], Tau2Method::Reml).unwrap();
        assert!(two.pi.is_none());
    }
}
