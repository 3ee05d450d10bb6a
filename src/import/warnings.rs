//! Load warnings: what makes a study that loaded fine doubtful — a column that rejects
//! more than 5% of its rows, a label of a label set never used (while others are) as text
//! outside the set is rejected (a typo in the codebook, most likely), a data type or share action that no
//! event of the log matches, a behaviour column named like a demographic or a condition, a
//! behaviour the same for every respondent, a respondent carrying more than 10% of the total weight.
//! They are found once, when the study is loaded (from the audit and the few facts the
//! loader gathers for them, [`LoadFacts`]), kept in `Audit::warnings`, and worded twice:
//! for the analyst (`paradox check`, [`describe`]) and for a report ([`describe_published`],
//! with the counts disclosure control lets through and no value from the data).

use std::collections::HashMap;

use crate::fmt::{count, num, pct1, ratio_pct1};
use crate::import::values::parse_number;
use crate::study::codebook::normalize_label;
use crate::study::{Study, Warning};

/// A column rejecting more than this share of its rows is doubtful.
pub const REJECTED_SHARE: f64 = 0.05;

/// A respondent carrying more than this share of the total weight is doubtful.
pub const WEIGHT_SHARE: f64 = 0.10;

/// What the loader saw that the warnings need and the study does not keep.
#[derive(Debug, Default)]
pub struct LoadFacts {
    /// Per column with a label set: which of the set's labels (in the codebook's sorted
    /// order) matched at least one value.
    pub labels_used: HashMap<String, Vec<bool>>,
    /// What the event log matched (none without an event log).
    pub events: Option<EventFacts>,
}

/// What the event log matched.
#[derive(Debug, Default)]
pub struct EventFacts {
    pub file: String,
    pub data_type_column: String,
    pub action_column: String,
    /// Per codebook data type: an event of an analysed respondent has its behaviour name.
    pub types_seen: Vec<bool>,
    /// Per share action: an event of a codebook data type has it.
    pub shares_seen: Vec<bool>,
    /// The actions in the log with their counts, in order of first appearance (read only
    /// when a share action is unmatched, to suggest the one meant).
    pub actions: Vec<(String, u64)>,
}

/// The warnings of a loaded study: per rejecting column (in file order), then per data
/// type and share action (codebook order), then the weights.
pub fn collect(study: &Study, facts: &LoadFacts) -> Vec<Warning> {
    let mut out = column_warnings(study, facts);
    if let Some(ev) = &facts.events {
        out.extend(event_warnings(study, ev));
    }
    out.extend(behavior_warnings(study));
    out.extend(weight_warning(study));
    out
}

/// At least this many respondents with a behaviour value before a data type whose
/// respondents all shared (or none did) is doubtful.
pub const CONSTANT_MIN: u64 = 10;

/// Per data type with a behaviour (codebook order): a behaviour column named like a
/// demographic or the experimental design (survey or wide behaviour columns; an event log
/// names event types, not columns), and a behaviour that is the same for every one of at
/// least [`CONSTANT_MIN`] respondents.
fn behavior_warnings(study: &Study) -> Vec<Warning> {
    let events = study.codebook.behavior.format == crate::study::codebook::BehaviorFormat::Events;
    let mut out = Vec::new();
    for (k, dt) in study.codebook.data_types.iter().enumerate() {
        let Some(column) = dt.behavior.as_deref() else {
            continue;
        };
        if !events {
            if let Some(kind) = crate::study::column_words::demographic_or_design(column) {
                out.push(Warning::BehaviorLooksDemographic {
                    data_type: dt.name.clone(),
                    column: column.to_string(),
                    kind: kind.to_string(),
                });
            }
        }
        let Some(Some(shared)) = study.shared.get(k) else {
            continue;
        };
        let yes = shared.iter().filter(|s| **s == Some(true)).count() as u64;
        let no = shared.iter().filter(|s| **s == Some(false)).count() as u64;
        if yes + no >= CONSTANT_MIN && (yes == 0 || no == 0) {
            out.push(Warning::ConstantBehavior {
                data_type: dt.name.clone(),
                column: column.to_string(),
                shared: no == 0,
                respondents: yes + no,
            });
        }
    }
    out
}

