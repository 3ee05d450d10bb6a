//! Section 5, "Stated versus actual sharing by data type": per data type, the shares
//! willing and sharing, the say–do gap, the share of the unwilling who shared anyway and
//! McNemar's test — with the dumbbell chart and the table.

use crate::analysis::summary::Summary;
use crate::fmt::{count, p_value, pct, signed, MINUS, NOT_AVAILABLE};
use crate::report::document::{Block, ChartRef, Section};
use crate::report::tables;

use super::prose::{fin, share_ci, ALPHA_LEVEL};

pub fn section(summary: &Summary) -> Section {
    let mut blocks = Vec::new();
    if summary.data_types.is_empty() {
        blocks.push(Block::Para(
            "The codebook declares no data type, so stated and actual sharing cannot be compared."
                .into(),
        ));
        return Section {
            id: "data-types",
            title: "Stated versus actual sharing by data type".into(),
            blocks,
        };
    }
    let mut items = Vec::new();
    for d in &summary.data_types {
        let mut s = format!("{}: ", d.label);
        match (fin(d.willing), fin(d.shared)) {
            (Some(w), Some(sh)) => {
                s.push_str(&format!(
                    "{} said they were willing to share it, and {} actually shared it",
                    pct(w),
                    pct(sh)
                ));
                if let Some(g) = fin(d.say_do_gap) {
                    let pts = signed(g * 100.0, 0);
                    let unit = if pts.trim_start_matches(['+', MINUS]) == "1" {
                        "percentage point"
                    } else {
                        "percentage points"
                    };
                    s.push_str(&format!(" (say\u{2013}do gap {pts} {unit})"));
                }
                s.push_str(". ");
            }
            (Some(w), None) => s.push_str(&format!(
                "{} said they were willing to share it; the share who actually shared it is {NOT_AVAILABLE}. ",
                pct(w)
            )),
            (None, Some(sh)) => s.push_str(&format!(
                "{} actually shared it; the share who said they were willing is {NOT_AVAILABLE}. ",
                pct(sh)
            )),
            (None, None) => s.push_str(&format!(
                "the shares of respondents willing to share it and who shared it are {NOT_AVAILABLE}. "
            )),
        }
        match fin(d.paradox_rate) {
            Some(r) => s.push_str(&format!(
                "Of those who said they were unwilling, {} shared it anyway. ",
                share_ci(r, d.paradox_rate_ci)
            )),
            None => s.push_str(&format!(
                "The share of unwilling respondents who shared it anyway is {NOT_AVAILABLE}. "
            )),
        }
        match fin(d.mcnemar_p) {
            Some(p) => {
                let n = d
                    .n_pairs
                    .map(|n| format!(", n = {} pairs", count(n)))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "Stated and actual sharing {} (McNemar exact test, {}{n}).",
                    if p < ALPHA_LEVEL {
                        "differ"
                    } else {
                        "do not differ significantly"
                    },
                    p_value(p)
                ));
            }
            None => s.push_str(&format!("McNemar\u{2019}s test is {NOT_AVAILABLE}.")),
        }
        items.push(s.trim_end().to_string());
    }
    blocks.push(Block::List(items));
    blocks.push(Block::Chart(ChartRef::StatedVsActual));
    blocks.push(Block::Table(tables::data_types::data_types_table(summary)));
    Section {
        id: "data-types",
        title: "Stated versus actual sharing by data type".into(),
        blocks,
    }
}
