//! Dates in exports: the year of a date cell written the ISO way (`2023-03-14 09:12:01`,
//! `2022-09-01T08:00:00Z`), the US or European way (`3/6/2017`, `06.03.2017`), and SPSS
//! date variables (seconds since 14 October 1582) turned into ISO text when the file is read,
//! so that every date column looks the same to the guesses.

/// Seconds from SPSS' epoch (1582-10-14) to the Unix epoch (1970-01-01): 141,428 days.
const SPSS_EPOCH_OFFSET: f64 = 12_219_379_200.0;

/// Print formats of SPSS date variables (the number is seconds since 1582-10-14).
const SPSS_DATE_FORMATS: [&str; 7] = [
    "DATE", "ADATE", "EDATE", "SDATE", "JDATE", "DATETIME", "YMDHMS",
];

/// Whether an SPSS print format ("DATE11", "ADATE10" …) holds dates.
pub(super) fn is_spss_date_format(format: &str) -> bool {
    let name = format.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    SPSS_DATE_FORMATS.contains(&name)
}

/// An SPSS date value (seconds since 1582-10-14) as `YYYY-MM-DD`; `None` when it is not a
/// number.
pub(super) fn spss_date(cell: &str) -> Option<String> {
    let secs: f64 = cell.trim().parse().ok().filter(|x: &f64| x.is_finite())?;
    let days = ((secs - SPSS_EPOCH_OFFSET) / 86_400.0).floor() as i64;
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The year of a Unix time (seconds since 1970-01-01, UTC).
pub(super) fn unix_year(secs: f64) -> i32 {
    civil_from_days((secs / 86_400.0).floor() as i64).0 as i32
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Month names of English dates, written out or shortened ("Mar 14, 2017",
/// "14-March-2017", "Sept 1, 2020").
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The year of a date cell (`YYYY-MM-DD…`, `YYYY/MM/DD…`, `M/D/YYYY…`, `D.M.YYYY…`, with
/// or without a time after it, or with the month's name: `Mar 14, 2017`, `14-Mar-2017`),
/// or `None` when the cell is not such a date.
pub(super) fn date_year(cell: &str) -> Option<i32> {
    let v = cell.trim();
    if v.starts_with(|c: char| c.is_ascii_alphabetic())
        || v.split(['-', ' '])
            .nth(1)
            .is_some_and(|m| m.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return named_month_year(v);
    }
    // The date part: up to a space or the ISO "T" before the time.
    let date = v.split([' ', 'T']).next()?;
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !is_digits(p)) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let (year, a, b) = if parts[0].len() == 4 {
        (n(parts[0])?, n(parts[1])?, n(parts[2])?)
    } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        (n(parts[2])?, n(parts[0])?, n(parts[1])?)
    } else {
        return None;
    };
    // Month and day in either order (ISO and US put the month first, Europe the day).
    let ok = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    if !(ok(a, b) || ok(b, a)) || !(1900..=2200).contains(&year) {
        return None;
    }
    // A time after the date must look like one; "2017-05-02 apples" is not a date.
    let rest = &v[date.len()..];
    if !rest.is_empty() && !rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(year as i32)
}

/// The year of a date with the month's name: a month name, a day (1–31) and a year, in
/// the first three pieces, with or without a time after them.
fn named_month_year(v: &str) -> Option<i32> {
    let pieces: Vec<&str> = v
        .split([' ', ',', '-', '/', '.'])
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    if pieces.len() != 3 {
        return None;
    }
    let month = |p: &str| {
        let l = p.to_ascii_lowercase();
        l.len() >= 3 && MONTHS.iter().any(|m| m.starts_with(&l))
    };
    let (mut year, mut day, mut months) = (None, false, 0);
    for p in &pieces {
        if month(p) {
            months += 1;
        } else if p.len() == 4 && is_digits(p) {
            year = p.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        } else if p.len() <= 2 && is_digits(p) {
            day = p.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
        }
    }
    if months == 1 && day {
        year
    } else {
        None
    }
}

fn is_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_dates_in_the_usual_forms() {
        assert_eq!(date_year("2023-03-14 09:12:01"), Some(2023));
        assert_eq!(date_year("2022-09-01T08:00:00Z"), Some(2022));
        assert_eq!(date_year("3/6/2017"), Some(2017));
        assert_eq!(date_year("12/31/2016 23:59"), Some(2016));
        assert_eq!(date_year("06.03.2017"), Some(2017));
        assert_eq!(date_year("2019/05/24"), Some(2019));
        assert_eq!(date_year("Mar 14, 2017"), Some(2017));
        assert_eq!(date_year("14-Mar-2017"), Some(2017));
        assert_eq!(date_year("March 14, 2017 10:22 AM"), Some(2017));
        assert_eq!(date_year("14 March 2017"), Some(2017));
        assert_eq!(date_year("Strongly agree"), None);
        assert_eq!(date_year("May be, 2017"), None);
        assert_eq!(date_year("Marketing 12 2017"), None);
        for not_a_date in [
            "1990",
            "3/6",
            "25-34",
            "2017-13-45",
            "abc",
            "1.5.3",
            "2017-05-02 x",
        ] {
            assert_eq!(date_year(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn spss_dates() {
        assert!(is_spss_date_format("DATE11"));
        assert!(is_spss_date_format("ADATE10"));
        assert!(!is_spss_date_format("F8.2"));
        // 2019-05-24 is 13,778,035,200 seconds after 1582-10-14.
        assert_eq!(spss_date("13778035200").as_deref(), Some("2019-05-24"));
        assert_eq!(spss_date("12219379200").as_deref(), Some("1970-01-01"));
        assert_eq!(spss_date("x"), None);
        assert_eq!(unix_year(1_489_500_000.0), 2017);
        assert_eq!(unix_year(1_483_228_799.0), 2016);
    }
}
