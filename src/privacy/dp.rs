//! Differential privacy of the published counts (Laplace mechanism).
//!
//! The total budget ε is split evenly across the *count tables* listed by [`count_tables`].
//! Within one table every respondent is in at most one cell, so adding or removing one
//! respondent changes the table by 1 in L1 norm (sensitivity 1) and each cell gets Laplace
//! noise of scale b = 1/ε_table (Dwork, McSherry, Nissim & Smith 2006); the tables then
//! compose sequentially to ε (Dwork & Roth 2014, Thm 3.16). Tables that share respondents —
//! `gap.overall` and `gap.by_cohort`, a tactic's overall and by-cohort levels — are
//! separate tables, each paying its share. Noisy values are rounded and clamped at 0; every
//! total, proportion and CI is then recomputed from the noisy cells (post-processing keeps
//! the guarantee, Dwork & Roth Prop 2.1). Statistics that need the respondents' values
//! (α, means, sd, Spearman, Kruskal–Wallis) and the tests (χ², McNemar p, whose p-values
//! would treat noisy counts as exact) are withheld. Counts that are not in any table — the
//! scales' n — are withheld with their statistics rather than paying for a table each.
//!
//! Laplace draws are the difference of two independent exponential draws with rate
//! λ = ε_table: if X, Y ~ Exp(λ) then X − Y ~ Laplace(0, 1/λ) (Kotz, Kozubowski &
//! Podgórski 2001, *The Laplace Distribution and Generalizations*, §2.2). The generator is
//! ChaCha20 keyed from the operating system (`getrandom`), or from `dp_seed` in tests; the
//! seed and the noise are never stored.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rand_distr::{Distribution, Exp};

use crate::analysis::stats;
use crate::analysis::summary::{Ci, DataTypeSummary, GapBlock, Summary, TacticLevels};

/// ln(20): for Laplace noise of scale b, P(|X| > b·ln 20) = e^(−ln 20) = 5%.
pub const LN_20: f64 = 2.995_732_273_553_991;

/// A Laplace(0, 1/λ) draw as the difference of two Exp(λ) draws.
pub fn laplace<R: Rng + ?Sized>(rng: &mut R, exp: &Exp<f64>) -> f64 {
    exp.sample(rng) - exp.sample(rng)
}

/// Where the noise comes from; `Withhold` publishes no count at all (an invalid ε, or the
/// operating system gave no randomness — publishing exact counts instead would break the
/// promise the user asked for).
enum Noise {
    Laplace {
        rng: Box<ChaCha20Rng>,
        exp: Exp<f64>,
    },
    Withhold,
}

impl Noise {
    fn count(&mut self, v: Option<u64>) -> Option<u64> {
        match self {
            Noise::Withhold => None,
            Noise::Laplace { rng, exp } => v.map(|v| {
                let x = (v as f64 + laplace(rng.as_mut(), exp)).round();
                // `as` saturates, and x ≥ 0 here.
                x.max(0.0) as u64
            }),
        }
    }
}

/// The count tables of a summary with mutable access to their cells, named by their path.
/// Only tables with at least one count are listed (an absent table costs nothing).
pub fn count_tables(s: &mut Summary) -> Vec<(String, Vec<&mut Option<u64>>)> {
    let mut out: Vec<(String, Vec<&mut Option<u64>>)> = Vec::new();
    out.push((
        "cohorts".into(),
        s.cohorts.iter_mut().map(|c| &mut c.n).collect(),
    ));
    if let Some(o) = s.gap.overall.as_mut() {
        out.push((
            "gap.overall.concern_table".into(),
            o.concern_table.iter_mut().flatten().collect(),
        ));
    }
    if let Some(by) = s.gap.by_cohort.as_mut() {
        out.push((
            "gap.by_cohort[].concern_table".into(),
            by.iter_mut()
                .flat_map(|b| b.concern_table.iter_mut().flatten())
                .collect(),
        ));
    }
    for d in &mut s.data_types {
        out.push((
            format!("data_types[{}].table", d.name),
            d.table.iter_mut().flatten().collect(),
        ));
    }
    for t in &mut s.tactics {
        out.push((
            format!("tactics[{}].overall.levels", t.name),
            t.overall.levels.iter_mut().collect(),
        ));
        out.push((
            format!("tactics[{}].by_cohort[].levels", t.name),
            t.by_cohort
                .iter_mut()
                .flat_map(|b| b.levels.iter_mut())
                .collect(),
        ));
    }
    out.push((
        "distributions.concern_by_cohort[].counts".into(),
        s.distributions
            .concern_by_cohort
            .iter_mut()
            .flat_map(|b| b.counts.iter_mut())
            .collect(),
    ));
    out.push((
        "distributions.heatmap".into(),
        s.distributions.heatmap.iter_mut().flatten().collect(),
    ));
    out.retain(|(_, cells)| cells.iter().any(|c| c.is_some()));
    out
}

