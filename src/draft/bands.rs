//! Age bands: a text column whose answers are all age ranges ("18-24", "25–34", "65+",
//! "65 and over", "Under 18") is an age-group column, and its lower edges are the
//! `age_bands` a researcher would use.

use super::column::Column;

/// The lower edges of an age-group column's bands, in order, when every answer is an age
/// range (at least two distinct ranges); `None` otherwise.
pub(super) fn age_band_edges(c: &Column) -> Option<Vec<i32>> {
    if c.numeric || c.many || c.distinct.len() < 2 {
        return None;
    }
    let mut edges: Vec<i32> = Vec::new();
    for (v, _) in &c.distinct {
        match band_lower(v)? {
            Some(lo) => edges.push(lo),
            // "Under 18" has no lower edge: the bands start at the next one.
            None => continue,
        }
    }
    edges.sort_unstable();
    edges.dedup();
    (!edges.is_empty()).then_some(edges)
}

/// An age-group column's answers from the youngest band to the oldest ("Under 18" first),
/// when every answer is an age range.
pub(super) fn age_band_order(c: &Column) -> Option<Vec<String>> {
    age_band_edges(c)?;
    let mut order: Vec<(i32, &String)> = c
        .distinct
        .iter()
        .map(|(v, _)| band_lower(v).map(|lo| (lo.unwrap_or(-1), v)))
        .collect::<Option<_>>()?;
    order.sort_by_key(|(lo, _)| *lo);
    Some(order.into_iter().map(|(_, v)| v.clone()).collect())
}

/// The lower end of an age range (`Some(None)` for "under N"), or `None` when `v` is not
/// one.
fn band_lower(v: &str) -> Option<Option<i32>> {
    let t = v.trim().to_lowercase();
    let age = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
            .filter(|a| (0..=120).contains(a))
    };
    for under in ["under ", "younger than ", "less than ", "below "] {
        if let Some(rest) = t.strip_prefix(under) {
            age(rest.trim_end_matches(" years").trim_end_matches(" year"))?;
            return Some(None);
        }
    }
    let t = t
        .trim_end_matches(" years old")
        .trim_end_matches(" years")
        .trim();
    for over in [
        "+",
        " and over",
        " and older",
        " or older",
        " or over",
        " and above",
    ] {
        if let Some(rest) = t.strip_suffix(over) {
            return age(rest).map(Some);
        }
    }
    for sep in ["-", "–", "—", " to "] {
        if let Some((a, b)) = t.split_once(sep) {
            let (lo, hi) = (age(a)?, age(b)?);
            return (lo < hi).then_some(Some(lo));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(values: &[&str]) -> Column {
        let mut c = Column::default();
        let mut s = Vec::new();
        for v in values {
            c.add(v, &mut s);
        }
        c
    }

    #[test]
    fn age_ranges_give_edges() {
        let c = column(&["25-34", "18-24", "65+", "35 – 44", "45 to 54", "Under 18"]);
        assert_eq!(age_band_edges(&c), Some(vec![18, 25, 35, 45, 65]));
        assert_eq!(
            age_band_order(&c).unwrap(),
            ["Under 18", "18-24", "25-34", "35 – 44", "45 to 54", "65+"]
        );
        let c = column(&["18–29", "30–49", "50 and over"]);
        assert_eq!(age_band_edges(&c), Some(vec![18, 30, 50]));
        // Dates, scores and words are not age ranges.
        assert_eq!(age_band_edges(&column(&["2017-03-06", "2017-03-07"])), None);
        assert_eq!(age_band_edges(&column(&["low", "high"])), None);
        assert_eq!(age_band_edges(&column(&["1-2", "3-4", "x"])), None);
    }
}
