//! The `codebook.toml` of a synthetic study: the columns the survey and behaviour writers
//! produce, the label set of the text-coded tactic answers, the concern scale, data types
//! and tactics of the model, and — with careless respondents — the screening rules.

use crate::study::codebook_toml::{quote, CodebookToml};

use super::careless::ATTENTION_EXPECTED;
use super::params::{
    ACCEPTABILITY_LABELS, CONCERN_REVERSE_ITEM, DATA_TYPES, MODEL_VERSION, SURVEY_YEAR, TACTICS,
};

/// The concern items' wording, shown as comments above the scale.
const CONCERN_ITEM_TEXTS: [&str; 5] = [
    "It bothers me when apps ask me for personal information.",
    "I am concerned that apps collect too much information about me.",
    "I worry that apps pass my data on to other companies.",
    "Apps should tell me clearly what they do with my data.",
    "I am comfortable with the data apps collect about me. (reverse-keyed)",
];

/// The codebook text of a study named `study_name`, with an event log (`events`) or a wide
/// behaviour file, and with the screening section when careless respondents were planted.
pub(super) fn codebook_text(study_name: &str, events: bool, careless: bool) -> String {
    let mut w = CodebookToml::new();
    w.comment(&format!(
        "Synthetic study written by `paradox synth` (model {MODEL_VERSION})."
    ))
    .comment("The planted true values and the generating model are in truth.json.")
    .blank();
    w.table("study")
        .string("name", study_name)
        .value("survey_year", SURVEY_YEAR)
        .blank();
    w.table("columns")
        .string("id", "respondent_id")
        .string("birth_year", "birth_year")
        .string("weight", "weight")
        .strings("group", ["gender", "country"])
        .strings("missing", ["", "NA", "-99"])
        .blank();
    w.table("cohorts").string("scheme", "generation").blank();
    write_tactic_labels(&mut w);
    write_concern_scale(&mut w);
    write_data_types(&mut w, events);
    write_tactics(&mut w);
    w.table("paradox")
        .string("concern_scale", "concern")
        .string("concern_threshold", "midpoint")
        .value("disclosure_threshold", 0.5)
        .blank();
    w.table("disclosure_control").value("min_cell", 10).blank();
    w.table("behavior");
    if events {
        w.string("format", "events")
            .string("id", "respondent_id")
            .string("data_type", "data_type")
            .string("action", "action")
            .strings("share_actions", ["grant", "share"]);
    } else {
        w.string("format", "wide").string("id", "respondent_id");
    }
    if careless {
        write_screening(&mut w);
    }
    w.into_string()
}

/// Tactic answers are written as text, so they need a label set.
fn write_tactic_labels(w: &mut CodebookToml) {
    w.comment("Tactic answers are exported as text.")
        .table("labels.acceptability5");
    for (k, l) in ACCEPTABILITY_LABELS.iter().enumerate() {
        w.value(&quote(l), k + 1);
    }
    w.blank().table("label_columns");
    for t in &TACTICS {
        w.string(t.column, "acceptability5");
    }
    w.blank();
}

fn write_concern_scale(w: &mut CodebookToml) {
    w.comment("IUIPC-style privacy concern, 1 = strongly disagree .. 7 = strongly agree.");
    for (i, text) in CONCERN_ITEM_TEXTS.iter().enumerate() {
        w.comment(&format!("  concern_{}  {text}", i + 1));
    }
    w.array_table("scale")
        .string("name", "concern")
        .string("label", "Privacy concern")
        .strings("items", (1..=5).map(|i| format!("concern_{i}")))
        .value("min", 1)
        .value("max", 7)
        .strings("reverse", [format!("concern_{}", CONCERN_REVERSE_ITEM + 1)])
        .blank();
}

fn write_data_types(w: &mut CodebookToml, events: bool) {
    w.comment("Stated willingness to share, 1 = not at all willing .. 5 = very willing.");
    for d in &DATA_TYPES {
        w.array_table("data_type")
            .string("name", d.name)
            .string("label", d.label)
            .string("stated", d.stated)
            .value("stated_min", 1)
            .value("stated_max", 5);
        if events {
            w.string("behavior", d.name);
        } else {
            w.string("behavior", d.wide).value("shared_min", 1);
        }
        w.blank();
    }
}

fn write_tactics(w: &mut CodebookToml) {
    w.comment("Acceptability, 1 = very intrusive .. 5 = very acceptable.");
    for t in &TACTICS {
        w.array_table("tactic")
            .string("name", t.name)
            .string("label", t.label)
            .string("column", t.column)
            .value("min", 1)
            .value("max", 5)
            .blank();
    }
}

/// The screening rules that find the planted careless respondents.
fn write_screening(w: &mut CodebookToml) {
    w.blank()
        .comment(
            "Careless-response screening (planted by `paradox synth --careless`; truth.json \
             lists them).",
        )
        .comment(&format!(
            "attention_check: \"To show that you read this, please select 'Disagree' \
             ({ATTENTION_EXPECTED}).\" (1..5)"
        ))
        .table("screening")
        .value("exclude", false)
        .string("duration", "duration_s")
        .value("speeder_fraction", 0.3)
        .value("straightlining", true)
        .blank()
        .array_table("screening.attention")
        .string("column", "attention_check")
        .value("expected", ATTENTION_EXPECTED);
}
