//! Fast formatting of numbers, ids and timestamps into a reused byte buffer: the CSV
//! writers format millions of cells, so they append digits by hand instead of going
//! through `format!`.

use super::params::EVENT_EPOCH_DAY;

pub(super) fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_padded(buf: &mut Vec<u8>, v: u64, width: usize) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut x = v;
    loop {
        i -= 1;
        tmp[i] = b'0' + (x % 10) as u8;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    for _ in (tmp.len() - i)..width {
        buf.push(b'0');
    }
    buf.extend_from_slice(&tmp[i..]);
}

pub(super) fn push_id(buf: &mut Vec<u8>, number: u64, width: usize) {
    buf.push(b'R');
    push_padded(buf, number, width);
}

/// A weight with 4 decimals (the value was already rounded to 4 decimals).
pub(super) fn push_weight(buf: &mut Vec<u8>, w: f64) {
    let scaled = (w * 10_000.0).round() as u64;
    push_u64(buf, scaled / 10_000);
    buf.push(b'.');
    push_padded(buf, scaled % 10_000, 4);
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since [`EVENT_EPOCH_DAY`]; civil date from days by
/// Howard Hinnant's `civil_from_days` algorithm ("chrono-Compatible Low-Level Date
/// Algorithms").
pub(super) fn push_timestamp(buf: &mut Vec<u8>, seconds: u64) {
    let days = EVENT_EPOCH_DAY + (seconds / 86_400) as i64;
    let secs = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    push_padded(buf, year.max(0) as u64, 4);
    buf.push(b'-');
    push_padded(buf, month as u64, 2);
    buf.push(b'-');
    push_padded(buf, d as u64, 2);
    buf.push(b'T');
    push_padded(buf, secs / 3600, 2);
    buf.push(b':');
    push_padded(buf, secs / 60 % 60, 2);
    buf.push(b':');
    push_padded(buf, secs % 60, 2);
    buf.push(b'Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_8601() {
        let mut b = Vec::new();
        push_timestamp(&mut b, 0);
        assert_eq!(b, b"2025-01-01T00:00:00Z");
        b.clear();
        // 2025-03-01 is day 59 of 2025 (not a leap year).
        push_timestamp(&mut b, 59 * 86_400 + 3661);
        assert_eq!(b, b"2025-03-01T01:01:01Z");
    }

    #[test]
    fn number_formatting() {
        let mut b = Vec::new();
        push_id(&mut b, 42, 6);
        b.push(b' ');
        push_weight(&mut b, 0.4);
        b.push(b' ');
        push_weight(&mut b, 1.0523);
        b.push(b' ');
        push_u64(&mut b, 0);
        assert_eq!(b, b"R000042 0.4000 1.0523 0");
    }
}
