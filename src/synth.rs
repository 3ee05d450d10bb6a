//! Synthetic studies with planted, documented effects (`paradox synth`, SPEC §1, §2, §8).
//!
//! This module owns the generating model, the writer of a complete study folder
//! (`codebook.toml`, `survey.csv`, `events.csv` or `behavior.csv`, `truth.json`) and the
//! computation of the model's true population values. The model is built so that the
//! quantities the analysis estimates are *explicit parameters* (or exact functions of them):
//! per respondent, a cohort is drawn, then two latent standard-normal traits — privacy
//! concern `z_c` and sharing propensity `z_d`, correlated weakly negatively — and the events
//! "concerned" (`z_c` above a cohort threshold) and "discloser" (`z_d` above a cohort
//! threshold) have exactly the cohort's planted probabilities. Item scores are then drawn
//! *conditional* on those events (by rejection), so that the SPEC §3 definitions applied to
//! the written files (scale score > midpoint; disclosure score ≥ 0.5) reproduce them exactly,
//! whatever items or data types happen to be missing. Tactic ratings are ordered-probit
//! draws whose category probabilities are normal-CDF differences. Only the Spearman
//! correlation between the two scores and the per-data-type say/do rates have no closed
//! form; those come from a large Monte-Carlo run with a fixed internal seed, computed once
//! per process and labelled as such in `truth.json`.
//!
//! Generation streams: every respondent is drawn, written and forgotten, so memory does not
//! grow with the number of respondents or events. Output is a pure function of the options
//! (seed, size, format, folder name): one `ChaCha8Rng`, no hash-map iteration anywhere.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use serde::Serialize;

/// What to generate and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthOptions {
    /// Number of survey respondents (at least 1).
    pub respondents: u64,
    /// Seed of the random stream; the same options give byte-identical files.
    pub seed: u64,
    /// The study folder; its last component becomes the study name.
    pub out: PathBuf,
    /// Write an event log (`events.csv`) instead of a wide `behavior.csv`.
    pub events: bool,
    /// Write into a folder that already has files in it (files of the same names are
    /// replaced; a `behavior.csv`/`events.csv` of the other format is removed so the folder
    /// stays one consistent study).
    pub force: bool,
    /// Plant careless respondents at this rate (0..1): the survey then has a duration
    /// column and an attention-check item, and the codebook a `[screening]` section.
    pub careless: Option<f64>,
}

/// One file written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub path: PathBuf,
    /// Data rows (CSV header excluded); 0 for `codebook.toml` and `truth.json`.
    pub rows: u64,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOutcome {
    /// The study folder.
    pub dir: PathBuf,
    /// The study name written into the codebook (the folder's name).
    pub study_name: String,
    /// Every file written, in the order written.
    pub files: Vec<WrittenFile>,
    /// Survey rows (= respondents).
    pub survey_rows: u64,
    /// Rows of `events.csv` or `behavior.csv`.
    pub behavior_rows: u64,
}

/// Why a synthetic study could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("--respondents must be at least 1")]
    NoRespondents,
    #[error("--careless must be a rate from 0 to 1, not {0}")]
    CarelessRate(f64),
    #[error("{path}: folder is not empty; pass --force to write into it anyway")]
    NotEmpty { path: PathBuf },
    #[error("{path}: exists and is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SynthError + '_ {
    move |source| SynthError::Io {
        path: path.to_path_buf(),
        source,
    }
}

// ---------------------------------------------------------------------------------------
// The model. Every number the analysis can estimate is either a parameter here or an
// exact function of these parameters (see `Truth`).
// ---------------------------------------------------------------------------------------

/// Identifies the generating model in `truth.json`; bump when any parameter changes.
pub const MODEL_VERSION: &str = "paradox-synth-1";

/// The survey year of every synthetic study (ages 18–90 ⇒ birth years 1935–2007).
pub const SURVEY_YEAR: i32 = 2025;

/// A cohort of the model: Pew generation, birth-year range limited to ages 18–90 in
/// [`SURVEY_YEAR`], population share, and planted probabilities.
struct CohortParams {
    name: &'static str,
    first_birth_year: i32,
    last_birth_year: i32,
    share: f64,
    /// P(concern score > 4 | cohort).
    p_concerned: f64,
    /// P(disclosure score ≥ 0.5 | cohort).
    p_discloser: f64,
    /// Shift of every tactic's latent acceptability (younger: more accepting).
    tactic_shift: f64,
    /// Shift of every stated-willingness latent (younger: more willing).
    willing_shift: f64,
}

/// Shares roughly follow an adult online population; the concern and disclosure
/// probabilities give overall P(concerned) ≈ 0.69 and a clear age gradient in sharing.
const COHORTS: [CohortParams; 5] = [
    CohortParams {
        name: "Silent",
        first_birth_year: 1935,
        last_birth_year: 1945,
        share: 0.06,
        p_concerned: 0.74,
        p_discloser: 0.38,
        tactic_shift: -0.30,
        willing_shift: -0.35,
    },
    CohortParams {
        name: "Boomers",
        first_birth_year: 1946,
        last_birth_year: 1964,
        share: 0.24,
        p_concerned: 0.73,
        p_discloser: 0.45,
        tactic_shift: -0.20,
        willing_shift: -0.20,
    },
    CohortParams {
        name: "Gen X",
        first_birth_year: 1965,
        last_birth_year: 1980,
        share: 0.26,
        p_concerned: 0.71,
        p_discloser: 0.54,
        tactic_shift: 0.0,
        willing_shift: 0.0,
    },
    CohortParams {
        name: "Millennials",
        first_birth_year: 1981,
        last_birth_year: 1996,
        share: 0.27,
        p_concerned: 0.67,
        p_discloser: 0.63,
        tactic_shift: 0.15,
        willing_shift: 0.15,
    },
    CohortParams {
        name: "Gen Z",
        first_birth_year: 1997,
        last_birth_year: 2007,
        share: 0.17,
        p_concerned: 0.63,
        p_discloser: 0.70,
        tactic_shift: 0.30,
        willing_shift: 0.30,
    },
];

/// Correlation of the latent concern and sharing propensity within a cohort. Negative but
/// weak: attitudes barely predict behaviour — the privacy paradox.
const LATENT_CORRELATION: f64 = -0.12;

struct DataTypeParams {
    name: &'static str,
    label: &'static str,
    stated: &'static str,
    wide: &'static str,
    /// Offset of the sharing latent (some data are given away more readily).
    share_offset: f64,
    /// Offset of the stated-willingness latent: lower than sharing ⇒ a say/do gap.
    willing_offset: f64,
}

const DATA_TYPES: [DataTypeParams; 5] = [
    DataTypeParams {
        name: "location",
        label: "Precise location",
        stated: "willing_location",
        wide: "shared_location",
        share_offset: 0.5,
        willing_offset: -0.3,
    },
    DataTypeParams {
        name: "contacts",
        label: "Contacts",
        stated: "willing_contacts",
        wide: "shared_contacts",
        share_offset: -0.1,
        willing_offset: -0.7,
    },
    DataTypeParams {
        name: "browsing_history",
        label: "Browsing history",
        stated: "willing_browsing",
        wide: "shared_browsing",
        share_offset: 0.3,
        willing_offset: -0.5,
    },
    DataTypeParams {
        name: "health_fitness",
        label: "Health and fitness data",
        stated: "willing_health",
        wide: "shared_health",
        share_offset: -0.6,
        willing_offset: -0.6,
    },
    DataTypeParams {
        name: "purchase_history",
        label: "Purchase history",
        stated: "willing_purchases",
        wide: "shared_purchases",
        share_offset: 0.6,
        willing_offset: 0.0,
    },
];

/// Event data types the codebook does not name (counted and ignored by the analysis).
const UNNAMED_EVENT_TYPES: [&str; 3] = ["contacts_sync", "camera_roll", "microphone"];

struct TacticParams {
    name: &'static str,
    label: &'static str,
    column: &'static str,
    /// Mean of the latent acceptability before the cohort shift.
    base: f64,
}

