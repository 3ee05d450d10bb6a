//! Several studies pooled: from each study's *published* summary, the effect sizes that
//! `paradox compare` pools — Spearman's ρ as Fisher z with the Bonett–Wright variance, the
//! log odds ratio of the concern table, the logit of each tactic's intrusive share — and
//! their random-effects pooling by REML and by DerSimonian–Laird (`stats::meta`), back on
//! each effect's own scale. A study enters a pooling only when its own published figure
//! is there (nothing suppressed in the table it rests on); every study left out, every
//! continuity correction and every pooling with too few studies is said in the notes.
//! Pure: published summaries in, numbers and notes out.

use super::stats::meta::{pool, Pooled, Tau2Method};
use super::summary::{GapBlock, Summary, TacticSummary};

/// z₀.₉₇₅.
const Z975: f64 = 1.959_963_984_540_054;

/// One study as `compare` pools it: its label, its published summary, and whether it has
/// behaviour data at all.
#[derive(Debug, Clone, Copy)]
pub struct StudyInput<'a> {
    pub name: &'a str,
    pub summary: &'a Summary,
    pub has_behavior: bool,
}

/// What is pooled, and how it is put back on its own scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Rho,
    OddsRatio,
    /// The intrusive share of the named tactic.
    Intrusive(String),
}

impl Effect {
    /// The key in `compare.json` and the chart's name: `rho`, `odds_ratio`,
    /// `intrusive-<tactic>`.
    pub fn key(&self) -> String {
        match self {
            Effect::Rho => "rho".into(),
            Effect::OddsRatio => "odds_ratio".into(),
            Effect::Intrusive(t) => format!("intrusive-{t}"),
        }
    }

    /// From the transformed scale back to the effect's own: tanh, exp, the logistic.
    pub fn back(&self, x: f64) -> f64 {
        match self {
            Effect::Rho => x.tanh(),
            Effect::OddsRatio => x.exp(),
            Effect::Intrusive(_) => 1.0 / (1.0 + (-x).exp()),
        }
    }
}

/// One study's effect size on the transformed scale, with its variance.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyEffect {
    pub study: String,
    pub y: f64,
    pub v: f64,
}

impl StudyEffect {
    /// The study's own 95% interval, y ± z·√v, on the transformed scale.
    pub fn ci(&self) -> [f64; 2] {
        let h = Z975 * self.v.sqrt();
        [self.y - h, self.y + h]
    }
}

/// A pooled effect, back on the effect's own scale where the field says so.
#[derive(Debug, Clone, PartialEq)]
pub struct PooledEffect {
    pub studies: Vec<String>,
    /// The pooling on the transformed scale (τ², se, Q, I² as computed).
    pub fit: Pooled,
    /// Back-transformed estimate, CI and prediction interval.
    pub estimate: f64,
    pub ci: [f64; 2],
    pub pi: Option<[f64; 2]>,
    /// Each study's share of the random-effects weight, in `studies` order (sums to 1).
    pub weights: Vec<f64>,
}

/// One effect over the studies: who has it, and both poolings (`None` for k < 2).
#[derive(Debug, Clone, PartialEq)]
pub struct EffectPooling {
    pub effect: Effect,
    /// The studies pooled, in the order given.
    pub inputs: Vec<StudyEffect>,
    pub reml: Option<PooledEffect>,
    pub dl: Option<PooledEffect>,
}

/// Everything `compare` pools, with the notes that explain who was left out and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub rho: EffectPooling,
    pub odds_ratio: EffectPooling,
    /// Tactics named in at least two studies, in order of first appearance.
    pub tactics: Vec<EffectPooling>,
    pub notes: Vec<String>,
}

/// Why a study has no effect size for an effect (the words of the note).
type Missing = String;

/// Fisher z of the published ρ with variance (1 + ρ²/2)/(n − 3).
pub fn rho_effect(gap: &GapBlock) -> Result<(f64, f64), Missing> {
    match (gap.spearman_rho, gap.n) {
        (Some(r), Some(n)) if r.is_finite() && r.abs() < 1.0 && n >= 4 => {
            Ok((r.atanh(), (1.0 + r * r / 2.0) / (n as f64 - 3.0)))
        }
        _ => Err("its \u{3c1} is not published (suppressed, or not defined for its data)".into()),
    }
}

/// Adds 0.5 to every count when one is 0; says whether it did.
fn corrected<const N: usize>(cells: [u64; N]) -> ([f64; N], bool) {
    let zero = cells.contains(&0);
    let add = if zero { 0.5 } else { 0.0 };
    (cells.map(|c| c as f64 + add), zero)
}

