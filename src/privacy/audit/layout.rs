//! Where the rows of a published summary sit among the original categories: the original
//! cohorts (plus the respondents of unknown cohort), the original levels of each group
//! column (plus its unknown), and which originals a merged row stands for. Shared by the
//! table builders.

use super::cube::{members, positions, Cube, Kind, Published, Row};
use crate::analysis::summary::{Collapsed, GroupBreakdown, Summary};

/// The name of the cube row of respondents whose cohort is unknown (and of a group column's
/// respondents without a level).
pub const UNKNOWN: &str = "unknown";

/// Tables with more atoms than this are audited without their cohort rows (group level ×
/// code only), so that one linear program stays small.
pub const MAX_ATOMS: usize = 1_200;

/// The original cohorts of a summary and the cube row of the unknown ones.
pub fn cohort_names(s: &Summary) -> Vec<String> {
    let mut v: Vec<String> = s.cohorts.iter().map(|c| c.name.clone()).collect();
    v.push(UNKNOWN.to_string());
    v
}

/// The original cohorts a published cohort row stands for, as cube rows; `None` when its
/// name matches no cohort of the summary.
pub fn cohort_row(
    name: Option<&str>,
    collapsed: Option<&Collapsed>,
    names: &[String],
) -> Option<Vec<(String, usize)>> {
    let name = name?;
    let merges = collapsed.map(|c| c.cohorts.as_slice()).unwrap_or(&[]);
    let known = &names[..names.len().saturating_sub(1)];
    // A merged row may take in the respondents of unknown cohort: their cube row.
    let unknown = crate::analysis::summarize::COHORT_UNKNOWN_NAME;
    let mut with_unknown: Vec<String> = known.to_vec();
    with_unknown.push(unknown.to_string());
    let found = positions(&members(name, merges, &with_unknown), &with_unknown)?;
    Some(
        found
            .into_iter()
            .map(|(n, i)| {
                if n == unknown {
                    (UNKNOWN.to_string(), names.len() - 1)
                } else {
                    (n, i)
                }
            })
            .collect(),
    )
}

/// One group column laid out for a cube: its original levels (plus [`UNKNOWN`]) and, per
/// published level, the originals it stands for.
#[derive(Debug, Clone)]
pub struct GroupLayout {
    /// Index into `summary.by_group`.
    pub index: usize,
    pub group: String,
    pub levels: Vec<String>,
    /// Per published level (same order as `GroupBreakdown::levels`): its originals.
    pub rows: Vec<Vec<(String, usize)>>,
    /// Respondents without a level, when published.
    pub unknown: Option<u64>,
}

impl GroupLayout {
    /// The cube level of the respondents without a level.
    pub fn unknown_level(&self) -> usize {
        self.levels.len() - 1
    }

    pub fn known_levels(&self) -> Vec<usize> {
        (0..self.levels.len() - 1).collect()
    }
}

/// The layout of every group column that was broken down.
pub fn group_layouts(s: &Summary) -> Vec<GroupLayout> {
    s.by_group
        .iter()
        .enumerate()
        .filter(|(_, gb)| gb.too_many_levels.is_none() && !gb.levels.is_empty())
        .map(|(i, gb)| layout(i, gb))
        .collect()
}

fn layout(index: usize, gb: &GroupBreakdown) -> GroupLayout {
    let merges = gb
        .collapsed
        .as_ref()
        .map(|c| c.group_levels.as_slice())
        .unwrap_or(&[]);
    let published: Vec<Vec<String>> = gb
        .levels
        .iter()
        .map(|l| match merges.iter().find(|m| m.join(" + ") == l.level) {
            Some(m) => m.clone(),
            None => vec![l.level.clone()],
        })
        .collect();
    let mut levels: Vec<String> = published.iter().flatten().cloned().collect();
    levels.push(UNKNOWN.to_string());
    let rows = published
        .iter()
        .map(|m| {
            m.iter()
                .map(|n| (n.clone(), levels.iter().position(|l| l == n).unwrap_or(0)))
                .collect()
        })
        .collect();
    GroupLayout {
        index,
        group: gb.group.clone(),
        levels,
        rows,
        unknown: gb.unknown,
    }
}

/// The pointers of a test's statistics, which a hidden cell of its table takes with it.
pub fn test_pointers(at: &str) -> Vec<String> {
    ["chi2", "p", "cramers_v", "adjusted/p_adjusted"]
        .iter()
        .map(|f| format!("{at}/{f}"))
        .collect()
}

