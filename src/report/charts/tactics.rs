//! Acceptance of each personalization tactic, for all respondents and per
//! cohort, as diverging stacked bars in the style of R's likert/gglikert: intrusive levels
//! left of 0, acceptable levels right of it, the neutral level centred across 0 (half each
//! side). Shares are level counts ÷ n. The intrusive and acceptable shares are printed in
//! columns beside the plot, so they line up and never collide with the bars.

use super::furniture::{self, opt_count, suppressed_note, Key, Laid, Missing, Y_TITLE_BAND};
use super::layout::{
    self, cell, line_step, Cell, AXIS, BLUE, GREEN, GRID, INK, INK_SOFT, LABEL_SIZE, MARGIN,
    NEUTRAL, ORANGE, PURPLE, SKY_BLUE, SMALL_SIZE, TICK_SIZE, VERMILLION, WIDTH, YELLOW,
};
use super::scene::{text_width, Colour, HAlign, Scene, Text, VAlign};
use crate::analysis::summary::{Chi2Test, Summary, TacticLevels, TacticSummary};
use crate::fmt::{count, p_chart, pct0};
use crate::report::words::SurveyWords;

const TITLE: &str = "How acceptable are personalization tactics? By cohort";
const ROW_H: f64 = 21.0;
const BAR_H: f64 = 15.0;
const HEADER_H: f64 = 30.0;

/// Intrusive side from the extreme inwards, then acceptable side from the extreme inwards:
/// Okabe–Ito vermillion/orange and blue/sky blue; beyond two levels a side the inner levels
/// repeat the lighter colour (such scales are rare; the legend still names each code).
const INTRUSIVE: [Colour; 2] = [VERMILLION, ORANGE];
const ACCEPTABLE: [Colour; 2] = [BLUE, SKY_BLUE];

/// Colour of level `i` (0-based) of a `k`-level scale.
fn level_colour(i: usize, k: usize) -> Colour {
    let half = k / 2;
    if k % 2 == 1 && i == half {
        NEUTRAL
    } else if i < half {
        INTRUSIVE[i.min(INTRUSIVE.len() - 1)]
    } else {
        ACCEPTABLE[(k - 1 - i).min(ACCEPTABLE.len() - 1)]
    }
}

/// Where a segment of a bar sits: left of 0, centred across it, right of it; a band that
/// merges the neutral rating with the intrusive ones (the two-way split publishing uses to
/// keep `acceptable`) sits wholly left of 0, since its neutral part cannot be told apart.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Below,
    Mid,
    Above,
    BelowOrMid,
}

/// Merged bands have colours of their own (Okabe–Ito reddish purple, bluish green, yellow),
/// so a band is never mistaken for the single rating whose colour it would otherwise share.
const BAND_INTRUSIVE: Colour = PURPLE;
const BAND_ACCEPTABLE: Colour = GREEN;
const BAND_MIXED: Colour = YELLOW;

/// Each segment's side and colour: the answer codes themselves, or the bands of a table
/// that publishing coarsened (its `collapsed.levels`).
fn segments(t: &TacticSummary, k: usize) -> Vec<(Side, Colour)> {
    let bands = t
        .collapsed
        .as_ref()
        .map(|c| c.levels.as_slice())
        .filter(|b| !b.is_empty() && b.len() == k);
    let mid = f64::from(t.min + t.max) / 2.0;
    match bands {
        None => (0..k)
            .map(|i| {
                let side = if k % 2 == 1 && i == k / 2 {
                    Side::Mid
                } else if i < k / 2 {
                    Side::Below
                } else {
                    Side::Above
                };
                (side, level_colour(i, k))
            })
            .collect(),
        Some(bands) => bands
            .iter()
            .map(|b| {
                let below = b.iter().any(|&c| f64::from(c) < mid);
                let at = b.iter().any(|&c| f64::from(c) == mid);
                let above = b.iter().any(|&c| f64::from(c) > mid);
                let single = b.len() == 1;
                match (below, at, above) {
                    (true, true, _) => (Side::BelowOrMid, BAND_MIXED),
                    (true, false, _) if single => (Side::Below, VERMILLION),
                    (true, false, _) => (Side::Below, BAND_INTRUSIVE),
                    (false, true, false) => (Side::Mid, NEUTRAL),
                    _ if single => (Side::Above, BLUE),
                    _ => (Side::Above, BAND_ACCEPTABLE),
                }
            })
            .collect(),
    }
}

