//! The report's tables, twice: rounded [`DisplayTable`]s for the HTML and Markdown
//! reports, and tidy long-format CSV files (`tables/*.csv`) for R and pandas.
//!
//! CSV numbers are written at full precision in the same shortest round-trip form as
//! `summary.json` (serde_json's float formatting), a null is an empty field, and every
//! file has its header even when it has no rows, so a script never has to special-case a
//! study without tactics or behaviour.

use crate::analysis::summary::{Chi2Test, Ci, GapBlock, Summary, TacticLevels, TacticSummary};
use crate::study::Study;

use super::text::{
    cell_count, cell_num, cell_num_ci, cell_pct, cell_pct_ci, count, num, p_cell, DisplayTable,
    MISSING_CELL,
};

// ---------------------------------------------------------------------------------------
// Display tables
// ---------------------------------------------------------------------------------------

fn table(caption: &str, header: &[(&str, bool)], rows: Vec<Vec<String>>) -> DisplayTable {
    DisplayTable {
        caption: caption.to_string(),
        header: header.iter().map(|(h, _)| h.to_string()).collect(),
        numeric: header.iter().map(|(_, n)| *n).collect(),
        rows,
    }
}

pub fn quality_table(study: &Study, summary: &Summary) -> DisplayTable {
    let s = &summary.study;
    let a = &study.audit;
    let mut rows = vec![
        vec!["Survey responses".into(), cell_count(s.respondents)],
        vec!["Respondents analysed".into(), count(s.analysed)],
        vec![
            "Rows rejected (invalid values)".into(),
            cell_count(s.rejected_rows),
        ],
    ];
    if study.has_behavior {
        rows.push(vec![
            "Behaviour match rate".into(),
            cell_pct(s.behavior_match_rate),
        ]);
        rows.push(vec!["Behaviour rows read".into(), count(a.behavior_rows)]);
        rows.push(vec![
            "Behaviour rows without a survey respondent".into(),
            count(a.behavior_unmatched_rows),
        ]);
    } else {
        rows.push(vec!["Behaviour data".into(), "none".into()]);
    }
    rows.push(vec!["Cohort unknown".into(), cell_count(s.unknown_cohort)]);
    rows.push(vec!["Cohorts formed by".into(), s.cohort_scheme.clone()]);
    rows.push(vec![
        "Weighted".into(),
        if s.weighted { "yes" } else { "no" }.into(),
    ]);
    rows.push(vec!["Respondents included".into(), s.filter.clone()]);
    if !a.dropped_pii.is_empty() {
        let cols: Vec<String> = a
            .dropped_pii
            .iter()
            .map(|(c, k)| format!("{c} ({k})"))
            .collect();
        rows.push(vec!["Columns dropped as PII".into(), cols.join(", ")]);
    }
    table(
        "Data quality",
        &[("Measure", false), ("Value", false)],
        rows,
    )
}

pub fn cohorts_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .cohorts
        .iter()
        .map(|c| vec![c.name.clone(), cell_count(c.n)])
        .collect();
    table(
        "Respondents by cohort",
        &[("Cohort", false), ("n", true)],
        rows,
    )
}

/// The file name only: a full path may name the analyst's home folder.
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

pub fn inputs_table(study: &Study) -> DisplayTable {
    let rows = study
        .audit
        .inputs
        .iter()
        .map(|i| {
            vec![
                i.role.clone(),
                file_name(&i.path),
                count(i.bytes),
                i.sha256.clone(),
            ]
        })
        .collect();
    table(
        "Input files",
        &[
            ("Role", false),
            ("File", false),
            ("Bytes", true),
            ("SHA-256", false),
        ],
        rows,
    )
}

pub fn reliability_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .scales
        .iter()
        .map(|s| {
            vec![
                s.label.clone(),
                s.items.len().to_string(),
                cell_count(s.n_complete),
                cell_num(s.alpha, 2),
                s.alpha_ci
                    .map(|ci| super::text::num_ci(ci, 2))
                    .unwrap_or_else(|| MISSING_CELL.into()),
                cell_count(s.n),
                cell_num(s.mean, 2),
                cell_num(s.sd, 2),
            ]
        })
        .collect();
    table(
        "Reliability and score of each scale",
        &[
            ("Scale", false),
            ("Items", true),
            ("n (complete)", true),
            ("\u{3b1}", true),
            ("95% CI", true),
            ("n (score)", true),
            ("Mean", true),
            ("SD", true),
        ],
        rows,
    )
}

