//! `report.md`: the same document as `report.html`, as GitHub-flavoured Markdown — GitHub
//! tables, and charts as links to `charts/NAME.svg` with the PNG as an alternative.
//! Text from the codebook or the data is escaped so that a cohort named `*A|B*` cannot
//! break a table or turn into emphasis.

use std::fmt::Write as _;

use super::charts::RenderedChart;
use super::document::{caption_sentence, Block, DisplayTable, Document};
use crate::fmt::MISSING_LEGEND;

/// Escapes Markdown inline syntax. `<` is escaped only where it could open an HTML tag or
/// autolink, so "p < 0.001" stays readable in the raw file.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    // A line starting with these would become a heading, quote or list item.
    if out.starts_with('#')
        || out.starts_with('>')
        || out.starts_with("- ")
        || out.starts_with("+ ")
    {
        out.insert(0, '\\');
    }
    out
}

fn table_md(out: &mut String, t: &DisplayTable) {
    let _ = writeln!(out, "**{}**\n", escape(&t.caption));
    let header: Vec<String> = t
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.is_empty() {
                if i == 0 { "Item" } else { "Value" }.to_string()
            } else {
                escape(h)
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = (0..t.header.len())
        .map(|i| {
            if t.numeric.get(i).copied().unwrap_or(false) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if t.has_missing() {
        let _ = writeln!(out, "\n*{}*", escape(MISSING_LEGEND));
    }
    out.push('\n');
}

/// Renders the document. `charts` gives each figure's title and caption; `link_svg` /
/// `link_png` say whether `charts/NAME.svg` / `.png` are written beside the report (a link
/// to a file that is not there would be a broken figure).
pub fn render(doc: &Document, charts: &[RenderedChart], link_svg: bool, link_png: bool) -> String {
    let mut out = String::with_capacity(32 * 1024);
    if let Some(w) = &doc.not_private {
        let _ = writeln!(out, "**{}**\n", escape(w));
    }
    let _ = writeln!(out, "# {}\n", escape(&doc.title));
    let _ = writeln!(out, "*{}*\n", escape(&doc.subtitle));
    let mut figure = 0;
    for s in &doc.sections {
        let _ = writeln!(out, "## {}\n", escape(&s.title));
        for b in &s.blocks {
            match b {
                Block::Para(p) => {
                    let _ = writeln!(out, "{}\n", escape(p));
                }
                Block::Titled(lead, p) => {
                    let _ = writeln!(out, "**{}.** {}\n", escape(lead), escape(p));
                }
                Block::List(items) => {
                    for i in items {
                        let _ = writeln!(out, "- {}", escape(i));
                    }
                    out.push('\n');
                }
                Block::Table(t) => table_md(&mut out, t),
                Block::Chart(kind) => {
                    let Some(chart) = charts.iter().find(|c| c.kind == *kind) else {
                        continue;
                    };
                    if !link_svg && !link_png {
                        continue;
                    }
                    figure += 1;
                    let stem = kind.file_stem();
                    let title = escape(chart.title.trim_end_matches('.'));
                    let main_ext = if link_svg { "svg" } else { "png" };
                    let _ = writeln!(out, "![{title}](charts/{stem}.{main_ext})\n");
                    let alt = if link_svg && link_png {
                        format!(" ([PNG](charts/{stem}.png))")
                    } else {
                        String::new()
                    };
                    // The caption (with its n) is drawn inside the chart itself.
                    let caption = escape(&caption_sentence(&chart.title));
                    let _ = writeln!(out, "*Figure {figure}. {caption}*{alt}\n");
                }
            }
        }
    }
    // Exactly one trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_protects_tables_and_emphasis() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("*x*_y_"), "\\*x\\*\\_y\\_");
        assert_eq!(escape("p < 0.001"), "p < 0.001");
        assert_eq!(escape("<script>"), "\\<script>");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
    }
}
