//! Words in column names that say what a column describes: a demographic (gender,
//! education, country …) or the experimental design (a condition, a treatment dummy, a
//! notice shown or not). The codebook draft takes such columns for groups, and `paradox
//! check` warns when a data type's behaviour column is named like one.

/// Name words of demographic columns, whole (`sex`, `edu`) …
pub(crate) const DEMOGRAPHIC_WORDS: [&str; 16] = [
    "sex", "edu", "educ", "race", "state", "party", "job", "religion", "urban", "rural", "degree",
    "hispanic", "female", "male", "woman", "man",
];

/// … or at the start of a word (`education_level`, `employment_status`, `countryCode`).
pub(crate) const DEMOGRAPHIC_STEMS: [&str; 14] = [
    "gender",
    "educat",
    "income",
    "country",
    "region",
    "ethnic",
    "marital",
    "employ",
    "occupation",
    "relig",
    "nationalit",
    "citizen",
    "ideolog",
    "politic",
];

/// Name words of experimental-design columns.
pub(crate) const DESIGN_WORDS: [&str; 29] = [
    "cond",
    "condition",
    "treat",
    "treatment",
    "treated",
    "arm",
    "experimental",
    "manipulation",
    "randomization",
    "randomisation",
    "assignment",
    "assigned",
    "variant",
    "group",
    "shown",
    "offered",
    "displayed",
    "presented",
    "exposed",
    "nudge",
    "nudged",
    "framing",
    "framed",
    "vignette",
    "scenario",
    "randomized",
    "randomised",
    "primed",
    "priming",
];

/// The words of a column name, lowercased: split at anything not a letter or digit and
/// where a lowercase letter meets an uppercase one (`StartDate` → `start`, `date`;
/// `will_post` → `will`, `post`; `shared[SQ001]` → `shared`, `sq001`).
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// What a column named `name` looks like it describes, if a demographic or the
/// experimental design: `"a demographic"` or `"the experimental design"`.
pub(crate) fn demographic_or_design(name: &str) -> Option<&'static str> {
    let w = words(name);
    let has = |list: &[&str]| {
        w.iter().any(|x| {
            list.contains(&x.as_str())
                || list.contains(&x.trim_end_matches(|c: char| c.is_ascii_digit()))
        })
    };
    if has(&DESIGN_WORDS) {
        Some("the experimental design")
    } else if has(&DEMOGRAPHIC_WORDS)
        || has(&["age", "yob", "birthyear", "birth"])
        || w.iter()
            .any(|x| DEMOGRAPHIC_STEMS.iter().any(|s| x.starts_with(s)))
    {
        Some("a demographic")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demographic_and_design_names() {
        assert_eq!(demographic_or_design("gender"), Some("a demographic"));
        assert_eq!(
            demographic_or_design("education_level"),
            Some("a demographic")
        );
        assert_eq!(
            demographic_or_design("cond_2"),
            Some("the experimental design")
        );
        assert_eq!(
            demographic_or_design("notice_shown"),
            Some("the experimental design")
        );
        assert_eq!(demographic_or_design("shared_location"), None);
        assert_eq!(demographic_or_design("post_count"), None);
    }
}
