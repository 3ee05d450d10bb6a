//! The distribution of the privacy concern score in each cohort, as
//! small multiples (one histogram panel per cohort, shared axes) of the share of the cohort
//! in each bin, with the "concerned" threshold (the scale midpoint by default) marked. Built
//! from the binned counts in `distributions`, never from respondent-level scores.

use super::furniture::{self, opt_count, ConcernAxis, Key, Laid, Missing, Y_TITLE_BAND};
use super::layout::{
    self, line_step, Cell, AXIS, BLACK, GRID, INK, LABEL_SIZE, MARGIN, SKY_BLUE, TICK_SIZE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, Text, VAlign};
use crate::analysis::summary::{BinnedCounts, Summary};
use crate::fmt::count;
use crate::privacy::MinCell;
use crate::report::words::SurveyWords;

const TITLE: &str = "Distribution of privacy concern by cohort";
const PANEL_H: f64 = 200.0;
const BAR: Colour = SKY_BLUE;

/// Panel grid for `c` cohorts: at most 4 across.
fn grid(c: usize) -> (usize, usize) {
    let cols = match c {
        0..=3 => c.max(1),
        4 => 2,
        5 | 6 => 3,
        _ => 4,
    };
    (cols, c.div_ceil(cols))
}

/// A bin's state: its share of the cohort, or why it has none.
fn bin_cell(b: &BinnedCounts, i: usize, min_cell: u32) -> Cell {
    match (b.n, b.counts.get(i).copied().flatten()) {
        (Some(n), Some(c)) if n > 0 => Cell::Value(c as f64 / n as f64),
        (Some(0), _) => Cell::Undefined,
        _ => layout::cell(None, min_cell),
    }
}

pub(super) fn lay_out(s: &Summary, words: &SurveyWords) -> Option<Laid> {
    let d = &s.distributions;
    let min_cell = s.disclosure_control.min_cell;
    let bins = d.concern_bins.len();
    let width = d.concern_bin_width;
    let binned_ok = d.concern_discrete || (width.is_finite() && width > 0.0);
    if bins == 0 || d.concern_by_cohort.is_empty() || !binned_ok {
        return None;
    }
    let axis = ConcernAxis::of(d);
    let (cut_slots, cut_label) = axis.cut(d, "left of the line");
    let cut = axis.threshold(d);
    let cohorts = &d.concern_by_cohort;
    let panel_state = |b: &BinnedCounts| match b.n {
        Some(n) if n > 0 => None,
        Some(_) => Some(Cell::Undefined),
        None => Some(layout::cell(None, min_cell)),
    };
    let mut missing = Missing::default();
    let mut max_share: f64 = 0.0;
    for b in cohorts {
        if let Some(c) = panel_state(b) {
            missing.see(c);
            continue;
        }
        for i in 0..bins {
            match bin_cell(b, i, min_cell) {
                Cell::Value(p) => max_share = max_share.max(p),
                other => missing.see(other),
            }
        }
    }
    let (y_max, y_step) = layout::nice_axis((max_share * 100.0).max(5.0));

    let title_text = TITLE.to_string();
    let caption_text = caption_text(s, cohorts, cut);
    let mut keys = vec![
        (
            Key::Fill(BAR),
            "Share of the cohort in the score bin".to_string(),
        ),
        (Key::Dashed(BLACK), cut_label),
    ];
    keys.extend(missing.keys(min_cell));
    let header = furniture::header_height(&title_text, &keys);
    let (cols, rows) = grid(cohorts.len());
    let axis_h = line_step(LABEL_SIZE) + 10.0;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        header + rows as f64 * PANEL_H + axis_h,
        &caption_text,
    );

    let tick_w = (0..=((y_max / y_step).round() as usize))
        .map(|i| text_width(&layout::tick_label(i as f64 * y_step), TICK_SIZE, false))
        .fold(0.0, f64::max);
    let left = Y_TITLE_BAND + 14.0 + tick_w + 8.0;
    let right = f64::from(WIDTH) - MARGIN;
    let pw = (right - left) / cols as f64;
    let panel_gap = 30.0;
    // One slot per bin or value; labels on every tick that leaves about 40 px between
    // labels.
    let span = bins as f64;
    let px_per_slot = (pw - panel_gap) / span;
    let label_every = (40.0 / px_per_slot).ceil().max(1.0) as usize;

    for (ci, b) in cohorts.iter().enumerate() {
        let (col, row) = (ci % cols, ci / cols);
        let px0 = left + pw * col as f64;
        let px1 = px0 + pw - panel_gap;
        let ptop = y + PANEL_H * row as f64 + line_step(TICK_SIZE) + 8.0;
        let pbot = y + PANEL_H * (row + 1) as f64 - line_step(TICK_SIZE) - 14.0;
        let xv = |v: f64| px0 + (px1 - px0) * (v / span).clamp(0.0, 1.0);
        let yv = |p: f64| pbot - (pbot - ptop) * (p * 100.0 / y_max).clamp(0.0, 1.0);
        let n_text = opt_count(b.n, s.disclosure_control.min_cell);
        let head = layout::fit_or(
            &format!("{} (n = {n_text})", b.cohort),
            &format!(
                "{} (n {})",
                b.cohort,
                if b.n.is_some() {
                    n_text.as_str()
                } else {
                    "suppr."
                }
            ),
            TICK_SIZE,
            true,
            px1 - px0,
        );
        scene.text(Text {
            x: px0,
            y: ptop - 6.0,
            text: head,
            size: TICK_SIZE,
            bold: true,
            h: HAlign::Left,
            v: VAlign::Bottom,
            rotated: false,
            colour: INK,
        });
        // Grid and y ticks (labels only on the first column).
        let mut t = 0.0;
        while t <= y_max + 1e-9 {
            let yy = yv(t / 100.0);
            if t > 0.0 {
                scene.line((px0, yy), (px1, yy), GRID, 1.0);
            }
            if col == 0 {
                furniture::y_tick_mark(&mut scene, px0, yy, 4.0);
                furniture::y_tick_label(&mut scene, px0 - 7.0, yy, layout::tick_label(t));
            }
            t += y_step;
        }
        match panel_state(b) {
            Some(missing) => furniture::missing_mark(
                &mut scene,
                missing,
                px0 + 10.0,
                pbot - 24.0,
                px1 - 10.0,
                pbot,
            ),
            None => {
                // Adjacent bins touch; separate values keep a gap between their bars.
                let inset = if d.concern_discrete {
                    px_per_slot * 0.15
                } else {
                    0.5
                };
                for i in 0..bins {
                    let (x0, x1) = (xv(i as f64) + inset, xv(i as f64 + 1.0) - inset);
                    match bin_cell(b, i, min_cell) {
                        Cell::Value(p) if p > 0.0 => scene.rect(x0, yv(p), x1, pbot, BAR),
                        Cell::Value(_) => {}
                        // A suppressed or undefined share has no height: the mark spans
                        // the whole panel, claiming no value.
                        missing => furniture::missing_mark(&mut scene, missing, x0, ptop, x1, pbot),
                    }
                }
            }
        }
        let x_cut = xv(cut_slots as f64);
        scene.dashed((x_cut, ptop), (x_cut, pbot), BLACK, 1.5);
        scene.line((px0, pbot), (px1, pbot), AXIS, 1.0);
        scene.line((px0, ptop), (px0, pbot), AXIS, 1.0);
        // x ticks at the bin edges, or under each value.
        for (pos, label) in axis.ticks() {
            let xx = xv(pos);
            furniture::x_tick_mark(&mut scene, xx, pbot, 4.0);
            if (pos.floor() as usize) % label_every == 0 {
                furniture::x_tick_label(&mut scene, xx, pbot + 6.0, label);
            }
        }
    }
    let plots_bottom = y + PANEL_H * rows as f64;
    furniture::x_axis_title(
        &mut scene,
        (left + right) / 2.0,
        plots_bottom,
        &words.concern_axis(),
    );
    furniture::y_axis_title(&mut scene, y, plots_bottom, "Share of cohort (%)");
    Some(furniture::finish(scene, title_text, caption_text))
}

