//! Command-line definitions (clap). Parsing only: the commands live in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "paradox",
    version,
    about = "A workbench for privacy-paradox research: what people say about their data vs. what they share",
    long_about = "paradox loads a study — a survey of stated privacy attitudes plus a record of \
what respondents actually shared — measures the gap between saying and doing, breaks it down \
by age cohort, measures how acceptable people find personalization tactics, and exports \
publication-ready, disclosure-controlled reports.\n\n\
A STUDY is a folder with codebook.toml, a survey (survey.csv, survey.tsv, survey.sav or \
survey.zsav — the first that exists) and optionally behavior.csv or behavior.parquet (wide) \
or events.csv or events.parquet (event log). Without a STUDY every command uses the bundled sample study (carried inside the binary; \
`paradox sample --out DIR` writes it out).",
    after_help = "EXAMPLES:\n  \
paradox                                   open the dashboard on the bundled sample\n  \
paradox my-study                          open the dashboard on a study (= paradox tui my-study)\n  \
paradox check datasets/sample             validate a study and print its audit\n  \
paradox report datasets/sample            write reports/sample/ (HTML, Markdown, charts, CSV, JSON)\n  \
paradox report my-study --format json --out reports/quick\n  \
paradox import --survey export.csv --events log.csv --codebook cb.toml --into datasets/wave1\n  \
paradox synth --respondents 50000 --events --seed 1 --out s1\n  \
paradox codebook --draft export.csv > my-study/codebook.toml\n  \
paradox plan --rho -0.13 --cohorts 6       respondents needed per cohort for the next wave\n  \
paradox compare wave1 wave2 wave3         the studies side by side, effects pooled\n  \
paradox scale-out my-study --engine duckdb --out agg   the event log's GROUP BY for an engine\n\n\
EXIT STATUS:\n  0 success · 1 the analysis could not run (e.g. no respondent left) · 2 bad input or usage"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the interactive dashboard (the default without a command; `paradox STUDY` is
    /// `paradox tui STUDY`).
    #[command(
        after_help = "EXAMPLES:\n  paradox tui\n  paradox tui datasets/sample\n  paradox tui --survey s.csv --codebook cb.toml"
    )]
    Tui(TuiArgs),
    /// Write a report: report.html, report.md, charts (SVG + PNG), tables (CSV),
    /// summary.json and manifest.json — all disclosure-controlled.
    #[command(
        after_help = "EXAMPLES:\n  paradox report                                  the sample study → reports/sample/\n  paradox report datasets/wave1 --out reports/wave1-draft\n  paradox report datasets/wave1 --format json      only summary.json (+ manifest)\n  paradox report datasets/wave1 --min-cell 5 --format html,png"
    )]
    Report(ReportArgs),
    /// Validate exported files and write a normalized study folder (UTF-8, comma, codes
    /// instead of labels) with rejected.csv and import.log.
    #[command(
        after_help = "EXAMPLE:\n  paradox import --survey qualtrics.csv --events app_log.csv --codebook codebook.toml --into datasets/wave1"
    )]
    Import(ImportArgs),
    /// Validate a study and print its audit: respondents, rejected rows, behaviour match
    /// rate, unknown cohorts, missing data. Exit 0 when usable.
    #[command(
        after_help = "EXAMPLES:\n  paradox check datasets/sample\n  paradox check my-study --rejected /tmp/rejected.csv"
    )]
    Check(CheckArgs),
    /// Draft a first codebook.toml from a survey export (.csv, .tsv, .sav, .zsav).
    ///
    /// `paradox codebook --draft FILE > codebook.toml`, then edit what it marks TODO and run
    /// `paradox check`.
    #[command(
        after_help = "EXAMPLES:\n  paradox codebook --draft qualtrics_export.csv > study/codebook.toml\n  paradox codebook --draft atp_wave.sav > study/codebook.toml\n\nThe survey file may be .csv, .tsv, .sav or .zsav. In a study folder the survey is the first of\nsurvey.csv, survey.tsv, survey.sav, survey.zsav that exists."
    )]
    Codebook(CodebookArgs),
    /// Generate a synthetic study with planted, documented effects (truth.json).
    #[command(
        after_help = "EXAMPLES:\n  paradox synth --respondents 2400 --seed 2025 --events --out datasets/sample\n  paradox synth --respondents 1000000 --events --seed 7 --out /tmp/big"
    )]
    Synth(SynthArgs),
    /// Size the next wave: the respondents per cohort needed to detect a correlation between
    /// concern and disclosure, and to show that there is none worth the name.
    #[command(
        long_about = "Size the next wave. A cohort whose correlation between concern and \
disclosure does not differ from 0 is evidence of the privacy paradox only if the cohort could \
have detected a real correlation; otherwise its report says \"the data cannot tell a paradox \
from a real effect\". `paradox plan` prints two sample sizes per cohort:\n\n\
  1. to detect the correlation R (two-sided Spearman test at --alpha, with --power), and\n\
  2. to show, when there is no correlation at all, that |ρ| < --sesoi-rho (two one-sided \
tests, each at --alpha, with --power) — the sample a convincing paradox needs.\n\n\
Both use Fisher's z with the Bonett–Wright standard error √((1 + ρ²/2)/(n − 3)), the same \
scale on which every gap block of a report is tested: at the default power and α, a cohort of \
the first size reports a detectable correlation (rho_mde) of at most |R|. Power tables and R's pwr.r.test leave out the factor \
1 + ρ²/2 and ask for a few respondents less; the output gives that number too.",
        after_help = "EXAMPLES:\n  \
paradox plan --rho 0.3                         detect ρ = 0.3 with 80% power at α = 0.05\n  \
paradox plan --rho -0.13 --power 0.95 --cohorts 6\n                                                 \
the meta-analytic concern–sharing correlation (Baruh et al. 2017), six generations\n  \
paradox plan --rho 0.1 --sesoi-rho 0.1        equivalence within ±0.1 instead of ±0.05"
    )]
    Plan(PlanArgs),
    /// Compare several studies side by side and pool their shared effects (Spearman's ρ,
    /// the concern odds ratio, each tactic's intrusive share) by random-effects
    /// meta-analysis: compare.json, forest plots, tables and a report.
    #[command(
        after_help = "EXAMPLES:\n  paradox compare datasets/wave1 datasets/wave2 datasets/wave3\n  paradox compare de fr it --out reports/countries --min-cell 5\n  paradox compare wave1 wave2 --format json      only compare.json (+ manifest)"
    )]
    Compare(CompareArgs),
    /// Hand the event log's per-respondent aggregation to DuckDB or Spark: write the query
    /// (generated from the codebook), a driver, run.sh and a README with the commands.
    #[command(
        name = "scale-out",
        after_help = "EXAMPLES:\n  paradox scale-out my-study --engine duckdb --out agg\n  bash agg/run.sh && paradox report my-study --behavior agg/behavior.parquet\n  paradox scale-out my-study --engine spark --events-uri 's3://lake/events/' --out agg\n\n`bash DIR/run.sh` leaves the wide table in DIR/behavior.parquet (duckdb) or DIR/behavior/\n(spark); `paradox report STUDY --behavior` on it gives the report of the event log."
    )]
    ScaleOut(ScaleOutArgs),
    /// Write the bundled sample study (codebook, survey, event log, README) to a folder.
    #[command(
        after_help = "EXAMPLE:\n  paradox sample --out my-first-study && paradox check my-first-study"
    )]
    Sample(SampleArgs),
    /// Re-check a written report: the threshold rule on every published count, and the
    /// linear-programming audit of every hidden cell. Exit 1 naming each violation.
    #[command(
        after_help = "EXAMPLES:\n  paradox audit reports/sample                  at the report's own min_cell (its manifest)\n  paradox audit reports/sample --min-cell 11    as if it had been published at 11\n\nEXIT STATUS:\n  0 no violation · 1 a violation (each printed: table, cell, value or interval) · 2 the report cannot be read"
    )]
    Audit(AuditArgs),
}

