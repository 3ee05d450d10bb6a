//! The one merging rule every table shares: while a row holds a cell from 1 to
//! `min_cell − 1`, the smallest such row merges with its smaller neighbour in the table's
//! natural order (cohorts by age, a group column by its level order), its cells summed,
//! until no row holds one or only two rows are left (a one-row table compares nothing).
//! Categories without an order of their own (a group column's levels: gender, country)
//! merge first with one another — the small ones into one "A + B" row — and only when that
//! row is still unsafe with its smaller neighbour in the listed order: a small row left
//! standing would be suppressed, and its suppression would spread to every level's cell
//! beside it (complementary suppression), blanking far more than the merge.

/// A row of a table: the categories it stands for and its cell counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub members: Vec<usize>,
    pub cells: Vec<u64>,
}

/// A count from 1 to `min − 1`: what the threshold rule would suppress.
pub fn small(v: u64, min: u64) -> bool {
    v >= 1 && v < min
}

pub fn unsafe_row(cells: &[u64], min: u64) -> bool {
    cells.iter().any(|&v| small(v, min))
}

/// Merges neighbouring rows until none holds a small cell (or two rows are left); returns
/// the merged sets of members with more than one member, in order.
pub fn merge_rows(rows: Vec<Row>, min: u64) -> Vec<Vec<usize>> {
    merge(rows, min, true)
}

/// [`merge_rows`] for categories without an order: the smallest unsafe row merges with the
/// next unsafe row in the listed order (or the previous one); with no other unsafe row, with
/// its smaller neighbour.
pub fn merge_unordered(rows: Vec<Row>, min: u64) -> Vec<Vec<usize>> {
    merge(rows, min, false)
}

fn merge(mut rows: Vec<Row>, min: u64, ordered: bool) -> Vec<Vec<usize>> {
    while rows.len() > 2 {
        let total = |r: &Row| r.cells.iter().sum::<u64>();
        let Some(worst) = (0..rows.len())
            .filter(|&i| unsafe_row(&rows[i].cells, min))
            .min_by_key(|&i| (total(&rows[i]), i))
        else {
            break;
        };
        if !ordered {
            let partner = (worst + 1..rows.len())
                .chain((0..worst).rev())
                .find(|&i| unsafe_row(&rows[i].cells, min));
            if let Some(partner) = partner {
                let (first, second) = (worst.min(partner), worst.max(partner));
                let absorbed = rows.remove(second);
                let kept = &mut rows[first];
                kept.members.extend(absorbed.members);
                for (a, b) in kept.cells.iter_mut().zip(absorbed.cells) {
                    *a += b;
                }
                continue;
            }
        }
        let neighbour = match (worst.checked_sub(1), worst + 1 < rows.len()) {
            (Some(before), true) => {
                if total(&rows[before]) <= total(&rows[worst + 1]) {
                    before
                } else {
                    worst + 1
                }
            }
            (Some(before), false) => before,
            (None, _) => worst + 1,
        };
        let (first, second) = (worst.min(neighbour), worst.max(neighbour));
        let absorbed = rows.remove(second);
        let kept = &mut rows[first];
        kept.members.extend(absorbed.members);
        for (a, b) in kept.cells.iter_mut().zip(absorbed.cells) {
            *a += b;
        }
    }
    rows.into_iter()
        .filter(|r| r.members.len() > 1)
        .map(|r| r.members)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(m: usize, cells: &[u64]) -> Row {
        Row {
            members: vec![m],
            cells: cells.to_vec(),
        }
    }

    #[test]
    fn a_small_row_joins_its_smaller_neighbour() {
        let rows = vec![
            row(0, &[40, 30]),
            row(1, &[12, 3]),
            row(2, &[20, 15]),
            row(3, &[50, 50]),
        ];
        // Row 1 (15) is unsafe; its neighbours hold 70 and 35: it joins row 2.
        assert_eq!(merge_rows(rows, 10), vec![vec![1, 2]]);
    }

    #[test]
    fn merging_repeats_until_safe_and_stops_at_two_rows() {
        let rows = vec![row(0, &[2, 1]), row(1, &[3, 1]), row(2, &[100, 100])];
        // 0 + 1 = [5, 2] is still unsafe, but only two rows are left.
        assert_eq!(merge_rows(rows, 10), vec![vec![0, 1]]);
    }

    #[test]
    fn unordered_categories_merge_small_with_small_first() {
        let rows = vec![
            row(0, &[500, 400]),
            row(1, &[300, 200]),
            row(2, &[20, 3]),
            row(3, &[15, 8]),
        ];
        assert_eq!(merge_unordered(rows.clone(), 10), vec![vec![2, 3]]);
        // A lone small category joins its smaller neighbour.
        let rows = vec![row(0, &[500, 400]), row(1, &[20, 3]), row(2, &[300, 200])];
        assert_eq!(merge_unordered(rows, 10), vec![vec![1, 2]]);
    }

    #[test]
    fn safe_tables_are_left_alone() {
        let rows = vec![row(0, &[0, 10]), row(1, &[10, 0]), row(2, &[11, 12])];
        assert!(merge_rows(rows, 10).is_empty());
    }
}
