//! The measures every chart is laid out with: the palette (Okabe & Ito 2008, "Color
//! Universal Design") and its tints, type sizes and margins, text wrapping and fitting,
//! axis ranges and tick values, and how a missing value is read (suppressed by disclosure
//! control vs. undefined). What is drawn from them is in `furniture`.

use super::scene::{text_height, text_width, Colour};
use crate::privacy::MinCell;

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
/// sequential heat-map ramp (tints of Okabe–Ito blue, see [`tint`]).
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

/// `base` mixed with white: `t` = 0 is white, 1 is `base` (linear in sRGB, rounded). The
/// heat maps' sequential and diverging scales are built from these tints.
pub fn tint(base: Colour, t: f64) -> Colour {
    let mix = |c: u8| (255.0 + (f64::from(c) - 255.0) * t.clamp(0.0, 1.0)).round() as u8;
    Colour(mix(base.0), mix(base.1), mix(base.2))
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
    /// Withheld by disclosure control.
    Suppressed,
    /// Undefined statistic (e.g. no respondents).
    Undefined,
}

/// Reads an optional number: with disclosure control on (`min_cell` ≥ 2) a missing value
/// where one would normally stand is read as suppressed, else as undefined.
pub fn cell(v: Option<f64>, min_cell: u32) -> Cell {
    match v {
        Some(x) if x.is_finite() => Cell::Value(x),
        _ if !MinCell::new(min_cell).is_off() => Cell::Suppressed,
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

/// The "concerned" cut-off that the concern distribution and the heat map draw: the
/// summary's concern threshold when it lies on the drawn scale `[lo, hi]`, else the scale
/// midpoint; and its legend text.
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
    fn tints_run_from_white_to_the_base_colour() {
        assert_eq!(tint(BLUE, 0.0), WHITE);
        assert_eq!(tint(BLUE, 1.0), BLUE);
        assert_eq!(tint(VERMILLION, 1.0), VERMILLION);
        assert_eq!(tint(VERMILLION, 2.0), VERMILLION);
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
