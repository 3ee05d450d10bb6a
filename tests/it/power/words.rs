//! In words, on the bundled sample: every cohort's verdict in the report, `gap.csv` and the
//! Gap tab, no inconclusive cohort called paradoxical; and the margins on the command line.

use super::load;

/// The bundled sample's cohorts and their verdicts (the Silent cohort has n = 146).
const SAMPLE_VERDICTS: [(&str, &str); 5] = [
    ("Silent", "inconclusive"),
    ("Boomers", "inconclusive"),
    ("Gen X", "predicts"),
    ("Millennials", "predicts"),
    ("Gen Z", "predicts"),
];

#[test]
fn the_sample_report_gives_every_cohort_its_verdict_and_calls_no_inconclusive_one_paradoxical() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("r");
    crate::util::TestCommand::new()
        // Without a study: the bundled sample.
        .arg("report")
        .args(["--format", "md,csv", "--out"])
        .arg(&dir)
        .run()
        .assert_exit(0);
    let text = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
    assert!(
        text.contains(
            "In the Silent cohort (n = 146) the data cannot tell a paradox from a real effect: \
             the smallest correlation detectable with 80% power is 0.23."
        ),
        "{text}"
    );
    for (name, verdict) in SAMPLE_VERDICTS {
        // A cohort merged for publication (with the respondents of unknown cohort) is
        // named by its merged name.
        let lead = format!("In the {name} cohort (n = ");
        let merged = format!("In the {name} + cohort unknown cohort (n = ");
        let sentence = text
            .split(". ")
            .find(|s| {
                (s.contains(&lead) || s.contains(&merged))
                    && !s.contains("were concerned yet shared")
            })
            .unwrap_or_else(|| panic!("no verdict sentence for {name}"));
        let expected = match verdict {
            "inconclusive" => "the data cannot tell a paradox from a real effect",
            _ => "concern predicts disclosure",
        };
        assert!(sentence.contains(expected), "{name}: {sentence}");
        assert!(
            text.contains(&format!("| {name} |")) && text.contains(&format!(" | {verdict} |")),
            "{name}: the table's verdict"
        );
    }
    // No sentence that names an inconclusive cohort calls anything paradoxical, other than
    // saying that the data cannot tell a paradox from a real effect.
    for sentence in text.split(['.', '\n']) {
        let names_inconclusive = SAMPLE_VERDICTS
            .iter()
            .filter(|(_, v)| *v == "inconclusive")
            .any(|(name, _)| sentence.contains(name));
        if names_inconclusive {
            let rest = sentence.replace("cannot tell a paradox from a real effect", "");
            assert!(
                !rest.contains("paradox") && !rest.contains("paradoxical"),
                "{sentence}"
            );
        }
    }
    let csv = std::fs::read_to_string(dir.join("tables/gap.csv")).expect("gap.csv");
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.ends_with(
            "spearman_p,rho_mde,sesoi_rho,p_tost,sesoi_rd,rd_ci90_low,rd_ci90_high,rd_equivalent,verdict"
        ),
        "{header}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("cohort,Silent,146,") && l.ends_with(",false,inconclusive")),
        "{csv}"
    );
}

#[test]
fn the_gap_tab_shows_every_cohort_verdict() {
    use paradox::tui::{ui, update, Action, App, Tab};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let study = load(&paradox::sample_study_dir());
    let mut app = App::new(study).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.wait_for_analysis(std::time::Duration::from_secs(60)));
    let gap = Tab::ALL
        .iter()
        .position(|t| t.slug() == "gap")
        .unwrap_or_else(|| panic!("no Gap tab"));
    update(&mut app, Action::GoTab(gap));
    app.size = (120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap_or_else(|e| match e {});
    if let Err(e) = term.draw(|f| ui::render(&app, f)) {
        match e {}
    }
    let buf = term.backend().buffer();
    let lines: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .filter_map(|x| buf.cell((x, y)).map(|c| c.symbol().to_string()))
                .collect()
        })
        .collect();
    for (name, verdict) in SAMPLE_VERDICTS {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{name} "))
                && l.trim_end().trim_end_matches('†').ends_with(verdict)),
            "{name} {verdict}:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn the_margins_can_be_set_on_the_command_line() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("r");
    crate::util::TestCommand::new()
        .args(["report", "--sesoi-rho", "0.3", "--sesoi-rd", "0.2"])
        .args(["--format", "json", "--out"])
        .arg(&dir)
        .run()
        .assert_exit(0);
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let e = &json["gap"]["overall"]["equivalence"];
    assert_eq!(
        (e["sesoi_rho"].as_f64(), e["sesoi_rd"].as_f64()),
        (Some(0.3), Some(0.2))
    );
    for (command, flag, value) in [
        ("report", "--sesoi-rho", "0"),
        ("report", "--sesoi-rd", "1"),
        ("tui", "--sesoi-rho", "-0.1"),
        ("tui", "--sesoi-rd", "NaN"),
    ] {
        crate::util::TestCommand::new()
            .args([command, flag, value])
            .run()
            .assert_exit(2)
            .stderr_contains(&format!("{flag} "))
            .stderr_contains("must lie strictly between 0 and 1");
    }
}
