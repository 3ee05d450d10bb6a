//! `Summary`: the machine-readable contract (`summary.json`). Every number the dashboard
//! and the report show comes from one of these types. Field names are fixed, because
//! readers of published summaries depend on them; fields may be added. Every statistic and
//! every published count is an `Option`, because a statistic can be undefined (too few
//! respondents, no variation) and a published cell can be suppressed by disclosure control:
//! both are `null` in JSON, never NaN.
//!
//! Only data lives here, below every module that computes it: the families of `analysis`
//! fill these types, and `summarize` (in the folder's `mod.rs`, above them all) assembles
//! them into a [`Summary`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[low, high]`.
pub type Ci = Option<[f64; 2]>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub study: StudyInfo,
    pub cohorts: Vec<CohortCount>,
    pub scales: Vec<ScaleSummary>,
    pub gap: Gap,
    pub data_types: Vec<DataTypeSummary>,
    pub tactics: Vec<TacticSummary>,
    /// Aggregated distributions behind the concern-distribution and heat-map charts
    /// (binned counts only, never per-respondent values).
    pub distributions: Distributions,
    /// Adjusted models and trend tests; `computed` is false when not asked for.
    #[serde(default)]
    pub models: Models,
    pub disclosure_control: DisclosureControlInfo,
    /// Careless-response screening: `null` when the codebook has no `[screening]`.
    #[serde(default)]
    pub screening: Option<ScreeningSummary>,
    pub notes: Vec<String>,
    /// Every gap, data-type and tactic figure per level of each codebook group column, with
    /// the tests across levels (see `analysis::groups`).
    #[serde(default)]
    pub by_group: Vec<GroupBreakdown>,
    /// The paradoxical share and the risk difference over a grid of thresholds (see
    /// `analysis::sensitivity`); `null` when there is no gap block.
    #[serde(default)]
    pub sensitivity: Option<Sensitivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyInfo {
    pub name: String,
    /// Survey rows before validation (`null` when published and suppressed: with the
    /// analysed n it would reveal a small `rejected_rows`).
    pub respondents: Option<u64>,
    /// Respondents in this summary (after row errors and the filter).
    pub analysed: u64,
    pub rejected_rows: Option<u64>,
    pub behavior_match_rate: Option<f64>,
    pub unknown_cohort: Option<u64>,
    pub weighted: bool,
    /// The active filter in words ("all respondents" when none).
    pub filter: String,
    /// How cohorts were formed, e.g. "generation (Pew) from birth year".
    pub cohort_scheme: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortCount {
    pub name: String,
    pub n: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleSummary {
    pub name: String,
    pub label: String,
    pub items: Vec<String>,
    /// Respondents with all k items present (α's listwise sample).
    pub n_complete: Option<u64>,
    pub alpha: Option<f64>,
    pub alpha_ci: Ci,
    /// Item → α without that item (k ≥ 3).
    pub alpha_if_dropped: Option<BTreeMap<String, Option<f64>>>,
    /// Respondents with a scale score (⌈k/2⌉ rule).
    pub n: Option<u64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
}

/// One gap block: `gap.overall` or one `gap.by_cohort` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GapBlock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    pub n: Option<u64>,
    pub concern_mean: Option<f64>,
    pub disclosure_mean: Option<f64>,
    pub concerned: Option<f64>,
    pub concerned_ci: Ci,
    pub disclosers: Option<f64>,
    pub disclosers_ci: Ci,
    pub paradoxical: Option<f64>,
    pub paradoxical_ci: Ci,
    pub paradoxical_expected: Option<f64>,
    /// [[concerned & discloser, concerned & not], [not concerned & discloser, not & not]].
    pub concern_table: [[Option<u64>; 2]; 2],
    pub disclosure_rd: Option<f64>,
    pub disclosure_rd_ci: Ci,
    pub spearman_rho: Option<f64>,
    pub spearman_ci: Ci,
    pub spearman_p: Option<f64>,
    /// The smallest |ρ| the Spearman test detects with 80% power at two-sided α = .05 for
    /// this block's n (`null` for n < 4): what the block could have shown at all.
    #[serde(default)]
    pub rho_mde: Option<f64>,
    /// ρ and the risk difference tested against the smallest effects of interest, with the
    /// verdict they add up to (`null` for an empty block).
    #[serde(default)]
    pub equivalence: Option<Equivalence>,
}

/// A gap block's equivalence tests: whether ρ and the risk difference are too small to
/// matter (within ±`sesoi_rho`, ±`sesoi_rd`), beside whether they differ from 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equivalence {
    /// The smallest correlation of interest δ (codebook `[paradox] sesoi_rho`).
    pub sesoi_rho: f64,
    /// p of the two one-sided tests of ρ against ±δ: below .05, |ρ| < δ.
    pub p_tost: Option<f64>,
    /// The smallest risk difference of interest (codebook `[paradox] sesoi_rd`).
    pub sesoi_rd: f64,
    /// Newcombe's hybrid score 90% interval of `disclosure_rd`.
    pub rd_ci90: Ci,
    /// `rd_ci90` lies inside ±`sesoi_rd`: the risk difference is equivalent to none.
    pub rd_equivalent: Option<bool>,
    /// What the Spearman test and the equivalence test of ρ say together.
    pub verdict: Option<Verdict>,
}

