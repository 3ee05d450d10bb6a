//! The comparison as a document: the studies side by side (gap figures, cohorts, tactics),
//! a paragraph in words per pooled effect, the pooled table, the charts and the notes —
//! rendered as a self-contained `report.html` (inline CSS and SVG, no URL) and as
//! `report.md`. Tables use the report's `DisplayTable`; numbers come from `crate::fmt`.

use std::fmt::Write as _;

use super::chart::Chart;
use super::forest::{estimate_text, value_text};
use super::CompareStudy;
use crate::analysis::meta::{Comparison, Effect, EffectPooling};
use crate::fmt::{
    cell_count, cell_num_ci, cell_pct, cell_pct_ci, num, pct, MISSING_CELL, MISSING_LEGEND,
};
use crate::report::document::{caption_sentence, DisplayTable};
use crate::report::html::escape;

pub enum Block {
    Para(String),
    Table(DisplayTable),
    /// The stem of a chart.
    Chart(String),
    List(Vec<String>),
}

pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The side-by-side table: one column per study.
fn side_by_side(studies: &[CompareStudy], cohorts: bool) -> DisplayTable {
    let mut header: Vec<(&str, bool)> = vec![("", false)];
    header.extend(studies.iter().map(|s| (s.label.as_str(), true)));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |name: String, f: &dyn Fn(&CompareStudy) -> String| {
        let mut r = vec![name];
        r.extend(studies.iter().map(f));
        rows.push(r);
    };
    row("Respondents analysed".into(), &|s| {
        crate::fmt::count(s.summary().study.analysed)
    });
    let gap = |s: &CompareStudy| s.summary().gap.overall.clone();
    row("With both scores (n)".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| cell_count(b.n))
    });
    row("Concerned".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| cell_pct(b.concerned))
    });
    row("Disclosers".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| cell_pct(b.disclosers))
    });
    row("Paradoxical (95% CI)".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| {
            cell_pct_ci(b.paradoxical, b.paradoxical_ci)
        })
    });
    row("Expected if concern did not matter".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| cell_pct(b.paradoxical_expected))
    });
    row("Spearman \u{3c1} (95% CI)".into(), &|s| {
        gap(s).map_or(MISSING_CELL.into(), |b| {
            cell_num_ci(b.spearman_rho, b.spearman_ci, 2)
        })
    });
    row("Verdict on \u{3c1}".into(), &|s| {
        gap(s)
            .and_then(|b| b.equivalence.and_then(|e| e.verdict))
            .map_or(MISSING_CELL.into(), |v| v.as_str().to_string())
    });
    if cohorts {
        let mut names: Vec<String> = Vec::new();
        for s in studies {
            for b in s.summary().gap.by_cohort.iter().flatten() {
                let n = b.cohort.clone().unwrap_or_default();
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        for c in names {
            let c2 = c.clone();
            row(format!("Paradoxical: {c}"), &move |s| {
                s.summary()
                    .gap
                    .by_cohort
                    .iter()
                    .flatten()
                    .find(|b| b.cohort.as_deref() == Some(c2.as_str()))
                    .map_or(MISSING_CELL.into(), |b| cell_pct(b.paradoxical))
            });
        }
    }
    let mut tactics: Vec<String> = Vec::new();
    for s in studies {
        for t in &s.summary().tactics {
            if !tactics.contains(&t.name) {
                tactics.push(t.name.clone());
            }
        }
    }
    for t in tactics {
        let t2 = t.clone();
        row(format!("Intrusive: {t}"), &move |s| {
            s.summary()
                .tactics
                .iter()
                .find(|x| x.name == t2)
                .map_or(MISSING_CELL.into(), |x| cell_pct(x.overall.intrusive))
        });
    }
    DisplayTable::new(
        "The studies side by side (published figures)",
        &header,
        rows,
    )
}

fn strength(r: f64) -> &'static str {
    match r.abs() {
        a if a < 0.1 => "hardly",
        a if a < 0.3 => "weakly",
        a if a < 0.5 => "moderately",
        _ => "strongly",
    }
}

