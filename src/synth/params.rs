//! The generating model's parameters: cohorts, data types, tactics, answer scales, and the
//! rates of missing answers, planted errors and behaviour. Every number the analysis can
//! estimate is either a parameter here or an exact function of these parameters (see
//! `truth.rs`); `truth.json` lists them.

/// Identifies the generating model in `truth.json`; bump when any parameter changes.
pub const MODEL_VERSION: &str = "paradox-synth-1";

/// The survey year of every synthetic study (ages 18–90 ⇒ birth years 1935–2007).
pub const SURVEY_YEAR: i32 = 2025;

/// A cohort of the model: Pew generation, birth-year range limited to ages 18–90 in
/// [`SURVEY_YEAR`], population share, and planted probabilities.
pub(super) struct CohortParams {
    pub(super) name: &'static str,
    pub(super) first_birth_year: i32,
    pub(super) last_birth_year: i32,
    pub(super) share: f64,
    /// P(concern score > 4 | cohort).
    pub(super) p_concerned: f64,
    /// P(disclosure score ≥ 0.5 | cohort).
    pub(super) p_discloser: f64,
    /// Shift of every tactic's latent acceptability (younger: more accepting).
    pub(super) tactic_shift: f64,
    /// Shift of every stated-willingness latent (younger: more willing).
    pub(super) willing_shift: f64,
}

/// Shares roughly follow an adult online population; the concern and disclosure
/// probabilities give overall P(concerned) ≈ 0.69 and a clear age gradient in sharing.
pub(super) const COHORTS: [CohortParams; 5] = [
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
pub(super) const LATENT_CORRELATION: f64 = -0.12;

pub(super) struct DataTypeParams {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    pub(super) stated: &'static str,
    pub(super) wide: &'static str,
    /// Offset of the sharing latent (some data are given away more readily).
    pub(super) share_offset: f64,
    /// Offset of the stated-willingness latent: lower than sharing ⇒ a say/do gap.
    pub(super) willing_offset: f64,
}

pub(super) const DATA_TYPES: [DataTypeParams; 5] = [
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
pub(super) const UNNAMED_EVENT_TYPES: [&str; 3] = ["contacts_sync", "camera_roll", "microphone"];

pub(super) struct TacticParams {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    pub(super) column: &'static str,
    /// Mean of the latent acceptability before the cohort shift.
    pub(super) base: f64,
}

pub(super) const TACTICS: [TacticParams; 7] = [
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
pub(super) const TACTIC_CUTS: [f64; 4] = [-1.0, -0.2, 0.2, 1.0];
/// Weight of (minus) the concern latent in the tactic latent; the latent stays N(mean, 1).
pub(super) const TACTIC_CONCERN_LOADING: f64 = 0.3;
pub(super) const ACCEPTABILITY_LABELS: [&str; 5] = [
    "Very intrusive",
    "Somewhat intrusive",
    "Neutral",
    "Somewhat acceptable",
    "Very acceptable",
];

/// Ordered-probit cut points of the 1–5 stated-willingness items.
pub(super) const WILLING_CUTS: [f64; 4] = [-0.9, -0.3, 0.3, 0.9];

/// Concern items: target score `4 + CONCERN_SLOPE·(z_c − threshold)`, each item that target
/// plus N(0, noise²), rounded and clamped to 1..7. The reverse-keyed item is noisier, as
/// reverse-worded items usually are.
pub(super) const CONCERN_SLOPE: f64 = 1.1;
pub(super) const CONCERN_NOISE: [f64; 5] = [1.0, 0.9, 1.0, 1.1, 1.3];
pub(super) const CONCERN_REVERSE_ITEM: usize = 4;

pub(super) const P_ITEM_MISSING: f64 = 0.025;
pub(super) const P_WILLING_MISSING: f64 = 0.03;
pub(super) const P_TACTIC_MISSING: f64 = 0.025;
pub(super) const P_BIRTH_YEAR_MISSING: f64 = 0.005;
pub(super) const P_ROW_ERROR: f64 = 0.003;
/// Respondents with no behaviour at all (no events, no wide row).
pub(super) const P_NO_BEHAVIOR: f64 = 0.02;
/// A data type of a respondent with behaviour is observed with this probability.
pub(super) const P_TYPE_KNOWN: f64 = 0.9;
/// Per respondent, the chance that an id absent from the survey also shows up in the log.
pub(super) const P_ORPHAN: f64 = 0.002;
/// Events per known (respondent, data type): 1 + geometric failures, mean 1/p ≈ 4.4.
pub(super) const P_EVENT_STOP: f64 = 1.0 / 4.4;
/// 2025-01-01T00:00:00Z in days since the Unix epoch; the first event of each pair falls in the
/// first half of 2025.
pub(super) const EVENT_EPOCH_DAY: i64 = 20089;
pub(super) const EVENT_WINDOW_SECONDS: u64 = 181 * 86_400;

/// Rejection rounds before the deterministic fallback (reached with negligible probability,
/// and even then the planted event is honoured).
pub(super) const MAX_REJECTION_ROUNDS: usize = 64;

pub(super) const GENDERS: [(&str, f64); 4] = [
    ("Female", 0.49),
    ("Male", 0.48),
    ("Non-binary", 0.02),
    ("Prefer not to say", 0.01),
];
pub(super) const COUNTRIES: [(&str, f64); 7] = [
    ("US", 0.30),
    ("UK", 0.15),
    ("DE", 0.15),
    ("FR", 0.12),
    ("CA", 0.10),
    ("AU", 0.10),
    ("NL", 0.08),
];
