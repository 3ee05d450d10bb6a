//! Numbers and sentences for people, shared by the HTML and Markdown reports.
//!
//! This module owns two things: the formatting rules of every number a reader sees
//! (rounded percentages, p-values like "p < 0.001", a real minus sign, "—" for a missing
//! cell) and the plain-language paragraphs written from the numbers of a published
//! [`Summary`]. A value that is `None` — suppressed by disclosure control or undefined —
//! is never quoted: the prose says "not available (suppressed or undefined)" and phrases
//! around it. Full-precision numbers for machines live in `tables.rs` (CSV) and
//! `summary.json`, never here.

use crate::analysis::summary::{Chi2Test, Ci, GapBlock, KruskalTest, Summary, TacticLevels};
use crate::study::codebook::CohortScheme;
use crate::study::Study;

pub use crate::fmt::{
    cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, count, num, num_ci, p_cell, p_value,
    pct, pct1, pct1_ci, pct_ci, range, signed, MINUS, MISSING_CELL, MISSING_LEGEND, NOT_AVAILABLE,
};

/// Conventional significance level used only to choose words ("differs" / "does not
/// differ significantly"); the p-value itself is always printed.
const ALPHA_LEVEL: f64 = 0.05;

/// "48% (95% CI 44–52%)" for prose.
fn share_ci(p: f64, ci: Ci) -> String {
    match ci {
        Some(ci) => format!("{} (95% CI {})", pct(p), pct_ci(ci)),
        None => pct(p),
    }
}

fn fin(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

// ---------------------------------------------------------------------------------------
// The document model shared by html.rs and markdown.rs
// ---------------------------------------------------------------------------------------

/// A table for people: rounded cells, one header row.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayTable {
    pub caption: String,
    pub header: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

impl DisplayTable {
    pub fn has_missing(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|c| c == MISSING_CELL || c.starts_with(MISSING_CELL))
    }
}

/// Which chart a figure shows: the stem of `charts/STEM.svg`.
pub type ChartRef = crate::report::charts::ChartKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(String),
    /// A paragraph with a run-in heading: ("Weights", "No survey weights …").
    Titled(String, String),
    List(Vec<String>),
    Table(DisplayTable),
    Chart(ChartRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// HTML anchor.
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    /// The warning that must open the report (seeded DP noise), if any.
    pub not_private: Option<String>,
    /// One line under the title: tool, version, filter.
    pub subtitle: String,
    pub sections: Vec<Section>,
}

/// The warning of SPEC §5 for reports made with `--dp-seed`.
pub const NOT_PRIVATE: &str = "This report is NOT private: its differential-privacy noise \
     came from a fixed seed (--dp-seed), which exists for tests only. Do not publish it.";

/// Builds the whole report as sections of paragraphs, tables and chart references.
pub fn build_document(study: &Study, summary: &Summary, dp_seeded: bool) -> Document {
    let not_private = (summary.disclosure_control.dp_epsilon.is_some() && dp_seeded)
        .then(|| NOT_PRIVATE.to_string());
    let mut sections = vec![
        findings_section(study, summary),
        overview_section(study, summary),
        reliability_section(study, summary),
        gap_section(study, summary),
        tests_section(study, summary),
        data_types_section(summary),
        tactics_section(summary),
        super::models::section(summary),
        notes_section(summary),
        methods_section(study, summary, dp_seeded),
    ];
    // Issue #10: threshold sensitivity and group breakdowns, after the tactics.
    sections.splice(7..7, super::groups::sections(summary));
    if let Some(s) = crate::report::screening::section(summary) {
        sections.insert(2, s);
    }
    Document {
        title: format!("Privacy-paradox report: {}", summary.study.name),
        not_private,
        subtitle: format!(
            "Made by paradox {} from the study \u{201c}{}\u{201d}; respondents: {}.",
            env!("CARGO_PKG_VERSION"),
            summary.study.name,
            summary.study.filter
        ),
        sections,
    }
}

// ---------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------

/// The notes of the privacy module about differential privacy, without their prefix.
pub fn dp_notes(summary: &Summary) -> Vec<String> {
    summary
        .notes
        .iter()
        .filter_map(|n| n.strip_prefix("differential privacy: "))
        // Only a Latin first letter is capitalised: "ε" must not become "Ε".
        .map(|n| match n.chars().next() {
            Some(c) if c.is_ascii_lowercase() => capitalise(n),
            _ => n.to_string(),
        })
        .collect()
}

/// "Weights. No survey weights …" → a paragraph with the run-in heading "Weights".
fn run_in_heading(b: Block) -> Block {
    match b {
        Block::Para(p) => match p.split_once(". ") {
            Some((lead, rest)) if lead.len() < 40 => Block::Titled(lead.into(), rest.into()),
            _ => Block::Para(p),
        },
        other => other,
    }
}

