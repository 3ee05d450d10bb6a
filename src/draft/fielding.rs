//! When the survey was fielded: the year of a date column of the export — a platform's
//! fielding date, else any column of dates that is not a date of birth — and which column
//! said so.

use super::column::Column;
use super::dates::unix_year;
use super::text::{contains_any, words};

/// The survey platforms' fielding dates, most telling first: when a response was started,
/// recorded or submitted.
const FIELDING_DATES: [&str; 7] = [
    "StartDate",
    "RecordedDate",
    "EndDate",
    "submitdate",
    "datestamp",
    "startdate",
    "date",
];

/// The year the survey was fielded, and which dates said so.
#[derive(Debug, Clone)]
pub(super) struct SurveyYear {
    pub(super) year: i32,
    /// The date column and its years, for the draft's comment (`None`: no dates, this
    /// year).
    pub(super) from: Option<String>,
}

/// The survey year: the most common year of the first date column found — a platform's
/// fielding date (`StartDate`, `submitdate` …), else any column whose values are nearly all
/// dates (ISO, US or European, or an SPSS date variable) and that is not a date of birth,
/// else a column of Unix times; else this year.
pub(super) fn survey_year(cols: &[Column]) -> SurveyYear {
    let mostly_dates = |c: &&Column| c.dates > 0 && c.dates * 10 >= c.non_missing * 9;
    // Exact names first: LimeSurvey's `startdate` is not Qualtrics' `StartDate`, and its
    // `submitdate` says when the response was complete.
    let named = |exact: bool| {
        FIELDING_DATES.iter().find_map(|n| {
            cols.iter().filter(mostly_dates).find(|c| {
                if exact {
                    c.name == *n
                } else {
                    c.name.eq_ignore_ascii_case(n)
                }
            })
        })
    };
    let column = named(true).or_else(|| named(false)).or_else(|| {
        cols.iter().filter(mostly_dates).find(|c| {
            !contains_any(
                &c.text_lower(),
                &["birth", "born", "dob", "geburt", "naissance"],
            )
        })
    });
    let Some(c) = column else {
        return unix_times(cols).unwrap_or(SurveyYear {
            year: current_year(),
            from: None,
        });
    };
    // The most common year (the first of equals): a survey fielded over New Year is dated
    // by most of its responses.
    let (year, n) = c.years.iter().copied().fold(
        (0, 0),
        |best, (y, n)| if n > best.1 { (y, n) } else { best },
    );
    let share = if n == c.dates {
        format!("all {} in {year}", c.dates)
    } else {
        format!("{year} in {n} of {}", c.dates)
    };
    SurveyYear {
        year,
        from: Some(format!("\"{}\" ({share})", c.name)),
    }
}

/// The year of a column of Unix times (seconds or milliseconds since 1970, between 2000
/// and 2100) named like a time stamp (`timestamp`, `created_at`, `ts`): the year halfway
/// between its first and last time.
fn unix_times(cols: &[Column]) -> Option<SurveyYear> {
    const Y2000: f64 = 946_684_800.0;
    const Y2100: f64 = 4_102_444_800.0;
    cols.iter().find_map(|c| {
        let named = words(&c.name).iter().any(|w| {
            matches!(
                w.as_str(),
                "timestamp" | "ts" | "time" | "created" | "submitted" | "epoch" | "unix"
            )
        });
        if !(named && c.numeric && c.non_missing > 0) {
            return None;
        }
        let scale = if c.min >= Y2000 && c.max <= Y2100 {
            1.0
        } else if c.min >= Y2000 * 1000.0 && c.max <= Y2100 * 1000.0 {
            1000.0
        } else {
            return None;
        };
        Some(SurveyYear {
            year: unix_year((c.min + c.max) / 2.0 / scale),
            from: Some(format!("\"{}\" (Unix times)", c.name)),
        })
    })
}

fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // 365.2425 days per Gregorian year; exact enough for a default the user checks.
    1970 + (secs as f64 / (365.2425 * 86_400.0)) as i32
}
