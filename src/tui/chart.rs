//! Terminal charts drawn cell by cell with Unicode blocks: grouped vertical bars with CI
//! whiskers (the gap by cohort), a dumbbell (stated vs. actual), diverging stacked bars
//! (tactic acceptance) and per-cohort histograms (concern distribution). Every drawing
//! goes through [`put`], which ignores cells outside the buffer, so any terminal size —
//! 1×1 included — is safe.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::analysis::summary::Ci;
use crate::tui::theme;

/// Eighth blocks for the top of a vertical bar, index = eighths filled.
const VERTICAL: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Sparkline levels.
const SPARK: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Writes one character at (x, y) when that cell is inside `area` and the buffer.
pub fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, ch: char, style: Style) {
    if x < area.x || y < area.y || x >= area.right() || y >= area.bottom() {
        return;
    }
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_char(ch).set_style(style);
    }
}

/// Writes a string from (x, y), clipped at the right edge of `area`.
pub fn put_str(buf: &mut Buffer, area: Rect, x: u16, y: u16, text: &str, style: Style) {
    let mut cx = x;
    for ch in text.chars() {
        if cx >= area.right() {
            break;
        }
        put(buf, area, cx, y, ch, style);
        cx = cx.saturating_add(1);
    }
}

/// One bar: a proportion in 0..1 with its CI.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub value: Option<f64>,
    pub ci: Ci,
    pub style: Style,
    /// The series' glyph (as in the legend): `█` bars are drawn to an eighth of a cell,
    /// other glyphs to half a cell.
    pub glyph: char,
    /// Publishing would suppress this value: drawn crossed (`╳`) and dim.
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub bars: Vec<Bar>,
    /// A reference mark drawn beside the bars (the expected paradoxical share).
    pub marker: Option<f64>,
}

/// Width of one group: each bar is `bar_w` cells plus a whisker column; a marker column;
/// a gap.
fn group_width(g: &BarGroup, bar_w: u16) -> u16 {
    (g.bars.len() as u16) * (bar_w + 1) + u16::from(g.marker.is_some()) + 2
}

/// Bars widen with the terminal (2 to 6 cells) so a wide screen is not mostly gaps.
fn bar_width(groups: &[BarGroup], plot_width: u16) -> u16 {
    let n_groups = groups.len().max(1) as u16;
    let bars = groups
        .iter()
        .map(|g| g.bars.len())
        .max()
        .unwrap_or(1)
        .max(1) as u16;
    let per_group = plot_width / n_groups;
    (per_group.saturating_sub(3) / bars)
        .saturating_sub(1)
        .clamp(2, 6)
}

/// Grouped vertical bars on a 0–100% axis, CI whiskers (`┬ │ ┴`) beside each bar, the
/// marker as `◆`, group labels on the bottom line. Groups that do not fit are left out.
pub fn grouped_bars(buf: &mut Buffer, area: Rect, groups: &[BarGroup]) {
    const AXIS: u16 = 5;
    if area.width <= AXIS + 1 || area.height < 3 {
        return;
    }
    let plot_h = area.height - 1; // last line: labels
    let plot_top = area.y;
    let base_y = area.y + plot_h - 1; // lowest plot row
                                      // y-axis labels at 0%, 50%, 100%.
    for (frac, label) in [(0.0, "  0%"), (0.5, " 50%"), (1.0, "100%")] {
        let y = row_of(frac, plot_top, plot_h);
        put_str(buf, area, area.x, y, label, theme::dim());
    }
    for y in plot_top..=base_y {
        put(buf, area, area.x + AXIS - 1, y, '┤', theme::dim());
    }
    let mut x = area.x + AXIS + 1;
    let bar_w = bar_width(groups, area.width - AXIS - 1);
    for g in groups {
        let w = group_width(g, bar_w);
        if x + w > area.right() + 1 {
            break;
        }
        let mut bx = x;
        for bar in &g.bars {
            draw_vertical_bar(buf, area, bx, bar_w, plot_top, plot_h, bar);
            bx += bar_w + 1;
        }
        if let Some(m) = g.marker {
            let y = row_of(m, plot_top, plot_h);
            put(buf, area, bx, y, '◆', theme::expected());
        }
        let label: String = g.label.chars().take(w.saturating_sub(1) as usize).collect();
        put_str(buf, area, x, area.y + plot_h, &label, theme::base());
        x += w;
    }
}

