//! Age cohorts: Pew generations by birth year, age bands, or a cohort column.

/// Pew Research Center generation boundaries by birth year, oldest first:
/// (name, first birth year, last birth year).
pub const GENERATIONS: [(&str, i32, i32); 6] = [
    ("Silent", i32::MIN, 1945),
    ("Boomers", 1946, 1964),
    ("Gen X", 1965, 1980),
    ("Millennials", 1981, 1996),
    ("Gen Z", 1997, 2012),
    ("Gen Alpha", 2013, i32::MAX),
];

/// Generation names, oldest first.
pub fn generation_names() -> Vec<String> {
    GENERATIONS.iter().map(|g| g.0.to_string()).collect()
}

/// Index into [`GENERATIONS`] of a birth year.
pub fn generation_of(birth_year: i32) -> usize {
    GENERATIONS
        .iter()
        .position(|&(_, lo, hi)| birth_year >= lo && birth_year <= hi)
        .unwrap_or(GENERATIONS.len() - 1)
}

/// Band names for lower edges `[18, 25, 35]` → `["18-24", "25-34", "35+"]`.
pub fn band_names(edges: &[i32]) -> Vec<String> {
    edges
        .iter()
        .enumerate()
        .map(|(i, lo)| match edges.get(i + 1) {
            Some(next) => format!("{lo}-{}", next - 1),
            None => format!("{lo}+"),
        })
        .collect()
}

/// Index of the band an age falls in; `None` below the first edge.
pub fn band_of(edges: &[i32], age: i32) -> Option<usize> {
    edges.iter().rposition(|&lo| age >= lo)
}

/// Cohort-column matching: a value matches a cohort of `order` trimmed and ignoring case.
pub fn column_level_of(order: &[String], value: &str) -> Option<usize> {
    let v = value.trim();
    order.iter().position(|o| o.trim().eq_ignore_ascii_case(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pew_boundaries() {
        // Pew Research Center, "Defining generations" (2019): Millennials born 1981–1996,
        // Gen Z from 1997.
        assert_eq!(GENERATIONS[generation_of(1945)].0, "Silent");
        assert_eq!(GENERATIONS[generation_of(1946)].0, "Boomers");
        assert_eq!(GENERATIONS[generation_of(1964)].0, "Boomers");
        assert_eq!(GENERATIONS[generation_of(1965)].0, "Gen X");
        assert_eq!(GENERATIONS[generation_of(1980)].0, "Gen X");
        assert_eq!(GENERATIONS[generation_of(1981)].0, "Millennials");
        assert_eq!(GENERATIONS[generation_of(1996)].0, "Millennials");
        assert_eq!(GENERATIONS[generation_of(1997)].0, "Gen Z");
        assert_eq!(GENERATIONS[generation_of(2012)].0, "Gen Z");
        assert_eq!(GENERATIONS[generation_of(2013)].0, "Gen Alpha");
    }

    #[test]
    fn bands() {
        let e = [18, 25, 35, 45, 55, 65];
        assert_eq!(
            band_names(&e),
            vec!["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
        );
        assert_eq!(band_of(&e, 17), None);
        assert_eq!(band_of(&e, 18), Some(0));
        assert_eq!(band_of(&e, 24), Some(0));
        assert_eq!(band_of(&e, 25), Some(1));
        assert_eq!(band_of(&e, 99), Some(5));
    }

    #[test]
    fn column_levels_trim_and_ignore_case() {
        let o = vec!["18 - 24 years".to_string(), "25 - 34 years".to_string()];
        assert_eq!(column_level_of(&o, "  25 - 34 YEARS "), Some(1));
        assert_eq!(column_level_of(&o, "35+"), None);
    }
}
