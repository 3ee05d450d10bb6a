//! The model's true population values in closed form: per cohort and overall, the
//! probabilities of being concerned, a discloser and paradoxical, and the distribution of
//! every tactic rating. Written to `truth.json` rounded to 6 decimals.

use serde::Serialize;

use super::model::{bivariate_upper, model, tactic_levels, tactic_mean};
use super::params::{COHORTS, LATENT_CORRELATION, TACTICS};

#[derive(Debug, Clone, Serialize)]
pub(super) struct TacticTruth {
    pub(super) name: &'static str,
    pub(super) intrusive: f64,
    pub(super) acceptable: f64,
    /// P(rating = 1..5).
    pub(super) levels: [f64; 5],
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct GroupTruth {
    pub(super) cohort: &'static str,
    pub(super) share: f64,
    pub(super) concerned: f64,
    pub(super) discloser: f64,
    pub(super) paradoxical: f64,
    pub(super) paradoxical_expected: f64,
    pub(super) discloser_given_concerned: f64,
    pub(super) discloser_given_not_concerned: f64,
    pub(super) disclosure_rd: f64,
    pub(super) tactics: Vec<TacticTruth>,
}

/// Exact (closed-form) population values; all probabilities are conditional on the
/// quantity being known, which in this model is independent of its value.
pub(super) fn exact_truth() -> (GroupTruth, Vec<GroupTruth>) {
    let m = model();
    let group = |g: usize| -> GroupTruth {
        let c = &COHORTS[g];
        let both = bivariate_upper(m.concern_cut[g], m.discloser_cut[g], LATENT_CORRELATION);
        let dc = both / c.p_concerned;
        let dn = (c.p_discloser - both) / (1.0 - c.p_concerned);
        GroupTruth {
            cohort: c.name,
            share: c.share,
            concerned: c.p_concerned,
            discloser: c.p_discloser,
            paradoxical: both,
            paradoxical_expected: c.p_concerned * c.p_discloser,
            discloser_given_concerned: dc,
            discloser_given_not_concerned: dn,
            disclosure_rd: dc - dn,
            tactics: (0..TACTICS.len())
                .map(|t| {
                    let levels = tactic_levels(tactic_mean(t, g));
                    TacticTruth {
                        name: TACTICS[t].name,
                        intrusive: levels[0] + levels[1],
                        acceptable: levels[3] + levels[4],
                        levels,
                    }
                })
                .collect(),
        }
    };
    let by_cohort: Vec<GroupTruth> = (0..COHORTS.len()).map(group).collect();
    let mix =
        |f: &dyn Fn(&GroupTruth) -> f64| -> f64 { by_cohort.iter().map(|g| g.share * f(g)).sum() };
    let concerned = mix(&|g| g.concerned);
    let discloser = mix(&|g| g.discloser);
    let paradoxical = mix(&|g| g.paradoxical);
    let dc = paradoxical / concerned;
    let dn = (discloser - paradoxical) / (1.0 - concerned);
    let tactics = (0..TACTICS.len())
        .map(|t| {
            let mut levels = [0.0; 5];
            for (k, l) in levels.iter_mut().enumerate() {
                *l = mix(&|g| g.tactics[t].levels[k]);
            }
            TacticTruth {
                name: TACTICS[t].name,
                intrusive: mix(&|g| g.tactics[t].intrusive),
                acceptable: mix(&|g| g.tactics[t].acceptable),
                levels,
            }
        })
        .collect();
    let overall = GroupTruth {
        cohort: "overall",
        share: 1.0,
        concerned,
        discloser,
        paradoxical,
        paradoxical_expected: concerned * discloser,
        discloser_given_concerned: dc,
        discloser_given_not_concerned: dn,
        disclosure_rd: dc - dn,
        tactics,
    };
    (overall, by_cohort)
}
/// Truth values are rounded to 6 decimals: far below any sampling error, and stable
/// against last-bit differences of platform maths libraries.
pub(super) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub(super) fn round_group(g: &mut GroupTruth) {
    for v in [
        &mut g.concerned,
        &mut g.discloser,
        &mut g.paradoxical,
        &mut g.paradoxical_expected,
        &mut g.discloser_given_concerned,
        &mut g.discloser_given_not_concerned,
        &mut g.disclosure_rd,
    ] {
        *v = round6(*v);
    }
    for t in &mut g.tactics {
        t.intrusive = round6(t.intrusive);
        t.acceptable = round6(t.acceptable);
        for l in &mut t.levels {
            *l = round6(*l);
        }
    }
}