pub fn alpha_if_dropped_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    for s in &summary.scales {
        let Some(m) = &s.alpha_if_dropped else {
            continue;
        };
        // Codebook item order, not the map's alphabetical order.
        for item in &s.items {
            if let Some(v) = m.get(item) {
                rows.push(vec![s.label.clone(), item.clone(), cell_num(*v, 2)]);
            }
        }
    }
    table(
        "Cronbach\u{2019}s \u{3b1} if an item is dropped",
        &[
            ("Scale", false),
            ("Item", false),
            ("\u{3b1} if dropped", true),
        ],
        rows,
    )
}

fn gap_blocks(summary: &Summary) -> Vec<(String, &GapBlock)> {
    let mut out = Vec::new();
    if let Some(o) = &summary.gap.overall {
        out.push(("Overall".to_string(), o));
    }
    for b in summary.gap.by_cohort.iter().flatten() {
        out.push((b.cohort.clone().unwrap_or_default(), b));
    }
    out
}

pub fn gap_table(summary: &Summary) -> DisplayTable {
    let rows = gap_blocks(summary)
        .into_iter()
        .map(|(name, b)| {
            vec![
                name,
                cell_count(b.n),
                cell_pct(b.concerned),
                cell_pct(b.disclosers),
                cell_pct_ci(b.paradoxical, b.paradoxical_ci),
                cell_pct(b.paradoxical_expected),
                cell_num_ci(b.disclosure_rd, b.disclosure_rd_ci, 2),
                cell_num_ci(b.spearman_rho, b.spearman_ci, 2),
                p_cell(b.spearman_p),
            ]
        })
        .collect();
    table(
        "Concern, disclosure and the paradox by cohort (95% CIs in brackets)",
        &[
            ("Group", false),
            ("n", true),
            ("Concerned", true),
            ("Disclosers", true),
            ("Paradoxical", true),
            ("Expected", true),
            ("RD", true),
            ("Spearman \u{3c1}", true),
            ("p (\u{3c1})", true),
        ],
        rows,
    )
}

pub fn concern_table_table(summary: &Summary) -> DisplayTable {
    let rows = gap_blocks(summary)
        .into_iter()
        .map(|(name, b)| {
            let t = b.concern_table;
            vec![
                name,
                cell_count(t[0][0]),
                cell_count(t[0][1]),
                cell_count(t[1][0]),
                cell_count(t[1][1]),
            ]
        })
        .collect();
    table(
        "Concern \u{d7} disclosure (respondents)",
        &[
            ("Group", false),
            ("Concerned, discloser", true),
            ("Concerned, not discloser", true),
            ("Not concerned, discloser", true),
            ("Not concerned, not discloser", true),
        ],
        rows,
    )
}

fn chi2_row(name: String, t: Option<&Chi2Test>) -> Vec<String> {
    match t {
        Some(t) => vec![
            name,
            "\u{3c7}\u{b2}".into(),
            cell_num(t.chi2, 2),
            t.df.map(|d| d.to_string())
                .unwrap_or_else(|| MISSING_CELL.into()),
            p_cell(t.p),
            "Cram\u{e9}r\u{2019}s V".into(),
            cell_num(t.cramers_v, 3),
            cell_count(t.n),
        ],
        None => missing_test_row(name, "\u{3c7}\u{b2}", "Cram\u{e9}r\u{2019}s V"),
    }
}

fn missing_test_row(name: String, stat: &str, effect: &str) -> Vec<String> {
    vec![
        name,
        stat.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
        effect.into(),
        MISSING_CELL.into(),
        MISSING_CELL.into(),
    ]
}

