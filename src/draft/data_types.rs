//! Data types: behaviour (select-all options, 0/1 and count columns) and stated
//! willingness, joined when a willingness question names an option or the two columns'
//! names share a word (`will_loc` / `shr_loc`, `will_post` / `post_count`,
//! `willing[SQ001]` / `shared[SQ001]`), written as `[[data_type]]` tables.

use crate::study::codebook_toml::CodebookToml;

use super::guesses::{Draft, Guess};
use super::scales::{place_ratings, Ratings};
use super::text::{item_text, one_line, option_text, same_word, slug, words};

/// Name words of a recorded disclosure: a 0/1 column named with one of them is a behaviour
/// even when no willingness question names it (`consent`, `shared_location`, `granted_gps`).
const DISCLOSURE_WORDS: [&str; 33] = [
    "share",
    "shared",
    "shares",
    "sharing",
    "shr",
    "disclose",
    "disclosed",
    "disclosure",
    "grant",
    "granted",
    "allow",
    "allowed",
    "permit",
    "permitted",
    "permission",
    "perm",
    "perms",
    "consent",
    "consented",
    "optin",
    "provided",
    "provide",
    "gave",
    "reveal",
    "revealed",
    "upload",
    "uploaded",
    "posted",
    "connected",
    "linked",
    "behavior",
    "behaviour",
    "beh",
];

/// A select-all question that asks what respondents do to protect themselves ("Which of
/// the following do you use to protect your privacy?") rather than what they shared: its
/// options are not data types.
pub(super) fn not_disclosure(question: Option<&str>) -> bool {
    let Some(q) = question.map(str::to_lowercase) else {
        return false;
    };
    let protective = [
        "protect",
        "safeguard",
        "prevent",
        "avoid",
        "block",
        "defend",
    ];
    let sharing = [
        "share",
        "shared",
        "allow",
        "grant",
        "give",
        "gave",
        "disclos",
        "provide",
        "permission",
        "access to",
        "upload",
        "post",
    ];
    protective.iter().any(|w| q.contains(w)) && !sharing.iter().any(|w| q.contains(w))
}

fn disclosure_named(name: &str) -> bool {
    let w = words(name);
    w.iter().any(|x| DISCLOSURE_WORDS.contains(&x.as_str()))
        || w.windows(2).any(|p| p[0] == "opt" && p[1] == "in")
}

/// Behaviour columns no willingness question pairs with, settled: a 0/1 column not named
/// like a disclosure may as well be a condition, a characteristic or an experience ("Have
/// you ever deleted an app …?"), so it is listed for the researcher rather than made a
/// data type, and a count is left as a
/// commented candidate (a count of permissions or logins records disclosure only if the
/// researcher says so). Paired columns, select-all options and 0/1 columns named like a
/// disclosure stay behaviour.
pub(super) fn settle_unpaired(d: &mut Draft) {
    let stated = place_ratings(d).stated;
    for dt in guess_data_types(d, &stated) {
        let (None, Some(i), None) = (dt.stated, dt.behavior, &dt.joined) else {
            continue;
        };
        match d.guess[i] {
            Guess::Binary if !disclosure_named(&d.cols[i].name) => {
                d.guess[i] = Guess::UnpairedBinary
            }
            Guess::Count => d.guess[i] = Guess::CountCandidate,
            _ => {}
        }
    }
}

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
    /// The select-all question (index) whose option this is.
    question: Option<usize>,
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
            question: None,
        }
    }
}