/// What a block's two tests of ρ say together, at α = .05 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// ρ differs from 0 and is not shown to be within ±δ: concern predicts disclosure.
    #[serde(rename = "predicts")]
    Predicts,
    /// ρ is within ±δ and does not differ from 0: no relation worth the name.
    #[serde(rename = "no meaningful relation")]
    NoMeaningfulRelation,
    /// ρ differs from 0 and is within ±δ: real, but too small to matter.
    #[serde(rename = "trivially small")]
    TriviallySmall,
    /// Neither: the data cannot tell a paradox from a real effect.
    #[serde(rename = "inconclusive")]
    Inconclusive,
}

impl Verdict {
    /// The verdict as written in `summary.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Predicts => "predicts",
            Verdict::NoMeaningfulRelation => "no meaningful relation",
            Verdict::TriviallySmall => "trivially small",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub overall: Option<GapBlock>,
    pub by_cohort: Option<Vec<GapBlock>>,
    pub kruskal_concern: Option<KruskalTest>,
    pub chi2_paradoxical: Option<Chi2Test>,
    /// Set only in a published summary whose cohort rows were merged before suppression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<Collapsed>,
}

/// How publishing coarsened a table before suppressing anything (absent when the table is
/// published at full resolution): the rating bands its `levels` counts now stand for, and
/// the cohorts (or group levels) whose rows were merged into one row named by its members
/// joined with " + ". Every table linked to it shares the same merges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Collapsed {
    /// The answer codes of each band of `levels`, in order, e.g. `[[1, 2], [3], [4, 5]]`
    /// (empty: the levels are the codes themselves).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Vec<i32>>,
    /// Cohorts merged into one row, each in age order, e.g. `[["Silent", "Boomers"]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cohorts: Vec<Vec<String>>,
    /// Levels of a group column merged into one row, in the column's level order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_levels: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KruskalTest {
    pub h: Option<f64>,
    pub df: Option<u64>,
    pub p: Option<f64>,
    pub epsilon_squared: Option<f64>,
    pub n: Option<u64>,
    pub pairwise: Vec<DunnPair>,
    /// `p` corrected within its family of tests (absent before correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<Adjusted>,
}

