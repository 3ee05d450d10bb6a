//! The columns that look like personal data, listed in a closing comment: `paradox check`
//! refuses them, so the researcher learns it while editing the draft.

use crate::import::pii::scan_column;
use crate::study::codebook_toml::CodebookToml;

use super::guesses::Draft;

pub(super) fn write_pii(d: &Draft, w: &mut CodebookToml) {
    let pii_cols: Vec<String> = d
        .cols
        .iter()
        .filter_map(|c| scan_column(&c.name, &c.samples))
        .map(|f| format!("  {} ({})", f.column, f.kind))
        .collect();
    if pii_cols.is_empty() {
        return;
    }
    w.blank()
        .comment(
            "These columns look like personal data, which the analysis does not need. `paradox \
             check`",
        )
        .comment(
            "refuses them: delete them from the export, or pass --drop-pii (or allow one under",
        )
        .comment("[pii_allow] with a reason).");
    for l in &pii_cols {
        w.comment(l);
    }
}
