//! Tactics: the acceptability ratings, written as `[[tactic]]` tables named after the
//! option in the question text or the column.

use crate::study::codebook_toml::CodebookToml;

use super::guesses::Draft;
use super::scales::Ratings;
use super::text::{one_line, option_text, slug};

/// The `[[tactic]]` tables (names made unique).
pub(super) fn write_tactics(d: &Draft, r: &Ratings, w: &mut CodebookToml) {
    let mut tactic_names: Vec<String> = Vec::new();
    for &i in &r.tactics {
        let c = &d.cols[i];
        let Some((lo, hi)) = r.range(d, i) else {
            continue;
        };
        let base = c
            .text
            .as_deref()
            .filter(|t| t.contains(" - "))
            .map(|t| slug(option_text(t)))
            .unwrap_or_else(|| {
                let n = slug(&c.name);
                n.strip_prefix("accept_")
                    .or_else(|| n.strip_prefix("acceptability_"))
                    .or_else(|| n.strip_prefix("acc_"))
                    .map(str::to_string)
                    .unwrap_or(n)
            });
        let mut name = base;
        while tactic_names.contains(&name) {
            name.push('_');
        }
        tactic_names.push(name.clone());
        w.array_table("tactic")
            .note("guessed: an acceptability rating; check");
        if let Some(t) = &c.text {
            w.comment(&format!("{}: {}", c.name, one_line(t)));
        }
        w.string("name", &name)
            .string("column", &c.name)
            .value("min", lo)
            .value("max", hi)
            .blank();
    }
}
