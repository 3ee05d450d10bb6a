//! Codes for text answers: known answer wordings in their natural order, LimeSurvey-style
//! answer codes in numeric order, else the answers in order of first appearance. A coding
//! becomes a label set of the draft.

use std::collections::HashMap;

use super::column::Column;
use super::text::{norm, slug};

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
    // Answer codes such as A1 … A5 (LimeSurvey): one shared prefix, then a number.
    let split = |t: &str| {
        let p = t.trim_end_matches(|ch: char| ch.is_ascii_digit());
        (p.len() < t.len()).then(|| (p.to_string(), t[p.len()..].parse::<i64>().ok()))
    };
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
            extra: Vec::new(),
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
pub(super) fn unify_codes(codings: &mut [Option<Coding>]) {
    let mut max: HashMap<String, i64> = HashMap::new();
    for cd in codings.iter().flatten() {
        if cd.kind == CodingKind::Codes {
            let m = max.entry(cd.set.clone()).or_insert(0);
            *m = (*m).max(cd.max as i64);
        }
    }
    for cd in codings.iter_mut().flatten() {
        if cd.kind != CodingKind::Codes {
            continue;
        }
        let hi = max.get(&cd.set).copied().unwrap_or(cd.max as i64);
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
    }
}
