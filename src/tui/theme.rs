//! Every style and series glyph the dashboard uses, in one place. Colours follow the
//! Okabe–Ito colour-blind-safe palette of the report's charts, series for series (concerned
//! orange, disclosers sky blue, paradoxical green …), so a series has the same colour on
//! screen and in the exported PNG. Three palettes: 24-bit, the 16 ANSI colours and
//! monochrome, chosen from `NO_COLOR`, `COLORTERM` and `TERM` ([`Palette::from_env`]);
//! every series also has its own glyph, so a chart reads without colour. No mark is drawn
//! in white or yellow: both vanish on a light background.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

/// Okabe & Ito (2008), "Color Universal Design", as 24-bit colours.
pub const ORANGE: Color = Color::Rgb(230, 159, 0);
pub const SKY_BLUE: Color = Color::Rgb(86, 180, 233);
pub const BLUISH_GREEN: Color = Color::Rgb(0, 158, 115);
pub const YELLOW: Color = Color::Rgb(240, 228, 66);
pub const BLUE: Color = Color::Rgb(0, 114, 178);
pub const VERMILLION: Color = Color::Rgb(213, 94, 0);
pub const REDDISH_PURPLE: Color = Color::Rgb(204, 121, 167);
pub const GREY: Color = Color::Rgb(153, 153, 153);

/// The marker of a cell publishing would suppress.
pub const SUPPRESS_MARK: &str = "†";

/// Glyphs of the Gap chart's series, as in its legend.
pub const GLYPH_CONCERNED: char = '█';
pub const GLYPH_DISCLOSERS: char = '▓';
pub const GLYPH_PARADOXICAL: char = '░';
/// A bar publishing would suppress.
pub const GLYPH_SUPPRESSED: char = '╳';

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Palette {
    /// 24-bit colour (`COLORTERM=truecolor` or `24bit`).
    #[default]
    TrueColor,
    /// The 16 ANSI colours, whose shades the terminal's own theme picks.
    Ansi16,
    /// No colour at all (`NO_COLOR`, `TERM=dumb`): bold, underline and reverse only.
    Mono,
}

impl Palette {
    /// The palette the environment asks for: `NO_COLOR` (any value, <https://no-color.org>)
    /// or `TERM=dumb` → monochrome; `COLORTERM=truecolor|24bit` → 24-bit; anything else →
    /// the 16 ANSI colours, which every colour terminal has.
    pub fn from_env() -> Palette {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Palette::choose(var("NO_COLOR"), var("COLORTERM"), var("TERM"))
    }

    pub fn choose(
        no_color: Option<String>,
        colorterm: Option<String>,
        term: Option<String>,
    ) -> Palette {
        if no_color.is_some() || term.as_deref() == Some("dumb") {
            return Palette::Mono;
        }
        match colorterm.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("truecolor" | "24bit") => Palette::TrueColor,
            _ => Palette::Ansi16,
        }
    }
}

thread_local! {
    static PALETTE: Cell<Palette> = const { Cell::new(Palette::TrueColor) };
}

/// Draws with `palette` while `f` runs (the styles below read it); the previous palette is
/// restored afterwards. Per thread, so tests drawing in parallel do not disturb each other.
pub fn with_palette<T>(palette: Palette, f: impl FnOnce() -> T) -> T {
    let before = PALETTE.with(|p| p.replace(palette));
    let out = f();
    PALETTE.with(|p| p.set(before));
    out
}

pub fn palette() -> Palette {
    PALETTE.with(Cell::get)
}

/// A colour of the Okabe–Ito palette in the current palette: itself, its nearest ANSI
/// colour, or nothing.
fn colour(c: Color) -> Option<Color> {
    match palette() {
        Palette::TrueColor => Some(c),
        Palette::Mono => None,
        Palette::Ansi16 => Some(match c {
            ORANGE => Color::Yellow,
            SKY_BLUE => Color::LightCyan,
            BLUISH_GREEN => Color::Green,
            YELLOW => Color::LightYellow,
            BLUE => Color::Blue,
            VERMILLION => Color::Red,
            REDDISH_PURPLE => Color::Magenta,
            GREY => Color::DarkGray,
            other => other,
        }),
    }
}

fn fg(c: Color) -> Style {
    match colour(c) {
        Some(c) => Style::default().fg(c),
        None => Style::default(),
    }
}