/// `paradox compare`: the study folders and where to write.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Study folders (two or more make a comparison; one is allowed and pools nothing).
    #[arg(value_name = "STUDY", required = true)]
    pub studies: Vec<PathBuf>,
    /// Output folder. Default: reports/compare.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Comma-separated formats: html, md, svg, png, csv, json (default: all).
    #[arg(long, value_name = "LIST", default_value = "html,md,svg,png,csv,json")]
    pub format: String,
    /// Suppress published cells with fewer respondents than this (0 = off), in every study.
    /// Overrides each codebook's [disclosure_control] min_cell.
    #[arg(long, value_name = "N")]
    pub min_cell: Option<u32>,
}

/// The engine `paradox scale-out` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Duckdb,
    Spark,
}

/// `paradox scale-out`: the study, the engine, where the engine reads the log, the folder.
#[derive(Debug, Args)]
pub struct ScaleOutArgs {
    /// Study folder (its codebook.toml, and its event log unless --events-uri is given).
    pub study: PathBuf,
    /// The engine that will run the aggregation: DuckDB (its Python package, or the duckdb
    /// command line) or Spark (spark-submit, or pyspark).
    #[arg(long, value_enum)]
    pub engine: Engine,
    /// Where the engine reads the event log instead of the study's own: a path, a glob, a
    /// folder of part files or an s3://… address, used as given (.csv/.tsv/.txt names are
    /// read as CSV, anything else as Parquet).
    #[arg(long, value_name = "URI")]
    pub events_uri: Option<String>,
    /// Codebook file (overrides STUDY/codebook.toml).
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<PathBuf>,
    /// Event log (overrides the study's events.csv / events.parquet).
    #[arg(long, value_name = "FILE", conflicts_with = "events_uri")]
    pub events: Option<PathBuf>,
    /// The folder to write: aggregate.sql, driver.py, run.sh, README.md.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `paradox sample`: where to write the bundled sample study.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// The folder to create (absent or empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `paradox audit`: which report, at which threshold.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// A report folder written by `paradox report` (its summary.json; tables/*.csv when
    /// present; manifest.json for the default --min-cell).
    #[arg(value_name = "REPORT_DIR")]
    pub report: PathBuf,
    /// The smallest count that may be published (default: the report's own, from its
    /// manifest).
    #[arg(long, value_name = "N")]
    pub min_cell: Option<u32>,
}

