//! Words shared by several sections: a share with its interval, the test statistics of a
//! χ² test, "differs" / "does not differ significantly", how the codebook names concern and
//! disclosure. Every helper phrases around a missing value instead of quoting it.

use crate::analysis::summary::{Chi2Test, Ci};
use crate::fmt::{count, num, p_value, pct, pct_ci};
use crate::study::Study;

/// Conventional significance level used only to choose words ("differs" / "does not
/// differ significantly"); the p-value itself is always printed.
pub const ALPHA_LEVEL: f64 = 0.05;

/// The value when it is a finite number.
pub fn fin(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

/// "48% (95% CI 44–52%)" for prose.
pub fn share_ci(p: f64, ci: Ci) -> String {
    match ci {
        Some(ci) => format!("{} (95% CI {})", pct(p), pct_ci(ci)),
        None => pct(p),
    }
}

/// The text with its first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "differ(s)" when p is below [`ALPHA_LEVEL`], else "do(es) not differ significantly";
/// `None` when p is missing.
pub fn differ_words(p: Option<f64>, plural: bool) -> Option<&'static str> {
    let p = fin(p)?;
    Some(match (p < ALPHA_LEVEL, plural) {
        (true, true) => "differ",
        (true, false) => "differs",
        (false, true) => "do not differ significantly",
        (false, false) => "does not differ significantly",
    })
}

/// "χ² = 30.10, df = 4, p < 0.001, Cramér's V = 0.11, n = 2,387", each part only when known.
pub fn chi2_stats(t: &Chi2Test) -> String {
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

/// "at least half" / "at least 60%" of their data types.
pub fn disclosure_phrase(study: &Study) -> String {
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

/// The concern scale's name in lower case ("privacy concern"), or "concern".
pub fn concern_label(study: &Study) -> String {
    study
        .codebook
        .concern_scale_index()
        .and_then(|i| study.codebook.scales.get(i))
        .map(|s| s.display_label().to_lowercase())
        .unwrap_or_else(|| "concern".into())
}
