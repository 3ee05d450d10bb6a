//! Rating columns placed: a battery (two or more with one prefix) becomes a `[[scale]]`, a
//! tactic battery or stated willingness, and a single rating a tactic, a willingness or a
//! column left for the researcher. The scale whose items mention privacy concern is the
//! paradox's concern scale; when no battery does, a single rating that asks about concern
//! is a one-item concern scale.

use std::collections::HashMap;

use crate::study::codebook_toml::{quote, CodebookToml};

use super::coding::Coding;
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{contains_any, one_line, option_text, prefix_of, slug, words};

/// Where the rating columns went.
pub(super) struct Ratings {
    /// Scales: prefix, items, range.
    scales: Vec<(String, Vec<usize>, i32, i32)>,
    pub(super) tactics: Vec<usize>,
    pub(super) stated: Vec<usize>,
    unplaced: Vec<usize>,
    /// A battery's items share its range.
    range_of: HashMap<usize, (i32, i32)>,
    /// The index in `scales` of the privacy-concern scale.
    concern: Option<usize>,
}

impl Ratings {
    /// The answer range of rating column `i`: its battery's, else its own; `None` when it
    /// is not a rating.
    pub(super) fn range(&self, d: &Draft, i: usize) -> Option<(i32, i32)> {
        match d.guess[i] {
            Guess::Rating(lo, hi) => Some(self.range_of.get(&i).copied().unwrap_or((lo, hi))),
            _ => None,
        }
    }
}

/// Name, question text, value labels and the answer scale recognized, lowercased: what the
/// role of a rating column is guessed from.
fn hint(c: &Column, coding: Option<&Coding>) -> String {
    format!(
        "{} {}",
        c.text_lower(),
        coding.map(|c| c.set.as_str()).unwrap_or("")
    )
}

/// A column named for acceptability or intrusiveness (`acc_email`, `accept_push`,
/// `intrusive_ads`).
fn tactic_name(c: &Column) -> bool {
    words(&c.name).iter().any(|w| {
        matches!(
            w.as_str(),
            "acc" | "accept" | "acceptable" | "acceptability" | "intrusive" | "intrusiveness"
        )
    })
}

fn is_tactic(t: &str) -> bool {
    contains_any(
        t,
        &["accept", "intrusive", "tactic", "personaliz", "personalis"],
    )
}

/// Words of a stated-willingness question: "how willing …", or "how likely … to share".
fn is_willing(t: &str) -> bool {
    contains_any(t, &["willing", "would you share"])
        || t.contains("likely") && contains_any(t, &["share", "sharing", "disclose"])
}

/// A column named for willingness or intention (`will_post`, `wtp_location`,
/// `intent_share`).
fn willing_name(c: &Column) -> bool {
    words(&c.name).iter().any(|w| {
        matches!(
            w.as_str(),
            "will" | "willing" | "willingness" | "wtp" | "wts" | "intent" | "intention"
        )
    })
}

/// Words of a privacy-concern question.
fn is_concern(t: &str) -> bool {
    contains_any(
        t,
        &["concern", "privacy", "worry", "iuipc", "cfip", "bother"],
    )
}