pub fn tests_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    let kw = "Concern by cohort (Kruskal\u{2013}Wallis)".to_string();
    rows.push(match &summary.gap.kruskal_concern {
        Some(k) => vec![
            kw,
            "H".into(),
            cell_num(k.h, 2),
            k.df.map(|d| d.to_string())
                .unwrap_or_else(|| MISSING_CELL.into()),
            p_cell(k.p),
            "\u{3b5}\u{b2}".into(),
            cell_num(k.epsilon_squared, 3),
            cell_count(k.n),
        ],
        None => missing_test_row(kw, "H", "\u{3b5}\u{b2}"),
    });
    rows.push(chi2_row(
        "Cohort \u{d7} paradoxical".into(),
        summary.gap.chi2_paradoxical.as_ref(),
    ));
    for t in &summary.tactics {
        rows.push(chi2_row(
            format!("Cohort \u{d7} {} rating", t.label),
            t.chi2.as_ref(),
        ));
    }
    table(
        "Tests of differences between cohorts",
        &[
            ("Test", false),
            ("Statistic", false),
            ("Value", true),
            ("df", true),
            ("p", true),
            ("Effect size", false),
            ("Value", true),
            ("n", true),
        ],
        rows,
    )
}

pub fn dunn_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .gap
        .kruskal_concern
        .iter()
        .flat_map(|k| k.pairwise.iter())
        .map(|d| {
            vec![
                d.a.clone(),
                d.b.clone(),
                cell_num(d.z, 2),
                p_cell(d.p),
                p_cell(d.p_holm),
            ]
        })
        .collect();
    table(
        "Pairwise Dunn tests of concern between cohorts",
        &[
            ("Cohort A", false),
            ("Cohort B", false),
            ("z", true),
            ("p", true),
            ("p (Holm)", true),
        ],
        rows,
    )
}

pub fn data_types_table(summary: &Summary) -> DisplayTable {
    let rows = summary
        .data_types
        .iter()
        .map(|d| {
            vec![
                d.label.clone(),
                cell_count(d.n_pairs),
                cell_pct(d.willing),
                cell_pct(d.shared),
                d.say_do_gap
                    .filter(|g| g.is_finite())
                    .map(|g| super::text::signed(g * 100.0, 1))
                    .unwrap_or_else(|| MISSING_CELL.into()),
                cell_pct_ci(d.paradox_rate, d.paradox_rate_ci),
                p_cell(d.mcnemar_p),
                p_cell(d.mcnemar_midp),
                cell_num_ci(d.mcnemar_or, d.mcnemar_or_ci, 2),
            ]
        })
        .collect();
    table(
        "Stated willingness versus actual sharing per data type",
        &[
            ("Data type", false),
            ("Pairs", true),
            ("Willing", true),
            ("Shared", true),
            ("Gap (points)", true),
            ("Paradox rate", true),
            ("McNemar p", true),
            ("mid-p", true),
            ("OR (c/b)", true),
        ],
        rows,
    )
}

fn tactic_groups(t: &TacticSummary) -> Vec<(String, &TacticLevels)> {
    std::iter::once(("Overall".to_string(), &t.overall))
        .chain(
            t.by_cohort
                .iter()
                .map(|b| (b.cohort.clone().unwrap_or_default(), b)),
        )
        .collect()
}

pub fn tactic_summary_table(summary: &Summary) -> DisplayTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for (group, l) in tactic_groups(t) {
            rows.push(vec![
                t.label.clone(),
                group,
                cell_count(l.n),
                cell_pct_ci(l.acceptable, l.acceptable_ci),
                cell_pct(l.neutral),
                cell_pct_ci(l.intrusive, l.intrusive_ci),
            ]);
        }
    }
    table(
        "Acceptability of each tactic, overall and by cohort (95% CIs in brackets)",
        &[
            ("Tactic", false),
            ("Group", false),
            ("n", true),
            ("Acceptable", true),
            ("Neutral", true),
            ("Intrusive", true),
        ],
        rows,
    )
}

pub fn tactic_levels_table(t: &TacticSummary) -> DisplayTable {
    let codes: Vec<String> = (t.min..=t.max).map(|c| c.to_string()).collect();
    let mut header: Vec<(&str, bool)> = vec![("Group", false), ("n", true)];
    header.extend(codes.iter().map(|c| (c.as_str(), true)));
    let rows = tactic_groups(t)
        .into_iter()
        .map(|(group, l)| {
            let mut r = vec![group, cell_count(l.n)];
            r.extend((0..codes.len()).map(|i| cell_count(l.levels.get(i).copied().flatten())));
            r
        })
        .collect();
    table(
        &format!(
            "{}: ratings ({} = very intrusive \u{2026} {} = very acceptable), respondents",
            t.label,
            num(t.min as f64, 0),
            num(t.max as f64, 0)
        ),
        &header,
        rows,
    )
}

