//! Paradox or low power: what each gap block could have shown and whether its effects are
//! too small to matter. Per block, `rho_mde` (the smallest |ρ| its n detects with 80% power)
//! and `equivalence` (the two one-sided tests of ρ against ±`sesoi_rho`, the 90% Newcombe
//! interval of the risk difference against ±`sesoi_rd`, and the verdict of the two tests
//! of ρ); and for `paradox plan`, the respondents a cohort needs to detect a correlation or
//! to show that there is none worth the name. Definitions in `docs/methods.md`.
//!
//! A non-significant ρ alone cannot tell "concern does not matter" (the paradox) from "this
//! sample was too small to see it"; the verdict names which of the two the data support.

use crate::analysis::common::{finite, Notes};
use crate::analysis::stats::{self, Z80, Z90, Z95};
use crate::analysis::summary::{Equivalence, GapBlock, Verdict};
use crate::study::codebook::DEFAULT_SESOI;

/// The conventional significance level of both tests behind a verdict.
pub const VERDICT_ALPHA: f64 = 0.05;

/// The smallest effects of interest: the equivalence margins of ρ and of the risk
/// difference (codebook `[paradox] sesoi_rho`, `sesoi_rd`, or the command line).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sesoi {
    pub rho: f64,
    pub rd: f64,
}

impl Default for Sesoi {
    fn default() -> Self {
        Sesoi {
            rho: DEFAULT_SESOI,
            rd: DEFAULT_SESOI,
        }
    }
}

/// The two arms of a block's risk difference: P(discloser | concerned) with its Kish n, and
/// P(discloser | not concerned) with its Kish n.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RdArms {
    pub p1: f64,
    pub n1: f64,
    pub p2: f64,
    pub n2: f64,
}

/// The verdict of the Spearman test (p) and the equivalence test of ρ (`p_tost`), each at
/// α = .05: "predicts" (only the first rejects), "no meaningful relation" (only the
/// second), "trivially small" (both), "inconclusive" (neither).
pub fn verdict(spearman_p: f64, p_tost: f64) -> Verdict {
    match (spearman_p < VERDICT_ALPHA, p_tost < VERDICT_ALPHA) {
        (true, false) => Verdict::Predicts,
        (false, true) => Verdict::NoMeaningfulRelation,
        (true, true) => Verdict::TriviallySmall,
        (false, false) => Verdict::Inconclusive,
    }
}

/// The smallest |ρ| the Spearman test detects at n pairs with 80% power at two-sided
/// α = .05; `None` for n < 4.
pub fn rho_mde(n: u64) -> Option<f64> {
    stats::detectable_rho(n, Z95 + Z80).and_then(finite)
}

/// The equivalence tests of a block with n pairs, Spearman's ρ and p, and the arms of its
/// risk difference (each `None` when undefined).
pub fn equivalence(
    n: u64,
    rho: Option<f64>,
    spearman_p: Option<f64>,
    rd: Option<RdArms>,
    sesoi: Sesoi,
) -> Equivalence {
    let p_tost = rho
        .and_then(|r| stats::tost_p(r, n, sesoi.rho))
        .and_then(finite);
    let rd_ci90 = rd.and_then(|a| stats::newcombe_rd_z(a.p1, a.n1, a.p2, a.n2, Z90));
    Equivalence {
        sesoi_rho: sesoi.rho,
        p_tost,
        sesoi_rd: sesoi.rd,
        rd_ci90,
        rd_equivalent: rd_ci90.map(|[lo, hi]| -sesoi.rd < lo && hi < sesoi.rd),
        verdict: spearman_p.zip(p_tost).map(|(p, t)| verdict(p, t)),
    }
}

/// Fills a finished block's `rho_mde` and `equivalence` from its n, ρ and p and the arms of
/// its risk difference; an empty block keeps both `null` (its note says why).
pub(crate) fn add_to_block(
    block: &mut GapBlock,
    rd: Option<RdArms>,
    sesoi: Sesoi,
    path: &str,
    notes: &mut Notes,
) {
    let n = block.n.unwrap_or(0);
    if n == 0 {
        return;
    }
    block.rho_mde = rho_mde(n);
    if block.rho_mde.is_none() {
        notes.add(
            format!("{path}.rho_mde"),
            format!("the detectable correlation needs at least 4 respondents, got {n}"),
        );
    }
    block.equivalence = Some(equivalence(
        n,
        block.spearman_rho,
        block.spearman_p,
        rd,
        sesoi,
    ));
}

/// What `paradox plan` is asked: a correlation to detect, the power and α wanted, the
/// number of cohorts, and the equivalence margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanInput {
    pub rho: f64,
    pub power: f64,
    pub alpha: f64,
    pub cohorts: u64,
    pub sesoi_rho: f64,
}

/// The respondents one cohort needs, and `cohorts` of them together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanNeed {
    pub per_cohort: u64,
    pub total: u64,
    /// The power actually reached at `per_cohort` (at least the power asked for).
    pub power: f64,
}

/// The answer of `paradox plan`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub input: PlanInput,
    /// To detect ρ with the two-sided Spearman test at α.
    pub detect: PlanNeed,
    /// To show |ρ| < `sesoi_rho` with the two one-sided tests at α each, when the true ρ is 0.
    pub equivalence: PlanNeed,
    /// The detectable |ρ| (80% power, α = .05) at `detect.per_cohort`, as each block reports it.
    pub rho_mde_at_detect: Option<f64>,
    /// The n per cohort to detect ρ on Fisher's z scale without the Bonett–Wright factor
    /// (Cohen 1988), for comparison with power tables and other software.
    pub detect_without_factor: Option<u64>,
}

