//! Threshold sensitivity: two heat maps over the grid of concern thresholds (rows, highest
//! on top) × disclosure thresholds (columns) — the paradoxical share on a stepped
//! sequential scale (tints of Okabe–Ito blue, as in the concern × disclosure heat map) and
//! the risk difference P(discloser │ concerned) − P(discloser │ not) on a diverging scale
//! (Okabe–Ito vermillion below 0, blue above, white at 0). Values are printed in the
//! cells, the codebook's own thresholds are outlined in black, suppressed cells hatched,
//! undefined ones dashed. A reader sees at once whether the conclusion depends on the cut.

use super::furniture::{self, Key, Laid, Missing, Y_TITLE_BAND};
use super::layout::{
    self, line_step, tint, Cell, BLACK, BLUE, INK, INK_SOFT, LABEL_SIZE, MARGIN, SMALL_SIZE,
    TICK_SIZE, VERMILLION, WHITE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, VAlign};
use crate::analysis::sensitivity::SensitivityCell;
use crate::analysis::summary::Summary;
use crate::fmt::{count, signed_points};
use crate::privacy::MinCell;

const TITLE: &str = "Does the conclusion depend on the thresholds?";
const CELL_H: f64 = 26.0;
/// Classes of each colour scale.
const CLASSES: usize = 5;

/// Paradoxical share 0..1 on `CLASSES` steps of 20 points.
fn share_colour(p: f64) -> (Colour, bool) {
    let k = ((p * CLASSES as f64).floor() as usize).min(CLASSES - 1);
    let t = 0.12 + 0.88 * k as f64 / (CLASSES - 1) as f64;
    (tint(BLUE, t), k * 2 >= CLASSES)
}

/// Risk difference −1..1: steps of 10 points up to ±40 and beyond, white within ±5.
fn rd_colour(d: f64) -> (Colour, bool) {
    let k = (((d.abs() - 0.05) / 0.1).floor() + 1.0).clamp(0.0, 4.0) as usize;
    if k == 0 {
        return (WHITE, false);
    }
    let t = 0.2 + 0.8 * (k - 1) as f64 / 3.0;
    let c = if d < 0.0 {
        tint(VERMILLION, t)
    } else {
        tint(BLUE, t)
    };
    (c, k >= 3)
}

