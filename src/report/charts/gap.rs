//! The gap by cohort, the paradox test at a glance: per cohort (and for all respondents),
//! grouped bars of the share concerned, the share of disclosers and the share paradoxical
//! (concerned and discloser), each with its 95% Wilson CI, plus a hollow diamond at the
//! paradoxical share expected if concern did not matter: P(concerned)·P(discloser), the
//! share if concern and disclosure were independent.

use super::furniture::{
    self, opt_count, suppressed_note, wilson_key, Key, Laid, Missing, Y_TITLE_BAND,
};
use super::layout::{
    self, Cell, AXIS, BLACK, GREEN, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN, ORANGE, SKY_BLUE,
    SMALL_SIZE, TICK_SIZE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, VAlign};
use crate::analysis::summary::{GapBlock, Summary};
use crate::fmt::{count, signed_points};

/// Height of the plotting area; the figure grows around it.
const PLOT_H: f64 = 340.0;
const SERIES: [(&str, Colour); 3] = [
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
    let missing = Missing::of(cells.iter().flatten());

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
    keys.push(wilson_key());
    keys.extend(missing.keys(min_cell));
    let axis_h = 8.0 + 2.0 * layout::line_step(TICK_SIZE) + layout::line_step(LABEL_SIZE) + 10.0;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        furniture::header_height(&title_text, &keys) + 12.0 + PLOT_H + axis_h,
        &caption_text,
    );

    // Plot frame.
    let tick_w = text_width("100", TICK_SIZE, false);
    let left = Y_TITLE_BAND + 14.0 + tick_w + 8.0;
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
        furniture::y_tick_mark(&mut scene, left, yy, 5.0);
        furniture::y_tick_label(&mut scene, left - 8.0, yy, layout::tick_label(p * 100.0));
    }
    furniture::y_axis_title(&mut scene, top, bottom, "Share of respondents (%)");

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
                        furniture::whisker_v(
                            &mut scene,
                            bmid,
                            yv(lo),
                            yv(hi),
                            BLACK,
                            (bw / 4.0).min(5.0),
                        );
                    }
                }
                missing => {
                    furniture::missing_mark(&mut scene, missing, bx0, bottom - 36.0, bx1, bottom)
                }
            }
            if k == 2 {
                if let Some(e) = g.block.paradoxical_expected.filter(|e| e.is_finite()) {
                    furniture::diamond(&mut scene, bmid, yv(e), 6.5);
                }
            }
        }
        // Category labels: cohort name ("Gen Z + unknown" where "Gen Z + cohort unknown"
        // does not fit; the caption names it in full), then its n.
        let short = g.name.replace(" + cohort unknown", " + unknown");
        let name = layout::fit_or(&g.name, &short, TICK_SIZE, false, gw - 6.0);
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
    furniture::x_axis_title(
        &mut scene,
        (left + right) / 2.0,
        bottom + 8.0 + 2.0 * layout::line_step(TICK_SIZE) + 4.0,
        "Cohort",
    );
    Some(furniture::finish(scene, title_text, caption_text))
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
                signed_points(rd)
            ));
            if let Some([lo, hi]) = all.disclosure_rd_ci {
                t.push_str(&format!(
                    " (95% CI {} to {}, Newcombe)",
                    signed_points(lo),
                    signed_points(hi)
                ));
            }
        }
        t.push('.');
    }
    if let Some(unknown) = s.study.unknown_cohort.filter(|&u| u > 0) {
        let merged = s
            .gap
            .collapsed
            .as_ref()
            .is_some_and(|c| c.cohorts.iter().flatten().any(|m| m == "cohort unknown"));
        t.push_str(&if merged {
            format!(
                " {} respondents with unknown cohort count in All and in the group \"… + cohort unknown\".",
                count(unknown)
            )
        } else {
            format!(
                " {} respondents with unknown cohort count in All only.",
                count(unknown)
            )
        });
    }
    if let Some(c) = s.gap.collapsed.as_ref().filter(|c| !c.cohorts.is_empty()) {
        let merged: Vec<String> = c.cohorts.iter().map(|m| m.join(" + ")).collect();
        t.push_str(&format!(
            " {} {} shown as one group so that no cell holds fewer than {} respondents.",
            merged.join(" and "),
            if merged.len() == 1 { "is" } else { "are each" },
            s.disclosure_control.min_cell
        ));
    }
    t.push_str(&suppressed_note(s.disclosure_control.min_cell));
    t
}
