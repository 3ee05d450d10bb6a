//! The `f` overlay: an expression line (see [`crate::tui::expr`]) over a checkbox list of
//! cohorts and the codebook's group levels, each with its count of respondents. Typing
//! edits the expression and checks the boxes it names; checking a box rewrites the
//! expression. Checking nothing in a section means "no restriction" there, matching
//! [`Filter`]'s convention. The overlay edits a draft; the study is only re-analysed when
//! the draft is applied, and an expression that does not parse is never applied.

use crate::analysis::Filter;
use crate::study::Study;
use crate::tui::expr::{self, ExprError};

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A section heading ("Cohort", or a group column's name); not selectable.
    Heading(String),
    Cohort {
        index: usize,
        label: String,
        /// Respondents in the study at this level.
        count: u64,
    },
    Group {
        group: usize,
        level: u32,
        label: String,
        count: u64,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterPicker {
    pub entries: Vec<Entry>,
    /// The draft being edited.
    pub draft: Filter,
    /// Index into `entries` of the highlighted line (always a selectable one when any).
    pub cursor: usize,
    /// The expression being typed (the draft as an expression after a box is checked).
    pub text: String,
    /// Why `text` is not a filter, while it is not.
    pub error: Option<ExprError>,
}

impl FilterPicker {
    /// A picker over the study's cohorts and group levels, starting from `current`.
    pub fn open(study: &Study, current: &Filter) -> FilterPicker {
        let mut entries = vec![Entry::Heading("Cohort".into())];
        let mut per_cohort = vec![0u64; study.cohort_names.len()];
        for c in study.cohort.iter().flatten() {
            if let Some(n) = per_cohort.get_mut(usize::from(*c)) {
                *n += 1;
            }
        }
        for (index, name) in study.cohort_names.iter().enumerate() {
            entries.push(Entry::Cohort {
                index,
                label: name.clone(),
                count: per_cohort[index],
            });
        }
        for (g, factor) in study.groups.iter().enumerate() {
            entries.push(Entry::Heading(factor.name.clone()));
            let mut per_level = vec![0u64; factor.levels.len()];
            for l in factor.codes.iter().flatten() {
                if let Some(n) = per_level.get_mut(*l as usize) {
                    *n += 1;
                }
            }
            for (l, level) in factor.levels.iter().enumerate() {
                entries.push(Entry::Group {
                    group: g,
                    level: l as u32,
                    label: level.clone(),
                    count: per_level[l],
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
            text: expr::to_expression(current, study),
            error: None,
        }
    }

    /// The expression was edited: the draft follows it while it parses.
    pub fn edit(&mut self, study: &Study, change: impl FnOnce(&mut String)) {
        change(&mut self.text);
        match expr::parse(&self.text, study, &self.draft) {
            Ok(f) => {
                self.draft = f;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
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

    /// Checks or unchecks the entry under the cursor; the expression is rewritten from the
    /// draft.
    pub fn toggle(&mut self, study: &Study) {
        self.toggle_entry();
        self.text = expr::to_expression(&self.draft, study);
        self.error = None;
    }

    fn toggle_entry(&mut self) {
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
        self.text.clear();
        self.error = None;
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
