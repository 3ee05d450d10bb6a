//! Data types: behaviour (select-all options, 0/1 and count columns) and stated
//! willingness, joined when a willingness question names an option or the two columns'
//! names share a word (`will_loc` / `shr_loc`, `will_post` / `post_count`,
//! `willing[SQ001]` / `shared[SQ001]`), written as `[[data_type]]` tables.

use crate::study::codebook_toml::CodebookToml;

use super::guesses::{Draft, Guess};
use super::scales::Ratings;
use super::text::{one_line, option_text, same_word, slug, words};

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
    /// How the stated column was paired with the behaviour, for the comment.
    paired: &'static str,
}

impl DataType {
    fn behavior(name: String, column: usize, count: bool) -> DataType {
        DataType {
            name,
            stated: None,
            behavior: Some(column),
            joined: None,
            count,
            paired: "",
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
                paired: "",
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
        let by_text = dts.iter().position(|d| {
            d.stated.is_none() && d.name.len() > 2 && t.contains(&d.name.replace('_', " "))
        });
        let hit = match by_text {
            Some(k) => Some((k, ": a willingness question naming this option", None)),
            None => by_name(d, &dts, i).map(|(k, name)| {
                (
                    k,
                    ": a willingness question whose name shares a word with the behaviour's",
                    Some(name),
                )
            }),
        };
        match hit {
            Some((k, how, name)) => {
                let dt = &mut dts[k];
                dt.stated = Some(i);
                dt.paired = how;
                if let Some(name) = name {
                    dt.name = name;
                }
            }
            None => {
                let c = &d.cols[i];
                let base = c
                    .text
                    .as_deref()
                    .filter(|t| t.contains(" - "))
                    .map(|t| slug(option_text(t)))
                    .unwrap_or_else(|| {
                        // The name without its kind words: `will_loc` → `loc`.
                        let w = data_words(&c.name);
                        if w.is_empty() {
                            slug(&c.name)
                        } else {
                            slug(&w.join("_"))
                        }
                    });
                dts.push(DataType {
                    name: base,
                    stated: Some(i),
                    behavior: None,
                    joined: None,
                    count: false,
                    paired: ": a willingness question",
                });
            }
        }
    }
    dts
}

/// Name words that say what kind of column it is rather than which data, and small words:
/// they pair nothing.
const KIND_WORDS: [&str; 49] = [
    "will",
    "willing",
    "willingness",
    "wtp",
    "stated",
    "share",
    "shared",
    "count",
    "cnt",
    "n",
    "num",
    "number",
    "total",
    "times",
    "behavior",
    "behaviour",
    "to",
    "of",
    "the",
    "a",
    "in",
    "on",
    "for",
    "and",
    "my",
    "your",
    "with",
    "about",
    "data",
    "info",
    "information",
    "you",
    "are",
    "is",
    "how",
    "have",
    "has",
    "an",
    "this",
    "that",
    "do",
    "did",
    "ever",
    "would",
    "what",
    "which",
    "it",
    "be",
    "any",
];

/// The words of a column name that say which data it is about: not a kind word, not a
/// number, not a question number (`q5`).
fn data_words(name: &str) -> Vec<String> {
    words(name)
        .into_iter()
        .filter(|w| !KIND_WORDS.contains(&w.as_str()))
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .filter(|w| {
            !(w.starts_with('q') && w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit()))
        })
        .collect()
}

/// The behaviour-only data type whose column (or name) shares the most data words with
/// stated column `i`'s name (or item text), if any shares one, and a name from the words shared (the
/// longer spelling of each: `loc`/`location` → `location`).
fn by_name(d: &Draft, dts: &[DataType], i: usize) -> Option<(usize, String)> {
    let c = &d.cols[i];
    let mut mine = data_words(&c.name);
    // A Qualtrics item's text after " - " names its data ("… - Your location").
    if let Some(t) = c.text.as_deref().filter(|t| t.contains(" - ")) {
        mine.extend(data_words(option_text(t)));
    }
    let shared = |dt: &DataType| -> Vec<String> {
        let mut theirs = data_words(&dt.name);
        if let Some(b) = dt.behavior {
            theirs.extend(data_words(&d.cols[b].name));
        }
        mine.iter()
            .filter_map(|m| {
                let t = theirs.iter().find(|t| same_word(m, t))?;
                Some(if t.len() > m.len() {
                    t.clone()
                } else {
                    m.clone()
                })
            })
            .collect()
    };
    let (k, words) = dts
        .iter()
        .enumerate()
        .filter(|(_, dt)| dt.stated.is_none())
        .map(|(k, dt)| (k, shared(dt)))
        .fold((0, Vec::new()), |best, x| {
            if x.1.len() > best.1.len() {
                x
            } else {
                best
            }
        });
    (!words.is_empty()).then(|| (k, slug(&words.join("_"))))
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
            .note(&format!("guessed{}; check the name", dt.paired))
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
                let why = d.why[i].as_deref().unwrap_or("a count");
                w.note(&format!("guessed: {why}; shared when ≥ shared_min"))
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
