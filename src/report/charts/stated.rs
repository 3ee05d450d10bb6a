//! Stated vs. actual sharing per data type as a dumbbell chart. Each row joins
//! the share willing to share a data type (what people say) to the share who actually
//! shared it (what they do), with 95% Wilson whiskers drawn just above and below the row;
//! rows are sorted by the say–do gap, largest first, and the gap is printed at the right.

use super::furniture::{
    self, opt_count, suppressed_note, wilson_key, Key, Laid, Missing, Y_TITLE_BAND,
};
use super::layout::{
    self, line_step, Cell, AXIS, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN, NEUTRAL, SKY_BLUE,
    SMALL_SIZE, TICK_SIZE, VERMILLION, WHITE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, VAlign};
use crate::analysis::summary::{DataTypeSummary, Summary};
use crate::fmt::signed_points;
use crate::privacy::MinCell;

const TITLE: &str = "What people say vs. what they do, by data type";
const ROW_H: f64 = 48.0;
const STATED: Colour = SKY_BLUE;
const SHARED: Colour = VERMILLION;

pub(super) fn lay_out(s: &Summary) -> Option<Laid> {
    let min_cell = s.disclosure_control.min_cell;
    let mut rows: Vec<&DataTypeSummary> = s
        .data_types
        .iter()
        .filter(|d| {
            d.willing.is_some()
                || d.shared.is_some()
                || d.n_pairs.is_some()
                || !MinCell::new(min_cell).is_off()
        })
        .collect();
    if rows.is_empty()
        || rows
            .iter()
            .all(|d| d.willing.is_none() && d.shared.is_none())
    {
        return None;
    }
    // Largest say–do gap first; rows without a gap keep codebook order at the end.
    rows.sort_by(|a, b| match (a.say_do_gap, b.say_do_gap) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let cells: Vec<[Cell; 2]> = rows
        .iter()
        .map(|d| {
            [
                layout::cell_of(d.willing, d.n_pairs, min_cell),
                layout::cell_of(d.shared, d.n_pairs, min_cell),
            ]
        })
        .collect();
    let missing = Missing::of(cells.iter().flatten());

    let title_text = TITLE.to_string();
    let caption_text = caption_text(s, &rows);
    // Height from the content: header, rows, axis, caption.
    let keys = keys(missing, min_cell);
    let header = furniture::header_height(TITLE, &keys);
    let axis_h = 8.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 12.0;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        header + 16.0 + ROW_H * rows.len() as f64 + axis_h,
        &caption_text,
    );

    // Columns: rotated axis title | row labels | plot | gap.
    let label_w = rows
        .iter()
        .map(|d| text_width(&d.label, TICK_SIZE, false))
        .fold(text_width("n = 00,000 pairs", SMALL_SIZE, false), f64::max)
        .min(240.0);
    let gap_col =
        text_width("Gap (pts)", SMALL_SIZE, true).max(text_width("+100", TICK_SIZE, false)) + 8.0;
    let left = Y_TITLE_BAND + 14.0 + label_w + 16.0;
    let right = f64::from(WIDTH) - MARGIN - gap_col - 16.0;
    let top = y + 16.0;
    let bottom = top + ROW_H * rows.len() as f64;
    let xv = |p: f64| left + (right - left) * p.clamp(0.0, 1.0);

    for i in 0..=5 {
        let p = i as f64 / 5.0;
        let xx = xv(p);
        scene.line((xx, top), (xx, bottom), GRID, 1.0);
        furniture::x_tick_mark(&mut scene, xx, bottom, 5.0);
        furniture::x_tick_label(&mut scene, xx, bottom + 8.0, layout::tick_label(p * 100.0));
    }
    scene.line((left, bottom), (right, bottom), AXIS, 1.0);
    furniture::x_axis_title(
        &mut scene,
        (left + right) / 2.0,
        bottom + 8.0 + line_step(TICK_SIZE) + 4.0,
        "Share of respondents (%)",
    );
    furniture::y_axis_title(&mut scene, top, bottom, "Data type");
    let gap_x = f64::from(WIDTH) - MARGIN;
    furniture::column_head(&mut scene, gap_x, top - 4.0, "Gap (pts)");

    for (i, (d, c)) in rows.iter().zip(&cells).enumerate() {
        let cy = top + ROW_H * (i as f64 + 0.5);
        let label_x = left - 16.0;
        let label = layout::fit(&d.label, TICK_SIZE, false, label_w);
        scene.label(
            label_x,
            cy - 1.0,
            label,
            TICK_SIZE,
            HAlign::Right,
            VAlign::Bottom,
            INK,
        );
        scene.label(
            label_x,
            cy + 1.0,
            format!(
                "n = {} pairs",
                opt_count(d.n_pairs, s.disclosure_control.min_cell)
            ),
            SMALL_SIZE,
            HAlign::Right,
            VAlign::Top,
            INK_SOFT,
        );
        if let [Cell::Value(w), Cell::Value(sh)] = c {
            scene.line((xv(*w), cy), (xv(*sh), cy), NEUTRAL, 4.0);
        }
        for (k, (v, ci, colour)) in [(c[0], d.willing_ci, STATED), (c[1], d.shared_ci, SHARED)]
            .into_iter()
            .enumerate()
        {
            if let Cell::Value(p) = v {
                let wy = if k == 0 { cy - 11.0 } else { cy + 11.0 };
                if let Some([lo, hi]) = ci.filter(|c| c.iter().all(|v| v.is_finite())) {
                    furniture::whisker_h(&mut scene, xv(lo), xv(hi), wy, colour);
                }
                scene.circle(xv(p), cy, 7.0, colour, Some((WHITE, 1.5)));
            }
        }
        // Gap column: the gap, or the marker of what is missing.
        let (mx0, mx1) = (gap_x - 30.0, gap_x);
        if c.contains(&Cell::Suppressed) {
            furniture::suppressed(&mut scene, mx0, cy - 8.0, mx1, cy + 8.0);
        } else if c.contains(&Cell::Undefined) {
            furniture::undefined(&mut scene, mx0, cy - 8.0, mx1, cy + 8.0);
        } else if let Some(g) = d.say_do_gap.filter(|g| g.is_finite()) {
            scene.label(
                gap_x,
                cy,
                signed_points(g),
                TICK_SIZE,
                HAlign::Right,
                VAlign::Center,
                INK,
            );
        }
    }
    Some(furniture::finish(scene, title_text, caption_text))
}

fn keys(missing: Missing, min_cell: u32) -> Vec<(Key, String)> {
    let mut keys = vec![
        (Key::Point(STATED), "Stated willing to share".to_string()),
        (Key::Point(SHARED), "Actually shared".to_string()),
        (Key::Line(NEUTRAL), "Say–do gap".to_string()),
        wilson_key(),
    ];
    keys.extend(missing.keys(min_cell));
    keys
}

fn caption_text(s: &Summary, rows: &[&DataTypeSummary]) -> String {
    let mut t = String::from(
        "Stated: share willing to share the data type (above the scale midpoint; neutral \
         answers excluded). Actual: share who shared it. Both over the same respondents \
         (stated position and known behaviour). Whiskers: 95% Wilson intervals (stated above, \
         actual below each row). Gap: actual − stated, in percentage points; rows sorted by it.",
    );
    let ns: Vec<String> = rows
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d.label,
                opt_count(d.n_pairs, s.disclosure_control.min_cell)
            )
        })
        .collect();
    t.push_str(&format!(
        " n = respondent pairs per data type: {}.",
        ns.join(", ")
    ));
    t.push_str(&suppressed_note(s.disclosure_control.min_cell));
    t
}
