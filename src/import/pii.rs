//! The PII guard: the analysis needs no names, e-mail addresses, phone numbers,
//! street addresses, IP addresses or GPS coordinates, so a column that looks like one —
//! by its heading or by its values — is refused unless the user drops it or the codebook
//! allows it with a reason. Only columns the codebook does not use are scanned: a column
//! with a role (scale item, weight …) is validated as codes anyway.

/// What a column was found to hold.
#[derive(Debug, Clone, PartialEq)]
pub struct PiiFinding {
    pub column: String,
    pub kind: &'static str,
    pub matched: usize,
    pub checked: usize,
    pub by_heading: bool,
}

/// Values examined per column: enough to tell, cheap on a million rows.
pub const SAMPLE_VALUES: usize = 500;

/// Share of sampled values that must match a pattern for the column to count as PII.
const VALUE_SHARE: f64 = 0.5;

/// The kind of PII a column heading announces, e.g. Qualtrics' `IPAddress`.
pub fn heading_kind(heading: &str) -> Option<&'static str> {
    let h: String = heading
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let kind = match h.as_str() {
        "name" | "firstname" | "lastname" | "fullname" | "surname" | "givenname"
        | "recipientfirstname" | "recipientlastname" | "respondentname" => "personal names",
        "email" | "emailaddress" | "mail" | "recipientemail" => "e-mail addresses",
        "phone" | "phonenumber" | "telephone" | "mobile" | "mobilenumber" | "cellphone" => {
            "phone numbers"
        }
        "address" | "streetaddress" | "street" | "homeaddress" | "postaladdress" => {
            "street addresses"
        }
        "ip" | "ipaddress" | "ipaddr" | "ipv4" | "ipv6" => "IP addresses",
        "latitude" | "longitude" | "lat" | "lon" | "lng" | "locationlatitude"
        | "locationlongitude" | "gps" | "coordinates" => "GPS coordinates",
        _ => return None,
    };
    Some(kind)
}

/// The kind of PII one value looks like.
pub fn value_kind(v: &str) -> Option<&'static str> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    if is_email(v) {
        Some("e-mail addresses")
    } else if is_ipv4(v) || is_ipv6(v) {
        Some("IP addresses")
    } else if is_gps_pair(v) {
        Some("GPS coordinates")
    } else if is_phone(v) {
        Some("phone numbers")
    } else if is_street_address(v) {
        Some("street addresses")
    } else {
        None
    }
}

/// Decides on one column from its heading and a sample of its non-missing values.
pub fn scan_column(heading: &str, values: &[String]) -> Option<PiiFinding> {
    let by_heading = heading_kind(heading);
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for v in values {
        if let Some(k) = value_kind(v) {
            match counts.iter_mut().find(|(kk, _)| *kk == k) {
                Some(c) => c.1 += 1,
                None => counts.push((k, 1)),
            }
        }
    }
    let best = counts.iter().max_by_key(|c| c.1).copied();
    let checked = values.len();
    if let Some((kind, matched)) = best {
        if checked > 0 && matched as f64 / checked as f64 >= VALUE_SHARE {
            return Some(PiiFinding {
                column: heading.to_string(),
                kind,
                matched,
                checked,
                by_heading: by_heading == Some(kind),
            });
        }
    }
    by_heading.map(|kind| PiiFinding {
        column: heading.to_string(),
        kind,
        matched: values
            .iter()
            .filter(|v| value_kind(v) == Some(kind))
            .count(),
        checked,
        by_heading: true,
    })
}

fn is_email(v: &str) -> bool {
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

fn is_ipv4(v: &str) -> bool {
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
fn is_ipv6(v: &str) -> bool {
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
fn is_gps_pair(v: &str) -> bool {
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

/// 7–15 digits written the way phone numbers are: a leading `+`, or separators
/// (space, `-`, `(`, `)`, `.`) between digit groups. A bare run of digits is more likely
/// an id and is not flagged.
fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    if !v
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return false;
    }
    let digit_groups = v
        .split(|c: char| " -().".contains(c))
        .filter(|g| !g.is_empty())
        .count();
    // Dates (2025-03-01, 8 digits) are written with separators too; 9+ digits or a
    // `+`/`(` prefix tells a phone number apart.
    v.starts_with('+')
        || v.starts_with('(')
        || (digits >= 9 && v.chars().any(|c| " -()".contains(c)) && digit_groups >= 2)
}

fn is_street_address(v: &str) -> bool {
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
    fn recognizes_kinds() {
        assert_eq!(value_kind("jane.doe@example.org"), Some("e-mail addresses"));
        assert_eq!(value_kind("192.168.10.4"), Some("IP addresses"));
        assert_eq!(value_kind("2001:db8::ff00:42:8329"), Some("IP addresses"));
        assert_eq!(value_kind("+44 20 7946 0958"), Some("phone numbers"));
        assert_eq!(value_kind("(555) 010-9999"), Some("phone numbers"));
        assert_eq!(value_kind("52.5200, 13.4050"), Some("GPS coordinates"));
        assert_eq!(value_kind("221B Baker Street"), Some("street addresses"));
        // Not PII: ids, Likert codes, dates, decimals.
        assert_eq!(value_kind("R000123"), None);
        assert_eq!(value_kind("1000234"), None);
        assert_eq!(value_kind("4"), None);
        assert_eq!(value_kind("2025-03-01"), None);
        assert_eq!(value_kind("0.8734"), None);
        assert_eq!(value_kind("12:30:00"), None);
    }

    #[test]
    fn qualtrics_headings() {
        assert_eq!(heading_kind("IPAddress"), Some("IP addresses"));
        assert_eq!(heading_kind("RecipientEmail"), Some("e-mail addresses"));
        assert_eq!(heading_kind("LocationLatitude"), Some("GPS coordinates"));
        assert_eq!(heading_kind("first_name"), Some("personal names"));
        assert_eq!(heading_kind("gender"), None);
    }

    #[test]
    fn column_decision_reports_share() {
        let vals: Vec<String> = vec!["a@b.org".into(), "c@d.net".into(), "x".into()];
        let f = scan_column("contact", &vals).unwrap();
        assert_eq!(
            (f.kind, f.matched, f.checked, f.by_heading),
            ("e-mail addresses", 2, 3, false)
        );
        assert!(scan_column("comment", &["fine".into(), "ok".into()]).is_none());
    }
}
