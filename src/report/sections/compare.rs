//! Sentences that compare categories (cohorts, merged cohorts) on one published share,
//! written so that they stay true: they range over every row the table publishes — a merged
//! row under its merged name — and never over a subset; they claim that one category is
//! above another only when the two 95% intervals do not overlap, and otherwise say that the
//! differences are within sampling error; when a row's share is suppressed they say that the
//! categories cannot be ranked, instead of naming an extreme among the rest; and a steady
//! rise or fall with age is claimed only from a significant trend test.

use crate::analysis::summary::{Ci, TrendTest};
use crate::fmt::{num, p_value, pct};

use super::prose::{fin, ALPHA_LEVEL};

/// One row of a comparison: its name, its share and the share's 95% interval.
pub struct Row<'a> {
    pub name: &'a str,
    pub share: Option<f64>,
    pub ci: Ci,
}

/// "Acceptance ranges from 18% among Silent + Boomers to 34% among Gen Z; the two differ
/// beyond sampling error (their 95% CIs do not overlap)." — or the within-sampling-error,
/// cannot-rank forms. `what` names the share ("acceptance", "the share of concerned
/// disclosers"). `None` with fewer than two rows.
pub fn range_sentence(what: &str, rows: &[Row<'_>]) -> Option<String> {
    if rows.len() < 2 {
        return None;
    }
    let hidden: Vec<&str> = rows
        .iter()
        .filter(|r| fin(r.share).is_none())
        .map(|r| r.name)
        .collect();
    if !hidden.is_empty() {
        return Some(format!(
            "{} cannot be compared across all cohorts: it is not available for {} (suppressed or undefined), so no cohort is named as the highest or lowest.",
            capital(what),
            hidden.join(", ")
        ));
    }
    let known: Vec<(&Row<'_>, f64)> = rows
        .iter()
        .filter_map(|r| Some((r, fin(r.share)?)))
        .collect();
    let hi = known.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = known.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    if hi.1 <= lo.1 {
        return Some(format!(
            "{} is the same in every cohort ({}).",
            capital(what),
            pct(hi.1)
        ));
    }
    let apart = match (hi.0.ci, lo.0.ci) {
        (Some(h), Some(l)) => h[0] > l[1],
        _ => false,
    };
    let range = format!(
        "{} ranges from {} among {} to {} among {}",
        capital(what),
        pct(lo.1),
        lo.0.name,
        pct(hi.1),
        hi.0.name
    );
    Some(if apart {
        format!("{range}; these two differ beyond sampling error (their 95% CIs do not overlap).")
    } else {
        format!(
            "{range}, but the 95% CIs of the two overlap: the differences between cohorts are within sampling error."
        )
    })
}

/// "Younger cohorts find it more acceptable (trend test r = 0.12, p < .001)." when the
/// trend test is significant; otherwise that no steady change with age is shown. `None`
/// without a published test. A positive r means younger cohorts rate higher.
pub fn trend_sentence(trend: Option<&TrendTest>, higher: &str) -> Option<String> {
    let t = trend?;
    let (r, p) = (fin(t.r)?, fin(t.p)?);
    Some(if p < ALPHA_LEVEL && r != 0.0 {
        let who = if r > 0.0 { "Younger" } else { "Older" };
        format!(
            "{who} cohorts {higher} (trend test across cohorts in age order: r = {}, {}).",
            num(r, 2),
            p_value(p)
        )
    } else {
        format!(
            "The trend test shows no steady rise or fall with age ({}).",
            p_value(p)
        )
    })
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, share: Option<f64>, ci: [f64; 2]) -> Row<'_> {
        Row {
            name,
            share,
            ci: Some(ci),
        }
    }

    #[test]
    fn a_suppressed_row_stops_any_ranking() {
        let rows = [
            row("Silent", None, [0.1, 0.3]),
            row("Gen X", Some(0.24), [0.2, 0.28]),
            row("Millennials", Some(0.27), [0.23, 0.31]),
        ];
        let s = range_sentence("acceptance", &rows).unwrap();
        assert!(
            s.contains("cannot be compared") && s.contains("Silent"),
            "{s}"
        );
        assert!(!s.contains("Gen X"), "{s}");
    }

    #[test]
    fn overlapping_intervals_are_within_sampling_error() {
        let rows = [
            row("Gen X", Some(0.24), [0.2, 0.28]),
            row("Millennials", Some(0.27), [0.23, 0.31]),
        ];
        let s = range_sentence("acceptance", &rows).unwrap();
        assert!(s.contains("within sampling error"), "{s}");
        let rows = [
            row("Silent + Boomers", Some(0.12), [0.1, 0.14]),
            row("Gen Z", Some(0.34), [0.3, 0.38]),
        ];
        let s = range_sentence("acceptance", &rows).unwrap();
        assert!(
            s.contains("from 12% among Silent + Boomers to 34% among Gen Z"),
            "{s}"
        );
        assert!(s.contains("beyond sampling error"), "{s}");
    }
}