/// Sample sizes for the next wave: the smallest n per cohort that detects `rho` with the
/// two-sided test at `alpha` and the asked power, and the smallest n whose two one-sided
/// tests show |ρ| < `sesoi_rho` with that power when the true ρ is 0 — both on Fisher's z
/// scale with the Bonett–Wright standard error, like every gap block. `Err` with the reason
/// when an input is out of range or the answer exceeds 10¹⁵ respondents.
pub fn plan(input: PlanInput) -> Result<Plan, String> {
    let PlanInput {
        rho,
        power,
        alpha,
        cohorts,
        sesoi_rho,
    } = input;
    if !(rho.is_finite() && rho != 0.0 && rho.abs() < 1.0) {
        return Err(format!(
            "--rho {rho}: a correlation strictly between −1 and 1, not 0"
        ));
    }
    if !(power > 0.0 && power < 1.0) {
        return Err(format!(
            "--power {power}: a probability strictly between 0 and 1"
        ));
    }
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(format!(
            "--alpha {alpha}: a probability strictly between 0 and 1"
        ));
    }
    if cohorts == 0 {
        return Err("--cohorts 0: at least one cohort".into());
    }
    if let Some(m) = crate::study::codebook::sesoi_problem("--sesoi-rho", sesoi_rho) {
        return Err(m);
    }
    let q = |p: f64| stats::normal_quantile(p).ok_or_else(|| format!("no normal quantile at {p}"));
    let z_half_alpha = q(1.0 - alpha / 2.0)?;
    let z_alpha = q(1.0 - alpha)?;
    let z_power = q(power)?;
    // Both one-sided tests must reject: with ρ = 0 the power is 2Φ(·) − 1, so each tail
    // needs the (1 + power)/2 quantile.
    let z_both = q((1.0 + power) / 2.0)?;
    let too_many = || "more than 10¹⁵ respondents per cohort".to_string();
    let need = |per_cohort: u64, power: Option<f64>| -> Result<PlanNeed, String> {
        Ok(PlanNeed {
            per_cohort,
            total: per_cohort.checked_mul(cohorts).ok_or_else(too_many)?,
            power: power.unwrap_or(f64::NAN),
        })
    };
    let n_detect = if z_half_alpha + z_power > 0.0 {
        stats::n_to_detect(rho, z_half_alpha + z_power).ok_or_else(too_many)?
    } else {
        4
    };
    let n_equiv = if z_alpha + z_both > 0.0 {
        stats::n_for_equivalence(sesoi_rho, z_alpha + z_both).ok_or_else(too_many)?
    } else {
        4
    };
    Ok(Plan {
        input,
        detect: need(
            n_detect,
            stats::detection_power(rho, n_detect, z_half_alpha),
        )?,
        equivalence: need(
            n_equiv,
            stats::equivalence_power(n_equiv, sesoi_rho, z_alpha),
        )?,
        rho_mde_at_detect: rho_mde(n_detect),
        detect_without_factor: stats::n_to_detect_fisher(rho, z_half_alpha + z_power),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_both_tests() {
        assert_eq!(verdict(0.01, 0.5), Verdict::Predicts);
        assert_eq!(verdict(0.5, 0.01), Verdict::NoMeaningfulRelation);
        assert_eq!(verdict(0.01, 0.01), Verdict::TriviallySmall);
        assert_eq!(verdict(0.5, 0.5), Verdict::Inconclusive);
        // α = .05 itself does not reject.
        assert_eq!(verdict(0.05, 0.05), Verdict::Inconclusive);
    }

    #[test]
    fn an_empty_block_gets_nothing_and_a_tiny_one_a_note() {
        let mut notes = Notes::default();
        let mut b = GapBlock {
            n: Some(0),
            ..GapBlock::default()
        };
        add_to_block(&mut b, None, Sesoi::default(), "gap.overall", &mut notes);
        assert_eq!((b.rho_mde, b.equivalence.is_none()), (None, true));
        let mut b = GapBlock {
            n: Some(3),
            ..GapBlock::default()
        };
        add_to_block(&mut b, None, Sesoi::default(), "gap.overall", &mut notes);
        assert_eq!(b.rho_mde, None);
        assert_eq!(
            notes.0,
            vec!["gap.overall.rho_mde: the detectable correlation needs at least 4 respondents, got 3"]
        );
        let e = b.equivalence.unwrap_or_else(|| panic!("no equivalence"));
        assert_eq!((e.p_tost, e.verdict, e.rd_ci90), (None, None, None));
    }

    #[test]
    fn plan_refuses_what_it_cannot_answer() {
        let ok = PlanInput {
            rho: 0.3,
            power: 0.8,
            alpha: 0.05,
            cohorts: 2,
            sesoi_rho: 0.05,
        };
        assert!(plan(ok).is_ok());
        for bad in [
            PlanInput { rho: 0.0, ..ok },
            PlanInput { rho: 1.0, ..ok },
            PlanInput {
                rho: f64::NAN,
                ..ok
            },
            PlanInput { power: 1.0, ..ok },
            PlanInput { alpha: 0.0, ..ok },
            PlanInput { cohorts: 0, ..ok },
            PlanInput {
                sesoi_rho: 0.0,
                ..ok
            },
            PlanInput { rho: 1e-9, ..ok },
            PlanInput {
                cohorts: u64::MAX,
                ..ok
            },
        ] {
            assert!(plan(bad).is_err(), "{bad:?}");
        }
    }
}
