//! Codes for text answers: known answer wordings in their natural order, LimeSurvey-style
//! answer codes in numeric order, answers rating one quality in the order their degree words
//! say, else the answers in order of first appearance. A coding
//! becomes a label set of the draft.

use std::collections::HashMap;

use super::column::Column;
use super::text::{norm, prefix_of, slug};
use super::wording::{non_substantive, ordered_by_wording};

/// Answer wordings in their natural order (lowest code first). A text column whose answers
/// all belong to one of these gets the codes 1…n in this order.
const KNOWN_WORDINGS: [(&str, &[&str]); 12] = [
    (
        "agree5",
        &[
            "Strongly disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Strongly agree",
        ],
    ),
    (
        "agree5",
        &[
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "agree5",
        &[
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "agree7",
        &[
            "Strongly disagree",
            "Disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "acceptability5",
        &[
            "Very intrusive",
            "Somewhat intrusive",
            "Neutral",
            "Somewhat acceptable",
            "Very acceptable",
        ],
    ),
    (
        "acceptability5",
        &[
            "Very unacceptable",
            "Somewhat unacceptable",
            "Neither acceptable nor unacceptable",
            "Somewhat acceptable",
            "Very acceptable",
        ],
    ),
    (
        "willing5",
        &[
            "Not at all willing",
            "Slightly willing",
            "Moderately willing",
            "Very willing",
            "Extremely willing",
        ],
    ),
    (
        "likely5",
        &[
            "Very unlikely",
            "Somewhat unlikely",
            "Neither likely nor unlikely",
            "Somewhat likely",
            "Very likely",
        ],
    ),
    (
        "comfortable5",
        &[
            "Very uncomfortable",
            "Somewhat uncomfortable",
            "Neither comfortable nor uncomfortable",
            "Somewhat comfortable",
            "Very comfortable",
        ],
    ),
    (
        "concerned4",
        &[
            "Not at all concerned",
            "Not too concerned",
            "Somewhat concerned",
            "Very concerned",
        ],
    ),
    (
        "frequency5",
        &["Never", "Rarely", "Sometimes", "Often", "Always"],
    ),
    (
        "important4",
        &[
            "Not at all important",
            "Not too important",
            "Somewhat important",
            "Very important",
        ],
    ),
];

/// A text column's answers as codes: (label set name, text → code, min, max, how).
#[derive(Debug, Clone)]
pub(super) struct Coding {
    pub(super) set: String,
    pub(super) labels: Vec<(String, i64)>,
    pub(super) min: i32,
    pub(super) max: i32,
    pub(super) kind: CodingKind,
    /// Rare answers outside a known wording (e.g. "Not sure"): a missing code, or a label.
    pub(super) extra: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum CodingKind {
    /// A known answer scale, in its natural order.
    Known,
    /// Answers rating one quality, in the order their degree words say.
    Worded,
    /// Answer codes with numbers (LimeSurvey's A1, A2 …), ordered by the number.
    Codes,
    /// Unknown texts, in order of first appearance.
    Appearance,
}

/// Codes for a column of text answers (numbers within the range may be mixed in): a known
/// wording list, LimeSurvey-style answer codes (A1, A2 … in numeric order), else the
/// answers in order of first appearance.
pub(super) fn text_coding(c: &Column) -> Option<Coding> {
    if c.numeric || c.many || c.distinct.len() < 2 {
        return None;
    }
    let texts: Vec<&str> = c
        .distinct
        .iter()
        .map(|(v, _)| v.as_str())
        .filter(|v| v.parse::<f64>().is_err())
        .collect();
    let numbers: Vec<f64> = c
        .distinct
        .iter()
        .filter_map(|(v, _)| v.parse::<f64>().ok())
        .collect();
    if let Some(cd) = yes_no(&texts, &numbers) {
        return Some(cd);
    }
    if let Some(cd) = numbered(&texts, &numbers) {
        return Some(cd);
    }
    let count_of = |t: &str| {
        c.distinct
            .iter()
            .filter(|(v, _)| v == t)
            .map(|d| d.1)
            .sum::<u64>()
    };
    for (set, words) in KNOWN_WORDINGS {
        // Rare answers outside the wording (at most 2 % of all) do not hide it.
        let (known, extra): (Vec<&str>, Vec<&str>) = texts
            .iter()
            .partition(|t| words.iter().any(|w| norm(w) == norm(t)));
        let extra_n: u64 = extra.iter().map(|t| count_of(t)).sum();
        let all_known = !known.is_empty() && extra_n as f64 <= 0.02 * c.non_missing as f64;
        let nums_ok = numbers
            .iter()
            .all(|x| x.fract() == 0.0 && *x >= 1.0 && *x <= words.len() as f64);
        if all_known && nums_ok {
            return Some(Coding {
                set: set.to_string(),
                labels: words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (w.to_string(), i as i64 + 1))
                    .collect(),
                min: 1,
                max: words.len() as i32,
                kind: CodingKind::Known,
                extra: extra.iter().map(|t| t.to_string()).collect(),
            });
        }
    }
    if !numbers.is_empty() || texts.len() > 11 {
        return None;
    }
    if let Some(cd) = worded(&texts) {
        return Some(cd);
    }
    // Answer codes such as A1 … A5 (LimeSurvey): one shared prefix, then a number.
    let split = |t: &str| {
        let p = t.trim_end_matches(|ch: char| ch.is_ascii_digit());
        (p.len() < t.len()).then(|| (p.to_string(), t[p.len()..].parse::<i64>().ok()))
    };
    // "DK" beside A1 … A5: a don't-know code, for the researcher to call missing.
    let (dk, texts): (Vec<&str>, Vec<&str>) = texts.iter().partition(|t| non_substantive(t));
    let parts: Vec<_> = texts.iter().map(|t| split(t)).collect();
    if parts.iter().all(|p| matches!(p, Some((_, Some(_)))))
        && parts
            .windows(2)
            .all(|w| w[0].as_ref().map(|p| &p.0) == w[1].as_ref().map(|p| &p.0))
    {
        let mut codes: Vec<(String, i64)> = texts
            .iter()
            .zip(&parts)
            .filter_map(|(t, p)| p.as_ref().and_then(|p| p.1).map(|n| (t.to_string(), n)))
            .collect();
        codes.sort_by_key(|c| c.1);
        let prefix = parts.first()?.as_ref()?.0.clone();
        let hi = codes.last()?.1;
        // Every code from 1 to the highest seen: an answer nobody chose is still a code.
        return Some(Coding {
            set: format!("codes_{}", slug(&prefix)),
            labels: (1..=hi).map(|n| (format!("{prefix}{n}"), n)).collect(),
            min: 1,
            max: hi as i32,
            kind: CodingKind::Codes,
            extra: dk.iter().map(|t| t.to_string()).collect(),
        });
    }
    Some(Coding {
        set: String::new(),
        labels: texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), i as i64 + 1))
            .collect(),
        min: 1,
        max: texts.len() as i32,
        kind: CodingKind::Appearance,
        extra: Vec::new(),
    })
}