/// ln(ad/(bc)) of the published concern table with variance 1/a + 1/b + 1/c + 1/d; the
/// flag says 0.5 was added to every cell because one was 0.
pub fn odds_ratio_effect(gap: &GapBlock) -> Result<(f64, f64, bool), Missing> {
    let t = gap.concern_table;
    let (Some(a), Some(b), Some(c), Some(d)) = (t[0][0], t[0][1], t[1][0], t[1][1]) else {
        return Err("its concern table has suppressed cells".into());
    };
    if a + b + c + d == 0 {
        return Err("its concern table is empty".into());
    }
    let ([a, b, c, d], zero) = corrected([a, b, c, d]);
    Ok((
        (a * d / (b * c)).ln(),
        1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d,
        zero,
    ))
}

/// The logit of the unweighted share rating the tactic below its scale's midpoint, from
/// the published overall rating counts, with variance 1/x + 1/(n − x); the flag says 0.5
/// was added to x and n − x because one was 0.
pub fn intrusive_effect(t: &TacticSummary) -> Result<(f64, f64, bool), Missing> {
    let o = &t.overall;
    let levels: Option<Vec<u64>> = o.levels.iter().copied().collect();
    let (Some(n), Some(levels)) = (o.n, levels) else {
        return Err("its rating table has suppressed cells".into());
    };
    // The codes each published count stands for: the codes themselves, or the bands a
    // coarsened table was published in (an intrusive band counts wholly below the
    // midpoint; a band that also holds the midpoint leaves the intrusive count unknown).
    let bands: Vec<Vec<i32>> = match t.collapsed.as_ref().filter(|c| !c.levels.is_empty()) {
        Some(c) => c.levels.clone(),
        None => (t.min..=t.max).map(|c| vec![c]).collect(),
    };
    if levels.len() != bands.len() {
        return Err("its rating table is not published level by level".into());
    }
    let mid = (f64::from(t.min) + f64::from(t.max)) / 2.0;
    let below = |b: &Vec<i32>| b.iter().all(|&c| f64::from(c) < mid);
    let mixed = |b: &Vec<i32>| !below(b) && b.iter().any(|&c| f64::from(c) < mid);
    if bands.iter().any(mixed) {
        return Err(
            "its intrusive ratings are published only together with the neutral one".into(),
        );
    }
    let x: u64 = bands
        .iter()
        .zip(&levels)
        .filter(|(b, _)| below(b))
        .map(|(_, c)| c)
        .sum();
    let rated: u64 = levels.iter().sum();
    if n == 0 || x > n || rated > n {
        return Err("no respondent rated it".into());
    }
    let ([x, rest], zero) = corrected([x, n - x]);
    Ok(((x / rest).ln(), 1.0 / x + 1.0 / rest, zero))
}

fn pooled(effect: &Effect, inputs: &[StudyEffect], method: Tau2Method) -> Option<PooledEffect> {
    let y: Vec<f64> = inputs.iter().map(|e| e.y).collect();
    let v: Vec<f64> = inputs.iter().map(|e| e.v).collect();
    let fit = pool(&y, &v, method)?;
    let w: Vec<f64> = v.iter().map(|vi| 1.0 / (vi + fit.tau2)).collect();
    let sw: f64 = w.iter().sum();
    Some(PooledEffect {
        studies: inputs.iter().map(|e| e.study.clone()).collect(),
        estimate: effect.back(fit.estimate),
        ci: fit.ci.map(|x| effect.back(x)),
        pi: fit.pi.map(|p| p.map(|x| effect.back(x))),
        weights: w.iter().map(|wi| wi / sw).collect(),
        fit,
    })
}

/// Pools `inputs` (effect sizes computed elsewhere) both ways, with the notes on too few
/// studies.
pub fn pool_inputs(effect: Effect, inputs: Vec<StudyEffect>) -> (EffectPooling, Vec<String>) {
    let mut notes = Vec::new();
    let p = pooling(effect, inputs, &mut notes);
    (p, notes)
}

/// Pools `inputs` both ways and notes a pooling with fewer than two studies.
fn pooling(effect: Effect, inputs: Vec<StudyEffect>, notes: &mut Vec<String>) -> EffectPooling {
    let key = effect.key();
    match inputs.len() {
        0 => notes.push(format!("{key}: no study publishes it; nothing pooled")),
        1 => notes.push(format!(
            "{key}: only \"{}\" publishes it; a pooled effect needs at least 2 studies",
            inputs[0].study
        )),
        2 => notes.push(format!(
            "{key}: 2 studies; no prediction interval (it needs at least 3)"
        )),
        _ => {}
    }
    let reml = pooled(&effect, &inputs, Tau2Method::Reml);
    let dl = pooled(&effect, &inputs, Tau2Method::DerSimonianLaird);
    if inputs.len() >= 2 && (reml.is_none() || dl.is_none()) {
        notes.push(format!("{key}: the pooling did not converge; left out"));
    }
    EffectPooling {
        effect,
        inputs,
        reml,
        dl,
    }
}