pub(super) fn lay_out(s: &Summary) -> Option<Laid> {
    let g = s.sensitivity.as_ref()?;
    let rows = g.concern_thresholds.len();
    let cols = g.disclosure_thresholds.len();
    if rows == 0 || cols == 0 || g.cells.len() != rows || g.cells.iter().any(|r| r.len() != cols) {
        return None;
    }
    let min_cell = s.disclosure_control.min_cell;
    // A published cell (its table is there) without a value is undefined (e.g. no
    // unconcerned respondent at the top threshold), not suppressed.
    let cell_of = |v: Option<f64>, c: &SensitivityCell| {
        if v.is_none() && c.concern_table[0][0].is_some() {
            Cell::Undefined
        } else {
            layout::cell(v, min_cell)
        }
    };
    let states: Vec<Cell> = g
        .cells
        .iter()
        .flatten()
        .flat_map(|c| [cell_of(c.paradoxical, c), cell_of(c.disclosure_rd, c)])
        .collect();
    let missing = Missing::of(&states);
    let title_text = TITLE.to_string();
    let caption_text = caption_text(s);
    let mut keys = vec![(Key::Line(BLACK), "The codebook's thresholds".to_string())];
    keys.extend(missing.keys(min_cell));
    let header = furniture::header_height(&title_text, &keys);
    let panel_title_h = line_step(LABEL_SIZE) + 6.0;
    let axis_h = 6.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 8.0;
    let key_h = 2.0 * line_step(SMALL_SIZE) + 30.0;
    // Tall enough for the rotated axis label on a short scale.
    let y_label = "Concern threshold (concerned: score above)";
    let grid_h = (CELL_H * rows as f64).max(text_width(y_label, LABEL_SIZE, false) + 16.0);
    let cell_h = grid_h / rows as f64;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        header + panel_title_h + grid_h + axis_h + key_h,
        &caption_text,
    );

    let tick_w = g
        .concern_thresholds
        .iter()
        .map(|t| text_width(&layout::tick_label(*t), TICK_SIZE, false))
        .fold(0.0, f64::max);
    let left0 = Y_TITLE_BAND + 10.0 + tick_w + 8.0;
    let gap = 24.0;
    let panel_w = (f64::from(WIDTH) - MARGIN - left0 - gap) / 2.0;
    let cw = panel_w / cols as f64;
    let top = y + panel_title_h;
    let bottom = top + grid_h;
    let panels = [
        (left0, "Paradoxical share (%)"),
        (left0 + panel_w + gap, "Risk difference (points)"),
    ];
    for (p, &(left, name)) in panels.iter().enumerate() {
        scene.label(
            left + panel_w / 2.0,
            y,
            name,
            LABEL_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK,
        );
        for (r, row) in g.cells.iter().enumerate() {
            // Row 0 (lowest threshold) at the bottom.
            let y1 = bottom - cell_h * r as f64;
            let y0 = y1 - cell_h;
            for (c, cell) in row.iter().enumerate() {
                let x0 = left + cw * c as f64;
                let x1 = x0 + cw;
                let v = if p == 0 {
                    cell.paradoxical
                } else {
                    cell.disclosure_rd
                };
                match cell_of(v, cell) {
                    Cell::Value(x) => {
                        let (fill, dark) = if p == 0 {
                            share_colour(x)
                        } else {
                            rd_colour(x)
                        };
                        scene.rect(x0, y0, x1, y1, fill);
                        let text = if p == 0 {
                            format!("{:.0}", x * 100.0)
                        } else {
                            signed_points(x)
                        };
                        let text = layout::fit_or(&text, "", SMALL_SIZE, false, cw - 4.0);
                        scene.label(
                            (x0 + x1) / 2.0,
                            (y0 + y1) / 2.0,
                            text,
                            SMALL_SIZE,
                            HAlign::Center,
                            VAlign::Center,
                            if dark { WHITE } else { INK },
                        );
                    }
                    missing => furniture::missing_grid_cell(&mut scene, missing, x0, y0, x1, y1),
                }
            }
        }
        for c in 0..=cols {
            let x = left + cw * c as f64;
            scene.line((x, top), (x, bottom), WHITE, 1.0);
        }
        for r in 0..=rows {
            let yy = top + cell_h * r as f64;
            scene.line((left, yy), (left + panel_w, yy), WHITE, 1.0);
        }
        // The codebook's cell.
        for (r, row) in g.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.actual {
                    let y1 = bottom - cell_h * r as f64;
                    let x0 = left + cw * c as f64;
                    scene.outline(
                        x0 + 1.0,
                        y1 - cell_h + 1.0,
                        x0 + cw - 1.0,
                        y1 - 1.0,
                        BLACK,
                        3.0,
                    );
                }
            }
        }
        for (c, t) in g.disclosure_thresholds.iter().enumerate() {
            furniture::x_tick_label(
                &mut scene,
                left + cw * (c as f64 + 0.5),
                bottom + 6.0,
                layout::tick_label(t * 100.0),
            );
        }
        if p == 0 {
            for (r, t) in g.concern_thresholds.iter().enumerate() {
                furniture::y_tick_label(
                    &mut scene,
                    left - 6.0,
                    bottom - cell_h * (r as f64 + 0.5),
                    layout::tick_label(*t),
                );
            }
        }
    }
    let right = left0 + 2.0 * panel_w + gap;
    let axis_y = bottom + 6.0 + line_step(TICK_SIZE) + 2.0;
    furniture::x_axis_title(
        &mut scene,
        (left0 + right) / 2.0,
        axis_y,
        "Disclosure threshold (discloser: shared at least this % of data types)",
    );
    furniture::y_axis_title(&mut scene, top, bottom, y_label);
    // Colour keys under each panel.
    let ky = axis_y + line_step(LABEL_SIZE) + 8.0;
    let sw = (panel_w / CLASSES as f64).min(60.0);
    for k in 0..CLASSES {
        let x0 = left0 + sw * k as f64;
        let (fill, _) = share_colour((k as f64 + 0.5) / CLASSES as f64);
        scene.rect(x0, ky, x0 + sw - 2.0, ky + 14.0, fill);
        scene.label(
            x0,
            ky + 16.0,
            format!("{}", k * 100 / CLASSES),
            SMALL_SIZE,
            HAlign::Left,
            VAlign::Top,
            INK_SOFT,
        );
    }
    let rd_steps = [-0.4, -0.25, -0.15, 0.0, 0.15, 0.25, 0.4];
    let rd_labels = [
        "\u{2264}\u{2212}35",
        "\u{2212}25",
        "\u{2212}15",
        "0",
        "+15",
        "+25",
        "\u{2265}35",
    ];
    let sw = (panel_w / rd_steps.len() as f64).min(60.0);
    let rx = left0 + panel_w + gap;
    for (k, (&d, label)) in rd_steps.iter().zip(rd_labels).enumerate() {
        let x0 = rx + sw * k as f64;
        let (fill, _) = rd_colour(d);
        scene.rect(x0, ky, x0 + sw - 2.0, ky + 14.0, fill);
        scene.outline(x0, ky, x0 + sw - 2.0, ky + 14.0, INK_SOFT, 0.5);
        scene.label(
            x0 + (sw - 2.0) / 2.0,
            ky + 16.0,
            label,
            SMALL_SIZE,
            HAlign::Center,
            VAlign::Top,
            INK_SOFT,
        );
    }
    Some(furniture::finish(scene, title_text, caption_text))
}

