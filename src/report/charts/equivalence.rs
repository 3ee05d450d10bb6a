//! Paradox or low power at a glance: per block (all respondents, then each cohort) Spearman's
//! ρ with its 90% interval against the shaded band ±`sesoi_rho` of correlations too small to
//! matter, each point coloured by the block's verdict. An interval inside the band is the
//! equivalence test rejecting (|ρ| < δ at α = .05); a long interval that reaches past the
//! band on both sides is a block too small to tell a paradox from a real effect.

use super::furniture::{self, opt_count, suppressed_note, Key, Laid, Missing};
use super::layout::{
    self, Cell, AXIS, BLACK, BLUE, GREEN, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN, NEUTRAL, ORANGE,
    PURPLE, SMALL_SIZE, TICK_SIZE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, VAlign};
use crate::analysis::stats::rho_ci90;
use crate::analysis::summary::{GapBlock, Summary, Verdict};
use crate::fmt::num;

/// Height of one block's row.
const ROW_H: f64 = 34.0;

/// The colour of each verdict's point (Okabe–Ito).
const VERDICTS: [(Verdict, Colour); 4] = [
    (Verdict::Predicts, BLUE),
    (Verdict::NoMeaningfulRelation, GREEN),
    (Verdict::TriviallySmall, PURPLE),
    (Verdict::Inconclusive, ORANGE),
];

fn colour_of(v: Option<Verdict>) -> Colour {
    VERDICTS
        .iter()
        .find(|(w, _)| Some(*w) == v)
        .map_or(NEUTRAL, |(_, c)| *c)
}

/// ρ's 90% interval on Fisher's z scale with the Bonett–Wright se — the interval whose lying
/// inside ±δ is the two one-sided tests rejecting at α = .05. Computed from the published ρ
/// and n (a block publishes ρ only with its n).
fn ci90(b: &GapBlock) -> Option<[f64; 2]> {
    rho_ci90(b.spearman_rho?, b.n?)
}

/// The half-width of the x axis: the widest interval or 1.5·δ, rounded up to a tick step.
fn half_range(blocks: &[(String, &GapBlock)], delta: f64) -> (f64, f64) {
    let widest = blocks
        .iter()
        .filter_map(|(_, b)| ci90(b).or(b.spearman_rho.map(|r| [r, r])))
        .flat_map(|[lo, hi]| [lo.abs(), hi.abs()])
        .fold(1.5 * delta, f64::max)
        .min(1.0);
    let step = if widest <= 0.2 {
        0.05
    } else if widest <= 0.5 {
        0.1
    } else {
        0.25
    };
    (((widest / step).ceil() * step).clamp(step, 1.0), step)
}

