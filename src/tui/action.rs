//! Input → intent. Every key and mouse event is turned into an [`Action`] by the pure
//! functions here, so key bindings are one table that tests can read, and `update` never
//! sees a raw terminal event.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

/// What the keyboard is talking to: the dashboard itself or an overlay on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// The `?` overlay listing every key.
    Help,
    /// The `f` overlay, its list of cohorts and group levels in focus.
    Filter,
    /// The `f` overlay, its expression line in focus (a text field: every letter is typed).
    FilterText,
    /// Typing a search after `/` (a text field: every letter is typed, `q` too).
    Search,
    /// The `F` overlay: a column's or survey item's counts.
    Freq,
}

/// Everything the user can ask for. `update` is the only place that acts on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    GoTab(usize),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// `[` / `]`: sort the table on the column under the cursor, ascending / descending
    /// (`true`).
    Sort(bool),
    /// `F`: the frequencies of the column under the cursor, or of a survey item.
    Frequencies,
    OpenSearch,
    /// `n` / `N`: the next / previous match of the last search.
    SearchNext,
    SearchPrev,
    /// `<` / `>`: scroll the columns of wide tables (the first column stays).
    ColumnsLeft,
    ColumnsRight,
    /// Esc on a tab: clear a search mark or a message. Never quits.
    Back,
    SearchInput(char),
    SearchBackspace,
    SearchSubmit,
    OpenFilter,
    /// Filter picker: check or uncheck the entry under the cursor.
    ToggleItem,
    /// Filter picker: uncheck everything (no restriction).
    ClearFilter,
    /// Filter overlay: move between the expression line and the list.
    SwitchFocus,
    ApplyFilter,
    ToggleWeights,
    /// Include / exclude respondents flagged by careless-response screening.
    ToggleFlagged,
    /// Robustness: the heat map shows the risk difference instead of the paradoxical share.
    ToggleMeasure,
    Export,
    /// `y` / `Y`: copy the current tables as TSV / Markdown (OSC 52).
    Copy(bool),
    ToggleHelp,
    CloseOverlay,
    /// Left mouse button at (column, row) of the screen.
    Click(u16, u16),
    ScrollUp,
    ScrollDown,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
}

/// The key table. Pure: the same key in the same mode always means the same
/// thing, which is what the help overlay promises.
pub fn action_for(key: KeyEvent, mode: Mode) -> Option<Action> {
    // Key releases and repeats on terminals that report them must not act twice.
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return Some(Action::Quit);
    }
    match mode {
        Mode::Normal => normal_key(key, ctrl),
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Enter => Some(Action::CloseOverlay),
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
            _ => None,
        },
        Mode::Filter => match key.code {
            KeyCode::Esc => Some(Action::CloseOverlay),
            KeyCode::Char(' ') | KeyCode::Char('x') => Some(Action::ToggleItem),
            KeyCode::Enter => Some(Action::ApplyFilter),
            KeyCode::Char('c') => Some(Action::ClearFilter),
            KeyCode::Tab | KeyCode::Char('/') | KeyCode::Char('i') => Some(Action::SwitchFocus),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
            KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
            KeyCode::Char('q') => Some(Action::Quit),
            _ => None,
        },
        Mode::Freq => match key.code {
            KeyCode::Esc | KeyCode::Char('F') | KeyCode::Enter => Some(Action::CloseOverlay),
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Up | KeyCode::Char('k') | KeyCode::Left | KeyCode::Char('h') => {
                Some(Action::Up)
            }
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Right | KeyCode::Char('l') => {
                Some(Action::Down)
            }
            _ => None,
        },
        Mode::FilterText => match key.code {
            KeyCode::Esc => Some(Action::CloseOverlay),
            KeyCode::Enter => Some(Action::ApplyFilter),
            KeyCode::Backspace => Some(Action::SearchBackspace),
            KeyCode::Tab => Some(Action::SwitchFocus),
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            KeyCode::Char('u') if ctrl => Some(Action::ClearFilter),
            KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
            _ => None,
        },
        Mode::Search => match key.code {
            KeyCode::Esc => Some(Action::CloseOverlay),
            KeyCode::Enter => Some(Action::SearchSubmit),
            KeyCode::Backspace => Some(Action::SearchBackspace),
            KeyCode::Char(c) if !ctrl => Some(Action::SearchInput(c)),
            _ => None,
        },
    }
}

