//! Every style the dashboard uses, in one place. Colours follow the Okabe–Ito
//! colour-blind-safe palette used by the report's charts, so a series has the same
//! colour on screen and on paper.

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

pub fn base() -> Style {
    Style::default()
}
pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn tab() -> Style {
    Style::default().fg(GREY)
}
pub fn tab_active() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(SKY_BLUE)
        .add_modifier(Modifier::BOLD)
}
pub fn header() -> Style {
    Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}
pub fn dim() -> Style {
    Style::default().fg(GREY)
}
/// A number shown to the analyst that publishing would suppress.
pub fn suppressed() -> Style {
    Style::default().fg(GREY).add_modifier(Modifier::DIM)
}
pub fn status() -> Style {
    Style::default().fg(Color::Black).bg(GREY)
}
pub fn status_key() -> Style {
    status().add_modifier(Modifier::BOLD)
}
pub fn busy() -> Style {
    Style::default().fg(Color::Black).bg(YELLOW)
}
pub fn error() -> Style {
    Style::default().fg(VERMILLION).add_modifier(Modifier::BOLD)
}
pub fn good() -> Style {
    Style::default().fg(BLUISH_GREEN)
}
pub fn border() -> Style {
    Style::default().fg(GREY)
}
pub fn popup() -> Style {
    Style::default().bg(Color::Black).fg(Color::White)
}

/// Gap chart series: concerned, disclosers, paradoxical, expected paradoxical.
pub fn concerned() -> Style {
    Style::default().fg(BLUE)
}
pub fn disclosers() -> Style {
    Style::default().fg(ORANGE)
}
pub fn paradoxical() -> Style {
    Style::default().fg(REDDISH_PURPLE)
}
pub fn expected() -> Style {
    Style::default().fg(YELLOW).add_modifier(Modifier::BOLD)
}
pub fn ci() -> Style {
    Style::default().fg(Color::White)
}
/// Stated vs. actual: stated willingness and actual sharing.
pub fn stated() -> Style {
    Style::default().fg(SKY_BLUE)
}
pub fn shared() -> Style {
    Style::default().fg(VERMILLION)
}
/// Tactic acceptance: intrusive (left), neutral (centre), acceptable (right).
pub fn intrusive() -> Style {
    Style::default().fg(VERMILLION)
}
pub fn neutral() -> Style {
    Style::default().fg(GREY)
}
pub fn acceptable() -> Style {
    Style::default().fg(BLUISH_GREEN)
}