fn disagreement(i2: f64) -> &'static str {
    match i2 {
        x if x < 0.3 => "little",
        x if x < 0.5 => "moderately",
        x if x < 0.75 => "substantially",
        _ => "considerably",
    }
}

/// The paragraph in words of one pooled effect (REML, with DerSimonian–Laird beside it).
pub fn paragraph(p: &EffectPooling) -> Option<String> {
    let (r, dl) = (p.reml.as_ref()?, p.dl.as_ref()?);
    let e = &p.effect;
    let k = p.inputs.len();
    let est = estimate_text(e, r.estimate, r.ci);
    let head = match e {
        Effect::Rho => {
            let sign = match (strength(r.estimate), r.estimate < 0.0) {
                ("hardly", _) => "",
                (_, true) => " and negatively",
                (_, false) => " and positively",
            };
            format!(
                "Across {k} studies, concern and disclosure correlate {}{sign} (\u{3c1} = {est})",
                strength(r.estimate)
            )
        }
        Effect::OddsRatio => format!(
            "Across {k} studies, the odds of being a discloser among the concerned are {} times \
             those among the not concerned (OR = {est})",
            num(r.estimate, 2)
        ),
        Effect::Intrusive(t) => format!(
            "Across {k} studies, {est} of respondents find \u{201c}{t}\u{201d} intrusive \
             (unweighted shares)"
        ),
    };
    let mut s = format!(
        "{head}; the studies disagree {} (I\u{b2} = {}, \u{3c4}\u{b2} = {}, Q = {} on {} df, {}).",
        disagreement(r.fit.i2),
        pct(r.fit.i2),
        num(r.fit.tau2, 4),
        num(r.fit.q, 2),
        r.fit.q_df,
        crate::fmt::p_value(r.fit.q_p)
    );
    match r.pi {
        Some(pi) => {
            let _ = write!(
                s,
                " A new study of this kind would find a value between {} and {} (95% prediction \
                 interval).",
                value_text(e, pi[0]),
                value_text(e, pi[1])
            );
        }
        None => s.push_str(" With 2 studies there is no prediction interval."),
    }
    let _ = write!(
        s,
        " DerSimonian\u{2013}Laird gives {} (\u{3c4}\u{b2} = {}).",
        estimate_text(e, dl.estimate, dl.ci),
        num(dl.fit.tau2, 4)
    );
    Some(s)
}

fn pooled_table(c: &Comparison) -> DisplayTable {
    let header = [
        ("Effect", false),
        ("Method", false),
        ("k", true),
        ("Estimate [95% CI]", true),
        ("95% PI", true),
        ("\u{3c4}\u{b2}", true),
        ("I\u{b2}", true),
        ("Q (df), p", true),
    ];
    let mut rows = Vec::new();
    for p in std::iter::once(&c.rho)
        .chain([&c.odds_ratio])
        .chain(&c.tactics)
    {
        for (m, r) in [("REML", &p.reml), ("DL", &p.dl)] {
            let e = &p.effect;
            rows.push(match r {
                Some(r) => vec![
                    p.effect.key(),
                    m.into(),
                    r.fit.k.to_string(),
                    estimate_text(e, r.estimate, r.ci),
                    r.pi.map_or(MISSING_CELL.into(), |pi| {
                        crate::fmt::range(&value_text(e, pi[0]), &value_text(e, pi[1]))
                    }),
                    num(r.fit.tau2, 4),
                    crate::fmt::pct1(r.fit.i2),
                    format!(
                        "{} ({}), {}",
                        num(r.fit.q, 2),
                        r.fit.q_df,
                        crate::fmt::p_cell(Some(r.fit.q_p))
                    ),
                ],
                None => {
                    let mut v = vec![p.effect.key(), m.into(), p.inputs.len().to_string()];
                    v.extend(std::iter::repeat_n(MISSING_CELL.to_string(), 5));
                    v
                }
            });
        }
    }
    DisplayTable::new("Pooled effects (random effects)", &header, rows)
}

