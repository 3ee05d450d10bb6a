//! A hand-built study for the dashboard tests: 320 respondents drawn from a fixed linear
//! congruential sequence (no file I/O, no randomness between runs), three cohorts of very
//! different size — Silent is deliberately tiny so cells are marked as "would be
//! suppressed" — two countries, survey weights, one concern scale, three data types and two
//! tactics. The numbers on screen come from the real `analysis::summarize`.

#![allow(dead_code)]

use std::path::Path;

use paradox::study::{Audit, Codebook, Factor, RejectedRow, ScaleData, Study};

const CODEBOOK: &str = r#"
[study]
name = "fixture"
survey_year = 2025

[columns]
id = "respondent_id"
birth_year = "birth_year"
weight = "weight"
group = ["country"]

[[scale]]
name = "concern"
label = "Privacy concern"
items = ["concern_1", "concern_2", "concern_3", "concern_4"]
min = 1
max = 7
reverse = ["concern_4"]

[[data_type]]
name = "location"
label = "Precise location"
stated = "willing_location"
stated_min = 1
stated_max = 5
behavior = "shared_location"

[[data_type]]
name = "contacts"
label = "Contacts"
stated = "willing_contacts"
behavior = "shared_contacts"

[[data_type]]
name = "browsing"
label = "Browsing history"
stated = "willing_browsing"
stated_min = 1
stated_max = 5
behavior = "shared_browsing"

[[tactic]]
name = "push"
label = "Push notifications"
column = "accept_push"
min = 1
max = 5

[[tactic]]
name = "retargeting"
label = "Retargeted ads"
column = "accept_retarget"
min = 1
max = 5

[paradox]
concern_scale = "concern"

[disclosure_control]
min_cell = 10
"#;

/// Numerical Recipes' LCG: deterministic and good enough to spread answers.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn study() -> Study {
    study_of(320)
}

pub fn study_of(n: usize) -> Study {
    let codebook = match Codebook::from_toml(CODEBOOK, Path::new("fixture/codebook.toml")) {
        Ok(cb) => cb,
        Err(e) => panic!("fixture codebook: {e}"),
    };
    let mut rng = Lcg(2025);
    let cohort_names: Vec<String> = paradox::study::cohort::generation_names();
    let mut ids = Vec::new();
    let mut cohort = Vec::new();
    let mut weight = Vec::new();
    let mut country = Vec::new();
    let mut items: Vec<Vec<Option<i16>>> = vec![Vec::new(); 4];
    let mut stated: Vec<Vec<Option<i16>>> = vec![Vec::new(); 3];
    let mut shared: Vec<Vec<Option<bool>>> = vec![Vec::new(); 3];
    let mut tactics: Vec<Vec<Option<i16>>> = vec![Vec::new(); 2];
    let mut seen = Vec::new();
    for i in 0..n {
        ids.push(format!("R{}", i + 1));
        // Silent (index 0) is rare; Boomers, Gen X, Millennials, Gen Z common.
        let c = match rng.below(100) {
            0..=1 => Some(0u8),
            2..=22 => Some(1),
            23..=47 => Some(2),
            48..=77 => Some(3),
            78..=97 => Some(4),
            _ => None,
        };
        cohort.push(c);
        weight.push(0.5 + rng.below(100) as f64 / 66.0);
        country.push(Some(rng.below(2) as u32));
        // Older cohorts a little more concerned; young ones share more.
        let age_shift = c.map(|c| 3 - i64::from(c)).unwrap_or(0);
        let base = 3 + rng.below(4) as i64 + age_shift / 2;
        for (k, col) in items.iter_mut().enumerate() {
            let v = (base + rng.below(3) as i64 - 1).clamp(1, 7);
            let v = if k == 3 { 8 - v } else { v };
            col.push(if rng.below(40) == 0 {
                None
            } else {
                Some(v as i16)
            });
        }
        let share_bias = 35 + 8 * c.map(i64::from).unwrap_or(2);
        for (d, col) in shared.iter_mut().enumerate() {
            let known = rng.below(25) != 0;
            let yes = (rng.below(100) as i64) < share_bias + 5 * d as i64;
            col.push(known.then_some(yes));
        }
        seen.push(
            shared
                .iter()
                .any(|col| col.last().copied().flatten().is_some()),
        );
        stated[0].push(Some(1 + rng.below(5) as i16));
        stated[1].push(if rng.below(10) == 0 {
            None
        } else {
            Some(rng.below(2) as i16)
        });
        stated[2].push(Some(1 + rng.below(5) as i16));
        for col in tactics.iter_mut() {
            col.push(Some(1 + rng.below(5) as i16));
        }
    }
    let missing_by_column = vec![
        (
            "concern_1".to_string(),
            items[0].iter().filter(|v| v.is_none()).count() as u64,
        ),
        (
            "concern_2".to_string(),
            items[1].iter().filter(|v| v.is_none()).count() as u64,
        ),
        (
            "concern_3".to_string(),
            items[2].iter().filter(|v| v.is_none()).count() as u64,
        ),
        (
            "concern_4".to_string(),
            items[3].iter().filter(|v| v.is_none()).count() as u64,
        ),
        (
            "willing_contacts".to_string(),
            stated[1].iter().filter(|v| v.is_none()).count() as u64,
        ),
    ];
    let rejected = vec![
        RejectedRow {
            file: "survey.csv".into(),
            line: 17,
            column: "concern_2".into(),
            value: "9".into(),
            reason: "outside 1..7".into(),
        },
        RejectedRow {
            file: "survey.csv".into(),
            line: 88,
            column: "weight".into(),
            value: "0".into(),
            reason: "weight must be > 0".into(),
        },
        RejectedRow {
            file: "survey.csv".into(),
            line: 203,
            column: "birth_year".into(),
            value: "2031".into(),
            reason: "birth year after the survey year".into(),
        },
    ];
    let unknown = cohort.iter().filter(|c| c.is_none()).count() as u64;
    let without = seen.iter().filter(|s| !**s).count() as u64;
    Study {
        codebook,
        ids: ids.iter().collect(),
        cohort_names,
        cohort,
        weight: Some(weight),
        groups: vec![Factor {
            name: "country".into(),
            levels: vec!["DE".into(), "FR".into()],
            codes: country,
        }],
        scales: vec![ScaleData { items }],
        stated: stated.into_iter().map(Some).collect(),
        shared: shared.into_iter().map(Some).collect(),
        tactics,
        behavior_seen: seen,
        has_behavior: true,
        durations: None,
        attention: Vec::new(),
        flagged: Vec::new(),
        audit: Audit {
            survey_rows: n as u64 + 3,
            rejected_rows: 3,
            rejected,
            behavior_rows: n as u64 - 4,
            behavior_unmatched_rows: 2,
            behavior_unmatched_ids: 2,
            respondents_without_behavior: without,
            unknown_cohort: unknown,
            missing_by_column,
            delimiter: ",".into(),
            ..Audit::default()
        },
    }
}
