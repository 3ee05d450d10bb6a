//! What one value looks like: an e-mail address (also written to dodge harvesters, as in
//! `name [at] domain dot com`), an IP address, a GPS pair, a phone number or a street
//! address. Each recognizer is tuned against ordinary survey answers — dates, decimals,
//! versions, Likert labels, ages, ranges such as income bands — which must not match.

/// A plain e-mail address: `local@domain.tld`, no spaces.
pub(super) fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !v.contains(' ')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// An e-mail address written to dodge harvesters: `name [at] domain dot com`,
/// `name(at)domain(dot)com`, `name @ domain . com`. The whole value must read as one
/// address once `at`/`dot` (bracketed or not) become `@`/`.` — every space has to sit
/// beside such a separator — so sentences ("not at all", "I look at it dot by dot") do
/// not match.
pub(super) fn is_obfuscated_email(v: &str) -> bool {
    let lower = v.to_lowercase();
    if !lower.contains("at") && !lower.contains('@') {
        return false;
    }
    let spaced = unbracket(&lower);
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    if tokens.len() < 2 {
        return false;
    }
    let sep = |t: &str| match t {
        "at" | "@" => Some('@'),
        "dot" | "." => Some('.'),
        _ => None,
    };
    let mut joined = String::with_capacity(lower.len());
    let mut prev_word = false;
    for t in &tokens {
        match sep(t) {
            Some(c) => {
                joined.push(c);
                prev_word = false;
            }
            None => {
                if prev_word {
                    return false;
                }
                joined.push_str(t);
                prev_word = true;
            }
        }
    }
    let tld_ok = joined
        .rsplit_once('.')
        .is_some_and(|(_, tld)| tld.len() >= 2 && tld.chars().all(|c| c.is_alphabetic()));
    joined.matches('@').count() == 1 && tld_ok && is_email(&joined)
}