/// The data types, in order: select-all options, comma-joined options, 0/1 and count
/// columns, then the willingness questions that name none of them.
fn guess_data_types(d: &Draft, stated: &[usize]) -> Vec<DataType> {
    let mut dts: Vec<DataType> = Vec::new();
    for (q, sq) in d.select.iter().enumerate().filter(|(_, sq)| {
        !sq.columns
            .iter()
            .any(|&i| not_disclosure(d.cols[i].text.as_deref()))
    }) {
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
            dts.push(DataType {
                question: Some(q),
                ..DataType::behavior(slug(label), i, false)
            });
        }
    }
    for c in d
        .columns_of(&Guess::Joined)
        .into_iter()
        .map(|i| &d.cols[i])
        .filter(|c| !not_disclosure(c.text.as_deref()))
    {
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
                question: None,
            });
        }
    }
    for i in 0..d.cols.len() {
        match d.guess[i] {
            Guess::Binary => dts.push(DataType::behavior(behavior_name(d, i), i, false)),
            Guess::Count | Guess::Checked => {
                dts.push(DataType::behavior(behavior_name(d, i), i, true))
            }
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
                    question: None,
                });
            }
        }
    }
    // A select-all question with neither question text nor a name that speaks of sharing
    // but a worded name (LimeSurvey's `devices[SQ001]` …), none of whose options a willingness question names,
    // asks about something else (devices owned, services used): not data types.
    // A question code (`S1`, `Q7`) says nothing either way: its options stay data types.
    let speaks_of_sharing = |q: usize| {
        let sq = &d.select[q];
        let worded = words(&sq.name)
            .iter()
            .any(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()));
        !worded
            || disclosure_named(&sq.name)
            || sq.columns.iter().any(|&i| d.cols[i].text.is_some())
    };
    let paired: Vec<usize> = dts
        .iter()
        .filter(|dt| dt.stated.is_some())
        .filter_map(|dt| dt.question)
        .collect();
    dts.retain(|dt| {
        dt.question
            .is_none_or(|q| speaks_of_sharing(q) || paired.contains(&q))
    });
    dts
}

/// A behaviour column's data type name: the item its label names ("…permission screen:
/// Contacts" → `contacts`), else the column's name.
fn behavior_name(d: &Draft, i: usize) -> String {
    let c = &d.cols[i];
    c.text
        .as_deref()
        .and_then(item_text)
        .map(slug)
        .unwrap_or_else(|| slug(&c.name))
}

/// Name words that say what kind of column it is rather than which data, and small words:
/// they pair nothing.
const KIND_WORDS: [&str; 53] = [
    "will",
    "willing",
    "willingness",
    "wtp",
    "wts",
    "beh",
    "obs",
    "observed",
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
    if let Some(t) = c.text.as_deref().and_then(item_text) {
        mine.extend(data_words(t));
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

/// The `[[data_type]]` tables (names made unique), then the counts no willingness question
/// names as commented candidates.
pub(super) fn write_data_types(d: &Draft, r: &Ratings, w: &mut CodebookToml) {
    write_paired(d, r, w);
    let unpaired = d.columns_of(&Guess::UnpairedBinary);
    if !unpaired.is_empty() {
        w.comment(
            "TODO: 0/1 columns that no willingness question names and not named like a \
             disclosure —",
        )
        .comment(
            "a behaviour (a [[data_type]]), a condition or characteristic (a group), or neither?",
        );
        for i in unpaired {
            let c = &d.cols[i];
            w.comment(&format!(
                "  {}{}",
                c.name,
                c.text
                    .as_deref()
                    .filter(|t| *t != c.name)
                    .map(|t| format!(": {}", one_line(t)))
                    .unwrap_or_default()
            ));
        }
        w.blank();
    }
    let candidates = d.columns_of(&Guess::CountCandidate);
    if candidates.is_empty() {
        return;
    }
    w.comment(
        "Counts that no willingness question names — behaviour only if they record disclosure \
         (then uncomment):",
    );
    for i in candidates {
        let c = &d.cols[i];
        let why = d.why[i].as_deref().unwrap_or("a count");
        w.comment("[[data_type]]")
            .comment(&format!("name = \"{}\"", slug(&c.name)))
            .comment(&format!(
                "behavior = \"{}\"  # {why}, {}–{}",
                c.name, c.min, c.max
            ))
            .comment("shared_min = 1");
    }
    w.blank();
}

fn write_paired(d: &Draft, r: &Ratings, w: &mut CodebookToml) {
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
                let min = if d.guess[i] == Guess::Checked { 2 } else { 1 };
                w.note(&format!("guessed: {why}; shared when ≥ shared_min"))
                    .value("shared_min", min);
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