/// Answers rating one quality, in the order their words say; "Don't know" and the like are
/// set aside as rare answers for the researcher to call missing.
fn worded(texts: &[&str]) -> Option<Coding> {
    let (extra, substantive): (Vec<&str>, Vec<&str>) =
        texts.iter().partition(|t| non_substantive(t));
    let (ordered, quality) = ordered_by_wording(&substantive)?;
    Some(Coding {
        set: format!("{}{}", slug(&quality), ordered.len()),
        min: 1,
        max: ordered.len() as i32,
        labels: ordered
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t, i as i64 + 1))
            .collect(),
        kind: CodingKind::Worded,
        extra: extra.iter().map(|t| t.to_string()).collect(),
    })
}

/// Columns whose answers rate the same quality share one label set: the answers any of
/// them used, in the order their words say (a column nobody answered "Completely
/// acceptable" in still has that answer at the top).
pub(super) fn unify_worded(codings: &mut [Option<Coding>]) {
    let mut by_quality: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, cd) in codings.iter().enumerate() {
        let Some(cd) = cd.as_ref().filter(|c| c.kind == CodingKind::Worded) else {
            continue;
        };
        let texts: Vec<&str> = cd.labels.iter().map(|l| l.0.as_str()).collect();
        let Some((_, q)) = ordered_by_wording(&texts) else {
            continue;
        };
        match by_quality.iter_mut().find(|g| g.0 == q) {
            Some(g) => g.1.push(i),
            None => by_quality.push((q, vec![i])),
        }
    }
    for (_, members) in by_quality {
        let mut all: Vec<String> = Vec::new();
        let mut extra: Vec<String> = Vec::new();
        for &i in &members {
            let cd = codings[i].as_ref().expect("grouped from a coding");
            for (t, _) in &cd.labels {
                if !all.contains(t) {
                    all.push(t.clone());
                }
            }
            for e in &cd.extra {
                if !extra.contains(e) {
                    extra.push(e.clone());
                }
            }
        }
        let texts: Vec<&str> = all.iter().map(String::as_str).collect();
        let Some(cd) = worded(&texts) else { continue };
        for &i in &members {
            codings[i] = Some(Coding {
                extra: extra.clone(),
                ..cd.clone()
            });
        }
    }
}

