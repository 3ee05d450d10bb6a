//! The furniture every chart shares, drawn one way: the canvas with its title and legend,
//! the caption, axis titles and tick labels, column headings, the legend keys, the CI
//! whiskers and expected-share diamond, and the marks and words for a missing value — a
//! grey hatched box where disclosure control suppressed a value, a dashed outline where a
//! statistic is not defined. A chart module lays out only what is its own.

use super::layout::{
    line_step, wrap, Cell, AXIS, BLACK, INK, INK_SOFT, LABEL_SIZE, MARGIN, SMALL_SIZE,
    SUPPRESSED_FILL, SUPPRESSED_HATCH, TICK_SIZE, TITLE_SIZE, UNDEFINED_LINE, WHITE, WIDTH,
};
use super::scene::{text_width, Colour, HAlign, Scene, Text, VAlign};
use crate::fmt::count;
use crate::privacy::MinCell;

/// A chart laid out but not yet drawn.
pub(crate) struct Laid {
    pub title: String,
    pub caption: String,
    pub scene: Scene,
}

// ---------------------------------------------------------------------------------------
// Canvas, title, legend, caption
// ---------------------------------------------------------------------------------------

/// Draws the title at the top left; returns the y below it.
pub(crate) fn title(scene: &mut Scene, text: &str) -> f64 {
    let size = TITLE_SIZE;
    let mut y = MARGIN;
    for line in wrap(text, size, f64::from(scene.width) - 2.0 * MARGIN) {
        scene.text(Text {
            x: MARGIN,
            y,
            text: line,
            size,
            bold: true,
            h: HAlign::Left,
            v: VAlign::Top,
            rotated: false,
            colour: INK,
        });
        y += line_step(size);
    }
    y + 4.0
}

/// Draws the title and, under it, the legend; returns the y below the legend.
fn header(scene: &mut Scene, title_text: &str, keys: &[(Key, String)]) -> f64 {
    let y = title(scene, title_text);
    legend(scene, MARGIN, y, keys)
}

/// Height of the title and legend block, measured by laying both out on a scratch scene,
/// so a chart can size its canvas before drawing.
pub fn header_height(title_text: &str, keys: &[(Key, String)]) -> f64 {
    let mut probe = Scene::new(WIDTH, 100);
    header(&mut probe, title_text, keys)
}

/// Height the caption will need at the chart's width.
fn caption_height(text: &str, width: u32) -> f64 {
    let lines = wrap(text, SMALL_SIZE, f64::from(width) - 2.0 * MARGIN).len() as f64;
    lines * line_step(SMALL_SIZE) + MARGIN
}

/// A new canvas of the chart width whose height holds `above_caption` (everything from the
/// top edge down to the caption, header included) plus the caption, with the title and
/// legend drawn. Returns the canvas and the y below the legend.
pub fn open(
    title_text: &str,
    keys: &[(Key, String)],
    above_caption: f64,
    caption_text: &str,
) -> (Scene, f64) {
    let height = (above_caption + caption_height(caption_text, WIDTH) + 8.0).ceil() as u32;
    let mut scene = Scene::new(WIDTH, height);
    let y = header(&mut scene, title_text, keys);
    (scene, y)
}

/// Draws the caption at the bottom, wrapped to the chart's width, and hands the chart over.
pub fn finish(mut scene: Scene, title_text: String, caption_text: String) -> Laid {
    caption(&mut scene, &caption_text);
    Laid {
        title: title_text,
        caption: caption_text,
        scene,
    }
}

/// Draws `text` as the caption, wrapped to the scene's width, ending at its bottom margin.
pub(crate) fn caption(scene: &mut Scene, text: &str) {
    let lines = wrap(text, SMALL_SIZE, f64::from(scene.width) - 2.0 * MARGIN);
    let step = line_step(SMALL_SIZE);
    let mut y = f64::from(scene.height) - MARGIN - lines.len() as f64 * step;
    for line in lines {
        scene.label(
            MARGIN,
            y,
            line,
            SMALL_SIZE,
            HAlign::Left,
            VAlign::Top,
            INK_SOFT,
        );
        y += step;
    }
}

/// The caption's sentence on suppression for charts whose every value rests on at least
/// `min_cell` respondents; empty without disclosure control.
pub fn suppressed_note(min_cell: u32) -> String {
    if !MinCell::new(min_cell).is_off() {
        format!(" Values from fewer than {min_cell} respondents are suppressed.")
    } else {
        String::new()
    }
}