/// A p-value corrected for multiplicity within a family of tests of the same kind across
/// every breakdown (by cohort and by each group column), e.g. every tactic's χ².
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjusted {
    pub p_adjusted: Option<f64>,
    /// `"holm"` or `"bh"` (codebook `[analysis] multiplicity`).
    pub adjustment: String,
    /// Which family, e.g. `"tactic_chi2"`.
    pub family: String,
    /// Number of tests with a p-value in the family.
    pub family_size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DunnPair {
    pub a: String,
    pub b: String,
    pub z: Option<f64>,
    pub p: Option<f64>,
    pub p_holm: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chi2Test {
    pub chi2: Option<f64>,
    pub df: Option<u64>,
    pub p: Option<f64>,
    pub cramers_v: Option<f64>,
    pub n: Option<u64>,
    /// `p` corrected within its family of tests (absent before correction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<Adjusted>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataTypeSummary {
    pub name: String,
    pub label: String,
    pub n_pairs: Option<u64>,
    /// [[willing & shared, willing & not], [unwilling & shared, unwilling & not]].
    pub table: [[Option<u64>; 2]; 2],
    pub willing: Option<f64>,
    pub willing_ci: Ci,
    pub shared: Option<f64>,
    pub shared_ci: Ci,
    pub say_do_gap: Option<f64>,
    pub paradox_rate: Option<f64>,
    pub paradox_rate_ci: Ci,
    pub mcnemar_p: Option<f64>,
    pub mcnemar_midp: Option<f64>,
    pub mcnemar_or: Option<f64>,
    pub mcnemar_or_ci: Ci,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TacticLevels {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    pub n: Option<u64>,
    /// Counts at each code min..max.
    pub levels: Vec<Option<u64>>,
    pub acceptable: Option<f64>,
    pub acceptable_ci: Ci,
    pub intrusive: Option<f64>,
    pub intrusive_ci: Ci,
    /// Share at the midpoint (neither), for the diverging bars.
    pub neutral: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TacticSummary {
    pub name: String,
    pub label: String,
    pub min: i32,
    pub max: i32,
    pub overall: TacticLevels,
    pub by_cohort: Vec<TacticLevels>,
    pub chi2: Option<Chi2Test>,
    /// Set only in a published summary whose table was coarsened (bands, merged cohorts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<Collapsed>,
}

impl TacticSummary {
    /// What each entry of a row's `levels` counts: the answer code ("3"), or, in a table
    /// that publishing coarsened into bands, the band's first and last code joined by
    /// `dash` ("1-2").
    pub fn level_names(&self, dash: &str) -> Vec<String> {
        match self.collapsed.as_ref().filter(|c| !c.levels.is_empty()) {
            Some(c) => c
                .levels
                .iter()
                .map(|b| match (b.first(), b.last()) {
                    (Some(a), Some(z)) if a != z => format!("{a}{dash}{z}"),
                    (Some(a), _) => a.to_string(),
                    _ => String::new(),
                })
                .collect(),
            None => (self.min..=self.max).map(|c| c.to_string()).collect(),
        }
    }
}

/// Binned counts for charts: on the scores' own values when they take few, else on bins
/// whose edges hold the concern threshold; the same study always gives the same bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Distributions {
    /// Lower edges of the concern-score bins (width = `concern_bin_width`; each bin holds
    /// the scores above its lower edge up to and including its upper edge, the first bin
    /// also its lower edge), or, when `concern_discrete`, the score values themselves.
    pub concern_bins: Vec<f64>,
    /// Width of the concern bins; 0 when `concern_discrete`.
    pub concern_bin_width: f64,
    /// True when the concern score takes few distinct values: each "bin" is one value.
    #[serde(default)]
    pub concern_discrete: bool,
    /// True when bins are closed on the right, their edges placed so that the concern
    /// threshold is an edge: a respondent scoring exactly the threshold (not concerned)
    /// falls in the bin below it.
    #[serde(default)]
    pub concern_bins_closed_right: bool,
    /// True when the disclosure score takes few distinct values: `disclosure_bins` then
    /// holds the values themselves.
    #[serde(default)]
    pub disclosure_discrete: bool,
    /// Per cohort: respondents with a concern score in each bin.
    pub concern_by_cohort: Vec<BinnedCounts>,
    /// Lower edges of the disclosure-score bins (width 0.2, closed on the left; the last
    /// bin also holds 1), or the values themselves when `disclosure_discrete`.
    pub disclosure_bins: Vec<f64>,
    /// Heat map counts: rows = concern bins, columns = disclosure bins (gap-block
    /// respondents: both scores known).
    pub heatmap: Vec<Vec<Option<u64>>>,
    /// "Concerned" means a concern score above this (the codebook's threshold; the scale
    /// midpoint by default). Charts 4 and 5 draw it. `null` without a concern scale.
    #[serde(default)]
    pub concern_threshold: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinnedCounts {
    pub cohort: String,
    pub n: Option<u64>,
    pub counts: Vec<Option<u64>>,
}

/// The `models` section of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Models {
    /// False when the models were not asked for (`AnalysisOptions::models` off, e.g. the
    /// dashboard before its Models tab is opened); everything below is then empty.
    pub computed: bool,
    /// Discloser (disclosure score ≥ threshold) on concern + cohort + groups.
    pub disclosure: Option<LogitModel>,
    /// Per data type with behaviour: shared on the same covariates.
    pub by_data_type: Vec<DataTypeModel>,
    /// Per tactic: the ordinal trend across cohorts.
    pub tactic_trends: Vec<TacticTrend>,
}

/// One logistic regression with odds ratios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogitModel {
    /// What is modelled, e.g. "discloser" or "shared: location".
    pub outcome: String,
    /// Complete cases in the model.
    pub n: Option<u64>,
    /// Respondents with the outcome (unweighted).
    pub events: Option<u64>,
    pub terms: Vec<ModelTerm>,
    /// Covariate → its reference level (the level without a term).
    pub reference_levels: BTreeMap<String, String>,
    pub weighted: bool,
    pub converged: bool,
    pub iterations: u32,
    /// Always "HC1": n/(n−p)·H⁻¹·(Σ sᵢsᵢ')·H⁻¹ with score sᵢ = wᵢ(yᵢ−μᵢ)xᵢ.
    pub covariance: String,
    /// The concern effect in words.
    pub sentence: Option<String>,
    /// Cautions (dropped covariates, few events per parameter).
    pub note: Option<String>,
}

/// One coefficient: log-odds estimate, HC1 SE, odds ratio with its 95% Wald CI, two-sided p.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelTerm {
    /// "(intercept)", "concern", "cohort: Gen X", "gender: male".
    pub term: String,
    pub estimate: Option<f64>,
    pub se: Option<f64>,
    pub odds_ratio: Option<f64>,
    pub ci: Ci,
    pub p: Option<f64>,
    /// Respondents at this level and, of them, events (dummy terms only). Used by
    /// disclosure control to withhold a term resting on a small level; never published
    /// (not serialized), because level counts of complete cases could be differenced with
    /// the published tables.
    #[serde(skip)]
    pub level_n: Option<(u64, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataTypeModel {
    pub name: String,
    pub label: String,
    pub model: Option<LogitModel>,
}

/// The linear-by-linear association test of one tactic across ordered cohorts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TacticTrend {
    pub name: String,
    pub label: String,
    /// Cohorts with answers, in natural order; their scores are 1, 2, … in this order.
    pub cohorts: Vec<String>,
    /// Cohort score × acceptable (1 = above the midpoint, else 0): the trend beside the
    /// cohort × acceptable proportions.
    pub acceptable: Option<TrendTest>,
    /// Cohort score × the answer code (min..max): the trend beside the unordered χ² of
    /// cohort × level.
    pub ordinal: Option<TrendTest>,
}

/// M² = (N−1)·r², df = 1 (Agresti 2013, §3.4.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendTest {
    pub m2: Option<f64>,
    pub df: Option<u64>,
    pub p: Option<f64>,
    /// Pearson correlation of the scores (its sign gives the direction).
    pub r: Option<f64>,
    pub n: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosureControlInfo {
    pub min_cell: u32,
    pub suppressed_cells: u64,
    pub dp_epsilon: Option<f64>,
    /// The linear-programming audit of the published tables (absent when suppression is
    /// off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditInfo>,
}

/// What the audit of a published summary found: every hidden cell's feasible interval given
/// everything published, and the cells suppressed in addition to keep each interval wide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditInfo {
    /// Tables audited (a table with the tables linked to it counts once).
    pub tables: u64,
    /// Hidden (suppressed or merged-away) cells whose interval was computed.
    pub hidden_cells: u64,
    /// The narrowest interval among hidden cells that could hold a small count, if any.
    pub narrowest: Option<AuditInterval>,
    /// Cells suppressed in addition because their interval was too narrow.
    pub cells_added: u64,
}

/// One hidden cell's feasible interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditInterval {
    pub table: String,
    pub cell: String,
    pub lo: f64,
    pub hi: f64,
}

