//! Data types: behaviour (select-all options, 0/1 and count columns) and stated
//! willingness, joined when a willingness question names an option, written as
//! `[[data_type]]` tables.

use crate::study::codebook_toml::CodebookToml;

use super::guesses::{Draft, Guess};
use super::scales::Ratings;
use super::text::{one_line, option_text, slug};

/// One data type of the draft.
struct DataType {
    name: String,
    /// The stated-willingness column.
    stated: Option<usize>,
    /// The behaviour column.
    behavior: Option<usize>,
    /// A comma-joined option, as `"QUESTION:OPTION"`.
    joined: Option<String>,
    /// The behaviour column counts (shared when at least 1).
    count: bool,
}

impl DataType {
    fn behavior(name: String, column: usize, count: bool) -> DataType {
        DataType {
            name,
            stated: None,
            behavior: Some(column),
            joined: None,
            count,
        }
    }
}

/// The data types, in order: select-all options, comma-joined options, 0/1 and count
/// columns, then the willingness questions that name none of them.
fn guess_data_types(d: &Draft, stated: &[usize]) -> Vec<DataType> {
    let mut dts: Vec<DataType> = Vec::new();
    for sq in &d.select {
        for i in sq.options() {
            let c = &d.cols[i];
            let label = c
                .text
                .as_deref()
                .map(option_text)
                .filter(|t| !t.is_empty())
                .or_else(|| {
                    c.distinct.first().map(|d| d.0.as_str()).filter(|v| {
                        v.parse::<f64>().is_err()
                            && !matches!(v.to_ascii_lowercase().as_str(), "y" | "yes")
                    })
                })
                .unwrap_or(&c.name);
            dts.push(DataType::behavior(slug(label), i, false));
        }
    }
    for c in d.columns_of(&Guess::Joined).into_iter().map(|i| &d.cols[i]) {
        let none = c.none_token();
        for t in c.tokens.iter().filter(|t| Some(*t) != none) {
            let name = if t.parse::<f64>().is_ok() {
                format!("{}_{}", slug(&c.name), slug(t))
            } else {
                slug(t)
            };
            dts.push(DataType {
                name,
                stated: None,
                behavior: None,
                joined: Some(format!("{}:{t}", c.name)),
                count: false,
            });
        }
    }
    for i in 0..d.cols.len() {
        match d.guess[i] {
            Guess::Binary => dts.push(DataType::behavior(slug(&d.cols[i].name), i, false)),
            Guess::Count => dts.push(DataType::behavior(slug(&d.cols[i].name), i, true)),
            _ => {}
        }
    }
    for &i in stated {
        let t = d.cols[i].text_lower();
        let hit = dts.iter_mut().find(|d| {
            d.stated.is_none() && d.name.len() > 2 && t.contains(&d.name.replace('_', " "))
        });
        match hit {
            Some(dt) => dt.stated = Some(i),
            None => {
                let c = &d.cols[i];
                let base = c
                    .text
                    .as_deref()
                    .filter(|t| t.contains(" - "))
                    .map(|t| slug(option_text(t)))
                    .unwrap_or_else(|| {
                        let n = slug(&c.name);
                        n.strip_prefix("willing_")
                            .or_else(|| n.strip_prefix("willingness_"))
                            .map(str::to_string)
                            .unwrap_or(n)
                    });
                dts.push(DataType {
                    name: base,
                    stated: Some(i),
                    behavior: None,
                    joined: None,
                    count: false,
                });
            }
        }
    }
    dts
}

/// The `[[data_type]]` tables (names made unique).
pub(super) fn write_data_types(d: &Draft, r: &Ratings, w: &mut CodebookToml) {
    let mut dt_names: Vec<String> = Vec::new();
    for dt in guess_data_types(d, &r.stated) {
        let mut name = dt.name.clone();
        while dt_names.contains(&name) {
            name.push('_');
        }
        dt_names.push(name.clone());
        w.array_table("data_type")
            .note(&format!(
                "guessed{}; check the name",
                match (dt.stated, dt.behavior) {
                    (Some(_), Some(_)) => ": a willingness question naming this option",
                    (Some(_), None) => ": a willingness question",
                    _ => "",
                }
            ))
            .string("name", &name);
        if let Some(i) = dt.stated {
            let c = &d.cols[i];
            if let Some(t) = &c.text {
                w.comment(&format!("{}: {}", c.name, one_line(t)));
            }
            w.string("stated", &c.name);
            if let Some((lo, hi)) = r.range(d, i) {
                w.value("stated_min", lo).value("stated_max", hi);
            }
        }
        if let Some(i) = dt.behavior {
            w.string("behavior", &d.cols[i].name);
            if dt.count {
                w.note("a count: shared when ≥ shared_min")
                    .value("shared_min", 1);
            }
        } else if let Some(j) = &dt.joined {
            w.string("behavior", j);
        } else {
            w.comment(
                "TODO: behaviour for this data type, if recorded: behavior = \"column\" (survey \
                 or behavior.csv) or the event log's data type",
            );
        }
        w.blank();
    }
}
