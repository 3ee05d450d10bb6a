//! The comparison's CSV tables, numbers at full precision (`crate::fmt::csv_number`):
//! `tables/pooled.csv` (one row per effect and method), `tables/effect_sizes.csv` (each
//! study's effect size, variance and weight per pooled effect) and `tables/studies.csv` (the
//! headline figures of every study side by side, long format).

use super::CompareStudy;
use crate::analysis::meta::{Comparison, EffectPooling};
use crate::fmt::{csv_count, csv_number};

fn to_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(&r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn effects(c: &Comparison) -> impl Iterator<Item = &EffectPooling> {
    std::iter::once(&c.rho)
        .chain([&c.odds_ratio])
        .chain(&c.tactics)
}

/// (file name under `tables/`, bytes) of every CSV table.
pub fn csv_tables(
    studies: &[CompareStudy],
    c: &Comparison,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut pooled = Vec::new();
    let mut sizes = Vec::new();
    for p in effects(c) {
        for (method, r) in [("REML", &p.reml), ("DL", &p.dl)] {
            let Some(r) = r else { continue };
            let f = &r.fit;
            let n = |x: f64| csv_number(Some(x));
            pooled.push(vec![
                p.effect.key(),
                method.into(),
                f.k.to_string(),
                r.studies.join("; "),
                n(r.estimate),
                n(r.ci[0]),
                n(r.ci[1]),
                csv_number(r.pi.map(|p| p[0])),
                csv_number(r.pi.map(|p| p[1])),
                n(f.estimate),
                n(f.se),
                n(f.tau2),
                n(f.i2),
                n(f.q),
                f.q_df.to_string(),
                n(f.q_p),
            ]);
        }
        for (i, s) in p.inputs.iter().enumerate() {
            let [lo, hi] = s.ci();
            let w = |r: &Option<crate::analysis::meta::PooledEffect>| {
                csv_number(r.as_ref().map(|r| r.weights[i]))
            };
            sizes.push(vec![
                p.effect.key(),
                s.study.clone(),
                csv_number(Some(s.y)),
                csv_number(Some(s.v)),
                csv_number(Some(p.effect.back(s.y))),
                csv_number(Some(p.effect.back(lo))),
                csv_number(Some(p.effect.back(hi))),
                w(&p.reml),
                w(&p.dl),
            ]);
        }
    }
    let mut long = Vec::new();
    for s in studies {
        let sum = s.summary();
        let mut put = |figure: String, value: String| {
            long.push(vec![s.label.clone(), figure, value]);
        };
        put("analysed".into(), sum.study.analysed.to_string());
        if let Some(b) = &sum.gap.overall {
            put("gap.n".into(), csv_count(b.n));
            put("gap.concerned".into(), csv_number(b.concerned));
            put("gap.disclosers".into(), csv_number(b.disclosers));
            put("gap.paradoxical".into(), csv_number(b.paradoxical));
            put(
                "gap.paradoxical_expected".into(),
                csv_number(b.paradoxical_expected),
            );
            put("gap.disclosure_rd".into(), csv_number(b.disclosure_rd));
            put("gap.spearman_rho".into(), csv_number(b.spearman_rho));
        }
        for b in sum.gap.by_cohort.iter().flatten() {
            let c = b.cohort.clone().unwrap_or_default();
            put(format!("cohort[{c}].n"), csv_count(b.n));
            put(
                format!("cohort[{c}].paradoxical"),
                csv_number(b.paradoxical),
            );
        }
        for t in &sum.tactics {
            put(format!("tactic[{}].n", t.name), csv_count(t.overall.n));
            put(
                format!("tactic[{}].intrusive", t.name),
                csv_number(t.overall.intrusive),
            );
            put(
                format!("tactic[{}].acceptable", t.name),
                csv_number(t.overall.acceptable),
            );
        }
    }
    Ok(vec![
        (
            "effect_sizes.csv".into(),
            to_bytes(
                &[
                    "effect",
                    "study",
                    "y",
                    "v",
                    "estimate",
                    "ci_low",
                    "ci_high",
                    "weight_reml",
                    "weight_dl",
                ],
                sizes,
            )?,
        ),
        (
            "pooled.csv".into(),
            to_bytes(
                &[
                    "effect",
                    "method",
                    "k",
                    "studies",
                    "estimate",
                    "ci_low",
                    "ci_high",
                    "pi_low",
                    "pi_high",
                    "estimate_transformed",
                    "se",
                    "tau2",
                    "i2",
                    "q",
                    "q_df",
                    "q_p",
                ],
                pooled,
            )?,
        ),
        (
            "studies.csv".into(),
            to_bytes(&["study", "figure", "value"], long)?,
        ),
    ])
}
