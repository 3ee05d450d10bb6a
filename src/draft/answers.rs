//! What the remaining columns hold, guessed from their answers: a rating (a coded text
//! scale, or whole numbers over a short range), a 0/1 behaviour, a count, or a few text
//! categories to group by.

use super::coding::CodingKind;
use super::guesses::{Draft, Guess};
use super::text::{contains_any, prefix_of};

/// Guesses the role of every column no other guess has taken.
pub(super) fn guess_answers(d: &mut Draft) {
    let n = d.cols.len();
    for i in 0..n {
        if d.guess[i] != Guess::Other {
            continue;
        }
        let c = &d.cols[i];
        if let Some(cd) = &d.coding[i] {
            // Unknown texts in order of appearance are a rating only within a battery
            // of such columns; alone they are more likely a category (gender, country).
            let battery = prefix_of(&c.name).is_some_and(|p| {
                (0..n)
                    .filter(|&j| {
                        prefix_of(&d.cols[j].name).as_deref() == Some(p.as_str())
                            && d.coding[j].is_some()
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
        } else if c.numeric
            && c.integer
            && c.min >= 0.0
            && contains_any(&c.name.to_lowercase(), &["count", "shared", "n_", "times"])
        {
            d.guess[i] = Guess::Count;
        } else if !c.numeric
            && !c.many
            && (2..=12).contains(&c.distinct.len())
            && c.distinct.len() as u64 * 2 <= c.non_missing
        {
            d.guess[i] = Guess::Group;
        }
    }
}