/// The plot row of a proportion (1.0 at the top row, 0.0 at the bottom row).
fn row_of(frac: f64, top: u16, h: u16) -> u16 {
    let frac = if frac.is_finite() {
        frac.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let from_bottom = (frac * f64::from(h.saturating_sub(1))).round() as u16;
    top + h.saturating_sub(1) - from_bottom.min(h.saturating_sub(1))
}

fn draw_vertical_bar(
    buf: &mut Buffer,
    area: Rect,
    x: u16,
    bar_w: u16,
    top: u16,
    h: u16,
    bar: &Bar,
) {
    let Some(v) = bar.value.filter(|v| v.is_finite()) else {
        put(buf, area, x, top + h - 1, '—', theme::dim());
        return;
    };
    let style = if bar.suppressed {
        theme::suppressed()
    } else {
        bar.style
    };
    let eighths = (v.clamp(0.0, 1.0) * f64::from(h) * 8.0).round() as u32;
    for row in 0..h {
        let y = top + h - 1 - row;
        let filled = eighths.saturating_sub(u32::from(row) * 8).min(8) as usize;
        if filled == 0 {
            break;
        }
        let ch = if bar.suppressed {
            theme::GLYPH_SUPPRESSED
        } else if bar.glyph == '█' {
            VERTICAL[filled]
        } else if filled >= 4 {
            bar.glyph
        } else {
            break;
        };
        for dx in 0..bar_w {
            put(buf, area, x + dx, y, ch, style);
        }
    }
    if let Some([lo, hi]) = bar.ci {
        let (y_hi, y_lo) = (row_of(hi, top, h), row_of(lo, top, h));
        for y in y_hi..=y_lo {
            let ch = if y_hi == y_lo {
                '┼'
            } else if y == y_hi {
                '┬'
            } else if y == y_lo {
                '┴'
            } else {
                '│'
            };
            put(buf, area, x + bar_w, y, ch, theme::ci());
        }
    }
}

/// One row of the dumbbell: stated willingness (`○`) and actual sharing (`●`), joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Dumbbell {
    pub label: String,
    pub stated: Option<f64>,
    pub shared: Option<f64>,
    pub suppressed: bool,
    pub selected: bool,
}

/// Stated vs. actual per data type on a shared 0–100% track.
pub fn dumbbells(buf: &mut Buffer, area: Rect, rows: &[Dumbbell], label_width: u16) {
    if area.width <= label_width + 4 || area.height == 0 {
        return;
    }
    let track_x = area.x + label_width + 1;
    let track_w = area.right() - track_x - 1;
    let col = |p: f64| track_x + ((p.clamp(0.0, 1.0) * f64::from(track_w - 1)).round() as u16);
    for (i, r) in rows.iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let label_style = if r.selected {
            theme::selected()
        } else {
            theme::base()
        };
        let label: String = r.label.chars().take(label_width as usize).collect();
        put_str(buf, area, area.x, y, &label, label_style);
        for x in track_x..track_x + track_w {
            put(buf, area, x, y, '·', theme::dim());
        }
        let (st, sh) = (theme::stated(), theme::shared());
        let (st, sh) = if r.suppressed {
            (theme::suppressed(), theme::suppressed())
        } else {
            (st, sh)
        };
        if let (Some(a), Some(b)) = (r.stated, r.shared) {
            let (lo, hi) = (col(a.min(b)), col(a.max(b)));
            for x in lo..=hi {
                put(buf, area, x, y, '─', theme::ci());
            }
        }
        if let Some(a) = r.stated {
            put(buf, area, col(a), y, '○', st);
        }
        if let Some(b) = r.shared {
            put(buf, area, col(b), y, '●', sh);
        }
        if r.suppressed {
            put_str(
                buf,
                area,
                area.right() - 1,
                y,
                theme::SUPPRESS_MARK,
                theme::suppressed(),
            );
        }
    }
}

/// One row of a diverging stacked bar: the share at each level of a rating scale, lowest
/// (most intrusive) first.
#[derive(Debug, Clone, PartialEq)]
pub struct Diverging {
    pub label: String,
    pub shares: Vec<Option<f64>>,
    /// Per level: publishing would suppress it.
    pub suppressed: Vec<bool>,
}

/// Glyph and style of level `k` of `n` on a diverging scale: the outermost levels solid,
/// inner ones lighter, the middle of an odd scale `░` grey; intrusive levels vermillion and
/// orange, acceptable ones blue and sky blue (the report's colours).
pub fn level_mark(k: usize, n: usize) -> (char, Style) {
    let half = n / 2;
    if n % 2 == 1 && k == half {
        return ('░', theme::neutral());
    }
    let (depth, left) = if k < half {
        (k, true)
    } else {
        (n - 1 - k, false)
    };
    let glyph = match depth {
        0 => '█',
        1 => '▓',
        _ => '▒',
    };
    let style = match (left, depth) {
        (true, 0) => theme::intrusive(),
        (true, _) => theme::intrusive_inner(),
        (false, 0) => theme::acceptable(),
        (false, _) => theme::acceptable_inner(),
    };
    (glyph, style)
}