/// The rejected values of one column.
#[derive(Default)]
struct ColumnRejects {
    rejected: u64,
    /// Reason → (count, first value), in order of first appearance.
    reasons: Vec<(String, u64, String)>,
    /// Distinct rejected values that are text, not numbers: candidates for a label typo.
    text: Vec<String>,
}

/// Rejections per (file, column), in order of first appearance; rows set aside as no
/// respondent (previews, tests, unfinished) and rows of the wrong width are no column's.
fn rejects_by_column(study: &Study) -> Vec<((String, String), ColumnRejects)> {
    let a = &study.audit;
    let mut out: Vec<((String, String), ColumnRejects)> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for r in &a.rejected {
        if r.column.is_empty() || a.set_aside.contains_key(&r.reason) {
            continue;
        }
        let key = (r.file.clone(), r.column.clone());
        let i = *index.entry(key.clone()).or_insert_with(|| {
            out.push((key, ColumnRejects::default()));
            out.len() - 1
        });
        let c = &mut out[i].1;
        c.rejected += 1;
        match c.reasons.iter_mut().find(|x| x.0 == r.reason) {
            Some(x) => x.1 += 1,
            None => c.reasons.push((r.reason.clone(), 1, r.value.clone())),
        }
        let v = r.value.trim();
        if !v.is_empty() && parse_number(v).is_none() && !c.text.iter().any(|t| t == v) {
            c.text.push(v.to_string());
        }
    }
    out
}

/// The rows a file's rejections are counted against: the survey's rows that are
/// respondents, or the rows (events) of the behaviour file.
fn rows_of(study: &Study, file: &str) -> u64 {
    let a = &study.audit;
    let role = a
        .inputs
        .iter()
        .find(|f| {
            f.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy() == file)
        })
        .map(|f| f.role.as_str());
    match role {
        Some("survey") => a.survey_rows - a.set_aside.values().sum::<u64>().min(a.survey_rows),
        _ => a.behavior_rows,
    }
}

fn column_warnings(study: &Study, facts: &LoadFacts) -> Vec<Warning> {
    let cb = &study.codebook;
    let mut out = Vec::new();
    for ((file, column), c) in rejects_by_column(study) {
        let rows = rows_of(study, &file);
        let set = cb
            .label_columns
            .get(&column)
            .and_then(|name| Some((name, cb.labels.get(name)?)));
        // A typo in a label shows as a label never used beside others that are, while text
        // is rejected; a column exported as codes uses no label at all, and one whose every
        // label is wrong rejects most of its rows (the warning below says so).
        let used = facts.labels_used.get(&column);
        let some_used = used.is_some_and(|u| u.iter().any(|x| *x));
        if let (Some((set_name, labels)), false, true) = (set, c.text.is_empty(), some_used) {
            let unused: Vec<String> = labels
                .keys()
                .enumerate()
                .filter(|(i, _)| !used.is_some_and(|u| u.get(*i).copied().unwrap_or(false)))
                .map(|(_, l)| l.clone())
                .collect();
            if !unused.is_empty() {
                let suggestion = nearest_pair(&unused, &c.text);
                out.push(Warning::UnusedLabels {
                    file,
                    column,
                    label_set: set_name.clone(),
                    labels: unused,
                    rejected: c.rejected,
                    rows,
                    suggestion,
                });
                continue;
            }
        }
        if rows > 0 && c.rejected as f64 / rows as f64 > REJECTED_SHARE {
            // The most frequent reason (the first on a tie).
            let (reason, _, example) = c
                .reasons
                .iter()
                .enumerate()
                .max_by_key(|(i, r)| (r.1, std::cmp::Reverse(*i)))
                .map(|(_, r)| r.clone())
                .unwrap_or_default();
            out.push(Warning::Rejected {
                file,
                column,
                rejected: c.rejected,
                rows,
                reason,
                example,
            });
        }
    }
    out
}

