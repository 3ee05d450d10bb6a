//! `paradox plan` against the formulas evaluated with scipy and against R's pwr.

/// The two sample sizes `paradox plan` prints: (to detect, to show equivalence), per cohort
/// and in total, and the per-cohort n without the Bonett–Wright factor.
fn plan(args: &[&str]) -> ((u64, u64), (u64, u64), u64) {
    let run = crate::util::TestCommand::new().arg("plan").args(args).run();
    run.assert_exit(0);
    let numbers = |line: &str| -> Vec<u64> {
        line.split(|c: char| !c.is_ascii_digit() && c != ',')
            .map(|w| w.trim_matches(',').replace(',', ""))
            .filter(|w| !w.is_empty())
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let row = |lead: &str| -> (u64, u64) {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(lead))
            .unwrap_or_else(|| panic!("no line {lead:?}:\n{}", run.stdout));
        let after = line.split(':').nth(1).unwrap_or_default();
        match numbers(after).as_slice() {
            [per, total] => (*per, *total),
            other => panic!("{line}: {other:?}"),
        }
    };
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let without = text
        .split("pwr.r.test) detecting ")
        .nth(1)
        .and_then(|rest| rest.split(" takes ").nth(1))
        .and_then(|rest| {
            numbers(rest.split(" per cohort").next().unwrap_or(""))
                .first()
                .copied()
        })
        .unwrap_or_else(|| panic!("no comparison: {text}"));
    (row("To detect"), row("To show"), without)
}

