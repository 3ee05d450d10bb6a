//! Synthetic studies with planted, documented effects (`paradox synth`): a complete study
//! folder (`codebook.toml`, `survey.csv`, `events.csv` or `behavior.csv`, `truth.json`)
//! whose true population values are known.
//!
//! The model is built so that the quantities the analysis estimates are *explicit
//! parameters* (or exact functions of them): per respondent, a cohort is drawn, then two
//! latent standard-normal traits — privacy concern `z_c` and sharing propensity `z_d`,
//! correlated weakly negatively — and the events "concerned" (`z_c` above a cohort
//! threshold) and "discloser" (`z_d` above a cohort threshold) have exactly the cohort's
//! planted probabilities. Item scores are then drawn *conditional* on those events (by
//! rejection), so that the analysis's definitions applied to the written files (scale
//! score > midpoint; disclosure score ≥ 0.5) reproduce them exactly, whatever items or data
//! types happen to be missing. Tactic ratings are ordered-probit draws whose category
//! probabilities are normal-CDF differences. Only the Spearman correlation between the two
//! scores and the per-data-type say/do rates have no closed form; those come from a large
//! Monte-Carlo run with a fixed internal seed, computed once per process and labelled as
//! such in `truth.json`.
//!
//! Generation streams: every respondent is drawn, written and forgotten, so memory does not
//! grow with the number of respondents or events. Output is a pure function of the options
//! (seed, size, format, folder name): one `ChaCha8Rng`, no hash-map iteration anywhere.
//!
//! The rooms, lowest first: `options` (what is asked and reported), `params` (the model's
//! numbers), `model` (derived thresholds and normal maths), `respondent` (drawing one),
//! `truth` and `monte_carlo` (true values), `format` (digits into a byte buffer),
//! `careless` (planted careless respondents), `codebook`, `survey_rows`, `behavior_rows`,
//! `truth_file` (the files' contents), `folder` (the folder and CSV writer), and
//! `generate`, which runs them.

mod behavior_rows;
mod careless;
mod codebook;
mod folder;
mod format;
mod generate;
mod model;
mod monte_carlo;
mod options;
mod params;
mod respondent;
mod survey_rows;
mod truth;
mod truth_file;

pub use generate::generate;
pub use options::{SynthError, SynthOptions, SynthOutcome, WrittenFile};
pub use params::{MODEL_VERSION, SURVEY_YEAR};
