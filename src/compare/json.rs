//! `compare.json`: every study's published headline figures (its `gap.overall`, its cohort
//! gap blocks, its tactics' overall ratings) and the pooled effects — `rho`, `odds_ratio`
//! and per tactic `intrusive`, each by REML and, with `_dl`, by DerSimonian–Laird — with
//! the notes. Numbers at full precision; a pooled effect with fewer than two studies is
//! `null`.

use serde::Serialize;

use super::CompareStudy;
use crate::analysis::meta::{Comparison, EffectPooling, PooledEffect};
use crate::analysis::summary::{GapBlock, TacticLevels};

#[derive(Serialize)]
struct Doc<'a> {
    studies: Vec<StudyJson<'a>>,
    /// False when the studies' cohort schemes differ: cohorts are then not compared.
    cohorts_compared: bool,
    pooled: PooledJson,
    notes: &'a [String],
}

#[derive(Serialize)]
struct StudyJson<'a> {
    name: &'a str,
    n: u64,
    cohort_scheme: &'a str,
    min_cell: u32,
    gap: Option<&'a GapBlock>,
    cohorts: Vec<&'a GapBlock>,
    tactics: Vec<TacticJson<'a>>,
}

#[derive(Serialize)]
struct TacticJson<'a> {
    name: &'a str,
    min: i32,
    max: i32,
    overall: &'a TacticLevels,
    /// The bands `overall.levels` counts when publishing coarsened the study's table.
    #[serde(skip_serializing_if = "Option::is_none")]
    collapsed: Option<&'a crate::analysis::summary::Collapsed>,
}

#[derive(Serialize)]
struct PooledJson {
    rho: Option<Effect>,
    rho_dl: Option<Effect>,
    odds_ratio: Option<Effect>,
    odds_ratio_dl: Option<Effect>,
    tactics: Vec<TacticPooled>,
}

#[derive(Serialize)]
struct TacticPooled {
    name: String,
    intrusive: Option<Effect>,
    intrusive_dl: Option<Effect>,
}

#[derive(Serialize)]
struct Effect {
    method: &'static str,
    k: usize,
    studies: Vec<String>,
    estimate: f64,
    se: f64,
    ci: [f64; 2],
    tau2: f64,
    i2: f64,
    q: f64,
    q_df: usize,
    q_p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pi: Option<[f64; 2]>,
    /// Each study's share of the weight, in `studies` order.
    weights: Vec<f64>,
}

fn effect(p: Option<&PooledEffect>, method: &'static str) -> Option<Effect> {
    p.map(|p| Effect {
        method,
        k: p.fit.k,
        studies: p.studies.clone(),
        estimate: p.estimate,
        se: p.fit.se,
        ci: p.ci,
        tau2: p.fit.tau2,
        i2: p.fit.i2,
        q: p.fit.q,
        q_df: p.fit.q_df,
        q_p: p.fit.q_p,
        pi: p.pi,
        weights: p.weights.clone(),
    })
}

fn both(p: &EffectPooling) -> (Option<Effect>, Option<Effect>) {
    (effect(p.reml.as_ref(), "REML"), effect(p.dl.as_ref(), "DL"))
}

/// The bytes of `compare.json`.
pub fn compare_json(
    studies: &[CompareStudy],
    comparison: &Comparison,
    cohorts_compared: bool,
    notes: &[String],
) -> Vec<u8> {
    let (rho, rho_dl) = both(&comparison.rho);
    let (odds_ratio, odds_ratio_dl) = both(&comparison.odds_ratio);
    let doc = Doc {
        studies: studies
            .iter()
            .map(|s| {
                let sum = s.summary();
                StudyJson {
                    name: &s.label,
                    n: sum.study.analysed,
                    cohort_scheme: &sum.study.cohort_scheme,
                    min_cell: sum.disclosure_control.min_cell,
                    gap: sum.gap.overall.as_ref(),
                    cohorts: sum.gap.by_cohort.iter().flatten().collect(),
                    tactics: sum
                        .tactics
                        .iter()
                        .map(|t| TacticJson {
                            name: &t.name,
                            min: t.min,
                            max: t.max,
                            overall: &t.overall,
                            collapsed: t.collapsed.as_ref(),
                        })
                        .collect(),
                }
            })
            .collect(),
        cohorts_compared,
        pooled: PooledJson {
            rho,
            rho_dl,
            odds_ratio,
            odds_ratio_dl,
            tactics: comparison
                .tactics
                .iter()
                .map(|p| {
                    let (intrusive, intrusive_dl) = both(p);
                    TacticPooled {
                        name: match &p.effect {
                            crate::analysis::meta::Effect::Intrusive(t) => t.clone(),
                            other => other.key(),
                        },
                        intrusive,
                        intrusive_dl,
                    }
                })
                .collect(),
        },
        notes,
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_else(|_| b"null".to_vec());
    out.push(b'\n');
    out
}
