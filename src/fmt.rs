//! Numbers for people: the one place that decides how a count, a percentage, a p-value or
//! an interval looks in prose, in a table cell, on a chart or on the dashboard — a real
//! minus sign, thousands separators, "—" for a missing cell, "p < 0.001". Full-precision
//! numbers for machines (CSV cells, `summary.json`) are written by [`csv_number`] and
//! [`csv_count`]: shortest round-trip form, empty when missing.
//!
//! Every layer may use this module; it depends on nothing of the crate.

/// U+2212, the typographic minus sign.
pub const MINUS: char = '\u{2212}';
/// What a table cell shows for a suppressed or undefined value.
pub const MISSING_CELL: &str = "\u{2014}";
/// What prose says in place of a suppressed or undefined value.
pub const NOT_AVAILABLE: &str = "not available (suppressed or undefined)";
/// The legend printed under a table holding a [`MISSING_CELL`].
pub const MISSING_LEGEND: &str =
    "\u{2014} suppressed by disclosure control, or not defined for these data (see Notes).";

/// `x` with `dp` decimals, a true minus sign, and never "−0.00".
pub fn num(x: f64, dp: usize) -> String {
    if !x.is_finite() {
        return MISSING_CELL.to_string();
    }
    let s = format!("{x:.dp$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        Some(rest) => format!("{MINUS}{rest}"),
        None => s,
    }
}

/// Like [`num`] with an explicit "+" on positive values (differences, gaps).
pub fn signed(x: f64, dp: usize) -> String {
    let s = num(x, dp);
    if s.starts_with(MINUS) || s.chars().all(|c| c == '0' || c == '.') || !x.is_finite() {
        s
    } else {
        format!("+{s}")
    }
}

/// A count with thousands separators ("2,391").
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Decimals for a percentage in prose: whole percent, except that shares below 1% or
/// above 99% get one decimal, so "0%" and "100%" are only said when exact.
fn pct_digits(p: f64) -> usize {
    let x = (p * 100.0).abs();
    if x == 0.0 || x == 100.0 {
        0
    } else if !(1.0..=99.0).contains(&x) {
        1
    } else {
        0
    }
}

/// A proportion (0..1) as a rounded percentage for prose: "48%", "0.4%".
pub fn pct(p: f64) -> String {
    let x = p * 100.0;
    if x > 0.0 && x < 0.05 {
        return "<0.1%".into();
    }
    if x < 100.0 && x > 99.95 {
        return ">99.9%".into();
    }
    format!("{}%", num(x, pct_digits(p)))
}

/// A proportion as a percentage with one decimal, for tables: "41.2%".
pub fn pct1(p: f64) -> String {
    format!("{}%", num(p * 100.0, 1))
}

/// A range "lo–hi", or "lo to hi" when a bound is negative (an en dash beside a minus
/// sign is unreadable).
pub fn range(lo: &str, hi: &str) -> String {
    if lo.starts_with(MINUS) || hi.starts_with(MINUS) {
        format!("{lo} to {hi}")
    } else {
        format!("{lo}\u{2013}{hi}")
    }
}

/// A CI of a proportion in percent for prose: "44–52%".
pub fn pct_ci(ci: [f64; 2]) -> String {
    let d = pct_digits(ci[0]).max(pct_digits(ci[1]));
    format!("{}%", range(&num(ci[0] * 100.0, d), &num(ci[1] * 100.0, d)))
}

/// A CI of a proportion in percent with one decimal, for tables: "39.1–43.4".
pub fn pct1_ci(ci: [f64; 2]) -> String {
    range(&num(ci[0] * 100.0, 1), &num(ci[1] * 100.0, 1))
}

/// A CI of a plain number: "0.83–0.85", "−0.03 to 0.07".
pub fn num_ci(ci: [f64; 2], dp: usize) -> String {
    range(&num(ci[0], dp), &num(ci[1], dp))
}

/// A p-value for prose: "p < 0.001", "p = 0.034", "p > 0.999".
pub fn p_value(p: f64) -> String {
    p_phrase(p)
}

/// A p-value for a table cell: "< 0.001", "0.034".
pub fn p_cell(p: Option<f64>) -> String {
    match p {
        Some(p) if p.is_finite() && p < 0.001 => "< 0.001".into(),
        Some(p) if p.is_finite() && p > 0.999 => "> 0.999".into(),
        Some(p) if p.is_finite() => num(p, p_digits(p)),
        _ => MISSING_CELL.into(),
    }
}

/// `p = …` / `p < …` for prose, with the comparison sign right.
fn p_phrase(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else if p > 0.999 {
        "p > 0.999".into()
    } else {
        format!("p = {}", num(p, p_digits(p)))
    }
}

/// Three decimals below 0.1 (where the third digit matters), two above (APA style).
fn p_digits(p: f64) -> usize {
    if p < 0.0995 {
        3
    } else {
        2
    }
}

/// Table cell helpers: the value formatted, or [`MISSING_CELL`].
pub fn cell_num(x: Option<f64>, dp: usize) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| num(v, dp))
        .unwrap_or_else(|| MISSING_CELL.into())
}

pub fn cell_count(n: Option<u64>) -> String {
    n.map(count).unwrap_or_else(|| MISSING_CELL.into())
}

