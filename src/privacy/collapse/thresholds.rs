//! The sensitivity grid's cells are cumulative (concerned = score above a threshold,
//! discloser = score at or above one), so a reader who differences adjacent cells learns the
//! respondents between two thresholds. Thresholds are dropped until every such slice — each
//! rectangle between adjacent concern and adjacent disclosure thresholds — holds 0 or at
//! least `min_cell` respondents; the codebook's own thresholds (the `actual` cell, which is
//! `gap.overall`) are never dropped.

use crate::analysis::summary::{DroppedThresholds, Sensitivity};

use super::merge::small;

/// `F[i][j]` = respondents with concern above threshold i and disclosure at or above
/// threshold j, with index 0 standing for "no threshold" (everyone) on either axis.
fn cumulative(s: &Sensitivity) -> Option<Vec<Vec<u64>>> {
    let (ni, nj) = (s.concern_thresholds.len(), s.disclosure_thresholds.len());
    let n = s.n?;
    let mut f = vec![vec![0u64; nj + 1]; ni + 1];
    f[0][0] = n;
    for i in 0..ni {
        for j in 0..nj {
            let t = &s.cells.get(i)?.get(j)?.concern_table;
            let [[a, b], [c, _]] = *t;
            let (a, b, c) = (a?, b?, c?);
            f[i + 1][j + 1] = a;
            f[i + 1][0] = a + b;
            f[0][j + 1] = a + c;
        }
    }
    Some(f)
}

/// The rectangles between the kept thresholds (indices into `F`, 0 = no threshold).
fn slices(f: &[Vec<u64>], rows: &[usize], cols: &[usize]) -> Vec<(usize, usize, u64)> {
    let at = |i: Option<&usize>, j: Option<&usize>| -> i64 {
        match (i, j) {
            (Some(&i), Some(&j)) => f[i][j] as i64,
            _ => 0,
        }
    };
    let mut out = Vec::new();
    for k in 0..rows.len() {
        for l in 0..cols.len() {
            let v = at(rows.get(k), cols.get(l))
                - at(rows.get(k + 1), cols.get(l))
                - at(rows.get(k), cols.get(l + 1))
                + at(rows.get(k + 1), cols.get(l + 1));
            out.push((k, l, v.max(0) as u64));
        }
    }
    out
}

fn bad(f: &[Vec<u64>], rows: &[usize], cols: &[usize], min: u64) -> Vec<(usize, usize)> {
    slices(f, rows, cols)
        .into_iter()
        .filter(|&(_, _, v)| small(v, min))
        .map(|(k, l, _)| (k, l))
        .collect()
}