/// `screening`: the careless-response rules, how many respondents they flag, and the
/// headline gap numbers with and without the flagged respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningSummary {
    pub rules: Vec<ScreeningRule>,
    /// Respondents screened (those the filter selects, flagged or not) = flagged + kept.
    pub screened: Option<u64>,
    /// Respondents flagged by at least one rule.
    pub flagged: Option<u64>,
    pub kept: Option<u64>,
    /// Whether flagged respondents are left out of every other statistic.
    pub excluded: bool,
    pub median_duration: Option<f64>,
    /// Durations below this (seconds) are speeders.
    pub speeder_cutoff: Option<f64>,
    /// `gap.overall` over every screened respondent.
    pub with_flagged: Option<GapBlock>,
    /// `gap.overall` without the flagged respondents.
    pub without_flagged: Option<GapBlock>,
}

/// One screening rule applied to one column, scale or item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningRule {
    /// "speeder", "straightliner" or "attention".
    pub rule: String,
    /// The duration column, the scale, or the attention item.
    pub target: String,
    /// The rule with its parameters, in words.
    pub criterion: String,
    /// Respondents this rule flags (a respondent may be flagged by several rules).
    pub flagged: Option<u64>,
}

/// One group column: its levels' figures and the tests across its levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBreakdown {
    /// The column name, e.g. `"gender"`.
    pub group: String,
    /// Levels with at least one analysed respondent, in the study's level order.
    pub levels: Vec<GroupLevel>,
    /// Analysed respondents with no value in this column.
    pub unknown: Option<u64>,
    /// Kruskal–Wallis of the concern score across levels (Dunn pairs Holm-adjusted).
    pub kruskal_concern: Option<KruskalTest>,
    /// χ² of level × paradoxical.
    pub chi2_paradoxical: Option<Chi2Test>,
    /// Per tactic (codebook order): χ² of level × answer.
    pub tactics_chi2: Vec<GroupTacticTest>,
    /// Set only when the column was not broken down: the number of its levels among the
    /// analysed respondents, above the codebook's limit (`levels` is then empty and every
    /// test `null`; a note says so). Absent from `summary.json` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub too_many_levels: Option<u64>,
    /// Set only in a published summary whose levels were merged before suppression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collapsed: Option<Collapsed>,
}

