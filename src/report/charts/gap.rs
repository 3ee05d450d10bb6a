//! Chart 1 of SPEC §6, the paradox test at a glance: per cohort (and for all respondents),
//! grouped bars of the share concerned, the share of disclosers and the share paradoxical
//! (concerned and discloser), each with its 95% Wilson CI, plus a hollow diamond at the
//! paradoxical share expected if concern did not matter (P(concerned)·P(discloser), SPEC §3).

use super::layout::{
    self, caption, caption_height, count, legend, missing_keys, opt_count, title, Cell, Key, AXIS,
    BLACK, GREEN, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN, ORANGE, SKY_BLUE, SMALL_SIZE, TICK_SIZE,
    WIDTH,
};
use super::scene::{text_width, HAlign, Scene, Text, VAlign};
use super::Laid;
use crate::analysis::summary::{GapBlock, Summary};

/// Height of the plotting area; the figure grows around it.
const PLOT_H: f64 = 340.0;
const SERIES: [(&str, super::scene::Colour); 3] = [
    ("Concerned", ORANGE),
    ("Disclosers", SKY_BLUE),
    ("Paradoxical (concerned and discloser)", GREEN),
];

/// One group of bars.
struct Group<'a> {
    name: String,
    block: &'a GapBlock,
}

fn bars(b: &GapBlock) -> [(Option<f64>, Option<[f64; 2]>); 3] {
    [
        (b.concerned, b.concerned_ci),
        (b.disclosers, b.disclosers_ci),
        (b.paradoxical, b.paradoxical_ci),
    ]
}

