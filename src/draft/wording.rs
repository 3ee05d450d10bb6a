//! Answer scales read from their wording: answers that all rate one quality ("acceptable",
//! "agree", "willing", "comfortable") with a degree word and perhaps a negation — "Not
//! acceptable at all", "Not very acceptable", "Somewhat acceptable", "Very acceptable" — are
//! put in the order their words say, even when the wording is not one of the known answer
//! scales. A label that rates another quality, or two labels the words cannot tell apart,
//! and the answers are not a scale by wording.
//!
//! Each answer gets a position on a line from "not … at all" (−4) through the midpoint
//! ("neither … nor", "neutral": 0) to "extremely …" (+4): the degree word gives the
//! distance from the midpoint (plain 2.5, "slightly" 1, "somewhat" 1.5, "moderately"/"fairly"
//! 2, "very" 3, "strongly" 3.5, "extremely"/"completely" 4), and a negation ("not", or the
//! quality with `un`/`in`/`im`/`ir`/`il`/`dis` in front) puts it below the midpoint;
//! "not very"/"not too" are mild (−1.5).

use super::text::norm;

/// Degree words and their distance from the midpoint.
const DEGREES: [(&str, f64); 17] = [
    ("slightly", 1.0),
    ("mildly", 1.0),
    ("somewhat", 1.5),
    ("rather", 1.5),
    ("moderately", 2.0),
    ("fairly", 2.0),
    ("reasonably", 2.0),
    ("quite", 2.7),
    ("mostly", 2.7),
    ("very", 3.0),
    ("highly", 3.0),
    ("strongly", 3.5),
    ("definitely", 3.5),
    ("extremely", 4.0),
    ("completely", 4.0),
    ("totally", 4.0),
    ("absolutely", 4.0),
];

/// Words of a midpoint answer.
const MIDPOINTS: [&str; 7] = [
    "neutral",
    "undecided",
    "unsure",
    "indifferent",
    "neither",
    "mixed",
    "ambivalent",
];

/// Prefixes that negate a quality (`unacceptable`, `disagree`, `impossible`).
const NEGATING: [&str; 6] = ["un", "in", "im", "ir", "il", "dis"];

/// Answers that are no position on any scale ("Don't know", "Prefer not to say"): set
/// aside before the order is read, and left for the researcher to call missing.
pub(super) fn non_substantive(answer: &str) -> bool {
    let t = norm(answer).replace(['’', '`'], "'");
    const PHRASES: [&str; 14] = [
        "don't know",
        "dont know",
        "do not know",
        "not sure",
        "no opinion",
        "prefer not to",
        "rather not say",
        "can't say",
        "cannot say",
        "can't tell",
        "not applicable",
        "n/a",
        "refused",
        "no answer",
    ];
    t == "dk" || PHRASES.iter().any(|p| t.contains(p))
}

/// An answer's reading: the quality rated (`None` for a midpoint), whether it carries a
/// negating prefix, and its position.
struct Reading {
    quality: Option<String>,
    prefixed: bool,
    position: f64,
}

/// Reads one answer: words of degree and negation around one quality word or phrase.
fn read(answer: &str) -> Option<Reading> {
    let t = norm(answer);
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) {
        return None;
    }
    if words.iter().any(|w| MIDPOINTS.contains(w)) {
        return Some(Reading {
            quality: None,
            prefixed: false,
            position: 0.0,
        });
    }
    let not = words.iter().any(|w| matches!(*w, "not" | "no"));
    let at_all = t.contains("at all");
    let degree = words
        .iter()
        .find_map(|w| DEGREES.iter().find(|d| d.0 == *w).map(|d| d.1));
    let a_little = t.contains("a little") || t.contains("a bit");
    let quality: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                *w,
                "not" | "no" | "at" | "all" | "a" | "little" | "bit" | "too" | "so"
            ) && !DEGREES.iter().any(|d| d.0 == *w)
        })
        .collect();
    if quality.is_empty() || quality.len() > 2 {
        return None;
    }
    let magnitude = if a_little { 1.0 } else { degree.unwrap_or(2.5) };
    let position = if not && at_all {
        -4.0
    } else if not && (degree.is_some() || words.contains(&"too") || words.contains(&"so")) {
        // "not very", "not too": short of the quality, not its opposite.
        -1.5
    } else if not {
        -2.5
    } else {
        magnitude
    };
    Some(Reading {
        quality: Some(quality.join(" ")),
        prefixed: false,
        position,
    })
}

