//! Shared pieces of chart layout: the palette (Okabe & Ito 2008, "Color Universal Design"),
//! type sizes, title block, legend rows, caption wrapping, axis ticks, and how a missing
//! value is read (suppressed by disclosure control vs. undefined).

use super::scene::{text_height, text_width, Colour, HAlign, Scene, Text, VAlign};

// Okabe–Ito palette.
pub const ORANGE: Colour = Colour::hex(0xE69F00);
pub const SKY_BLUE: Colour = Colour::hex(0x56B4E9);
pub const GREEN: Colour = Colour::hex(0x009E73);
pub const YELLOW: Colour = Colour::hex(0xF0E442);
pub const BLUE: Colour = Colour::hex(0x0072B2);
pub const VERMILLION: Colour = Colour::hex(0xD55E00);
pub const PURPLE: Colour = Colour::hex(0xCC79A7);
pub const BLACK: Colour = Colour::hex(0x000000);

/// Okabe–Ito in the order series are coloured.
pub const SERIES: [Colour; 8] = [
    ORANGE, SKY_BLUE, GREEN, BLUE, VERMILLION, PURPLE, YELLOW, BLACK,
];

// Neutrals.
pub const WHITE: Colour = Colour::hex(0xFFFFFF);
/// Body text.
pub const INK: Colour = Colour::hex(0x222222);
/// Secondary text (captions, tick labels).
pub const INK_SOFT: Colour = Colour::hex(0x555555);
/// Axis lines and ticks.
pub const AXIS: Colour = Colour::hex(0x777777);
/// Grid lines.
pub const GRID: Colour = Colour::hex(0xE5E5E5);
/// Neutral level of a diverging scale, and the line of a dumbbell.
pub const NEUTRAL: Colour = Colour::hex(0xBBBBBB);
/// Fill of a suppressed-value marker. Used for nothing else, so markers can be counted.
pub const SUPPRESSED_FILL: Colour = Colour::hex(0xDCDCDC);
/// Hatching and outline of a suppressed-value marker.
pub const SUPPRESSED_HATCH: Colour = Colour::hex(0x8C8C8C);
/// Outline of a "not defined" marker.
pub const UNDEFINED_LINE: Colour = Colour::hex(0xA0A0A0);

/// Every colour a chart may use: the Okabe–Ito palette, the neutrals above, and the
/// sequential heat-map ramp (tints of Okabe–Ito blue).
pub fn allowed_colours() -> Vec<Colour> {
    let mut v = SERIES.to_vec();
    v.extend([
        WHITE,
        INK,
        INK_SOFT,
        AXIS,
        GRID,
        NEUTRAL,
        SUPPRESSED_FILL,
        SUPPRESSED_HATCH,
        UNDEFINED_LINE,
    ]);
    v
}

// Type sizes (plotters font size, roughly 1.24 × the CSS em written into the SVG).
pub const TITLE_SIZE: f64 = 23.0;
pub const LABEL_SIZE: f64 = 17.0;
pub const TICK_SIZE: f64 = 16.0;
pub const SMALL_SIZE: f64 = 15.0;

pub const WIDTH: u32 = 900;
pub const MARGIN: f64 = 18.0;

/// How a value that should be drawn is available.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// Withheld by disclosure control (SPEC §5).
    Suppressed,
    /// Undefined statistic (e.g. no respondents).
    Undefined,
}

/// Reads an optional number: with disclosure control on (`min_cell > 0`) a missing value
/// where one would normally stand is read as suppressed, else as undefined.
pub fn cell(v: Option<f64>, min_cell: u32) -> Cell {
    match v {
        Some(x) if x.is_finite() => Cell::Value(x),
        _ if min_cell > 0 => Cell::Suppressed,
        _ => Cell::Undefined,
    }
}

/// Like `cell`, but a value computed from no respondents at all (`n = 0`) is undefined,
/// not suppressed: there is nothing to protect.
pub fn cell_of(v: Option<f64>, n: Option<u64>, min_cell: u32) -> Cell {
    if n == Some(0) && !v.is_some_and(f64::is_finite) {
        Cell::Undefined
    } else {
        cell(v, min_cell)
    }
}