fn caption_text(s: &Summary) -> String {
    let Some(g) = s.sensitivity.as_ref() else {
        return String::new();
    };
    let mut t = format!(
        "Left: share of respondents who are concerned (concern score above the row's \
         threshold) and disclosers (disclosure score at or above the column's threshold). \
         Right: risk difference P(discloser | concerned) \u{2212} P(discloser | not concerned) \
         in percentage points; near 0 or positive is the paradox, clearly negative means \
         concern predicts less disclosure. Outlined: the codebook's thresholds ({} and {}%), \
         the headline figures. n = {} respondents with both scores",
        layout::tick_label(g.actual_concern_threshold),
        layout::tick_label(g.actual_disclosure_threshold * 100.0),
        g.n.map(count).unwrap_or_else(|| "suppressed".into()),
    );
    if let Some(d) = g.dropped.as_ref() {
        let mut left_out: Vec<String> = d
            .concern
            .iter()
            .map(|x| format!("concern >{}", layout::tick_label(*x)))
            .collect();
        left_out.extend(
            d.disclosure
                .iter()
                .map(|x| format!("disclosure {}%", layout::tick_label(x * 100.0))),
        );
        t.push_str(&format!(
            "; left out, so that no band between neighbouring thresholds holds 1 to {} respondents: {}",
            s.disclosure_control.min_cell.saturating_sub(1),
            left_out.join(", ")
        ));
    } else if !MinCell::new(s.disclosure_control.min_cell).is_off() {
        t.push_str(&format!(
            "; a threshold whose band of respondents holds 1 to {} is left out",
            s.disclosure_control.min_cell - 1
        ));
    }
    t.push('.');
    t.push_str(&super::furniture::suppressed_note(
        s.disclosure_control.min_cell,
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_scale_is_white_at_zero_and_signed() {
        assert_eq!(rd_colour(0.0).0, WHITE);
        assert_eq!(rd_colour(0.04).0, WHITE);
        assert_eq!(rd_colour(-0.5).0, VERMILLION);
        assert_eq!(rd_colour(0.5).0, BLUE);
    }
}