const TACTICS: [TacticParams; 7] = [
    TacticParams {
        name: "push_notifications",
        label: "Push notifications",
        column: "accept_push",
        base: -0.88,
    },
    TacticParams {
        name: "personalized_email",
        label: "Personalized e-mail",
        column: "accept_email",
        base: -0.35,
    },
    TacticParams {
        name: "product_recommendations",
        label: "Product recommendations",
        column: "accept_recommendations",
        base: 0.35,
    },
    TacticParams {
        name: "location_offers",
        label: "Location-based offers",
        column: "accept_location_offers",
        base: -0.55,
    },
    TacticParams {
        name: "retargeted_ads",
        label: "Retargeted ads",
        column: "accept_retargeting",
        base: -0.75,
    },
    TacticParams {
        name: "personalized_pricing",
        label: "Personalized pricing",
        column: "accept_pricing",
        base: -1.05,
    },
    TacticParams {
        name: "chatbot_assistant",
        label: "Chatbot / shopping assistant",
        column: "accept_chatbot",
        base: 0.05,
    },
];

/// Ordered-probit cut points of the 1–5 tactic rating (latent below −0.2 ⇒ 1 or 2 =
/// intrusive; above 0.2 ⇒ 4 or 5 = acceptable).
const TACTIC_CUTS: [f64; 4] = [-1.0, -0.2, 0.2, 1.0];
/// Weight of (minus) the concern latent in the tactic latent; the latent stays N(mean, 1).
const TACTIC_CONCERN_LOADING: f64 = 0.3;
const ACCEPTABILITY_LABELS: [&str; 5] = [
    "Very intrusive",
    "Somewhat intrusive",
    "Neutral",
    "Somewhat acceptable",
    "Very acceptable",
];

/// Ordered-probit cut points of the 1–5 stated-willingness items.
const WILLING_CUTS: [f64; 4] = [-0.9, -0.3, 0.3, 0.9];

/// Concern items: target score `4 + CONCERN_SLOPE·(z_c − threshold)`, each item that target
/// plus N(0, noise²), rounded and clamped to 1..7. The reverse-keyed item is noisier, as
/// reverse-worded items usually are.
const CONCERN_SLOPE: f64 = 1.1;
const CONCERN_NOISE: [f64; 5] = [1.0, 0.9, 1.0, 1.1, 1.3];
const CONCERN_REVERSE_ITEM: usize = 4;

const P_ITEM_MISSING: f64 = 0.025;
const P_WILLING_MISSING: f64 = 0.03;
const P_TACTIC_MISSING: f64 = 0.025;
const P_BIRTH_YEAR_MISSING: f64 = 0.005;
const P_ROW_ERROR: f64 = 0.003;
/// Respondents with no behaviour at all (no events, no wide row).
const P_NO_BEHAVIOR: f64 = 0.02;
/// A data type of a respondent with behaviour is observed with this probability.
const P_TYPE_KNOWN: f64 = 0.9;
/// Per respondent, the chance that an id absent from the survey also shows up in the log.
const P_ORPHAN: f64 = 0.002;
/// Events per known (respondent, data type): 1 + geometric failures, mean 1/p ≈ 4.4.
const P_EVENT_STOP: f64 = 1.0 / 4.4;
/// 2025-01-01T00:00:00Z in days since the Unix epoch; the first event of each pair falls in the
/// first half of 2025.
const EVENT_EPOCH_DAY: i64 = 20089;
const EVENT_WINDOW_SECONDS: u64 = 181 * 86_400;

/// Rejection rounds before the deterministic fallback (reached with negligible probability,
/// and even then the planted event is honoured).
const MAX_REJECTION_ROUNDS: usize = 64;

/// Monte-Carlo run for the quantities without closed form.
const MC_DRAWS: u64 = 300_000;
const MC_SEED: u64 = 0x7061_7261_646f_7831;

/// Model quantities derived once from the parameters.
struct Model {
    /// Latent concern threshold per cohort: concerned ⇔ z_c > a.
    concern_cut: [f64; 5],
    /// Latent sharing threshold per cohort: discloser ⇔ z_d > b.
    discloser_cut: [f64; 5],
    cohort_cdf: [f64; 5],
}

impl Model {
    fn new() -> Model {
        let mut concern_cut = [0.0; 5];
        let mut discloser_cut = [0.0; 5];
        let mut cohort_cdf = [0.0; 5];
        let mut acc = 0.0;
        for (g, c) in COHORTS.iter().enumerate() {
            concern_cut[g] = normal_quantile(1.0 - c.p_concerned);
            discloser_cut[g] = normal_quantile(1.0 - c.p_discloser);
            acc += c.share;
            cohort_cdf[g] = acc;
        }
        cohort_cdf[4] = 1.0;
        Model {
            concern_cut,
            discloser_cut,
            cohort_cdf,
        }
    }
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::new)
}

/// Standard normal CDF, Φ(x) = erfc(−x/√2)/2.
fn normal_cdf(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

fn normal_quantile(p: f64) -> f64 {
    use statrs::distribution::ContinuousCDF;
    statrs::distribution::Normal::standard().inverse_cdf(p)
}

/// P(Z₁ > a, Z₂ > b) for a standard bivariate normal with correlation r:
/// ∫ₐ^∞ φ(x)·(1 − Φ((b − r·x)/√(1−r²))) dx by composite Simpson's rule (the integrand is
/// smooth and negligible beyond x = a + 12).
fn bivariate_upper(a: f64, b: f64, r: f64) -> f64 {
    let s = (1.0 - r * r).sqrt();
    let f = |x: f64| {
        let phi = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        phi * (1.0 - normal_cdf((b - r * x) / s))
    };
    let (lo, hi) = (a, a.max(0.0) + 12.0);
    let n = 4000;
    let h = (hi - lo) / n as f64;
    let mut sum = f(lo) + f(hi);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(lo + h * i as f64);
    }
    sum * h / 3.0
}

/// P(rating = k), k = 1..5, of the ordered probit with latent N(mean, 1) and [`TACTIC_CUTS`].
fn tactic_levels(mean: f64) -> [f64; 5] {
    let mut out = [0.0; 5];
    let mut below = 0.0;
    for (k, slot) in out.iter_mut().enumerate() {
        let upto = if k < 4 {
            normal_cdf(TACTIC_CUTS[k] - mean)
        } else {
            1.0
        };
        *slot = upto - below;
        below = upto;
    }
    out
}

fn tactic_mean(tactic: usize, cohort: usize) -> f64 {
    TACTICS[tactic].base + COHORTS[cohort].tactic_shift
}

// ---------------------------------------------------------------------------------------
// Drawing one respondent.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowError {
    ConcernOutOfRange,
    ZeroWeight,
    UnknownTacticLabel,
}

/// One respondent as the model draws it, before formatting. No heap: drawing never
/// allocates.
#[derive(Debug, Clone)]
struct Respondent {
    cohort: usize,
    birth_year: Option<i32>,
    gender: usize,
    country: usize,
    weight: f64,
    /// Answers as written (the reverse-keyed item already reversed); `None` = missing.
    concern: [Option<u8>; 5],
    willing: [Option<u8>; 5],
    tactics: [Option<u8>; 7],
    has_behavior: bool,
    known: [bool; 5],
    shared: [bool; 5],
    row_error: Option<RowError>,
}

const GENDERS: [(&str, f64); 4] = [
    ("Female", 0.49),
    ("Male", 0.48),
    ("Non-binary", 0.02),
    ("Prefer not to say", 0.01),
];
const COUNTRIES: [(&str, f64); 7] = [
    ("US", 0.30),
    ("UK", 0.15),
    ("DE", 0.15),
    ("FR", 0.12),
    ("CA", 0.10),
    ("AU", 0.10),
    ("NL", 0.08),
];

fn pick<T>(rng: &mut ChaCha8Rng, table: &[(T, f64)]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, (_, p)) in table.iter().enumerate() {
        acc += p;
        if u < acc {
            return i;
        }
    }
    table.len() - 1
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    rng.sample(StandardNormal)
}

fn likert(x: f64, min: u8, max: u8) -> u8 {
    x.round().clamp(min as f64, max as f64) as u8
}

fn ordinal(latent: f64, cuts: &[f64; 4]) -> u8 {
    1 + cuts.iter().filter(|&&c| latent > c).count() as u8
}