pub fn base() -> Style {
    Style::default()
}
pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn tab() -> Style {
    fg(GREY)
}
pub fn tab_active() -> Style {
    match colour(SKY_BLUE) {
        Some(c) => Style::default()
            .fg(Color::Black)
            .bg(c)
            .add_modifier(Modifier::BOLD),
        None => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
    }
}
pub fn header() -> Style {
    Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
/// A search match.
pub fn matched() -> Style {
    match colour(YELLOW) {
        Some(c) => Style::default().fg(Color::Black).bg(c),
        None => Style::default().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
    }
}
pub fn dim() -> Style {
    match palette() {
        Palette::Mono => Style::default().add_modifier(Modifier::DIM),
        _ => fg(GREY),
    }
}
/// A number shown to the analyst that publishing would suppress.
pub fn suppressed() -> Style {
    fg(GREY).add_modifier(Modifier::DIM)
}
pub fn status() -> Style {
    match colour(GREY) {
        Some(c) => Style::default().fg(Color::Black).bg(c),
        None => Style::default().add_modifier(Modifier::REVERSED),
    }
}
pub fn status_key() -> Style {
    status().add_modifier(Modifier::BOLD)
}
pub fn busy() -> Style {
    match colour(YELLOW) {
        Some(c) => Style::default().fg(Color::Black).bg(c),
        None => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
    }
}
pub fn error() -> Style {
    fg(VERMILLION).add_modifier(Modifier::BOLD)
}
/// An error on the grey status bar.
pub fn status_error() -> Style {
    match colour(GREY) {
        Some(_) => error().bg(colour(GREY).unwrap_or(Color::Reset)),
        None => status().add_modifier(Modifier::BOLD),
    }
}
pub fn good() -> Style {
    fg(BLUISH_GREEN)
}
pub fn border() -> Style {
    fg(GREY)
}
/// Overlays keep the terminal's own colours, so they read on light and dark backgrounds.
pub fn popup() -> Style {
    Style::default()
}

/// Gap chart series, with the report's colours: concerned, disclosers, paradoxical, and
/// the expected paradoxical share (in the text colour, like the report's black diamond).
pub fn concerned() -> Style {
    fg(ORANGE)
}
pub fn disclosers() -> Style {
    fg(SKY_BLUE)
}
pub fn paradoxical() -> Style {
    fg(BLUISH_GREEN)
}
pub fn expected() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
/// CI whiskers and dumbbell lines: the terminal's text colour.
pub fn ci() -> Style {
    Style::default()
}
/// Stated vs. actual: stated willingness and actual sharing.
pub fn stated() -> Style {
    fg(SKY_BLUE)
}
pub fn shared() -> Style {
    fg(VERMILLION)
}
/// Tactic acceptance, as in the report: intrusive levels vermillion then orange, the middle
/// grey, acceptable levels sky blue then blue (outermost level first).
pub fn intrusive() -> Style {
    fg(VERMILLION)
}
pub fn intrusive_inner() -> Style {
    fg(ORANGE)
}
pub fn neutral() -> Style {
    fg(GREY)
}
pub fn acceptable() -> Style {
    fg(BLUE)
}
pub fn acceptable_inner() -> Style {
    fg(SKY_BLUE)
}
/// A colour for heat-map cells, or `None` in monochrome (the cell shows its number only).
pub fn heat(c: Color) -> Option<Color> {
    match palette() {
        Palette::TrueColor => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_follows_no_color_colorterm_and_term() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            Palette::choose(s("1"), s("truecolor"), s("xterm")),
            Palette::Mono
        );
        assert_eq!(Palette::choose(None, None, s("dumb")), Palette::Mono);
        assert_eq!(
            Palette::choose(None, s("truecolor"), s("xterm")),
            Palette::TrueColor
        );
        assert_eq!(Palette::choose(None, s("24bit"), None), Palette::TrueColor);
        assert_eq!(Palette::choose(None, None, s("xterm")), Palette::Ansi16);
        assert_eq!(
            Palette::choose(None, None, s("xterm-256color")),
            Palette::Ansi16
        );
    }

    #[test]
    fn monochrome_styles_carry_no_colour() {
        with_palette(Palette::Mono, || {
            for s in [
                concerned(),
                disclosers(),
                paradoxical(),
                status(),
                tab_active(),
                dim(),
            ] {
                assert_eq!((s.fg, s.bg), (None, None));
            }
        });
        with_palette(Palette::Ansi16, || {
            assert_eq!(concerned().fg, Some(Color::Yellow));
        });
    }
}
