//! `truth.json`: the planted model, its parameters and its true values, with the counts of
//! what this particular study contains, for comparing an analysis of the study with.

use serde::Serialize;

use super::careless::CarelessTruth;
use super::monte_carlo::{monte_carlo, MonteCarloTruth};
use super::options::SynthOptions;
use super::params::{
    COHORTS, CONCERN_NOISE, CONCERN_SLOPE, DATA_TYPES, LATENT_CORRELATION, MODEL_VERSION,
    P_BIRTH_YEAR_MISSING, P_ITEM_MISSING, P_NO_BEHAVIOR, P_ORPHAN, P_ROW_ERROR, P_TACTIC_MISSING,
    P_TYPE_KNOWN, P_WILLING_MISSING, TACTICS, TACTIC_CONCERN_LOADING, TACTIC_CUTS, WILLING_CUTS,
};
use super::truth::{exact_truth, round_group, GroupTruth};

#[derive(Debug, Serialize)]
struct TruthFile<'a> {
    model: &'static str,
    description: Vec<&'static str>,
    sources: Vec<&'static str>,
    options: TruthOptions<'a>,
    definitions: Vec<&'static str>,
    overall: GroupTruth,
    by_cohort: Vec<GroupTruth>,
    monte_carlo: &'a MonteCarloTruth,
    parameters: TruthParameters,
    this_study: StudyCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    careless: Option<CarelessTruth>,
}

#[derive(Debug, Serialize)]
struct TruthOptions<'a> {
    study: &'a str,
    respondents: u64,
    seed: u64,
    behavior_format: &'static str,
}

