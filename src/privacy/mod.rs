//! Disclosure control of published numbers: the one door every published number goes
//! through. [`publish`] makes a [`Published`] — the only type the report and the
//! dashboard's exports write — by optionally adding differential-privacy noise to the
//! count tables ([`dp`]), then applying small-cell and complementary suppression
//! ([`suppress`]) and recording what it did in `disclosure_control` and `notes`. The
//! threshold rule itself is in [`rules`], shared with the dashboard's marks. The
//! unsuppressed summary is never modified; the dashboard shows it and marks what publishing
//! would hide with [`suppressed_paths`] or the `would_suppress_*` predicates.

pub mod audit;
pub mod collapse;
mod control;
pub mod dp;
pub mod models;
mod paths;
pub mod published;
pub mod rules;
pub mod suppress;

pub use published::{publish, PublishOptions, Published, PublishedAudit, PublishedInput};
pub use rules::{
    would_suppress_count, would_suppress_proportion, would_suppress_share,
    would_suppress_statistic, MinCell,
};
pub use suppress::SuppressionReport;

pub use control::publish_summary;
pub use paths::suppressed_paths;
