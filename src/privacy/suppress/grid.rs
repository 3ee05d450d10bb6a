use std::collections::BTreeSet;

/// Why a node is unknown to a reader of the published summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Known,
    /// A count (or margin) from 1 to `min_cell − 1`.
    Threshold,
    /// Hidden so that another hidden value cannot be recovered by subtraction.
    Complementary,
    /// Already `null` before disclosure control.
    Absent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A count field of the summary.
    Count,
    /// A margin published through a proportion.
    Margin,
    /// A total published nowhere but assumed learnable.
    Virtual,
    /// A total published in a field that cannot be null (`study.analysed − unknown_cohort`).
    Fixed,
}

#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) value: u64,
    pub(super) state: State,
    pub(super) kind: Kind,
    /// The other margin published by the same proportion (`concerned` gives both row
    /// totals): the two are hidden together.
    pub(super) twin: Option<usize>,
    /// Hidden, but a reader can solve for it from a line whose other members are known
    /// (e.g. a total whose parts are all published zeros).
    pub(super) derivable: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) parts: Vec<usize>,
    pub(super) total: usize,
    pub(super) label: String,
}

/// The counts of a summary as a system of linear equations.
#[derive(Debug, Default)]
pub(super) struct Grid {
    pub(super) min: u64,
    /// Whether different tables are exact sums of each other (cohort blocks adding up to
    /// the overall block, cohort sizes to `study.analysed`). Not under differential
    /// privacy, where every table is noised on its own.
    pub(super) linked: bool,
    pub(super) nodes: Vec<Node>,
    pub(super) lines: Vec<Line>,
}

/// What suppression did, for the notes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SuppressionReport {
    /// Count fields hidden by the threshold rule.
    pub threshold_counts: u64,
    /// Count fields hidden by complementary suppression.
    pub complementary_counts: u64,
    /// Tables in which a hidden value could not be protected (its total is a field that
    /// cannot be null), by label.
    pub unprotected: Vec<String>,
}

impl Grid {
    pub(super) fn small(&self, v: u64) -> bool {
        v >= 1 && v < self.min
    }

    pub(super) fn push(&mut self, value: Option<u64>, kind: Kind, small: bool) -> usize {
        let state = match value {
            None => State::Absent,
            Some(_) if small => State::Threshold,
            Some(_) => State::Known,
        };
        self.nodes.push(Node {
            value: value.unwrap_or(0),
            state,
            kind,
            twin: None,
            derivable: false,
        });
        self.nodes.len() - 1
    }

    /// A published count.
    pub(super) fn count(&mut self, v: Option<u64>) -> usize {
        let small = v.is_some_and(|v| self.small(v));
        self.push(v, Kind::Count, small)
    }

    /// The two row (or column) totals of a table published through one proportion: both
    /// hidden when either is small.
    pub(super) fn margin_pair(&mut self, first: Option<u64>, second: Option<u64>) -> [usize; 2] {
        let a = self.margin(first, second);
        let b = self.margin(second, first);
        self.nodes[a].twin = Some(b);
        self.nodes[b].twin = Some(a);
        [a, b]
    }

    /// A margin published through a proportion: hidden when it or its complement is small.
    pub(super) fn margin(&mut self, v: Option<u64>, complement: Option<u64>) -> usize {
        let small = v.is_some_and(|v| self.small(v)) || complement.is_some_and(|c| self.small(c));
        let v = v.filter(|_| complement.is_some());
        self.push(v, Kind::Margin, small)
    }

    pub(super) fn virtual_total(&mut self, v: u64) -> usize {
        self.push(Some(v), Kind::Virtual, false)
    }

    pub(super) fn fixed(&mut self, v: u64) -> usize {
        self.push(Some(v), Kind::Fixed, false)
    }

    pub(super) fn line(&mut self, parts: Vec<usize>, total: usize, label: impl Into<String>) {
        if !parts.is_empty() {
            self.lines.push(Line {
                parts,
                total,
                label: label.into(),
            });
        }
    }

    /// Published.
    pub(super) fn known(&self, id: usize) -> bool {
        self.nodes.get(id).is_some_and(|n| n.state == State::Known)
    }

    /// Known to a reader: published or derivable.
    pub(super) fn seen(&self, id: usize) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| n.state == State::Known || n.derivable)
    }

    /// Can be hidden to protect another value.
    pub(super) fn hideable(&self, id: usize) -> bool {
        self.known(id) && self.nodes[id].kind != Kind::Fixed
    }

    pub(super) fn hide(&mut self, id: usize) {
        self.nodes[id].state = State::Complementary;
        if let Some(t) = self.nodes[id].twin {
            if self.known(t) {
                self.nodes[t].state = State::Complementary;
            }
        }
    }

    pub(super) fn value(&self, id: usize) -> u64 {
        self.nodes.get(id).map_or(0, |n| n.value)
    }

    /// Known and at least `min_cell`: a base a statistic may be published on.
    pub(super) fn base_ok(&self, id: usize) -> bool {
        self.known(id) && self.value(id) >= self.min
    }

    /// Complementary suppression until no line has exactly one unknown member. When no
    /// member of such a line can be hidden (its other parts are zeros or fixed), the unknown
    /// one is derivable and counts as known from then on; a derivable small count is
    /// reported. Each pass hides a node or marks one derivable, or stops, so this ends after
    /// at most twice as many passes as there are nodes.
    pub(super) fn resolve(&mut self) -> Vec<String> {
        let mut unprotected = BTreeSet::new();
        loop {
            let mut changed = false;
            for l in 0..self.lines.len() {
                let line = &self.lines[l];
                let unknown = line
                    .parts
                    .iter()
                    .chain(std::iter::once(&line.total))
                    .filter(|&&id| !self.seen(id))
                    .count();
                if unknown != 1 {
                    continue;
                }
                // A hidden zero protects nothing: the two hidden values would still sum to
                // the small count itself. Take the smallest non-zero part, which loses the
                // least information; the total only when no part is left.
                let part = line
                    .parts
                    .iter()
                    .copied()
                    .filter(|&id| self.hideable(id) && self.value(id) > 0)
                    .min_by_key(|&id| self.value(id));
                let total = line.total;
                let pick = part.or_else(|| self.hideable(total).then_some(total));
                if let Some(id) = pick {
                    self.hide(id);
                    changed = true;
                    continue;
                }
                let unknown = line
                    .parts
                    .iter()
                    .chain(std::iter::once(&line.total))
                    .copied()
                    .find(|&id| !self.seen(id));
                if let Some(u) = unknown {
                    if self.nodes[u].state == State::Threshold {
                        unprotected.insert(line.label.clone());
                    }
                    self.nodes[u].derivable = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        unprotected.into_iter().collect()
    }

    pub(super) fn keep(&self, id: usize, v: Option<u64>) -> Option<u64> {
        if self.known(id) {
            v
        } else {
            None
        }
    }
}

pub(super) fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    a?.checked_add(b?)
}