/// `[at]`, `(at)`, `{at}`, `<at>` and the same with `dot` (spaces inside allowed) as
/// free-standing words, so `name(at)domain(dot)com` splits into tokens.
fn unbracket(s: &str) -> String {
    const PAIRS: [(char, char); 4] = [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')];
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let close = PAIRS.iter().find(|p| p.0 == c).map(|p| p.1);
        if let Some(close) = close {
            if let Some(end) = rest[1..].find(close) {
                let inner = rest[1..1 + end].trim();
                if inner == "at" || inner == "dot" {
                    out.push(' ');
                    out.push_str(inner);
                    out.push(' ');
                    rest = &rest[2 + end..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

pub(super) fn is_ipv4(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().map(|n| n <= 255).unwrap_or(false)
        })
}

/// Hex groups separated by colons, either compressed (`::`), complete (8 groups) or with
/// hex letters — so clock times like `12:30:00` are not mistaken for addresses.
pub(super) fn is_ipv6(v: &str) -> bool {
    let groups = v.split(':').count();
    v.chars()
        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        && (3..=8).contains(&groups)
        && (v.contains("::")
            || groups == 8
            || v.chars()
                .any(|c| c.is_ascii_hexdigit() && !c.is_ascii_digit()))
}

/// "52.5200, 13.4050": two decimals with ≥ 3 decimal places in latitude/longitude range.
pub(super) fn is_gps_pair(v: &str) -> bool {
    let Some((a, b)) = v.split_once([',', ';', ' ']) else {
        return false;
    };
    let precise = |s: &str, lim: f64| {
        let s = s.trim();
        s.split_once('.')
            .map(|(_, d)| d.len() >= 3)
            .unwrap_or(false)
            && s.parse::<f64>().map(|x| x.abs() <= lim).unwrap_or(false)
    };
    precise(a, 90.0) && precise(b, 180.0)
}

/// 7–15 digits written the way phone numbers are: a leading `+` or `(`, or at least 9
/// digits in groups separated by spaces, dashes, parentheses or dots — in two groups only
/// after a trunk prefix `0` (`030 1234567`; a national number without one is written in
/// three groups, `555 010 9999`). A bare run of digits is more likely an id; 8 digits with
/// separators are dates (`2025-03-01`, `01.02.2025`); numbers grouped by thousands
/// (`1.234.567.890`), decimals (`123456.789`), ranges (`100 000 - 150 000`) and ids with a
/// year in front (`2024-000123`) are not phone numbers either.
pub(super) fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        || v.get(1..).is_some_and(|r| r.contains('+'))
    {
        return false;
    }
    if is_prefixed_phone(v) {
        return true;
    }
    let groups: Vec<&str> = v
        .split(|c: char| " -().".contains(c))
        .filter(|g| !g.is_empty())
        .collect();
    if digits < 9
        || groups.len() < 2
        || (groups.len() == 2 && !groups[0].starts_with('0'))
        || is_grouped_number(v, &groups)
        || is_range(v)
    {
        return false;
    }
    // Dots alone separate decimals: a phone number written with dots has 3+ groups.
    v.chars().any(|c| " -()".contains(c)) || groups.len() >= 3
}

/// A phone number announced by its first character: `+44 20 …` or `(555) …`. The form of
/// phone numbers no id, code or date takes.
pub(super) fn is_prefixed_phone(v: &str) -> bool {
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    (7..=15).contains(&digits)
        && (v.starts_with('+') || v.starts_with('('))
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && !v[1..].contains('+')
}

/// `1 234 567` or `1.234.567`: one separator, a first group of 1–3 digits and groups of
/// exactly 3 after it — a number grouped by thousands.
fn is_grouped_number(v: &str, groups: &[&str]) -> bool {
    let seps: Vec<char> = v.chars().filter(|c| !c.is_ascii_digit()).collect();
    let one_sep = seps.first().is_some_and(|s| {
        (*s == ' ' || *s == '.') && seps.iter().all(|c| c == s) && seps.len() == groups.len() - 1
    });
    one_sep && (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
}

/// `50000-74999` or `50 000 - 74 999`: two numbers joined by one dash, the first smaller
/// and without a leading zero (area codes start with one; bands do not).
fn is_range(v: &str) -> bool {
    let Some((a, b)) = v.split_once('-') else {
        return false;
    };
    let number = |s: &str| -> Option<(u64, bool)> {
        let d: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let leading_zero = d.len() > 1 && d.starts_with('0');
        d.parse::<u64>().ok().map(|n| (n, leading_zero))
    };
    match (number(a), number(b)) {
        (Some((x, false)), Some((y, _))) => x < y,
        _ => false,
    }
}

pub(super) fn is_street_address(v: &str) -> bool {
    const SUFFIXES: [&str; 16] = [
        "street",
        "st",
        "avenue",
        "ave",
        "road",
        "rd",
        "lane",
        "ln",
        "drive",
        "dr",
        "boulevard",
        "blvd",
        "way",
        "straße",
        "strasse",
        "court",
    ];
    let words: Vec<String> = v
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    if words.len() < 2 {
        return false;
    }
    let has_number = words
        .iter()
        .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let has_suffix = words.iter().skip(1).any(|w| SUFFIXES.contains(&w.as_str()))
        || words
            .iter()
            .any(|w| w.ends_with("straße") || w.ends_with("strasse"));
    has_number && has_suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscated_addresses() {
        for v in [
            "name [at] domain dot com",
            "name(at)domain(dot)com",
            "name @ domain . com",
            "Jane.Doe [AT] example [DOT] org",
            "jane at example dot co dot uk",
            "x_y { at } mail.example.net",
        ] {
            assert!(is_obfuscated_email(v), "{v}");
        }
        for v in [
            "Not at all",
            "at home",
            "I look at it dot by dot",
            "Somewhat at ease",
            "jane@example",
            "a @ b",
            "meet me at 5",
            "Very acceptable",
        ] {
            assert!(!is_obfuscated_email(v), "{v}");
        }
    }

    #[test]
    fn phone_numbers_and_what_is_not_one() {
        for v in [
            "+44 20 7946 0958",
            "+4915112345678",
            "(555) 010-9999",
            "555-010-9999",
            "555 010 9999",
            "555.010.9999",
            "+1.555.010.9999",
            "030 1234567",
            "030-1234567",
            "0049 30 1234567",
        ] {
            assert!(is_phone(v), "{v}");
        }
        for v in [
            "2025-03-01",
            "01.02.2025",
            "1000234",
            "123456.789",
            "1.234.567.890",
            "100 000 000",
            "2024-000123",
            "50000-74999",
            "100000 - 150000",
            "0.8734",
            "1.2.3",
            "12:30:00",
            "2024-03-01 10:00:00",
            "18-24",
            "25-34",
        ] {
            assert!(!is_phone(v), "{v}");
        }
    }
}