/// `paradox plan`: what to detect, with which power and α, for how many cohorts.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The correlation to detect (Spearman's ρ between concern and disclosure), strictly
    /// between −1 and 1 and not 0; its sign does not change the answer.
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub rho: f64,
    /// The probability of detecting it (and of showing equivalence when there is none).
    #[arg(long, value_name = "P", default_value_t = 0.8)]
    pub power: f64,
    /// The significance level: two-sided for detecting, each one-sided test for equivalence.
    #[arg(long, value_name = "A", default_value_t = 0.05)]
    pub alpha: f64,
    /// How many cohorts the wave will compare (the totals are for all of them).
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub cohorts: u64,
    /// The smallest correlation that matters: the equivalence margin ±D (the codebook's
    /// [paradox] sesoi_rho).
    #[arg(
        long,
        value_name = "D",
        default_value_t = 0.05,
        allow_negative_numbers = true
    )]
    pub sesoi_rho: f64,
}

/// Where a study comes from: a folder, single-file overrides, or the bundled sample.
#[derive(Debug, Args, Clone, Default)]
pub struct StudyArgs {
    /// Study folder (codebook.toml, survey.csv, behavior.csv or events.csv). Default: the
    /// bundled sample study.
    pub study: Option<PathBuf>,
    /// Codebook file (overrides STUDY/codebook.toml).
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<PathBuf>,
    /// Survey file: .csv, .tsv, .sav or .zsav (overrides STUDY/survey.*).
    #[arg(long, value_name = "FILE")]
    pub survey: Option<PathBuf>,
    /// Wide behaviour table (one row per respondent): .csv, .tsv or .parquet, or a folder
    /// of part files (Spark's part-*, DuckDB's data_N). With an event-log codebook: the log
    /// aggregated per respondent, as `paradox scale-out` has an engine write it.
    #[arg(long, value_name = "FILE", conflicts_with = "events")]
    pub behavior: Option<PathBuf>,
    /// Event log (one row per event: id, data type, action): .csv, .tsv or .parquet, or a
    /// folder of part files (Spark's part-*, DuckDB's data_N).
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Leave columns that look like personal data (names, e-mails, IPs …) out instead of
    /// refusing the study.
    #[arg(long)]
    pub drop_pii: bool,
    /// Analyse unfinished Qualtrics responses (Finished = 0) and incomplete LimeSurvey ones
    /// (no submitdate), which are set aside by default. Survey previews, test responses and
    /// spam are always set aside.
    #[arg(long)]
    pub keep_unfinished: bool,
}