fn draw_respondent(rng: &mut ChaCha8Rng, m: &Model) -> Respondent {
    let u: f64 = rng.random();
    let cohort = m.cohort_cdf.iter().position(|&c| u < c).unwrap_or(4);
    let cp = &COHORTS[cohort];
    let birth_year = rng.random_range(cp.first_birth_year..=cp.last_birth_year);
    let birth_year = (!rng.random_bool(P_BIRTH_YEAR_MISSING)).then_some(birth_year);
    let gender = pick(rng, &GENDERS);
    let country = pick(rng, &COUNTRIES);
    // Raking-like weights: log-normal with mean 1 (E[exp(σZ − σ²/2)] = 1), trimmed to
    // 0.4..2.5 as weighting practice does.
    let sigma = 0.35;
    let w = (sigma * normal(rng) - sigma * sigma / 2.0)
        .exp()
        .clamp(0.4, 2.5);
    let weight = (w * 10_000.0).round() / 10_000.0;

    // Latent traits: z_c, z_d standard normal with correlation LATENT_CORRELATION.
    let z_c = normal(rng);
    let r = LATENT_CORRELATION;
    let z_d = r * z_c + (1.0 - r * r).sqrt() * normal(rng);
    let concerned = z_c > m.concern_cut[cohort];
    let discloser = z_d > m.discloser_cut[cohort];

    let concern = draw_concern(rng, z_c - m.concern_cut[cohort], concerned);

    let mut willing = [None; 5];
    for (j, dt) in DATA_TYPES.iter().enumerate() {
        let latent =
            dt.willing_offset + cp.willing_shift + 0.45 * z_d - 0.2 * z_c + 0.85 * normal(rng);
        let v = ordinal(latent, &WILLING_CUTS);
        willing[j] = (!rng.random_bool(P_WILLING_MISSING)).then_some(v);
    }

    let mut tactics = [None; 7];
    let loading = TACTIC_CONCERN_LOADING;
    for (t, slot) in tactics.iter_mut().enumerate() {
        // Within a cohort z_c ~ N(0,1), so the latent is exactly N(tactic_mean, 1).
        let latent =
            tactic_mean(t, cohort) - loading * z_c + (1.0 - loading * loading).sqrt() * normal(rng);
        let v = ordinal(latent, &TACTIC_CUTS);
        *slot = (!rng.random_bool(P_TACTIC_MISSING)).then_some(v);
    }

    let has_behavior = !rng.random_bool(P_NO_BEHAVIOR);
    let known = if has_behavior {
        draw_known(rng, P_TYPE_KNOWN)
    } else {
        [false; 5]
    };
    let shared = draw_shared(rng, z_d - m.discloser_cut[cohort], &known, discloser);

    let row_error = rng
        .random_bool(P_ROW_ERROR)
        .then(|| match rng.random_range(0..3) {
            0 => RowError::ConcernOutOfRange,
            1 => RowError::ZeroWeight,
            _ => RowError::UnknownTacticLabel,
        });

    Respondent {
        cohort,
        birth_year,
        gender,
        country,
        weight,
        concern,
        willing,
        tactics,
        has_behavior,
        known,
        shared,
        row_error,
    }
}

/// Which data types are observed for a respondent with behaviour: each with probability
/// `p`, redrawn until at least one is, so that "has behaviour" means at least one behaviour
/// value or named event (SPEC §2 match rate) in both formats.
fn draw_known(rng: &mut ChaCha8Rng, p: f64) -> [bool; 5] {
    let mut known = [false; 5];
    for _ in 0..MAX_REJECTION_ROUNDS {
        for k in known.iter_mut() {
            *k = rng.random_bool(p);
        }
        if known.iter().any(|&k| k) {
            return known;
        }
    }
    [true; 5]
}

/// Concern items (as written) given the latent distance from the cohort's threshold and
/// the planted event. The pattern of missing items is drawn first and independently, then
/// item noise is redrawn until the SPEC §3 scale score (mean of present items after
/// reverse coding, known with ≥ 3 of 5 items) is above 4 exactly when `concerned`.
fn draw_concern(rng: &mut ChaCha8Rng, distance: f64, concerned: bool) -> [Option<u8>; 5] {
    let mut present = [false; 5];
    for p in present.iter_mut() {
        *p = !rng.random_bool(P_ITEM_MISSING);
    }
    let n_present = present.iter().filter(|&&p| p).count();
    let target = 4.0 + CONCERN_SLOPE * distance;
    let mut values = [0u8; 5];
    let mut ok = false;
    for _ in 0..MAX_REJECTION_ROUNDS {
        for (i, v) in values.iter_mut().enumerate() {
            *v = likert(target + CONCERN_NOISE[i] * normal(rng), 1, 7);
        }
        if n_present < 3 {
            // No scale score: nothing to honour.
            ok = true;
            break;
        }
        let sum: u32 = (0..5)
            .filter(|&i| present[i])
            .map(|i| values[i] as u32)
            .sum();
        if (sum > 4 * n_present as u32) == concerned {
            ok = true;
            break;
        }
    }
    if !ok {
        values = if concerned { [5; 5] } else { [4; 5] };
    }
    let mut out = [None; 5];
    for i in 0..5 {
        if present[i] {
            let v = values[i];
            out[i] = Some(if i == CONCERN_REVERSE_ITEM { 8 - v } else { v });
        }
    }
    out
}

/// Which known data types were shared, given the latent distance from the cohort's
/// threshold: redrawn until the SPEC §3 disclosure score (share of known types shared,
/// known with ≥ 3 of 5 types) is ≥ 0.5 exactly when `discloser`.
fn draw_shared(
    rng: &mut ChaCha8Rng,
    distance: f64,
    known: &[bool; 5],
    discloser: bool,
) -> [bool; 5] {
    let n_known = known.iter().filter(|&&k| k).count();
    let mut shared = [false; 5];
    for _ in 0..MAX_REJECTION_ROUNDS {
        for (j, s) in shared.iter_mut().enumerate() {
            *s = distance + DATA_TYPES[j].share_offset + 0.9 * normal(rng) > 0.0;
        }
        if n_known < 3 {
            return shared;
        }
        let n_shared = (0..5).filter(|&j| known[j] && shared[j]).count();
        if (2 * n_shared >= n_known) == discloser {
            return shared;
        }
    }
    [discloser; 5]
}

/// Concern score as (sum of present items after reverse coding, number present), SPEC §3.
fn concern_score(r: &Respondent) -> Option<(u32, u32)> {
    let mut sum = 0;
    let mut k = 0;
    for (i, v) in r.concern.iter().enumerate() {
        if let Some(v) = v {
            sum += if i == CONCERN_REVERSE_ITEM {
                8 - *v as u32
            } else {
                *v as u32
            };
            k += 1;
        }
    }
    (k >= 3).then_some((sum, k))
}

/// Disclosure score as (shared, known), SPEC §3.
fn disclosure_score(r: &Respondent) -> Option<(u32, u32)> {
    let known = r.known.iter().filter(|&&k| k).count() as u32;
    let shared = (0..5).filter(|&j| r.known[j] && r.shared[j]).count() as u32;
    (known >= 3).then_some((shared, known))
}

// ---------------------------------------------------------------------------------------
// True values.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
struct TacticTruth {
    name: &'static str,
    intrusive: f64,
    acceptable: f64,
    /// P(rating = 1..5).
    levels: [f64; 5],
}

#[derive(Debug, Clone, Serialize)]
struct GroupTruth {
    cohort: &'static str,
    share: f64,
    concerned: f64,
    discloser: f64,
    paradoxical: f64,
    paradoxical_expected: f64,
    discloser_given_concerned: f64,
    discloser_given_not_concerned: f64,
    disclosure_rd: f64,
    tactics: Vec<TacticTruth>,
}

#[derive(Debug, Clone, Serialize)]
struct DataTypeTruth {
    name: &'static str,
    willing: f64,
    shared: f64,
    say_do_gap: f64,
}

#[derive(Debug, Clone, Serialize)]
struct SpearmanTruth {
    cohort: &'static str,
    rho: f64,
}

#[derive(Debug, Clone, Serialize)]
struct MonteCarloTruth {
    method: &'static str,
    draws: u64,
    seed: u64,
    spearman_concern_disclosure: f64,
    spearman_by_cohort: Vec<SpearmanTruth>,
    data_types: Vec<DataTypeTruth>,
}