/// Where the builders put their rows: every table has an overall row, cohort rows (merged
/// ones on several cohorts) and group levels' rows, and closes each breakdown with the
/// unknown's count as a bound and the χ² test's n as the known categories' total.
impl Cube {
    fn named(names: &[String]) -> Vec<(String, usize)> {
        names.iter().cloned().zip(0..).collect()
    }

    /// A row on every cohort and every level.
    pub fn add_overall_row(&mut self, r: Row, weighted: bool) {
        let row = Row {
            cohorts: Cube::named(&self.cohorts),
            levels: Cube::named(&self.levels),
            ..r
        };
        self.add_row(&row, weighted);
    }

    /// The published row of cohort `cohort` (made by `make` from its name) on the cohorts
    /// it stands for, every level; nothing when the name matches no cohort.
    pub fn add_cohort_row(
        &mut self,
        cohort: Option<&str>,
        collapsed: Option<&Collapsed>,
        make: impl FnOnce(&str) -> Row,
        weighted: bool,
    ) {
        let Some(members) = cohort_row(cohort, collapsed, &self.cohorts) else {
            return;
        };
        let r = make(cohort.unwrap_or_default());
        let row = Row {
            merged: members.len() > 1,
            cohorts: members,
            levels: Cube::named(&self.levels),
            ..r
        };
        self.add_row(&row, weighted);
    }

    /// A group level's row on every cohort and the original levels `members` it stands for.
    pub fn add_level_row(&mut self, members: &[(String, usize)], r: Row, weighted: bool) {
        let row = Row {
            cohorts: Cube::named(&self.cohorts),
            merged: members.len() > 1,
            levels: members.to_vec(),
            ..r
        };
        self.add_row(&row, weighted);
    }

    /// After the cohort rows: the respondents of unknown cohort (`unknown`) as a bound on
    /// their cube row, and the cohorts' χ² test's n (at `pointer`) as the known cohorts'
    /// total.
    pub fn close_cohorts(&mut self, unknown: Option<u64>, chi2_n: Option<(u64, String)>) {
        let unknown_row = self.cohorts.len() - 1;
        if let Some(u) = unknown {
            let atoms = self.atoms(&[unknown_row], &self.all_levels(), &self.all_codes());
            self.built.family.at_most(atoms, u);
        }
        if let Some((n, pointer)) = chi2_n {
            let known: Vec<usize> = (0..unknown_row).collect();
            let atoms = self.atoms(&known, &self.all_levels(), &self.all_codes());
            self.publish(Published {
                kind: Kind::Total,
                value: n,
                atoms,
                pointers: vec![pointer],
            });
        }
    }

    /// After group column `g`'s level rows: its respondents without a level as a bound,
    /// and the levels' χ² test's n (at `pointer`) as the known levels' total.
    pub fn close_levels(&mut self, g: &GroupLayout, chi2_n: Option<(u64, String)>) {
        debug_assert_eq!(g.levels.last().map(String::as_str), Some(UNKNOWN));
        if let Some(u) = g.unknown {
            let atoms = self.atoms(&self.all_cohorts(), &[g.unknown_level()], &self.all_codes());
            self.built.family.at_most(atoms, u);
        }
        if let Some((n, pointer)) = chi2_n {
            let atoms = self.atoms(&self.all_cohorts(), &g.known_levels(), &self.all_codes());
            self.publish(Published {
                kind: Kind::Total,
                value: n,
                atoms,
                pointers: vec![pointer],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::GroupLevel;

    #[test]
    fn merged_group_levels_stand_for_their_originals() {
        let level = |name: &str| GroupLevel {
            level: name.into(),
            n: Some(10),
            gap: None,
            data_types: vec![],
            tactics: vec![],
        };
        let gb = GroupBreakdown {
            group: "gender".into(),
            levels: vec![
                level("Female"),
                level("Male"),
                level("Non-binary + Prefer not"),
            ],
            unknown: Some(0),
            kruskal_concern: None,
            chi2_paradoxical: None,
            tactics_chi2: vec![],
            too_many_levels: None,
            collapsed: Some(Collapsed {
                group_levels: vec![vec!["Non-binary".into(), "Prefer not".into()]],
                ..Collapsed::default()
            }),
        };
        let l = layout(0, &gb);
        assert_eq!(
            l.levels,
            ["Female", "Male", "Non-binary", "Prefer not", UNKNOWN]
        );
        assert_eq!(l.rows[2].iter().map(|r| r.1).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(l.unknown_level(), 4);
    }
}