/// The whole document.
pub fn build(
    studies: &[CompareStudy],
    c: &Comparison,
    cohorts: bool,
    charts: &[Chart],
    notes: &[String],
) -> Vec<Section> {
    let mut intro = vec![Block::Para(format!(
        "{} studies, each analysed and published as a single study\u{2019}s report is \
         (with its own disclosure control), compared side by side; the effects they share are pooled by random effects \
         (REML and DerSimonian\u{2013}Laird). A study enters a pooling only when its own estimate \
         is published.",
        studies.len()
    ))];
    if !cohorts {
        intro.push(Block::Para(
            "The studies form their cohorts differently, so they are compared overall only: \
             cohort figures are not set side by side."
                .into(),
        ));
    }
    intro.push(Block::Table(side_by_side(studies, cohorts)));
    let has = |stem: &str| charts.iter().any(|ch| ch.stem == stem);
    for stem in ["gap-by-study", "tactics-by-study"] {
        if has(stem) {
            intro.push(Block::Chart(stem.into()));
        }
    }
    let mut pooled = Vec::new();
    for p in std::iter::once(&c.rho)
        .chain([&c.odds_ratio])
        .chain(&c.tactics)
    {
        if let Some(text) = paragraph(p) {
            pooled.push(Block::Para(text));
            let stem = format!("forest-{}", p.effect.key());
            if has(&stem) {
                pooled.push(Block::Chart(stem));
            }
        }
    }
    if pooled.is_empty() {
        pooled.push(Block::Para(
            "No effect could be pooled (see the notes).".into(),
        ));
    }
    pooled.push(Block::Table(pooled_table(c)));
    vec![
        Section {
            title: "The studies".into(),
            blocks: intro,
        },
        Section {
            title: "Pooled effects".into(),
            blocks: pooled,
        },
        Section {
            title: "Notes".into(),
            blocks: vec![if notes.is_empty() {
                Block::Para("None.".into())
            } else {
                Block::List(notes.to_vec())
            }],
        },
    ]
}

const TITLE: &str = "Several studies compared";

const CSS: &str = "body{font-family:Georgia,\"DejaVu Serif\",serif;color:#1a1a1a;background:#fff;\
line-height:1.5;margin:0}main{max-width:62rem;margin:0 auto;padding:2rem 1.5rem 4rem}\
h1{font-size:1.9rem;margin:0 0 .3rem}h2{font-size:1.35rem;margin:2.4rem 0 .6rem;\
border-bottom:1px solid #bbb}table{border-collapse:collapse;font-size:.88rem;\
font-family:Arial,\"DejaVu Sans\",sans-serif;font-variant-numeric:tabular-nums}\
figure{margin:1.2rem 0}figcaption{font-size:.88rem;color:#333}thead th{border-top:2px solid #222;\
border-bottom:1px solid #222}tbody tr:last-child td{border-bottom:2px solid #222}\
th,td{padding:.25rem .6rem;vertical-align:top;text-align:left}td.num,th.num{text-align:right;\
white-space:nowrap}.scroll{overflow-x:auto}.chart svg{max-width:100%;height:auto;display:block}\
.tablenote{font-size:.8rem;color:#555}";

/// A chart's SVG fit for inlining: no XML prolog, no namespace URL, a viewBox.
fn inline_svg(c: &Chart) -> String {
    let mut s = c.svg.trim().to_string();
    while s.starts_with("<?") || s.starts_with("<!") {
        match s.find('>') {
            Some(end) => s = s[end + 1..].trim_start().to_string(),
            None => return String::new(),
        }
    }
    s = s
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    if let Some(end) = s.find('>') {
        if s.starts_with("<svg") && !s[..end].contains("viewBox") {
            s.insert_str(4, &format!(" viewBox=\"0 0 {} {}\"", c.width, c.height));
        }
    }
    s
}

