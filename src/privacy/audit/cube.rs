//! The atoms of one audited table and the published rows over them, shared by the builders.
//!
//! A [`Cube`] holds atoms indexed by (cohort, group level, code): the original cohorts plus
//! one "unknown cohort" row (or a single row when the table has no cohort breakdown), the
//! original levels of one group column plus "unknown" (or a single level), and the table's
//! codes (answer codes of a tactic, the four cells of a 2×2). A published [`Row`] — the
//! overall row, a cohort row (possibly merged), a group level's row — selects some cohorts and
//! levels and publishes a count per band of codes, its n and its shares; [`Cube::add_row`]
//! turns it into equations (published values) and targets (null values, and the finest cells
//! merged away inside it). Every equation from a published value remembers where it sits in
//! `summary.json` (a JSON pointer) and which derived values would reveal it, so that
//! [`protect`](super::protect) can suppress it.

use super::lp::Family;

/// What a published equation is, for choosing what to suppress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count cell of a table.
    Cell,
    /// A row total (n).
    Total,
    /// A count implied by a published proportion.
    Share,
}

/// One published value behind an equation of a family.
#[derive(Debug, Clone)]
pub struct Published {
    pub kind: Kind,
    pub value: u64,
    pub atoms: Vec<usize>,
    /// JSON pointers into `summary.json`: the value itself first, then the derived values
    /// (proportions, CIs, tests) that must go with it.
    pub pointers: Vec<String>,
}

/// A family with the published values behind its equations.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Names the table group for `AuditInfo::tables` (a table and the tables linked to it).
    pub group: String,
    pub family: Family,
    pub published: Vec<Published>,
}

/// A band of codes and its published count.
#[derive(Debug, Clone)]
pub struct Band {
    pub codes: Vec<usize>,
    /// How the cell is named in messages, e.g. "level 4", "levels 1–2", "concern_table[0][1]".
    pub label: String,
    pub value: Option<u64>,
    /// JSON pointer of the count, and the derived values that go with it.
    pub pointers: Vec<String>,
}

/// A published proportion of a row: Σ `codes` / n.
#[derive(Debug, Clone)]
pub struct Share {
    pub codes: Vec<usize>,
    pub p: Option<f64>,
    pub pointers: Vec<String>,
}

/// One published row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    pub table: String,
    pub name: String,
    /// The original cohorts (cube rows) and group levels it covers, each with its name:
    /// more than one when the row merges them.
    pub cohorts: Vec<(String, usize)>,
    pub levels: Vec<(String, usize)>,
    /// The row stands for several original cohorts (or group levels) merged into one.
    pub merged: bool,
    pub bands: Vec<Band>,
    pub n: Option<u64>,
    pub n_pointers: Vec<String>,
    pub shares: Vec<Share>,
    /// Published ratios of two code sums of this row (num codes, den codes, value).
    pub ratios: Vec<(Vec<usize>, Vec<usize>, f64)>,
}

/// Atoms indexed by (cohort, level, code).
#[derive(Debug, Clone)]
pub struct Cube {
    pub built: Built,
    pub cohorts: Vec<String>,
    pub levels: Vec<String>,
    pub codes: Vec<String>,
}

impl Cube {
    pub fn new(
        group: String,
        cohorts: Vec<String>,
        levels: Vec<String>,
        codes: Vec<String>,
    ) -> Cube {
        let mut built = Built {
            group,
            ..Built::default()
        };
        for _ in 0..cohorts.len() * levels.len() * codes.len() {
            built.family.atom();
        }
        Cube {
            built,
            cohorts,
            levels,
            codes,
        }
    }

    /// The atoms of these cohorts × levels × codes.
    pub fn atoms(&self, cohorts: &[usize], levels: &[usize], codes: &[usize]) -> Vec<usize> {
        let (nl, nk) = (self.levels.len(), self.codes.len());
        let mut out = Vec::with_capacity(cohorts.len() * levels.len() * codes.len());
        for &c in cohorts {
            for &l in levels {
                for &k in codes {
                    out.push((c * nl + l) * nk + k);
                }
            }
        }
        out
    }

    pub fn all_cohorts(&self) -> Vec<usize> {
        (0..self.cohorts.len()).collect()
    }

    pub fn all_levels(&self) -> Vec<usize> {
        (0..self.levels.len()).collect()
    }

    pub fn all_codes(&self) -> Vec<usize> {
        (0..self.codes.len()).collect()
    }

    /// A published count over these atoms.
    pub fn publish(&mut self, p: Published) {
        self.built.family.equal(p.atoms.clone(), p.value);
        self.built.published.push(p);
    }