/// The share left of 0 (intrusive, merged intrusive-or-neutral, half the neutral) and
/// right of it.
fn extents(sh: &[f64], seg: &[(Side, Colour)]) -> (f64, f64) {
    let mut left = 0.0;
    let mut right = 0.0;
    for (p, (side, _)) in sh.iter().zip(seg) {
        match side {
            Side::Below | Side::BelowOrMid => left += p,
            Side::Above => right += p,
            Side::Mid => {
                left += p / 2.0;
                right += p / 2.0;
            }
        }
    }
    (left, right)
}

/// Whether a tactic's intrusive ratings were merged with its neutral one.
fn mixed(t: &TacticSummary) -> bool {
    segments(t, t.overall.levels.len())
        .iter()
        .any(|(s, _)| *s == Side::BelowOrMid)
}

/// One bar: the cohort (or "All") and its levels.
struct Row<'a> {
    name: String,
    levels: &'a TacticLevels,
    tactic: &'a TacticSummary,
}

/// Per-level shares of a row, or why there are none.
fn shares(l: &TacticLevels, min_cell: u32) -> Result<Vec<f64>, Cell> {
    let n = match l.n {
        Some(n) if n > 0 => n as f64,
        Some(_) => return Err(Cell::Undefined),
        None => return Err(cell(None, min_cell)),
    };
    l.levels
        .iter()
        .map(|c| c.map(|c| c as f64 / n).ok_or_else(|| cell(None, min_cell)))
        .collect()
}

