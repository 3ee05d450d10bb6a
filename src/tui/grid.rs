//! A table as the dashboard shows it and as `e` exports it: header, rows of cells, and for
//! each cell whether publishing would suppress it. Tabs build a [`Grid`] from the
//! `Summary`; the renderer marks suppressed cells with `†` in a dim style, and the export
//! writes an empty (null) field instead of the number — one model, so the screen and the export can
//! never disagree about which cells are sensitive.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TableCell, Row, Table, TableState};
use ratatui::Frame;

use crate::analysis::summary::Ci;
use crate::tui::theme;

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Rounded text for people.
    pub text: String,
    /// Full-precision value for the CSV export (rounding happens only in text for people);
    /// for an interval, its lower end.
    pub raw: String,
    /// The upper end of an interval (exported as a column of its own), else `None`.
    pub hi: Option<String>,
    pub suppressed: bool,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            raw: s.clone(),
            hi: None,
            text: s,
            suppressed: false,
        }
    }

    pub fn count(n: Option<u64>, min_cell: u32) -> Cell {
        match n {
            Some(n) => Cell {
                text: n.to_string(),
                raw: n.to_string(),
                hi: None,
                suppressed: crate::privacy::rules::would_suppress_count(n, min_cell),
            },
            None => Cell::missing(),
        }
    }

    pub fn pct(p: Option<f64>, suppressed: bool) -> Cell {
        match p {
            Some(p) => Cell {
                text: fmt_pct(p),
                raw: p.to_string(),
                hi: None,
                suppressed,
            },
            None => Cell::missing(),
        }
    }

    pub fn ci_pct(ci: Ci, suppressed: bool) -> Cell {
        match ci {
            Some([lo, hi]) => Cell {
                text: format!("{}–{}", fmt_pct_bare(lo), fmt_pct_bare(hi)),
                raw: lo.to_string(),
                hi: Some(hi.to_string()),
                suppressed,
            },
            None => Cell::missing(),
        }
    }

    pub fn num(x: Option<f64>, decimals: usize, suppressed: bool) -> Cell {
        match x {
            Some(x) => Cell {
                text: format!("{x:.decimals$}"),
                raw: x.to_string(),
                hi: None,
                suppressed,
            },
            None => Cell::missing(),
        }
    }

    pub fn ci_num(ci: Ci, decimals: usize, suppressed: bool) -> Cell {
        match ci {
            Some([lo, hi]) => Cell {
                text: format!("[{lo:.decimals$}, {hi:.decimals$}]"),
                raw: lo.to_string(),
                hi: Some(hi.to_string()),
                suppressed,
            },
            None => Cell::missing(),
        }
    }

    pub fn p_value(p: Option<f64>, suppressed: bool) -> Cell {
        match p {
            Some(p) => Cell {
                text: fmt_p(p),
                raw: p.to_string(),
                hi: None,
                suppressed,
            },
            None => Cell::missing(),
        }
    }

    /// An undefined statistic: empty, never NaN.
    pub fn missing() -> Cell {
        Cell {
            text: "—".into(),
            raw: String::new(),
            hi: None,
            suppressed: false,
        }
    }

    /// The text on screen, with the suppression mark.
    pub fn shown(&self) -> String {
        if self.suppressed {
            format!("{}{}", self.text, theme::SUPPRESS_MARK)
        } else {
            self.text.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn any_suppressed(&self) -> bool {
        self.rows.iter().flatten().any(|c| c.suppressed)
    }

    /// Marks every cell that `published` — the same grid built from the published summary
    /// — leaves empty although this one has a value: suppressed by complementary
    /// suppression or a derived rule, not only by the threshold rule.
    pub fn marked(mut self, published: &Grid) -> Grid {
        // Rows are matched by their label and columns by their heading: publishing may
        // merge rows ("Silent + Boomers") and columns (rating bands), and a value whose
        // row or column was merged away is not published on its own, so it is marked.
        let label = |row: &Vec<Cell>| row.first().map(|c| c.raw.clone()).unwrap_or_default();
        for row in self.rows.iter_mut() {
            let name = label(row);
            let exact = published.rows.iter().find(|p| label(p) == name);
            for (j, cell) in row.iter_mut().enumerate().skip(1) {
                // The k-th column of this heading (a table may repeat "95% CI").
                let heading = self.header.get(j);
                let nth = self.header[..j.min(self.header.len())]
                    .iter()
                    .filter(|h| Some(*h) == heading)
                    .count();
                let pcell = exact.and_then(|p| {
                    let at = published
                        .header
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| Some(*h) == heading)
                        .nth(nth)?
                        .0;
                    p.get(at)
                });
                let hidden = match pcell {
                    Some(pcell) => {
                        pcell.suppressed || (pcell.raw.is_empty() && !cell.raw.is_empty())
                    }
                    // Not in the published table at all (a merged row or band, a dropped
                    // threshold): not published on its own.
                    None => true,
                };
                if hidden && !cell.raw.is_empty() {
                    cell.suppressed = true;
                }
            }
        }
        self
    }

    /// Column widths: the widest of header and cells, so numbers line up.
    fn widths(&self) -> Vec<u16> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                let n = c.shown().chars().count();
                if i < w.len() {
                    w[i] = w[i].max(n);
                } else {
                    w.push(n);
                }
            }
        }
        w.into_iter().map(|x| x.min(40) as u16).collect()
    }

    /// Draws the grid; `selected` highlights a row (scrolled into view). The first column
    /// stays put; `first_col` more columns are scrolled off to its right (`<`/`>`). Columns
    /// that do not fit are left out whole from the right, and the header's right end says
    /// how many are hidden on each side ("←2 →3 cols"); cut labels end in "…".
    pub fn render(&self, frame: &mut Frame, area: Rect, selected: Option<usize>, first_col: usize) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let all = self.widths();
        let n = all.len();
        let skip = first_col.min(n.saturating_sub(2));
        let candidates: Vec<usize> = (0..n).filter(|&c| c == 0 || c > skip).collect();
        let fits = |cols: &[usize], extra: u32| {
            let used: u32 = cols
                .iter()
                .enumerate()
                .map(|(k, &c)| u32::from(all[c]) + u32::from(k > 0))
                .sum();
            used + extra <= u32::from(area.width)
        };
        // A squeezed column would cut digits off a number ("100.0%" shown as "00.0%").
        let mut shown: Vec<usize> = Vec::new();
        for &c in &candidates {
            shown.push(c);
            if shown.len() > 1 && !fits(&shown, 0) {
                shown.pop();
                break;
            }
        }
        let marker = |shown: &[usize]| -> String {
            let right = candidates.len() - shown.len();
            match (skip, right) {
                (0, 0) => String::new(),
                (0, r) => format!(" →{r} col{}", if r == 1 { "" } else { "s" }),
                (l, 0) => format!(" ←{l} col{}", if l == 1 { "" } else { "s" }),
                (l, r) => format!(" ←{l} →{r} cols"),
            }
        };
        while shown.len() > 1 && !marker(&shown).is_empty() {
            let m = marker(&shown).chars().count() as u32;
            if fits(&shown, m) {
                break;
            }
            shown.pop();
        }
        let mark = marker(&shown);
        let widths: Vec<Constraint> = shown.iter().map(|&c| Constraint::Length(all[c])).collect();
        let header = Row::new(shown.iter().map(|&c| {
            let h = self.header.get(c).map(String::as_str).unwrap_or("");
            TableCell::from(fit(h, usize::from(all[c]))).style(theme::header())
        }));
        let rows = self.rows.iter().map(|r| {
            Row::new(shown.iter().map(|&i| {
                let Some(c) = r.get(i) else {
                    return TableCell::from("");
                };
                let style = if c.suppressed {
                    theme::suppressed()
                } else {
                    theme::base()
                };
                let line = Line::from(Span::styled(fit(&c.shown(), usize::from(all[i])), style));
                // Numbers right-aligned, the first (label) column left-aligned.
                let line = if i == 0 { line } else { line.right_aligned() };
                TableCell::from(line)
            }))
        });
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(theme::selected());
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut state);
        if !mark.is_empty() {
            let w = mark.chars().count() as u16;
            let x = area.right().saturating_sub(w).max(area.x);
            crate::tui::chart::put_str(frame.buffer_mut(), area, x, area.y, &mark, theme::dim());
        }
    }

    /// Tidy CSV that R's `read.csv` and pandas read as they are: one machine name per
    /// column ([`tidy_key`]), an interval as two numeric columns `<name>_ci_low` and
    /// `<name>_ci_high`, full precision, and a suppressed cell null (an empty field), as in
    /// the report's tables.
    pub fn to_csv(&self) -> Result<String, String> {
        let n = self.header.len();
        // An interval column by its heading, or by its cells: a column whose intervals are
        // all suppressed keeps its two columns, so the file's shape never depends on what
        // publishing hid.
        let is_ci: Vec<bool> = (0..n)
            .map(|c| {
                self.header
                    .get(c)
                    .is_some_and(|h| h.trim().ends_with("95% CI"))
                    || self
                        .rows
                        .iter()
                        .any(|r| r.get(c).is_some_and(|x| x.hi.is_some()))
            })
            .collect();
        let keys = tidy_keys(&self.header);
        let mut head: Vec<String> = Vec::new();
        for (c, key) in keys.iter().enumerate() {
            if is_ci[c] {
                head.push(format!("{key}_low"));
                head.push(format!("{key}_high"));
            } else {
                head.push(key.clone());
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&head).map_err(|e| e.to_string())?;
        for row in &self.rows {
            let mut fields: Vec<&str> = Vec::new();
            for (c, ci) in is_ci.iter().enumerate() {
                let cell = row.get(c);
                let shown = |f: &dyn Fn(&Cell) -> &str| -> &str {
                    cell.filter(|x| !x.suppressed).map_or("", |x| f(x))
                };
                fields.push(shown(&|x| x.raw.as_str()));
                if *ci {
                    fields.push(shown(&|x| x.hi.as_deref().unwrap_or("")));
                }
            }
            w.write_record(&fields).map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }

    /// The grid as text to paste: tab-separated (`tsv`) or a Markdown table, with the
    /// screen's headers and rounded numbers, a suppressed cell empty.
    pub fn to_text(&self, markdown: bool) -> String {
        // Suppressed and undefined cells are empty, as in the CSV.
        let cell = |c: &Cell| {
            if c.suppressed || c.raw.is_empty() {
                String::new()
            } else {
                c.text.clone()
            }
        };
        let mut out = String::new();
        let line = |cells: Vec<String>| {
            if markdown {
                format!(
                    "| {} |\n",
                    cells
                        .iter()
                        .map(|c| c.replace('|', "\\|"))
                        .collect::<Vec<_>>()
                        .join(" | ")
                )
            } else {
                format!(
                    "{}\n",
                    cells
                        .iter()
                        .map(|c| c.replace(['\t', '\n'], " "))
                        .collect::<Vec<_>>()
                        .join("\t")
                )
            }
        };
        out.push_str(&line(self.header.clone()));
        if markdown {
            out.push_str(&line(
                self.header.iter().map(|_| "---".to_string()).collect(),
            ));
        }
        for r in &self.rows {
            out.push_str(&line(r.iter().map(cell).collect()));
        }
        out
    }
}

/// The machine name of a column from its screen header: `"discl."` → `disclosers`,
/// `"95% CI"` → `<previous column>_ci`, `"α"` → `alpha`, `"≥0.3"` → `disclosure_0.3`, a
/// tactic level (`"1 Very intr…"`, `"=1"`) → `n_level_1`; ASCII letters, digits, `_` and
/// `.` only, each name once.
pub fn tidy_keys(header: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in header {
        let h = h.trim();
        let known = match h {
            "discl." => Some("disclosers"),
            "parad." => Some("paradoxical"),
            "expect." => Some("paradoxical_expected"),
            "ρ det." => Some("rho_detectable"),
            "P(sh│unw)" => Some("p_shared_given_unwilling"),
            "OR" => Some("odds_ratio"),
            "OR concern" => Some("odds_ratio_concern"),
            "adj. p" => Some("p_adjusted"),
            "mid-p" => Some("mcnemar_midp"),
            "concern \\ discl." => Some("concern_threshold"),
            "Test across levels" => Some("test"),
            _ => None,
        };
        let prev = out.last().cloned().unwrap_or_default();
        let code = h
            .strip_prefix('=')
            .or_else(|| {
                h.split_once(' ')
                    .map(|(a, _)| a)
                    .filter(|a| a.parse::<i64>().is_ok())
            })
            .filter(|a| a.parse::<i64>().is_ok());
        // A rating band of a coarsened published table: "=1–2" → n_levels_1_2.
        let band = h.strip_prefix('=').and_then(|b| {
            let (a, z) = b.split_once('\u{2013}')?;
            (a.parse::<i64>().is_ok() && z.parse::<i64>().is_ok())
                .then(|| format!("n_levels_{a}_{z}"))
        });
        let key = if let Some(k) = known {
            k.to_string()
        } else if let Some(band) = band {
            band
        } else if h.ends_with("95% CI") {
            let base = slug(h.trim_end_matches("95% CI"));
            format!("{}_ci", if base.is_empty() { prev.clone() } else { base })
        } else if let Some(code) = code.filter(|_| !h.is_empty()) {
            format!("n_level_{code}")
        } else if let Some(t) = h.strip_prefix('≥') {
            format!("disclosure_{t}")
        } else if let Some(t) = h.strip_prefix('>') {
            format!("concern_{t}")
        } else {
            slug(h)
        };
        let key = if out.contains(&key) {
            format!("{key}_{prev}")
        } else {
            key
        };
        out.push(key);
    }
    out
}

fn slug(h: &str) -> String {
    let h = h
        .replace('α', "alpha")
        .replace('ρ', "rho")
        .replace('²', "2");
    let mut out = String::new();
    for ch in h.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// `text` in at most `width` characters: cut with a closing "…" when longer.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

pub fn fmt_pct(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

fn fmt_pct_bare(p: f64) -> String {
    format!("{:.1}", p * 100.0)
}

/// p-values for people: three decimals, or "<0.001".
pub fn fmt_p(p: f64) -> String {
    if p < 0.001 {
        "<0.001".into()
    } else {
        format!("{p:.3}")
    }
}

pub fn fmt_opt_pct(p: Option<f64>) -> String {
    p.map(fmt_pct).unwrap_or_else(|| "—".into())
}

pub fn fmt_opt(x: Option<f64>, decimals: usize) -> String {
    x.map(|x| format!("{x:.decimals$}"))
        .unwrap_or_else(|| "—".into())
}

pub fn fmt_ci(ci: Ci, decimals: usize) -> String {
    ci.map(|[lo, hi]| format!("[{lo:.decimals$}, {hi:.decimals$}]"))
        .unwrap_or_else(|| "[—]".into())
}

pub fn fmt_ci_pct(ci: Ci) -> String {
    ci.map(|[lo, hi]| format!("[{}, {}]", fmt_pct_bare(lo), fmt_pct_bare(hi)))
        .unwrap_or_else(|| "[—]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_replaces_suppressed_cells_and_keeps_full_precision() {
        let grid = Grid {
            title: "t".into(),
            header: vec!["cohort".into(), "n".into(), "share".into()],
            rows: vec![
                vec![
                    Cell::text("A"),
                    Cell::count(Some(4), 10),
                    Cell::pct(Some(0.25), true),
                ],
                vec![
                    Cell::text("B"),
                    Cell::count(Some(40), 10),
                    Cell::pct(Some(0.123456789), false),
                ],
            ],
        };
        let csv = grid.to_csv().unwrap_or_default();
        assert_eq!(csv, "cohort,n,share\nA,,\nB,40,0.123456789\n");
        let tsv = grid.to_text(false);
        assert_eq!(tsv, "cohort\tn\tshare\nA\t\t\nB\t40\t12.3%\n");
        assert!(grid
            .to_text(true)
            .starts_with("| cohort | n | share |\n| --- | --- | --- |\n"));
        assert!(grid.any_suppressed());
        assert_eq!(grid.rows[0][1].shown(), "4†");
    }

    #[test]
    fn p_values_are_rounded_for_people_only() {
        assert_eq!(fmt_p(0.0004), "<0.001");
        assert_eq!(fmt_p(0.0234), "0.023");
        assert_eq!(Cell::p_value(Some(0.0004), false).raw, "0.0004");
    }

    #[test]
    fn csv_headers_are_tidy_and_intervals_are_two_numeric_columns() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            tidy_keys(&h(&[
                "Cohort",
                "n",
                "acceptable",
                "95% CI",
                "discl.",
                "=1",
                "5 Very acc…"
            ])),
            [
                "cohort",
                "n",
                "acceptable",
                "acceptable_ci",
                "disclosers",
                "n_level_1",
                "n_level_5"
            ]
        );
        assert_eq!(
            tidy_keys(&h(&["Tactic", "M² level", "p", "r", "M² acceptable", "p"])),
            [
                "tactic",
                "m2_level",
                "p",
                "r",
                "m2_acceptable",
                "p_m2_acceptable"
            ]
        );
        assert_eq!(
            tidy_keys(&h(&["Scale", "α", "OR 95% CI", "≥0.3"])),
            ["scale", "alpha", "or_ci", "disclosure_0.3"]
        );
        let grid = Grid {
            title: "t".into(),
            header: h(&["Cohort", "acceptable", "95% CI"]),
            rows: vec![vec![
                Cell::text("All"),
                Cell::pct(Some(0.5), false),
                Cell::ci_pct(Some([0.25, 0.75]), false),
            ]],
        };
        assert_eq!(
            grid.to_csv().unwrap_or_default(),
            "cohort,acceptable,acceptable_ci_low,acceptable_ci_high\nAll,0.5,0.25,0.75\n"
        );
    }

    #[test]
    fn cut_labels_end_in_an_ellipsis() {
        assert_eq!(fit("Millennials", 6), "Mille…");
        assert_eq!(fit("Gen Z", 6), "Gen Z");
        assert_eq!(fit("abc", 0), "");
    }
}