/// The quality without a negating prefix when `other` is that quality
/// (`unacceptable` → `acceptable` beside `acceptable`).
fn unprefixed<'a>(q: &'a str, others: &[&str]) -> Option<&'a str> {
    NEGATING.iter().find_map(|p| {
        let rest = q.strip_prefix(p)?;
        (rest.len() >= 4 && others.contains(&rest)).then_some(rest)
    })
}

/// The answers in the order their wording says, lowest first, and the quality they rate;
/// `None` unless there are at least three answers, all rating one quality (or the
/// midpoint), and no two at the same position.
pub(super) fn ordered_by_wording(answers: &[&str]) -> Option<(Vec<String>, String)> {
    if answers.len() < 3 || answers.len() > 11 {
        return None;
    }
    let mut readings: Vec<(String, Reading)> = Vec::new();
    for a in answers {
        readings.push((a.to_string(), read(a)?));
    }
    let qualities: Vec<String> = readings
        .iter()
        .filter_map(|r| r.1.quality.clone())
        .collect();
    let plain: Vec<&str> = qualities
        .iter()
        .map(String::as_str)
        .filter(|q| {
            !NEGATING.iter().any(|p| {
                q.strip_prefix(p)
                    .is_some_and(|r| qualities.iter().any(|o| o == r))
            })
        })
        .collect();
    for (_, r) in readings.iter_mut() {
        let Some(q) = r.quality.clone() else { continue };
        if let Some(base) = unprefixed(&q, &plain) {
            r.quality = Some(base.to_string());
            r.prefixed = true;
        }
    }
    let quality = readings.iter().find_map(|r| r.1.quality.clone())?;
    if readings
        .iter()
        .any(|r| r.1.quality.as_ref().is_some_and(|q| *q != quality))
    {
        return None;
    }
    for (_, r) in readings.iter_mut() {
        if r.prefixed {
            // "unacceptable" is "not acceptable"; "very unacceptable" the far end.
            r.position = if r.position > 0.0 {
                -r.position
            } else {
                r.position
            };
        }
    }
    readings.sort_by(|a, b| a.1.position.total_cmp(&b.1.position));
    if readings
        .windows(2)
        .any(|w| w[0].1.position == w[1].1.position)
    {
        return None;
    }
    Some((readings.into_iter().map(|r| r.0).collect(), quality))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(a: &[&str]) -> Option<Vec<String>> {
        ordered_by_wording(a).map(|x| x.0)
    }

    #[test]
    fn degree_and_negation_give_the_order() {
        let got = order(&[
            "Very acceptable",
            "Not acceptable at all",
            "Somewhat acceptable",
            "Not very acceptable",
        ])
        .unwrap();
        assert_eq!(
            got,
            [
                "Not acceptable at all",
                "Not very acceptable",
                "Somewhat acceptable",
                "Very acceptable"
            ]
        );
        let got = order(&[
            "Agree",
            "Strongly disagree",
            "Neither agree nor disagree",
            "Disagree",
            "Strongly agree",
            "Somewhat agree",
            "Somewhat disagree",
        ])
        .unwrap();
        assert_eq!(got[0], "Strongly disagree");
        assert_eq!(got[2], "Somewhat disagree");
        assert_eq!(got[3], "Neither agree nor disagree");
        assert_eq!(got[6], "Strongly agree");
        let got = order(&[
            "Moderately comfortable",
            "Not at all comfortable",
            "Extremely comfortable",
            "Slightly comfortable",
            "Very comfortable",
        ])
        .unwrap();
        assert_eq!(
            got,
            [
                "Not at all comfortable",
                "Slightly comfortable",
                "Moderately comfortable",
                "Very comfortable",
                "Extremely comfortable"
            ]
        );
        let got = order(&["Very unlikely", "Likely", "Unlikely", "Very likely"]).unwrap();
        assert_eq!(got, ["Very unlikely", "Unlikely", "Likely", "Very likely"]);
    }

    #[test]
    fn other_answers_are_not_a_scale_by_wording() {
        // Two qualities.
        assert!(order(&["Very acceptable", "Somewhat intrusive", "Neutral"]).is_none());
        // Categories.
        assert!(order(&["Female", "Male", "Non-binary"]).is_none());
        assert!(order(&[
            "High school",
            "Some college, no degree",
            "Bachelor's degree"
        ])
        .is_none());
        // Two answers at one position.
        assert!(order(&["Very happy", "Extremely happy", "Highly happy", "Happy"]).is_none());
        // Too few.
        assert!(order(&["Agree", "Disagree"]).is_none());
    }
}