pub(super) fn lay_out(s: &Summary, words: &SurveyWords) -> Option<Laid> {
    let min_cell = s.disclosure_control.min_cell;
    let tactics: Vec<&TacticSummary> = s
        .tactics
        .iter()
        .filter(|t| !t.overall.levels.is_empty())
        .collect();
    if tactics.is_empty() {
        return None;
    }
    let groups: Vec<(&TacticSummary, Vec<Row>)> = tactics
        .iter()
        .map(|t| {
            let mut rows = vec![Row {
                name: "All".to_string(),
                levels: &t.overall,
                tactic: t,
            }];
            rows.extend(t.by_cohort.iter().map(|l| Row {
                name: l.cohort.clone().unwrap_or_else(|| "?".to_string()),
                levels: l,
                tactic: t,
            }));
            (*t, rows)
        })
        .collect();
    let all_rows = || groups.iter().flat_map(|(_, r)| r.iter());

    // Missing-value states that occur: bars and the two printed shares.
    let mut missing = Missing::default();
    for r in all_rows() {
        match shares(r.levels, min_cell) {
            Err(c) => missing.see(c),
            Ok(_) => {
                if !mixed(r.tactic) {
                    missing.see(cell(r.levels.intrusive, min_cell));
                }
                missing.see(cell(r.levels.acceptable, min_cell));
            }
        }
    }

    // Symmetric extent: the larger side of any bar, neutral half included.
    let mut extent: f64 = 0.0;
    for r in all_rows() {
        if let Ok(sh) = shares(r.levels, min_cell) {
            let (left, right) = extents(&sh, &segments(r.tactic, sh.len()));
            extent = extent.max(left).max(right);
        }
    }
    let (ext_pct, step_pct) = layout::nice_axis((extent * 100.0).max(10.0));
    let ext_pct = ext_pct.min(100.0);
    let (ext, step) = (ext_pct / 100.0, step_pct / 100.0);

    let title_text = TITLE.to_string();
    let caption_text = caption_text(s, &tactics);
    let widest = tactics
        .iter()
        .max_by_key(|t| t.overall.levels.len())
        .copied()?;
    let keys = keys(widest, &tactics, words, missing, min_cell);
    let header = furniture::header_height(&title_text, &keys);
    let body: f64 = groups
        .iter()
        .map(|(_, rows)| HEADER_H + ROW_H * rows.len() as f64)
        .sum();
    let axis_h = 8.0 + line_step(TICK_SIZE) + line_step(LABEL_SIZE) + 12.0;
    let col_head = line_step(SMALL_SIZE) + 6.0;
    let (mut scene, y) = furniture::open(
        &title_text,
        &keys,
        header + col_head + body + axis_h,
        &caption_text,
    );

    // Columns: rotated axis title | row name | n | intrusive % | plot | acceptable %.
    let name_w = all_rows()
        .map(|r| text_width(&r.name, TICK_SIZE, false))
        .fold(0.0, f64::max)
        .min(200.0);
    let n_w = all_rows()
        .map(|r| {
            text_width(
                &format!(
                    "n = {}",
                    opt_count(r.levels.n, s.disclosure_control.min_cell)
                ),
                SMALL_SIZE,
                false,
            )
        })
        .fold(0.0, f64::max);
    let pct_w =
        text_width("Acceptable", SMALL_SIZE, true).max(text_width("100%", TICK_SIZE, false));
    let name_x = Y_TITLE_BAND + 14.0 + 12.0;
    let n_right = name_x + name_w + 10.0 + n_w;
    let intr_right = n_right + 14.0 + pct_w;
    let left = intr_right + 10.0;
    let acc_right = f64::from(WIDTH) - MARGIN;
    let right = acc_right - pct_w - 10.0;
    let zero = (left + right) / 2.0;
    let xv = |p: f64| zero + (right - zero) * (p / ext).clamp(-1.0, 1.0);

    let top = y + col_head;
    furniture::column_head(&mut scene, intr_right, top - 4.0, "Intrusive");
    furniture::column_head(&mut scene, acc_right, top - 4.0, "Acceptable");
    let bottom = top + body;

    // Grid and axis (labels show absolute shares on both sides of 0).
    let ticks = (ext / step).round() as i64;
    for i in -ticks..=ticks {
        let p = i as f64 * step;
        let xx = xv(p);
        // Grid only behind the bars, not through the tactic headers.
        let mut gy = top;
        for (_, rows) in &groups {
            gy += HEADER_H;
            let gy1 = gy + ROW_H * rows.len() as f64;
            scene.line((xx, gy), (xx, gy1), if i == 0 { AXIS } else { GRID }, 1.0);
            gy = gy1;
        }
        furniture::x_tick_mark(&mut scene, xx, bottom, 5.0);
        furniture::x_tick_label(
            &mut scene,
            xx,
            bottom + 8.0,
            layout::tick_label(p.abs() * 100.0),
        );
    }
    scene.line((left, bottom), (right, bottom), AXIS, 1.0);
    furniture::x_axis_title(
        &mut scene,
        zero,
        bottom + 8.0 + line_step(TICK_SIZE) + 4.0,
        "Share of respondents (%)  ← intrusive | acceptable →",
    );
    furniture::y_axis_title(&mut scene, top, bottom, "Tactic and cohort");

    let mut gy = top;
    for (t, rows) in &groups {
        // Tactic header: its label, and the cohort × level χ² at the right.
        let test = chi2_text(t.chi2.as_ref());
        let test_w = text_width(&test, SMALL_SIZE, false);
        let title = match t.collapsed.as_ref().filter(|c| !c.levels.is_empty()) {
            Some(c) => {
                let bands: Vec<String> = c.levels.iter().map(|b| band_codes(b)).collect();
                format!("{} (ratings merged: {})", t.label, bands.join(" · "))
            }
            None => t.label.clone(),
        };
        let label = layout::fit(&title, LABEL_SIZE, true, acc_right - name_x - test_w - 20.0);
        scene.text(Text {
            x: name_x,
            y: gy + HEADER_H - 6.0,
            text: label,
            size: LABEL_SIZE,
            bold: true,
            h: HAlign::Left,
            v: VAlign::Bottom,
            rotated: false,
            colour: INK,
        });
        if !test.is_empty() {
            scene.label(
                acc_right,
                gy + HEADER_H - 6.0,
                test,
                SMALL_SIZE,
                HAlign::Right,
                VAlign::Bottom,
                INK_SOFT,
            );
        }
        gy += HEADER_H;
        for r in rows {
            let cy = gy + ROW_H / 2.0;
            let name = layout::fit(&r.name, TICK_SIZE, false, name_w);
            scene.label(
                name_x,
                cy,
                name,
                TICK_SIZE,
                HAlign::Left,
                VAlign::Center,
                INK,
            );
            scene.label(
                n_right,
                cy,
                format!(
                    "n = {}",
                    opt_count(r.levels.n, s.disclosure_control.min_cell)
                ),
                SMALL_SIZE,
                HAlign::Right,
                VAlign::Center,
                INK_SOFT,
            );
            draw_bar(&mut scene, r.levels, r.tactic, min_cell, cy, ext, &xv);
            if shares(r.levels, min_cell).is_ok() {
                if mixed(r.tactic) {
                    scene.label(
                        intr_right,
                        cy,
                        "n/a",
                        SMALL_SIZE,
                        HAlign::Right,
                        VAlign::Center,
                        INK_SOFT,
                    );
                } else {
                    share_cell(
                        &mut scene,
                        r.levels.intrusive,
                        min_cell,
                        intr_right,
                        pct_w,
                        cy,
                    );
                }
                share_cell(
                    &mut scene,
                    r.levels.acceptable,
                    min_cell,
                    acc_right,
                    pct_w,
                    cy,
                );
            }
            gy += ROW_H;
        }
    }
    Some(furniture::finish(scene, title_text, caption_text))
}

