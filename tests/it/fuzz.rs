//! Fuzzing with proptest (cargo fuzz needs nightly, which this machine cannot fetch):
//! arbitrary bytes into the survey reader and the event-log reader, arbitrary text into the
//! codebook parser and the label/number parser. Each must return a value or an error —
//! never panic. The test suite runs a bounded number of cases; a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test it fuzz::`. Any failure proptest finds
//! is shrunk and kept in `tests/it/fuzz.proptest-regressions`; add it to tests/bad-input/ too.

use crate::util::*;
use paradox::import::values::{parse_code, LabelSet, MissingCodes};
use paradox::import::{load_study, LoadOptions};
use proptest::prelude::*;

const HEAD: &str = "respondent_id;birth_year;weight;country;c1;c2;c3;will_loc;will_con;acc_push\n";

/// Bytes biased towards CSV structure: delimiters, quotes, newlines, digits, labels.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let atom = prop_oneof![
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"4".to_vec()),
        Just(b"R1".to_vec()),
        Just(b"1980".to_vec()),
        Just(b"Agree".to_vec()),
        Just(b"NA".to_vec()),
        Just(b"-99".to_vec()),
        Just(b"1e308".to_vec()),
        Just(vec![0xEF, 0xBB, 0xBF]),
        prop::collection::vec(any::<u8>(), 0..4),
    ];
    prop::collection::vec(atom, 0..200).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn survey_reader_never_panics(body in csvish(), with_header in any::<bool>()) {
        let dir = copy_fixture("mini");
        let mut bytes = if with_header { HEAD.as_bytes().to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&body);
        std::fs::write(dir.path().join("survey.csv"), &bytes).unwrap();
        if let Ok(study) = load_study(Some(dir.path()), &LoadOptions::default()) {
            let s = paradox::analysis::summarize(&study, &Default::default(), &Default::default());
            let json = serde_json::to_string(&s).unwrap();
            prop_assert!(!json.contains("NaN"));
        }
    }

    #[test]
    fn event_log_reader_never_panics(body in csvish()) {
        let dir = copy_fixture("qualtrics");
        let mut bytes = b"pid,timestamp,permission,decision\n".to_vec();
        bytes.extend_from_slice(&body);
        std::fs::write(dir.path().join("events.csv"), &bytes).unwrap();
        let _ = load_study(Some(dir.path()), &LoadOptions::default());
    }

    #[test]
    fn codebook_parser_never_panics(text in "\\PC{0,400}", cut in 0usize..3000) {
        let _ = paradox::study::Codebook::from_toml(&text, std::path::Path::new("c.toml"));
        // Truncations and edits of a valid codebook reach the validator's deeper checks.
        let valid = std::fs::read_to_string(fixture("mini/codebook.toml")).unwrap();
        let mut t = valid.clone();
        t.truncate(cut.min(valid.len()));
        while !t.is_char_boundary(t.len()) { t.pop(); }
        let _ = paradox::study::Codebook::from_toml(&t, std::path::Path::new("c.toml"));
        let edited = valid.replacen("5", &text.chars().take(5).collect::<String>(), 1);
        let _ = paradox::study::Codebook::from_toml(&edited, std::path::Path::new("c.toml"));
    }

    #[test]
    fn label_and_number_parser_never_panics(v in "\\PC{0,30}", min in -5i32..5, span in 1i32..10) {
        let missing = MissingCodes::new(&["".into(), "NA".into()]);
        let mut set = std::collections::BTreeMap::new();
        set.insert("Agree".to_string(), 4i64);
        let labels = LabelSet::new(&set);
        if let Ok(Some(c)) = parse_code(&v, &missing, Some(&labels), min, min + span) {
            prop_assert!(c as i32 >= min && c as i32 <= min + span);
        }
    }
}