fn event_warnings(study: &Study, ev: &EventFacts) -> Vec<Warning> {
    let cb = &study.codebook;
    let ignored: Vec<(String, u64)> = study
        .audit
        .ignored_event_types
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    let mut out = Vec::new();
    for (d, dt) in cb.data_types.iter().enumerate() {
        let Some(value) = &dt.behavior else { continue };
        if ev.types_seen.get(d).copied().unwrap_or(true) {
            continue;
        }
        out.push(Warning::UnmatchedDataType {
            file: ev.file.clone(),
            column: ev.data_type_column.clone(),
            data_type: dt.name.clone(),
            value: value.clone(),
            suggestion: nearest(value, &ignored),
        });
    }
    for (i, action) in cb.behavior.share_actions.iter().enumerate() {
        if ev.shares_seen.get(i).copied().unwrap_or(true) {
            continue;
        }
        out.push(Warning::UnmatchedShareAction {
            file: ev.file.clone(),
            column: ev.action_column.clone(),
            action: action.clone(),
            suggestion: nearest(action, &ev.actions),
        });
    }
    out
}

/// Respondents each carrying more than [`WEIGHT_SHARE`] of the total weight — and more
/// than twice the mean weight, so a study of a handful of respondents (each ⅛ of the
/// total, say) is not warned about its size.
fn weight_warning(study: &Study) -> Option<Warning> {
    let w = study.weight.as_ref()?;
    let total: f64 = w.iter().sum();
    if w.is_empty() || total <= 0.0 {
        return None;
    }
    let mean = total / w.len() as f64;
    let heavy = |x: f64| x / total > WEIGHT_SHARE && x > 2.0 * mean;
    let respondents = w.iter().filter(|x| heavy(**x)).count() as u64;
    (respondents > 0).then(|| Warning::HeavyWeight {
        column: study.codebook.columns.weight.clone().unwrap_or_default(),
        respondents,
        largest_weight: w.iter().copied().fold(0.0, f64::max),
        total_weight: total,
    })
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions: `grnat`
/// is one edit from `grant`), on characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut x = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                x = x.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = x;
        }
    }
    d[a.len()][b.len()]
}

/// The distance of two texts as labels compare them (case and spacing aside), when it is
/// small enough to be a typo: at most 2 edits, or a quarter of the length.
fn typo_distance(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (normalize_label(a), normalize_label(b));
    let d = edit_distance(&a, &b);
    let limit = (a.chars().count() / 4).max(2);
    (d > 0 && d <= limit).then_some(d)
}

/// The candidate closest to `target` within typo distance (the most frequent, then the
/// first, on a tie).
fn nearest(target: &str, candidates: &[(String, u64)]) -> Option<(String, u64)> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some(((typo_distance(target, &c.0)?, std::cmp::Reverse(c.1), i), c)))
        .min_by_key(|(key, _)| *key)
        .map(|(_, c)| c.clone())
}

/// The (label, rejected value) pair closest within typo distance.
fn nearest_pair(labels: &[String], values: &[String]) -> Option<(String, String)> {
    labels
        .iter()
        .flat_map(|l| values.iter().map(move |v| (l, v)))
        .filter_map(|(l, v)| Some((typo_distance(l, v)?, l, v)))
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, l, v)| (l.clone(), v.clone()))
}