// ---------------------------------------------------------------------------------------
// CSV tables
// ---------------------------------------------------------------------------------------

/// One tidy CSV file of `tables/`.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// File name inside `tables/`, e.g. `gap.csv`.
    pub file: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// The file's bytes: `\n` line ends, fields quoted only when needed.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(&self.header).map_err(|e| e.to_string())?;
        for r in &self.rows {
            w.write_record(r).map_err(|e| e.to_string())?;
        }
        w.into_inner().map_err(|e| e.to_string())
    }
}

/// Full-precision float, shortest round-trip form (as in summary.json); empty for null.
fn f(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) => serde_json::to_string(&v).unwrap_or_default(),
        None => String::new(),
    }
}

fn u(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn lo(ci: Ci) -> String {
    f(ci.map(|c| c[0]))
}

fn hi(ci: Ci) -> String {
    f(ci.map(|c| c[1]))
}

/// Every CSV table of the report, in file-name order.
pub fn csv_tables(study: &Study, summary: &Summary) -> Vec<CsvTable> {
    let mut out = vec![
        study_csv(study, summary),
        cohorts_csv(summary),
        scales_csv(summary),
        alpha_if_dropped_csv(summary),
        gap_csv(summary),
        dunn_csv(summary),
        tests_csv(summary),
        data_types_csv(summary),
        tactics_csv(summary),
        tactic_summary_csv(summary),
        notes_csv(summary),
        super::models::models_csv(summary),
        super::models::trends_csv(summary),
        super::screening::csv(summary),
    ];
    out.extend(super::groups::csv_tables(summary));
    out.sort_by_key(|t| t.file);
    out
}

fn study_csv(study: &Study, summary: &Summary) -> CsvTable {
    let s = &summary.study;
    let dc = &summary.disclosure_control;
    let kv = |k: &str, v: String| vec![k.to_string(), v];
    let mut rows = vec![
        kv("name", s.name.clone()),
        kv(
            "respondents",
            s.respondents.map(|n| n.to_string()).unwrap_or_default(),
        ),
        kv("analysed", s.analysed.to_string()),
        kv(
            "rejected_rows",
            s.rejected_rows.map(|n| n.to_string()).unwrap_or_default(),
        ),
        kv("behavior_match_rate", f(s.behavior_match_rate)),
        kv(
            "unknown_cohort",
            s.unknown_cohort.map(|n| n.to_string()).unwrap_or_default(),
        ),
        kv("weighted", s.weighted.to_string()),
        kv("filter", s.filter.clone()),
        kv("cohort_scheme", s.cohort_scheme.clone()),
        kv("min_cell", dc.min_cell.to_string()),
        kv("suppressed_cells", dc.suppressed_cells.to_string()),
        kv("dp_epsilon", f(dc.dp_epsilon)),
    ];
    for i in &study.audit.inputs {
        rows.push(kv(&format!("input_{}_sha256", i.role), i.sha256.clone()));
    }
    CsvTable {
        file: "study.csv",
        header: vec!["field", "value"],
        rows,
    }
}

fn cohorts_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "cohorts.csv",
        header: vec!["cohort", "n"],
        rows: summary
            .cohorts
            .iter()
            .map(|c| vec![c.name.clone(), u(c.n)])
            .collect(),
    }
}

fn scales_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "scales.csv",
        header: vec![
            "scale",
            "label",
            "items",
            "n_complete",
            "alpha",
            "alpha_ci_low",
            "alpha_ci_high",
            "n",
            "mean",
            "sd",
        ],
        rows: summary
            .scales
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.label.clone(),
                    s.items.len().to_string(),
                    u(s.n_complete),
                    f(s.alpha),
                    lo(s.alpha_ci),
                    hi(s.alpha_ci),
                    u(s.n),
                    f(s.mean),
                    f(s.sd),
                ]
            })
            .collect(),
    }
}

