//! Chart 5 of SPEC §6: concern score × disclosure score as a binned heat map of respondent
//! counts (rows: concern bins, highest on top; columns: disclosure bins of width 0.2), on a
//! stepped sequential scale from near-white to Okabe–Ito blue with a colour key, counts
//! printed in the cells and suppressed cells hatched. The paradox sits in the top-right
//! corner: high concern, high disclosure.

use super::layout::{
    self, caption, caption_height, legend, line_step, missing_keys, title, Cell, Key, AXIS, BLACK,
    BLUE, INK, INK_SOFT, LABEL_SIZE, MARGIN, SMALL_SIZE, TICK_SIZE, WHITE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, Scene, Text, VAlign};
use super::Laid;
use crate::analysis::summary::Summary;

const TITLE: &str = "Privacy concern vs. actual disclosure";
/// Row height for the usual 8–14 concern bins; long scales get thinner rows.
const CELL_H: f64 = 30.0;
/// The heat map never grows taller than this.
const MAX_GRID_H: f64 = 720.0;

/// Tint of Okabe–Ito blue: `t` = 0 is white, 1 is #0072B2 (linear in sRGB, rounded).
pub fn blue_tint(t: f64) -> Colour {
    let mix = |c: u8| (255.0 + (f64::from(c) - 255.0) * t.clamp(0.0, 1.0)).round() as u8;
    Colour(mix(BLUE.0), mix(BLUE.1), mix(BLUE.2))
}

/// Class `k` of `classes` on the stepped colour scale.
fn class_colour(k: usize, classes: usize) -> Colour {
    // From a faint tint (k = 0) up to full blue; evenly spaced so steps are distinguishable.
    blue_tint(0.12 + 0.88 * k as f64 / (classes.max(2) - 1) as f64)
}

