//! `report.html`: one self-contained file — inline CSS, inline SVG charts, no scripts and
//! no external reference of any kind (no fonts, images or style sheets by URL), so it opens
//! offline, prints cleanly, and can be archived beside a paper. Every piece of text that
//! comes from the codebook or the data is escaped.

use std::fmt::Write as _;

use super::charts::RenderedChart;
use super::document::{caption_sentence, Block, DisplayTable, Document};
use crate::fmt::MISSING_LEGEND;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A chart's SVG made fit for inlining in HTML: no XML declaration or doctype (invalid
/// inside HTML), no namespace URLs (the HTML parser puts `<svg>` in the SVG namespace by
/// itself, and the file must not contain a single URL), a viewBox so CSS can scale it.
pub fn inline_svg(chart: &RenderedChart) -> String {
    let mut s = chart.svg.trim().to_string();
    while s.starts_with("<?") || s.starts_with("<!") {
        match s.find('>') {
            Some(end) => s = s[end + 1..].trim_start().to_string(),
            None => return String::new(),
        }
    }
    for ns in [
        " xmlns=\"http://www.w3.org/2000/svg\"",
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
        " xmlns='http://www.w3.org/2000/svg'",
        " xmlns:xlink='http://www.w3.org/1999/xlink'",
    ] {
        s = s.replace(ns, "");
    }
    // Only the root element's opening tag is inspected for a viewBox.
    if let Some(tag_end) = s.find('>') {
        if s.starts_with("<svg") && !s[..tag_end].contains("viewBox") {
            let vb = format!(" viewBox=\"0 0 {} {}\"", chart.width, chart.height);
            s.insert_str(4, &vb);
        }
    }
    s
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; color: #1a1a1a;
  background: #fff; line-height: 1.5; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #bbb; }
p { margin: .6rem 0; text-align: left; hyphens: auto; }
.subtitle { color: #555; font-style: italic; margin-bottom: 1.2rem; }
.warning { border: 2px solid #b00020; background: #fdecee; color: #7a0016; padding: .7rem 1rem;
  font-weight: bold; margin: 0 0 1rem; }
nav ul { columns: 2; list-style: none; padding-left: 0; margin: .4rem 0 1rem; }
nav a, a { color: #0b4f8a; }
ul.findings li { margin: .35rem 0; }
table { border-collapse: collapse; margin: 0 0 .3rem; font-size: .88rem;
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-variant-numeric: tabular-nums; }
figure.table { margin: 1.2rem 0; }
figure.table figcaption { font-weight: bold; font-size: .95rem; color: #1a1a1a; margin: 0 0 .35rem; }
thead th { border-top: 2px solid #222; border-bottom: 1px solid #222; }
tbody tr:last-child td { border-bottom: 2px solid #222; }
th, td { padding: .25rem .6rem; vertical-align: top; }
th { text-align: left; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .75rem; word-break: break-all; }
.tablenote { font-size: .8rem; color: #555; margin-top: 0; }
.scroll { overflow-x: auto; }
figure { margin: 1.4rem 0; }
figure .chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .88rem; color: #333; margin-top: .4rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; border-top: 1px solid #ddd; padding-top: .6rem; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn table_html(out: &mut String, t: &DisplayTable) {
    // A figure rather than <caption>: a caption is only as wide as its table, and would
    // wrap into a narrow column above a small table.
    let _ = writeln!(
        out,
        "<figure class=\"table\">\n<figcaption>{}</figcaption>\n<div class=\"scroll\"><table>",
        escape(&t.caption)
    );
    if t.header.iter().any(|h| !h.is_empty()) {
        out.push_str("<thead><tr>");
        for (i, h) in t.header.iter().enumerate() {
            let class = if t.numeric.get(i).copied().unwrap_or(false) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let numeric = t.numeric.get(i).copied().unwrap_or(false);
            let is_hash = t.header.get(i).is_some_and(|h| h == "SHA-256");
            let class = match (numeric, is_hash) {
                (_, true) => " class=\"hash\"",
                (true, _) => " class=\"num\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if t.has_missing() {
        let _ = writeln!(out, "<p class=\"tablenote\">{}</p>", escape(MISSING_LEGEND));
    }
    out.push_str("</figure>\n");
}

/// Renders the document. `charts` are the rendered charts (any order); a chart block whose
/// chart is absent is left out.
pub fn render(doc: &Document, charts: &[RenderedChart]) -> String {
    let mut out = String::with_capacity(64 * 1024);
    // The not-private warning must be the file's very first line, so that no one can open
    // or excerpt the file without seeing it; a comment may precede the doctype without
    // affecting the rendering mode.
    if let Some(w) = &doc.not_private {
        let _ = writeln!(out, "<!-- {} -->", escape(w).replace("--", "\u{2013}"));
    }
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&doc.title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>\n<main>");
    if let Some(w) = &doc.not_private {
        let _ = writeln!(out, "<p class=\"warning\">{}</p>", escape(w));
    }
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(&doc.subtitle));
    out.push_str("<nav aria-label=\"Contents\"><ul>\n");
    for s in &doc.sections {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            s.id,
            escape(&s.title)
        );
    }
    out.push_str("</ul></nav>\n");
    let mut figure = 0;
    for s in &doc.sections {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            s.id,
            escape(&s.title)
        );
        for b in &s.blocks {
            match b {
                Block::Para(p) => {
                    let _ = writeln!(out, "<p>{}</p>", escape(p));
                }
                Block::Titled(lead, p) => {
                    let _ = writeln!(
                        out,
                        "<p><strong>{}.</strong> {}</p>",
                        escape(lead),
                        escape(p)
                    );
                }
                Block::List(items) => {
                    out.push_str("<ul class=\"findings\">\n");
                    for i in items {
                        let _ = writeln!(out, "<li>{}</li>", escape(i));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Table(t) => table_html(&mut out, t),
                Block::Chart(kind) => {
                    let Some(chart) = charts.iter().find(|c| c.kind == *kind) else {
                        continue;
                    };
                    figure += 1;
                    // The chart draws its own title and caption; the figure caption only
                    // numbers it, and the full text goes to assistive technology.
                    let title = caption_sentence(&chart.title);
                    let _ = writeln!(
                        out,
                        "<figure id=\"fig-{}\">\n<div class=\"chart\" role=\"img\" aria-label=\"{}\">{}</div>\n\
                         <figcaption><strong>Figure {figure}.</strong> {}</figcaption>\n</figure>",
                        kind.file_stem(),
                        escape(&format!("{title} {}", chart.caption)),
                        inline_svg(chart),
                        escape(&title),
                    );
                }
            }
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</main>\n</body>\n</html>",
        escape(&doc.subtitle)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::ChartKind;

    fn chart(svg: &str) -> RenderedChart {
        RenderedChart {
            kind: ChartKind::ALL[0],
            title: "t".into(),
            caption: "c".into(),
            svg: svg.into(),
            png: Vec::new(),
            width: 300,
            height: 200,
        }
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<script>a & \"b\" 'c'</script>"),
            "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn inline_svg_drops_declaration_and_namespace_and_adds_viewbox() {
        let s = inline_svg(&chart(
            "<?xml version=\"1.0\"?>\n<svg width=\"300\" height=\"200\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>",
        ));
        assert!(s.starts_with("<svg viewBox=\"0 0 300 200\""), "{s}");
        assert!(!s.contains("http"), "{s}");
        assert!(!s.contains("<?xml"), "{s}");
    }

    #[test]
    fn inline_svg_keeps_an_existing_viewbox() {
        let s = inline_svg(&chart("<svg viewBox=\"0 0 10 10\"><rect/></svg>"));
        assert_eq!(s.matches("viewBox").count(), 1);
    }
}
