//! Names and texts: the question prefix of a column name, codebook names (slugs), the
//! option part of a Qualtrics question text, and one-line excerpts for comments.

/// Lowercase with single spaces: how answer wordings are compared.
pub(super) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The question a column belongs to: the name without a trailing option or item marker
/// (`Q5_1` → `Q5`, `Q1[SQ001]` → `Q1`, `concern_3` → `concern`, `Q2.4` → `Q2`).
pub(super) fn prefix_of(name: &str) -> Option<String> {
    if let Some(open) = name.find('[') {
        if name.ends_with(']') && open > 0 {
            return Some(name[..open].to_string());
        }
    }
    let t = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if t.len() == name.len() {
        // Worded items: `concern_tracking`, `concern_ads` → `concern`.
        return name
            .rsplit_once('_')
            .filter(|(p, rest)| !p.is_empty() && !rest.is_empty())
            .map(|(p, _)| p.to_string());
    }
    let t = t.trim_end_matches(['_', '.', '-', 'r', 'x']);
    (!t.is_empty()).then(|| t.to_string())
}

/// A codebook name: lowercase letters, digits and `_`.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        "x".into()
    } else {
        out
    }
}

/// The part of a Qualtrics question text after " - " (the item or option), else the text.
pub(super) fn option_text(text: &str) -> &str {
    text.rsplit(" - ").next().unwrap_or(text).trim()
}

/// The item part of a question text: after " - " (Qualtrics) or the last ": " (SoSci
/// Survey's "Question title: item"), if the text has one.
pub(super) fn item_text(text: &str) -> Option<&str> {
    if text.contains(" - ") {
        return Some(option_text(text));
    }
    text.rsplit_once(": ")
        .map(|(_, item)| item.trim())
        .filter(|i| !i.is_empty())
}

pub(super) fn one_line(s: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 100 {
        format!("{}…", t.chars().take(99).collect::<String>())
    } else {
        t
    }
}

pub(super) fn contains_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
}

pub(super) use crate::study::column_words::words;

/// Whether two name words mean the same thing: equal, equal but for a plural "s", or — for
/// words of letters only — one an abbreviation of the other of at least 3 letters
/// (`loc` / `location`, `react` / `reactions`). Words holding digits (`sq001`) must be equal.
pub(super) fn same_word(a: &str, b: &str) -> bool {
    let a = a.strip_suffix('s').filter(|x| x.len() >= 3).unwrap_or(a);
    let b = b.strip_suffix('s').filter(|x| x.len() >= 3).unwrap_or(b);
    if a == b {
        return true;
    }
    if a.bytes().any(|c| c.is_ascii_digit()) || b.bytes().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && long.starts_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(prefix_of("Q5_1").as_deref(), Some("Q5"));
        assert_eq!(prefix_of("Q1[SQ001]").as_deref(), Some("Q1"));
        assert_eq!(prefix_of("concern_3").as_deref(), Some("concern"));
        assert_eq!(prefix_of("concern_ads").as_deref(), Some("concern"));
        assert_eq!(prefix_of("age"), None);
    }

    #[test]
    fn name_words() {
        assert_eq!(words("StartDate"), ["start", "date"]);
        assert_eq!(words("will_post"), ["will", "post"]);
        assert_eq!(words("shared[SQ001]"), ["shared", "sq001"]);
        assert_eq!(words("PROLIFIC_PID"), ["prolific", "pid"]);
        assert!(same_word("loc", "location"));
        assert!(same_word("react", "reactions"));
        assert!(same_word("post", "posts"));
        assert!(!same_word("sq001", "sq002"));
        assert!(!same_word("q5", "q"));
        assert!(!same_word("ad", "address"));
    }
}