/// Pools every effect over `studies` (in their order).
pub fn compare(studies: &[StudyInput<'_>]) -> Comparison {
    let mut notes = Vec::new();
    let mut rho = Vec::new();
    let mut odds = Vec::new();
    for s in studies {
        let name = s.name;
        let Some(gap) = s.summary.gap.overall.as_ref().filter(|_| s.has_behavior) else {
            notes.push(format!(
                "\"{name}\" has no behaviour data (or no concern scale): listed, and pooled for \
                 tactics only"
            ));
            continue;
        };
        match rho_effect(gap) {
            Ok((y, v)) => rho.push(StudyEffect {
                study: name.into(),
                y,
                v,
            }),
            Err(why) => notes.push(format!("rho: \"{name}\" left out: {why}")),
        }
        match odds_ratio_effect(gap) {
            Ok((y, v, zero)) => {
                if zero {
                    notes.push(format!(
                        "odds_ratio: \"{name}\" has a 0 in its concern table; 0.5 was added to \
                         every cell"
                    ));
                }
                odds.push(StudyEffect {
                    study: name.into(),
                    y,
                    v,
                });
            }
            Err(why) => notes.push(format!("odds_ratio: \"{name}\" left out: {why}")),
        }
    }
    let rho = pooling(Effect::Rho, rho, &mut notes);
    let odds_ratio = pooling(Effect::OddsRatio, odds, &mut notes);

    let mut names: Vec<&str> = Vec::new();
    for s in studies {
        for t in &s.summary.tactics {
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
    }
    let mut tactics = Vec::new();
    for tactic in names {
        let holders: Vec<(&str, &TacticSummary)> = studies
            .iter()
            .filter_map(|s| {
                s.summary
                    .tactics
                    .iter()
                    .find(|t| t.name == tactic)
                    .map(|t| (s.name, t))
            })
            .collect();
        if holders.len() < 2 {
            notes.push(format!(
                "intrusive-{tactic}: the tactic is in \"{}\" only; not pooled",
                holders.first().map_or("", |h| h.0)
            ));
            continue;
        }
        let mut inputs = Vec::new();
        for (name, t) in holders {
            match intrusive_effect(t) {
                Ok((y, v, zero)) => {
                    if zero {
                        notes.push(format!(
                            "intrusive-{tactic}: in \"{name}\" nobody (or everybody) found it \
                             intrusive; 0.5 was added to both counts"
                        ));
                    }
                    inputs.push(StudyEffect {
                        study: name.into(),
                        y,
                        v,
                    });
                }
                Err(why) => notes.push(format!("intrusive-{tactic}: \"{name}\" left out: {why}")),
            }
        }
        tactics.push(pooling(
            Effect::Intrusive(tactic.into()),
            inputs,
            &mut notes,
        ));
    }
    Comparison {
        rho,
        odds_ratio,
        tactics,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(rho: Option<f64>, n: u64, table: [[Option<u64>; 2]; 2]) -> GapBlock {
        GapBlock {
            n: Some(n),
            spearman_rho: rho,
            concern_table: table,
            ..GapBlock::default()
        }
    }

    #[test]
    fn effect_sizes_follow_their_definitions() {
        let g = block(
            Some(-0.2),
            103,
            [[Some(20), Some(30)], [Some(25), Some(28)]],
        );
        let (y, v) = rho_effect(&g).unwrap();
        assert!((y - (-0.2f64).atanh()).abs() < 1e-15);
        assert!((v - 1.02 / 100.0).abs() < 1e-15);
        let (y, v, zero) = odds_ratio_effect(&g).unwrap();
        assert!(!zero);
        assert!((y - (20.0 * 28.0 / (30.0 * 25.0f64)).ln()).abs() < 1e-15);
        assert!((v - (1.0 / 20.0 + 1.0 / 30.0 + 1.0 / 25.0 + 1.0 / 28.0)).abs() < 1e-15);
        let z = block(None, 10, [[Some(0), Some(3)], [Some(4), Some(3)]]);
        assert!(rho_effect(&z).is_err());
        let (y, _, zero) = odds_ratio_effect(&z).unwrap();
        assert!(zero);
        assert!((y - (0.5 * 3.5 / (3.5 * 4.5f64)).ln()).abs() < 1e-15);
        let s = block(Some(0.1), 50, [[None, Some(3)], [Some(4), Some(3)]]);
        assert!(odds_ratio_effect(&s).is_err());
    }

    #[test]
    fn back_transforms_are_the_inverse_links() {
        assert!((Effect::Rho.back(0.5f64.atanh()) - 0.5).abs() < 1e-15);
        assert!((Effect::OddsRatio.back(2f64.ln()) - 2.0).abs() < 1e-15);
        let p = Effect::Intrusive("x".into()).back((0.25f64 / 0.75).ln());
        assert!((p - 0.25).abs() < 1e-15);
    }
}