/// Exact (closed-form) population values; all probabilities are conditional on the
/// quantity being known, which in this model is independent of its value.
fn exact_truth() -> (GroupTruth, Vec<GroupTruth>) {
    let m = model();
    let group = |g: usize| -> GroupTruth {
        let c = &COHORTS[g];
        let both = bivariate_upper(m.concern_cut[g], m.discloser_cut[g], LATENT_CORRELATION);
        let dc = both / c.p_concerned;
        let dn = (c.p_discloser - both) / (1.0 - c.p_concerned);
        GroupTruth {
            cohort: c.name,
            share: c.share,
            concerned: c.p_concerned,
            discloser: c.p_discloser,
            paradoxical: both,
            paradoxical_expected: c.p_concerned * c.p_discloser,
            discloser_given_concerned: dc,
            discloser_given_not_concerned: dn,
            disclosure_rd: dc - dn,
            tactics: (0..TACTICS.len())
                .map(|t| {
                    let levels = tactic_levels(tactic_mean(t, g));
                    TacticTruth {
                        name: TACTICS[t].name,
                        intrusive: levels[0] + levels[1],
                        acceptable: levels[3] + levels[4],
                        levels,
                    }
                })
                .collect(),
        }
    };
    let by_cohort: Vec<GroupTruth> = (0..COHORTS.len()).map(group).collect();
    let mix =
        |f: &dyn Fn(&GroupTruth) -> f64| -> f64 { by_cohort.iter().map(|g| g.share * f(g)).sum() };
    let concerned = mix(&|g| g.concerned);
    let discloser = mix(&|g| g.discloser);
    let paradoxical = mix(&|g| g.paradoxical);
    let dc = paradoxical / concerned;
    let dn = (discloser - paradoxical) / (1.0 - concerned);
    let tactics = (0..TACTICS.len())
        .map(|t| {
            let mut levels = [0.0; 5];
            for (k, l) in levels.iter_mut().enumerate() {
                *l = mix(&|g| g.tactics[t].levels[k]);
            }
            TacticTruth {
                name: TACTICS[t].name,
                intrusive: mix(&|g| g.tactics[t].intrusive),
                acceptable: mix(&|g| g.tactics[t].acceptable),
                levels,
            }
        })
        .collect();
    let overall = GroupTruth {
        cohort: "overall",
        share: 1.0,
        concerned,
        discloser,
        paradoxical,
        paradoxical_expected: concerned * discloser,
        discloser_given_concerned: dc,
        discloser_given_not_concerned: dn,
        disclosure_rd: dc - dn,
        tactics,
    };
    (overall, by_cohort)
}

/// Joint counts of (concern score, disclosure score) on exact keys: concern sum·60/k
/// (0..=420) and shared·60/known (0..=60); 60 is divisible by every k and known in 3..=5.
const CONCERN_KEYS: usize = 421;
const DISCLOSURE_KEYS: usize = 61;

/// Spearman's ρ with average ranks of the pairs tallied in `joint`: the Pearson correlation
/// of the mid-distribution transforms (F(x⁻)+F(x))/2, which equals the rank correlation with
/// midranks of the sample the counts came from (ranks are an affine map of it).
fn spearman_from_joint(joint: &[u64]) -> Option<f64> {
    let n: u64 = joint.iter().sum();
    if n < 4 {
        return None;
    }
    let nf = n as f64;
    let mut mx = vec![0u64; CONCERN_KEYS];
    let mut my = vec![0u64; DISCLOSURE_KEYS];
    for x in 0..CONCERN_KEYS {
        for y in 0..DISCLOSURE_KEYS {
            let c = joint[x * DISCLOSURE_KEYS + y];
            mx[x] += c;
            my[y] += c;
        }
    }
    let mid = |m: &[u64]| -> Vec<f64> {
        let mut acc = 0u64;
        m.iter()
            .map(|&c| {
                let g = (acc as f64 + c as f64 / 2.0) / nf;
                acc += c;
                g
            })
            .collect()
    };
    let (gx, gy) = (mid(&mx), mid(&my));
    let mean_x: f64 = (0..CONCERN_KEYS).map(|x| mx[x] as f64 * gx[x]).sum::<f64>() / nf;
    let mean_y: f64 = (0..DISCLOSURE_KEYS)
        .map(|y| my[y] as f64 * gy[y])
        .sum::<f64>()
        / nf;
    let var_x: f64 = (0..CONCERN_KEYS)
        .map(|x| mx[x] as f64 * (gx[x] - mean_x).powi(2))
        .sum();
    let var_y: f64 = (0..DISCLOSURE_KEYS)
        .map(|y| my[y] as f64 * (gy[y] - mean_y).powi(2))
        .sum();
    let mut cov = 0.0;
    for x in 0..CONCERN_KEYS {
        for y in 0..DISCLOSURE_KEYS {
            let c = joint[x * DISCLOSURE_KEYS + y];
            if c > 0 {
                cov += c as f64 * (gx[x] - mean_x) * (gy[y] - mean_y);
            }
        }
    }
    (var_x > 0.0 && var_y > 0.0).then(|| cov / (var_x * var_y).sqrt())
}

/// Monte-Carlo tallies, also used by the unit tests to check the closed forms.
struct MonteCarlo {
    truth: MonteCarloTruth,
    /// Per cohort: [concern known, concerned, disclosure known, discloser, both known,
    /// both & paradoxical, push rated, push intrusive]. Read by the unit tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    counts: [[u64; 8]; 5],
}

fn monte_carlo() -> &'static MonteCarlo {
    static MC: OnceLock<MonteCarlo> = OnceLock::new();
    MC.get_or_init(run_monte_carlo)
}

fn run_monte_carlo() -> MonteCarlo {
    let m = model();
    let mut rng = ChaCha8Rng::seed_from_u64(MC_SEED);
    let mut joint = vec![vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS]; COHORTS.len()];
    let mut counts = [[0u64; 8]; 5];
    // Per data type: [stated willing, stated unwilling, known, shared].
    let mut dt = [[0u64; 4]; 5];
    for _ in 0..MC_DRAWS {
        let r = draw_respondent(&mut rng, m);
        let c = &mut counts[r.cohort];
        let cs = concern_score(&r);
        let ds = disclosure_score(&r);
        if let Some((sum, k)) = cs {
            c[0] += 1;
            c[1] += u64::from(sum > 4 * k);
        }
        if let Some((s, k)) = ds {
            c[2] += 1;
            c[3] += u64::from(2 * s >= k);
        }
        if let (Some((sum, k)), Some((s, kd))) = (cs, ds) {
            c[4] += 1;
            c[5] += u64::from(sum > 4 * k && 2 * s >= kd);
            let x = (sum * 60 / k) as usize;
            let y = (s * 60 / kd) as usize;
            joint[r.cohort][x * DISCLOSURE_KEYS + y] += 1;
        }
        if let Some(v) = r.tactics[0] {
            c[6] += 1;
            c[7] += u64::from(v <= 2);
        }
        for (j, tally) in dt.iter_mut().enumerate() {
            match r.willing[j] {
                Some(v) if v > 3 => tally[0] += 1,
                Some(v) if v < 3 => tally[1] += 1,
                _ => {}
            }
            if r.known[j] {
                tally[2] += 1;
                tally[3] += u64::from(r.shared[j]);
            }
        }
    }
    let mut all = vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS];
    for j in &joint {
        for (a, b) in all.iter_mut().zip(j) {
            *a += b;
        }
    }
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let truth = MonteCarloTruth {
        method: "Monte Carlo: the model run with a fixed internal seed; standard error about 1/sqrt(draws) for rho overall (larger per cohort), sqrt(p(1-p)/n) for proportions",
        draws: MC_DRAWS,
        seed: MC_SEED,
        spearman_concern_disclosure: round6(spearman_from_joint(&all).unwrap_or(0.0)),
        spearman_by_cohort: COHORTS
            .iter()
            .zip(&joint)
            .map(|(c, j)| SpearmanTruth {
                cohort: c.name,
                rho: round6(spearman_from_joint(j).unwrap_or(0.0)),
            })
            .collect(),
        data_types: DATA_TYPES
            .iter()
            .zip(&dt)
            .map(|(d, t)| {
                let willing = ratio(t[0], t[0] + t[1]);
                let shared = ratio(t[3], t[2]);
                DataTypeTruth {
                    name: d.name,
                    willing: round6(willing),
                    shared: round6(shared),
                    say_do_gap: round6(shared - willing),
                }
            })
            .collect(),
    };
    MonteCarlo { truth, counts }
}