/// `"a"`, or `"a", "b"`: names between `open` and `close` quotes.
fn quoted(names: &[String], open: char, close: char) -> String {
    names
        .iter()
        .map(|n| format!("{open}{n}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What to do about a column rejecting many values for `reason`.
fn fix_for(reason: &str) -> &'static str {
    if reason.contains("label set") {
        "add the exported text to the column's label set, or assign it the right set in [label_columns]"
    } else if reason.contains("outside the declared range") {
        "check the column's declared range (min/max) in the codebook"
    } else if reason.contains("not a number") || reason.contains("not a whole number") {
        "give the column a label set in [label_columns] if it holds text, or check that the codebook names the right column"
    } else {
        "check that the codebook names the right column; --rejected FILE lists every rejected value"
    }
}

/// One warning for the analyst, on one line: the column, the counts, the likely fix.
pub fn describe(w: &Warning) -> String {
    match w {
        Warning::Rejected {
            file,
            column,
            rejected,
            rows,
            reason,
            example,
        } => format!(
            "column \"{column}\" ({file}): {} of {} rows rejected ({}), most for \"{reason}\"{} — {}",
            count(*rejected),
            count(*rows),
            ratio_pct1(*rejected, *rows),
            if example.is_empty() {
                String::new()
            } else {
                format!(" (e.g. \"{example}\")")
            },
            fix_for(reason)
        ),
        Warning::UnusedLabels {
            file,
            column,
            label_set,
            labels,
            rejected,
            rows,
            suggestion,
        } => {
            let which = match labels.len() {
                1 => format!(
                    "label {} of label set \"{label_set}\" is",
                    quoted(labels, '"', '"')
                ),
                _ => format!(
                    "labels {} of label set \"{label_set}\" are",
                    quoted(labels, '"', '"')
                ),
            };
            let fix = match suggestion {
                Some((label, value)) => format!(
                    "did you mean \"{value}\"? Correct \"{label}\" in [labels.{label_set}]"
                ),
                None => format!(
                    "correct [labels.{label_set}] to the text the export uses (--rejected FILE lists the rejected values)"
                ),
            };
            format!(
                "column \"{column}\" ({file}): {} of {} rows rejected ({}) while {which} never used — {fix}",
                count(*rejected),
                count(*rows),
                ratio_pct1(*rejected, *rows)
            )
        }
        Warning::UnmatchedDataType {
            file,
            column,
            data_type,
            value,
            suggestion,
        } => format!(
            "column \"{column}\" ({file}): 0 events of analysed respondents have the data type \"{value}\" of [[data_type]] \"{data_type}\", so its behaviour is unknown for everyone — {}",
            match suggestion {
                Some((s, n)) => format!(
                    "did you mean \"{s}\" ({} events ignored)? Correct its behavior in the codebook",
                    count(*n)
                ),
                None => "check its behavior name against the event log".to_string(),
            }
        ),
        Warning::UnmatchedShareAction {
            file,
            column,
            action,
            suggestion,
        } => format!(
            "column \"{column}\" ({file}): 0 events of the codebook's data types have the share action \"{action}\" (behavior.share_actions), so it marks nothing as shared — {}",
            match suggestion {
                Some((s, n)) => format!(
                    "did you mean \"{s}\" ({} events)? Correct it in [behavior] share_actions",
                    count(*n)
                ),
                None => "check it against the actions of the event log".to_string(),
            }
        ),
        Warning::BehaviorLooksDemographic {
            data_type,
            column,
            kind,
        } => format!(
            "data type \"{data_type}\": its behaviour column \"{column}\" is named like {kind}, not a record of sharing — check [[data_type]] behavior (such a column belongs in [columns] group)"
        ),
        Warning::ConstantBehavior {
            data_type,
            column,
            shared,
            respondents,
        } => format!(
            "data type \"{data_type}\": all {} respondents with a value in \"{column}\" {} — a constant column, or a shared_min {} reaches; check the column and shared_min",
            count(*respondents),
            if *shared { "shared" } else { "did not share" },
            if *shared { "every value" } else { "no value" }
        ),
        Warning::HeavyWeight {
            column,
            respondents,
            largest_weight,
            total_weight,
        } => format!(
            "column \"{column}\": {} more than 10% of the total weight (the largest weight, {}, is {} of {}) — check the weights for errors, or trim them",
            carry(Some(*respondents)),
            num(*largest_weight, 2),
            pct1(largest_weight / total_weight),
            num(*total_weight, 2)
        ),
    }
}

/// "1 respondent carries", "3 respondents each carry", or "a small number of respondents
/// each carry" when the count is not published.
fn carry(n: Option<u64>) -> String {
    match n {
        Some(1) => "1 respondent carries".into(),
        Some(n) => format!("{} respondents each carry", count(n)),
        None => "a small number of respondents each carry".into(),
    }
}

/// One warning as a report may print it: `published` gives each count as disclosure
/// control lets it through (`None`: a small cell, or withheld), and no value from the
/// data appears — only the codebook's names and the columns.
pub fn describe_published(w: &Warning, published: &dyn Fn(u64) -> Option<u64>) -> String {
    let share = |k: u64, n: u64, what: &str| match (published(k), published(n)) {
        (Some(k), Some(n)) => format!("{} of {} {what} ({})", count(k), count(n), ratio_pct1(k, n)),
        _ => format!("some {what} (the count is not published)"),
    };
    match w {
        Warning::Rejected {
            column,
            rejected,
            rows,
            ..
        } => match (published(*rejected), published(*rows)) {
            (Some(k), Some(n)) => format!(
                "{} of {} values in column \u{201c}{column}\u{201d} were rejected ({})",
                count(k),
                count(n),
                ratio_pct1(k, n)
            ),
            _ => format!(
                "more than 5% of the values in column \u{201c}{column}\u{201d} were rejected (the count is not published)"
            ),
        },
        Warning::UnusedLabels {
            column,
            label_set,
            labels,
            rejected,
            rows,
            ..
        } => format!(
            "{} {} of label set \u{201c}{label_set}\u{201d} never matched in column \u{201c}{column}\u{201d}, while {} were rejected: probably a typo in the codebook",
            if labels.len() == 1 { "label" } else { "labels" },
            quoted(labels, '\u{201c}', '\u{201d}'),
            share(*rejected, *rows, "of its values")
        ),
        Warning::UnmatchedDataType {
            data_type, value, ..
        } => format!(
            "no event in the event log matched the data type \u{201c}{value}\u{201d} of \u{201c}{data_type}\u{201d}: its behaviour is unknown for every respondent"
        ),
        Warning::UnmatchedShareAction { action, .. } => format!(
            "no event in the event log had the share action \u{201c}{action}\u{201d}: it marks nothing as shared"
        ),
        Warning::BehaviorLooksDemographic {
            data_type,
            column,
            kind,
        } => format!(
            "the behaviour of data type \u{201c}{data_type}\u{201d} is read from column \u{201c}{column}\u{201d}, which is named like {kind}"
        ),
        Warning::ConstantBehavior {
            data_type, shared, ..
        } => format!(
            "every respondent with a behaviour value for data type \u{201c}{data_type}\u{201d} {}: the behaviour does not vary",
            if *shared { "shared" } else { "did not share" }
        ),
        Warning::HeavyWeight { respondents, .. } => format!(
            "{} more than 10% of the total weight",
            carry(published(*respondents))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_near_and_other_words_are_not() {
        assert_eq!(edit_distance("grnat", "grant"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            typo_distance("Very acceptible", "very  acceptable"),
            Some(1)
        );
        assert_eq!(typo_distance("Not sure", "Neutral"), None);
        assert_eq!(typo_distance("grant", "grant"), None);
        let actions = vec![("prompt".to_string(), 5), ("grant".to_string(), 3)];
        assert_eq!(nearest("grnat", &actions), Some(("grant".into(), 3)));
        assert_eq!(nearest("share", &actions), None);
        let pair = nearest_pair(
            &["Very acceptible".into()],
            &["Not sure".into(), "Very acceptable".into()],
        );
        assert_eq!(
            pair,
            Some(("Very acceptible".into(), "Very acceptable".into()))
        );
    }
}