fn alpha_if_dropped_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for s in &summary.scales {
        let Some(m) = &s.alpha_if_dropped else {
            continue;
        };
        for item in &s.items {
            if let Some(v) = m.get(item) {
                rows.push(vec![s.name.clone(), item.clone(), f(*v)]);
            }
        }
    }
    CsvTable {
        file: "alpha_if_dropped.csv",
        header: vec!["scale", "item", "alpha_if_dropped"],
        rows,
    }
}

fn gap_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    let mut push = |block: &str, b: &GapBlock| {
        let t = b.concern_table;
        rows.push(vec![
            block.to_string(),
            b.cohort.clone().unwrap_or_default(),
            u(b.n),
            f(b.concern_mean),
            f(b.disclosure_mean),
            f(b.concerned),
            lo(b.concerned_ci),
            hi(b.concerned_ci),
            f(b.disclosers),
            lo(b.disclosers_ci),
            hi(b.disclosers_ci),
            f(b.paradoxical),
            lo(b.paradoxical_ci),
            hi(b.paradoxical_ci),
            f(b.paradoxical_expected),
            u(t[0][0]),
            u(t[0][1]),
            u(t[1][0]),
            u(t[1][1]),
            f(b.disclosure_rd),
            lo(b.disclosure_rd_ci),
            hi(b.disclosure_rd_ci),
            f(b.spearman_rho),
            lo(b.spearman_ci),
            hi(b.spearman_ci),
            f(b.spearman_p),
        ]);
    };
    if let Some(o) = &summary.gap.overall {
        push("overall", o);
    }
    for b in summary.gap.by_cohort.iter().flatten() {
        push("cohort", b);
    }
    CsvTable {
        file: "gap.csv",
        header: vec![
            "block",
            "cohort",
            "n",
            "concern_mean",
            "disclosure_mean",
            "concerned",
            "concerned_ci_low",
            "concerned_ci_high",
            "disclosers",
            "disclosers_ci_low",
            "disclosers_ci_high",
            "paradoxical",
            "paradoxical_ci_low",
            "paradoxical_ci_high",
            "paradoxical_expected",
            "concerned_disclosers",
            "concerned_non_disclosers",
            "unconcerned_disclosers",
            "unconcerned_non_disclosers",
            "disclosure_rd",
            "disclosure_rd_ci_low",
            "disclosure_rd_ci_high",
            "spearman_rho",
            "spearman_ci_low",
            "spearman_ci_high",
            "spearman_p",
        ],
        rows,
    }
}

fn dunn_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "dunn.csv",
        header: vec!["cohort_a", "cohort_b", "z", "p", "p_holm"],
        rows: summary
            .gap
            .kruskal_concern
            .iter()
            .flat_map(|k| k.pairwise.iter())
            .map(|d| vec![d.a.clone(), d.b.clone(), f(d.z), f(d.p), f(d.p_holm)])
            .collect(),
    }
}

fn tests_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    if let Some(k) = &summary.gap.kruskal_concern {
        rows.push(vec![
            "kruskal_wallis".into(),
            "concern_by_cohort".into(),
            "H".into(),
            f(k.h),
            u(k.df),
            f(k.p),
            "epsilon_squared".into(),
            f(k.epsilon_squared),
            u(k.n),
        ]);
    }
    let chi2 = |subject: String, t: &Chi2Test| {
        vec![
            "chi2".into(),
            subject,
            "chi2".into(),
            f(t.chi2),
            u(t.df),
            f(t.p),
            "cramers_v".into(),
            f(t.cramers_v),
            u(t.n),
        ]
    };
    if let Some(t) = &summary.gap.chi2_paradoxical {
        rows.push(chi2("cohort_x_paradoxical".into(), t));
    }
    for t in &summary.tactics {
        if let Some(c) = &t.chi2 {
            rows.push(chi2(format!("cohort_x_tactic:{}", t.name), c));
        }
    }
    CsvTable {
        file: "tests.csv",
        header: vec![
            "test",
            "subject",
            "statistic_name",
            "statistic",
            "df",
            "p",
            "effect_size_name",
            "effect_size",
            "n",
        ],
        rows,
    }
}