/// Adds noise to every count table of `s` and recomputes what derives from the counts;
/// returns the notes describing ε, its split and the expected error.
pub fn apply(s: &mut Summary, epsilon: f64, seed: Option<u64>) -> Vec<String> {
    let mut notes = Vec::new();
    let k = count_tables(s).len();
    let per_table = epsilon / k.max(1) as f64;
    let mut noise = if !(epsilon.is_finite() && epsilon > 0.0) {
        notes.push(format!(
            "differential privacy: ε = {epsilon} is not a positive number, so no count is published"
        ));
        Noise::Withhold
    } else {
        let rng = match seed {
            Some(seed) => Ok(ChaCha20Rng::seed_from_u64(seed)),
            None => ChaCha20Rng::try_from_os_rng(),
        };
        match (rng, Exp::new(per_table)) {
            (Ok(rng), Ok(exp)) => Noise::Laplace {
                rng: Box::new(rng),
                exp,
            },
            _ => {
                notes.push(
                    "differential privacy: no randomness was available, so no count is published"
                        .into(),
                );
                Noise::Withhold
            }
        }
    };
    // The audit counts (survey rows, rejected rows, unknown cohort) are not part of any
    // noised table: under DP they are withheld rather than published exactly.
    s.study.respondents = None;
    s.study.rejected_rows = None;
    s.study.unknown_cohort = None;
    notes.push(
        "differential privacy: the audit counts (survey rows, rejected rows, unknown cohort) are not published under DP"
            .into(),
    );
    // Group breakdowns and the threshold grid are withheld, not noised: the budget is split
    // evenly over the count tables, and by-group tables (one per group column and per data
    // type and tactic) would more than double their number and so the noise on every
    // headline figure; the grid's cells overlap (each respondent is in every cell), so each
    // would pay a share of its own. A DP user reaches one group's figures by filtering.
    if !s.by_group.is_empty() || s.sensitivity.is_some() {
        s.by_group.clear();
        s.sensitivity = None;
        notes.push(
            "differential privacy: the group breakdowns (by_group) and the threshold sensitivity grid are not published under DP (they would multiply the count tables sharing ε)"
                .into(),
        );
    }
    if matches!(noise, Noise::Laplace { .. }) && k > 0 {
        let b = 1.0 / per_table;
        let names: Vec<String> = count_tables(s).into_iter().map(|(n, _)| n).collect();
        notes.push(format!(
            "differential privacy: ε = {epsilon} in total, split evenly over {k} count tables (ε = {} each: {})",
            human(per_table),
            names.join(", ")
        ));
        notes.push(format!(
            "differential privacy: every count has Laplace noise of scale {b}: mean absolute error ±{b}, 95% of counts within ±{} (ln 20/ε per table); totals, proportions and CIs are computed from the noisy counts, and a total of k cells has a standard deviation of {b}·√(2k)",
            human(b * LN_20),
            b = human(b)
        ));
    }
    for (_, cells) in count_tables(s) {
        for c in cells {
            *c = noise.count(*c);
        }
    }
    recompute(s);
    notes.push(
        "differential privacy: α, means, standard deviations, Spearman ρ, the Kruskal–Wallis, χ² and McNemar tests, the scales' n and the behaviour match rate are not published (they cannot be derived from the noisy counts)"
            .into(),
    );
    if s.gap.overall.is_some() {
        notes.push(
            "differential privacy: the gap blocks' equivalence tests and verdicts are not published (they rest on Spearman ρ); rho_mde is that of the noisy n"
                .into(),
        );
    }
    if s.study.weighted {
        notes.push(
            "differential privacy: proportions are unweighted shares of the noisy counts".into(),
        );
    }
    notes
}