/// Drops thresholds from a grid (rows and columns of `cells`) until no slice is small;
/// returns what was dropped, or `None` when nothing was.
pub fn drop_thresholds(s: &mut Sensitivity, min: u64) -> Option<DroppedThresholds> {
    let f = cumulative(s)?;
    let actual_i = s
        .concern_thresholds
        .iter()
        .position(|&t| t == s.actual_concern_threshold)
        .map(|i| i + 1);
    let actual_j = s
        .disclosure_thresholds
        .iter()
        .position(|&t| t == s.actual_disclosure_threshold)
        .map(|j| j + 1);
    // Kept indices into F, each list starting with 0 (no threshold).
    let mut rows: Vec<usize> = (0..=s.concern_thresholds.len()).collect();
    let mut cols: Vec<usize> = (0..=s.disclosure_thresholds.len()).collect();
    loop {
        let bad_now = bad(&f, &rows, &cols, min);
        let Some(&(k, l)) = bad_now.first() else {
            break;
        };
        // A slice is bounded by rows[k], rows[k + 1] and cols[l], cols[l + 1]; dropping
        // one of those thresholds merges it with a neighbour.
        let mut candidates: Vec<(bool, usize)> = Vec::new();
        for pos in [k, k + 1] {
            if pos >= 1 && pos < rows.len() && Some(rows[pos]) != actual_i {
                candidates.push((true, pos));
            }
        }
        for pos in [l, l + 1] {
            if pos >= 1 && pos < cols.len() && Some(cols[pos]) != actual_j {
                candidates.push((false, pos));
            }
        }
        let best = candidates
            .into_iter()
            .map(|(axis, pos)| {
                let (mut r, mut c) = (rows.clone(), cols.clone());
                if axis {
                    r.remove(pos);
                } else {
                    c.remove(pos);
                }
                (bad(&f, &r, &c, min).len(), axis, pos, r, c)
            })
            .min_by_key(|(left, axis, pos, _, _)| (*left, !*axis, *pos));
        match best {
            Some((_, _, _, r, c)) => {
                rows = r;
                cols = c;
            }
            None => break,
        }
    }
    let kept_i: Vec<usize> = rows.iter().skip(1).map(|&i| i - 1).collect();
    let kept_j: Vec<usize> = cols.iter().skip(1).map(|&j| j - 1).collect();
    if kept_i.len() == s.concern_thresholds.len() && kept_j.len() == s.disclosure_thresholds.len() {
        return None;
    }
    let dropped = DroppedThresholds {
        concern: (0..s.concern_thresholds.len())
            .filter(|i| !kept_i.contains(i))
            .map(|i| s.concern_thresholds[i])
            .collect(),
        disclosure: (0..s.disclosure_thresholds.len())
            .filter(|j| !kept_j.contains(j))
            .map(|j| s.disclosure_thresholds[j])
            .collect(),
    };
    s.concern_thresholds = kept_i.iter().map(|&i| s.concern_thresholds[i]).collect();
    s.disclosure_thresholds = kept_j.iter().map(|&j| s.disclosure_thresholds[j]).collect();
    let cells = std::mem::take(&mut s.cells);
    s.cells = kept_i
        .iter()
        .filter_map(|&i| cells.get(i))
        .map(|row| kept_j.iter().filter_map(|&j| row.get(j).cloned()).collect())
        .collect();
    Some(dropped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::SensitivityCell;

    /// A grid over respondents given as (concern, disclosure) scores.
    fn grid(people: &[(f64, f64)], ct: &[f64], dt: &[f64], actual: (f64, f64)) -> Sensitivity {
        let cells = ct
            .iter()
            .map(|&c| {
                dt.iter()
                    .map(|&d| {
                        let count = |pc: bool, pd: bool| {
                            Some(
                                people
                                    .iter()
                                    .filter(|&&(x, y)| (x > c) == pc && (y >= d) == pd)
                                    .count() as u64,
                            )
                        };
                        SensitivityCell {
                            concern_threshold: c,
                            disclosure_threshold: d,
                            actual: (c, d) == actual,
                            concern_table: [
                                [count(true, true), count(true, false)],
                                [count(false, true), count(false, false)],
                            ],
                            paradoxical: None,
                            paradoxical_ci: None,
                            disclosure_rd: None,
                            disclosure_rd_ci: None,
                        }
                    })
                    .collect()
            })
            .collect();
        Sensitivity {
            concern_thresholds: ct.to_vec(),
            disclosure_thresholds: dt.to_vec(),
            actual_concern_threshold: actual.0,
            actual_disclosure_threshold: actual.1,
            n: Some(people.len() as u64),
            cells,
            dropped: None,
        }
    }

    #[test]
    fn a_thin_slice_loses_its_threshold_and_the_actual_one_stays() {
        // 3 respondents between concern 1 and 2; 20 above 2 and 20 at or below 1;
        // disclosure all 0.9.
        let mut people = vec![(1.5, 0.9); 3];
        people.extend(vec![(3.0, 0.9); 20]);
        people.extend(vec![(0.5, 0.9); 20]);
        let mut s = grid(&people, &[1.0, 2.0], &[0.5], (2.0, 0.5));
        let dropped = drop_thresholds(&mut s, 10).expect("a threshold goes");
        assert_eq!(dropped.concern, vec![1.0]);
        assert!(dropped.disclosure.is_empty());
        assert_eq!(s.concern_thresholds, vec![2.0]);
        assert_eq!(s.cells.len(), 1);
        assert_eq!(s.cells[0][0].concern_table[0][0], Some(20));
    }

    #[test]
    fn a_safe_grid_is_unchanged() {
        let mut people = vec![(1.5, 0.9); 10];
        people.extend(vec![(3.0, 0.1); 20]);
        let mut s = grid(&people, &[1.0, 2.0], &[0.5], (2.0, 0.5));
        let before = s.clone();
        assert!(drop_thresholds(&mut s, 10).is_none());
        assert_eq!(s, before);
    }
}
