//! The `f` picker: a checkbox list of cohorts and the codebook's group levels. Checking
//! nothing in a section means "no restriction" there, matching [`Filter`]'s convention.
//! The picker edits a draft; the study is only re-analysed when the draft is applied.

use crate::analysis::Filter;
use crate::study::Study;

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A section heading ("Cohort", or a group column's name); not selectable.
    Heading(String),
    Cohort {
        index: usize,
        label: String,
    },
    Group {
        group: usize,
        level: u32,
        label: String,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterPicker {
    pub entries: Vec<Entry>,
    /// The draft being edited.
    pub draft: Filter,
    /// Index into `entries` of the highlighted line (always a selectable one when any).
    pub cursor: usize,
}

impl FilterPicker {
    /// A picker over the study's cohorts and group levels, starting from `current`.
    pub fn open(study: &Study, current: &Filter) -> FilterPicker {
        let mut entries = vec![Entry::Heading("Cohort".into())];
        for (index, name) in study.cohort_names.iter().enumerate() {
            entries.push(Entry::Cohort {
                index,
                label: name.clone(),
            });
        }
        for (g, factor) in study.groups.iter().enumerate() {
            entries.push(Entry::Heading(factor.name.clone()));
            for (l, level) in factor.levels.iter().enumerate() {
                entries.push(Entry::Group {
                    group: g,
                    level: l as u32,
                    label: level.clone(),
                });
            }
        }
        let cursor = entries
            .iter()
            .position(|e| !matches!(e, Entry::Heading(_)))
            .unwrap_or(0);
        FilterPicker {
            entries,
            draft: current.clone(),
            cursor,
        }
    }

    pub fn is_checked(&self, entry: &Entry) -> bool {
        match entry {
            Entry::Heading(_) => false,
            Entry::Cohort { index, .. } => self.draft.cohorts.contains(index),
            Entry::Group { group, level, .. } => self
                .draft
                .groups
                .get(group)
                .is_some_and(|s| s.contains(level)),
        }
    }

    pub fn toggle(&mut self) {
        match self.entries.get(self.cursor) {
            Some(Entry::Cohort { index, .. }) => {
                let i = *index;
                if !self.draft.cohorts.remove(&i) {
                    self.draft.cohorts.insert(i);
                }
            }
            Some(Entry::Group { group, level, .. }) => {
                let (g, l) = (*group, *level);
                let set = self.draft.groups.entry(g).or_default();
                if !set.remove(&l) {
                    set.insert(l);
                }
                if set.is_empty() {
                    self.draft.groups.remove(&g);
                }
            }
            _ => {}
        }
    }

    /// Puts the cursor on entry `i` when it is selectable; returns whether it is.
    pub fn select(&mut self, i: usize) -> bool {
        let ok = self
            .entries
            .get(i)
            .is_some_and(|e| !matches!(e, Entry::Heading(_)));
        if ok {
            self.cursor = i;
        }
        ok
    }

    pub fn clear(&mut self) {
        self.draft = Filter::default();
    }

    /// Moves the cursor by `delta` selectable lines, clamped at both ends.
    pub fn move_by(&mut self, delta: isize) {
        let selectable: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !matches!(e, Entry::Heading(_)))
            .map(|(i, _)| i)
            .collect();
        let Some(pos) = selectable.iter().position(|&i| i == self.cursor) else {
            return;
        };
        let target = (pos as isize + delta).clamp(0, selectable.len() as isize - 1);
        self.cursor = selectable[target as usize];
    }
}
