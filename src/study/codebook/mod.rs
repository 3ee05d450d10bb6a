//! The codebook (`codebook.toml`): what each column of a study means.
//!
//! Parsing is strict — unknown keys are errors, because a typo in a codebook must never be
//! silently ignored — and [`Codebook::validate`] checks everything that can be checked
//! without the data (min < max, label sets that exist, scales named in `[paradox]` …).
//! Checks that need the data's header (a named column is missing) happen at import.
//!
//! The files of this folder, from the bottom up: `limits` (how wide a range and how long
//! each list may be, in one place), `options` (select-all questions, screening,
//! `[analysis]`), `types` (the codebook and its other sections), then the checks: `bounds`
//! (the limits), `roles` (one column, one role), `labels` (how labels are matched, and no
//! two of a set colliding), `validate` (every check, section by section, in order) and
//! `parse` (reading the TOML, errors with their line).

mod bounds;
mod labels;
pub mod limits;
mod options;
mod parse;
mod roles;
mod types;
mod validate;

pub use labels::normalize_label;

pub use options::{
    AnalysisSpec, AttentionSpec, Expected, Multiplicity, ScreeningSpec, SelectAllSpec,
    SelectOptions,
};
pub use types::{
    sesoi_problem, BehaviorFormat, BehaviorSpec, Codebook, CohortScheme, CohortSpec, Columns,
    DataTypeSpec, DisclosureControlSpec, ParadoxSpec, ScaleSpec, StudyMeta, TacticSpec, Threshold,
    DEFAULT_SESOI,
};

#[cfg(test)]
mod tests;
