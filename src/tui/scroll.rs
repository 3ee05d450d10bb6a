//! Nothing hidden at any size: a tab draws on a tall canvas (its natural height, never
//! squeezed into the terminal), and the body shows a window of it, scrolled by `j`/`k`,
//! PgUp/PgDn and the wheel. When the canvas is taller than the body, the body's last line
//! says what lies beyond ("↓ 12 more lines"). The canvas' text is kept for `/`, which finds
//! a line of the tab and scrolls it into view.

use std::cell::RefCell;

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Frame;
use ratatui::Terminal;

use crate::tui::theme;

/// Height of the canvas a tab lays itself out on: more than any tab needs (the longest
/// lists — rejected values, respondents — scroll themselves).
pub const CANVAS_ROWS: u16 = 400;

/// What the last frame drew of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Canvas {
    /// Lines of content (the canvas' last non-blank line + 1).
    pub height: u16,
    /// The text of each line of content.
    pub lines: Vec<String>,
}

impl Canvas {
    /// How far a body of `body_h` lines can scroll: the content less the lines shown (one
    /// line of the body holds the "more" marker when anything is hidden).
    pub fn max_scroll(&self, body_h: u16) -> u16 {
        if self.height <= body_h {
            0
        } else {
            self.height - body_h.saturating_sub(1).max(1)
        }
    }

    /// The next line (after `from`, or `from` itself when `here`) holding `lower_query`,
    /// ignoring case, wrapping around; `forward` false searches upwards.
    pub fn find(
        &self,
        lower_query: &str,
        from: Option<usize>,
        forward: bool,
        here: bool,
    ) -> Option<usize> {
        let n = self.lines.len();
        if n == 0 || lower_query.is_empty() {
            return None;
        }
        let start = from.unwrap_or(if forward { n - 1 } else { 0 });
        let first = usize::from(!(here && from.is_some()));
        (first..=n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n * 2 - k) % n
                }
            })
            .find(|&i| self.lines[i].to_lowercase().contains(lower_query))
    }
}

/// `/` on a tab: the query and the line of the canvas it found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabSearch {
    pub query: String,
    pub line: Option<usize>,
}

/// The canvas a tab lays out on, for a body at `body`: same origin and width, tall.
pub fn canvas_area(body: Rect) -> Rect {
    Rect::new(body.x, body.y, body.width, CANVAS_ROWS.max(body.height))
}

/// Draws `draw` on a tall canvas and shows the window of it that starts `scroll` lines
/// down in `area`; records the canvas in `canvas`.
pub fn render_scrolled(
    frame: &mut Frame,
    area: Rect,
    scroll: u16,
    search: &TabSearch,
    canvas: &RefCell<Canvas>,
    draw: impl FnOnce(&mut Frame, Rect),
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let tall = canvas_area(area);
    let Ok(mut term) = Terminal::new(TestBackend::new(area.width, tall.bottom()));
    {
        let mut f = term.get_frame();
        draw(&mut f, tall);
    }
    let buf = term.current_buffer_mut();
    let row_text = |y: u16| -> String {
        (tall.x..tall.right())
            .filter_map(|x| buf.cell((x, y)).map(|c| c.symbol().to_string()))
            .collect::<String>()
    };
    let blank = |y: u16| {
        (tall.x..tall.right()).all(|x| {
            buf.cell((x, y))
                .is_none_or(|c| c.symbol().trim().is_empty())
        })
    };
    let last = (tall.y..tall.bottom()).rev().find(|&y| !blank(y));
    let height = last.map_or(0, |y| y - tall.y + 1);
    let lines: Vec<String> = (tall.y..tall.y + height).map(row_text).collect();
    let c = Canvas { height, lines };
    let max = c.max_scroll(area.height);
    let scroll = scroll.min(max);
    let overflow = height > area.height;
    let visible = if overflow {
        area.height.saturating_sub(1).max(1)
    } else {
        area.height
    };
    let out = frame.buffer_mut();
    for k in 0..visible {
        let src_y = tall.y + scroll + k;
        let dst_y = area.y + k;
        if src_y >= tall.bottom() {
            break;
        }
        for x in area.x..area.right() {
            if let (Some(src), Some(dst)) =
                (buf.cell((x, src_y)).cloned(), out.cell_mut((x, dst_y)))
            {
                *dst = src;
            }
        }
    }
    // The line `/` found: its matches highlighted.
    if let Some(line) = search.line.filter(|_| !search.query.is_empty()) {
        let line16 = line as u16;
        if line16 >= scroll && line16 < scroll + visible {
            let y = area.y + line16 - scroll;
            highlight(out, area, y, &c.lines[line], &search.query);
        }
    }
    if overflow && area.height > 1 {
        let below = height.saturating_sub(scroll + visible);
        let text = if below > 0 {
            format!(
                " ↓ {below} more line{} · j PgDn ",
                if below == 1 { "" } else { "s" }
            )
        } else {
            format!(" ↑ {scroll} lines above · k PgUp g ")
        };
        let y = area.bottom() - 1;
        for x in area.x..area.right() {
            if let Some(cell) = out.cell_mut((x, y)) {
                cell.reset();
            }
        }
        let w = text.chars().count() as u16;
        let x = area.right().saturating_sub(w).max(area.x);
        crate::tui::chart::put_str(out, area, x, y, &text, theme::dim());
    }
    *canvas.borrow_mut() = c;
}

/// Marks each occurrence of `query` (ignoring case) in `text`, drawn on row `y`.
fn highlight(buf: &mut ratatui::buffer::Buffer, area: Rect, y: u16, text: &str, query: &str) {
    let chars: Vec<char> = text.chars().collect();
    let q: Vec<char> = query.to_lowercase().chars().collect();
    if q.is_empty() || q.len() > chars.len() {
        return;
    }
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    for start in 0..=(lower.len() - q.len()) {
        if lower[start..start + q.len()] == q[..] {
            for k in 0..q.len() {
                let x = area.x + (start + k) as u16;
                if x < area.right() {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(theme::matched());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas(lines: &[&str]) -> Canvas {
        Canvas {
            height: lines.len() as u16,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn scrolling_reaches_the_last_line_with_one_line_for_the_marker() {
        let c = canvas(&["a"; 30]);
        // 10 lines of body: 9 of content and the marker; the last window starts at 21.
        assert_eq!(c.max_scroll(10), 21);
        assert_eq!(c.max_scroll(30), 0);
    }

    #[test]
    fn search_steps_forwards_and_backwards_and_wraps() {
        let c = canvas(&["Gen X", "Boomers", "gen z", "All"]);
        assert_eq!(c.find("gen", None, true, false), Some(0));
        assert_eq!(c.find("gen", Some(0), true, false), Some(2));
        assert_eq!(c.find("gen", Some(2), true, false), Some(0));
        assert_eq!(c.find("gen", Some(0), false, false), Some(2));
        assert_eq!(c.find("gen", Some(2), true, true), Some(2));
        assert_eq!(c.find("zzz", None, true, false), None);
    }
}
