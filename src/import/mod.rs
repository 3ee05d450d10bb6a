//! Readers for survey tables, wide behaviour tables and event logs; validation; rejected
//! rows; the PII guard (no column that looks like personal data enters a study);
//! careless-response screening flags; the normalized copy written by `paradox import`.
//! Import depends on `study` below it (and the shared `fmt` and `progress`), never on
//! the analysis, privacy, report or dashboard above it.

pub mod audit;
pub mod columnar;
pub(crate) mod ids;
pub mod listings;
pub mod load;
pub mod normalize;
pub mod parts;
pub mod pii;
pub mod sav;
pub mod screen;
pub mod select_all;
pub mod source;
pub mod survey_source;
pub mod values;
pub mod warnings;

pub use audit::audit_text;
pub use listings::{
    write_flagged, write_flagged_as, write_rejected, FLAGGED_HEADER, REJECTED_HEADER,
};
pub use load::{load_codebook, load_study, resolve_files, LoadOptions, StudyFiles};