pub(super) fn lay_out(s: &Summary) -> Option<Laid> {
    let min_cell = s.disclosure_control.min_cell;
    let mut blocks: Vec<(String, &GapBlock)> = Vec::new();
    if let Some(all) = &s.gap.overall {
        blocks.push(("All".to_string(), all));
    }
    for b in s.gap.by_cohort.iter().flatten() {
        blocks.push((b.cohort.clone().unwrap_or_else(|| "?".to_string()), b));
    }
    if blocks.is_empty() {
        return None;
    }
    let delta = blocks
        .iter()
        .find_map(|(_, b)| b.equivalence.as_ref())
        .map_or(crate::study::codebook::DEFAULT_SESOI, |e| e.sesoi_rho);
    let cells: Vec<Cell> = blocks
        .iter()
        .map(|(_, b)| layout::cell_of(b.spearman_rho, b.n, min_cell))
        .collect();
    let missing = Missing::of(cells.iter());

    let title_text =
        "Spearman\u{2019}s \u{3c1} against the smallest correlation of interest".to_string();
    let caption_text = caption_text(s, delta);
    let mut keys: Vec<(Key, String)> = vec![
        (
            Key::Fill(GRID),
            format!("Within \u{b1}{}: too small to matter", margin(delta)),
        ),
        (
            Key::Whisker,
            "90% CI (Fisher z, Bonett\u{2013}Wright)".into(),
        ),
    ];
    keys.extend(
        VERDICTS
            .iter()
            .map(|(v, c)| (Key::Point(*c), v.as_str().to_string())),
    );
    keys.extend(missing.keys(min_cell));
    let axis_h = 8.0 + layout::line_step(TICK_SIZE) + layout::line_step(LABEL_SIZE) + 10.0;
    let plot_h = ROW_H * blocks.len() as f64;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        furniture::header_height(&title_text, &keys) + 12.0 + plot_h + axis_h,
        &caption_text,
    );

    // Row labels on the left, verdicts on the right, the plot between them.
    let labels: Vec<String> = blocks
        .iter()
        .map(|(name, b)| format!("{name} (n = {})", opt_count(b.n, min_cell)))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(260.0);
    let verdict_w = VERDICTS
        .iter()
        .map(|(v, _)| text_width(v.as_str(), SMALL_SIZE, false))
        .fold(text_width("suppressed", SMALL_SIZE, false), f64::max);
    let left = MARGIN + label_w + 12.0;
    let right = f64::from(WIDTH) - MARGIN - verdict_w - 12.0;
    let top = y + 12.0;
    let bottom = top + plot_h;
    let (half, step) = half_range(&blocks, delta);
    let xv = |r: f64| left + (right - left) * (r.clamp(-half, half) + half) / (2.0 * half);

    // The band of correlations too small to matter, the grid and the zero line.
    scene.rect(xv(-delta), top, xv(delta), bottom, GRID);
    let ticks = (half / step).round() as i64;
    for i in -ticks..=ticks {
        let r = i as f64 * step;
        furniture::x_tick_mark(&mut scene, xv(r), bottom, 5.0);
        furniture::x_tick_label(&mut scene, xv(r), bottom + 8.0, num(r, 2));
    }
    scene.dashed((xv(0.0), top), (xv(0.0), bottom), AXIS, 1.0);

    for (i, ((_, b), cell)) in blocks.iter().zip(&cells).enumerate() {
        let cy = top + ROW_H * (i as f64 + 0.5);
        if i == 1 && blocks[0].0 == "All" {
            // Separates the overall block from the cohorts.
            scene.dashed((MARGIN, top + ROW_H), (right, top + ROW_H), AXIS, 1.0);
        }
        let label = layout::fit(&labels[i], TICK_SIZE, false, label_w);
        scene.label(
            left - 12.0,
            cy,
            label,
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK,
        );
        let verdict = b.equivalence.as_ref().and_then(|e| e.verdict);
        match cell {
            Cell::Value(rho) => {
                if let Some([lo, hi]) = ci90(b) {
                    furniture::whisker_h(&mut scene, xv(lo), xv(hi), cy, BLACK);
                }
                scene.circle(xv(*rho), cy, 6.5, colour_of(verdict), Some((BLACK, 1.0)));
            }
            missing => furniture::missing_mark(
                &mut scene,
                *missing,
                xv(0.0) - 30.0,
                cy - 8.0,
                xv(0.0) + 30.0,
                cy + 8.0,
            ),
        }
        let words = match (verdict, cell) {
            (Some(v), _) => v.as_str().to_string(),
            (None, Cell::Suppressed) => "suppressed".to_string(),
            (None, _) => "\u{2014}".to_string(),
        };
        scene.label(
            right + 12.0,
            cy,
            words,
            SMALL_SIZE,
            HAlign::Left,
            VAlign::Center,
            INK_SOFT,
        );
    }
    scene.line((left, bottom), (right, bottom), AXIS, 1.0);
    furniture::x_axis_title(
        &mut scene,
        (left + right) / 2.0,
        bottom + 8.0 + layout::line_step(TICK_SIZE) + 4.0,
        "Spearman\u{2019}s \u{3c1} (concern, disclosure)",
    );
    Some(furniture::finish(scene, title_text, caption_text))
}

/// A margin as written in the codebook: "0.05", "0.025".
fn margin(x: f64) -> String {
    let s = num(x, 3);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn caption_text(s: &Summary, delta: f64) -> String {
    let mut t = format!(
        "Points: Spearman\u{2019}s \u{3c1} per block, coloured by its verdict; lines: its 90% \
         interval (Fisher z, Bonett\u{2013}Wright), which lies inside the band \u{b1}{} exactly when the two one-sided tests \
         show |\u{3c1}| < {} at \u{3b1} = 0.05. Predicts: \u{3c1} differs from 0 and is not \
         shown to be smaller; no meaningful relation: within the band and not different from \
         0 (the privacy paradox); trivially small: both; inconclusive: neither \u{2014} the \
         data cannot tell a paradox from a real effect.",
        margin(delta),
        margin(delta)
    );
    if let Some(n) = s.gap.overall.as_ref().map(|o| o.n) {
        t.push_str(&format!(
            " n = {} respondents with both scores.",
            opt_count(n, s.disclosure_control.min_cell)
        ));
    }
    t.push_str(&suppressed_note(s.disclosure_control.min_cell));
    t
}