fn draw_bar(
    scene: &mut Scene,
    l: &TacticLevels,
    t: &TacticSummary,
    min_cell: u32,
    cy: f64,
    ext: f64,
    xv: &dyn Fn(f64) -> f64,
) {
    let (y0, y1) = (cy - BAR_H / 2.0, cy + BAR_H / 2.0);
    match shares(l, min_cell) {
        Ok(sh) => {
            let seg = segments(t, sh.len());
            // Leftmost edge: everything intrusive (or merged with neutral) plus half the
            // neutral level; segments follow in code order.
            let mut x = -extents(&sh, &seg).0;
            for (p, (_, colour)) in sh.iter().zip(&seg) {
                if *p > 0.0 {
                    scene.rect(xv(x), y0, xv(x + p), y1, *colour);
                }
                x += p;
            }
        }
        Err(missing) => {
            furniture::missing_mark(scene, missing, xv(-0.3 * ext), y0, xv(0.3 * ext), y1)
        }
    }
}

/// A printed share in a right-aligned column, or the marker of why it is missing.
fn share_cell(scene: &mut Scene, v: Option<f64>, min_cell: u32, right: f64, w: f64, cy: f64) {
    let box_w = w.min(34.0);
    match cell(v, min_cell) {
        Cell::Value(p) => scene.label(
            right,
            cy,
            pct0(p),
            TICK_SIZE,
            HAlign::Right,
            VAlign::Center,
            INK,
        ),
        missing => {
            furniture::missing_mark(scene, missing, right - box_w, cy - 6.0, right, cy + 6.0)
        }
    }
}

/// "χ²(16) = 40.0, p < 0.001, V = 0.08", or "" when there is no test.
fn chi2_text(t: Option<&Chi2Test>) -> String {
    let Some(t) = t else {
        return String::new();
    };
    let (Some(chi2), Some(df), Some(p)) = (t.chi2, t.df, t.p) else {
        return String::new();
    };
    let mut s = format!("χ²({df}) = {chi2:.1}, {}", p_chart(p));
    if let Some(v) = t.cramers_v {
        s.push_str(&format!(", V = {v:.2}"));
    }
    s
}

