//! Readers for survey tables, wide behaviour tables and event logs; validation; rejected
//! rows; the PII guard (SPEC §2).

pub mod load;
pub mod pii;
pub mod source;
pub mod values;

pub use load::{load_codebook, load_study, resolve_files, LoadOptions, StudyFiles};
