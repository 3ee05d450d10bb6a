//! Concern score × disclosure score as a heat map of respondent counts (rows: concern
//! bins or, for a score with few values, the values, highest on top; columns: disclosure
//! bins of width 0.2 or the values; the threshold line between the rows counted as not
//! concerned and those counted as concerned), on a stepped sequential scale from
//! near-white to Okabe–Ito blue with a colour key, counts printed in the cells and
//! suppressed cells hatched. The paradox sits in the top-right
//! corner: high concern, high disclosure.

use super::furniture::{self, ConcernAxis, Key, Laid, Missing, Y_TITLE_BAND};
use super::layout::{
    self, line_step, tint, Cell, BLACK, BLUE, INK, LABEL_SIZE, MARGIN, SMALL_SIZE, TICK_SIZE,
    WHITE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, VAlign};
use crate::analysis::summary::Summary;
use crate::fmt::count;
use crate::privacy::MinCell;
use crate::report::words::SurveyWords;

const TITLE: &str = "Privacy concern vs. actual disclosure";
/// Row height for the usual 8–14 concern bins; long scales get thinner rows.
const CELL_H: f64 = 30.0;
/// The heat map is at least this tall.
const MIN_GRID_H: f64 = 300.0;
/// The heat map never grows taller than this.
const MAX_GRID_H: f64 = 720.0;

/// Class `k` of `classes` on the stepped colour scale.
fn class_colour(k: usize, classes: usize) -> Colour {
    // From a faint tint (k = 0) up to full blue; evenly spaced so steps are distinguishable.
    tint(BLUE, 0.12 + 0.88 * k as f64 / (classes.max(2) - 1) as f64)
}

pub(super) fn lay_out(s: &Summary, words: &SurveyWords) -> Option<Laid> {
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
    // A few rows (a single item) get taller cells, so the axis title fits beside them.
    let cell_h = CELL_H
        .max(MIN_GRID_H / rows as f64)
        .min(MAX_GRID_H / rows as f64);
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
    let missing = Missing::of(cells.iter().flatten());
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

    let axis = ConcernAxis::of(d);
    let (cut_rows, cut_label) = axis.cut(d, "below the line");
    let title_text = TITLE.to_string();
    let caption_text = caption_text(s);
    let mut keys = vec![(Key::Dashed(BLACK), cut_label)];
    keys.extend(missing.keys(min_cell));
    let header = furniture::header_height(&title_text, &keys);
    let axis_h = 6.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 12.0;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        header + 12.0 + cell_h * rows as f64 + axis_h,
        &caption_text,
    );

    let tick_w = axis
        .ticks()
        .iter()
        .map(|(_, t)| text_width(t, TICK_SIZE, false))
        .fold(0.0, f64::max);
    let left = Y_TITLE_BAND + 14.0 + tick_w + 10.0;
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
                            count(n),
                            SMALL_SIZE,
                            HAlign::Center,
                            VAlign::Center,
                            ink,
                        );
                    }
                }
                missing => furniture::missing_grid_cell(&mut scene, missing, x0, y0, x1, y1),
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
    // The threshold line between the rows counted as not concerned and those counted as
    // concerned: a cell boundary, never through a row.
    let y_mid = bottom - cell_h * cut_rows as f64;
    scene.dashed((left - 4.0, y_mid), (right + 4.0, y_mid), BLACK, 2.0);

    // Axes: bin edges, or each value at the middle of its row or column.
    for (pos, label) in axis.ticks() {
        let yy = bottom - cell_h * pos;
        furniture::y_tick_mark(&mut scene, left, yy, 5.0);
        let r = pos.floor() as usize;
        if r % label_every != 0 {
            continue;
        }
        furniture::y_tick_label(&mut scene, left - 8.0, yy, label);
    }
    let x_ticks: Vec<(f64, String)> = if d.disclosure_discrete {
        d.disclosure_bins
            .iter()
            .enumerate()
            .map(|(c, v)| (c as f64 + 0.5, layout::tick_label(v * 100.0)))
            .collect()
    } else {
        (0..=cols)
            .map(|c| {
                let edge = if c < cols { d.disclosure_bins[c] } else { 1.0 };
                (c as f64, layout::tick_label(edge * 100.0))
            })
            .collect()
    };
    for (pos, label) in x_ticks {
        let xx = left + cw * pos;
        furniture::x_tick_mark(&mut scene, xx, bottom, 5.0);
        furniture::x_tick_label(&mut scene, xx, bottom + 7.0, label);
    }
    furniture::x_axis_title(
        &mut scene,
        (left + right) / 2.0,
        bottom + 7.0 + line_step(TICK_SIZE) + 4.0,
        "Disclosure score (% of data types shared)",
    );
    furniture::y_axis_title(&mut scene, top, bottom, &words.concern_axis());

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
            format!("{}–{}", count(lo_v.ceil() as u64), count(hi_v as u64)),
            SMALL_SIZE,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        ky += 22.0;
    }
    Some(furniture::finish(scene, title_text, caption_text))
}

fn caption_text(s: &Summary) -> String {
    let d = &s.distributions;
    let known: u64 = d.heatmap.iter().flatten().flatten().sum();
    let n = s.gap.overall.as_ref().and_then(|g| g.n);
    let rows_text = if d.concern_discrete {
        "one row per score value".to_string()
    } else if d.concern_bins_closed_right {
        format!(
            "bins of width {} closed at the top, the lowest also at the bottom",
            layout::tick_label(d.concern_bin_width)
        )
    } else {
        format!("bins of width {}", layout::tick_label(d.concern_bin_width))
    };
    let cols_text = if d.disclosure_discrete {
        "one column per value"
    } else {
        "bins of width 20 points closed on the left, the last also at 100"
    };
    let mut t = format!(
        "Respondents by privacy concern score (rows, {rows_text}) and disclosure score \
         (columns, share of their data types with known behaviour that they shared, \
         {cols_text}). Top right: concerned yet disclosing. n = {} respondents with both \
         scores",
        match n {
            Some(n) => count(n),
            None => count(known),
        }
    );
    if !MinCell::new(s.disclosure_control.min_cell).is_off() {
        t.push_str(&format!(
            "; cells with 1 to {} respondents are suppressed",
            s.disclosure_control.min_cell - 1
        ));
    }
    t.push('.');
    t
}