/// The headline numbers, each only when it is available.
fn findings_section(study: &Study, summary: &Summary) -> Section {
    let disclose = disclosure_phrase(study);
    let mut items = Vec::new();
    if let Some(o) = &summary.gap.overall {
        if let Some(p) = fin(o.paradoxical) {
            let expected = fin(o.paradoxical_expected)
                .map(|e| format!(" ({} expected if concern did not matter)", pct(e)))
                .unwrap_or_default();
            items.push(format!(
                "{} of respondents were concerned about privacy yet shared {disclose}{expected}.",
                capitalise(&share_ci(p, o.paradoxical_ci))
            ));
        }
        if fin(o.disclosure_rd).is_some() {
            items.push(rd_sentence(o).trim_end().to_string());
        }
        let known: Vec<(&str, f64)> = summary
            .gap
            .by_cohort
            .iter()
            .flatten()
            .filter_map(|b| Some((b.cohort.as_deref()?, fin(b.paradoxical)?)))
            .collect();
        if known.len() >= 2 {
            if let Some(hi) = known.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
                items.push(format!(
                    "The paradox is most common among {} ({}).",
                    hi.0,
                    pct(hi.1)
                ));
            }
        }
    }
    let widest = summary
        .data_types
        .iter()
        .filter_map(|d| Some((d, fin(d.say_do_gap)?, fin(d.willing)?, fin(d.shared)?)))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
    if let Some((d, _, w, sh)) = widest {
        items.push(format!(
            "The widest say\u{2013}do gap is for {}: {} said they were willing to share it, {} shared it.",
            d.label,
            pct(w),
            pct(sh)
        ));
    }
    let most_intrusive = summary
        .tactics
        .iter()
        .filter_map(|t| Some((t, fin(t.overall.intrusive)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((t, i)) = most_intrusive {
        items.push(format!(
            "The tactic most often found intrusive is {}: {} of respondents.",
            t.label,
            pct(i)
        ));
    }
    let blocks = if items.is_empty() {
        vec![Block::Para(
            "No headline figure is available for this study (see the sections below and Notes)."
                .into(),
        )]
    } else {
        vec![Block::List(items)]
    };
    Section {
        id: "findings",
        title: "Key findings".into(),
        blocks,
    }
}

/// Where the survey came from and which of its rows were set aside as not respondents. The
/// reasons are named without their counts: those are part of the rejected rows, which
/// disclosure control already governs (`paradox check` gives the counts).
fn survey_export_text(study: &Study) -> String {
    let a = &study.audit;
    let mut t = String::new();
    if let Some(kind) = &a.survey_export {
        t.push_str(&format!("The survey is a {kind} export. "));
    }
    if !a.set_aside.is_empty() {
        let reasons: Vec<&str> = a.set_aside.keys().map(String::as_str).collect();
        t.push_str(&format!(
            "Rows that are no (complete) respondents were set aside and count among the rejected \
             rows: {}. ",
            reasons.join("; ")
        ));
    }
    if a.kept_unfinished {
        t.push_str("Unfinished responses were kept (--keep-unfinished). ");
    }
    t
}

fn overview_section(study: &Study, summary: &Summary) -> Section {
    let s = &summary.study;
    let mut p = match s.respondents {
        Some(r) => format!(
            "The study \u{201c}{}\u{201d} has {} survey responses; {} respondents were analysed",
            s.name,
            count(r),
            count(s.analysed)
        ),
        None => format!(
            "In the study \u{201c}{}\u{201d}, {} respondents were analysed (the number of survey \
             responses is suppressed, as it would reveal a small count of rejected rows)",
            s.name,
            count(s.analysed)
        ),
    };
    if s.filter != "all respondents" && !s.filter.is_empty() {
        p.push_str(&format!(" (filter: {})", s.filter));
    }
    p.push_str(". ");
    p.push_str(&match s.rejected_rows {
        None => "The number of rejected survey rows is suppressed (a small count). ".to_string(),
        Some(0) => "No survey row was rejected. ".to_string(),
        Some(1) => "1 survey row was rejected because of invalid values and is left out of every \
              statistic (paradox check lists the reason). "
            .to_string(),
        Some(r) => format!(
            "{} survey rows were rejected because of invalid values and are left out of every \
             statistic (paradox check lists each reason). ",
            count(r)
        ),
    });
    if !study.has_behavior {
        p.push_str(
            "The study has no behaviour data, so only stated attitudes and tactic ratings are \
             analysed. ",
        );
    } else {
        match fin(s.behavior_match_rate) {
            Some(r) => p.push_str(&format!(
                "Behaviour data were found for {} of the analysed respondents. ",
                pct(r)
            )),
            None => p.push_str(&format!("The behaviour match rate is {NOT_AVAILABLE}. ")),
        }
    }
    match s.unknown_cohort {
        None => p.push_str(
            "Some respondents could not be assigned to a cohort (their number is suppressed) \
             and count in overall figures only. ",
        ),
        Some(0) => {}
        Some(1) => p.push_str(
            "1 respondent could not be assigned to a cohort and counts in overall figures only. ",
        ),
        Some(u) => p.push_str(&format!(
            "{} respondents could not be assigned to a cohort and count in overall figures only. ",
            count(u)
        )),
    }
    p.push_str(&survey_export_text(study));
    p.push_str(&format!("Cohorts: {}. ", s.cohort_scheme));
    p.push_str(if s.weighted {
        "Proportions and means are weighted by the survey weights; \u{3b1}, Spearman and all \
         tests are unweighted."
    } else {
        "All figures are unweighted."
    });
    Section {
        id: "study",
        title: "1. Study and data quality".into(),
        blocks: vec![
            Block::Para(p),
            Block::Table(super::tables::quality_table(study, summary)),
            Block::Table(super::tables::cohorts_table(summary)),
            Block::Table(super::tables::inputs_table(study)),
        ],
    }
}

/// Rules of thumb for α (George & Mallery 2003).
fn alpha_quality(a: f64) -> &'static str {
    if a >= 0.9 {
        "excellent"
    } else if a >= 0.8 {
        "good"
    } else if a >= 0.7 {
        "acceptable"
    } else if a >= 0.6 {
        "questionable"
    } else if a >= 0.5 {
        "poor"
    } else {
        "unacceptable"
    }
}

fn reliability_section(study: &Study, summary: &Summary) -> Section {
    let mut blocks = Vec::new();
    if summary.scales.is_empty() {
        blocks.push(Block::Para(
            "The codebook declares no multi-item scale.".into(),
        ));
    }
    for sc in &summary.scales {
        let k = sc.items.len();
        let mut p = match fin(sc.alpha) {
            Some(a) => {
                let mut t = format!(
                    "The {} scale ({k} items) has {} internal consistency: Cronbach\u{2019}s \u{3b1} = {}",
                    sc.label,
                    alpha_quality(a),
                    num(a, 2)
                );
                let mut inner = Vec::new();
                if let Some(ci) = sc.alpha_ci {
                    inner.push(format!("95% CI {}", num_ci(ci, 2)));
                }
                if let Some(n) = sc.n_complete {
                    inner.push(format!("n = {} complete responses", count(n)));
                }
                if !inner.is_empty() {
                    t.push_str(&format!(" ({})", inner.join("; ")));
                }
                t.push_str(". ");
                // Only an item whose removal would raise α is worth a sentence.
                if let Some(dropped) = &sc.alpha_if_dropped {
                    let best = dropped
                        .iter()
                        .filter_map(|(item, v)| fin(*v).map(|v| (item, v)))
                        .filter(|(_, v)| *v > a)
                        .max_by(|x, y| x.1.total_cmp(&y.1));
                    if let Some((item, v)) = best {
                        t.push_str(&format!(
                            "Dropping the item {item} would raise \u{3b1} to {}. ",
                            num(v, 2)
                        ));
                    }
                }
                t
            }
            None => format!(
                "Cronbach\u{2019}s \u{3b1} of the {} scale ({k} items) is {NOT_AVAILABLE}. ",
                sc.label
            ),
        };
        let range = study
            .codebook
            .scales
            .iter()
            .find(|s| s.name == sc.name)
            .map(|s| {
                format!(
                    " on its {}\u{2013}{} range",
                    num(s.min as f64, 0),
                    num(s.max as f64, 0)
                )
            })
            .unwrap_or_default();
        match (fin(sc.mean), fin(sc.sd)) {
            (Some(m), sd) => {
                p.push_str(&format!("Its mean score is {}{range}", num(m, 2)));
                if let Some(sd) = sd {
                    p.push_str(&format!(" (SD {})", num(sd, 2)));
                }
                if let Some(n) = sc.n {
                    p.push_str(&format!(", from {} respondents with a score", count(n)));
                }
                p.push('.');
            }
            (None, _) => p.push_str(&format!("Its mean score is {NOT_AVAILABLE}.")),
        }
        blocks.push(Block::Para(p.trim_end().to_string()));
    }
    if !summary.scales.is_empty() {
        blocks.push(Block::Table(super::tables::reliability_table(summary)));
        if summary
            .scales
            .iter()
            .any(|s| s.alpha_if_dropped.as_ref().is_some_and(|m| !m.is_empty()))
        {
            blocks.push(Block::Table(super::tables::alpha_if_dropped_table(summary)));
        }
    }
    if !summary.distributions.concern_by_cohort.is_empty() {
        blocks.push(Block::Chart(ChartRef::ConcernDistribution));
    }
    Section {
        id: "reliability",
        title: "2. Reliability of the attitude scales".into(),
        blocks,
    }
}

/// "at least half" / "at least 60%" of their data types.
fn disclosure_phrase(study: &Study) -> String {
    let t = study
        .codebook
        .paradox
        .as_ref()
        .map(|p| p.disclosure_threshold)
        .unwrap_or(0.5);
    if t == 0.5 {
        "at least half of their data types".into()
    } else if t == 1.0 {
        "all of their data types".into()
    } else {
        format!("at least {} of their data types", pct(t))
    }
}

fn concern_label(study: &Study) -> String {
    study
        .codebook
        .concern_scale_index()
        .and_then(|i| study.codebook.scales.get(i))
        .map(|s| s.display_label().to_lowercase())
        .unwrap_or_else(|| "concern".into())
}

/// Where a paradoxical share stands against the share expected under independence.
fn versus_expected(ci: Ci, expected: Option<f64>) -> String {
    let Some(e) = fin(expected) else {
        return String::new();
    };
    let word = match ci {
        Some([lo, _]) if lo > e => "more than the",
        Some([_, hi]) if hi < e => "fewer than the",
        Some(_) => "close to the",
        None => "against the",
    };
    format!(", {word} {} expected if concern did not matter", pct(e))
}

fn gap_block_sentences(block: &GapBlock, who: &str, disclose: &str) -> String {
    let mut out = String::new();
    match fin(block.paradoxical) {
        Some(p) => out.push_str(&format!(
            "{who}, {} were concerned yet shared {disclose}{}. ",
            share_ci(p, block.paradoxical_ci),
            versus_expected(block.paradoxical_ci, block.paradoxical_expected)
        )),
        None => out.push_str(&format!(
            "{who}, the share of respondents who were concerned yet shared {disclose} is {NOT_AVAILABLE}. "
        )),
    }
    out
}

fn rd_sentence(block: &GapBlock) -> String {
    let Some(rd) = fin(block.disclosure_rd) else {
        return format!(
            "The risk difference in disclosure between concerned and unconcerned respondents is {NOT_AVAILABLE}. "
        );
    };
    match block.disclosure_rd_ci {
        Some(ci) if ci[0] <= 0.0 && ci[1] >= 0.0 => format!(
            "Concern does not predict disclosure: concerned respondents were about as likely to \
             be disclosers as unconcerned ones (risk difference {}, 95% CI {}) \u{2014} the \
             privacy paradox. ",
            num(rd, 2),
            num_ci(ci, 2)
        ),
        Some(ci) if ci[1] < 0.0 => format!(
            "Concern does predict disclosure: concerned respondents were less likely to be \
             disclosers (risk difference {}, 95% CI {}). ",
            num(rd, 2),
            num_ci(ci, 2)
        ),
        Some(ci) => format!(
            "Concerned respondents were more likely to be disclosers than unconcerned ones \
             (risk difference {}, 95% CI {}). ",
            num(rd, 2),
            num_ci(ci, 2)
        ),
        None => format!(
            "The risk difference in disclosure between concerned and unconcerned respondents is \
             {} (its confidence interval is {NOT_AVAILABLE}). ",
            num(rd, 2)
        ),
    }
}

fn spearman_sentence(block: &GapBlock, concern: &str) -> String {
    match fin(block.spearman_rho) {
        Some(rho) => {
            let mut inner = Vec::new();
            if let Some(ci) = block.spearman_ci {
                inner.push(format!("95% CI {}", num_ci(ci, 2)));
            }
            if let Some(p) = fin(block.spearman_p) {
                inner.push(p_value(p));
            }
            let inner = if inner.is_empty() {
                String::new()
            } else {
                format!(" ({})", inner.join(", "))
            };
            format!(
                "The rank correlation between the {concern} score and the disclosure score is \
                 Spearman\u{2019}s \u{3c1} = {}{inner}.",
                num(rho, 2)
            )
        }
        None => format!(
            "The rank correlation between the {concern} score and the disclosure score is {NOT_AVAILABLE}."
        ),
    }
}

fn gap_section(study: &Study, summary: &Summary) -> Section {
    let disclose = disclosure_phrase(study);
    let concern = concern_label(study);
    let mut blocks = Vec::new();
    let Some(overall) = &summary.gap.overall else {
        blocks.push(Block::Para(if study.has_behavior {
            "The gap between concern and disclosure is not available for this study (see Notes)."
                .into()
        } else {
            "This study has no behaviour data, so the gap between stated concern and actual \
             disclosure cannot be measured."
                .into()
        }));
        return Section {
            id: "gap",
            title: "3. Concern versus disclosure: the privacy paradox".into(),
            blocks,
        };
    };
    let mut p = String::new();
    let who = match overall.n {
        Some(n) => format!("Overall, of the {} respondents with both scores", count(n)),
        None => "Overall".to_string(),
    };
    match (fin(overall.concerned), fin(overall.disclosers)) {
        (Some(c), Some(d)) => p.push_str(&format!(
            "{who}, {} were concerned about privacy and {} were disclosers (shared {disclose}). ",
            pct(c),
            pct(d)
        )),
        (Some(c), None) => p.push_str(&format!(
            "{who}, {} were concerned about privacy; the share of disclosers is {NOT_AVAILABLE}. ",
            pct(c)
        )),
        (None, Some(d)) => p.push_str(&format!(
            "{who}, {} were disclosers (shared {disclose}); the share of concerned respondents is {NOT_AVAILABLE}. ",
            pct(d)
        )),
        (None, None) => p.push_str(&format!(
            "{who}, the shares of concerned respondents and of disclosers are {NOT_AVAILABLE}. "
        )),
    }
    p.push_str(&gap_block_sentences(overall, "In all", &disclose));
    p.push_str(&rd_sentence(overall));
    p.push_str(&spearman_sentence(overall, &concern));
    blocks.push(Block::Para(p.trim_end().to_string()));

    if let Some(by) = summary.gap.by_cohort.as_ref().filter(|b| !b.is_empty()) {
        let mut q = String::new();
        let none_known = by.len() > 1 && by.iter().all(|b| fin(b.paradoxical).is_none());
        if none_known {
            // One sentence instead of the same one per cohort.
            q.push_str(&format!(
                "In every cohort, the share of respondents who were concerned yet shared {disclose} is {NOT_AVAILABLE}."
            ));
        }
        for b in by.iter().filter(|_| !none_known) {
            let name = b.cohort.as_deref().unwrap_or("unnamed cohort");
            let who = match b.n {
                Some(n) => format!("In the {name} cohort (n = {})", count(n)),
                None => format!("In the {name} cohort"),
            };
            q.push_str(&gap_block_sentences(b, &who, &disclose));
        }
        let known: Vec<(&str, f64)> = by
            .iter()
            .filter_map(|b| Some((b.cohort.as_deref()?, fin(b.paradoxical)?)))
            .collect();
        if known.len() >= 2 {
            let hi = known.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let lo = known.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                if hi.1 > lo.1 {
                    q.push_str(&format!(
                        "The paradox is most common among {} ({}) and least common among {} ({}).",
                        hi.0,
                        pct(hi.1),
                        lo.0,
                        pct(lo.1)
                    ));
                }
            }
        }
        blocks.push(Block::Para(q.trim_end().to_string()));
    }
    blocks.push(Block::Chart(ChartRef::GapByCohort));
    blocks.push(Block::Table(super::tables::gap_table(summary)));
    blocks.push(Block::Table(super::tables::concern_table_table(summary)));
    blocks.push(Block::Chart(ChartRef::ConcernDisclosureHeatmap));
    Section {
        id: "gap",
        title: "3. Concern versus disclosure: the privacy paradox".into(),
        blocks,
    }
}