/// A count that may be missing: "suppressed" under disclosure control, else "n/a".
pub fn opt_count(n: Option<u64>, min_cell: u32) -> String {
    match n {
        Some(n) => count(n),
        None if !MinCell::new(min_cell).is_off() => "suppressed".to_string(),
        None => "n/a".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Legend
// ---------------------------------------------------------------------------------------

/// What a legend entry looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    Fill(Colour),
    Line(Colour),
    Dashed(Colour),
    Point(Colour),
    /// A hollow diamond (the expected share).
    Diamond,
    /// A CI whisker.
    Whisker,
    Suppressed,
    Undefined,
}

const KEY_W: f64 = 22.0;
const KEY_GAP: f64 = 6.0;
const ENTRY_GAP: f64 = 18.0;

/// Lays out legend entries left to right from `x`, wrapping at the right margin; returns
/// the y below the legend.
fn legend(scene: &mut Scene, x: f64, y: f64, entries: &[(Key, String)]) -> f64 {
    let size = LABEL_SIZE - 1.0;
    let row_h = line_step(size) + 4.0;
    let right = f64::from(scene.width) - MARGIN;
    let (mut cx, mut cy) = (x, y);
    for (key, label) in entries {
        let w = KEY_W + KEY_GAP + text_width(label, size, false);
        if cx > x && cx + w > right {
            cx = x;
            cy += row_h;
        }
        let mid = cy + row_h / 2.0;
        draw_key(scene, *key, cx, mid);
        scene.label(
            cx + KEY_W + KEY_GAP,
            mid,
            label.clone(),
            size,
            HAlign::Left,
            VAlign::Center,
            INK,
        );
        cx += w + ENTRY_GAP;
    }
    cy + row_h + 6.0
}

fn draw_key(scene: &mut Scene, key: Key, x: f64, mid: f64) {
    let (x0, x1) = (x, x + KEY_W);
    let (y0, y1) = (mid - 6.0, mid + 6.0);
    match key {
        Key::Fill(c) => scene.rect(x0, y0, x1, y1, c),
        Key::Line(c) => scene.line((x0, mid), (x1, mid), c, 3.0),
        Key::Dashed(c) => scene.dashed((x0, mid), (x1, mid), c, 2.0),
        Key::Point(c) => scene.circle(x + KEY_W / 2.0, mid, 6.5, c, Some((WHITE, 1.0))),
        Key::Diamond => diamond(scene, x + KEY_W / 2.0, mid, 6.0),
        Key::Whisker => whisker_h(scene, x0 + 2.0, x1 - 2.0, mid, BLACK),
        Key::Suppressed => suppressed(scene, x0, y0, x1, y1),
        Key::Undefined => undefined(scene, x0, y0, x1, y1),
    }
}

/// The legend entry of the 95% Wilson whiskers.
pub fn wilson_key() -> (Key, String) {
    (Key::Whisker, "95% CI (Wilson)".to_string())
}

/// Which kinds of missing value a chart draws, so its legend explains exactly those.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Missing {
    suppressed: bool,
    undefined: bool,
}

impl Missing {
    /// The kinds among `cells`.
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Missing {
        let mut m = Missing::default();
        for c in cells {
            m.see(*c);
        }
        m
    }

    /// Notes one drawn value.
    pub fn see(&mut self, c: Cell) {
        self.suppressed |= c == Cell::Suppressed;
        self.undefined |= c == Cell::Undefined;
    }

    /// The legend entries explaining the missing-value marks that occur.
    pub fn keys(self, min_cell: u32) -> Vec<(Key, String)> {
        let mut v = Vec::new();
        if self.suppressed {
            v.push((
                Key::Suppressed,
                format!("Suppressed (fewer than {min_cell} respondents)"),
            ));
        }
        if self.undefined {
            v.push((Key::Undefined, "Not defined".to_string()));
        }
        v
    }
}

// ---------------------------------------------------------------------------------------
// Marks
// ---------------------------------------------------------------------------------------

/// The mark of a suppressed value: a grey hatched box.
pub fn suppressed(scene: &mut Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    scene.hatched(x0, y0, x1, y1, SUPPRESSED_FILL, SUPPRESSED_HATCH);
}