fn normal_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    if ctrl {
        return match key.code {
            KeyCode::Char('d') => Some(Action::PageDown),
            KeyCode::Char('u') => Some(Action::PageUp),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Char(c @ '1'..='9') => Action::GoTab(c as usize - '1' as usize),
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Left | KeyCode::Char('h') => Action::Left,
        KeyCode::Right | KeyCode::Char('l') => Action::Right,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char('[') => Action::Sort(false),
        KeyCode::Char(']') => Action::Sort(true),
        KeyCode::Char('F') => Action::Frequencies,
        KeyCode::Char('<') => Action::ColumnsLeft,
        KeyCode::Char('>') => Action::ColumnsRight,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('n') => Action::SearchNext,
        KeyCode::Char('N') => Action::SearchPrev,
        KeyCode::Char('f') => Action::OpenFilter,
        KeyCode::Char('w') => Action::ToggleWeights,
        KeyCode::Char('x') => Action::ToggleFlagged,
        KeyCode::Char('r') => Action::ToggleMeasure,
        KeyCode::Char('e') => Action::Export,
        KeyCode::Char('y') => Action::Copy(false),
        KeyCode::Char('Y') => Action::Copy(true),
        KeyCode::Char('?') => Action::ToggleHelp,
        _ => return None,
    })
}

/// Mouse: left clicks and the wheel; everything else (moves, drags) is ignored.
pub fn action_for_mouse(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::Down(crossterm::event::MouseButton::Left) => {
            Some(Action::Click(mouse.column, mouse.row))
        }
        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
        _ => None,
    }
}

/// One line of the help overlay per binding: (keys, what they do). Kept beside the table
/// above so the two are edited together; the README's keys table copies it.
pub const HELP: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "next / previous tab"),
    (
        "1 … 8",
        "Overview, Gap, Data types, Tactics, Respondents, Quality, Models, Robustness",
    ),
    (
        "↑↓ / j k",
        "move the selection, then scroll on to the end of the tab",
    ),
    ("PgUp PgDn / Ctrl-u Ctrl-d", "page up / down"),
    ("g / G", "top / bottom"),
    (
        "←→ / h l",
        "pick a tactic · group column (Robustness) · the column cursor (Respondents)",
    ),
    ("< / >", "scroll the columns of a wide table"),
    ("r", "Gap: bars or ρ vs. band · Robustness: share or RD"),
    (
        "[ / ]",
        "sort on the cursor's column, ascending / descending (Respondents)",
    ),
    (
        "F",
        "counts and shares of the cursor's column or of a survey item",
    ),
    (
        "/",
        "search this tab (Enter keeps the match, Esc goes back)",
    ),
    ("n / N", "next / previous match"),
    (
        "f",
        "filter: type an expression (concern > 5 and cohort = \"Gen Z\", country in (DE, US), paradoxical), Enter applies",
    ),
    (
        "f then Tab",
        "pick levels with their counts: Space toggles, c clears, Tab back to the expression",
    ),
    (
        "y / Y",
        "copy this view's tables as TSV / Markdown (terminal clipboard)",
    ),
    ("w", "weights on / off"),
    ("x", "careless respondents ([screening]) out / in"),
    (
        "e",
        "export this view's tables and chart (disclosure-controlled)",
    ),
    ("?", "this help (j k scroll it)"),
    ("Esc", "close an overlay, cancel a search; never quits"),
    ("q / Ctrl-C", "quit (q types a letter in a search field)"),
    (
        "mouse",
        "click a tab, a row or a filter entry; wheel scrolls",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn esc_never_quits() {
        assert_eq!(
            action_for(key(KeyCode::Esc), Mode::Normal),
            Some(Action::Back)
        );
        assert_eq!(
            action_for(key(KeyCode::Esc), Mode::Help),
            Some(Action::CloseOverlay)
        );
        assert_eq!(
            action_for(key(KeyCode::Esc), Mode::Filter),
            Some(Action::CloseOverlay)
        );
        assert_eq!(
            action_for(key(KeyCode::Esc), Mode::Search),
            Some(Action::CloseOverlay)
        );
    }

    #[test]
    fn ctrl_c_quits_in_every_mode() {
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for m in [
            Mode::Normal,
            Mode::Help,
            Mode::Filter,
            Mode::FilterText,
            Mode::Search,
        ] {
            assert_eq!(action_for(k, m), Some(Action::Quit));
        }
    }

    #[test]
    fn digits_pick_tabs_and_search_takes_letters_literally() {
        assert_eq!(
            action_for(key(KeyCode::Char('1')), Mode::Normal),
            Some(Action::GoTab(0))
        );
        assert_eq!(
            action_for(key(KeyCode::Char('6')), Mode::Normal),
            Some(Action::GoTab(5))
        );
        assert_eq!(action_for(key(KeyCode::Char('0')), Mode::Normal), None);
        assert_eq!(
            action_for(key(KeyCode::Char('q')), Mode::Search),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            action_for(key(KeyCode::Char(' ')), Mode::Filter),
            Some(Action::ToggleItem)
        );
        // q quits from every overlay that is not a text field.
        for m in [Mode::Normal, Mode::Help, Mode::Filter] {
            assert_eq!(action_for(key(KeyCode::Char('q')), m), Some(Action::Quit));
        }
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut k = key(KeyCode::Char('q'));
        k.kind = KeyEventKind::Release;
        assert_eq!(action_for(k, Mode::Normal), None);
    }
}