/// "(χ² = 30.10, df = 4, p < 0.001, Cramér's V = 0.11, n = 2,387)".
fn chi2_stats(t: &Chi2Test) -> String {
    let mut parts = Vec::new();
    if let Some(x) = fin(t.chi2) {
        parts.push(format!("\u{3c7}\u{b2} = {}", num(x, 2)));
    }
    if let Some(df) = t.df {
        parts.push(format!("df = {df}"));
    }
    if let Some(p) = fin(t.p) {
        parts.push(p_value(p));
    }
    if let Some(v) = fin(t.cramers_v) {
        parts.push(format!("Cram\u{e9}r\u{2019}s V = {}", num(v, 2)));
    }
    if let Some(n) = t.n {
        parts.push(format!("n = {}", count(n)));
    }
    parts.join(", ")
}

fn differ_words(p: Option<f64>, plural: bool) -> Option<&'static str> {
    let p = fin(p)?;
    Some(match (p < ALPHA_LEVEL, plural) {
        (true, true) => "differ",
        (true, false) => "differs",
        (false, true) => "do not differ significantly",
        (false, false) => "does not differ significantly",
    })
}

fn kruskal_sentences(k: &KruskalTest, concern: &str) -> String {
    let mut parts = Vec::new();
    if let Some(h) = fin(k.h) {
        parts.push(format!("Kruskal\u{2013}Wallis H = {}", num(h, 2)));
    }
    if let Some(df) = k.df {
        parts.push(format!("df = {df}"));
    }
    if let Some(p) = fin(k.p) {
        parts.push(p_value(p));
    }
    if let Some(e) = fin(k.epsilon_squared) {
        parts.push(format!("\u{3b5}\u{b2} = {}", num(e, 3)));
    }
    if let Some(n) = k.n {
        parts.push(format!("n = {}", count(n)));
    }
    let mut s = match differ_words(k.p, true) {
        Some(w) => format!(
            "{} scores {w} between cohorts ({}). ",
            capitalise(concern),
            parts.join(", ")
        ),
        None => format!(
            "Whether {concern} scores differ between cohorts is {NOT_AVAILABLE}{}. ",
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        ),
    };
    if !k.pairwise.is_empty() {
        let sig: Vec<String> = k
            .pairwise
            .iter()
            .filter_map(|d| {
                let p = fin(d.p_holm)?;
                (p < ALPHA_LEVEL).then(|| format!("{} vs {} ({})", d.a, d.b, p_value(p)))
            })
            .collect();
        let known = k
            .pairwise
            .iter()
            .filter(|d| fin(d.p_holm).is_some())
            .count();
        if known == 0 {
            s.push_str(&format!("Pairwise Dunn tests are {NOT_AVAILABLE}. "));
        } else if sig.is_empty() {
            s.push_str("No pair of cohorts differs after Holm adjustment (Dunn tests). ");
        } else {
            s.push_str(&format!(
                "After Holm adjustment, {} of {} cohort pairs {} (Dunn tests): {}. ",
                sig.len(),
                k.pairwise.len(),
                if sig.len() == 1 { "differs" } else { "differ" },
                sig.join("; ")
            ));
        }
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn tests_section(study: &Study, summary: &Summary) -> Section {
    let mut p = String::new();
    let concern = concern_label(study);
    match &summary.gap.kruskal_concern {
        Some(k) => p.push_str(&kruskal_sentences(k, &concern)),
        None => p.push_str(&format!(
            "The Kruskal\u{2013}Wallis test of concern by cohort is {NOT_AVAILABLE}. "
        )),
    }
    match &summary.gap.chi2_paradoxical {
        Some(t) => match differ_words(t.p, false) {
            Some(w) => p.push_str(&format!(
                "The share of paradoxical respondents {w} between cohorts ({}).",
                chi2_stats(t)
            )),
            None => p.push_str(&format!(
                "The \u{3c7}\u{b2} test of cohort \u{d7} paradoxical is {NOT_AVAILABLE}."
            )),
        },
        None => p.push_str(&format!(
            "The \u{3c7}\u{b2} test of cohort \u{d7} paradoxical is {NOT_AVAILABLE}."
        )),
    }
    let mut blocks = vec![
        Block::Para(p.trim_end().to_string()),
        Block::Table(super::tables::tests_table(summary)),
    ];
    if summary
        .gap
        .kruskal_concern
        .as_ref()
        .is_some_and(|k| !k.pairwise.is_empty())
    {
        blocks.push(Block::Table(super::tables::dunn_table(summary)));
    }
    Section {
        id: "tests",
        title: "4. Differences between cohorts".into(),
        blocks,
    }
}

fn data_types_section(summary: &Summary) -> Section {
    let mut blocks = Vec::new();
    if summary.data_types.is_empty() {
        blocks.push(Block::Para(
            "The codebook declares no data type, so stated and actual sharing cannot be compared."
                .into(),
        ));
        return Section {
            id: "data-types",
            title: "5. Stated versus actual sharing by data type".into(),
            blocks,
        };
    }
    let mut items = Vec::new();
    for d in &summary.data_types {
        let mut s = format!("{}: ", d.label);
        match (fin(d.willing), fin(d.shared)) {
            (Some(w), Some(sh)) => {
                s.push_str(&format!(
                    "{} said they were willing to share it, and {} actually shared it",
                    pct(w),
                    pct(sh)
                ));
                if let Some(g) = fin(d.say_do_gap) {
                    let pts = signed(g * 100.0, 0);
                    let unit = if pts.trim_start_matches(['+', MINUS]) == "1" {
                        "percentage point"
                    } else {
                        "percentage points"
                    };
                    s.push_str(&format!(" (say\u{2013}do gap {pts} {unit})"));
                }
                s.push_str(". ");
            }
            (Some(w), None) => s.push_str(&format!(
                "{} said they were willing to share it; the share who actually shared it is {NOT_AVAILABLE}. ",
                pct(w)
            )),
            (None, Some(sh)) => s.push_str(&format!(
                "{} actually shared it; the share who said they were willing is {NOT_AVAILABLE}. ",
                pct(sh)
            )),
            (None, None) => s.push_str(&format!(
                "the shares of respondents willing to share it and who shared it are {NOT_AVAILABLE}. "
            )),
        }
        match fin(d.paradox_rate) {
            Some(r) => s.push_str(&format!(
                "Of those who said they were unwilling, {} shared it anyway. ",
                share_ci(r, d.paradox_rate_ci)
            )),
            None => s.push_str(&format!(
                "The share of unwilling respondents who shared it anyway is {NOT_AVAILABLE}. "
            )),
        }
        match fin(d.mcnemar_p) {
            Some(p) => {
                let n = d
                    .n_pairs
                    .map(|n| format!(", n = {} pairs", count(n)))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "Stated and actual sharing {} (McNemar exact test, {}{n}).",
                    if p < ALPHA_LEVEL {
                        "differ"
                    } else {
                        "do not differ significantly"
                    },
                    p_value(p)
                ));
            }
            None => s.push_str(&format!("McNemar\u{2019}s test is {NOT_AVAILABLE}.")),
        }
        items.push(s.trim_end().to_string());
    }
    blocks.push(Block::List(items));
    blocks.push(Block::Chart(ChartRef::StatedVsActual));
    blocks.push(Block::Table(super::tables::data_types_table(summary)));
    Section {
        id: "data-types",
        title: "5. Stated versus actual sharing by data type".into(),
        blocks,
    }
}