/// The mark of an undefined value: an empty dashed outline.
pub fn undefined(scene: &mut Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    scene.dashed((x0, y0), (x1, y0), UNDEFINED_LINE, 1.0);
    scene.dashed((x1, y0), (x1, y1), UNDEFINED_LINE, 1.0);
    scene.dashed((x1, y1), (x0, y1), UNDEFINED_LINE, 1.0);
    scene.dashed((x0, y1), (x0, y0), UNDEFINED_LINE, 1.0);
}

/// The mark of a missing value in the box where the value would stand; nothing for a
/// value.
pub fn missing_mark(scene: &mut Scene, c: Cell, x0: f64, y0: f64, x1: f64, y1: f64) {
    match c {
        Cell::Suppressed => suppressed(scene, x0, y0, x1, y1),
        Cell::Undefined => undefined(scene, x0, y0, x1, y1),
        Cell::Value(_) => {}
    }
}

/// The mark of a missing cell of a heat map: the hatching fills the cell; the dashed
/// outline sits 1 px inside it, so the white cell borders do not hide it.
pub fn missing_grid_cell(scene: &mut Scene, c: Cell, x0: f64, y0: f64, x1: f64, y1: f64) {
    match c {
        Cell::Undefined => undefined(scene, x0 + 1.0, y0 + 1.0, x1 - 1.0, y1 - 1.0),
        other => missing_mark(scene, other, x0, y0, x1, y1),
    }
}

/// A hollow diamond: white fill, black outline.
pub fn diamond(scene: &mut Scene, x: f64, y: f64, r: f64) {
    let pts = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
    scene.polygon(pts.clone(), BLACK);
    let s = r - 2.0;
    scene.polygon(vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)], WHITE);
}

/// A horizontal CI whisker with end caps.
pub fn whisker_h(scene: &mut Scene, x0: f64, x1: f64, y: f64, c: Colour) {
    scene.line((x0, y), (x1, y), c, 1.5);
    scene.line((x0, y - 4.0), (x0, y + 4.0), c, 1.5);
    scene.line((x1, y - 4.0), (x1, y + 4.0), c, 1.5);
}

/// A vertical CI whisker with end caps.
pub fn whisker_v(scene: &mut Scene, x: f64, y0: f64, y1: f64, c: Colour, cap: f64) {
    scene.line((x, y0), (x, y1), c, 1.5);
    scene.line((x - cap, y0), (x + cap, y0), c, 1.5);
    scene.line((x - cap, y1), (x + cap, y1), c, 1.5);
}

// ---------------------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------------------

/// The band at the left edge that holds the rotated y-axis title; plots start to its right.
pub const Y_TITLE_BAND: f64 = MARGIN + LABEL_SIZE * 1.3;

/// The y-axis title, turned to read upwards, centred on the plot's height in the band at
/// the left edge.
pub fn y_axis_title(scene: &mut Scene, top: f64, bottom: f64, text: &str) {
    scene.text(Text {
        x: MARGIN + LABEL_SIZE * 0.65,
        y: (top + bottom) / 2.0,
        text: text.into(),
        size: LABEL_SIZE,
        bold: false,
        h: HAlign::Center,
        v: VAlign::Center,
        rotated: true,
        colour: INK,
    });
}

/// The x-axis title, centred on `x` with its top at `y`.
pub fn x_axis_title(scene: &mut Scene, x: f64, y: f64, text: &str) {
    scene.label(x, y, text, LABEL_SIZE, HAlign::Center, VAlign::Top, INK);
}

/// A tick of `len` pointing left from a vertical axis at `x`.
pub fn y_tick_mark(scene: &mut Scene, x: f64, y: f64, len: f64) {
    scene.line((x - len, y), (x, y), AXIS, 1.0);
}

/// A tick label of a vertical axis, right-aligned at `x`.
pub fn y_tick_label(scene: &mut Scene, x: f64, y: f64, text: String) {
    scene.label(
        x,
        y,
        text,
        TICK_SIZE,
        HAlign::Right,
        VAlign::Center,
        INK_SOFT,
    );
}

/// A tick of `len` pointing down from a horizontal axis at `y`.
pub fn x_tick_mark(scene: &mut Scene, x: f64, y: f64, len: f64) {
    scene.line((x, y), (x, y + len), AXIS, 1.0);
}