    /// Adds a row's equations and targets. `weighted`: its shares are weighted and imply no
    /// counts.
    pub fn add_row(&mut self, row: &Row, weighted: bool) {
        let cohorts: Vec<usize> = row.cohorts.iter().map(|c| c.1).collect();
        let levels: Vec<usize> = row.levels.iter().map(|l| l.1).collect();
        let all_codes = self.all_codes();
        for b in &row.bands {
            let atoms = self.atoms(&cohorts, &levels, &b.codes);
            let cell = format!("{}, {}", row.name, b.label);
            match b.value {
                Some(v) => self.publish(Published {
                    kind: Kind::Cell,
                    value: v,
                    atoms,
                    pointers: b.pointers.clone(),
                }),
                None => self.built.family.target(&row.table, cell, atoms),
            }
        }
        let every = self.atoms(&cohorts, &levels, &all_codes);
        match row.n {
            Some(n) => self.publish(Published {
                kind: Kind::Total,
                value: n,
                atoms: every.clone(),
                pointers: row.n_pointers.clone(),
            }),
            None => self
                .built
                .family
                .target(&row.table, format!("{}, n", row.name), every.clone()),
        }
        if !weighted {
            for s in &row.shares {
                let Some(p) = s.p.filter(|p| p.is_finite()) else {
                    continue;
                };
                let atoms = self.atoms(&cohorts, &levels, &s.codes);
                match row.n {
                    Some(n) => self.publish(Published {
                        kind: Kind::Share,
                        value: (p.clamp(0.0, 1.0) * n as f64).round() as u64,
                        atoms,
                        pointers: s.pointers.clone(),
                    }),
                    None => self.built.family.ratio(atoms, every.clone(), p),
                }
            }
        }
        for (num, den, p) in &row.ratios {
            let num = self.atoms(&cohorts, &levels, num);
            let den = self.atoms(&cohorts, &levels, den);
            self.built.family.ratio(num, den, *p);
        }
        self.merged_away(row);
    }

    /// The finest cells a merged row or band hides: each original cohort (or level) × each
    /// original code inside a merged row or band.
    fn merged_away(&mut self, row: &Row) {
        let members: Vec<(String, Vec<usize>, Vec<usize>)> = if row.merged && row.cohorts.len() > 1
        {
            let levels: Vec<usize> = row.levels.iter().map(|l| l.1).collect();
            row.cohorts
                .iter()
                .map(|(name, c)| (name.clone(), vec![*c], levels.clone()))
                .collect()
        } else if row.merged && row.levels.len() > 1 {
            let cohorts: Vec<usize> = row.cohorts.iter().map(|c| c.1).collect();
            row.levels
                .iter()
                .map(|(name, l)| (name.clone(), cohorts.clone(), vec![*l]))
                .collect()
        } else {
            let cohorts: Vec<usize> = row.cohorts.iter().map(|c| c.1).collect();
            let levels: Vec<usize> = row.levels.iter().map(|l| l.1).collect();
            vec![(row.name.clone(), cohorts, levels)]
        };
        let merged_row = members.len() > 1;
        for b in &row.bands {
            if !merged_row && b.codes.len() < 2 {
                continue;
            }
            for (name, cohorts, levels) in &members {
                for &k in &b.codes {
                    let atoms = self.atoms(cohorts, levels, &[k]);
                    let cell = if merged_row {
                        format!("{name} (in {}), {}", row.name, self.codes[k])
                    } else {
                        format!("{name}, {}", self.codes[k])
                    };
                    self.built.family.target(&row.table, cell, atoms);
                }
            }
        }
    }
}

/// The original members of a published row name: the merge it is listed in, else the names
/// joined by " + " when each is known, else the name itself.
pub fn members(name: &str, merges: &[Vec<String>], known: &[String]) -> Vec<String> {
    if let Some(m) = merges.iter().find(|m| m.join(" + ") == name) {
        return m.clone();
    }
    if known.iter().any(|k| k == name) {
        return vec![name.to_string()];
    }
    let parts: Vec<String> = name.split(" + ").map(str::to_string).collect();
    if parts.len() > 1 && parts.iter().all(|p| known.contains(p)) {
        return parts;
    }
    vec![name.to_string()]
}

/// Positions of `names` in `all`, with their names; `None` when one is not there.
pub fn positions(names: &[String], all: &[String]) -> Option<Vec<(String, usize)>> {
    names
        .iter()
        .map(|n| all.iter().position(|a| a == n).map(|i| (n.clone(), i)))
        .collect()
}

/// Band labels and code sets of a table with codes `min..=max` published in `bands`
/// (empty: one band per code).
pub fn code_bands(min: i32, max: i32, bands: &[Vec<i32>]) -> Vec<(Vec<usize>, String)> {
    let idx = |c: i32| (c - min) as usize;
    if bands.is_empty() {
        return (min..=max)
            .map(|c| (vec![idx(c)], format!("level {c}")))
            .collect();
    }
    bands
        .iter()
        .map(|b| {
            let codes: Vec<usize> = b
                .iter()
                .filter(|&&c| (min..=max).contains(&c))
                .map(|&c| idx(c))
                .collect();
            let label = match (b.first(), b.last()) {
                (Some(a), Some(z)) if b.len() > 1 => format!("levels {a}–{z}"),
                (Some(a), _) => format!("level {a}"),
                _ => "level ?".to_string(),
            };
            (codes, label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_names_resolve_to_their_members() {
        let known: Vec<String> = ["Silent", "Boomers", "Gen X"].map(String::from).to_vec();
        let merges = vec![vec!["Silent".to_string(), "Boomers".to_string()]];
        assert_eq!(members("Silent + Boomers", &merges, &known), merges[0]);
        assert_eq!(members("Silent + Boomers", &[], &known), merges[0]);
        assert_eq!(members("Gen X", &merges, &known), vec!["Gen X".to_string()]);
        assert_eq!(
            code_bands(1, 5, &[vec![1, 2], vec![3], vec![4, 5]])
                .iter()
                .map(|b| b.1.as_str())
                .collect::<Vec<_>>(),
            ["levels 1–2", "level 3", "levels 4–5"]
        );
    }
}
