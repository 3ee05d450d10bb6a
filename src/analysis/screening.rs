//! Careless-response screening (issue #10, codebook `[screening]`): which respondents are
//! speeders, straightliners or failed an attention check, and the `screening` section of the
//! summary — the rules with their parameters, how many respondents each flags, and the
//! headline gap numbers with and without the flagged respondents.
//!
//! Flags are a property of the whole study (the median duration is the median of all
//! analysed respondents, whatever the filter), computed once at load into
//! `Study::flagged`. Whether flagged respondents enter a statistic is decided in
//! [`crate::analysis::scores::selected`]: left out when the codebook says `exclude = true`
//! (or `Filter::exclude_flagged` overrides it), so every statistic sees the same respondents.

use crate::analysis::common::Notes;
use crate::analysis::summary::{GapBlock, ScreeningRule, ScreeningSummary};
use crate::analysis::{gap, scores, Filter};
use crate::study::Study;

/// Fewest items of a scale for the straightlining rule: identical answers to 2 or 3 items
/// are common among attentive respondents, so only longer scales are screened (the issue's
/// k ≥ 4; cf. Meade & Craig 2012, Psychological Methods 17(3), on long-string indices).
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

/// Whether flagged respondents are left out under `filter` (the filter's override, else
/// the codebook's `exclude`).
pub fn excluding(study: &Study, filter: &Filter) -> bool {
    filter
        .exclude_flagged
        .unwrap_or_else(|| study.codebook.screening.as_ref().is_some_and(|s| s.exclude))
}

/// The `screening` section for the respondents `filter` selects (flagged or not).
/// `current` is the overall gap block the summary already computed with the filter as
/// given: it is one of the two headline blocks, so only the other one is recomputed.
pub fn summarize(
    study: &Study,
    filter: &Filter,
    use_weights: bool,
    current: Option<&GapBlock>,
    notes: &mut Notes,
) -> Option<ScreeningSummary> {
    let spec = study.codebook.screening.as_ref()?;
    let f = flags(study)?;
    let excluded = excluding(study, filter);
    let has_concern = study.codebook.concern_scale_index().is_some();
    let block = |exclude: bool| -> Option<GapBlock> {
        let mut fl = filter.clone();
        fl.exclude_flagged = Some(exclude);
        let s = scores::compute(study, &fl, use_weights);
        let mut scratch = Notes::default();
        gap::gap(
            &s,
            &study.cohort_names,
            study.has_behavior,
            has_concern,
            &mut scratch,
        )
        .overall
    };
    let (with_flagged, without_flagged) = if excluded {
        (block(false), current.cloned())
    } else {
        (current.cloned(), block(true))
    };
    // The respondents the filter selects, flagged or not.
    let mut all = filter.clone();
    all.exclude_flagged = Some(false);
    let rows: Vec<usize> = (0..study.len())
        .filter(|&r| scores::selected(study, &all, r))
        .collect();
    let count = |col: &[bool]| rows.iter().filter(|&&r| col[r]).count() as u64;
    let mut rules = Vec::new();
    if let Some(d) = &spec.duration {
        rules.push(ScreeningRule {
            rule: "speeder".into(),
            target: d.clone(),
            criterion: format!(
                "duration < {} × median duration (Greszki, Meyer & Schoen 2015)",
                spec.speeder_fraction
            ),
            flagged: Some(count(&f.speeder)),
        });
        if f.median_duration.is_none() {
            notes.add(
                "screening.speeder",
                format!("no respondent has a duration in \"{d}\": no speeder can be flagged"),
            );
        }
    }
    for (s, col) in &f.straight {
        let scale = &study.codebook.scales[*s];
        rules.push(ScreeningRule {
            rule: "straightliner".into(),
            target: scale.name.clone(),
            criterion: format!(
                "the same answer to all {} items (zero variance; scales with k ≥ {MIN_STRAIGHTLINE_ITEMS})",
                scale.items.len()
            ),
            flagged: Some(count(col)),
        });
    }
    if !f.short_scales.is_empty() {
        notes.add(
            "screening.straightlining",
            format!(
                "scales with fewer than {MIN_STRAIGHTLINE_ITEMS} items are not screened for straightlining: {}",
                f.short_scales.join(", ")
            ),
        );
    }
    for (a, col) in f.attention.iter().enumerate() {
        let att = &spec.attention[a];
        let expected = match &att.expected {
            crate::study::codebook::Expected::Code(c) => c.to_string(),
            crate::study::codebook::Expected::Label(l) => format!("\"{l}\""),
        };
        rules.push(ScreeningRule {
            rule: "attention".into(),
            target: att.column.clone(),
            criterion: format!("an answer other than {expected} (no answer is not flagged)"),
            flagged: Some(count(col)),
        });
    }
    let flagged = count(&f.any);
    let screened = rows.len() as u64;
    if excluded && flagged > 0 {
        // No count here: notes are published, and the count may be suppressed.
        notes.add(
            "screening",
            "respondents flagged by careless-response screening are left out of every statistic (see screening)",
        );
    }
    Some(ScreeningSummary {
        rules,
        screened: Some(screened),
        flagged: Some(flagged),
        kept: Some(screened - flagged),
        excluded,
        median_duration: f.median_duration,
        speeder_cutoff: f.speeder_cutoff,
        with_flagged,
        without_flagged,
    })
}

/// The screening part of the text audit (`paradox check`, `import.log`): counts per rule
/// and in all (the analyst's own output; ids are in the flagged listing). Empty without
/// `[screening]`.
pub fn audit_text(study: &Study) -> String {
    use std::fmt::Write;
    let (Some(spec), Some(f)) = (study.codebook.screening.as_ref(), flags(study)) else {
        return String::new();
    };
    let th = crate::import::audit::thousands;
    let count = |c: &[bool]| c.iter().filter(|x| **x).count() as u64;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCareless-response screening ({})",
        if spec.exclude {
            "flagged respondents are excluded from every statistic"
        } else {
            "flag and report only; exclude = true in [screening] leaves them out"
        }
    );
    if let Some(d) = &spec.duration {
        let rule = match (f.median_duration, f.speeder_cutoff) {
            (Some(m), Some(c)) => format!(
                "speeder: \"{d}\" < {} × median {m} s = {c:.1} s",
                spec.speeder_fraction
            ),
            _ => format!("speeder: \"{d}\" has no durations"),
        };
        let _ = writeln!(s, "  {rule:<58} {:>10}", th(count(&f.speeder)));
    }
    for (sc, col) in &f.straight {
        let rule = format!(
            "straightliner: scale \"{}\"",
            study.codebook.scales[*sc].name
        );
        let _ = writeln!(s, "  {rule:<58} {:>10}", th(count(col)));
    }
    if !f.short_scales.is_empty() {
        let _ = writeln!(
            s,
            "  (not screened for straightlining, fewer than {MIN_STRAIGHTLINE_ITEMS} items: {})",
            f.short_scales.join(", ")
        );
    }
    for (a, col) in f.attention.iter().enumerate() {
        let rule = format!("failed attention check \"{}\"", spec.attention[a].column);
        let _ = writeln!(s, "  {rule:<58} {:>10}", th(count(col)));
    }
    let _ = writeln!(
        s,
        "  {:<58} {:>10}",
        "flagged by any rule",
        th(count(&f.any))
    );
    s
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