/// A number for people: four decimals at most, trailing zeros dropped (JSON keeps full
/// precision; notes are text).
fn human(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A proportion and its Wilson CI from counts (`None` when `den = 0`).
fn proportion(num: u64, den: u64) -> (Option<f64>, Ci) {
    if den == 0 {
        return (None, None);
    }
    let p = num as f64 / den as f64;
    (Some(p), stats::wilson(p, den as f64))
}

fn recompute(s: &mut Summary) {
    s.study.behavior_match_rate = None;
    for sc in &mut s.scales {
        sc.n_complete = None;
        sc.alpha = None;
        sc.alpha_ci = None;
        sc.alpha_if_dropped = None;
        sc.n = None;
        sc.mean = None;
        sc.sd = None;
    }
    if let Some(b) = s.gap.overall.as_mut() {
        gap_block(b);
    }
    for b in s.gap.by_cohort.iter_mut().flatten() {
        gap_block(b);
    }
    s.gap.kruskal_concern = None;
    s.gap.chi2_paradoxical = None;
    for d in &mut s.data_types {
        data_type(d);
    }
    for t in &mut s.tactics {
        levels(&mut t.overall, t.min, t.max);
        for b in &mut t.by_cohort {
            levels(b, t.min, t.max);
        }
        t.chi2 = None;
    }
    for b in &mut s.distributions.concern_by_cohort {
        b.n = b.counts.iter().copied().sum();
    }
}

fn gap_block(b: &mut GapBlock) {
    let table = b.concern_table;
    *b = GapBlock {
        cohort: b.cohort.take(),
        concern_table: table,
        ..GapBlock::default()
    };
    let [[Some(a), Some(bb)], [Some(c), Some(d)]] = table else {
        // No table (e.g. withheld): nothing can be derived.
        b.n = None;
        return;
    };
    let n = a + bb + c + d;
    b.n = Some(n);
    // The detectable correlation of the noisy n (post-processing); the equivalence tests
    // rest on Spearman ρ, which the noisy counts cannot give, and stay withheld.
    b.rho_mde = crate::analysis::power::rho_mde(n);
    (b.concerned, b.concerned_ci) = proportion(a + bb, n);
    (b.disclosers, b.disclosers_ci) = proportion(a + c, n);
    (b.paradoxical, b.paradoxical_ci) = proportion(a, n);
    b.paradoxical_expected = b.concerned.zip(b.disclosers).map(|(x, y)| x * y);
    if let (Some(p1), Some(p2)) = (proportion(a, a + bb).0, proportion(c, c + d).0) {
        b.disclosure_rd = Some(p1 - p2);
        b.disclosure_rd_ci = stats::newcombe_rd(p1, (a + bb) as f64, p2, (c + d) as f64);
    }
}

fn data_type(d: &mut DataTypeSummary) {
    d.n_pairs = None;
    d.willing = None;
    d.willing_ci = None;
    d.shared = None;
    d.shared_ci = None;
    d.say_do_gap = None;
    d.paradox_rate = None;
    d.paradox_rate_ci = None;
    d.mcnemar_p = None;
    d.mcnemar_midp = None;
    d.mcnemar_or = None;
    d.mcnemar_or_ci = None;
    let [[Some(a), Some(b)], [Some(c), Some(dd)]] = d.table else {
        return;
    };
    let n = a + b + c + dd;
    d.n_pairs = Some(n);
    (d.willing, d.willing_ci) = proportion(a + b, n);
    (d.shared, d.shared_ci) = proportion(a + c, n);
    d.say_do_gap = d.shared.zip(d.willing).map(|(s, w)| s - w);
    (d.paradox_rate, d.paradox_rate_ci) = proportion(c, c + dd);
    if let Some((or, ci)) = stats::mcnemar_odds_ratio(b, c) {
        d.mcnemar_or = or.is_finite().then_some(or);
        d.mcnemar_or_ci = Some(ci);
    }
}

fn levels(t: &mut TacticLevels, min: i32, max: i32) {
    t.n = None;
    t.acceptable = None;
    t.acceptable_ci = None;
    t.intrusive = None;
    t.intrusive_ci = None;
    t.neutral = None;
    let Some(levels) = t.levels.iter().copied().collect::<Option<Vec<u64>>>() else {
        return;
    };
    let m = (f64::from(min) + f64::from(max)) / 2.0;
    let code = |i: usize| f64::from(min) + i as f64;
    let sum = |keep: &dyn Fn(f64) -> bool| -> u64 {
        levels
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(code(*i)))
            .map(|(_, v)| v)
            .sum()
    };
    let n: u64 = levels.iter().sum();
    t.n = Some(n);
    (t.acceptable, t.acceptable_ci) = proportion(sum(&|x| x > m), n);
    (t.intrusive, t.intrusive_ci) = proportion(sum(&|x| x < m), n);
    t.neutral = proportion(sum(&|x| x == m), n).0;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The difference of two Exp(λ) draws has the Laplace(0, 1/λ) moments: mean 0 and mean
    /// absolute deviation 1/λ. With λ = 0.5 (b = 2) and 20 000 draws the standard error of
    /// the mean |X| is b/√20000 ≈ 0.014 (Var|X| = b²), so ±0.07 is 5 standard errors.
    #[test]
    fn laplace_has_the_right_scale() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        let exp = Exp::new(0.5).expect("a valid rate");
        let draws: Vec<f64> = (0..20_000).map(|_| laplace(&mut rng, &exp)).collect();
        let mad = draws.iter().map(|x| x.abs()).sum::<f64>() / draws.len() as f64;
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mad - 2.0).abs() < 0.07, "mean |X| = {mad}");
        // sd of the mean is b·√2/√20000 ≈ 0.02.
        assert!(mean.abs() < 0.1, "mean = {mean}");
    }

    #[test]
    fn tactic_margins_follow_the_midpoint() {
        let mut t = TacticLevels {
            cohort: None,
            n: None,
            levels: vec![Some(1), Some(2), Some(3), Some(4), Some(10)],
            acceptable: None,
            acceptable_ci: None,
            intrusive: None,
            intrusive_ci: None,
            neutral: None,
        };
        levels(&mut t, 1, 5);
        assert_eq!(t.n, Some(20));
        assert_eq!(t.acceptable, Some(14.0 / 20.0));
        assert_eq!(t.intrusive, Some(3.0 / 20.0));
        assert_eq!(t.neutral, Some(3.0 / 20.0));
    }
}
