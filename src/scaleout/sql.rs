//! The per-respondent aggregation of an event log as SQL, generated from the codebook so
//! that an engine gives exactly what paradox's own reading of the log gives:
//!
//! - the id, data-type and action columns the codebook names, read as text;
//! - fields trimmed of ASCII white space (space, tab, line feed, form feed, carriage
//!   return), an empty or missing (NULL) field being no value;
//! - rows without an id, a data type or an action left out (paradox rejects them);
//! - data types and share actions compared with the codebook's names trimmed and
//!   lowercased, the field's ASCII letters folded to lower case (and no others: see
//!   `matches_key`);
//! - ids trimmed of Unicode white space, rows whose id holds a control or invisible format
//!   character left out (paradox rejects them), the rest compared in Unicode NFC;
//! - per respondent and data type: 1 when an event of that type has a share action, 0 when
//!   its events have none, NULL without an event of that type; a respondent whose events
//!   are all of types the codebook does not name still has a row (all NULL), as such a
//!   respondent has behaviour data in paradox's reading.
//!
//! The query groups twice: by the id as written (a handful of rows per respondent remain),
//! then by the cleaned id, so the id rules — a Python function in Spark — run once per
//! distinct id, not per event.

use crate::study::Codebook;

/// The SQL dialect of an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

/// ASCII white space as the loader trims a field (`u8::is_ascii_whitespace`).
const ASCII_WS: [u32; 5] = [0x20, 0x09, 0x0A, 0x0C, 0x0D];

/// The loader's id rules: Unicode white space trimmed, control and invisible format
/// characters refused (one table, used by both).
pub(crate) use crate::import::load::{HIDDEN, UNICODE_WS};

/// The columns of the log and of the table the query writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The log's id, data-type and action columns.
    pub id: String,
    pub data_type: String,
    pub action: String,
    /// Share actions, trimmed and lowercased.
    pub share: Vec<String>,
    /// Per output column: the data type's name and the key its events are matched with
    /// (`None`: no event can match it, the column stays NULL).
    pub columns: Vec<(String, Option<String>)>,
}

impl Plan {
    /// The plan of `cb`, or why there is none: behaviour that is not an event log, no data
    /// type with behaviour, more than 64 of them.
    pub fn of(cb: &Codebook) -> Result<Plan, String> {
        if cb.behavior.format != crate::study::codebook::BehaviorFormat::Events {
            return Err(
                "the codebook's behaviour is not an event log ([behavior] format = \"events\"), so there is nothing to aggregate"
                    .into(),
            );
        }
        // Data types by their key; a key named twice matches the last one, as in the loader.
        let mut owner: std::collections::HashMap<String, usize> = Default::default();
        for (d, dt) in cb.data_types.iter().enumerate() {
            if let Some(b) = &dt.behavior {
                owner.insert(b.trim().to_lowercase(), d);
            }
        }
        if owner.len() > 64 {
            return Err("an event log can be matched to at most 64 data types".into());
        }
        let columns: Vec<(String, Option<String>)> = cb
            .data_types
            .iter()
            .enumerate()
            .filter_map(|(d, dt)| {
                let key = dt.behavior.as_ref()?.trim().to_lowercase();
                let matches = (owner.get(&key) == Some(&d)).then_some(key);
                Some((dt.name.clone(), matches))
            })
            .collect();
        if columns.is_empty() {
            return Err(
                "no data type of the codebook has a `behavior` name to match events with".into(),
            );
        }
        Ok(Plan {
            id: cb
                .behavior
                .id
                .clone()
                .unwrap_or_else(|| cb.columns.id.clone()),
            data_type: cb.behavior.data_type.clone(),
            action: cb.behavior.action.clone(),
            share: cb
                .behavior
                .share_actions
                .iter()
                .map(|a| a.trim().to_lowercase())
                .collect(),
            columns,
        })
    }
}

/// An identifier of the dialect.
pub fn ident(d: Dialect, name: &str) -> String {
    match d {
        Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
        Dialect::Spark => format!("`{}`", name.replace('`', "``")),
    }
}

/// A string literal of the dialect (Spark's literals read backslash escapes).
pub fn lit(d: Dialect, s: &str) -> String {
    match d {
        Dialect::DuckDb => format!("'{}'", s.replace('\'', "''")),
        Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
    }
}

/// A regular-expression character class of code point ranges, in the `\x{…}` form both
/// RE2 (DuckDB) and Java (Spark) read.
pub fn char_class(ranges: &[(u32, u32)]) -> String {
    let mut s = String::from("[");
    for &(lo, hi) in ranges {
        if lo == hi {
            s.push_str(&format!("\\x{{{lo:X}}}"));
        } else {
            s.push_str(&format!("\\x{{{lo:X}}}-\\x{{{hi:X}}}"));
        }
    }
    s.push(']');
    s
}

/// `expr` trimmed of ASCII white space.
fn trim_ascii(d: Dialect, expr: &str) -> String {
    let chars = ASCII_WS
        .iter()
        .map(|c| format!("chr({c})"))
        .collect::<Vec<_>>()
        .join(" || ");
    match d {
        Dialect::DuckDb => format!("trim({expr}, {chars})"),
        Dialect::Spark => format!("trim(BOTH {chars} FROM {expr})"),
    }
}

