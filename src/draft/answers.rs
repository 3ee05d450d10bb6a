//! What the remaining columns hold, guessed from their answers: a count (named like one),
//! a rating (a coded text scale, or whole numbers over a short range), a 0/1 behaviour, or a
//! few text categories to group by.

use super::coding::CodingKind;
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{prefix_of, words};

/// Name words of counts: how many times something was done.
const COUNT_WORDS: [&str; 13] = [
    "count",
    "counts",
    "cnt",
    "num",
    "number",
    "n",
    "nr",
    "total",
    "times",
    "freq",
    "frequency",
    "shared",
    "granted",
];
/// Name words of logged activities: a column named after one holds how many there were.
const ACTIVITY_WORDS: [&str; 20] = [
    "posts",
    "reactions",
    "likes",
    "comments",
    "shares",
    "logins",
    "clicks",
    "visits",
    "permissions",
    "messages",
    "tweets",
    "uploads",
    "downloads",
    "installs",
    "sessions",
    "followers",
    "friends",
    "photos",
    "checkins",
    "grants",
];
/// Name words of attitude questions, which are never counts (`will_post`).
const ATTITUDE_WORDS: [&str; 9] = [
    "will",
    "willing",
    "willingness",
    "wtp",
    "accept",
    "concern",
    "trust",
    "agree",
    "intent",
];

/// Why `c` is a count, if it is one: whole numbers from 0 beyond 1 (a 0/1 column is a
/// yes/no behaviour), named like a count (`post_count`, `n_logins`, `times_shared`) or a
/// logged activity (`reactions`, `permissions_granted`, `nposts`), and not like an
/// attitude.
fn count(c: &Column) -> Option<&'static str> {
    if !(c.numeric && c.integer && c.min >= 0.0 && c.max > 1.0 && c.non_missing > 0) {
        return None;
    }
    let w = words(&c.name);
    let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    if has(&ATTITUDE_WORDS) {
        return None;
    }
    if has(&COUNT_WORDS) {
        Some("named like a count")
    } else if w
        .iter()
        .any(|x| ACTIVITY_WORDS.iter().any(|a| x.ends_with(a)))
    {
        // `nposts`, `reposts`: the activity at the end of a word.
        Some("named like a logged activity")
    } else {
        None
    }
}

/// Guesses the role of every column no other guess has taken.
pub(super) fn guess_answers(d: &mut Draft) {
    let n = d.cols.len();
    for i in 0..n {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let c = &d.cols[i];
        if let Some(why) = count(c) {
            d.set(i, Guess::Count, why);
            continue;
        }
        if d.coding[i].as_ref().is_some_and(|cd| cd.set == "yes_no") {
            d.set(i, Guess::Binary, "yes/no answers");
            continue;
        }
        if let Some(cd) = &d.coding[i] {
            // Unknown texts in order of appearance are a rating only within a battery
            // of such columns answered with the same texts; alone, or beside questions
            // with other answers (Q2 gender, Q3 education), they are more likely a category.
            let alike = |j: usize| {
                let (a, b) = (&d.cols[i].distinct, &d.cols[j].distinct);
                let shared = a.iter().filter(|x| b.iter().any(|y| y.0 == x.0)).count();
                2 * shared >= a.len().min(b.len())
            };
            let battery = prefix_of(&c.name).is_some_and(|p| {
                (0..n)
                    .filter(|&j| {
                        prefix_of(&d.cols[j].name).as_deref() == Some(p.as_str())
                            && d.coding[j].is_some()
                            && (cd.kind != CodingKind::Appearance || alike(j))
                    })
                    .count()
                    >= 2
            });
            if cd.max - cd.min >= 2 && (cd.kind != CodingKind::Appearance || battery) {
                d.guess[i] = Guess::Rating(cd.min, cd.max);
                continue;
            }
        }
        if let Some((lo, hi)) = c.rating_range() {
            d.guess[i] = Guess::Rating(lo, hi);
        } else if c.numeric && c.integer && c.min >= 0.0 && c.max == 1.0 && c.min == 0.0 {
            d.guess[i] = Guess::Binary;
        } else if !c.numeric
            && !c.many
            && (2..=12).contains(&c.distinct.len())
            && c.distinct.len() as u64 * 2 <= c.non_missing
            // Categories are answered by most; a column most leave blank is something else
            // (an optional remark).
            && c.non_missing * 2 >= d.rows
        {
            d.set(i, Guess::Group, "text answers with few values");
        }
    }
}