/// Diverging stacked bars (Robbins & Heiberger 2011): every level of the scale, the lower
/// half to the left of the axis and the upper half to the right, outermost levels furthest
/// out; the middle level of an odd scale is split across the axis. Each half of the track
/// is 100%.
pub fn diverging(buf: &mut Buffer, area: Rect, rows: &[Diverging], label_width: u16) {
    if area.width <= label_width + 6 || area.height == 0 {
        return;
    }
    let track_x = area.x + label_width + 1;
    let track_w = area.right() - track_x;
    let half = track_w / 2;
    let centre = track_x + half;
    // Cells for a share of one half-track.
    let cells = |p: f64| (p.clamp(0.0, 1.0) * f64::from(half)).round() as u16;
    for (i, r) in rows.iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let label = crate::tui::grid::fit(&r.label, label_width as usize);
        put_str(buf, area, area.x, y, &label, theme::base());
        put(buf, area, centre, y, '│', theme::dim());
        let n = r.shares.len();
        if n == 0 || r.shares.iter().any(Option::is_none) {
            put_str(buf, area, centre.saturating_sub(1), y, "—", theme::dim());
            continue;
        }
        let mark = |k: usize| {
            if r.suppressed.get(k).copied().unwrap_or(false) {
                (theme::GLYPH_SUPPRESSED, theme::suppressed())
            } else {
                level_mark(k, n)
            }
        };
        let share = |k: usize| r.shares[k].unwrap_or(0.0);
        let lower = n / 2;
        let mut left = 0u16;
        let mut right = 0u16;
        if n % 2 == 1 {
            let w = cells(share(lower) / 2.0);
            let (ch, st) = mark(lower);
            for k in 0..w {
                put(buf, area, centre.saturating_sub(1 + k), y, ch, st);
                put(buf, area, centre + 1 + k, y, ch, st);
            }
            left = w;
            right = w;
        }
        // Inner levels next to the axis, outermost last.
        for k in (0..lower).rev() {
            let (ch, st) = mark(k);
            for _ in 0..cells(share(k)) {
                let Some(x) = centre.checked_sub(1 + left) else {
                    break;
                };
                if x < track_x {
                    break;
                }
                put(buf, area, x, y, ch, st);
                left += 1;
            }
        }
        for k in (n - lower)..n {
            let (ch, st) = mark(k);
            for _ in 0..cells(share(k)) {
                put(buf, area, centre + 1 + right, y, ch, st);
                right += 1;
            }
        }
    }
}

/// Histograms as sparklines, one row per cohort, each scaled to its own maximum so shapes
/// compare across cohorts of different size.
pub fn sparkline(counts: &[Option<u64>]) -> String {
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|c| match c {
            None => ' ',
            Some(0) => ' ',
            Some(n) => {
                // Eighths of the row maximum, rounded up so any count shows.
                let eighths = ((*n as f64 / max as f64) * 8.0).ceil() as usize;
                SPARK[eighths.clamp(1, 8) - 1]
            }
        })
        .collect()
}

/// Shade of a heat-map cell: share of the largest cell, in five steps.
pub fn shade(n: u64, max: u64) -> char {
    const STEPS: [char; 5] = [' ', '░', '▒', '▓', '█'];
    if n == 0 || max == 0 {
        return STEPS[0];
    }
    let level = ((n as f64 / max as f64) * 4.0).ceil() as usize;
    STEPS[level.clamp(1, 4)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_map_the_unit_interval_onto_the_plot() {
        assert_eq!(row_of(1.0, 2, 11), 2);
        assert_eq!(row_of(0.0, 2, 11), 12);
        assert_eq!(row_of(0.5, 2, 11), 7);
        assert_eq!(row_of(f64::NAN, 0, 1), 0);
    }

    #[test]
    fn sparklines_scale_to_the_row_maximum() {
        assert_eq!(sparkline(&[Some(0), Some(5), Some(10), None]), " ▄█ ");
    }

    #[test]
    fn likert_levels_have_their_own_marks_and_no_middle_on_even_scales() {
        let five: Vec<char> = (0..5).map(|k| level_mark(k, 5).0).collect();
        assert_eq!(five, ['█', '▓', '░', '▓', '█']);
        let four: Vec<char> = (0..4).map(|k| level_mark(k, 4).0).collect();
        assert_eq!(four, ['█', '▓', '▓', '█']);
        let area = Rect::new(0, 0, 30, 1);
        let mut buf = Buffer::empty(area);
        let row = Diverging {
            label: "All".into(),
            shares: vec![Some(0.2), Some(0.3), Some(0.3), Some(0.2)],
            suppressed: vec![false; 4],
        };
        diverging(&mut buf, area, &[row], 4);
        let line: String = (0..30)
            .filter_map(|x| buf.cell((x, 0)).map(|c| c.symbol().to_string()))
            .collect();
        assert!(
            !line.contains('░'),
            "no middle band on a 4-point scale: {line}"
        );
        assert!(line.contains("██▓▓▓▓│▓▓▓▓██"), "{line}");
    }

    #[test]
    fn charts_survive_a_one_by_one_area() {
        let area = Rect::new(0, 0, 1, 1);
        let mut buf = Buffer::empty(area);
        let bar = Bar {
            value: Some(0.5),
            ci: Some([0.4, 0.6]),
            style: Style::default(),
            glyph: '▓',
            suppressed: false,
        };
        grouped_bars(
            &mut buf,
            area,
            &[BarGroup {
                label: "x".into(),
                bars: vec![bar],
                marker: Some(0.3),
            }],
        );
        dumbbells(&mut buf, area, &[], 3);
        diverging(&mut buf, area, &[], 3);
    }
}