pub(super) fn lay_out(s: &Summary) -> Option<Laid> {
    let d = &s.distributions;
    let min_cell = s.disclosure_control.min_cell;
    let rows = d.heatmap.len();
    let cols = d.disclosure_bins.len();
    if rows == 0
        || cols == 0
        || d.concern_bins.len() != rows
        || d.heatmap.iter().any(|r| r.len() != cols)
    {
        return None;
    }
    let cell_h = CELL_H.min(MAX_GRID_H / rows as f64);
    // Counts and every edge label only where rows are tall enough to hold text.
    let print_counts = cell_h >= 22.0;
    let label_every = (22.0 / cell_h).ceil().max(1.0) as usize;
    let cells: Vec<Vec<Cell>> = d
        .heatmap
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| layout::cell(c.map(|v| v as f64), min_cell))
                .collect()
        })
        .collect();
    let any_suppressed = cells.iter().flatten().any(|c| *c == Cell::Suppressed);
    let any_undefined = cells.iter().flatten().any(|c| *c == Cell::Undefined);
    let max = d
        .heatmap
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0);
    // Stepped scale: class boundaries at nice multiples.
    let (scale_max, step) = layout::nice_axis((max as f64).max(1.0));
    let classes = ((scale_max / step).round() as usize).max(1);
    let class_of = |v: u64| -> usize {
        if v == 0 {
            0
        } else {
            (((v as f64) / step).ceil() as usize).clamp(1, classes) - 1
        }
    };

    let lo = d.concern_bins[0];
    let width = d.concern_bin_width;
    let (cut, cut_label) = layout::concern_cut(d, lo, lo + width * rows as f64);
    let title_text = TITLE.to_string();
    let caption_text = caption_text(s);
    let mut keys = vec![(Key::Dashed(BLACK), cut_label)];
    keys.extend(missing_keys(any_suppressed, any_undefined, min_cell));
    let header = layout::header_height(&title_text, &keys);
    let axis_h = 6.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 12.0;
    let height = (header
        + 12.0
        + cell_h * rows as f64
        + axis_h
        + caption_height(&caption_text, WIDTH)
        + 8.0)
        .ceil() as u32;
    let mut scene = Scene::new(WIDTH, height);
    let mut y = title(&mut scene, &title_text);
    y = legend(&mut scene, MARGIN, y, &keys);

    let tick_w = (0..=rows)
        .step_by(label_every)
        .map(|r| text_width(&layout::tick_label(lo + width * r as f64), TICK_SIZE, false))
        .fold(0.0, f64::max);
    let left = MARGIN + LABEL_SIZE * 1.3 + 14.0 + tick_w + 10.0;
    let key_w = 170.0;
    let right = (f64::from(WIDTH) - MARGIN - key_w).min(left + 110.0 * cols as f64);
    let top = y + 12.0;
    let bottom = top + cell_h * rows as f64;
    let cw = (right - left) / cols as f64;

    for (r, row) in d.heatmap.iter().enumerate() {
        // Row 0 (lowest concern) at the bottom.
        let y1 = bottom - cell_h * r as f64;
        let y0 = y1 - cell_h;
        for (c, v) in row.iter().enumerate() {
            let x0 = left + cw * c as f64;
            let x1 = x0 + cw;
            match cells[r][c] {
                Cell::Value(_) => {
                    let n = v.unwrap_or(0);
                    let k = class_of(n);
                    let fill = class_colour(k, classes);
                    scene.rect(x0, y0, x1, y1, fill);
                    let ink = if k * 2 >= classes { WHITE } else { INK };
                    if print_counts {
                        scene.label(
                            (x0 + x1) / 2.0,
                            (y0 + y1) / 2.0,
                            layout::count(n),
                            SMALL_SIZE,
                            HAlign::Center,
                            VAlign::Center,
                            ink,
                        );
                    }
                }
                Cell::Suppressed => layout::suppressed(&mut scene, x0, y0, x1, y1),
                Cell::Undefined => {
                    layout::undefined(&mut scene, x0 + 1.0, y0 + 1.0, x1 - 1.0, y1 - 1.0)
                }
            }
        }
    }
    // White cell borders so neighbouring classes stay apart.
    for c in 0..=cols {
        let x = left + cw * c as f64;
        scene.line((x, top), (x, bottom), WHITE, 1.0);
    }
    for r in 0..=rows {
        let yy = top + cell_h * r as f64;
        scene.line((left, yy), (right, yy), WHITE, 1.0);
    }
    let y_mid = bottom - cell_h * (cut - lo) / width;
    scene.dashed((left - 4.0, y_mid), (right + 4.0, y_mid), BLACK, 2.0);

    // Axes: bin edges.
    for r in 0..=rows {
        let yy = bottom - cell_h * r as f64;
        scene.line((left - 5.0, yy), (left, yy), AXIS, 1.0);
        if r % label_every != 0 {
            continue;
        }
        scene.label(
            left - 8.0,
            yy,
            layout::tick_label(lo + width * r as f64),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK_SOFT,
        );
    }
    for c in 0..=cols {
        let xx = left + cw * c as f64;
        let edge = if c < cols { d.disclosure_bins[c] } else { 1.0 };
        scene.line((xx, bottom), (xx, bottom + 5.0), AXIS, 1.0);
        scene.label(
            xx,
            bottom + 7.0,
            layout::tick_label(edge * 100.0),
            TICK_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    scene.label(
        (left + right) / 2.0,
        bottom + 7.0 + line_step(TICK_SIZE) + 4.0,
        "Disclosure score (% of data types shared)",
        LABEL_SIZE,
        HAlign::Center,
        VAlign::Top,
        INK,
    );
    scene.text(Text {
        x: MARGIN + LABEL_SIZE * 0.65,
        y: (top + bottom) / 2.0,
        text: "Privacy concern score (scale points)".into(),
        size: LABEL_SIZE,
        bold: false,
        h: HAlign::Center,
        v: VAlign::Center,
        rotated: true,
        colour: INK,
    });

    // Colour key: one swatch per class, labelled with its count range.
    let kx = right + 36.0;
    scene.label(
        kx,
        top,
        "Respondents",
        TICK_SIZE,
        HAlign::Left,
        VAlign::Top,
        INK,
    );
    let mut ky = top + line_step(TICK_SIZE) + 6.0;
    for k in (0..classes).rev() {
        let lo_v = if k == 0 { 0.0 } else { k as f64 * step + 1.0 };
        let hi_v = (k + 1) as f64 * step;
        scene.rect(kx, ky, kx + 22.0, ky + 18.0, class_colour(k, classes));
        scene.label(
            kx + 30.0,
            ky + 9.0,
            format!(
                "{}–{}",
                layout::count(lo_v.ceil() as u64),
                layout::count(hi_v as u64)
            ),
            SMALL_SIZE,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        ky += 22.0;
    }
    caption(&mut scene, &caption_text);
    Some(Laid {
        title: title_text,
        caption: caption_text,
        scene,
    })
}

fn caption_text(s: &Summary) -> String {
    let d = &s.distributions;
    let known: u64 = d.heatmap.iter().flatten().flatten().sum();
    let n = s.gap.overall.as_ref().and_then(|g| g.n);
    let mut t = format!(
        "Respondents by privacy concern score (rows, bins of width {}) and disclosure score \
         (columns, share of their data types with known behaviour that they shared, bins of \
         width 20 points; bins closed on the left, the last also at the top). Top right: \
         concerned yet disclosing. n = {} respondents with both scores",
        layout::tick_label(d.concern_bin_width),
        match n {
            Some(n) => layout::count(n),
            None => layout::count(known),
        }
    );
    if s.disclosure_control.min_cell > 0 {
        t.push_str(&format!(
            "; cells with 1 to {} respondents are suppressed",
            s.disclosure_control.min_cell - 1
        ));
    }
    t.push('.');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tints_run_from_white_to_okabe_ito_blue() {
        assert_eq!(blue_tint(0.0), WHITE);
        assert_eq!(blue_tint(1.0), BLUE);
    }
}