fn tactic_sentence(label: &str, t: &TacticLevels) -> String {
    let n =
        t.n.map(|n| format!(" (n = {})", count(n)))
            .unwrap_or_default();
    match (fin(t.acceptable), fin(t.intrusive)) {
        (Some(a), Some(i)) => format!(
            "{label}: {} of respondents found it acceptable and {} intrusive{n}. ",
            share_ci(a, t.acceptable_ci),
            share_ci(i, t.intrusive_ci)
        ),
        (Some(a), None) => format!(
            "{label}: {} of respondents found it acceptable{n}; the share who found it intrusive is {NOT_AVAILABLE}. ",
            share_ci(a, t.acceptable_ci)
        ),
        (None, Some(i)) => format!(
            "{label}: {} of respondents found it intrusive{n}; the share who found it acceptable is {NOT_AVAILABLE}. ",
            share_ci(i, t.intrusive_ci)
        ),
        (None, None) => format!(
            "{label}: the shares who found it acceptable or intrusive are {NOT_AVAILABLE}. "
        ),
    }
}

fn tactics_section(summary: &Summary) -> Section {
    let mut blocks = Vec::new();
    if summary.tactics.is_empty() {
        blocks.push(Block::Para(
            "The study rates no personalization tactic.".into(),
        ));
        return Section {
            id: "tactics",
            title: "6. Acceptability of personalization tactics".into(),
            blocks,
        };
    }
    let mut ranked: Vec<(&str, f64)> = summary
        .tactics
        .iter()
        .filter_map(|t| Some((t.label.as_str(), fin(t.overall.acceptable)?)))
        .collect();
    // Stable order: by acceptance, ties by codebook order (sort_by is stable).
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    if ranked.len() >= 2 {
        let list: Vec<String> = ranked
            .iter()
            .map(|(l, a)| format!("{l} ({})", pct(*a)))
            .collect();
        blocks.push(Block::Para(format!(
            "Ranked by the share of respondents who find them acceptable: {}.",
            list.join(", ")
        )));
    }
    let mut items = Vec::new();
    for t in &summary.tactics {
        let mut s = tactic_sentence(&t.label, &t.overall);
        match &t.chi2 {
            Some(c) => match differ_words(c.p, true) {
                Some(w) => s.push_str(&format!(
                    "Ratings {w} between cohorts ({}). ",
                    chi2_stats(c)
                )),
                None => s.push_str(&format!(
                    "The test of ratings by cohort is {NOT_AVAILABLE}. "
                )),
            },
            None => s.push_str(&format!(
                "The test of ratings by cohort is {NOT_AVAILABLE}. "
            )),
        }
        let known: Vec<(&str, f64)> = t
            .by_cohort
            .iter()
            .filter_map(|b| Some((b.cohort.as_deref()?, fin(b.acceptable)?)))
            .collect();
        if known.len() >= 2 {
            let hi = known.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            let lo = known.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                if hi.1 > lo.1 {
                    s.push_str(&format!(
                        "Acceptance is highest among {} ({}) and lowest among {} ({}).",
                        hi.0,
                        pct(hi.1),
                        lo.0,
                        pct(lo.1)
                    ));
                }
            }
        }
        items.push(s.trim_end().to_string());
    }
    blocks.push(Block::List(items));
    blocks.push(Block::Chart(ChartRef::TacticAcceptance));
    blocks.push(Block::Table(super::tables::tactic_summary_table(summary)));
    for t in &summary.tactics {
        blocks.push(Block::Table(super::tables::tactic_levels_table(t)));
    }
    Section {
        id: "tactics",
        title: "6. Acceptability of personalization tactics".into(),
        blocks,
    }
}