/// The figures of one level of a group column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLevel {
    pub level: String,
    /// Analysed respondents with this level.
    pub n: Option<u64>,
    /// The gap block of these respondents (`null` without behaviour or a concern scale).
    pub gap: Option<GapBlock>,
    /// Stated vs. actual per data type (codebook order).
    pub data_types: Vec<DataTypeSummary>,
    /// Acceptance per tactic (codebook order).
    pub tactics: Vec<TacticLevels>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTacticTest {
    pub tactic: String,
    pub chi2: Option<Chi2Test>,
}

/// The grid and its cells: `cells[i][j]` is at `concern_thresholds[i]` ×
/// `disclosure_thresholds[j]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Concerned = concern score > this (ascending).
    pub concern_thresholds: Vec<f64>,
    /// Discloser = disclosure score ≥ this (ascending).
    pub disclosure_thresholds: Vec<f64>,
    /// The codebook's thresholds (the cell marked `actual`).
    pub actual_concern_threshold: f64,
    pub actual_disclosure_threshold: f64,
    /// Respondents with both scores (`gap.overall.n`).
    pub n: Option<u64>,
    pub cells: Vec<Vec<SensitivityCell>>,
    /// Thresholds left out of a published grid because a slice between adjacent
    /// thresholds held from 1 to `min_cell − 1` respondents (absent when none was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<DroppedThresholds>,
}

/// The thresholds a published sensitivity grid left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DroppedThresholds {
    pub concern: Vec<f64>,
    pub disclosure: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityCell {
    pub concern_threshold: f64,
    pub disclosure_threshold: f64,
    /// This cell uses the codebook's thresholds: it equals `gap.overall`.
    pub actual: bool,
    /// As `gap.overall.concern_table` at these thresholds.
    pub concern_table: [[Option<u64>; 2]; 2],
    pub paradoxical: Option<f64>,
    pub paradoxical_ci: Ci,
    pub disclosure_rd: Option<f64>,
    pub disclosure_rd_ci: Ci,
}