/// The smallest effects of interest: the equivalence margins every gap block tests its ρ
/// and risk difference against.
#[derive(Debug, Args, Clone, Default)]
pub struct SesoiArgs {
    /// The smallest correlation that matters (0 < R < 1): each gap block's ρ is tested for
    /// lying within ±R (two one-sided tests), and its verdict says whether concern
    /// predicts disclosure, does not meaningfully, or the data cannot tell. Overrides the
    /// codebook's [paradox] sesoi_rho (default 0.05).
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub sesoi_rho: Option<f64>,
    /// The smallest risk difference that matters (0 < D < 1): each gap block's risk
    /// difference is equivalent to none when its 90% interval lies within ±D. Overrides the
    /// codebook's [paradox] sesoi_rd (default 0.05).
    #[arg(long, value_name = "D", allow_negative_numbers = true)]
    pub sesoi_rd: Option<f64>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct TuiArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    #[command(flatten)]
    pub sesoi: SesoiArgs,
    /// Folder for `e` exports (created when needed). Default: reports/<study name>/tui in
    /// the current folder.
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,
    /// Wait this many milliseconds before loading the study — for tests of the progress
    /// view only.
    #[arg(long, value_name = "MS", hide = true)]
    pub load_delay_ms: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    #[command(flatten)]
    pub sesoi: SesoiArgs,
    /// Output folder. Default: reports/<study name>.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Comma-separated formats: html, md, svg, png, csv, json (default: all).
    #[arg(long, value_name = "LIST", default_value = "html,md,svg,png,csv,json")]
    pub format: String,
    /// Suppress published cells with fewer respondents than this (0 = off). Overrides the
    /// codebook's [disclosure_control] min_cell.
    #[arg(long, value_name = "N")]
    pub min_cell: Option<u32>,
    /// Total differential-privacy budget ε for the published counts.
    #[arg(long, value_name = "E")]
    pub dp_epsilon: Option<f64>,
    /// Seed the DP noise — for tests only: the report then says it is NOT private.
    #[arg(long, value_name = "S", hide = true)]
    pub dp_seed: Option<u64>,
    /// Ignore the codebook's survey weights.
    #[arg(long)]
    pub no_weights: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(long, value_name = "FILE")]
    pub survey: PathBuf,
    #[arg(long, value_name = "FILE", conflicts_with = "events")]
    pub behavior: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub codebook: PathBuf,
    /// The study folder to create, e.g. datasets/wave1.
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Replace an existing study folder.
    #[arg(long)]
    pub force: bool,
    /// Remove columns that look like personal data from the normalized copy.
    #[arg(long)]
    pub drop_pii: bool,
    /// Keep unfinished Qualtrics / incomplete LimeSurvey responses (previews, tests and spam
    /// are always set aside).
    #[arg(long)]
    pub keep_unfinished: bool,
    /// Replace respondent ids by salted SHA-256 pseudonyms in the normalized copy.
    #[arg(long)]
    pub pseudonymize_ids: bool,
    /// The salt for --pseudonymize-ids: read if it exists, else created with random bytes.
    /// Keep it outside the study folder. Default: <INTO>.salt beside the study folder.
    #[arg(long, value_name = "FILE", requires = "pseudonymize_ids")]
    pub salt_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodebookArgs {
    /// The survey export to draft a codebook from (.csv, .tsv, .sav, .zsav).
    #[arg(long, value_name = "FILE")]
    pub draft: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub study: StudyArgs,
    /// Also write every rejected row to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub rejected: Option<PathBuf>,
    /// Also write the respondents flagged by careless-response screening (id, reasons) to
    /// this CSV file (needs `[screening]` in the codebook).
    #[arg(long, value_name = "FILE")]
    pub flagged: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of respondents.
    #[arg(long, value_name = "N", default_value_t = 2400)]
    pub respondents: u64,
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write behaviour as an event log (events.csv) instead of a wide behavior.csv.
    #[arg(long)]
    pub events: bool,
    /// Overwrite a non-empty output folder.
    #[arg(long)]
    pub force: bool,
    /// Plant careless respondents (speeders, straightliners, failed attention checks) at
    /// this rate, e.g. 0.05; adds a duration column, an attention item and `[screening]`,
    /// and lists the planted respondents in truth.json.
    #[arg(long, value_name = "RATE")]
    pub careless: Option<f64>,
}