/// Truth values are rounded to 6 decimals: far below any sampling error, and stable
/// against last-bit differences of platform maths libraries.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn round_group(g: &mut GroupTruth) {
    for v in [
        &mut g.concerned,
        &mut g.discloser,
        &mut g.paradoxical,
        &mut g.paradoxical_expected,
        &mut g.discloser_given_concerned,
        &mut g.discloser_given_not_concerned,
        &mut g.disclosure_rd,
    ] {
        *v = round6(*v);
    }
    for t in &mut g.tactics {
        t.intrusive = round6(t.intrusive);
        t.acceptable = round6(t.acceptable);
        for l in &mut t.levels {
            *l = round6(*l);
        }
    }
}

// ---------------------------------------------------------------------------------------
// truth.json
// ---------------------------------------------------------------------------------------

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
/// counts leave out the rows with planted errors, i.e. they are what an import that
/// follows SPEC §2 must report.
#[derive(Debug, Default, Serialize)]
struct StudyCounts {
    survey_rows: u64,
    rows_with_planted_errors: u64,
    birth_year_missing: u64,
    respondents_without_behavior: u64,
    analysable_rows: u64,
    analysable_unknown_cohort: u64,
    analysable_without_behavior: u64,
    /// SPEC §2 `behavior_match_rate` of the analysable rows.
    behavior_match_rate: f64,
    behavior_rows: u64,
    orphan_ids: u64,
    orphan_rows: u64,
    unnamed_type_events: u64,
}

const DESCRIPTION: [&str; 9] = [
    "Per respondent: cohort (Pew generation) drawn with the cohort shares; birth year uniform within the cohort's years (ages 18-90 in 2025); gender, country and weight independent of everything else (weighted and unweighted estimates target the same values).",
    "Two latent traits, concern z_c and sharing propensity z_d, standard normal within each cohort with correlation latent_correlation (weak, negative).",
    "Concerned <=> z_c > Phi^-1(1 - P(concerned | cohort)); concern items = round(4 + concern_slope*(z_c - threshold) + noise) on 1..7, redrawn until the SPEC scale score (mean of present items after reverse coding concern_5, >= 3 of 5 present) is > 4 exactly when concerned.",
    "Discloser <=> z_d > Phi^-1(1 - P(discloser | cohort)); each data type shared when (z_d - threshold) + share_offset + 0.9*noise > 0, redrawn until the SPEC disclosure score (share of known data types shared, >= 3 of 5 known) is >= 0.5 exactly when discloser. 2% of respondents have no behaviour; each data type is observed with probability 0.9.",
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

// ---------------------------------------------------------------------------------------
// Careless respondents (`--careless RATE`).
// ---------------------------------------------------------------------------------------

/// Median completion time of attentive respondents, seconds (a 15-minute questionnaire
/// finished a little faster than planned).
const DURATION_MEDIAN: f64 = 540.0;
/// Log-normal spread of attentive durations: 0.35 puts about 0.03% of attentive
/// respondents below 30% of the median (naturally fast, rarely under the cut-off).
const DURATION_SIGMA: f64 = 0.35;
/// Planted speeders: median 17% of the attentive median, spread 0.3, so about 3% of them
/// are slower than the 30% cut-off and escape the speeder rule.
const SPEEDER_FRACTION: f64 = 0.17;
const SPEEDER_SIGMA: f64 = 0.3;
const P_DURATION_MISSING: f64 = 0.002;
/// Attentive respondents who still miss the instructed answer, and who skip the item.
const P_ATTENTION_SLIP: f64 = 0.001;
const P_ATTENTION_MISSING: f64 = 0.004;
/// The instructed answer of the attention item ("please select 'Disagree' (2)").
const ATTENTION_EXPECTED: u8 = 2;
/// Behaviours of a careless respondent, each drawn independently and redrawn until at
/// least one is present.
const P_CARELESS_SPEEDER: f64 = 0.6;
const P_CARELESS_STRAIGHT: f64 = 0.45;
const P_CARELESS_ATTENTION: f64 = 0.45;
/// Seed offset of the careless draws, which come from a stream of their own: the main
/// stream is untouched, so the behaviour file and every survey answer except the planted
/// straightliners' concern items are exactly those written without `--careless`.
const CARELESS_STREAM: u64 = 0x5EED_CA2E_1E55_0001;

const CARELESS_COLUMNS: &str = ",duration_s,attention_check";

const SCREENING_CODEBOOK: &str = "\n\
# Careless-response screening (planted by `paradox synth --careless`; truth.json lists them).\n\
# attention_check: \"To show that you read this, please select 'Disagree' (2).\" (1..5)\n\
[screening]\n\
exclude = false\n\
duration = \"duration_s\"\n\
speeder_fraction = 0.3\n\
straightlining = true\n\n\
[[screening.attention]]\n\
column = \"attention_check\"\n\
expected = 2\n";

/// One planted careless respondent.
#[derive(Debug, Serialize)]
struct PlantedCareless {
    id: String,
    kinds: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct CarelessTruth {
    rate: f64,
    description: Vec<&'static str>,
    planted: u64,
    speeders: u64,
    straightliners: u64,
    attention_failures: u64,
    respondents: Vec<PlantedCareless>,
}

/// Duration and attention answer of one survey row.
struct CarelessColumns {
    duration: Option<f64>,
    attention: Option<u8>,
}

impl CarelessColumns {
    fn push_to(&self, buf: &mut Vec<u8>) {
        buf.push(b',');
        match self.duration {
            Some(d) => push_u64(buf, d.round().max(1.0) as u64),
            None => buf.extend_from_slice(b"NA"),
        }
        buf.push(b',');
        match self.attention {
            Some(a) => buf.push(b'0' + a),
            None => buf.extend_from_slice(b"NA"),
        }
    }
}

struct Careless {
    rate: f64,
    rng: ChaCha8Rng,
    planted: Vec<PlantedCareless>,
}

impl Careless {
    fn new(rate: f64, seed: u64) -> Careless {
        Careless {
            rate,
            rng: ChaCha8Rng::seed_from_u64(seed ^ CARELESS_STREAM),
            planted: Vec::new(),
        }
    }

    /// Draws respondent `number`'s duration and attention answer and, with probability
    /// `rate` (rows without a planted row error only: those are rejected anyway), makes them
    /// careless: a speeder, a straightliner on the 5-item concern scale, and/or a failed
    /// attention check.
    fn draw(&mut self, r: &mut Respondent, number: u64, width: usize) -> CarelessColumns {
        let rng = &mut self.rng;
        let duration = (!rng.random_bool(P_DURATION_MISSING))
            .then(|| DURATION_MEDIAN * (DURATION_SIGMA * normal(rng)).exp());
        let attention = if rng.random_bool(P_ATTENTION_MISSING) {
            None
        } else if rng.random_bool(P_ATTENTION_SLIP) {
            Some(other_answer(rng))
        } else {
            Some(ATTENTION_EXPECTED)
        };
        let mut cols = CarelessColumns {
            duration,
            attention,
        };
        if r.row_error.is_some() || !rng.random_bool(self.rate) {
            return cols;
        }
        let (mut speeder, mut straight, mut attn) = (false, false, false);
        while !(speeder || straight || attn) {
            speeder = rng.random_bool(P_CARELESS_SPEEDER);
            straight = rng.random_bool(P_CARELESS_STRAIGHT);
            attn = rng.random_bool(P_CARELESS_ATTENTION);
        }
        let mut kinds = Vec::new();
        if speeder {
            cols.duration =
                Some(DURATION_MEDIAN * SPEEDER_FRACTION * (SPEEDER_SIGMA * normal(rng)).exp());
            kinds.push("speeder");
        }
        if straight {
            // The same answer to every item as written (mostly the middle or agreeing end).
            let v = [3u8, 4, 4, 4, 5, 5, 6, 7][rng.random_range(0..8)];
            r.concern = [Some(v); 5];
            kinds.push("straightliner");
        }
        if attn {
            cols.attention = Some(other_answer(rng));
            kinds.push("attention");
        }
        let mut id = Vec::new();
        push_id(&mut id, number, width);
        self.planted.push(PlantedCareless {
            id: String::from_utf8_lossy(&id).into_owned(),
            kinds,
        });
        cols
    }

    fn into_truth(self) -> CarelessTruth {
        let count = |k: &str| self.planted.iter().filter(|p| p.kinds.contains(&k)).count() as u64;
        CarelessTruth {
            rate: self.rate,
            description: vec![
                "Every survey row has duration_s (seconds; attentive: log-normal, median 540, sigma 0.35; 0.2% 'NA') and attention_check (instructed answer 2; attentive respondents miss it with probability 0.001 and skip it with 0.004).",
                "With probability `rate`, a row without a planted row error is careless: speeder (p 0.6; duration log-normal around 17% of the attentive median, sigma 0.3, so a few are slower than the 30% cut-off), straightliner (p 0.45; one answer to all five concern items as written), failed attention check (p 0.45; an answer other than 2); redrawn until at least one applies.",
                "Careless answers do not follow the model: the planted population values describe the attentive respondents.",
            ],
            planted: self.planted.len() as u64,
            speeders: count("speeder"),
            straightliners: count("straightliner"),
            attention_failures: count("attention"),
            respondents: self.planted,
        }
    }
}

/// A 1..5 answer other than the instructed one.
fn other_answer(rng: &mut ChaCha8Rng) -> u8 {
    [1u8, 3, 4, 5][rng.random_range(0..4)]
}

// ---------------------------------------------------------------------------------------
// Codebook.
// ---------------------------------------------------------------------------------------

/// A TOML basic string (quotes, backslashes and control characters escaped).
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn codebook_text(study_name: &str, events: bool) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Synthetic study written by `paradox synth` (model {MODEL_VERSION}).\n\
         # The planted true values and the generating model are in truth.json.\n"
    );
    let _ = writeln!(
        s,
        "[study]\nname = {}\nsurvey_year = {SURVEY_YEAR}\n",
        toml_string(study_name)
    );
    s.push_str(
        "[columns]\n\
         id = \"respondent_id\"\n\
         birth_year = \"birth_year\"\n\
         weight = \"weight\"\n\
         group = [\"gender\", \"country\"]\n\
         missing = [\"\", \"NA\", \"-99\"]\n\n\
         [cohorts]\n\
         scheme = \"generation\"\n\n\
         # Tactic answers are exported as text.\n\
         [labels.acceptability5]\n",
    );
    for (k, l) in ACCEPTABILITY_LABELS.iter().enumerate() {
        let _ = writeln!(s, "{} = {}", toml_string(l), k + 1);
    }
    s.push_str("\n[label_columns]\n");
    for t in &TACTICS {
        let _ = writeln!(s, "{} = \"acceptability5\"", t.column);
    }
    s.push_str(
        "\n# IUIPC-style privacy concern, 1 = strongly disagree .. 7 = strongly agree.\n\
         #   concern_1  It bothers me when apps ask me for personal information.\n\
         #   concern_2  I am concerned that apps collect too much information about me.\n\
         #   concern_3  I worry that apps pass my data on to other companies.\n\
         #   concern_4  Apps should tell me clearly what they do with my data.\n\
         #   concern_5  I am comfortable with the data apps collect about me. (reverse-keyed)\n\
         [[scale]]\n\
         name = \"concern\"\n\
         label = \"Privacy concern\"\n\
         items = [\"concern_1\", \"concern_2\", \"concern_3\", \"concern_4\", \"concern_5\"]\n\
         min = 1\n\
         max = 7\n\
         reverse = [\"concern_5\"]\n\n\
         # Stated willingness to share, 1 = not at all willing .. 5 = very willing.\n",
    );
    for d in &DATA_TYPES {
        let _ = writeln!(
            s,
            "[[data_type]]\nname = \"{}\"\nlabel = {}\nstated = \"{}\"\nstated_min = 1\nstated_max = 5",
            d.name,
            toml_string(d.label),
            d.stated
        );
        if events {
            let _ = writeln!(s, "behavior = \"{}\"\n", d.name);
        } else {
            let _ = writeln!(s, "behavior = \"{}\"\nshared_min = 1\n", d.wide);
        }
    }
    s.push_str("# Acceptability, 1 = very intrusive .. 5 = very acceptable.\n");
    for t in &TACTICS {
        let _ = writeln!(
            s,
            "[[tactic]]\nname = \"{}\"\nlabel = {}\ncolumn = \"{}\"\nmin = 1\nmax = 5\n",
            t.name,
            toml_string(t.label),
            t.column
        );
    }
    s.push_str(
        "[paradox]\n\
         concern_scale = \"concern\"\n\
         concern_threshold = \"midpoint\"\n\
         disclosure_threshold = 0.5\n\n\
         [disclosure_control]\n\
         min_cell = 10\n\n",
    );
    if events {
        s.push_str(
            "[behavior]\n\
             format = \"events\"\n\
             id = \"respondent_id\"\n\
             data_type = \"data_type\"\n\
             action = \"action\"\n\
             share_actions = [\"grant\", \"share\"]\n",
        );
    } else {
        s.push_str(
            "[behavior]\n\
             format = \"wide\"\n\
             id = \"respondent_id\"\n",
        );
    }
    s
}