fn caption_text(s: &Summary, cohorts: &[BinnedCounts], cut: f64) -> String {
    let d = &s.distributions;
    let total: u64 = cohorts.iter().filter_map(|b| b.n).sum();
    let bins = if d.concern_discrete {
        "at each value of the privacy concern score".to_string()
    } else if d.concern_bins_closed_right {
        format!(
            "whose privacy concern score falls in each bin of width {} (bins closed on the \
             right, the lowest also at its left edge)",
            layout::tick_label(d.concern_bin_width)
        )
    } else {
        format!(
            "whose privacy concern score falls in each bin of width {} (bins closed on the \
             left; the last bin also includes the scale maximum)",
            layout::tick_label(d.concern_bin_width)
        )
    };
    let mut t = format!(
        "Share of each cohort {bins}. Dashed line: the concern threshold {}; a score above \
         it counts as concerned (right of the line). n = {} respondents with a concern score \
         and a known cohort",
        layout::tick_label(cut),
        count(total),
    );
    let per: Vec<String> = cohorts
        .iter()
        .map(|b| {
            format!(
                "{} {}",
                b.cohort,
                opt_count(b.n, s.disclosure_control.min_cell)
            )
        })
        .collect();
    t.push_str(&format!(" ({}).", per.join(", ")));
    if !MinCell::new(s.disclosure_control.min_cell).is_off() {
        t.push_str(&format!(
            " Counts from 1 to {} respondents are suppressed; suppressed cohorts are left out of n.",
            s.disclosure_control.min_cell - 1
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_are_at_most_four_across() {
        assert_eq!(grid(1), (1, 1));
        assert_eq!(grid(4), (2, 2));
        assert_eq!(grid(5), (3, 2));
        assert_eq!(grid(8), (4, 2));
    }
}
