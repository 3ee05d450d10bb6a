//! The analysed respondents with their derived scores, for the dashboard's Respondents tab
//! (never raw personal data).

use super::filter::Filter;
use super::scores;
use crate::study::Study;

/// One analysed respondent for the dashboard's Respondents tab (never raw PII).
#[derive(Debug, Clone, PartialEq)]
pub struct RespondentRow {
    pub index: usize,
    pub id: String,
    pub cohort: Option<String>,
    /// Per scale, in codebook order.
    pub scale_scores: Vec<Option<f64>>,
    pub disclosure_score: Option<f64>,
    pub concerned: Option<bool>,
    pub discloser: Option<bool>,
    pub paradoxical: Option<bool>,
    pub weight: Option<f64>,
}

/// The respondents a filter selects with their derived scores, for the dashboard's
/// Respondents tab: columns as computed for the summary, one [`RespondentRow`] made at a
/// time (only the rows on screen), so a million respondents cost no strings.
#[derive(Debug, Clone, Default)]
pub struct Respondents {
    scores: scores::Scores,
}

impl Respondents {
    pub fn new(scores: scores::Scores) -> Respondents {
        Respondents { scores }
    }
    pub fn len(&self) -> usize {
        self.scores.len()
    }
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }
    /// Row `i`'s id (no copy).
    pub fn id<'a>(&self, study: &'a Study, i: usize) -> &'a str {
        &study.ids[self.scores.rows[i]]
    }
    /// Row `i`'s cohort index.
    pub fn cohort(&self, i: usize) -> Option<usize> {
        self.scores.cohort[i].map(usize::from)
    }
    /// Row `i`'s score on scale `s` (codebook order).
    pub fn scale_score(&self, s: usize, i: usize) -> Option<f64> {
        self.scores.scale(s).get(i).copied().flatten()
    }
    pub fn disclosure_score(&self, i: usize) -> Option<f64> {
        self.scores.disclosure[i]
    }
    pub fn paradoxical(&self, i: usize) -> Option<bool> {
        let s = &self.scores;
        s.concerned(i).zip(s.discloser(i)).map(|(c, d)| c && d)
    }
    /// Row `i`'s row in the study (index into its columns).
    pub fn study_row(&self, i: usize) -> usize {
        self.scores.rows[i]
    }
    /// Row `i`'s survey weight, when the codebook declares weights.
    pub fn weight(&self, study: &Study, i: usize) -> Option<f64> {
        study
            .weight
            .as_ref()
            .and_then(|w| w.get(self.scores.rows[i]).copied())
    }
    /// Row `i`'s level on group column `g` (index into `Study::groups`), as a level index.
    pub fn group_level(&self, study: &Study, g: usize, i: usize) -> Option<u32> {
        let f = study.groups.get(g)?;
        f.codes.get(self.scores.rows[i]).copied().flatten()
    }
    /// Row `i` in full.
    pub fn row(&self, study: &Study, i: usize) -> RespondentRow {
        let s = &self.scores;
        let r = s.rows[i];
        RespondentRow {
            index: r,
            id: study.ids[r].to_string(),
            cohort: s.cohort[i].and_then(|c| study.cohort_names.get(usize::from(c)).cloned()),
            scale_scores: (0..s.scales()).map(|k| s.scale(k)[i]).collect(),
            disclosure_score: s.disclosure[i],
            concerned: s.concerned(i),
            discloser: s.discloser(i),
            paradoxical: self.paradoxical(i),
            weight: study.weight.as_ref().map(|w| w[r]),
        }
    }
}

/// Per-respondent derived scores (scale scores, disclosure score, paradoxical).
pub fn respondent_rows(study: &Study, filter: &Filter) -> Vec<RespondentRow> {
    let r = Respondents::new(scores::compute(study, filter, true));
    (0..r.len()).map(|i| r.row(study, i)).collect()
}