/// The condition "the trimmed field `raw` (with `lower(raw)` in `low`) equals the key `k`,
/// its ASCII letters folded to lower case and no others". For an ASCII key that is
/// `low = k` with as many bytes in `raw` as in `k`: a character outside ASCII is at least
/// two bytes and lowercases to itself, to other such characters, or to one ASCII letter
/// (U+212A KELVIN SIGN to `k`), so a field holding one would be longer in bytes than its
/// lower case. Other keys use `translate`, exact but many times slower per row.
fn matches_key(d: Dialect, raw: &str, low: &str, k: &str) -> String {
    if k.is_ascii() {
        let bytes = match d {
            Dialect::DuckDb => "strlen",
            Dialect::Spark => "octet_length",
        };
        format!("({low} = {} AND {bytes}({raw}) = {})", lit(d, k), k.len())
    } else {
        format!(
            "translate({raw}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = {}",
            lit(d, k)
        )
    }
}

/// A column of the log as text.
fn text(d: Dialect, column: &str) -> String {
    let ty = match d {
        Dialect::DuckDb => "VARCHAR",
        Dialect::Spark => "STRING",
    };
    format!("CAST({} AS {ty})", ident(d, column))
}

/// The name of the Python function Spark's query calls to clean an id (registered by the
/// driver): NULL for an id with a hidden character, else the id trimmed and in NFC.
pub const SPARK_ID_FUNCTION: &str = "paradox_clean_id";

/// The query over a relation named `events`, giving one row per respondent.
pub fn aggregate_sql(plan: &Plan, d: Dialect, header: &str) -> String {
    let mut q = String::new();
    for line in header.lines() {
        q.push_str("-- ");
        q.push_str(line);
        q.push('\n');
    }
    q.push_str("WITH ev AS (\n  SELECT\n");
    q.push_str(&format!(
        "    {} AS rid,\n",
        trim_ascii(d, &text(d, &plan.id))
    ));
    q.push_str(&format!(
        "    {} AS tr,\n",
        trim_ascii(d, &text(d, &plan.data_type))
    ));
    q.push_str(&format!(
        "    {} AS ar\n  FROM events\n),\n",
        trim_ascii(d, &text(d, &plan.action))
    ));
    q.push_str("-- rows paradox rejects: no id, no data type or no action\n");
    q.push_str("kept AS (\n  SELECT rid, tr, lower(tr) AS t, ar, lower(ar) AS a FROM ev\n  WHERE coalesce(rid, '') <> '' AND coalesce(tr, '') <> '' AND coalesce(ar, '') <> ''\n),\n");
    let share = if plan.share.is_empty() {
        "FALSE".to_string()
    } else {
        format!(
            "({})",
            plan.share
                .iter()
                .map(|s| matches_key(d, "ar", "a", s))
                .collect::<Vec<_>>()
                .join(" OR ")
        )
    };
    q.push_str("-- per id as written: known (k) and shared (s) per data type\n");
    q.push_str("per_raw_id AS (\n  SELECT rid");
    for (i, (_, key)) in plan.columns.iter().enumerate() {
        match key {
            Some(k) => {
                let is = matches_key(d, "tr", "t", k);
                q.push_str(&format!(
                    ",\n    bool_or({is}) AS k{i},\n    bool_or({is} AND {share}) AS s{i}"
                ));
            }
            None => q.push_str(&format!(",\n    FALSE AS k{i},\n    FALSE AS s{i}")),
        }
    }
    q.push_str("\n  FROM kept\n  GROUP BY rid\n),\n");
    let bits: String = (0..plan.columns.len())
        .map(|i| format!(", k{i}, s{i}"))
        .collect();
    q.push_str("-- ids: Unicode white space trimmed, hidden characters rejected, NFC\n");
    match d {
        Dialect::DuckDb => {
            let ws = char_class(&UNICODE_WS);
            q.push_str(&format!(
                "trimmed AS (\n  SELECT regexp_replace(rid, '^{ws}+|{ws}+$', '', 'g') AS tid{bits}\n  FROM per_raw_id\n),\n"
            ));
            q.push_str(&format!(
                "per_id AS (\n  SELECT nfc_normalize(tid) AS id{bits}\n  FROM trimmed\n  WHERE NOT regexp_matches(tid, '{}')\n)\n",
                char_class(&HIDDEN)
            ));
        }
        Dialect::Spark => {
            q.push_str(&format!(
                "cleaned AS (\n  SELECT {SPARK_ID_FUNCTION}(rid) AS id{bits}\n  FROM per_raw_id\n),\n"
            ));
            q.push_str(&format!(
                "per_id AS (\n  SELECT id{bits}\n  FROM cleaned\n  WHERE id IS NOT NULL\n)\n"
            ));
        }
    }
    q.push_str(&format!("SELECT\n  id AS {}", ident(d, &plan.id)));
    for (i, (name, _)) in plan.columns.iter().enumerate() {
        q.push_str(&format!(
            ",\n  CASE WHEN bool_or(k{i}) THEN CASE WHEN bool_or(s{i}) THEN 1 ELSE 0 END END AS {}",
            ident(d, name)
        ));
    }
    q.push_str("\nFROM per_id\nGROUP BY id\nORDER BY id\n");
    q
}