/// A tick label of a horizontal axis, centred on `x` with its top at `y`.
pub fn x_tick_label(scene: &mut Scene, x: f64, y: f64, text: String) {
    scene.label(x, y, text, TICK_SIZE, HAlign::Center, VAlign::Top, INK_SOFT);
}

/// The heading of a column of printed values beside a plot, right-aligned at `right`
/// with its baseline at `y`.
pub fn column_head(scene: &mut Scene, right: f64, y: f64, text: &str) {
    scene.label(
        right,
        y,
        text,
        SMALL_SIZE,
        HAlign::Right,
        VAlign::Bottom,
        INK,
    );
}

// ---------------------------------------------------------------------------------------
// The concern score's axis (heat-map rows, distribution bars)
// ---------------------------------------------------------------------------------------

/// The concern score as slots along an axis: one per bin, or one per value when the score
/// takes few values. Positions are in slots from the low end: bin edges at whole numbers,
/// values at the middle of their slot.
pub(crate) struct ConcernAxis {
    discrete: bool,
    /// Lower edges of the bins, or the values.
    starts: Vec<f64>,
    width: f64,
}

impl ConcernAxis {
    pub fn of(d: &crate::analysis::summary::Distributions) -> ConcernAxis {
        ConcernAxis {
            discrete: d.concern_discrete,
            starts: d.concern_bins.clone(),
            width: d.concern_bin_width,
        }
    }

    /// (position, label) of every tick.
    pub fn ticks(&self) -> Vec<(f64, String)> {
        if self.discrete {
            self.starts
                .iter()
                .enumerate()
                .map(|(i, v)| (i as f64 + 0.5, super::layout::tick_label(*v)))
                .collect()
        } else {
            (0..=self.starts.len())
                .map(|i| {
                    let lo = self.starts.first().copied().unwrap_or(0.0);
                    (
                        i as f64,
                        super::layout::tick_label(lo + self.width * i as f64),
                    )
                })
                .collect()
        }
    }

    /// The threshold the line stands for (the codebook's, else the scale midpoint).
    pub fn threshold(&self, d: &crate::analysis::summary::Distributions) -> f64 {
        let (Some(&first), Some(&last)) = (self.starts.first(), self.starts.last()) else {
            return f64::NAN;
        };
        let top = if self.discrete {
            last
        } else {
            last + self.width
        };
        super::layout::concern_cut(d, first, top).0
    }

    /// Where the threshold line goes — after this many slots, all at or below the
    /// threshold — and its legend naming the side (`below`, e.g. "below the line") that
    /// holds a score equal to the threshold.
    pub fn cut(&self, d: &crate::analysis::summary::Distributions, below: &str) -> (usize, String) {
        let (Some(&first), Some(&last)) = (self.starts.first(), self.starts.last()) else {
            return (0, String::new());
        };
        let top = if self.discrete {
            last
        } else {
            last + self.width
        };
        let (cut, label) = super::layout::concern_cut(d, first, top);
        let upper = |i: usize| {
            if self.discrete {
                self.starts[i]
            } else {
                self.starts[i] + self.width
            }
        };
        let n = (0..self.starts.len())
            .take_while(|&i| upper(i) <= cut + 1e-9)
            .count();
        let label = format!(
            "{label}; a score of exactly {} counts as not concerned ({below})",
            super::layout::tick_label(cut)
        );
        (n, label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_explain_only_what_occurs() {
        let m = Missing::of(&[Cell::Value(0.5), Cell::Suppressed]);
        let keys = m.keys(10);
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].0, Key::Suppressed);
        assert!(keys[0].1.contains("fewer than 10"));
        assert!(Missing::of(&[Cell::Value(1.0)]).keys(10).is_empty());
        let mut m = Missing::default();
        m.see(Cell::Undefined);
        assert_eq!(m.keys(0), vec![(Key::Undefined, "Not defined".to_string())]);
    }

    #[test]
    fn counts_say_why_they_are_missing() {
        assert_eq!(opt_count(Some(2391), 10), "2,391");
        assert_eq!(opt_count(None, 10), "suppressed");
        assert_eq!(opt_count(None, 0), "n/a");
        assert_eq!(suppressed_note(0), "");
        assert_eq!(
            suppressed_note(10),
            " Values from fewer than 10 respondents are suppressed."
        );
    }
}