pub fn html(sections: &[Section], charts: &[Chart]) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{TITLE}</title>\n<style>{CSS}</style>\n</head>\n<body><main>\n<h1>{TITLE}</h1>\n"
    );
    let mut figure = 0;
    for s in sections {
        let _ = writeln!(o, "<h2>{}</h2>", escape(&s.title));
        for b in &s.blocks {
            match b {
                Block::Para(t) => {
                    let _ = writeln!(o, "<p>{}</p>", escape(t));
                }
                Block::List(items) => {
                    o.push_str("<ul>\n");
                    for i in items {
                        let _ = writeln!(o, "<li>{}</li>", escape(i));
                    }
                    o.push_str("</ul>\n");
                }
                Block::Table(t) => {
                    let _ = writeln!(
                        o,
                        "<figure><figcaption><b>{}</b></figcaption><div class=\"scroll\"><table>",
                        escape(&t.caption)
                    );
                    o.push_str("<thead><tr>");
                    for (i, h) in t.header.iter().enumerate() {
                        let c = if t.numeric[i] { " class=\"num\"" } else { "" };
                        let _ = write!(o, "<th{c}>{}</th>", escape(h));
                    }
                    o.push_str("</tr></thead>\n<tbody>\n");
                    for r in &t.rows {
                        o.push_str("<tr>");
                        for (i, v) in r.iter().enumerate() {
                            let c = if t.numeric[i] { " class=\"num\"" } else { "" };
                            let _ = write!(o, "<td{c}>{}</td>", escape(v));
                        }
                        o.push_str("</tr>\n");
                    }
                    o.push_str("</tbody></table></div>\n");
                    if t.has_missing() {
                        let _ =
                            writeln!(o, "<p class=\"tablenote\">{}</p>", escape(MISSING_LEGEND));
                    }
                    o.push_str("</figure>\n");
                }
                Block::Chart(stem) => {
                    if let Some(c) = charts.iter().find(|c| &c.stem == stem) {
                        figure += 1;
                        // The chart draws its own title and caption; the figure caption
                        // numbers it, and the full text goes to assistive technology.
                        let title = caption_sentence(&c.title);
                        let _ = writeln!(
                            o,
                            "<figure id=\"fig-{stem}\"><div class=\"chart\" role=\"img\" aria-label=\"{}\">{}</div><figcaption><strong>Figure {figure}.</strong> {}</figcaption></figure>",
                            escape(&format!("{title} {}", c.caption)),
                            inline_svg(c),
                            escape(&title)
                        );
                    }
                }
            }
        }
    }
    o.push_str("</main></body>\n</html>\n");
    o
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

pub fn markdown(sections: &[Section], charts: &[Chart], svg: bool, png: bool) -> String {
    let mut o = format!("# {TITLE}\n");
    let mut figure = 0;
    for s in sections {
        let _ = write!(o, "\n## {}\n", s.title);
        for b in &s.blocks {
            o.push('\n');
            match b {
                Block::Para(t) => {
                    let _ = writeln!(o, "{t}");
                }
                Block::List(items) => {
                    for i in items {
                        let _ = writeln!(o, "- {i}");
                    }
                }
                Block::Table(t) => {
                    let _ = writeln!(o, "**{}**\n", t.caption);
                    let _ = writeln!(
                        o,
                        "| {} |",
                        t.header
                            .iter()
                            .map(|h| md_cell(h))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                    let align: Vec<&str> = t
                        .numeric
                        .iter()
                        .map(|n| if *n { "---:" } else { "---" })
                        .collect();
                    let _ = writeln!(o, "| {} |", align.join(" | "));
                    for r in &t.rows {
                        let _ = writeln!(
                            o,
                            "| {} |",
                            r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                        );
                    }
                    if t.has_missing() {
                        let _ = writeln!(o, "\n{MISSING_LEGEND}");
                    }
                }
                Block::Chart(stem) => {
                    let Some(c) = charts.iter().find(|c| &c.stem == stem) else {
                        continue;
                    };
                    if !svg && !png {
                        continue;
                    }
                    figure += 1;
                    let main = if svg { "svg" } else { "png" };
                    let title = c.title.trim_end_matches('.');
                    let _ = writeln!(o, "![{title}](charts/{stem}.{main})\n");
                    let alt = if svg && png {
                        format!(" ([PNG](charts/{stem}.png))")
                    } else {
                        String::new()
                    };
                    // The caption is drawn inside the chart itself.
                    let _ = writeln!(o, "*Figure {figure}. {}*{alt}", caption_sentence(&c.title));
                }
            }
        }
    }
    o
}
