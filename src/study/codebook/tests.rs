//! Parsing and validation of small codebooks.

use std::path::Path;

use super::*;
use crate::study::error::StudyError;

const MINIMAL: &str = r#"
[study]
name = "t"
survey_year = 2025
[columns]
id = "id"
birth_year = "by"
[[scale]]
name = "concern"
items = ["c1", "c2"]
min = 1
max = 7
[paradox]
concern_scale = "concern"
"#;

fn parse(t: &str) -> Result<Codebook, StudyError> {
    Codebook::from_toml(t, Path::new("codebook.toml"))
}

#[test]
fn minimal_codebook_parses_with_defaults() {
    let cb = parse(MINIMAL).unwrap();
    assert_eq!(cb.cohorts.scheme, CohortScheme::Generation);
    assert_eq!(cb.disclosure_control.min_cell, 10);
    assert_eq!(cb.concern_threshold(), Some(4.0));
    assert_eq!(cb.columns.missing_codes(), vec!["", "NA", "N/A"]);
}

#[test]
fn unknown_key_is_an_error_with_line() {
    let t = MINIMAL.replace("survey_year = 2025", "survey_year = 2025\nsurvey_yaer = 1");
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("survey_yaer"), "{e}");
    assert!(e.contains("line 5"), "{e}");
}

#[test]
fn unknown_concern_scale_names_the_key() {
    let t = MINIMAL.replace("concern_scale = \"concern\"", "concern_scale = \"worry\"");
    let e = parse(&t).unwrap_err().to_string();
    assert!(
        e.contains("paradox.concern_scale") && e.contains("worry"),
        "{e}"
    );
}

#[test]
fn min_not_below_max_is_an_error() {
    let t = MINIMAL.replace("max = 7", "max = 1");
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("min 1 must be below max 1"), "{e}");
}

#[test]
fn age_bands_from_birth_year_need_survey_year() {
    let t = MINIMAL.replace("survey_year = 2025\n", "").replace(
        "[[scale]]",
        "[cohorts]\nscheme = \"age_bands\"\nedges = [18, 30]\n[[scale]]",
    );
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("survey_year") && e.contains("\"by\""), "{e}");
}

#[test]
fn missing_label_set_is_an_error() {
    let t = format!("{MINIMAL}\n[label_columns]\nc1 = \"agree5\"\n");
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("agree5") && e.contains("c1"), "{e}");
}

#[test]
fn threshold_outside_scale_is_an_error() {
    let t = format!("{MINIMAL}concern_threshold = 9\n");
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("outside"), "{e}");
}

#[test]
fn a_range_wider_than_the_limit_names_key_value_and_limit() {
    let t = MINIMAL.replace("max = 7", "max = 2000000000");
    let e = parse(&t).unwrap_err().to_string();
    assert!(
        e.contains("scale[0] (concern).max") && e.contains("2000000000") && e.contains("100"),
        "{e}"
    );
    // A 0–100 slider is the widest range taken.
    let t = MINIMAL
        .replace("min = 1", "min = 0")
        .replace("max = 7", "max = 100");
    assert!(parse(&t).is_ok());
}

#[test]
fn colliding_labels_with_different_codes_are_an_error() {
    let t = format!("{MINIMAL}\n[labels.agree]\n\"Agree\" = 4\n\" AGREE \" = 5\n");
    let e = parse(&t).unwrap_err().to_string();
    assert!(
        e.contains("labels.agree") && e.contains("\"Agree\"") && e.contains("\" AGREE \""),
        "{e}"
    );
    let t = format!("{MINIMAL}\n[labels.agree]\n\"Agree\" = 4\n\"agree\" = 4\n");
    assert!(parse(&t).is_ok());
}

#[test]
fn key_columns_in_another_role_are_an_error() {
    let t = MINIMAL.replace("birth_year = \"by\"", "birth_year = \"id\"");
    let e = parse(&t).unwrap_err().to_string();
    assert!(
        e.contains("columns.birth_year") && e.contains("\"id\""),
        "{e}"
    );
    // A birth year read as a Likert item would reject every row.
    let t = MINIMAL.replace("birth_year = \"by\"", "birth_year = \"c2\"");
    let e = parse(&t).unwrap_err().to_string();
    assert!(
        e.contains("scale[0] (concern).items") && e.contains("columns.birth_year"),
        "{e}"
    );
}

#[test]
fn an_empty_pii_allow_reason_is_an_error() {
    let t = format!("{MINIMAL}\n[pii_allow]\nemail = \"\"\n");
    let e = parse(&t).unwrap_err().to_string();
    assert!(e.contains("pii_allow.email"), "{e}");
    let t = format!("{MINIMAL}\n[pii_allow]\nemail = \"contact for the follow-up wave\"\n");
    assert!(parse(&t).is_ok());
}

#[test]
fn smallest_effects_of_interest_default_and_are_checked() {
    let p = parse(MINIMAL).unwrap().paradox.unwrap();
    assert_eq!((p.sesoi_rho, p.sesoi_rd), (DEFAULT_SESOI, DEFAULT_SESOI));
    let p = parse(&format!("{MINIMAL}sesoi_rho = 0.1\nsesoi_rd = 0.02\n"))
        .unwrap()
        .paradox
        .unwrap();
    assert_eq!((p.sesoi_rho, p.sesoi_rd), (0.1, 0.02));
    for bad in [
        "sesoi_rho = 0",
        "sesoi_rho = 1",
        "sesoi_rd = -0.05",
        "sesoi_rd = nan",
    ] {
        let e = parse(&format!("{MINIMAL}{bad}\n")).unwrap_err().to_string();
        let key = bad.split(' ').next().unwrap_or_default();
        assert!(
            e.contains(&format!("paradox.{key}")) && e.contains("strictly between 0 and 1"),
            "{bad}: {e}"
        );
        assert!(e.contains("line 15"), "{bad}: {e}");
    }
}
