//! Careless-response screening flags (codebook `[screening]`): which respondents are
//! speeders, straightliners or failed an attention check, and whether flagged respondents
//! are left out of the statistics.
//!
//! Flags are a property of the whole study (the median duration is the median of all
//! analysed respondents, whatever the filter), computed once at load into
//! `Study::flagged`. The `screening` section of the summary, which counts them per filter,
//! is `analysis::screening`.

use crate::study::Study;

/// Fewest items of a scale for the straightlining rule: identical answers to 2 or 3 items
/// are common among attentive respondents, so only scales with k ≥ 4 are screened (cf.
/// Meade & Craig 2012, Psychological Methods 17(3), on long-string indices).
pub const MIN_STRAIGHTLINE_ITEMS: usize = 4;

/// Per-respondent flags of every rule, over all study rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    /// Median duration of the respondents with a duration (`None`: no rule or no durations).
    pub median_duration: Option<f64>,
    /// `speeder_fraction × median`: durations strictly below it are speeders.
    pub speeder_cutoff: Option<f64>,
    /// Speeder flags (empty without a duration rule).
    pub speeder: Vec<bool>,
    /// Per screened scale (index into the codebook's scales): straightliner flags.
    pub straight: Vec<(usize, Vec<bool>)>,
    /// Per attention item: failed (an answer other than the expected one).
    pub attention: Vec<Vec<bool>>,
    /// Flagged by any rule.
    pub any: Vec<bool>,
    /// Scales left out of the straightlining rule because they have fewer than 4 items.
    pub short_scales: Vec<String>,
}

impl Flags {
    /// The rules that flag respondent `r`, in words (for the analyst's listing).
    pub fn reasons(&self, study: &Study, r: usize) -> Vec<String> {
        let mut out = Vec::new();
        if self.speeder.get(r) == Some(&true) {
            let d = study
                .durations
                .as_ref()
                .and_then(|d| d.get(r).copied().flatten());
            out.push(match (d, self.speeder_cutoff) {
                (Some(d), Some(c)) => format!("speeder ({d} s < {c:.1} s)"),
                _ => "speeder".into(),
            });
        }
        for (s, col) in &self.straight {
            if col.get(r) == Some(&true) {
                let name = study.codebook.scales.get(*s).map_or("?", |x| &x.name);
                out.push(format!("straightliner (scale \"{name}\")"));
            }
        }
        let specs = study
            .codebook
            .screening
            .as_ref()
            .map(|s| s.attention.as_slice())
            .unwrap_or(&[]);
        for (a, col) in self.attention.iter().enumerate() {
            if col.get(r) == Some(&true) {
                let name = specs.get(a).map_or("?", |x| &x.column);
                out.push(format!("failed attention check \"{name}\""));
            }
        }
        out
    }
}

/// The median of `v` (mean of the two middle values when the count is even); `None` when
/// empty.
fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mid = v.len() / 2;
    let (_, &mut upper, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    if v.len() % 2 == 1 {
        return Some(upper);
    }
    // The largest value below the upper middle one is the lower middle.
    let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some((lower + upper) / 2.0)
}

/// Every rule's flags (`None` when the codebook has no `[screening]`).
///
/// - speeder: duration < `speeder_fraction` × median duration (Greszki, Meyer & Schoen
///   2015, Public Opinion Quarterly 79(2), work with cut-offs at 30–50% of the median);
///   a missing duration flags nothing.
/// - straightliner: on a scale with k ≥ 4 items, every item answered with the same raw
///   code (before reverse coding, so agreeing with a statement and with its reverse-keyed
///   twin counts too); a respondent who skipped an item is not flagged (zero variance is
///   only meaningful over the whole scale).
/// - attention: an answer other than the expected one; no answer flags nothing.
pub fn flags(study: &Study) -> Option<Flags> {
    let spec = study.codebook.screening.as_ref()?;
    let n = study.len();
    let mut f = Flags {
        any: vec![false; n],
        ..Flags::default()
    };
    if let Some(d) = &study.durations {
        f.median_duration = median(d.iter().flatten().copied().collect());
        f.speeder_cutoff = f.median_duration.map(|m| spec.speeder_fraction * m);
        f.speeder = d
            .iter()
            .map(|x| matches!((x, f.speeder_cutoff), (Some(x), Some(c)) if *x < c))
            .collect();
    }
    if spec.straightlining {
        for (s, scale) in study.codebook.scales.iter().enumerate() {
            if scale.items.len() < MIN_STRAIGHTLINE_ITEMS {
                f.short_scales.push(scale.name.clone());
                continue;
            }
            let items = &study.scales[s].items;
            let col = (0..n)
                .map(|r| {
                    let first = items[0][r];
                    first.is_some() && items.iter().all(|i| i[r] == first)
                })
                .collect();
            f.straight.push((s, col));
        }
    }
    f.attention = study
        .attention
        .iter()
        .map(|col| col.iter().map(|p| *p == Some(false)).collect())
        .collect();
    for r in 0..n {
        f.any[r] = f.speeder.get(r) == Some(&true)
            || f.straight.iter().any(|(_, c)| c[r])
            || f.attention.iter().any(|c| c[r]);
    }
    Some(f)
}

/// `Study::flagged`: respondents flagged by any rule (empty without `[screening]`).
pub fn flagged(study: &Study) -> Vec<bool> {
    flags(study).map(|f| f.any).unwrap_or_default()
}

/// Whether flagged respondents are left out of the statistics: `exclude_flagged` when
/// given (a filter's override), else the codebook's `[screening] exclude`.
pub fn excluding(study: &Study, exclude_flagged: Option<bool>) -> bool {
    exclude_flagged.unwrap_or_else(|| study.codebook.screening.as_ref().is_some_and(|s| s.exclude))
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_odd_and_even() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![5.0, 5.0]), Some(5.0));
    }
}