/// Answers that carry their code in front ("1 = Strongly disagree", "5 - Very likely",
/// "3. Neutral"), plain codes perhaps mixed in (only the end points labelled): each text
/// gets its number.
fn numbered(texts: &[&str], numbers: &[f64]) -> Option<Coding> {
    if texts.is_empty() || texts.len() > 11 {
        return None;
    }
    let mut labels: Vec<(String, i64)> = Vec::new();
    for t in texts {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &t[digits..];
        let label = rest.trim_start_matches([' ', '-', '=', '.', ':', ')', '(', '–']);
        if digits == 0 || digits > 2 || label.len() == rest.len() || label.trim().is_empty() {
            return None;
        }
        if !rest.starts_with([' ', '-', '=', '.', ':', ')', '–']) {
            return None;
        }
        // "18-24", "1–2 times": a range, not a code in front of a label.
        if rest
            .trim_start_matches([' ', '-', '–'])
            .starts_with(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        labels.push((t.to_string(), t[..digits].parse().ok()?));
    }
    if numbers
        .iter()
        .any(|x| x.fract() != 0.0 || *x < 0.0 || *x > 99.0)
    {
        return None;
    }
    let codes: Vec<i64> = labels
        .iter()
        .map(|l| l.1)
        .chain(numbers.iter().map(|x| *x as i64))
        .collect();
    let (lo, hi) = (*codes.iter().min()?, *codes.iter().max()?);
    let mut seen: Vec<i64> = labels.iter().map(|l| l.1).collect();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != labels.len() || hi - lo < 2 || hi - lo > 10 {
        return None;
    }
    labels.sort_by_key(|l| l.1);
    Some(Coding {
        set: String::new(),
        labels,
        min: lo as i32,
        max: hi as i32,
        kind: CodingKind::Known,
        extra: Vec::new(),
    })
}

/// Yes/no answers ("Yes"/"No", "true"/"false", "Y"/"N"): "no" is 0 and "yes" 1, so the
/// column can be a 0/1 behaviour.
fn yes_no(texts: &[&str], numbers: &[f64]) -> Option<Coding> {
    const PAIRS: [(&str, &str); 3] = [("no", "yes"), ("false", "true"), ("n", "y")];
    if !numbers.is_empty() || texts.len() != 2 {
        return None;
    }
    let (no, yes) = PAIRS.iter().find(|(no, yes)| {
        texts.iter().any(|t| t.eq_ignore_ascii_case(no))
            && texts.iter().any(|t| t.eq_ignore_ascii_case(yes))
    })?;
    let find = |w: &str| {
        texts
            .iter()
            .find(|t| t.eq_ignore_ascii_case(w))
            .map(|t| t.to_string())
    };
    Some(Coding {
        set: "yes_no".into(),
        labels: vec![(find(no)?, 0), (find(yes)?, 1)],
        min: 0,
        max: 1,
        kind: CodingKind::Known,
        extra: Vec::new(),
    })
}

/// Answer codes of one prefix (A1 … An) get one label set, up to the highest code any
/// column used.
pub(super) fn unify_codes(codings: &mut [Option<Coding>], names: &[String]) {
    // Per question (`accept[push]`, `accept[email]` → `accept`): questions with A1 … A5 and
    // A1 … A7 answers keep their own ranges.
    let key = |cd: &Coding, i: usize| {
        let q = names
            .get(i)
            .map(|n| prefix_of(n).unwrap_or_else(|| n.clone()));
        (cd.set.clone(), q.unwrap_or_default())
    };
    let mut max: HashMap<(String, String), i64> = HashMap::new();
    for (i, cd) in codings.iter().enumerate() {
        let Some(cd) = cd.as_ref().filter(|c| c.kind == CodingKind::Codes) else {
            continue;
        };
        let m = max.entry(key(cd, i)).or_insert(0);
        *m = (*m).max(cd.max as i64);
    }
    for (i, cd) in codings.iter_mut().enumerate() {
        let Some(cd) = cd.as_mut().filter(|c| c.kind == CodingKind::Codes) else {
            continue;
        };
        let hi = max.get(&key(cd, i)).copied().unwrap_or(cd.max as i64);
        let prefix: String = cd
            .labels
            .first()
            .map(|l| {
                l.0.trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_string()
            })
            .unwrap_or_default();
        cd.labels = (1..=hi).map(|n| (format!("{prefix}{n}"), n)).collect();
        cd.max = hi as i32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_wordings_are_ordered_and_first_appearance_otherwise() {
        let mut c = Column::default();
        let mut s = Vec::new();
        for v in ["Agree", "Strongly disagree", "Neutral", "3"] {
            c.add(v, &mut s);
        }
        let cd = text_coding(&c).unwrap();
        assert_eq!(cd.kind, CodingKind::Known);
        assert_eq!(cd.labels[0], ("Strongly disagree".to_string(), 1));
        assert_eq!(cd.labels[3], ("Agree".to_string(), 4));
        let mut c = Column::default();
        for v in ["A3", "A1", "A2", "A10"] {
            c.add(v, &mut s);
        }
        let cd = text_coding(&c).unwrap();
        assert_eq!((cd.min, cd.max), (1, 10));
        assert_eq!(cd.labels[0].0, "A1");
        // Ranges are not codes in front of words.
        let mut c = Column::default();
        for v in ["1-2 times", "3-5 times", "6-10 times", "0 times"] {
            c.add(v, &mut s);
        }
        assert_ne!(text_coding(&c).map(|cd| cd.kind), Some(CodingKind::Known));
        // Codes in front of the words, the middle answers exported as plain codes.
        let mut c = Column::default();
        for v in [
            "5 = Extremely concerned",
            "2",
            "1 = Not at all concerned",
            "3",
            "4",
        ] {
            c.add(v, &mut s);
        }
        let cd = text_coding(&c).unwrap();
        assert_eq!((cd.min, cd.max), (1, 5));
        assert_eq!(
            cd.labels,
            [
                ("1 = Not at all concerned".to_string(), 1),
                ("5 = Extremely concerned".to_string(), 5)
            ]
        );
    }
}
