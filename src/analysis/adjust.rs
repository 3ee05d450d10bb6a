//! Multiplicity control: after every family has been computed, each family of tests of one
//! kind — across cohorts and all group columns, e.g. every tactic's χ² — is corrected
//! together with the codebook's `[analysis] multiplicity` method (Holm or
//! Benjamini–Hochberg), and each member test gets its `adjusted` object.

use crate::analysis::common::finite;
use crate::analysis::stats;
use crate::analysis::summary::{Adjusted, Summary};
use crate::study::codebook::Multiplicity;

/// Corrects one family of p-values in place (`None` p: not a member).
fn adjust_family(
    mut tests: Vec<(&mut Option<Adjusted>, Option<f64>)>,
    family: &str,
    method: Multiplicity,
) {
    let members: Vec<f64> = tests.iter().filter_map(|(_, p)| *p).collect();
    let adjusted = match method {
        Multiplicity::Holm => stats::holm(&members),
        Multiplicity::Bh => stats::benjamini_hochberg(&members),
    };
    let mut next = adjusted.into_iter();
    for (slot, p) in tests.iter_mut() {
        if p.is_some() {
            **slot = Some(Adjusted {
                p_adjusted: next.next().and_then(finite),
                adjustment: method.name().into(),
                family: family.into(),
                family_size: members.len() as u64,
            });
        } else {
            **slot = None;
        }
    }
}

/// The names of the test families corrected by [`adjust`], with what each holds.
pub const FAMILIES: [(&str, &str); 3] = [
    (
        "concern_kruskal",
        "Kruskal–Wallis of concern by cohort and by every group column",
    ),
    (
        "paradoxical_chi2",
        "χ² of paradoxical by cohort and by every group column",
    ),
    (
        "tactic_chi2",
        "χ² of every tactic's answers by cohort and by every group column",
    ),
];

/// Multiplicity control: every family of tests of one kind — across cohorts and all group
/// columns — is corrected together with `method`, and each test gets an `adjusted` object
/// (`p_adjusted`, method, family, family size). Tests without a p-value are not members.
pub fn adjust(s: &mut Summary, method: Multiplicity) {
    let mut family = Vec::new();
    if let Some(k) = s.gap.kruskal_concern.as_mut() {
        family.push((&mut k.adjusted, k.p));
    }
    for g in s.by_group.iter_mut() {
        if let Some(k) = g.kruskal_concern.as_mut() {
            family.push((&mut k.adjusted, k.p));
        }
    }
    adjust_family(family, FAMILIES[0].0, method);
    let mut family = Vec::new();
    if let Some(c) = s.gap.chi2_paradoxical.as_mut() {
        family.push((&mut c.adjusted, c.p));
    }
    for g in s.by_group.iter_mut() {
        if let Some(c) = g.chi2_paradoxical.as_mut() {
            family.push((&mut c.adjusted, c.p));
        }
    }
    adjust_family(family, FAMILIES[1].0, method);
    let mut family = Vec::new();
    for t in s.tactics.iter_mut() {
        if let Some(c) = t.chi2.as_mut() {
            family.push((&mut c.adjusted, c.p));
        }
    }
    for g in s.by_group.iter_mut() {
        for t in g.tactics_chi2.iter_mut() {
            if let Some(c) = t.chi2.as_mut() {
                family.push((&mut c.adjusted, c.p));
            }
        }
    }
    adjust_family(family, FAMILIES[2].0, method);
}
