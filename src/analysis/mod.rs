//! Pure statistics: a loaded [`Study`] plus a [`Filter`] and [`AnalysisOptions`] in, one
//! [`Summary`] out (definitions in `docs/methods.md`). No I/O, no terminal.
//!
//! [`summarize`] (in `summarize.rs`) runs the families (one file each: `reliability`, `gap`,
//! `data_types`, `tactics`, `distributions`, `groups`, `sensitivity`, `models`, then
//! `adjust`) and assembles their results. Below the families sit what they share: the data types of
//! [`summary`], the accumulators of `common` and the primitives of `stats`; `groups`,
//! `tactics` and `screening` reuse `gap`'s block and test helpers, and every gap block gets
//! its detectable effect and equivalence tests from `power` (which `paradox plan` also asks).
//! `meta` stands apart from the families: it pools effects over several studies' published
//! summaries for `paradox compare`.

pub mod adjust;
pub mod common;
pub mod data_types;
pub mod distributions;
pub mod filter;
pub mod gap;
pub mod groups;
pub mod meta;
pub mod models;
pub mod power;
pub mod reliability;
pub mod respondents;
pub mod scores;
pub mod screening;
pub mod sensitivity;
pub mod source;
pub mod stats;
pub mod summarize;
pub mod summary;
pub mod tactics;

pub use filter::{describe_filter, AnalysisOptions, Comparison, Filter, ScoreCondition};
pub use respondents::{respondent_rows, RespondentRow, Respondents};
pub use source::Source;
pub use summarize::{summarize, summarize_merged, summarize_with_respondents, Merges};
pub use summary::Summary;
