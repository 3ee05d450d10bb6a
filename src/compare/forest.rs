//! The forest plot of one pooled effect, read like R metafor's `forest()`: a row per study
//! with its estimate as a square whose area is proportional to its random-effects weight
//! and its 95% CI as a whisker; below a rule, the pooled estimate as a diamond spanning its
//! CI (REML, then DerSimonian–Laird), and the 95% prediction interval as a bar through the
//! REML diamond's row. The x axis runs on the transformed scale (Fisher z, log odds ratio,
//! logit), labelled in the effect's own units; study labels on the left, each study's
//! weight and estimate [CI] in columns on the right.

use super::chart::{self, diamond_at, whisker, Key, Laid};
use crate::analysis::meta::{Effect, EffectPooling, PooledEffect};
use crate::fmt::{num, pct1, MINUS};
use crate::report::charts::layout::{
    fit, line_step, tick_label, AXIS, BLACK, BLUE, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN,
    NEUTRAL, SMALL_SIZE, TICK_SIZE, WIDTH,
};
use crate::report::charts::scene::{text_width, HAlign, VAlign};

const ROW_H: f64 = 30.0;
const MAX_SQUARE: f64 = 18.0;
const MIN_SQUARE: f64 = 5.0;

/// How the effect is named and printed.
fn effect_words(e: &Effect) -> (String, &'static str) {
    match e {
        Effect::Rho => (
            "Concern and disclosure: Spearman\u{2019}s \u{3c1}".into(),
            "Spearman\u{2019}s \u{3c1} (Fisher z scale)",
        ),
        Effect::OddsRatio => (
            "Concerned vs. not: odds ratio of being a discloser".into(),
            "Odds ratio (log scale)",
        ),
        Effect::Intrusive(t) => (
            format!("Share finding \u{201c}{t}\u{201d} intrusive"),
            "Share intrusive, % (logit scale)",
        ),
    }
}

/// A value on the effect's own scale, as printed in the chart and the report.
pub fn value_text(e: &Effect, x: f64) -> String {
    match e {
        Effect::Rho => num(x, 2),
        Effect::OddsRatio => num(x, 2),
        Effect::Intrusive(_) => pct1(x),
    }
}

/// "estimate [lo, hi]" on the effect's own scale.
pub fn estimate_text(e: &Effect, est: f64, ci: [f64; 2]) -> String {
    format!(
        "{} [{}, {}]",
        value_text(e, est),
        value_text(e, ci[0]),
        value_text(e, ci[1])
    )
}

/// Tick values on the effect's own scale covering `[a, b]` (own scale): the finest of a
/// few friendly sets with at most seven ticks in range.
fn ticks(e: &Effect, a: f64, b: f64) -> Vec<f64> {
    let within = |v: &f64| *v >= a - 1e-12 && *v <= b + 1e-12;
    match e {
        Effect::OddsRatio => {
            let sets: [&[f64]; 5] = [
                &[0.8, 0.9, 1.0, 1.1, 1.25],
                &[0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0],
                &[0.25, 0.5, 1.0, 2.0, 4.0],
                &[0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0],
                &[0.01, 0.1, 1.0, 10.0, 100.0],
            ];
            // The finest set with 3 to 7 ticks in range that spans half the range at least.
            let span = (b / a).ln();
            for s in sets {
                let v: Vec<f64> = s.iter().copied().filter(within).collect();
                let covers = match (v.first(), v.last()) {
                    (Some(lo), Some(hi)) => (hi / lo).ln() >= 0.5 * span,
                    _ => false,
                };
                if v.len() >= 3 && v.len() <= 7 && covers {
                    return v;
                }
            }
            sets[4].iter().copied().filter(within).collect()
        }
        _ => {
            let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5];
            let step = steps
                .into_iter()
                .find(|s| (b - a) / s <= 6.0)
                .unwrap_or(0.5);
            let mut v = Vec::new();
            let mut t = (a / step).ceil() * step;
            while t <= b + 1e-12 {
                v.push(t);
                t += step;
            }
            v
        }
    }
}

/// The transformed value of an own-scale tick.
fn forward(e: &Effect, x: f64) -> f64 {
    match e {
        Effect::Rho => x.clamp(-0.999_999, 0.999_999).atanh(),
        Effect::OddsRatio => x.ln(),
        Effect::Intrusive(_) => {
            let p = x.clamp(1e-9, 1.0 - 1e-9);
            (p / (1.0 - p)).ln()
        }
    }
}

