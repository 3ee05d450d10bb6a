//! The SPSS reader (`paradox::import::sav`) against files written by an independent writer:
//! ReadStat through pyreadstat 1.3.7 (tests/fixtures/sav/make_fixtures.py). Every value,
//! variable label, value label, missing-value definition, measurement level and format is
//! compared with the JSON pyreadstat read back from the same file. Then broken files
//! (truncated, bad magic, corrupted zlib block, random mutations) must give an error naming
//! the file, never a panic; and a small file built here byte by byte checks big-endian
//! layout and windows-1252 text, which pyreadstat cannot write.

use std::path::{Path, PathBuf};

use paradox::import::sav::{
    SavCompression, SavFile, SavKind, SavMeasure, SavMissing, SavMrKind, SavMrSet, SavValue,
};
use proptest::prelude::*;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sav")
        .join(name)
}

fn expected(name: &str) -> Json {
    let text = std::fs::read_to_string(fixture(&format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn read_all(f: &mut SavFile) -> Vec<Vec<SavValue>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    while f.next_case(&mut row).unwrap() {
        rows.push(row.clone());
    }
    rows
}

/// A value as pyreadstat's JSON shows it: numbers as floats, system-missing as null.
fn json_of(v: &SavValue) -> Json {
    match v {
        SavValue::Number(x) => serde_json::json!(x),
        SavValue::SysMissing => Json::Null,
        SavValue::Text(t) => Json::String(t.clone()),
    }
}

/// pyreadstat reports every missing definition as {lo, hi} ranges (discrete: lo == hi).
fn missing_as_ranges(m: &SavMissing) -> Vec<(Json, Json)> {
    match m {
        SavMissing::None => vec![],
        SavMissing::Discrete(vs) => vs.iter().map(|v| (json_of(v), json_of(v))).collect(),
        SavMissing::Range { lo, hi, also } => {
            let mut r = vec![(serde_json::json!(lo), serde_json::json!(hi))];
            if let Some(a) = also {
                r.push((serde_json::json!(a), serde_json::json!(a)));
            }
            r
        }
    }
}

fn check_against_pyreadstat(name: &str, compression: SavCompression) {
    let want = expected(name);
    let path = fixture(name);
    let mut f = SavFile::open(&path).unwrap();
    assert_eq!(f.compression(), compression, "{name}");
    assert_eq!(f.file_label(), want["file_label"].as_str(), "{name}");
    assert_eq!(f.case_count(), want["number_rows"].as_u64(), "{name}");
    let notes: Vec<&str> = want["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(f.documents(), notes.as_slice(), "{name}");
    assert_eq!(f.encoding(), "UTF-8");
    assert!(f.mr_sets().is_empty(), "pyreadstat writes no MR sets");

    let columns: Vec<&str> = want["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let names: Vec<&str> = f.variables().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, columns, "{name}: variable names (long names)");

    for v in f.variables() {
        let n = v.name.as_str();
        assert_eq!(
            v.label.as_deref(),
            want["column_labels"][n].as_str(),
            "{name}: label of {n}"
        );
        let ty = want["types"][n].as_str().unwrap();
        match &v.kind {
            SavKind::Numeric => assert_eq!(ty, "double", "{name}: type of {n}"),
            SavKind::String { .. } => assert_eq!(ty, "string", "{name}: type of {n}"),
        }
        assert_eq!(
            v.format,
            want["formats"][n].as_str().unwrap(),
            "{name}: format of {n}"
        );
        let measure = match v.measure {
            None => "unknown",
            Some(SavMeasure::Nominal) => "nominal",
            Some(SavMeasure::Ordinal) => "ordinal",
            Some(SavMeasure::Scale) => "scale",
        };
        assert_eq!(measure, want["measure"][n].as_str().unwrap(), "{name}: {n}");

        let labels: Vec<Json> = v
            .value_labels
            .iter()
            .map(|(val, lab)| serde_json::json!([json_of(val), lab]))
            .collect();
        let want_labels = want["value_labels"][n]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(labels, want_labels, "{name}: value labels of {n}");

        let ranges: Vec<(Json, Json)> = want["missing_ranges"][n]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| (r["lo"].clone(), r["hi"].clone()))
            .collect();
        assert_eq!(
            missing_as_ranges(&v.missing),
            ranges,
            "{name}: missing of {n}"
        );
    }

    let weight = f.weight_index().map(|i| f.variables()[i].name.clone());
    assert_eq!(
        weight.as_deref(),
        want.get("weight_variable").and_then(Json::as_str),
        "{name}: weight"
    );

    let rows = read_all(&mut f);
    let want_rows = want["rows"].as_array().unwrap();
    assert_eq!(rows.len(), want_rows.len(), "{name}: cases");
    for (i, (row, wrow)) in rows.iter().zip(want_rows).enumerate() {
        let got: Vec<Json> = row.iter().map(json_of).collect();
        assert_eq!(&Json::Array(got), wrow, "{name}: case {}", i + 1);
    }
    assert_eq!(f.case_number(), rows.len() as u64);

    let digest = f.finish().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(digest.bytes, bytes.len() as u64);
    let sha = Sha256::digest(&bytes);
    let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(digest.sha256, hex, "{name}: digest");
}

#[test]
fn uncompressed_matches_pyreadstat() {
    check_against_pyreadstat("survey.sav", SavCompression::None);
}

#[test]
fn bytecode_matches_pyreadstat() {
    check_against_pyreadstat("survey_bytecode.sav", SavCompression::Bytecode);
}

#[test]
fn zsav_matches_pyreadstat() {
    check_against_pyreadstat("survey.zsav", SavCompression::Zlib);
}

#[test]
fn weight_variable_from_the_header() {
    // survey_weighted.sav: survey.sav with the header's weight field patched by
    // make_fixtures.py (pyreadstat cannot write one).
    check_against_pyreadstat("survey_weighted.sav", SavCompression::None);
    let f = SavFile::open(&fixture("survey.sav")).unwrap();
    assert_eq!(f.weight_index(), None);
}

#[test]
fn to_field_gives_what_the_csv_path_would_see() {
    let mut f = SavFile::open(&fixture("survey.zsav")).unwrap();
    let vars = f.variables().to_vec();
    let col = |n: &str| vars.iter().position(|v| v.name == n).unwrap();
    let rows = read_all(&mut f);
    let field = |r: usize, n: &str| rows[r][col(n)].to_field(&vars[col(n)]).into_owned();
    // Integral numbers without ".0", others shortest round-trip (values: make_fixtures.py).
    assert_eq!(field(0, "id"), "1");
    assert_eq!(field(0, "birth_year"), "1958");
    assert_eq!(field(1, "weight"), "0.8731");
    assert_eq!(field(7, "income"), "123456789.25");
    // User-missing 98/99 ("Don't know"/"Refused") and system-missing become "".
    assert_eq!(field(1, "concern_breach"), "");
    assert_eq!(field(2, "concern_ads"), "");
    assert_eq!(field(3, "concern_sharing"), "");
    assert_eq!(field(0, "concern_tracking"), "5");
    // Missing range 900 THRU 999 plus -1.
    assert_eq!(field(1, "income"), "");
    assert_eq!(field(6, "income"), "");
    assert_eq!(field(5, "income"), "");
    assert_eq!(field(2, "income"), "");
    assert_eq!(field(3, "income"), "41000.5");
    // Strings: padding gone, user-missing "n/a" is missing, very long strings whole.
    assert_eq!(field(0, "country"), "US");
    assert_eq!(field(2, "country"), "");
    assert_eq!(field(4, "comment_long_text"), "ends with spaces");
    assert_eq!(
        field(3, "comment_long_text"),
        format!("{}!", "x".repeat(299))
    );
    assert_eq!(field(5, "comment_long_text"), "é".repeat(150));
    // A string over 8 bytes: missing values from extension record 22.
    assert_eq!(field(0, "main_app"), "WhatsApp Messenger");
    assert_eq!(field(2, "main_app"), "");
    assert_eq!(field(6, "main_app"), "");
    assert!(vars[col("concern_ads")]
        .missing
        .is_missing(&SavValue::Number(99.0)));
    assert!(!vars[col("concern_ads")]
        .missing
        .is_missing(&SavValue::Number(5.0)));
}

/// A copy of `bytes` in a temporary file named like the fixture.
fn temp_copy(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Opens and reads everything; the first error, if any.
fn read_through(path: &Path) -> Result<(), String> {
    let mut f = SavFile::open(path).map_err(|e| e.to_string())?;
    let mut row = Vec::new();
    while f.next_case(&mut row).map_err(|e| e.to_string())? {}
    f.finish().map_err(|e| e.to_string())?;
    Ok(())
}

#[test]
fn truncated_files_are_errors_naming_the_file() {
    for name in ["survey.sav", "survey_bytecode.sav", "survey.zsav"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        // Inside the header, the dictionary, and the data (at several points).
        for cut in [
            10,
            100,
            176 + 20,
            1000,
            2500,
            bytes.len() - 200,
            bytes.len() - 13,
        ] {
            let (_dir, path) = temp_copy(name, &bytes[..cut]);
            let err = read_through(&path).expect_err(&format!("{name} cut at {cut}"));
            assert!(err.contains(name), "{err}");
            assert!(
                err.contains("truncated") || err.contains("ends"),
                "{name} cut at {cut}: {err}"
            );
        }
    }
}

#[test]
fn truncation_in_the_data_names_the_case() {
    let bytes = std::fs::read(fixture("survey.sav")).unwrap();
    let (_dir, path) = temp_copy("survey.sav", &bytes[..bytes.len() - 100]);
    let err = read_through(&path).unwrap_err();
    assert!(err.contains("case 8"), "{err}");
}

#[test]
fn bad_magic_is_an_error() {
    let mut bytes = std::fs::read(fixture("survey.sav")).unwrap();
    bytes[..4].copy_from_slice(b"PK\x03\x04");
    let (_dir, path) = temp_copy("survey.sav", &bytes);
    let err = SavFile::open(&path).err().unwrap().to_string();
    assert!(err.contains("survey.sav"), "{err}");
    assert!(err.contains("not an SPSS system file"), "{err}");
    let (_dir, path) = temp_copy("notes.sav", b"id,age\n1,20\n");
    assert!(SavFile::open(&path).is_err());
    let (_dir, path) = temp_copy("empty.sav", b"");
    assert!(SavFile::open(&path).is_err());
}

#[test]
fn corrupted_zlib_block_is_an_error() {
    let bytes = std::fs::read(fixture("survey.zsav")).unwrap();
    // The zlib header (three int64 after the dictionary) says where the blocks are.
    let find = |b: &[u8]| bytes.windows(b.len()).position(|w| w == b).unwrap();
    let end_of_dict = find(&[0xe7, 0x03, 0, 0, 0, 0, 0, 0]) + 8;
    let zheader = u64::from_le_bytes(bytes[end_of_dict..end_of_dict + 8].try_into().unwrap());
    assert_eq!(
        zheader, end_of_dict as u64,
        "zlib header where the format puts it"
    );
    let data_start = end_of_dict + 24;
    for (offset, value) in [(0, 0xffu8), (1, 0x00), (10, 0x55), (40, 0xaa)] {
        let mut broken = bytes.clone();
        broken[data_start + offset] ^= value | 1;
        let (_dir, path) = temp_copy("survey.zsav", &broken);
        let err = read_through(&path).expect_err(&format!("byte {offset}"));
        assert!(err.contains("survey.zsav"), "{err}");
        assert!(err.contains("case 1"), "{err}");
    }
}

#[test]
fn bad_records_are_errors_not_panics() {
    let bytes = std::fs::read(fixture("survey.sav")).unwrap();
    // First variable record at 176: an impossible type, then an impossible label flag,
    // a huge label length, and an impossible missing-value count.
    for (at, value) in [
        (180, 300i32),
        (184, 7),
        (208, -5),
        (208, i32::MAX),
        (188, 9),
    ] {
        let mut broken = bytes.clone();
        broken[at..at + 4].copy_from_slice(&value.to_le_bytes());
        let (_dir, path) = temp_copy("survey.sav", &broken);
        let err = read_through(&path).expect_err(&format!("{at} = {value}"));
        assert!(err.contains("survey.sav"), "{err}");
        assert!(err.contains("byte"), "the error names the offset: {err}");
    }
}

// ---- A small file built here: big-endian layout and windows-1252 text ----------------

/// Writes a minimal system file: numeric AGE (label "Âge du répondant" in windows-1252,
/// missing 90 THRU 99), string NAME A8 with value label "é"→"accent", character code 1252
/// in the machine integer record and no encoding record, three multiple-response sets, two
/// uncompressed cases.
fn tiny_file(big_endian: bool, encoding_record: Option<&str>) -> Vec<u8> {
    let i32b = |v: i32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let f64b = |v: f64| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut b = Vec::new();
    b.extend_from_slice(b"$FL2");
    b.extend_from_slice(&[b' '; 60]);
    b.extend_from_slice(&i32b(2)); // layout code
    b.extend_from_slice(&i32b(2)); // nominal case size
    b.extend_from_slice(&i32b(0)); // no compression
    b.extend_from_slice(&i32b(1)); // weight: AGE (dictionary index 1)
    b.extend_from_slice(&i32b(2)); // cases
    b.extend_from_slice(&f64b(100.0));
    b.extend_from_slice(b"01 Jan 2612:00:00");
    // "Fichier été Ÿ" in windows-1252; 0x9F is "ź" in windows-1250.
    let mut label = b"Fichier \xe9t\xe9 \x9f".to_vec();
    label.resize(64, b' ');
    b.extend_from_slice(&label);
    b.extend_from_slice(&[0; 3]);
    // AGE: numeric, label, missing range.
    b.extend_from_slice(&i32b(2));
    b.extend_from_slice(&i32b(0));
    b.extend_from_slice(&i32b(1));
    b.extend_from_slice(&i32b(-2));
    b.extend_from_slice(&i32b(0x050800));
    b.extend_from_slice(&i32b(0x050800));
    b.extend_from_slice(b"AGE     ");
    let var_label = b"\xc2ge du r\xe9pondant"; // 16 bytes
    b.extend_from_slice(&i32b(var_label.len() as i32));
    b.extend_from_slice(var_label);
    b.extend_from_slice(&f64b(90.0));
    b.extend_from_slice(&f64b(99.0));
    // NAME: string A8.
    b.extend_from_slice(&i32b(2));
    b.extend_from_slice(&i32b(8));
    b.extend_from_slice(&i32b(0));
    b.extend_from_slice(&i32b(0));
    b.extend_from_slice(&i32b(0x010800));
    b.extend_from_slice(&i32b(0x010800));
    b.extend_from_slice(b"NAME    ");
    // Value label for NAME: "\xe9" → "accent".
    b.extend_from_slice(&i32b(3));
    b.extend_from_slice(&i32b(1));
    b.extend_from_slice(b"\xe9       ");
    b.push(6);
    b.extend_from_slice(b"accent\0"); // length byte + 6 + 1 pad = 8
    b.extend_from_slice(&i32b(4));
    b.extend_from_slice(&i32b(1));
    b.extend_from_slice(&i32b(2));
    // Machine integer info: character code 1252 (the eighth int).
    b.extend_from_slice(&i32b(7));
    b.extend_from_slice(&i32b(3));
    b.extend_from_slice(&i32b(4));
    b.extend_from_slice(&i32b(8));
    for v in [1, 0, 0, -1, 1, 1, if big_endian { 1 } else { 2 }, 1252] {
        b.extend_from_slice(&i32b(v));
    }
    // Multiple-response sets, in the layout of the GNU PSPP manual's MRSETS example; the
    // last set of subtype 19 is malformed and must be dropped alone.
    for (subtype, text) in [
        (
            7,
            &b"\n$seen=D1 1 11 Seen before AGE NAME\n$grp=C 0  age name nosuchvar\n"[..],
        ),
        (19, &b"$e=E 11 3 Yes 0  name\n$x=Q oops\n"[..]),
    ] {
        b.extend_from_slice(&i32b(7));
        b.extend_from_slice(&i32b(subtype));
        b.extend_from_slice(&i32b(1));
        b.extend_from_slice(&i32b(text.len() as i32));
        b.extend_from_slice(text);
    }
    if let Some(name) = encoding_record {
        b.extend_from_slice(&i32b(7));
        b.extend_from_slice(&i32b(20));
        b.extend_from_slice(&i32b(1));
        b.extend_from_slice(&i32b(name.len() as i32));
        b.extend_from_slice(name.as_bytes());
    }
    b.extend_from_slice(&i32b(999));
    b.extend_from_slice(&i32b(0));
    // Cases: (34, "Ren\xe9"), (sysmis, "\xe9").
    b.extend_from_slice(&f64b(34.0));
    b.extend_from_slice(b"Ren\xe9    ");
    b.extend_from_slice(&f64b(-f64::MAX));
    b.extend_from_slice(b"\xe9       ");
    b
}

#[test]
fn big_endian_windows_1252_and_mr_sets() {
    for big in [false, true] {
        let (_dir, path) = temp_copy("tiny.sav", &tiny_file(big, None));
        let mut f = SavFile::open(&path).unwrap();
        assert_eq!(f.encoding(), "windows-1252");
        assert_eq!(f.file_label(), Some("Fichier été Ÿ"));
        let v = f.variables().to_vec();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].name, "AGE");
        assert_eq!(v[0].label.as_deref(), Some("Âge du répondant"));
        assert_eq!(v[0].format, "F8.0");
        assert_eq!(
            v[0].missing,
            SavMissing::Range {
                lo: 90.0,
                hi: 99.0,
                also: None
            }
        );
        assert_eq!(v[1].kind, SavKind::String { width: 8 });
        assert_eq!(
            v[1].value_labels,
            vec![(SavValue::Text("é".into()), "accent".into())]
        );
        assert_eq!(f.weight_index(), Some(0));
        assert_eq!(
            f.mr_sets(),
            &[
                SavMrSet {
                    name: "$seen".into(),
                    label: Some("Seen before".into()),
                    kind: SavMrKind::Dichotomy {
                        counted: "1".into()
                    },
                    variables: vec![0, 1],
                },
                SavMrSet {
                    name: "$grp".into(),
                    label: None,
                    kind: SavMrKind::Category,
                    variables: vec![0, 1],
                },
                SavMrSet {
                    name: "$e".into(),
                    label: None,
                    kind: SavMrKind::Dichotomy {
                        counted: "Yes".into()
                    },
                    variables: vec![1],
                },
            ]
        );
        let rows = read_all(&mut f);
        assert_eq!(
            rows,
            vec![
                vec![SavValue::Number(34.0), SavValue::Text("René".into())],
                vec![SavValue::SysMissing, SavValue::Text("é".into())],
            ],
            "big endian: {big}"
        );
        assert_eq!(rows[1][0].to_field(&v[0]), "");
        assert_eq!(rows[0][0].to_field(&v[0]), "34");
    }
}

#[test]
fn display_record_with_one_entry_per_visible_variable() {
    // survey.sav's variable display record (subtype 11) has one (measure, width, alignment)
    // entry per variable record: 12, the very long string's second segment included. Some
    // writers leave segments out; drop that entry and the measures must still line up.
    let bytes = std::fs::read(fixture("survey.sav")).unwrap();
    let head: Vec<u8> = [7i32, 11, 4, 36]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let at = bytes
        .windows(16)
        .position(|w| w == head.as_slice())
        .unwrap();
    let data = at + 16;
    let mut patched = bytes[..at].to_vec();
    patched.extend([7i32, 11, 4, 33].iter().flat_map(|v| v.to_le_bytes()));
    patched.extend_from_slice(&bytes[data..data + 10 * 12]);
    patched.extend_from_slice(&bytes[data + 11 * 12..]);
    let (_dir, path) = temp_copy("survey.sav", &patched);
    let f = SavFile::open(&path).unwrap();
    let want = expected("survey.sav");
    for v in f.variables() {
        let m = match v.measure {
            None => "unknown",
            Some(SavMeasure::Nominal) => "nominal",
            Some(SavMeasure::Ordinal) => "ordinal",
            Some(SavMeasure::Scale) => "scale",
        };
        assert_eq!(m, want["measure"][&v.name], "{}", v.name);
    }
}

#[test]
fn encoding_record_wins_over_the_character_code() {
    // Same bytes, but an encoding record (subtype 20) names windows-1250.
    let (_dir, path) = temp_copy("tiny.sav", &tiny_file(false, Some("windows-1250")));
    let f = SavFile::open(&path).unwrap();
    assert_eq!(f.encoding(), "windows-1250");
    assert_eq!(f.file_label(), Some("Fichier été ź"));
    // An encoding this reader cannot decode is refused by name.
    let (_dir, path) = temp_copy("tiny.sav", &tiny_file(true, Some("EBCDIC-US")));
    let err = SavFile::open(&path).err().unwrap().to_string();
    assert!(
        err.contains("EBCDIC-US") && err.contains("not supported"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_in_a_value_is_an_error_naming_case_and_variable() {
    let bytes = std::fs::read(fixture("survey.sav")).unwrap();
    // Case 1's country "US" is the only "US      " unit followed by income 52000.
    let at = bytes
        .windows(16)
        .position(|w| w[..8] == *b"US      " && w[8..] == 52000f64.to_le_bytes())
        .unwrap();
    let mut broken = bytes.clone();
    broken[at + 1] = 0xff;
    let (_dir, path) = temp_copy("survey.sav", &broken);
    let err = read_through(&path).unwrap_err();
    assert!(err.contains("case 1"), "{err}");
    assert!(err.contains("\"country\""), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random byte changes and cuts anywhere in any fixture: an error or a result, never a
    /// panic (and no runaway allocation: every length is bounded before use).
    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        // The three pyreadstat fixtures and the hand-built big-endian file.
        let name = ["survey.sav", "survey_bytecode.sav", "survey.zsav", "tiny.sav"][which];
        let mut bytes = if which == 3 {
            tiny_file(true, Some("windows-1250"))
        } else {
            std::fs::read(fixture(name)).unwrap()
        };
        for (i, v) in edits {
            let i = i.index(bytes.len());
            bytes[i] = v;
        }
        if let Some(c) = cut {
            let c = c.index(bytes.len());
            bytes.truncate(c);
        }
        let (_dir, path) = temp_copy(name, &bytes);
        let _ = read_through(&path);
    }
}
