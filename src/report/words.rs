//! The survey's own words for the report: the answer labels the codebook gives a tactic's
//! column (its label set), so charts and tables name a rating as the questionnaire did
//! ("Not acceptable at all") instead of a generic "1 = very intrusive". A column without a
//! label set keeps the generic wording. The concern scale's own `label` names the concern
//! axis. Built from the codebook alone, never from data.

use std::collections::BTreeMap;

use crate::study::codebook::Codebook;

/// Answer labels by tactic name, then by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyWords {
    tactic_levels: BTreeMap<String, BTreeMap<i64, String>>,
    /// The codebook's `label` of the concern scale, if it gives one.
    concern_label: Option<String>,
}

impl SurveyWords {
    /// The label set of every tactic column that has one. A set may list several texts for
    /// one code (exports differ in case or wording); the first in the set's order that is
    /// not a bare number names the code, so a "1" alias never replaces the words.
    pub fn from_codebook(codebook: &Codebook) -> SurveyWords {
        let mut tactic_levels = BTreeMap::new();
        for t in &codebook.tactics {
            let Some(set) = codebook
                .label_columns
                .get(&t.column)
                .and_then(|name| codebook.labels.get(name))
            else {
                continue;
            };
            let mut by_code: BTreeMap<i64, String> = BTreeMap::new();
            for (text, &code) in set {
                let words = text.trim();
                if words.is_empty() || words.parse::<f64>().is_ok() {
                    continue;
                }
                by_code.entry(code).or_insert_with(|| words.to_string());
            }
            if !by_code.is_empty() {
                tactic_levels.insert(t.name.clone(), by_code);
            }
        }
        let concern_label = codebook
            .concern_scale_index()
            .and_then(|i| codebook.scales.get(i))
            .and_then(|s| s.label.as_deref())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string);
        SurveyWords {
            tactic_levels,
            concern_label,
        }
    }

    /// The questionnaire's words for `code` of the tactic named `tactic`, if the codebook
    /// gives its column a label set naming that code.
    pub fn tactic_level(&self, tactic: &str, code: i64) -> Option<&str> {
        self.tactic_levels
            .get(tactic)
            .and_then(|m| m.get(&code))
            .map(String::as_str)
    }

    /// The concern score's axis title: the codebook's label of the concern scale, else
    /// "Privacy concern".
    pub fn concern_axis(&self) -> String {
        format!(
            "{} score (scale points)",
            self.concern_label.as_deref().unwrap_or("Privacy concern")
        )
    }

    /// A rating band of a coarsened table, by its ratings and side — "ratings 1–2
    /// (intrusive)" — or, with a label set, by its words: "“Very intrusive” to “Intrusive”
    /// (intrusive)".
    pub fn band(&self, tactic: &str, band: &[i32], min: i32, max: i32) -> String {
        let generic = crate::privacy::collapse::describe_band(band, min, max);
        let (Some(&first), Some(&last)) = (band.first(), band.last()) else {
            return generic;
        };
        let word = |c: i32| self.tactic_level(tactic, i64::from(c));
        let side = generic
            .rfind(" (")
            .map(|at| generic[at..].to_string())
            .unwrap_or_default();
        match (word(first), word(last)) {
            (Some(a), Some(b)) if first != last => {
                format!("\u{201c}{a}\u{201d} to \u{201c}{b}\u{201d}{side}")
            }
            (Some(a), _) if first == last => format!("\u{201c}{a}\u{201d}{side}"),
            _ => generic,
        }
    }

    /// True when the tactic's column has a label set.
    pub fn has_tactic_levels(&self, tactic: &str) -> bool {
        self.tactic_levels.contains_key(tactic)
    }
}
