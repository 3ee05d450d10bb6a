//! Section 4, "Differences between cohorts": the Kruskal–Wallis test of concern with its
//! pairwise Dunn tests, and the χ² test of the paradox by cohort, in words and tables.

use crate::analysis::summary::{KruskalTest, Summary};
use crate::fmt::{count, num, p_value, NOT_AVAILABLE};
use crate::report::document::{Block, Section};
use crate::report::tables;
use crate::study::Study;

use super::prose::{capitalise, chi2_stats, concern_label, differ_words, fin, ALPHA_LEVEL};

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

pub fn section(study: &Study, summary: &Summary) -> Section {
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
        Block::Table(tables::cohort_tests::tests_table(summary)),
    ];
    if summary
        .gap
        .kruskal_concern
        .as_ref()
        .is_some_and(|k| !k.pairwise.is_empty())
    {
        blocks.push(Block::Table(tables::cohort_tests::dunn_table(summary)));
    }
    Section {
        id: "tests",
        title: "Differences between cohorts".into(),
        blocks,
    }
}