/// Percentage for people, no decimals: 0.4123 → "41%".
pub fn pct(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A count with thin grouping for readability: 2391 → "2,391".
pub fn count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A count that may be missing: "suppressed" under disclosure control, else "n/a".
pub fn opt_count(n: Option<u64>, min_cell: u32) -> String {
    match n {
        Some(n) => count(n),
        None if min_cell > 0 => "suppressed".to_string(),
        None => "n/a".to_string(),
    }
}

/// A share difference in percentage points with a sign and a true minus: 0.24 → "+24",
/// −0.05 → "−5".
pub fn signed_points(g: f64) -> String {
    let v = (g * 100.0).round();
    if v > 0.0 {
        format!("+{v:.0}")
    } else if v < 0.0 {
        format!("−{:.0}", -v)
    } else {
        "0".to_string()
    }
}

/// Splits `text` into lines no wider than `max_width` at `size`.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, false) > max_width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Line advance for text at `size`.
pub fn line_step(size: f64) -> f64 {
    text_height(size) * 1.2
}

/// Draws the title at the top left; returns the y below it.
pub fn title(scene: &mut Scene, text: &str) -> f64 {
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

/// Height the caption will need at the chart's width.
pub fn caption_height(text: &str, width: u32) -> f64 {
    let lines = wrap(text, SMALL_SIZE, f64::from(width) - 2.0 * MARGIN).len() as f64;
    lines * line_step(SMALL_SIZE) + MARGIN
}

/// Draws the caption at the bottom, wrapped to the chart's width.
pub fn caption(scene: &mut Scene, text: &str) {
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

/// Height of the title and legend block, measured by laying both out on a scratch scene,
/// so a chart can size its canvas before drawing.
pub fn header_height(title_text: &str, keys: &[(Key, String)]) -> f64 {
    let mut probe = Scene::new(WIDTH, 100);
    let y = title(&mut probe, title_text);
    legend(&mut probe, MARGIN, y, keys)
}

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
pub fn legend(scene: &mut Scene, x: f64, y: f64, entries: &[(Key, String)]) -> f64 {
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

/// The marker of a suppressed value.
pub fn suppressed(scene: &mut Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    scene.hatched(x0, y0, x1, y1, SUPPRESSED_FILL, SUPPRESSED_HATCH);
}

/// The marker of an undefined value: an empty dashed outline.
pub fn undefined(scene: &mut Scene, x0: f64, y0: f64, x1: f64, y1: f64) {
    scene.dashed((x0, y0), (x1, y0), UNDEFINED_LINE, 1.0);
    scene.dashed((x1, y0), (x1, y1), UNDEFINED_LINE, 1.0);
    scene.dashed((x1, y1), (x0, y1), UNDEFINED_LINE, 1.0);
    scene.dashed((x0, y1), (x0, y0), UNDEFINED_LINE, 1.0);
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

/// The legend entries explaining missing-value markers that actually occur.
pub fn missing_keys(
    any_suppressed: bool,
    any_undefined: bool,
    min_cell: u32,
) -> Vec<(Key, String)> {
    let mut v = Vec::new();
    if any_suppressed {
        v.push((
            Key::Suppressed,
            format!("Suppressed (fewer than {min_cell} respondents)"),
        ));
    }
    if any_undefined {
        v.push((Key::Undefined, "Not defined".to_string()));
    }
    v
}

/// A "nice" axis maximum and tick step for data reaching `max` (> 0): 1, 2, 2.5 or 5 × 10^k,
/// at most 6 ticks above 0.
pub fn nice_axis(max: f64) -> (f64, f64) {
    if !(max.is_finite() && max > 0.0) {
        return (1.0, 0.2);
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| max / s <= 6.0 + 1e-9)
        .unwrap_or(10.0 * mag);
    ((max / step - 1e-9).ceil() * step, step)
}

/// Numbers for tick labels without float noise: 0.30000000000000004 → "0.3".
pub fn tick_label(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        let s = format!("{r:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `text` if it fits `max_width`, else `short` if that fits, else `short` cut with an ellipsis.
pub fn fit_or(text: &str, short: &str, size: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, size, bold) <= max_width {
        text.to_string()
    } else {
        fit(short, size, bold, max_width)
    }
}

/// Shortens `text` with an ellipsis until it fits `max_width`.
pub fn fit(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "…";
        if text_width(&s, size, bold) <= max_width {
            return s;
        }
    }
    String::new()
}

/// The "concerned" cut-off that charts 4 and 5 draw: the summary's concern threshold when
/// it lies on the drawn scale `[lo, hi]`, else the scale midpoint; and its legend text.
pub fn concern_cut(d: &crate::analysis::summary::Distributions, lo: f64, hi: f64) -> (f64, String) {
    let midpoint = (lo + hi) / 2.0;
    let cut = d
        .concern_threshold
        .filter(|t| t.is_finite() && *t >= lo && *t <= hi)
        .unwrap_or(midpoint);
    let label = if (cut - midpoint).abs() < 1e-9 {
        format!(
            "Concern threshold: the scale midpoint ({})",
            tick_label(cut)
        )
    } else {
        format!("Concern threshold ({})", tick_label(cut))
    };
    (cut, label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_rounds_up_to_friendly_steps() {
        assert_eq!(nice_axis(22.0), (25.0, 5.0));
        assert_eq!(nice_axis(100.0), (100.0, 20.0));
        assert_eq!(nice_axis(7.0), (8.0, 2.0));
        assert_eq!(nice_axis(0.0), (1.0, 0.2));
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(2391), "2,391");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn missing_reads_as_suppressed_only_under_disclosure_control() {
        assert_eq!(cell(None, 10), Cell::Suppressed);
        assert_eq!(cell(None, 0), Cell::Undefined);
        assert_eq!(cell(Some(0.5), 10), Cell::Value(0.5));
        assert_eq!(cell(Some(f64::NAN), 10), Cell::Suppressed);
        assert_eq!(cell_of(None, Some(0), 10), Cell::Undefined);
        assert_eq!(cell_of(None, Some(5), 10), Cell::Suppressed);
    }

    #[test]
    fn tick_labels_have_no_float_noise() {
        assert_eq!(tick_label(0.1 + 0.2), "0.3");
        assert_eq!(tick_label(40.0), "40");
    }
}
