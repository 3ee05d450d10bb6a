//! One module per dashboard tab. Each owns a small state struct (selection, scroll) with
//! its own key handling, renders from that state and a read-only [`View`] of the study and
//! the analysis on screen — never from the `App`, which sits above the tabs — and builds
//! the [`Grid`](crate::tui::grid::Grid)s that `e` exports from a `Published`.

pub mod data_types;
pub mod gap;
pub mod models;
pub mod overview;
pub mod quality;
pub mod respondents;
pub mod robustness;
pub mod tactics;

mod common;

pub use common::{clicked_row, navigate, split, take_top, View};
