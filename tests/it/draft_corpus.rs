//! How good is `paradox codebook --draft` on real-shaped exports? Every folder of
//! `tests/fixtures/exports/` holds an export and the codebook a careful researcher wrote for
//! it (the answer key); the draft of the export is scored against the key.
//!
//! **The decisions.** Both codebooks are parsed as codebooks (without validation, so an
//! unfinished draft is still scored). The decisions of the key, each right or wrong:
//!
//! 1. the id column (`columns.id` equal);
//! 2. the age or birth-year column (`columns.birth_year` and `columns.age` both equal);
//! 3. the cohort scheme (`cohorts.scheme` equal, and for `"column"` the same column);
//! 4. the survey year (`study.survey_year` equal);
//! 5. each `[[scale]]`: right when the draft has a scale with the same set of items;
//! 6. each `[[data_type]]`: right when the draft has a data type with the same `stated`
//!    column, the same `behavior` column (both possibly absent) and the same share threshold
//!    (`shared_min`, 1 when absent);
//! 7. each `[[tactic]]`: right when the draft has a tactic on the same column with the same
//!    `min` and `max`;
//! 8. each group column (`columns.group`): right when the draft lists it.
//!
//! A draft that takes a column for something the key does not is wrong too, so extras are
//! decisions of their own, all wrong: a draft scale none of whose items is an item of a key
//! scale, a draft data type none of whose columns is a column of a key data type, a draft
//! tactic on a column no key tactic uses, and a draft group column the key does not list.
//! Names (of scales, data types, tactics) are not scored: the draft cannot know them.
//!
//! The score is right ÷ (key decisions + extras). It is printed per fixture (`cargo test
//! --test it -- draft_corpus --nocapture`) and must be at least 90 % on every fixture,
//! the held-out ones included. `DRAFT_CORPUS_ONLY=consent,spss,…` scores only the folders
//! named (a new held-out export is scored alone, once, before any rule changes).

use std::path::{Path, PathBuf};

use paradox::study::codebook::{Codebook, CohortScheme};

use crate::util::*;

/// The fixtures' folder.
fn exports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports")
}

/// The corpus' folders, in name order (filtered by `DRAFT_CORPUS_ONLY` when set).
fn corpus() -> Vec<PathBuf> {
    let only: Option<Vec<String>> = std::env::var("DRAFT_CORPUS_ONLY")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(exports_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            only.as_ref().is_none_or(|o| o.contains(&name))
        })
        .collect();
    dirs.sort();
    dirs
}

/// The export of a fixture folder: `export.*` or `survey.*` in a format paradox reads.
fn export_of(dir: &Path) -> PathBuf {
    ["export", "survey"]
        .iter()
        .flat_map(|stem| {
            ["csv", "tsv", "sav", "zsav"]
                .iter()
                .map(move |ext| dir.join(format!("{stem}.{ext}")))
        })
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{}: no export.* or survey.* file", dir.display()))
}

/// A codebook's text parsed without validation.
fn parse(text: &str, what: &str) -> Result<Codebook, String> {
    toml::from_str::<Codebook>(text).map_err(|e| format!("{what} does not parse: {e}"))
}

/// Right decisions, all decisions, and the wrong ones in words.
#[derive(Default)]
struct Score {
    right: usize,
    total: usize,
    wrong: Vec<String>,
}

impl Score {
    fn decide(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.right += 1;
        } else {
            self.wrong.push(what());
        }
    }

    fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

/// A data type's columns: stated, behaviour (the option of a comma-joined select-all
/// counts as its question's column).
fn dt_columns(dt: &paradox::study::codebook::DataTypeSpec) -> Vec<String> {
    dt.stated
        .iter()
        .chain(dt.behavior.iter())
        .cloned()
        .collect()
}

