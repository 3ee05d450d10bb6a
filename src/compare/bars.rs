//! The studies side by side: the gap of every study (the shares concerned, disclosing and
//! paradoxical with their 95% Wilson CIs, and the paradoxical share expected if concern did
//! not matter) as grouped bars, and the acceptance of every tactic by study as diverging
//! bars (intrusive left of 0, acceptable right, the neutral share centred on 0). Values
//! are the studies' published figures; a suppressed one is a hatched box.

use super::chart::{self, Key, Laid};
use super::CompareStudy;
use crate::analysis::summary::TacticLevels;
use crate::fmt::pct0;
use crate::report::charts::layout::{
    fit, line_step, tick_label, AXIS, BLACK, BLUE, GREEN, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN,
    NEUTRAL, ORANGE, SKY_BLUE, SMALL_SIZE, SUPPRESSED_FILL, SUPPRESSED_HATCH, TICK_SIZE,
    VERMILLION, WIDTH,
};
use crate::report::charts::scene::{text_width, Colour, HAlign, Scene, VAlign};

const PLOT_H: f64 = 300.0;
const HATCHED: &str = " Hatched: suppressed by the study\u{2019}s disclosure control.";

fn hatched(scene: &mut Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    scene.hatched(x0, y0, x1, y1, SUPPRESSED_FILL, SUPPRESSED_HATCH);
}

