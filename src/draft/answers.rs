//! What the remaining columns hold, guessed from their answers: a count (named like one),
//! a rating (a coded text scale, or whole numbers over a short range), a 0/1 behaviour, or a
//! few text categories to group by.

use super::coding::CodingKind;
use super::column::Column;
use super::guesses::{Draft, Guess};
use super::text::{prefix_of, words};

/// Name words of counts: how many times something was done.
const COUNT_WORDS: [&str; 22] = [
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
    "uploaded",
    "posted",
    "disclosed",
    "provided",
    "submitted",
    "connected",
    "beh",
    "behavior",
    "behaviour",
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
const ATTITUDE_WORDS: [&str; 10] = [
    "will",
    "willing",
    "willingness",
    "wtp",
    "wts",
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
    if has(&["beh", "behavior", "behaviour"]) {
        Some("named like a recorded behaviour: check which values mean shared")
    } else if has(&COUNT_WORDS) {
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

/// An item of a battery (four or more rating items of one question) that nearly everyone
/// answered alike while no other item has a majority answer: an instructed item ("select
/// 'Disagree' for this row") hidden in the battery, a check rather than an item.
pub(super) fn guess_instructed_items(d: &mut Draft) {
    let modal = |c: &super::column::Column| {
        let top = c.distinct.iter().map(|x| x.1).max().unwrap_or(0);
        if c.non_missing == 0 {
            0.0
        } else {
            top as f64 / c.non_missing as f64
        }
    };
    let mut batteries: Vec<(String, Vec<usize>)> = Vec::new();
    for i in 0..d.cols.len() {
        if !matches!(d.guess[i], Guess::Rating(..)) || d.cols[i].many {
            continue;
        }
        let Some(p) = prefix_of(&d.cols[i].name) else {
            continue;
        };
        match batteries.iter_mut().find(|b| b.0 == p) {
            Some(b) => b.1.push(i),
            None => batteries.push((p, vec![i])),
        }
    }
    for (_, items) in batteries.into_iter().filter(|b| b.1.len() >= 4) {
        let shares: Vec<f64> = items.iter().map(|&i| modal(&d.cols[i])).collect();
        let high: Vec<usize> = (0..items.len()).filter(|&k| shares[k] >= 0.8).collect();
        if let [k] = high[..] {
            if (0..items.len()).all(|j| j == k || shares[j] < 0.5) {
                d.set(
                    items[k],
                    Guess::Check,
                    format!(
                        "{:.0}% gave one answer, where no other item of its battery has a \
                         majority answer: an instructed item",
                        100.0 * shares[k]
                    ),
                );
            }
        }
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
        if d.sosci
            && c.numeric
            && c.integer
            && c.min >= 1.0
            && c.max == 2.0
            && prefix_of(&c.name).is_some()
        {
            d.set(
                i,
                Guess::Checked,
                "a SoSci multiple-choice option: 1 = not checked, 2 = checked",
            );
            continue;
        }
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
