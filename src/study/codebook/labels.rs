//! Value labels as they are matched: an exported text matches a label of its column's set
//! once both are trimmed, case-folded and their inner runs of whitespace collapsed (exports
//! differ in spacing and case). The import matches with [`normalize_label`]; the check here
//! makes sure no two labels of a set become the same text that way while mapping to
//! different codes — which one an answer would get could not be told.

use std::collections::BTreeMap;

use super::types::{Check, Codebook};

/// Trimmed, case-folded, inner runs of whitespace collapsed: the form in which labels and
/// exported texts are compared.
pub fn normalize_label(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Codebook {
    /// `[labels]`: no two labels of a set that match the same text map to different codes.
    pub(super) fn check_label_collisions(&self) -> Check {
        for (name, set) in &self.labels {
            let mut seen: BTreeMap<String, (&str, i64)> = BTreeMap::new();
            for (label, &code) in set {
                let norm = normalize_label(label);
                match seen.get(&norm) {
                    Some(&(first, first_code)) if first_code != code => {
                        return Err((
                            format!("labels.{name}"),
                            format!(
                                "labels \"{first}\" (code {first_code}) and \"{label}\" (code {code}) are the same label once trimmed and case is ignored, but map to different codes"
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(norm, (label, code));
                    }
                }
            }
        }
        Ok(())
    }
}