#[derive(Debug, Serialize)]
struct TruthParameters {
    latent_correlation: f64,
    concern_slope: f64,
    concern_item_noise: [f64; 5],
    tactic_cuts: [f64; 4],
    tactic_concern_loading: f64,
    tactic_base: Vec<(&'static str, f64)>,
    cohort_tactic_shift: Vec<(&'static str, f64)>,
    willing_cuts: [f64; 4],
    data_type_share_offset: Vec<(&'static str, f64)>,
    data_type_willing_offset: Vec<(&'static str, f64)>,
    p_item_missing: f64,
    p_willing_missing: f64,
    p_tactic_missing: f64,
    p_birth_year_missing: f64,
    p_row_error: f64,
    p_no_behavior: f64,
    p_type_known: f64,
    p_orphan_id: f64,
}

/// What this particular study contains (counts depend on seed and size). The `analysable_*`
/// counts leave out the rows with planted errors, i.e. they are what a correct import of the
/// study reports.
#[derive(Debug, Default, Serialize)]
pub(super) struct StudyCounts {
    pub(super) survey_rows: u64,
    pub(super) rows_with_planted_errors: u64,
    pub(super) birth_year_missing: u64,
    pub(super) respondents_without_behavior: u64,
    pub(super) analysable_rows: u64,
    pub(super) analysable_unknown_cohort: u64,
    pub(super) analysable_without_behavior: u64,
    /// Share of the analysable rows with any behaviour (the import's `behavior_match_rate`).
    pub(super) behavior_match_rate: f64,
    pub(super) behavior_rows: u64,
    pub(super) orphan_ids: u64,
    pub(super) orphan_rows: u64,
    pub(super) unnamed_type_events: u64,
}

const DESCRIPTION: [&str; 9] = [
    "Per respondent: cohort (Pew generation) drawn with the cohort shares; birth year uniform within the cohort's years (ages 18-90 in 2025); gender, country and weight independent of everything else (weighted and unweighted estimates target the same values).",
    "Two latent traits, concern z_c and sharing propensity z_d, standard normal within each cohort with correlation latent_correlation (weak, negative).",
    "Concerned <=> z_c > Phi^-1(1 - P(concerned | cohort)); concern items = round(4 + concern_slope*(z_c - threshold) + noise) on 1..7, redrawn until paradox's scale score (mean of present items after reverse coding concern_5, >= 3 of 5 present) is > 4 exactly when concerned.",
    "Discloser <=> z_d > Phi^-1(1 - P(discloser | cohort)); each data type shared when (z_d - threshold) + share_offset + 0.9*noise > 0, redrawn until paradox's disclosure score (share of known data types shared, >= 3 of 5 known) is >= 0.5 exactly when discloser. 2% of respondents have no behaviour; each data type is observed with probability 0.9.",
    "Stated willingness (1..5): ordered probit on willing_offset + cohort shift + 0.45 z_d - 0.2 z_c + 0.85 noise with cuts willing_cuts; offsets below the sharing offsets plant a say/do gap.",
    "Tactic ratings (1 = very intrusive .. 5 = very acceptable): ordered probit on a latent N(tactic_base + cohort_tactic_shift, 1) = mean - 0.3 z_c + sqrt(1 - 0.09) noise, cuts tactic_cuts; intrusive = rating 1-2, acceptable = rating 4-5, so P(intrusive) = Phi(-0.2 - mean) exactly.",
    "Missing answers (independent of everything): concern items '' 2.5%, willingness '-99' 3%, tactics 'NA' 2.5%, birth year 'NA' 0.5% (cohort unknown). Tactic answers are text labels, a few in lower or upper case, with a trailing space, or as the numeric code.",
    "Planted row errors (0.3% of rows, independent of everything): a concern item of 9, a weight of 0, or the tactic answer 'Not sure'; such rows must be rejected.",
    "Events: per known (respondent, data type) 1 + geometric(mean 3.4) events; shared pairs contain a grant or share (possibly followed by revoke), unshared pairs only prompt/deny; first events of a pair uniform over the first half of 2025 (later ones may follow into the summer), out of order across data types; about 3-4% of events are of data types the codebook does not name; 0.2% of respondents are followed by an id absent from the survey.",
];

const SOURCES: [&str; 5] = [
    "Targets: overall P(concerned) about 0.69 and P(push notifications intrusive) about 0.74 were chosen to match figures commonly reported in surveys of app users and in industry surveys; they are illustrative targets, not a reproduction of any one study.",
    "Privacy paradox: Norberg, Horne & Horne (2007), J. Consumer Affairs 41(1); review: Kokolakis (2017), Computers & Security 64.",
    "Weak negative concern-disclosure association: in line with the meta-analysis of Baruh, Secinti & Cemalcilar (2017), J. Communication 67(1).",
    "Concern items in the style of IUIPC: Malhotra, Kim & Agarwal (2004), Information Systems Research 15(4).",
    "Generations: Pew Research Center, Dimock (2019), 'Defining generations'.",
];

const DEFINITIONS: [&str; 5] = [
    "concerned: concern scale score (mean of >= 3 present items, concern_5 reverse-coded as 8 - x) > 4",
    "discloser: disclosure score (share of known data types shared; >= 3 of 5 known) >= 0.5; paradoxical: concerned and discloser",
    "intrusive: tactic rating < 3 (1-2); acceptable: rating > 3 (4-5)",
    "all probabilities are among respondents for whom the quantity is known; missingness is independent of values, so they are also the population values",
    "overall values mix the cohorts with their shares; values in monte_carlo have no closed form and carry Monte-Carlo error",
];

fn truth_parameters() -> TruthParameters {
    TruthParameters {
        latent_correlation: LATENT_CORRELATION,
        concern_slope: CONCERN_SLOPE,
        concern_item_noise: CONCERN_NOISE,
        tactic_cuts: TACTIC_CUTS,
        tactic_concern_loading: TACTIC_CONCERN_LOADING,
        tactic_base: TACTICS.iter().map(|t| (t.name, t.base)).collect(),
        cohort_tactic_shift: COHORTS.iter().map(|c| (c.name, c.tactic_shift)).collect(),
        willing_cuts: WILLING_CUTS,
        data_type_share_offset: DATA_TYPES
            .iter()
            .map(|d| (d.name, d.share_offset))
            .collect(),
        data_type_willing_offset: DATA_TYPES
            .iter()
            .map(|d| (d.name, d.willing_offset))
            .collect(),
        p_item_missing: P_ITEM_MISSING,
        p_willing_missing: P_WILLING_MISSING,
        p_tactic_missing: P_TACTIC_MISSING,
        p_birth_year_missing: P_BIRTH_YEAR_MISSING,
        p_row_error: P_ROW_ERROR,
        p_no_behavior: P_NO_BEHAVIOR,
        p_type_known: P_TYPE_KNOWN,
        p_orphan_id: P_ORPHAN,
    }
}

pub(super) fn truth_json(
    study_name: &str,
    opts: &SynthOptions,
    counts: StudyCounts,
    careless: Option<CarelessTruth>,
) -> String {
    let (mut overall, mut by_cohort) = exact_truth();
    round_group(&mut overall);
    for g in &mut by_cohort {
        round_group(g);
    }
    let file = TruthFile {
        model: MODEL_VERSION,
        description: DESCRIPTION.to_vec(),
        sources: SOURCES.to_vec(),
        options: TruthOptions {
            study: study_name,
            respondents: opts.respondents,
            seed: opts.seed,
            behavior_format: if opts.events { "events" } else { "wide" },
        },
        definitions: DEFINITIONS.to_vec(),
        overall,
        by_cohort,
        monte_carlo: &monte_carlo().truth,
        parameters: truth_parameters(),
        this_study: counts,
        careless,
    };
    // Serializing plain structs of numbers and strings cannot fail; fall back to an empty
    // object rather than panic.
    let mut s = serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