pub(super) fn lay_out(s: &Summary) -> Option<Laid> {
    let mut groups: Vec<Group> = s
        .gap
        .by_cohort
        .iter()
        .flatten()
        .map(|b| Group {
            name: b.cohort.clone().unwrap_or_else(|| "?".to_string()),
            block: b,
        })
        .collect();
    if let Some(all) = &s.gap.overall {
        groups.push(Group {
            name: "All".to_string(),
            block: all,
        });
    }
    if groups.is_empty() {
        return None;
    }
    let min_cell = s.disclosure_control.min_cell;
    let cells: Vec<[Cell; 3]> = groups
        .iter()
        .map(|g| bars(g.block).map(|(v, _)| layout::cell_of(v, g.block.n, min_cell)))
        .collect();
    let any_suppressed = cells.iter().flatten().any(|c| *c == Cell::Suppressed);
    let any_undefined = cells.iter().flatten().any(|c| *c == Cell::Undefined);

    let title_text = "Privacy concern, disclosure and the paradox by cohort".to_string();
    let caption_text = caption_text(s);
    let mut keys: Vec<(Key, String)> = SERIES
        .iter()
        .map(|(n, c)| (Key::Fill(*c), n.to_string()))
        .collect();
    keys.push((
        Key::Diamond,
        "Paradoxical share expected if concern did not matter".into(),
    ));
    keys.push((Key::Whisker, "95% CI (Wilson)".into()));
    keys.extend(missing_keys(any_suppressed, any_undefined, min_cell));
    let axis_h = 8.0 + 2.0 * layout::line_step(TICK_SIZE) + layout::line_step(LABEL_SIZE) + 10.0;
    let height = (layout::header_height(&title_text, &keys)
        + 12.0
        + PLOT_H
        + axis_h
        + caption_height(&caption_text, WIDTH)
        + 8.0)
        .ceil() as u32;
    let mut scene = Scene::new(WIDTH, height);
    let mut y = title(&mut scene, &title_text);
    y = legend(&mut scene, MARGIN, y, &keys);

    // Plot frame.
    let tick_w = text_width("100", TICK_SIZE, false);
    let left = MARGIN + LABEL_SIZE * 1.3 + 14.0 + tick_w + 8.0;
    let right = f64::from(WIDTH) - MARGIN;
    let top = y + 12.0;
    let bottom = top + PLOT_H;
    let yv = |p: f64| bottom - (bottom - top) * p.clamp(0.0, 1.0);

    for i in 0..=5 {
        let p = i as f64 / 5.0;
        let yy = yv(p);
        if i > 0 {
            scene.line((left, yy), (right, yy), GRID, 1.0);
        }
        scene.line((left - 5.0, yy), (left, yy), AXIS, 1.0);
        scene.label(
            left - 8.0,
            yy,
            layout::tick_label(p * 100.0),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK_SOFT,
        );
    }
    scene.text(Text {
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

    let gw = (right - left) / groups.len() as f64;
    let bw = (gw * 0.78 / 3.0).min(46.0);
    for (gi, g) in groups.iter().enumerate() {
        let gx = left + gw * gi as f64;
        let cx = gx + gw / 2.0;
        if g.name == "All" && gi > 0 {
            // Separates the overall block from the cohorts.
            scene.dashed((gx, top), (gx, bottom), AXIS, 1.0);
        }
        for (k, (v, ci)) in bars(g.block).iter().enumerate() {
            let bx0 = cx + (k as f64 - 1.5) * bw;
            let bx1 = bx0 + bw - 2.0;
            let bmid = (bx0 + bx1) / 2.0;
            match layout::cell_of(*v, g.block.n, min_cell) {
                Cell::Value(p) => {
                    scene.rect(bx0, yv(p), bx1, bottom, SERIES[k].1);
                    if let Some([lo, hi]) = ci.filter(|c| c.iter().all(|v| v.is_finite())) {
                        layout::whisker_v(
                            &mut scene,
                            bmid,
                            yv(lo),
                            yv(hi),
                            BLACK,
                            (bw / 4.0).min(5.0),
                        );
                    }
                }
                Cell::Suppressed => layout::suppressed(&mut scene, bx0, bottom - 36.0, bx1, bottom),
                Cell::Undefined => layout::undefined(&mut scene, bx0, bottom - 36.0, bx1, bottom),
            }
            if k == 2 {
                if let Some(e) = g.block.paradoxical_expected.filter(|e| e.is_finite()) {
                    layout::diamond(&mut scene, bmid, yv(e), 6.5);
                }
            }
        }
        // Category labels: cohort name, then its n.
        let name = layout::fit(&g.name, TICK_SIZE, false, gw - 6.0);
        scene.label(
            cx,
            bottom + 8.0,
            name,
            TICK_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK,
        );
        let n_text = layout::fit_or(
            &format!(
                "n = {}",
                opt_count(g.block.n, s.disclosure_control.min_cell)
            ),
            "n suppr.",
            SMALL_SIZE,
            false,
            gw - 6.0,
        );
        scene.label(
            cx,
            bottom + 8.0 + layout::line_step(TICK_SIZE),
            n_text,
            SMALL_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    scene.line((left, bottom), (right, bottom), AXIS, 1.0);
    scene.line((left, top), (left, bottom), AXIS, 1.0);
    scene.label(
        (left + right) / 2.0,
        bottom + 8.0 + 2.0 * layout::line_step(TICK_SIZE) + 4.0,
        "Cohort",
        LABEL_SIZE,
        HAlign::Center,
        VAlign::Top,
        INK,
    );
    caption(&mut scene, &caption_text);
    Some(Laid {
        title: title_text,
        caption: caption_text,
        scene,
    })
}

fn caption_text(s: &Summary) -> String {
    let mut t = String::from(
        "Concerned: privacy concern score above the threshold; disclosers: disclosure score at or \
         above the threshold; paradoxical: both. Whiskers: 95% Wilson intervals. Diamonds: the \
         paradoxical share expected if concern and disclosure were independent \
         (P(concerned) × P(discloser)); bars near their diamond mean concern does not restrain \
         disclosure.",
    );
    if let Some(all) = &s.gap.overall {
        t.push_str(&format!(
            " n = {} respondents with both scores",
            opt_count(all.n, s.disclosure_control.min_cell)
        ));
        if let Some(rd) = all.disclosure_rd.filter(|v| v.is_finite()) {
            t.push_str(&format!(
                "; share of disclosers among the concerned minus among the not concerned: {} \
                 points",
                layout::signed_points(rd)
            ));
            if let Some([lo, hi]) = all.disclosure_rd_ci {
                t.push_str(&format!(
                    " (95% CI {} to {}, Newcombe)",
                    layout::signed_points(lo),
                    layout::signed_points(hi)
                ));
            }
        }
        t.push('.');
    }
    if let Some(unknown) = s.study.unknown_cohort.filter(|&u| u > 0) {
        t.push_str(&format!(
            " {} respondents with unknown cohort count in All only.",
            count(unknown)
        ));
    }
    if s.disclosure_control.min_cell > 0 {
        t.push_str(&format!(
            " Values from fewer than {} respondents are suppressed.",
            s.disclosure_control.min_cell
        ));
    }
    t
}