// ---------------------------------------------------------------------------------------
// Fast formatting into a reused line buffer.
// ---------------------------------------------------------------------------------------

fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_padded(buf: &mut Vec<u8>, v: u64, width: usize) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut x = v;
    loop {
        i -= 1;
        tmp[i] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    for _ in (tmp.len() - i)..width {
        buf.push(b'0');
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_id(buf: &mut Vec<u8>, number: u64, width: usize) {
    buf.push(b'R');
    push_padded(buf, number, width);
}

/// A weight with 4 decimals (the value was already rounded to 4 decimals).
fn push_weight(buf: &mut Vec<u8>, w: f64) {
    let scaled = (w * 10_000.0).round() as u64;
    push_u64(buf, scaled / 10_000);
    buf.push(b'.');
    push_padded(buf, scaled % 10_000, 4);
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since [`EVENT_EPOCH_DAY`]; civil date from days by
/// Howard Hinnant's `civil_from_days` algorithm ("chrono-Compatible Low-Level Date
/// Algorithms").
fn push_timestamp(buf: &mut Vec<u8>, seconds: u64) {
    let days = EVENT_EPOCH_DAY + (seconds / 86_400) as i64;
    let secs = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    push_padded(buf, year.max(0) as u64, 4);
    buf.push(b'-');
    push_padded(buf, month as u64, 2);
    buf.push(b'-');
    push_padded(buf, d as u64, 2);
    buf.push(b'T');
    push_padded(buf, secs / 3600, 2);
    buf.push(b':');
    push_padded(buf, secs / 60 % 60, 2);
    buf.push(b':');
    push_padded(buf, secs % 60, 2);
    buf.push(b'Z');
}

/// A tactic answer as exported: mostly the exact label, sometimes with different case, a
/// trailing space, or the numeric code (SPEC §1 accepts all of these).
fn push_tactic_answer(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, code: u8) {
    let label = ACCEPTABILITY_LABELS[(code - 1) as usize];
    let u: f64 = rng.random();
    if u < 0.90 {
        buf.extend_from_slice(label.as_bytes());
    } else if u < 0.94 {
        buf.extend_from_slice(label.to_ascii_lowercase().as_bytes());
    } else if u < 0.97 {
        buf.extend_from_slice(label.as_bytes());
        buf.push(b' ');
    } else if u < 0.99 {
        buf.extend_from_slice(label.to_ascii_uppercase().as_bytes());
    } else {
        buf.push(b'0' + code);
    }
}

// ---------------------------------------------------------------------------------------
// Writers.
// ---------------------------------------------------------------------------------------

struct CsvOut {
    path: PathBuf,
    w: BufWriter<File>,
    rows: u64,
}

impl CsvOut {
    fn create(path: PathBuf, header: &str) -> Result<CsvOut, SynthError> {
        let f = File::create(&path).map_err(io_err(&path))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        w.write_all(header.as_bytes()).map_err(io_err(&path))?;
        Ok(CsvOut { path, w, rows: 0 })
    }
    fn row(&mut self, line: &[u8]) -> Result<(), SynthError> {
        self.block(line, 1)
    }
    /// Writes `bytes`, which hold `rows` complete rows.
    fn block(&mut self, bytes: &[u8], rows: u64) -> Result<(), SynthError> {
        self.rows += rows;
        self.w.write_all(bytes).map_err(io_err(&self.path))
    }
    fn finish(self) -> Result<WrittenFile, SynthError> {
        let CsvOut { path, w, rows } = self;
        let f = w.into_inner().map_err(|e| SynthError::Io {
            path: path.clone(),
            source: e.into_error(),
        })?;
        f.sync_all().map_err(io_err(&path))?;
        Ok(WrittenFile { path, rows })
    }
}

fn survey_header() -> String {
    let mut h = String::from("respondent_id,birth_year,gender,country,weight");
    for i in 1..=5 {
        h.push_str(&format!(",concern_{i}"));
    }
    for d in &DATA_TYPES {
        h.push(',');
        h.push_str(d.stated);
    }
    for t in &TACTICS {
        h.push(',');
        h.push_str(t.column);
    }
    h.push('\n');
    h
}

fn write_survey_row(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    r: &Respondent,
    number: u64,
    width: usize,
) {
    buf.clear();
    push_id(buf, number, width);
    buf.push(b',');
    match r.birth_year {
        Some(y) => push_u64(buf, y.max(0) as u64),
        None => buf.extend_from_slice(b"NA"),
    }
    buf.push(b',');
    buf.extend_from_slice(GENDERS[r.gender].0.as_bytes());
    buf.push(b',');
    buf.extend_from_slice(COUNTRIES[r.country].0.as_bytes());
    buf.push(b',');
    if r.row_error == Some(RowError::ZeroWeight) {
        buf.push(b'0');
    } else {
        push_weight(buf, r.weight);
    }
    for (i, v) in r.concern.iter().enumerate() {
        buf.push(b',');
        if i == 1 && r.row_error == Some(RowError::ConcernOutOfRange) {
            buf.push(b'9');
        } else if let Some(v) = v {
            buf.push(b'0' + v);
        }
    }
    for v in &r.willing {
        buf.push(b',');
        match v {
            Some(v) => buf.push(b'0' + v),
            None => buf.extend_from_slice(b"-99"),
        }
    }
    for (t, v) in r.tactics.iter().enumerate() {
        buf.push(b',');
        if t == 5 && r.row_error == Some(RowError::UnknownTacticLabel) {
            buf.extend_from_slice(b"Not sure");
        } else {
            match v {
                Some(v) => push_tactic_answer(buf, rng, *v),
                None => buf.extend_from_slice(b"NA"),
            }
        }
    }
    buf.push(b'\n');
}

/// 1 + the number of failures before the first success with probability `p`.
fn one_plus_geometric(rng: &mut ChaCha8Rng, p: f64) -> u32 {
    let mut n = 1;
    while n < 200 && !rng.random_bool(p) {
        n += 1;
    }
    n
}

/// An action as logged: rarely with different case (SPEC §1 matches ignoring case).
fn push_action(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, action: &str) {
    let u: f64 = rng.random();
    if u < 0.005 {
        let mut cs = action.chars();
        if let Some(first) = cs.next() {
            buf.push(first.to_ascii_uppercase() as u8);
            buf.extend_from_slice(cs.as_str().as_bytes());
        }
    } else if u < 0.007 {
        buf.extend_from_slice(action.to_ascii_uppercase().as_bytes());
    } else {
        buf.extend_from_slice(action.as_bytes());
    }
}

fn push_event(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
    t: u64,
    data_type: &str,
    action: &str,
) {
    push_id(buf, id.0, id.1);
    buf.push(b',');
    push_timestamp(buf, t);
    buf.push(b',');
    buf.extend_from_slice(data_type.as_bytes());
    buf.push(b',');
    push_action(buf, rng, action);
    buf.push(b'\n');
}

/// The event sequence of one (respondent, data type) pair. Shared pairs contain a grant or
/// share; unshared pairs only prompt/deny, so "shared" (SPEC §3) is exactly `shared`.
fn push_pair_events(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
    data_type: &str,
    shared: bool,
) -> u64 {
    let n = one_plus_geometric(rng, P_EVENT_STOP);
    let mut t = rng.random_range(0..EVENT_WINDOW_SECONDS);
    let mut granted = false;
    for i in 0..n {
        let action = if shared {
            if !granted && (i + 1 == n || i > 0 || rng.random_bool(0.4)) {
                granted = true;
                "grant"
            } else if !granted {
                "prompt"
            } else {
                let u: f64 = rng.random();
                if u < 0.7 {
                    "share"
                } else if u < 0.85 {
                    "prompt"
                } else {
                    "revoke"
                }
            }
        } else if i == 0 && n > 1 {
            "prompt"
        } else if rng.random_bool(0.5) {
            "deny"
        } else {
            "prompt"
        };
        push_event(buf, rng, id, t, data_type, action);
        t += rng.random_range(60..3 * 86_400);
    }
    u64::from(n)
}

/// Events of data types the codebook does not name.
fn push_unnamed_events(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, id: (u64, usize)) -> u64 {
    if !rng.random_bool(0.35) {
        return 0;
    }
    let n = rng.random_range(1..=3u64);
    for _ in 0..n {
        let dt = UNNAMED_EVENT_TYPES[rng.random_range(0..UNNAMED_EVENT_TYPES.len())];
        let action = ["grant", "deny", "prompt"][rng.random_range(0..3)];
        let t = rng.random_range(0..EVENT_WINDOW_SECONDS);
        push_event(buf, rng, id, t, dt, action);
    }
    n
}

fn behavior_value(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, known: bool, shared: bool) {
    if !known {
        return;
    }
    if shared {
        push_u64(buf, u64::from(one_plus_geometric(rng, 0.45)));
    } else {
        buf.push(b'0');
    }
}

fn wide_header() -> String {
    let mut h = String::from("respondent_id");
    for d in &DATA_TYPES {
        h.push(',');
        h.push_str(d.wide);
    }
    h.push('\n');
    h
}

/// The study name: the output folder's last component.
fn study_name_of(out: &Path) -> String {
    let from = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
    };
    from(out)
        .or_else(|| std::fs::canonicalize(out).ok().and_then(|p| from(&p)))
        .unwrap_or_else(|| "study".to_string())
}

fn prepare_folder(opts: &SynthOptions) -> Result<(), SynthError> {
    let out = &opts.out;
    if out.exists() {
        if !out.is_dir() {
            return Err(SynthError::NotAFolder { path: out.clone() });
        }
        let mut entries = std::fs::read_dir(out).map_err(io_err(out))?;
        if entries.next().is_some() && !opts.force {
            return Err(SynthError::NotEmpty { path: out.clone() });
        }
        let stale = out.join(if opts.events {
            "behavior.csv"
        } else {
            "events.csv"
        });
        if stale.is_file() {
            std::fs::remove_file(&stale).map_err(io_err(&stale))?;
        }
    } else {
        std::fs::create_dir_all(out).map_err(io_err(out))?;
    }
    Ok(())
}

/// Writes a synthetic study folder (see the module documentation); `progress` is called
/// with the number of respondents written so far, every 16,384 respondents and at the end.
pub fn generate(opts: &SynthOptions, progress: &dyn Fn(u64)) -> Result<SynthOutcome, SynthError> {
    if opts.respondents == 0 {
        return Err(SynthError::NoRespondents);
    }
    if let Some(rate) = opts.careless {
        if !(0.0..=1.0).contains(&rate) {
            return Err(SynthError::CarelessRate(rate));
        }
    }
    prepare_folder(opts)?;
    let dir = opts.out.clone();
    let study_name = study_name_of(&dir);
    let m = model();
    let n = opts.respondents;
    let width = n.to_string().len().max(6);

    let mut files = Vec::new();
    let codebook_path = dir.join("codebook.toml");
    let mut codebook = codebook_text(&study_name, opts.events);
    if opts.careless.is_some() {
        codebook.push_str(SCREENING_CODEBOOK);
    }
    std::fs::write(&codebook_path, codebook).map_err(io_err(&codebook_path))?;
    files.push(WrittenFile {
        path: codebook_path,
        rows: 0,
    });

    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut careless = opts.careless.map(|rate| Careless::new(rate, opts.seed));
    let mut header = survey_header();
    if careless.is_some() {
        header.pop();
        header.push_str(CARELESS_COLUMNS);
        header.push('\n');
    }
    let mut survey = CsvOut::create(dir.join("survey.csv"), &header)?;
    let mut behavior = if opts.events {
        CsvOut::create(
            dir.join("events.csv"),
            "respondent_id,timestamp,data_type,action\n",
        )?
    } else {
        CsvOut::create(dir.join("behavior.csv"), &wide_header())?
    };
    let mut counts = StudyCounts::default();
    let mut line = Vec::with_capacity(512);
    let mut block = Vec::with_capacity(1 << 14);
    for i in 1..=n {
        let mut r = draw_respondent(&mut rng, m);
        let extra = careless.as_mut().map(|c| c.draw(&mut r, i, width));
        write_survey_row(&mut line, &mut rng, &r, i, width);
        if let Some(extra) = extra {
            line.pop();
            extra.push_to(&mut line);
            line.push(b'\n');
        }
        survey.row(&line)?;
        counts.rows_with_planted_errors += u64::from(r.row_error.is_some());
        counts.birth_year_missing += u64::from(r.birth_year.is_none());
        counts.respondents_without_behavior += u64::from(!r.has_behavior);
        if r.row_error.is_none() {
            counts.analysable_rows += 1;
            counts.analysable_unknown_cohort += u64::from(r.birth_year.is_none());
            counts.analysable_without_behavior += u64::from(!r.has_behavior);
        }

        // Behaviour of this respondent, then possibly of an id the survey does not have.
        let orphan = rng.random_bool(P_ORPHAN).then(|| {
            counts.orphan_ids += 1;
            n + counts.orphan_ids
        });
        let mut subjects = [(i, r.has_behavior), (0, false)];
        if let Some(o) = orphan {
            subjects[1] = (o, true);
        }
        for (number, active) in subjects {
            if !active {
                continue;
            }
            let (known, shared) = if number == i {
                (r.known, r.shared)
            } else {
                let k = draw_known(&mut rng, 0.6);
                let mut s = [false; 5];
                for x in s.iter_mut() {
                    *x = rng.random_bool(0.5);
                }
                (k, s)
            };
            let id = (number, width);
            let before = behavior.rows;
            if opts.events {
                for j in 0..5 {
                    if !known[j] {
                        continue;
                    }
                    block.clear();
                    let k =
                        push_pair_events(&mut block, &mut rng, id, DATA_TYPES[j].name, shared[j]);
                    behavior.block(&block, k)?;
                }
                block.clear();
                let k = push_unnamed_events(&mut block, &mut rng, id);
                behavior.block(&block, k)?;
                counts.unnamed_type_events += k;
            } else {
                block.clear();
                push_id(&mut block, number, width);
                for j in 0..5 {
                    block.push(b',');
                    behavior_value(&mut block, &mut rng, known[j], shared[j]);
                }
                block.push(b'\n');
                behavior.row(&block)?;
            }
            if number != i {
                counts.orphan_rows += behavior.rows - before;
            }
        }
        if i % 16_384 == 0 {
            progress(i);
        }
    }
    let survey_file = survey.finish()?;
    let behavior_file = behavior.finish()?;
    counts.survey_rows = survey_file.rows;
    counts.behavior_rows = behavior_file.rows;
    if counts.analysable_rows > 0 {
        counts.behavior_match_rate = (counts.analysable_rows - counts.analysable_without_behavior)
            as f64
            / counts.analysable_rows as f64;
    }
    let (survey_rows, behavior_rows) = (survey_file.rows, behavior_file.rows);
    files.push(survey_file);
    files.push(behavior_file);

    let truth_path = dir.join("truth.json");
    let json = truth_json(
        &study_name,
        opts,
        counts,
        careless.map(Careless::into_truth),
    );
    std::fs::write(&truth_path, json).map_err(io_err(&truth_path))?;
    files.push(WrittenFile {
        path: truth_path,
        rows: 0,
    });
    progress(n);
    Ok(SynthOutcome {
        dir,
        study_name,
        files,
        survey_rows,
        behavior_rows,
    })
}

fn truth_json(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Wilson-free check: an MC proportion k/n agrees with p within 4.5 standard errors.
    fn close(k: u64, n: u64, p: f64) -> bool {
        let est = k as f64 / n as f64;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        (est - p).abs() < 4.5 * se
    }

    #[test]
    fn closed_forms_agree_with_the_simulated_model() {
        let (_, by) = exact_truth();
        let mc = monte_carlo();
        for (g, t) in by.iter().enumerate() {
            let c = mc.counts[g];
            assert!(close(c[1], c[0], t.concerned), "{} concerned", t.cohort);
            assert!(close(c[3], c[2], t.discloser), "{} discloser", t.cohort);
            assert!(close(c[5], c[4], t.paradoxical), "{} paradoxical", t.cohort);
            assert!(
                close(c[7], c[6], t.tactics[0].intrusive),
                "{} push intrusive",
                t.cohort
            );
        }
    }

    #[test]
    fn planted_targets() {
        let (overall, by) = exact_truth();
        assert!(
            (overall.concerned - 0.69).abs() < 0.01,
            "{}",
            overall.concerned
        );
        let push = overall.tactics[0].intrusive;
        assert!((push - 0.74).abs() < 0.01, "{push}");
        // Younger cohorts share more and accept push notifications more.
        for w in by.windows(2) {
            assert!(w[1].discloser > w[0].discloser);
            assert!(w[1].tactics[0].acceptable > w[0].tactics[0].acceptable);
        }
        let rho = monte_carlo().truth.spearman_concern_disclosure;
        assert!((-0.2..-0.05).contains(&rho), "{rho}");
        // A real paradox: many concerned disclosers.
        assert!(overall.paradoxical > 0.3, "{}", overall.paradoxical);
    }

    #[test]
    fn bivariate_normal_reference_values() {
        // Independence: product of the marginals.
        let p = bivariate_upper(0.3, -0.4, 0.0);
        let q = (1.0 - normal_cdf(0.3)) * (1.0 - normal_cdf(-0.4));
        assert!((p - q).abs() < 1e-9, "{p} {q}");
        // Sheppard's formula: P(Z1 > 0, Z2 > 0) = 1/4 + asin(r)/(2π).
        let r: f64 = -0.3;
        let s = 0.25 + r.asin() / (2.0 * std::f64::consts::PI);
        assert!((bivariate_upper(0.0, 0.0, r) - s).abs() < 1e-9);
    }

    #[test]
    fn timestamps_are_iso_8601() {
        let mut b = Vec::new();
        push_timestamp(&mut b, 0);
        assert_eq!(b, b"2025-01-01T00:00:00Z");
        b.clear();
        // 2025-03-01 is day 59 of 2025 (not a leap year).
        push_timestamp(&mut b, 59 * 86_400 + 3661);
        assert_eq!(b, b"2025-03-01T01:01:01Z");
    }

    #[test]
    fn number_formatting() {
        let mut b = Vec::new();
        push_id(&mut b, 42, 6);
        b.push(b' ');
        push_weight(&mut b, 0.4);
        b.push(b' ');
        push_weight(&mut b, 1.0523);
        b.push(b' ');
        push_u64(&mut b, 0);
        assert_eq!(b, b"R000042 0.4000 1.0523 0");
    }

    #[test]
    fn spearman_of_a_tiny_joint_matches_scipy() {
        // Pairs (x, y): (0,0) (60,0) (60,60) (120,60) (120,60).
        // scipy 1.17.1: scipy.stats.spearmanr([0,60,60,120,120],[0,0,60,60,60]) -> 0.7607257743127307
        let mut joint = vec![0u64; CONCERN_KEYS * DISCLOSURE_KEYS];
        for (x, y) in [(0, 0), (60, 0), (60, 60), (120, 60), (120, 60)] {
            joint[x * DISCLOSURE_KEYS + y] += 1;
        }
        let rho = spearman_from_joint(&joint).unwrap_or(f64::NAN);
        assert!((rho - 0.7607257743127307).abs() < 1e-12, "{rho}");
    }
}