fn notes_section(summary: &Summary) -> Section {
    let blocks = if summary.notes.is_empty() {
        vec![Block::Para(
            "No statistic was undefined and nothing else needs remarking.".into(),
        )]
    } else {
        vec![
            Block::Para("Why some values are missing, and other remarks from the analysis:".into()),
            Block::List(summary.notes.clone()),
        ]
    };
    Section {
        id: "notes",
        title: "8. Notes".into(),
        blocks,
    }
}

fn methods_section(study: &Study, summary: &Summary, dp_seeded: bool) -> Section {
    let cb = &study.codebook;
    let concern = concern_label(study);
    let threshold = cb
        .concern_threshold()
        .map(|t| {
            num(t, 2)
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        })
        .unwrap_or_else(|| "the scale midpoint".into());
    let mut blocks = Vec::new();
    blocks.push(Block::Para(format!(
        "Definitions. A scale score is the mean of a respondent\u{2019}s non-missing items after \
         reverse coding, given when at least half of the items are answered. A respondent is \
         concerned when the {concern} score exceeds {threshold}, and a discloser when they \
         shared {} with known behaviour; paradoxical respondents are both. The expected share \
         P(concerned)\u{b7}P(discloser) is the share of paradoxical respondents expected if \
         concern and disclosure were unrelated. The risk difference (RD) is P(discloser | \
         concerned) \u{2212} P(discloser | not concerned), with Newcombe\u{2019}s hybrid score \
         interval (method 10, Newcombe 1998). Proportions carry Wilson score 95% intervals; \
         Cronbach\u{2019}s \u{3b1} a Feldt interval; Spearman\u{2019}s \u{3c1} a Fisher-z \
         interval with the Bonett\u{2013}Wright standard error.",
        disclosure_phrase(study)
    )));
    blocks.push(Block::Para(
        "Tests. Cohort differences in concern: Kruskal\u{2013}Wallis H with tie correction, \
         \u{3b5}\u{b2} = H/(n\u{2212}1), and pairwise Dunn tests with Holm-adjusted p-values. \
         Cohort \u{d7} paradoxical and cohort \u{d7} tactic rating: Pearson \u{3c7}\u{b2} without \
         continuity correction, with Cram\u{e9}r\u{2019}s V. Stated versus actual sharing: \
         McNemar\u{2019}s exact test and its mid-p (Fagerland et al. 2013), and the odds ratio \
         c/b with an interval from the Clopper\u{2013}Pearson interval of c out of b+c. A \
         tactic is acceptable when rated above the midpoint of its scale and intrusive when \
         rated below it. p-values are two-sided; words such as \u{201c}differ\u{201d} refer \
         to p < 0.05."
            .into(),
    ));
    blocks.push(Block::Para(if summary.study.weighted {
        "Weights. Proportions and means are weighted by the survey weights; their intervals \
         use Kish\u{2019}s effective sample size, and every n and count is unweighted. \
         \u{3b1}, Spearman and all tests are unweighted."
            .into()
    } else {
        "Weights. No survey weights were applied; \u{3b1}, Spearman and all tests are \
         unweighted in any case."
            .into()
    }));
    let approx = match cb.cohorts.scheme {
        CohortScheme::Generation if cb.columns.age.is_some() => Some(
            "Cohorts. Generations (Pew Research Center boundaries) are assigned from birth \
             year = survey year \u{2212} age, an approximation of \u{b1}1 year: respondents born \
             near a generation boundary may be placed one generation off.",
        ),
        CohortScheme::AgeBands if cb.columns.birth_year.is_some() => Some(
            "Cohorts. Age bands are assigned from age = survey year \u{2212} birth year, an \
             approximation of \u{b1}1 year.",
        ),
        _ => None,
    };
    if let Some(a) = approx {
        blocks.push(Block::Para(a.into()));
    }
    let dc = &summary.disclosure_control;
    let mut p = if dc.min_cell > 0 {
        format!(
            "Disclosure control. Published counts from 1 to {} and statistics computed from \
             fewer than {} respondents are suppressed (shown as \u{2014}), with complementary \
             suppression so that no suppressed value can be recovered by subtraction; {}. ",
            dc.min_cell.saturating_sub(1),
            dc.min_cell,
            match dc.suppressed_cells {
                0 => "no value was suppressed".to_string(),
                1 => "1 value was suppressed".to_string(),
                n => format!("{} values were suppressed", count(n)),
            }
        )
    } else {
        "Disclosure control. Small-cell suppression was turned off (min_cell = 0): small counts \
         may identify respondents, so this report should not be published as is. "
            .to_string()
    };
    if let Some(e) = fin(dc.dp_epsilon) {
        p.push_str(&format!(
            "Differential privacy: counts carry Laplace noise under a total budget \
             \u{3b5} = {}, split evenly across the published count tables; proportions and \
             intervals are derived from the noisy counts, and statistics that cannot be derived \
             from them (\u{3b1}, \u{3c1}, the tests) are not published{}. ",
            e,
            if dp_notes(summary).is_empty() {
                ""
            } else {
                "; the split and the expected error are listed below"
            }
        ));
        if dp_seeded {
            p.push_str("The noise came from a fixed seed: this report is NOT private. ");
        }
    }
    p.push_str("No per-respondent data appear in this report.");
    blocks.push(Block::Para(p));
    let mut blocks: Vec<Block> = blocks.into_iter().map(run_in_heading).collect();
    // The privacy module states how ε was split and the expected error of the noisy counts
    // (SPEC §5: the report must say so); repeat those notes here, where readers look.
    let dp = dp_notes(summary);
    if !dp.is_empty() {
        blocks.push(Block::List(dp));
    }
    Section {
        id: "methods",
        title: "9. Methods".into(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_true_minus_and_no_negative_zero() {
        assert_eq!(num(-0.031, 2), "\u{2212}0.03");
        assert_eq!(num(-0.001, 2), "0.00");
        assert_eq!(num(0.5, 2), "0.50");
        assert_eq!(signed(0.24 * 100.0, 0), "+24");
        assert_eq!(signed(-3.0, 0), "\u{2212}3");
        assert_eq!(num(f64::NAN, 2), MISSING_CELL);
    }

    #[test]
    fn percentages_round_sensibly() {
        assert_eq!(pct(0.48), "48%");
        assert_eq!(pct(0.004), "0.4%");
        assert_eq!(pct(0.0001), "<0.1%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct(0.995), "99.5%");
        assert_eq!(pct_ci([0.44, 0.52]), "44\u{2013}52%");
        assert_eq!(pct1(0.4123), "41.2%");
    }

    #[test]
    fn ranges_with_negative_bounds_use_to() {
        assert_eq!(num_ci([-0.03, 0.07], 2), "\u{2212}0.03 to 0.07");
        assert_eq!(num_ci([0.83, 0.85], 2), "0.83\u{2013}0.85");
    }

    #[test]
    fn p_values() {
        assert_eq!(p_value(0.0004), "p < 0.001");
        assert_eq!(p_value(0.0342), "p = 0.034");
        assert_eq!(p_value(0.61), "p = 0.61");
        assert_eq!(p_value(0.9999), "p > 0.999");
        assert_eq!(p_cell(Some(0.0342)), "0.034");
        assert_eq!(p_cell(Some(1e-9)), "< 0.001");
        assert_eq!(p_cell(None), MISSING_CELL);
    }

    fn block(rd: Option<f64>, ci: Ci) -> GapBlock {
        GapBlock {
            disclosure_rd: rd,
            disclosure_rd_ci: ci,
            ..GapBlock::default()
        }
    }

    #[test]
    fn rd_sentence_reads_the_interval() {
        let s = rd_sentence(&block(Some(0.02), Some([-0.03, 0.07])));
        assert!(s.starts_with("Concern does not predict disclosure"), "{s}");
        assert!(
            s.contains("risk difference 0.02, 95% CI \u{2212}0.03 to 0.07"),
            "{s}"
        );
        let s = rd_sentence(&block(Some(-0.12), Some([-0.18, -0.06])));
        assert!(s.starts_with("Concern does predict disclosure"), "{s}");
        let s = rd_sentence(&block(Some(0.1), Some([0.04, 0.16])));
        assert!(
            s.starts_with("Concerned respondents were more likely"),
            "{s}"
        );
        let s = rd_sentence(&block(Some(0.1), None));
        assert!(s.contains("0.10") && s.contains(NOT_AVAILABLE), "{s}");
        let s = rd_sentence(&block(None, Some([0.0, 0.1])));
        assert!(s.contains(NOT_AVAILABLE) && !s.contains("0.1"), "{s}");
    }

    #[test]
    fn paradoxical_share_is_compared_with_the_expected_one() {
        assert_eq!(
            versus_expected(Some([0.44, 0.52]), Some(0.40)),
            ", more than the 40% expected if concern did not matter"
        );
        assert_eq!(
            versus_expected(Some([0.26, 0.34]), Some(0.40)),
            ", fewer than the 40% expected if concern did not matter"
        );
        assert_eq!(
            versus_expected(Some([0.37, 0.45]), Some(0.40)),
            ", close to the 40% expected if concern did not matter"
        );
        assert_eq!(versus_expected(None, None), "");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2391), "2,391");
        assert_eq!(count(1_000_000), "1,000,000");
    }
}