/// The legend's level names: the questionnaire's words when the codebook gives the
/// tactic's column a label set, else the codes with a generic name for the ends (and the
/// middle of an odd scale).
fn keys(
    t: &TacticSummary,
    all: &[&TacticSummary],
    words: &SurveyWords,
    missing: Missing,
    min_cell: u32,
) -> Vec<(Key, String)> {
    // The widest tactic names the single ratings; merged bands get keys of their own.
    let full = all
        .iter()
        .filter(|x| x.collapsed.as_ref().is_none_or(|c| c.levels.is_empty()))
        .max_by_key(|x| x.overall.levels.len())
        .copied();
    let t = full.unwrap_or(t);
    let k = if full.is_some() {
        t.overall.levels.len()
    } else {
        0
    };
    let labelled = words.has_tactic_levels(&t.name);
    let mut keys: Vec<(Key, String)> = (0..k)
        .map(|i| {
            let code = i64::from(t.min) + i as i64;
            let label = match words.tactic_level(&t.name, code) {
                Some(w) => w.to_string(),
                // A label set that leaves this code unnamed: the bare code, no invented word.
                None if labelled => code.to_string(),
                None if i == 0 => format!("{code} = very intrusive"),
                None if i + 1 == k => format!("{code} = very acceptable"),
                None if k % 2 == 1 && i == k / 2 => format!("{code} = neutral"),
                None => code.to_string(),
            };
            (Key::Fill(level_colour(i, k)), label)
        })
        .collect();
    // Merged bands are named by their ratings and side ("ratings 1–2 (intrusive)"), or by
    // the label set's words; one key per colour, named after the first tactic showing it.
    let mut band_keys: Vec<(Key, String)> = Vec::new();
    for x in all {
        let Some(bands) = x
            .collapsed
            .as_ref()
            .map(|c| c.levels.as_slice())
            .filter(|b| !b.is_empty())
        else {
            continue;
        };
        for (band, (side, colour)) in bands.iter().zip(segments(x, bands.len())) {
            let already_keyed = match side {
                Side::Mid => k % 2 == 1,
                _ => band.len() == 1 && k > 0,
            };
            if already_keyed || band_keys.iter().any(|(key, _)| *key == Key::Fill(colour)) {
                continue;
            }
            let mut label = words.band(&x.name, band, x.min, x.max);
            if band.len() > 1 {
                label.push_str(", merged");
            }
            band_keys.push((Key::Fill(colour), label));
        }
    }
    keys.extend(band_keys);
    keys.extend(missing.keys(min_cell));
    keys
}

/// "1–2" or "3".
fn band_codes(b: &[i32]) -> String {
    match (b.first(), b.last()) {
        (Some(a), Some(z)) if a != z => format!("{a}–{z}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn caption_text(s: &Summary, tactics: &[&TacticSummary]) -> String {
    let mut t = String::from(
        "Bars: share of respondents at each rating; intrusive ratings (below the scale \
         midpoint) left of 0, acceptable ratings right of it, the neutral rating split across \
         0. Columns: share intrusive and share acceptable. χ²: cohort × rating test without \
         continuity correction, V: Cramér's V.",
    );
    let ns: Vec<String> = tactics
        .iter()
        .map(|x| {
            format!(
                "{} {}",
                x.label,
                opt_count(x.overall.n, s.disclosure_control.min_cell)
            )
        })
        .collect();
    t.push_str(&format!(
        " n = respondents rating each tactic: {}.",
        ns.join(", ")
    ));
    if let Some(unknown) = s.study.unknown_cohort.filter(|&u| u > 0) {
        let merged = tactics.iter().any(|x| {
            x.collapsed
                .as_ref()
                .is_some_and(|c| c.cohorts.iter().flatten().any(|m| m == "cohort unknown"))
        });
        t.push_str(&if merged {
            format!(
                " Respondents with unknown cohort ({}) count in All, and in the row \"… + cohort unknown\" where one is shown.",
                count(unknown)
            )
        } else {
            format!(
                " Respondents with unknown cohort ({}) count in All only.",
                count(unknown)
            )
        });
    }
    if tactics.iter().any(|x| x.collapsed.is_some()) {
        t.push_str(
            " To publish every cohort without exposing small groups, some tactics show their \
             ratings merged into bands (named after the tactic) or cohorts merged into one row \
             (\"A + B\").",
        );
    }
    if tactics.iter().any(|x| mixed(x)) {
        t.push_str(
            " n/a: intrusive and neutral ratings are merged into one band, so the intrusive \
             share alone is not published.",
        );
    }
    t.push_str(&suppressed_note(s.disclosure_control.min_cell));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_point_palette_diverges_around_grey() {
        let c: Vec<Colour> = (0..5).map(|i| level_colour(i, 5)).collect();
        assert_eq!(c, vec![VERMILLION, ORANGE, NEUTRAL, SKY_BLUE, BLUE]);
        let c4: Vec<Colour> = (0..4).map(|i| level_colour(i, 4)).collect();
        assert_eq!(c4, vec![VERMILLION, ORANGE, SKY_BLUE, BLUE]);
    }
}