fn data_types_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "data_types.csv",
        header: vec![
            "data_type",
            "label",
            "n_pairs",
            "willing_shared",
            "willing_not_shared",
            "unwilling_shared",
            "unwilling_not_shared",
            "willing",
            "willing_ci_low",
            "willing_ci_high",
            "shared",
            "shared_ci_low",
            "shared_ci_high",
            "say_do_gap",
            "paradox_rate",
            "paradox_rate_ci_low",
            "paradox_rate_ci_high",
            "mcnemar_p",
            "mcnemar_midp",
            "mcnemar_or",
            "mcnemar_or_ci_low",
            "mcnemar_or_ci_high",
        ],
        rows: summary
            .data_types
            .iter()
            .map(|d| {
                vec![
                    d.name.clone(),
                    d.label.clone(),
                    u(d.n_pairs),
                    u(d.table[0][0]),
                    u(d.table[0][1]),
                    u(d.table[1][0]),
                    u(d.table[1][1]),
                    f(d.willing),
                    lo(d.willing_ci),
                    hi(d.willing_ci),
                    f(d.shared),
                    lo(d.shared_ci),
                    hi(d.shared_ci),
                    f(d.say_do_gap),
                    f(d.paradox_rate),
                    lo(d.paradox_rate_ci),
                    hi(d.paradox_rate_ci),
                    f(d.mcnemar_p),
                    f(d.mcnemar_midp),
                    f(d.mcnemar_or),
                    lo(d.mcnemar_or_ci),
                    hi(d.mcnemar_or_ci),
                ]
            })
            .collect(),
    }
}

fn block_and_cohort(l: &TacticLevels) -> (String, String) {
    match &l.cohort {
        Some(c) => ("cohort".into(), c.clone()),
        None => ("overall".into(), String::new()),
    }
}

fn tactics_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for l in std::iter::once(&t.overall).chain(t.by_cohort.iter()) {
            let (block, cohort) = block_and_cohort(l);
            for (i, code) in (t.min..=t.max).enumerate() {
                rows.push(vec![
                    t.name.clone(),
                    block.clone(),
                    cohort.clone(),
                    code.to_string(),
                    u(l.levels.get(i).copied().flatten()),
                ]);
            }
        }
    }
    CsvTable {
        file: "tactics.csv",
        header: vec!["tactic", "block", "cohort", "level", "count"],
        rows,
    }
}

fn tactic_summary_csv(summary: &Summary) -> CsvTable {
    let mut rows = Vec::new();
    for t in &summary.tactics {
        for l in std::iter::once(&t.overall).chain(t.by_cohort.iter()) {
            let (block, cohort) = block_and_cohort(l);
            rows.push(vec![
                t.name.clone(),
                t.label.clone(),
                block,
                cohort,
                u(l.n),
                f(l.acceptable),
                lo(l.acceptable_ci),
                hi(l.acceptable_ci),
                f(l.neutral),
                f(l.intrusive),
                lo(l.intrusive_ci),
                hi(l.intrusive_ci),
            ]);
        }
    }
    CsvTable {
        file: "tactic_summary.csv",
        header: vec![
            "tactic",
            "label",
            "block",
            "cohort",
            "n",
            "acceptable",
            "acceptable_ci_low",
            "acceptable_ci_high",
            "neutral",
            "intrusive",
            "intrusive_ci_low",
            "intrusive_ci_high",
        ],
        rows,
    }
}

fn notes_csv(summary: &Summary) -> CsvTable {
    CsvTable {
        file: "notes.csv",
        header: vec!["note"],
        rows: summary.notes.iter().map(|n| vec![n.clone()]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_floats_are_full_precision_and_null_is_empty() {
        assert_eq!(f(Some(0.1)), "0.1");
        assert_eq!(f(Some(1e-90)), "1e-90");
        assert_eq!(f(Some(-0.030000000000000002)), "-0.030000000000000002");
        assert_eq!(f(None), "");
        assert_eq!(f(Some(f64::NAN)), "");
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        let t = CsvTable {
            file: "x.csv",
            header: vec!["a", "b"],
            rows: vec![vec!["x, y".into(), "say \"hi\"".into()]],
        };
        let s = String::from_utf8(t.to_bytes().unwrap_or_default()).unwrap_or_default();
        assert_eq!(s, "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n");
    }
}