fn tick_text(e: &Effect, v: f64) -> String {
    match e {
        Effect::Intrusive(_) => tick_label(v * 100.0),
        _ => tick_label(v).replace('-', &MINUS.to_string()),
    }
}

/// Lays out the forest plot; `None` when the effect was not pooled.
pub fn lay_out(p: &EffectPooling) -> Option<Laid> {
    let reml = p.reml.as_ref()?;
    let dl = p.dl.as_ref()?;
    let e = &p.effect;
    let (title, axis_title) = effect_words(e);
    let k = p.inputs.len();

    // The x range on the transformed scale: every CI, both diamonds, the PI.
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut see = |x: f64| {
        if x.is_finite() {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    };
    for s in &p.inputs {
        let [a, b] = s.ci();
        see(a);
        see(b);
    }
    for f in [&reml.fit, &dl.fit] {
        see(f.ci[0]);
        see(f.ci[1]);
    }
    if let Some(pi) = reml.fit.pi {
        see(pi[0]);
        see(pi[1]);
    }
    see(0.0);
    let pad = ((hi - lo) * 0.04).max(0.01);
    let (lo, hi) = (lo - pad, hi + pad);
    let tick_values = ticks(e, e.back(lo), e.back(hi));

    let keys = vec![
        (
            Key::Square(INK),
            "Study estimate (area \u{221d} weight)".into(),
        ),
        (Key::Whisker, "95% CI".into()),
        (Key::Diamond(BLACK), "Pooled, REML".into()),
        (
            Key::Diamond(BLUE),
            "Pooled, DerSimonian\u{2013}Laird".into(),
        ),
    ]
    .into_iter()
    .chain(
        reml.fit
            .pi
            .map(|_| (Key::Bar(NEUTRAL), "95% prediction interval".to_string())),
    )
    .collect::<Vec<_>>();
    let caption = caption(e, p, reml, dl);
    let rows = k as f64 + 2.0;
    let body = 2.0 * line_step(SMALL_SIZE)
        + rows * ROW_H
        + 16.0
        + line_step(SMALL_SIZE)
        + 10.0
        + line_step(TICK_SIZE)
        + line_step(LABEL_SIZE)
        + 16.0;
    let (mut scene, top) = chart::open(&title, &keys, body, &caption);

    // Columns: labels | plot | weight | estimate [CI].
    let mut labels: Vec<String> = p.inputs.iter().map(|s| s.study.clone()).collect();
    labels.push("RE model (REML)".into());
    labels.push("RE model (DL)".into());
    let label_w = labels
        .iter()
        .map(|l| text_width(l, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(200.0);
    let est_texts: Vec<String> = p
        .inputs
        .iter()
        .map(|s| {
            let [a, b] = s.ci();
            estimate_text(e, e.back(s.y), [e.back(a), e.back(b)])
        })
        .chain([reml, dl].map(|r| estimate_text(e, r.estimate, r.ci)))
        .collect();
    let est_w = est_texts
        .iter()
        .map(|t| text_width(t, TICK_SIZE, false))
        .fold(text_width("Estimate [95% CI]", SMALL_SIZE, false), f64::max);
    let right = f64::from(WIDTH) - MARGIN;
    let weight_right = right - est_w - 18.0;
    let weight_w =
        text_width("Weight", SMALL_SIZE, false).max(text_width("100.0%", TICK_SIZE, false));
    let plot_l = MARGIN + label_w + 16.0;
    let plot_r = weight_right - weight_w - 18.0;
    let xv = |x: f64| plot_l + (plot_r - plot_l) * (x - lo) / (hi - lo);

    // Column heads.
    let head_y = top + line_step(SMALL_SIZE);
    let small = |s: &mut crate::report::charts::scene::Scene, x, text: &str, h| {
        s.label(x, head_y, text, SMALL_SIZE, h, VAlign::Bottom, INK);
    };
    small(&mut scene, MARGIN, "Study", HAlign::Left);
    small(&mut scene, weight_right, "Weight", HAlign::Right);
    small(&mut scene, right, "Estimate [95% CI]", HAlign::Right);
    let rows_top = top + 2.0 * line_step(SMALL_SIZE);
    let row_y = |i: f64| rows_top + ROW_H * (i + 0.5);
    let studies_bottom = rows_top + ROW_H * k as f64;
    let models_top = studies_bottom + 16.0;
    let model_y = |i: f64| models_top + ROW_H * (i + 0.5);
    let plot_bottom = models_top + 2.0 * ROW_H;

    // Grid at the ticks, and the line of no effect.
    for t in &tick_values {
        let x = xv(forward(e, *t));
        scene.line((x, rows_top), (x, plot_bottom), GRID, 1.0);
    }
    let null = match e {
        Effect::Intrusive(_) => None,
        _ => Some(0.0),
    };
    if let Some(z) = null {
        scene.dashed((xv(z), rows_top), (xv(z), plot_bottom), AXIS, 1.0);
    }

    let max_w = reml.weights.iter().copied().fold(0.0, f64::max);
    for (i, s) in p.inputs.iter().enumerate() {
        let y = row_y(i as f64);
        let label = fit(&s.study, TICK_SIZE, false, label_w);
        scene.label(
            MARGIN,
            y,
            label,
            TICK_SIZE,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        let [a, b] = s.ci();
        whisker(&mut scene, xv(a), xv(b), y, BLACK);
        let w = reml.weights[i];
        let side = (MAX_SQUARE * (w / max_w).sqrt()).max(MIN_SQUARE);
        let x = xv(s.y);
        scene.rect(
            x - side / 2.0,
            y - side / 2.0,
            x + side / 2.0,
            y + side / 2.0,
            INK,
        );
        scene.label(
            weight_right,
            y,
            pct1(w),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK,
        );
        scene.label(
            right,
            y,
            est_texts[i].clone(),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK,
        );
    }
    scene.line(
        (MARGIN, studies_bottom + 8.0),
        (right, studies_bottom + 8.0),
        AXIS,
        1.0,
    );
    for (i, (r, colour, name)) in [
        (reml, BLACK, "RE model (REML)"),
        (dl, BLUE, "RE model (DL)"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = model_y(i as f64);
        if let (0, Some(pi)) = (i, r.fit.pi) {
            scene.rect(xv(pi[0]), y - 2.0, xv(pi[1]), y + 2.0, NEUTRAL);
            scene.line((xv(pi[0]), y - 6.0), (xv(pi[0]), y + 6.0), NEUTRAL, 2.0);
            scene.line((xv(pi[1]), y - 6.0), (xv(pi[1]), y + 6.0), NEUTRAL, 2.0);
        }
        let f = &r.fit;
        diamond_at(
            &mut scene,
            xv(f.ci[0]),
            xv(f.estimate),
            xv(f.ci[1]),
            y,
            8.0,
            colour,
        );
        scene.label(
            MARGIN,
            y,
            name,
            TICK_SIZE,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        scene.label(
            right,
            y,
            est_texts[k + i].clone(),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK,
        );
    }
    let het_y = plot_bottom + 4.0;
    scene.label(
        MARGIN,
        het_y,
        heterogeneity(reml),
        SMALL_SIZE,
        HAlign::Left,
        VAlign::Top,
        INK_SOFT,
    );

    // The x axis.
    let axis_y = het_y + line_step(SMALL_SIZE) + 10.0;
    scene.line((plot_l, axis_y), (plot_r, axis_y), AXIS, 1.0);
    let mut last_right = f64::NEG_INFINITY;
    for t in &tick_values {
        let x = xv(forward(e, *t));
        scene.line((x, axis_y), (x, axis_y + 5.0), AXIS, 1.0);
        let w = text_width(&tick_text(e, *t), TICK_SIZE, false);
        if x - w / 2.0 < last_right + 6.0 {
            continue;
        }
        last_right = x + w / 2.0;
        scene.label(
            x,
            axis_y + 7.0,
            tick_text(e, *t),
            TICK_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    scene.label(
        (plot_l + plot_r) / 2.0,
        axis_y + 9.0 + line_step(TICK_SIZE),
        axis_title,
        LABEL_SIZE,
        HAlign::Center,
        VAlign::Top,
        INK,
    );
    Some(chart::finish(
        scene,
        format!("forest-{}", e.key()),
        title,
        caption,
    ))
}

/// "τ² = 0.31, I² = 92.2%, Q = 152.23 (df = 12), p < 0.001" of the REML pooling.
pub fn heterogeneity(r: &PooledEffect) -> String {
    let f = &r.fit;
    format!(
        "Heterogeneity (REML): \u{3c4}\u{b2} = {}, I\u{b2} = {}, Q = {} (df = {}), {}",
        num(f.tau2, 4),
        pct1(f.i2),
        num(f.q, 2),
        f.q_df,
        crate::fmt::p_value(f.q_p)
    )
}

fn caption(e: &Effect, p: &EffectPooling, reml: &PooledEffect, dl: &PooledEffect) -> String {
    let scale = match e {
        Effect::Rho => {
            "Fisher z = atanh(\u{3c1}) with variance (1 + \u{3c1}\u{b2}/2)/(n \u{2212} 3)"
        }
        Effect::OddsRatio => "the log odds ratio of each study\u{2019}s concern table",
        Effect::Intrusive(_) => {
            "the logit of each study\u{2019}s unweighted share rating the tactic below the midpoint"
        }
    };
    let mut t = format!(
        "{} studies pooled on {scale}, by random effects (weights 1/(v + \u{3c4}\u{b2}), REML). \
         Squares: study estimates, area proportional to weight; whiskers: 95% CIs; diamonds: \
         the pooled estimate and its 95% CI (REML: {}; DerSimonian\u{2013}Laird: {}).",
        p.inputs.len(),
        estimate_text(e, reml.estimate, reml.ci),
        estimate_text(e, dl.estimate, dl.ci),
    );
    match reml.pi {
        Some(pi) => t.push_str(&format!(
            " Grey bar: the 95% prediction interval for a new study, {} to {} (t with k \u{2212} 2 df).",
            value_text(e, pi[0]),
            value_text(e, pi[1])
        )),
        None => t.push_str(" No prediction interval: it needs at least 3 studies."),
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::meta::{pool_inputs, StudyEffect};

    /// metafor's dat.bcg (Colditz et al. 1994) as log risk ratios: 13 heterogeneous trials.
    fn bcg() -> Vec<StudyEffect> {
        let t = [
            [4.0, 119.0, 11.0, 128.0],
            [6.0, 300.0, 29.0, 274.0],
            [3.0, 228.0, 11.0, 209.0],
            [62.0, 13536.0, 248.0, 12619.0],
            [33.0, 5036.0, 47.0, 5761.0],
            [180.0, 1361.0, 372.0, 1079.0],
            [8.0, 2537.0, 10.0, 619.0],
            [505.0, 87886.0, 499.0, 87892.0],
            [29.0, 7470.0, 45.0, 7232.0],
            [17.0, 1699.0, 65.0, 1600.0],
            [186.0, 50448.0, 141.0, 27197.0],
            [5.0, 2493.0, 3.0, 2338.0],
            [27.0, 16886.0, 29.0, 17825.0],
        ];
        t.iter()
            .enumerate()
            .map(|(i, [a, b, c, d]): (usize, &[f64; 4])| StudyEffect {
                study: format!("Trial {} with a longer name", i + 1),
                y: ((a / (a + b)) / (c / (c + d))).ln(),
                v: 1.0 / a - 1.0 / (a + b) + 1.0 / c - 1.0 / (c + d),
            })
            .collect()
    }

    fn laid(inputs: Vec<StudyEffect>) -> Laid {
        crate::report::charts::scene::ensure_fonts().unwrap();
        let (p, _) = pool_inputs(Effect::OddsRatio, inputs);
        lay_out(&p).expect("pooled")
    }

    #[test]
    fn no_text_overlaps_and_nothing_leaves_the_canvas() {
        for inputs in [bcg(), bcg().into_iter().take(2).collect()] {
            let l = laid(inputs);
            let boxes = l.scene.text_boxes();
            let (w, h) = (f64::from(l.scene.width), f64::from(l.scene.height));
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.x0 >= 0.0 && a.y0 >= 0.0 && a.x1 <= w && a.y1 <= h,
                    "{a:?}"
                );
                for b in &boxes[i + 1..] {
                    assert!(!a.intersects(b), "{a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn two_studies_draw_no_prediction_interval() {
        let l = laid(bcg().into_iter().take(2).collect());
        assert!(l.caption.contains("No prediction interval"));
        let with = laid(bcg());
        assert!(with.caption.contains("prediction interval for a new study"));
    }
}