/// The draft scored against the key (see the module's comment for the decisions).
fn score(key: &Codebook, draft: &Codebook) -> Score {
    let mut s = Score::default();
    s.decide(key.columns.id == draft.columns.id, || {
        format!("id: {:?}, drafted {:?}", key.columns.id, draft.columns.id)
    });
    let age = |c: &Codebook| (c.columns.birth_year.clone(), c.columns.age.clone());
    s.decide(age(key) == age(draft), || {
        format!(
            "(birth year, age): {:?}, drafted {:?}",
            age(key),
            age(draft)
        )
    });
    let cohorts = |c: &Codebook| {
        (
            c.cohorts.scheme,
            (c.cohorts.scheme == CohortScheme::Column)
                .then(|| c.cohorts.column.clone())
                .flatten(),
        )
    };
    s.decide(cohorts(key) == cohorts(draft), || {
        format!("cohorts: {:?}, drafted {:?}", cohorts(key), cohorts(draft))
    });
    s.decide(key.study.survey_year == draft.study.survey_year, || {
        format!(
            "survey year: {:?}, drafted {:?}",
            key.study.survey_year, draft.study.survey_year
        )
    });

    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    for k in &key.scales {
        let ok = draft
            .scales
            .iter()
            .any(|d| sorted(&d.items) == sorted(&k.items));
        s.decide(ok, || format!("scale {:?}: items {:?}", k.name, k.items));
    }
    for d in &draft.scales {
        let known = d
            .items
            .iter()
            .any(|i| key.scales.iter().any(|k| k.items.contains(i)));
        s.decide(known, || {
            format!("extra scale {:?}: items {:?}", d.name, d.items)
        });
    }

    for k in &key.data_types {
        let ok = draft.data_types.iter().any(|d| {
            d.stated == k.stated
                && d.behavior == k.behavior
                && d.shared_threshold() == k.shared_threshold()
        });
        s.decide(ok, || {
            format!(
                "data type {:?}: stated {:?}, behavior {:?}, shared_min {}",
                k.name,
                k.stated,
                k.behavior,
                k.shared_threshold()
            )
        });
    }
    let key_dt_columns: Vec<String> = key.data_types.iter().flat_map(dt_columns).collect();
    for d in &draft.data_types {
        let known = dt_columns(d).iter().any(|c| key_dt_columns.contains(c));
        s.decide(known, || {
            format!(
                "extra data type {:?}: stated {:?}, behavior {:?}",
                d.name, d.stated, d.behavior
            )
        });
    }

    for k in &key.tactics {
        let ok = draft
            .tactics
            .iter()
            .any(|d| d.column == k.column && d.min == k.min && d.max == k.max);
        s.decide(ok, || {
            format!("tactic {:?}: {:?} {}–{}", k.name, k.column, k.min, k.max)
        });
    }
    for d in &draft.tactics {
        let known = key.tactics.iter().any(|k| k.column == d.column);
        s.decide(known, || {
            format!("extra tactic {:?}: {:?}", d.name, d.column)
        });
    }

    for g in &key.columns.group {
        s.decide(draft.columns.group.contains(g), || format!("group {g:?}"));
    }
    for g in &draft.columns.group {
        s.decide(key.columns.group.contains(g), || {
            format!("extra group {g:?}")
        });
    }
    s
}

/// The held-out exports (`heldout*`) were each written by someone who had not read the
/// drafting rules, and each was scored once before any rule was changed because of it —
/// that first score measures how well the draft generalises to an export it never saw:
///
/// | fixture | shape | first score | rules it then taught |
/// | --- | --- | --- | --- |
/// | `heldout` | generic platform export | 20/33 = 60.6 % | answer scales read from their wording, `acc_` tactics, 0/1 manipulations by name, unpaired counts as candidates |
/// | `heldout2` | Qualtrics, grocery app | 32/48 = 66.7 % | "Don't know" beside a scale, one label set per quality, instructed items by text, study consent, protection questions not data types |
/// | `heldout3` | R `write.csv2` replication file | 33/64 = 51.6 % | decimal commas (27 of its 31 misses), `wts_`/`beh_` names, `_AC` checks |
/// | `heldout4` | SoSci Survey with a label row | 9/55 = 16.4 % | a second header row of labels, SoSci bookkeeping and its 1/2 multiple choice, design by question |
/// | `heldout5` | LimeSurvey answer codes | 28/43 = 65.1 % | codes ranged per question, "DK", `[other]` texts, select-all questions about other things, instructed items by their answers |
/// | `heldout6` | Qualtrics numeric values, ride-hailing app | 31/32 = 96.9 % | none: still held out (its miss: `wtd_places` / `saved_places`, a count not named like one) |
///
/// Since then every fixture, held-out ones included, must score at least 90 %. A held-out
/// export stops being held out once a rule is changed because of it: the next check of the
/// rules needs a new one, scored once before any change.

#[test]
fn the_draft_scores_90_percent_on_every_export() {
    let dirs = corpus();
    assert!(
        !dirs.is_empty(),
        "no fixtures in {}",
        exports_dir().display()
    );
    if std::env::var("DRAFT_CORPUS_ONLY").is_err() {
        assert!(
            dirs.iter().any(|d| d.ends_with("heldout")),
            "the held-out fixture is missing"
        );
    }
    let mut failed: Vec<String> = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let key_text = std::fs::read_to_string(dir.join("codebook.toml")).unwrap();
        let key = parse(&key_text, "the answer key").unwrap();
        let drafted = paradox::draft::draft_codebook(&export_of(dir))
            .map_err(|e| e.to_string())
            .and_then(|t| parse(&t, "the draft"));
        let s = match &drafted {
            Ok(draft) => score(&key, draft),
            Err(e) => Score {
                right: 0,
                total: 1,
                wrong: vec![e.clone()],
            },
        };
        println!(
            "draft score {name}: {}/{} = {:.1}%",
            s.right,
            s.total,
            100.0 * s.share()
        );
        for w in &s.wrong {
            println!("  wrong: {w}");
        }
        let floor = 0.9;
        if s.share() < floor {
            failed.push(format!(
                "{name} {:.1}% (floor {:.1}%)",
                100.0 * s.share(),
                100.0 * floor
            ));
        }
    }
    assert!(failed.is_empty(), "below the floor: {}", failed.join(", "));
}

/// Every answer key passes `paradox check` on its export: the keys are codebooks a
/// researcher could use as they are.
#[test]
fn every_answer_key_passes_check() {
    for dir in corpus() {
        let export = export_of(&dir);
        let key = dir.join("codebook.toml");
        let r = run(&[
            "check",
            "--survey",
            export.to_str().unwrap(),
            "--codebook",
            key.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}: {}\n{}", dir.display(), r.stdout, r.stderr);
    }
}