/// `paradox plan` against the formulas computed with scipy 1.17.1 and against R's pwr 1.3
/// `pwr.r.test`, reimplemented line by line in Python from its source (heliosdrm/pwr,
/// R/pwr.r.test.R: the critical r from the t quantile, atanh(r) + r/(2(n − 1)) for the
/// alternative, both tails, n solved by uniroot; it gives the documented 84.07364 for
/// r = 0.3):
///
/// ```python
/// import numpy as np
/// from scipy.stats import norm, t
/// from scipy.optimize import brentq
/// def pwr_r_test_n(r, power=0.8, sig=0.05):
///     r = abs(r)
///     def p(n):
///         ttt = t.isf(sig / 2, n - 2)
///         rc = np.sqrt(ttt**2 / (ttt**2 + n - 2))
///         zr = np.arctanh(r) + r / (2 * (n - 1))
///         zrc = np.arctanh(rc)
///         return norm.cdf((zr - zrc) * np.sqrt(n - 3)) + norm.cdf((-zr - zrc) * np.sqrt(n - 3))
///     return brentq(lambda n: p(n) - power, 4 + 1e-10, 1e7, xtol=1e-12)
/// def ours(r, power=0.8, alpha=0.05):      # with the Bonett–Wright factor
///     k = norm.ppf(1 - alpha / 2) + norm.ppf(power)
///     return (k * np.sqrt(1 + r * r / 2) / np.arctanh(abs(r))) ** 2 + 3
/// def fisher(r, power=0.8, alpha=0.05):    # Cohen 1988, without it
///     k = norm.ppf(1 - alpha / 2) + norm.ppf(power)
///     return (k / np.arctanh(abs(r))) ** 2 + 3
/// def tost(d, power=0.8, alpha=0.05):      # two one-sided tests, true ρ = 0
///     k = norm.ppf(1 - alpha) + norm.ppf((1 + power) / 2)
///     return (k / np.arctanh(d)) ** 2 + 3
/// ```
///
/// printed (n before rounding up):
///
/// ```text
/// r      power alpha  pwr                 ours                 fisher
/// 0.3    0.8   0.05   84.07363774429614   88.61456261598516 → 89   84.92781111577527 → 85
/// 0.1    0.8   0.05   781.7515642487103   786.5483782491617 → 787  782.6501276111062 → 783
/// -0.13  0.95  0.05   762.3237132636785   769.6638711281031 → 770  763.2398444425633 → 764
/// 0.5    0.9   0.01   51.83146980886874   58.47644882724717 → 59   52.31239895755306 → 53
/// tost(0.05, 0.8, 0.05) = 3422.8282795768564 → 3423
/// tost(0.1, 0.95, 0.05) = 1293.7991537799328 → 1294
/// tost(0.05, 0.9, 0.01) = 6300.6602852692695 → 6301
/// tost(0.05, 0.95, 0.05) = 5192.218696300141 → 5193
/// ```
///
/// The difference from pwr: paradox tests ρ with the Bonett–Wright standard error
/// √((1 + ρ²/2)/(n − 3)) (as every gap block), pwr with 1/√(n − 3) plus a bias correction of
/// atanh(r) and a t-based critical value. The factor makes (n − 3) larger by exactly
/// 1 + ρ²/2 — 4.5% at ρ = 0.3 (89 against pwr's 85 after rounding up), 12.5% at ρ = 0.5 —
/// and the Fisher-z n without it lies within one respondent of pwr's.
#[test]
fn plan_matches_the_formulas_and_states_its_difference_from_pwr() {
    // (arguments, ours to detect, Fisher-z without the factor, pwr.r.test, equivalence n)
    let cases: [(&[&str], u64, u64, f64, u64); 4] = [
        (&["--rho", "0.3"], 89, 85, 84.07363774429614, 3423),
        (&["--rho", "0.1"], 787, 783, 781.7515642487103, 3423),
        (
            &["--rho", "-0.13", "--power", "0.95", "--cohorts", "6"],
            770,
            764,
            762.3237132636785,
            5193,
        ),
        (
            &["--rho", "0.5", "--power", "0.9", "--alpha", "0.01"],
            59,
            53,
            51.83146980886874,
            6301,
        ),
    ];
    for (args, ours, fisher, pwr, equivalence) in cases {
        let cohorts = args
            .iter()
            .position(|a| *a == "--cohorts")
            .and_then(|i| args.get(i + 1))
            .and_then(|k| k.parse::<u64>().ok())
            .unwrap_or(1);
        let ((detect, detect_total), (equiv, equiv_total), without) = plan(args);
        assert_eq!(detect, ours, "{args:?}: to detect");
        assert_eq!(detect_total, ours * cohorts, "{args:?}: total");
        assert_eq!(equiv, equivalence, "{args:?}: equivalence");
        assert_eq!(equiv_total, equivalence * cohorts, "{args:?}: total");
        assert_eq!(without, fisher, "{args:?}: without the factor");
        // pwr's n, rounded up, lies within one respondent of the Fisher-z n without the
        // factor, and below ours.
        let pwr_n = pwr.ceil() as u64;
        assert!(pwr_n.abs_diff(fisher) <= 1, "{args:?}: pwr {pwr_n}");
        assert!(pwr_n < ours, "{args:?}");
    }
    let (_, (equiv, _), _) = plan(&["--rho", "0.2", "--power", "0.95", "--sesoi-rho", "0.1"]);
    assert_eq!(equiv, 1294);
}

#[test]
fn plan_teaches_and_refuses_impossible_questions() {
    crate::util::TestCommand::new()
        .args(["plan", "--help"])
        .run()
        .assert_exit(0)
        .stdout_contains("the data cannot tell a paradox from a real effect")
        .stdout_contains("Bonett–Wright")
        .stdout_contains("pwr.r.test")
        .stdout_contains("--sesoi-rho");
    for (args, message) in [
        (&["--rho", "0"][..], "--rho 0"),
        (&["--rho", "1.5"][..], "--rho 1.5"),
        (&["--rho", "0.3", "--power", "1"][..], "--power 1"),
        (&["--rho", "0.3", "--alpha", "0"][..], "--alpha 0"),
        (&["--rho", "0.3", "--cohorts", "0"][..], "--cohorts 0"),
        (&["--rho", "0.3", "--sesoi-rho", "-0.05"][..], "--sesoi-rho"),
        (&["--rho", "1e-9"][..], "more than 10¹⁵"),
        (&["--power", "0.8"][..], "--rho"),
    ] {
        crate::util::TestCommand::new()
            .arg("plan")
            .args(args)
            .run()
            .assert_exit(2)
            .stderr_contains(message);
    }
}