pub fn cell_pct(p: Option<f64>) -> String {
    p.filter(|v| v.is_finite())
        .map(pct1)
        .unwrap_or_else(|| MISSING_CELL.into())
}

/// "41.2% (39.1–43.4)", or the point alone when the CI is missing.
pub fn cell_pct_ci(p: Option<f64>, ci: Option<[f64; 2]>) -> String {
    match (p.filter(|v| v.is_finite()), ci) {
        (Some(p), Some(ci)) => format!("{} ({})", pct1(p), pct1_ci(ci)),
        (Some(p), None) => pct1(p),
        (None, _) => MISSING_CELL.into(),
    }
}

/// "0.04 (0.00–0.08)", or the point alone when the CI is missing.
pub fn cell_num_ci(x: Option<f64>, ci: Option<[f64; 2]>, dp: usize) -> String {
    match (x.filter(|v| v.is_finite()), ci) {
        (Some(x), Some(ci)) => format!("{} ({})", num(x, dp), num_ci(ci, dp)),
        (Some(x), None) => num(x, dp),
        (None, _) => MISSING_CELL.into(),
    }
}

/// A CSV cell for a machine: the shortest form that reads back to the same `f64`, or an
/// empty cell when the value is missing, suppressed or not finite.
pub fn csv_number(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) => serde_json::to_string(&v).unwrap_or_default(),
        None => String::new(),
    }
}

/// A CSV count cell: the integer, or an empty cell when missing or suppressed.
pub fn csv_count(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// A share of two counts with one decimal ("12.5%"), or "–" when the denominator is 0.
pub fn ratio_pct1(num: u64, den: u64) -> String {
    if den == 0 {
        "\u{2013}".into()
    } else {
        format!("{:.1}%", 100.0 * num as f64 / den as f64)
    }
}

/// A proportion as a whole percentage without rounding rules for prose, as charts label
/// bars: 0.4123 → "41%".
pub fn pct0(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A proportion with one decimal as Rust formats it ("41.2%"), for dashboard cells.
pub fn pct1_plain(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// p-values on the dashboard: three decimals, or "<0.001".
pub fn p_short(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value on a chart: "p < 0.001", else "p = " with three decimals ("p = 0.042").
pub fn p_chart(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}

/// A share difference in whole percentage points with a sign and a true minus, as charts
/// print a gap or a risk difference: 0.24 → "+24", −0.05 → "−5", 0.004 → "0".
pub fn signed_points(g: f64) -> String {
    let v = (g * 100.0).round();
    if v > 0.0 {
        format!("+{v:.0}")
    } else if v < 0.0 {
        format!("{MINUS}{:.0}", -v)
    } else {
        "0".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_true_minus_and_no_negative_zero() {
        assert_eq!(num(-0.031, 2), "\u{2212}0.03");
        assert_eq!(num(-0.001, 2), "0.00");
        assert_eq!(num(0.5, 2), "0.50");
        assert_eq!(signed(0.24 * 100.0, 0), "+24");
        assert_eq!(signed(-3.0, 0), "\u{2212}3");
        assert_eq!(num(f64::NAN, 2), MISSING_CELL);
    }

    #[test]
    fn percentages_round_sensibly() {
        assert_eq!(pct(0.48), "48%");
        assert_eq!(pct(0.004), "0.4%");
        assert_eq!(pct(0.0001), "<0.1%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(pct(0.995), "99.5%");
        assert_eq!(pct_ci([0.44, 0.52]), "44\u{2013}52%");
        assert_eq!(pct1(0.4123), "41.2%");
        assert_eq!(pct0(0.4123), "41%");
    }

    #[test]
    fn ranges_with_negative_bounds_use_to() {
        assert_eq!(num_ci([-0.03, 0.07], 2), "\u{2212}0.03 to 0.07");
        assert_eq!(num_ci([0.83, 0.85], 2), "0.83\u{2013}0.85");
    }

    #[test]
    fn p_values() {
        assert_eq!(p_value(0.0004), "p < 0.001");
        assert_eq!(p_value(0.0342), "p = 0.034");
        assert_eq!(p_value(0.61), "p = 0.61");
        assert_eq!(p_value(0.9999), "p > 0.999");
        assert_eq!(p_cell(Some(0.0342)), "0.034");
        assert_eq!(p_cell(Some(1e-9)), "< 0.001");
        assert_eq!(p_cell(None), MISSING_CELL);
        assert_eq!(p_chart(1e-11), "p < 0.001");
        assert_eq!(p_chart(0.0421), "p = 0.042");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(2391), "2,391");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn signed_points_round_to_whole_points() {
        assert_eq!(signed_points(0.24), "+24");
        assert_eq!(signed_points(-0.092), "\u{2212}9");
        assert_eq!(signed_points(0.2), "+20");
        assert_eq!(signed_points(-0.004), "0");
    }

    #[test]
    fn csv_cells_are_full_precision_and_null_is_empty() {
        assert_eq!(csv_number(Some(0.1)), "0.1");
        assert_eq!(csv_number(Some(1e-90)), "1e-90");
        assert_eq!(
            csv_number(Some(-0.030000000000000002)),
            "-0.030000000000000002"
        );
        assert_eq!(csv_number(None), "");
        assert_eq!(csv_number(Some(f64::NAN)), "");
        assert_eq!(csv_count(Some(12)), "12");
        assert_eq!(csv_count(None), "");
    }
}
