//! The draft codebook's text, table by table in the order a researcher reads it: study and
//! columns first, then label sets, scales, select-all questions, data types and tactics,
//! then what is left to do.

use crate::study::codebook_toml::CodebookToml;

use super::data_types::write_data_types;
use super::groups::write_checks;
use super::guesses::Draft;
use super::heading::write_study;
use super::key_columns::{write_cohorts, write_columns};
use super::labels::write_label_sets;
use super::pii::write_pii;
use super::scales::{place_ratings, write_paradox, write_scales, write_unplaced};
use super::select_all::write_select_all;
use super::tactics::write_tactics;

/// The codebook text of a classified draft.
pub(super) fn write(d: &Draft) -> String {
    let mut w = CodebookToml::new();
    let mut todo: Vec<String> = Vec::new();
    write_study(d, &mut w);
    write_columns(d, &mut w, &mut todo);
    write_cohorts(d, &mut w, &mut todo);
    write_label_sets(d, &mut w);
    let ratings = place_ratings(d);
    let scale_names = write_scales(d, &ratings, &mut w);
    write_select_all(d, &mut w);
    write_data_types(d, &ratings, &mut w);
    write_tactics(d, &ratings, &mut w);
    write_unplaced(d, &ratings, &mut w);
    write_checks(d, &mut w);
    write_paradox(&ratings, &scale_names, &mut w);
    w.table("disclosure_control").value("min_cell", 10);
    write_pii(d, &mut w);
    if !todo.is_empty() {
        w.blank()
            .comment(&format!("Still missing: {}.", todo.join("; ")));
    }
    w.into_string()
}
