//! The PII guard: the analysis needs no names, e-mail addresses, phone numbers,
//! street addresses, IP addresses or GPS coordinates, so a column that looks like one is
//! refused unless the user drops it or the codebook allows it with a reason.
//!
//! Every column is scanned, in three ways. A column the codebook does not use is judged by
//! its heading or by a sample of its values ([`scan_column`]); it can be dropped. A column
//! the codebook uses is judged by its values only ([`scan_values`]) — a data type called
//! "phone" is no phone number — and cannot be dropped, since the analysis needs it. The
//! values that become published labels (group levels) are judged one by one
//! ([`scan_labels`]): a single e-mail address among them would be printed in a table. An
//! empty column holds no personal data, whatever its heading; the loader does not ask.
//! What one value looks like is decided in `patterns`.

mod patterns;

use patterns::{
    is_email, is_gps_pair, is_ipv4, is_ipv6, is_obfuscated_email, is_phone, is_prefixed_phone,
    is_street_address,
};

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
    if is_email(v) || is_obfuscated_email(v) {
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

/// The kind of PII one value is beyond doubt: an e-mail address, an IP address, a GPS
/// pair, or a phone number starting with `+` or `(`. Used where a single value decides —
/// a published label, a respondent id — so ids such as `2024-000123` or group levels
/// such as `100 000 - 150 000` are never taken for phone numbers.
pub fn confident_kind(v: &str) -> Option<&'static str> {
    match value_kind(v)? {
        "phone numbers" if !is_prefixed_phone(v.trim()) => None,
        "street addresses" => None,
        k => Some(k),
    }
}

/// The kind most values match, with its count, when it is at least half of them.
fn dominant_kind(
    values: &[String],
    kind_of: fn(&str) -> Option<&'static str>,
) -> Option<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for v in values {
        if let Some(k) = kind_of(v) {
            match counts.iter_mut().find(|(kk, _)| *kk == k) {
                Some(c) => c.1 += 1,
                None => counts.push((k, 1)),
            }
        }
    }
    let (kind, matched) = counts.iter().max_by_key(|c| c.1).copied()?;
    let checked = values.len();
    (checked > 0 && matched as f64 / checked as f64 >= VALUE_SHARE).then_some((kind, matched))
}

/// Decides on a column the codebook uses from a sample of its non-missing values alone
/// (its heading names a role, not a content). `kind_of` is [`value_kind`], or
/// [`confident_kind`] for respondent ids.
pub fn scan_values(
    column: &str,
    values: &[String],
    kind_of: fn(&str) -> Option<&'static str>,
) -> Option<PiiFinding> {
    dominant_kind(values, kind_of).map(|(kind, matched)| PiiFinding {
        column: column.to_string(),
        kind,
        matched,
        checked: values.len(),
        by_heading: false,
    })
}

/// Decides on the distinct values of a column that become published labels: one label
/// that is personal data beyond doubt ([`confident_kind`]) is enough. `matched` counts
/// the labels of the most frequent kind, `checked` all labels.
pub fn scan_labels(column: &str, labels: &[String]) -> Option<PiiFinding> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for l in labels {
        if let Some(k) = confident_kind(l) {
            match counts.iter_mut().find(|(kk, _)| *kk == k) {
                Some(c) => c.1 += 1,
                None => counts.push((k, 1)),
            }
        }
    }
    let (kind, matched) = counts.iter().max_by_key(|c| c.1).copied()?;
    Some(PiiFinding {
        column: column.to_string(),
        kind,
        matched,
        checked: labels.len(),
        by_heading: false,
    })
}

/// Decides on a column the codebook does not use from its heading and a sample of its
/// non-missing values.
pub fn scan_column(heading: &str, values: &[String]) -> Option<PiiFinding> {
    let by_heading = heading_kind(heading);
    if let Some((kind, matched)) = dominant_kind(values, value_kind) {
        return Some(PiiFinding {
            column: heading.to_string(),
            kind,
            matched,
            checked: values.len(),
            by_heading: by_heading == Some(kind),
        });
    }
    by_heading.map(|kind| PiiFinding {
        column: heading.to_string(),
        kind,
        matched: values
            .iter()
            .filter(|v| value_kind(v) == Some(kind))
            .count(),
        checked: values.len(),
        by_heading: true,
    })
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

    #[test]
    fn used_columns_and_labels() {
        let ids: Vec<String> = ["2024-000123", "2024-000124", "2024-000125"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(scan_values("id", &ids, confident_kind), None);
        let mails: Vec<String> = ["a@b.org", "c (at) d (dot) net", "R3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let f = scan_values("id", &mails, confident_kind).unwrap();
        assert_eq!((f.kind, f.matched, f.checked), ("e-mail addresses", 2, 3));
        let levels: Vec<String> = ["Female", "Male", "jane@example.org", "100 000 - 150 000"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let f = scan_labels("gender", &levels).unwrap();
        assert_eq!((f.kind, f.matched, f.checked), ("e-mail addresses", 1, 4));
        let fine: Vec<String> = [
            "18-24",
            "25-34",
            "N/A",
            "Very acceptable",
            "2025-03-01",
            "0.5",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(scan_labels("band", &fine), None);
        assert_eq!(scan_values("band", &fine, value_kind), None);
    }
}