/// Grouped bars of every study's gap figures; `None` when no study has a gap block.
pub fn gap(studies: &[CompareStudy]) -> Option<Laid> {
    if studies.iter().all(|s| s.summary().gap.overall.is_none()) {
        return None;
    }
    let series: [(&str, Colour); 3] = [
        ("Concerned", ORANGE),
        ("Disclosers", SKY_BLUE),
        ("Paradoxical (concerned and discloser)", GREEN),
    ];
    let mut keys: Vec<(Key, String)> = series
        .iter()
        .map(|(n, c)| (Key::Fill(*c), n.to_string()))
        .collect();
    keys.push((
        Key::HollowSquare,
        "Paradoxical share expected if concern did not matter".into(),
    ));
    keys.push((Key::Whisker, "95% CI (Wilson)".into()));
    let title = "Concern, disclosure and the paradox: the studies side by side".to_string();
    let suppressed = studies.iter().any(|s| {
        s.summary().gap.overall.as_ref().is_some_and(|b| {
            b.concerned.is_none() || b.disclosers.is_none() || b.paradoxical.is_none()
        })
    });
    let mut caption = "Each study\u{2019}s published figures for all its respondents with both \
                       scores. Concerned: concern score above the study\u{2019}s threshold; \
                       disclosers: disclosure score at or above it; paradoxical: both. Hollow \
                       squares: the paradoxical share expected if concern and disclosure were \
                       independent."
        .to_string();
    if suppressed {
        caption.push_str(HATCHED);
    }
    let axis_h = 8.0 + 2.0 * line_step(TICK_SIZE) + 12.0;
    let (mut scene, y) = chart::open(&title, &keys, 12.0 + PLOT_H + axis_h, &caption);
    let left = MARGIN + LABEL_SIZE * 1.3 + 14.0 + text_width("100", TICK_SIZE, false) + 8.0;
    let right = f64::from(WIDTH) - MARGIN;
    let top = y + 12.0;
    let bottom = top + PLOT_H;
    let yv = |p: f64| bottom - PLOT_H * p.clamp(0.0, 1.0);
    for i in 0..=5 {
        let p = f64::from(i) / 5.0;
        if i > 0 {
            scene.line((left, yv(p)), (right, yv(p)), GRID, 1.0);
        }
        scene.line((left - 5.0, yv(p)), (left, yv(p)), AXIS, 1.0);
        scene.label(
            left - 8.0,
            yv(p),
            tick_label(p * 100.0),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK_SOFT,
        );
    }
    scene.text(crate::report::charts::scene::Text {
        x: MARGIN + LABEL_SIZE * 0.65,
        y: (top + bottom) / 2.0,
        text: "Share of respondents (%)".into(),
        size: LABEL_SIZE,
        bold: false,
        h: HAlign::Center,
        v: VAlign::Center,
        rotated: true,
        colour: INK,
    });
    let gw = (right - left) / studies.len() as f64;
    let bw = (gw * 0.78 / 3.0).min(46.0);
    for (gi, s) in studies.iter().enumerate() {
        let cx = left + gw * (gi as f64 + 0.5);
        match &s.summary().gap.overall {
            Some(b) => {
                let bars = [
                    (b.concerned, b.concerned_ci),
                    (b.disclosers, b.disclosers_ci),
                    (b.paradoxical, b.paradoxical_ci),
                ];
                for (k, (v, ci)) in bars.iter().enumerate() {
                    let x0 = cx + (k as f64 - 1.5) * bw;
                    let x1 = x0 + bw - 2.0;
                    let mid = (x0 + x1) / 2.0;
                    match v {
                        Some(p) => {
                            scene.rect(x0, yv(*p), x1, bottom, series[k].1);
                            if let Some([lo, hi]) = ci {
                                scene.line((mid, yv(*lo)), (mid, yv(*hi)), BLACK, 1.5);
                                scene.line((mid - 4.0, yv(*lo)), (mid + 4.0, yv(*lo)), BLACK, 1.5);
                                scene.line((mid - 4.0, yv(*hi)), (mid + 4.0, yv(*hi)), BLACK, 1.5);
                            }
                        }
                        None => hatched(&mut scene, x0, bottom - 36.0, x1, bottom),
                    }
                    if let (2, Some(e)) = (k, b.paradoxical_expected) {
                        chart::hollow_square(&mut scene, mid, yv(e));
                    }
                }
            }
            None => scene.label(
                cx,
                bottom - 20.0,
                "no behaviour data",
                SMALL_SIZE,
                HAlign::Center,
                VAlign::Center,
                INK_SOFT,
            ),
        }
        scene.label(
            cx,
            bottom + 8.0,
            fit(&s.label, TICK_SIZE, false, gw - 6.0),
            TICK_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK,
        );
        let n_text = match &s.summary().gap.overall {
            Some(b) => b.n.map_or("n suppressed".to_string(), |n| {
                format!("n = {}", crate::fmt::count(n))
            }),
            None => String::new(),
        };
        scene.label(
            cx,
            bottom + 8.0 + line_step(TICK_SIZE),
            fit(&n_text, SMALL_SIZE, false, gw - 6.0),
            SMALL_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    scene.line((left, bottom), (right, bottom), AXIS, 1.0);
    scene.line((left, top), (left, bottom), AXIS, 1.0);
    Some(chart::finish(scene, "gap-by-study".into(), title, caption))
}

/// Diverging bars of every tactic's acceptance by study; `None` without tactics.
pub fn tactics(studies: &[CompareStudy]) -> Option<Laid> {
    let mut names: Vec<&str> = Vec::new();
    for s in studies {
        for t in &s.summary().tactics {
            if !names.contains(&t.name.as_str()) {
                names.push(&t.name);
            }
        }
    }
    if names.is_empty() {
        return None;
    }
    const ROW: f64 = 22.0;
    const BAR: f64 = 15.0;
    const GAP: f64 = 12.0;
    type Row<'a> = (&'a CompareStudy, &'a TacticLevels);
    let rows: Vec<(&str, Vec<Row>)> = names
        .iter()
        .map(|n| {
            let per: Vec<Row> = studies
                .iter()
                .filter_map(|s| {
                    let t = s.summary().tactics.iter().find(|t| t.name == *n)?;
                    Some((s, &t.overall))
                })
                .collect();
            (*n, per)
        })
        .collect();
    let body_rows: f64 = rows
        .iter()
        .map(|(_, r)| r.len() as f64 * ROW + line_step(TICK_SIZE) + GAP)
        .sum();
    let keys = vec![
        (
            Key::Fill(VERMILLION),
            "Intrusive (below the midpoint)".to_string(),
        ),
        (Key::Fill(NEUTRAL), "Neutral".to_string()),
        (
            Key::Fill(BLUE),
            "Acceptable (above the midpoint)".to_string(),
        ),
    ];
    let title = "How acceptable are personalization tactics? By study".to_string();
    let mut caption = "Each study\u{2019}s published shares of all respondents who rated the \
                       tactic: intrusive left of 0, acceptable right of it, neutral centred on 0. \
                       Columns: the intrusive and acceptable shares."
        .to_string();
    if rows
        .iter()
        .flat_map(|(_, r)| r)
        .any(|(_, o)| o.intrusive.is_none() || o.acceptable.is_none())
    {
        caption.push_str(HATCHED);
    }
    let axis_h = 10.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 8.0;
    let (mut scene, y) = chart::open(
        &title,
        &keys,
        line_step(SMALL_SIZE) + body_rows + axis_h,
        &caption,
    );
    let right = f64::from(WIDTH) - MARGIN;
    let col_w = text_width("Acceptable", SMALL_SIZE, false) + 10.0;
    let label_w = studies
        .iter()
        .map(|s| text_width(&s.label, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(180.0);
    let plot_l = MARGIN + 12.0 + label_w + 12.0;
    let plot_r = right - 2.0 * col_w - 10.0;
    let zero = (plot_l + plot_r) / 2.0;
    let half = (plot_r - plot_l) / 2.0;
    let head_y = y + line_step(SMALL_SIZE);
    scene.label(
        right - col_w,
        head_y,
        "Intrusive",
        SMALL_SIZE,
        HAlign::Right,
        VAlign::Bottom,
        INK,
    );
    scene.label(
        right,
        head_y,
        "Acceptable",
        SMALL_SIZE,
        HAlign::Right,
        VAlign::Bottom,
        INK,
    );
    let top = head_y + 4.0;
    let bottom = top + body_rows - GAP + 4.0;
    for t in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let x = zero + half * t;
        if t != 0.0 {
            scene.line((x, top), (x, bottom), GRID, 1.0);
        }
        scene.label(
            x,
            bottom + 6.0,
            tick_label(f64::abs(t) * 100.0),
            TICK_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    let mut cy = top;
    for (name, per) in &rows {
        scene.label(MARGIN, cy, *name, TICK_SIZE, HAlign::Left, VAlign::Top, INK);
        cy += line_step(TICK_SIZE);
        for (s, o) in per {
            let mid = cy + ROW / 2.0;
            scene.label(
                MARGIN + 12.0,
                mid,
                fit(&s.label, TICK_SIZE, false, label_w),
                TICK_SIZE,
                HAlign::Left,
                VAlign::Center,
                INK,
            );
            match (o.intrusive, o.neutral, o.acceptable) {
                (Some(i), neutral, Some(a)) => {
                    let nu = neutral.unwrap_or((1.0 - i - a).max(0.0));
                    let (y0, y1) = (mid - BAR / 2.0, mid + BAR / 2.0);
                    let left_edge = zero - half * (nu / 2.0 + i);
                    scene.rect(left_edge, y0, zero - half * nu / 2.0, y1, VERMILLION);
                    scene.rect(
                        zero - half * nu / 2.0,
                        y0,
                        zero + half * nu / 2.0,
                        y1,
                        NEUTRAL,
                    );
                    scene.rect(
                        zero + half * nu / 2.0,
                        y0,
                        zero + half * (nu / 2.0 + a),
                        y1,
                        BLUE,
                    );
                    scene.label(
                        right - col_w,
                        mid,
                        pct0(i),
                        TICK_SIZE,
                        HAlign::Right,
                        VAlign::Center,
                        INK,
                    );
                    scene.label(
                        right,
                        mid,
                        pct0(a),
                        TICK_SIZE,
                        HAlign::Right,
                        VAlign::Center,
                        INK,
                    );
                }
                _ => {
                    hatched(
                        &mut scene,
                        zero - 40.0,
                        mid - BAR / 2.0,
                        zero + 40.0,
                        mid + BAR / 2.0,
                    );
                    scene.label(
                        right,
                        mid,
                        "suppressed",
                        SMALL_SIZE,
                        HAlign::Right,
                        VAlign::Center,
                        INK_SOFT,
                    );
                }
            }
            cy += ROW;
        }
        cy += GAP;
    }
    scene.line((zero, top), (zero, bottom), AXIS, 1.0);
    scene.label(
        zero,
        bottom + 8.0 + line_step(TICK_SIZE),
        "Share of respondents (%)",
        LABEL_SIZE,
        HAlign::Center,
        VAlign::Top,
        INK,
    );
    Some(chart::finish(
        scene,
        "tactics-by-study".into(),
        title,
        caption,
    ))
}