/// Places the rating columns: batteries (two or more with one prefix and range) → scales or
/// tactics; single ones → stated willingness, a tactic, or left as a candidate.
pub(super) fn place_ratings(d: &Draft) -> Ratings {
    let mut batteries: Vec<(String, Vec<usize>, i32, i32)> = Vec::new();
    let mut singles: Vec<usize> = Vec::new();
    for i in 0..d.cols.len() {
        let Guess::Rating(lo, hi) = d.guess[i] else {
            continue;
        };
        match prefix_of(&d.cols[i].name) {
            Some(p) => match batteries.iter_mut().find(|b| b.0 == p) {
                Some(b) => b.1.push(i),
                None => batteries.push((p, vec![i], lo, hi)),
            },
            None => singles.push(i),
        }
    }
    let mut r = Ratings {
        scales: Vec::new(),
        tactics: Vec::new(),
        stated: Vec::new(),
        unplaced: Vec::new(),
        range_of: HashMap::new(),
        concern: None,
    };
    for (p, members, _, _) in batteries {
        if members.len() < 2 {
            singles.extend(members);
            continue;
        }
        // The battery's range spans its items' ranges (rare stray values were already
        // left out of each item's range).
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for &i in &members {
            if let Guess::Rating(a, b) = d.guess[i] {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        for &i in &members {
            r.range_of.insert(i, (lo, hi));
        }
        let text = members
            .iter()
            .map(|&i| hint(&d.cols[i], d.coding[i].as_ref()))
            .collect::<String>();
        if is_tactic(&text) || members.iter().all(|&i| tactic_name(&d.cols[i])) {
            r.tactics.extend(members);
        } else if is_willing(&text) || members.iter().all(|&i| willing_name(&d.cols[i])) {
            r.stated.extend(members);
        } else {
            r.scales.push((p, members, lo, hi));
        }
    }
    for i in singles {
        let t = hint(&d.cols[i], d.coding[i].as_ref());
        if is_tactic(&t) || tactic_name(&d.cols[i]) {
            r.tactics.push(i);
        } else if is_willing(&t) || willing_name(&d.cols[i]) {
            r.stated.push(i);
        } else {
            r.unplaced.push(i);
        }
    }
    r.concern = r.scales.iter().position(|(p, m, _, _)| {
        let t = format!(
            "{p} {}",
            m.iter()
                .map(|&i| d.cols[i].text_lower())
                .collect::<String>()
        )
        .to_lowercase();
        // `pc_1` … and `priv_1` … are how privacy-concern items are often named.
        is_concern(&t) || matches!(words(p).first().map(String::as_str), Some("pc" | "priv"))
    });
    if r.concern.is_none() {
        // A study that asked about concern once: that question is a one-item scale.
        if let Some(k) = r
            .unplaced
            .iter()
            .position(|&i| is_concern(&d.cols[i].text_lower()))
        {
            let i = r.unplaced.remove(k);
            if let Guess::Rating(lo, hi) = d.guess[i] {
                r.scales.push((d.cols[i].name.clone(), vec![i], lo, hi));
                r.concern = Some(r.scales.len() - 1);
            }
        }
    }
    r
}

/// The `[[scale]]` tables; returns the scales' names, in order.
pub(super) fn write_scales(d: &Draft, r: &Ratings, w: &mut CodebookToml) -> Vec<String> {
    let mut scale_names: Vec<String> = Vec::new();
    for (p, members, lo, hi) in &r.scales {
        let mut name = slug(p);
        while scale_names.contains(&name) {
            name.push('_');
        }
        scale_names.push(name.clone());
        if members.len() == 1 {
            w.comment(&format!(
                "guessed: a single question about privacy concern, as a one-item scale, \
                 answers {lo}–{hi}; check min/max"
            ));
        } else {
            w.comment(&format!(
                "guessed: {} items sharing the prefix \"{p}\", answers {lo}–{hi}; check min/max",
                members.len()
            ));
        }
        for &i in members {
            if let Some(t) = &d.cols[i].text {
                w.comment(&format!(
                    "  {}: {}",
                    d.cols[i].name,
                    one_line(option_text(t))
                ));
            }
        }
        if members.len() > 1 {
            w.comment("TODO: list reverse-keyed items, if any: reverse = [\"…\"]");
        }
        w.array_table("scale")
            .string("name", &name)
            .strings("items", members.iter().map(|&i| &d.cols[i].name))
            .value("min", lo)
            .value("max", hi)
            .blank();
    }
    scale_names
}

/// The rating columns whose role could not be guessed, as a TODO comment.
pub(super) fn write_unplaced(d: &Draft, r: &Ratings, w: &mut CodebookToml) {
    if r.unplaced.is_empty() {
        return;
    }
    w.comment("TODO: rating columns whose role could not be guessed — a stated willingness")
        .comment(
            "(data_type.stated), a tactic ([[tactic]]) or a one-item scale? Add them where they \
             belong:",
        );
    for &i in &r.unplaced {
        let c = &d.cols[i];
        let (lo, hi) = match d.guess[i] {
            Guess::Rating(lo, hi) => (lo, hi),
            _ => (0, 0),
        };
        w.comment(&format!(
            "  {} (answers {lo}–{hi}){}",
            c.name,
            c.text
                .as_deref()
                .map(|t| format!(": {}", one_line(t)))
                .unwrap_or_default()
        ));
    }
    w.blank();
}

/// `[paradox]` with the concern scale, or a TODO when no scale looks like one.
pub(super) fn write_paradox(r: &Ratings, scale_names: &[String], w: &mut CodebookToml) {
    match r.concern {
        Some(k) => {
            w.table("paradox")
                .note("guessed: the scale whose items mention privacy concern; check")
                .string("concern_scale", &scale_names[k])
                .string("concern_threshold", "midpoint")
                .blank();
        }
        None => {
            w.comment(
                "TODO: which scale measures privacy concern? Without it the paradox statistics \
                 are null.",
            )
            .comment("[paradox]")
            .comment(&format!(
                "concern_scale = {}",
                quote(scale_names.first().map(String::as_str).unwrap_or("…"))
            ))
            .blank();
        }
    }
}
