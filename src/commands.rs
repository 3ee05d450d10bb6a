//! The subcommands: each turns validated options into library calls and prints for people.
//! Errors carry their exit status: 1 when the analysis could not run, 2 for bad
//! input or usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{
    CheckArgs, Cli, CodebookArgs, Command, CompareArgs, ImportArgs, PlanArgs, ReportArgs,
    SesoiArgs, StudyArgs, SynthArgs, TuiArgs,
};
use crate::import::{self, LoadOptions};
use crate::study::{Study, StudyError};

/// An error with the exit status it should end the program with.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ExitError {
    pub code: u8,
    pub message: String,
}

/// Exit status for an error chain: a study error knows its own; anything else is bad input
/// or an unwritable output (2).
pub fn exit_code_of(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<StudyError>() {
            return s.exit_code();
        }
        if let Some(x) = cause.downcast_ref::<ExitError>() {
            return x.code;
        }
    }
    2
}

/// Starts rayon's global thread pool up front: where no thread can be started (too little
/// memory, too many processes) the first parallel call would panic inside rayon; here it
/// is a message and exit status 2.
pub fn start_threads() -> Result<(), ExitError> {
    rayon::ThreadPoolBuilder::new()
        .build_global()
        .map_err(|e| ExitError {
            code: 2,
            message: format!(
                "could not start the worker threads ({e}): too little memory or too many processes? Free some, or run with fewer threads (RAYON_NUM_THREADS=1)"
            ),
        })
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => run_tui(&TuiArgs::default()),
        Some(Command::Tui(a)) => run_tui(&a),
        Some(Command::Report(a)) => run_report(&a),
        Some(Command::Import(a)) => run_import(&a),
        Some(Command::Check(a)) => run_check(&a),
        Some(Command::Synth(a)) => run_synth(&a),
        Some(Command::Codebook(a)) => run_codebook(&a),
        Some(Command::Plan(a)) => run_plan(&a),
        Some(Command::Compare(a)) => run_compare(&a),
        Some(Command::ScaleOut(a)) => run_scale_out(&a),
        Some(Command::Sample(a)) => run_sample(&a),
        Some(Command::Audit(a)) => run_audit(&a),
    }
}

impl StudyArgs {
    /// The study folder: the one given, or the bundled sample when no file flag is given.
    pub fn folder(&self) -> Option<PathBuf> {
        if self.study.is_some() {
            return self.study.clone();
        }
        if self.survey.is_some() && self.codebook.is_some() {
            return None;
        }
        Some(crate::sample_study_dir())
    }

    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            codebook: self.codebook.clone(),
            survey: self.survey.clone(),
            behavior: self.behavior.clone(),
            events: self.events.clone(),
            drop_pii: self.drop_pii,
            keep_unfinished: self.keep_unfinished,
            pseudonymize_ids: false,
        }
    }

    /// The inputs this command will read, for the output gate: the study folder (nothing
    /// may be written inside it) and every file given on the command line.
    pub fn inputs(&self) -> crate::gate::Inputs {
        let mut inputs = crate::gate::Inputs::new();
        if let Some(folder) = self.folder() {
            inputs.folder(&folder);
        }
        for f in [&self.codebook, &self.survey, &self.behavior, &self.events]
            .into_iter()
            .flatten()
        {
            inputs.file(f);
        }
        inputs
    }

    /// Loads the study. Without a study folder, files given by flag are never mixed with the
    /// bundled sample's: `--survey` needs `--codebook`, and a behaviour file or event log
    /// needs both.
    pub fn load(&self) -> Result<Study> {
        if self.study.is_none() {
            let usage = |message: String| ExitError { code: 2, message };
            if self.survey.is_some() && self.codebook.is_none() {
                return Err(usage(
                    "--codebook FILE is needed with --survey: without a study folder there is no codebook to read the survey with (give --codebook FILE, or a study folder)".into(),
                )
                .into());
            }
            let behaviour = match (&self.behavior, &self.events) {
                (Some(_), _) => Some("--behavior"),
                (_, Some(_)) => Some("--events"),
                _ => None,
            };
            if let (Some(flag), None) = (behaviour, &self.survey) {
                return Err(usage(format!(
                    "{flag} needs --survey FILE and --codebook FILE (or a study folder): without them it would be matched against the bundled sample study"
                ))
                .into());
            }
        }
        Ok(import::load_study(
            self.folder().as_deref(),
            &self.load_options(),
        )?)
    }
}

impl SesoiArgs {
    /// Refuses a margin outside (0, 1) before any work (exit status 2).
    fn check(&self) -> Result<(), ExitError> {
        for (flag, value) in [
            ("--sesoi-rho", self.sesoi_rho),
            ("--sesoi-rd", self.sesoi_rd),
        ] {
            if let Some(message) =
                value.and_then(|v| crate::study::codebook::sesoi_problem(flag, v))
            {
                return Err(ExitError { code: 2, message });
            }
        }
        Ok(())
    }

    /// The margins given on the command line replace the codebook's for this run, so that
    /// every gap block, the report's words and the dashboard use them.
    fn apply(&self, study: &mut Study) {
        if self.sesoi_rho.is_none() && self.sesoi_rd.is_none() {
            return;
        }
        match study.codebook.paradox.as_mut() {
            Some(p) => {
                p.sesoi_rho = self.sesoi_rho.unwrap_or(p.sesoi_rho);
                p.sesoi_rd = self.sesoi_rd.unwrap_or(p.sesoi_rd);
            }
            None => eprintln!(
                "--sesoi-rho/--sesoi-rd: the codebook has no [paradox] section, so there is no gap block to test"
            ),
        }
    }
}

fn run_tui(args: &TuiArgs) -> Result<ExitCode> {
    // Arguments first, then the terminal: a wrong flag is the more useful message.
    args.sesoi.check()?;
    crate::tui::terminal::require_terminal().map_err(|message| ExitError { code: 2, message })?;
    // The dashboard draws at once and loads the study behind its first frame.
    let s = &args.study;
    let launch = crate::tui::Launch {
        inputs: [
            s.folder(),
            s.codebook.clone(),
            s.survey.clone(),
            s.behavior.clone(),
            s.events.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        export_dir: args.export_dir.clone(),
        load_delay: std::time::Duration::from_millis(args.load_delay_ms.unwrap_or(0)),
    };
    let args = args.clone();
    crate::tui::run_dashboard_loading(launch, move || {
        let mut study = args.study.load()?;
        args.sesoi.apply(&mut study);
        Ok(study)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: &CheckArgs) -> Result<ExitCode> {
    // The gate before any work: neither listing may land on an input or on a file paradox
    // did not write (it recognises its own by their header line).
    let inputs = args.study.inputs();
    if let Some(path) = &args.rejected {
        crate::gate::check_file(path, &inputs, crate::import::REJECTED_HEADER)?;
    }
    if let Some(path) = &args.flagged {
        crate::gate::check_file(path, &inputs, crate::import::FLAGGED_HEADER)?;
    }
    let study = args.study.load()?;
    if let Some(path) = &args.rejected {
        crate::import::write_rejected(&study, path)?;
    }
    if let Some(path) = &args.flagged {
        if !crate::import::write_flagged(&study, path)? {
            eprintln!("--flagged: the codebook has no [screening] section; nothing written");
        }
    }
    let text = crate::import::audit_text(&study);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_report(args: &ReportArgs) -> Result<ExitCode> {
    let formats = crate::report::Formats::parse(&args.format).map_err(|m| ExitError {
        code: 2,
        message: format!("--format: {m}"),
    })?;
    args.sesoi.check()?;
    if let Some(e) = args.dp_epsilon {
        if !(e.is_finite() && e > 0.0) {
            return Err(ExitError {
                code: 2,
                message: format!("--dp-epsilon must be a positive number, not {e}"),
            }
            .into());
        }
    }
    // The gate before any work when the folder is known; the default one depends on the
    // study's name, so it is checked right after loading, before the analysis.
    let inputs = args.study.inputs();
    if let Some(out) = &args.out {
        crate::gate::check_folder(out, &inputs, "manifest.json")?;
    }
    let mut study = args.study.load()?;
    args.sesoi.apply(&mut study);
    let out = match &args.out {
        Some(out) => out.clone(),
        None => {
            let out = PathBuf::from("reports").join(study.name());
            crate::gate::check_folder(&out, &inputs, "manifest.json")?;
            crate::report::check_same_study(&out, &study)?;
            out
        }
    };
    let options = crate::analysis::AnalysisOptions {
        use_weights: !args.no_weights,
        ..Default::default()
    };
    let filter = crate::analysis::Filter::default();
    let source = crate::analysis::Source::new(&study, &filter, &options);
    let summary = {
        let _t = crate::progress::phase("analysis");
        source.summarize()
    };
    let min_cell = args
        .min_cell
        .unwrap_or(study.codebook.disclosure_control.min_cell);
    let dp_epsilon = args
        .dp_epsilon
        .or(study.codebook.disclosure_control.dp_epsilon);
    let opts = crate::report::ReportOptions {
        out_dir: out.clone(),
        formats,
        progress: true,
    };
    let published = {
        let _t = crate::progress::phase("disclosure control");
        let options = crate::privacy::PublishOptions {
            min_cell: crate::privacy::MinCell::new(min_cell),
            dp_epsilon,
            dp_seed: args.dp_seed,
        };
        crate::privacy::publish(&source, &summary, &options)
    };
    let outcome = {
        let _t = crate::progress::phase("write report");
        crate::report::write_report(&study, &published, &opts)?
    };
    eprintln!(
        "wrote {} files to {}",
        outcome.files.len() + 1,
        outcome.out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `paradox compare`: every study loaded, analysed and published exactly as `report` does
/// it (its codebook's disclosure control, or `--min-cell`), then pooled and written.
fn run_compare(args: &CompareArgs) -> Result<ExitCode> {
    let formats = crate::report::Formats::parse(&args.format).map_err(|m| ExitError {
        code: 2,
        message: format!("--format: {m}"),
    })?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join("compare"));
    let mut inputs = crate::gate::Inputs::new();
    for s in &args.studies {
        inputs.folder(s);
    }
    crate::compare::check_out(&out, &inputs)?;
    for (i, a) in args.studies.iter().enumerate() {
        let twice = args.studies[..i]
            .iter()
            .any(|b| crate::gate::resolve(a) == crate::gate::resolve(b));
        if twice {
            return Err(ExitError {
                code: 2,
                message: format!(
                    "{}: the same study is given twice; each study may be pooled once",
                    a.display()
                ),
            }
            .into());
        }
    }
    let mut loaded = Vec::new();
    for folder in &args.studies {
        let study = import::load_study(Some(folder), &LoadOptions::default())?;
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| folder.display().to_string());
        loaded.push((study, name));
    }
    let names: Vec<(String, String)> = loaded
        .iter()
        .map(|(s, f)| (s.name().to_string(), f.clone()))
        .collect();
    let labels = crate::compare::labels(&names);
    let mut studies = Vec::new();
    for ((study, _), label) in loaded.into_iter().zip(labels) {
        let options = crate::analysis::AnalysisOptions::default();
        let filter = crate::analysis::Filter::default();
        let source = crate::analysis::Source::new(&study, &filter, &options);
        let summary = {
            let _t = crate::progress::phase("analysis");
            source.summarize()
        };
        let dc = &study.codebook.disclosure_control;
        let publish = crate::privacy::PublishOptions {
            min_cell: crate::privacy::MinCell::new(args.min_cell.unwrap_or(dc.min_cell)),
            dp_epsilon: dc.dp_epsilon,
            dp_seed: None,
        };
        let published = {
            let _t = crate::progress::phase("disclosure control");
            crate::privacy::publish(&source, &summary, &publish)
        };
        studies.push(crate::compare::CompareStudy {
            label,
            study,
            published,
        });
    }
    let outcome = {
        let _t = crate::progress::phase("pool and write");
        crate::compare::write_compare(
            &studies,
            &crate::compare::CompareOptions {
                out_dir: out,
                formats,
            },
        )?
    };
    eprintln!(
        "compared {} studies; wrote {} files to {}",
        studies.len(),
        outcome.files.len() + 1,
        outcome.out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_import(args: &ImportArgs) -> Result<ExitCode> {
    let outcome =
        crate::import::normalize::import_study(&crate::import::normalize::ImportOptions {
            survey: args.survey.clone(),
            behavior: args.behavior.clone(),
            events: args.events.clone(),
            codebook: args.codebook.clone(),
            into: args.into.clone(),
            force: args.force,
            drop_pii: args.drop_pii,
            keep_unfinished: args.keep_unfinished,
            pseudonymize_salt: args.pseudonymize_ids.then(|| {
                args.salt_file.clone().unwrap_or_else(|| {
                    let mut p = args.into.clone().into_os_string();
                    p.push(".salt");
                    PathBuf::from(p)
                })
            }),
        })?;
    eprintln!("{}", outcome.log.trim_end());
    Ok(ExitCode::SUCCESS)
}

fn run_codebook(args: &CodebookArgs) -> Result<ExitCode> {
    let text = crate::draft::draft_codebook(&args.draft)?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_synth(args: &SynthArgs) -> Result<ExitCode> {
    let bar = crate::progress::bar(args.respondents, "generating respondents");
    let opts = crate::synth::SynthOptions {
        respondents: args.respondents,
        seed: args.seed,
        out: args.out.clone(),
        events: args.events,
        force: args.force,
        careless: args.careless,
    };
    let outcome = crate::synth::generate(&opts, &|n| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    })
    .map_err(|e| ExitError {
        code: 2,
        message: e.to_string(),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let files: Vec<String> = outcome
        .files
        .iter()
        .map(|f| {
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if f.rows > 0 {
                format!("{name} ({} rows)", f.rows)
            } else {
                name
            }
        })
        .collect();
    eprintln!(
        "wrote synthetic study \"{}\" to {}: {}",
        outcome.study_name,
        outcome.dir.display(),
        files.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn run_plan(args: &PlanArgs) -> Result<ExitCode> {
    let plan = crate::analysis::power::plan(crate::analysis::power::PlanInput {
        rho: args.rho,
        power: args.power,
        alpha: args.alpha,
        cohorts: args.cohorts,
        sesoi_rho: args.sesoi_rho,
    })
    .map_err(|message| ExitError { code: 2, message })?;
    let mut out = std::io::stdout().lock();
    out.write_all(plan_text(&plan).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_scale_out(args: &crate::cli::ScaleOutArgs) -> Result<ExitCode> {
    use crate::scaleout::{Dialect, ScaleOutError};
    let engine = match args.engine {
        crate::cli::Engine::Duckdb => Dialect::DuckDb,
        crate::cli::Engine::Spark => Dialect::Spark,
    };
    let outcome = crate::scaleout::generate(&crate::scaleout::ScaleOutOptions {
        study: args.study.clone(),
        codebook: args.codebook.clone(),
        events: args.events.clone(),
        engine,
        events_uri: args.events_uri.clone(),
        out: args.out.clone(),
    })
    .map_err(|e| -> anyhow::Error {
        match e {
            ScaleOutError::Study(s) => (*s).into(),
            other => ExitError {
                code: 2,
                message: other.to_string(),
            }
            .into(),
        }
    })?;
    let names: Vec<String> = outcome
        .files
        .iter()
        .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    eprintln!(
        "wrote {} to {}\nnext: bash {} && paradox report {} --behavior {}",
        names.join(", "),
        outcome.out.display(),
        outcome.out.join("run.sh").display(),
        args.study.display(),
        outcome.table.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_sample(args: &crate::cli::SampleArgs) -> Result<ExitCode> {
    let files = crate::sample::write_sample(&args.out).map_err(|e| ExitError {
        code: 2,
        message: e.to_string(),
    })?;
    eprintln!(
        "wrote the sample study ({} files) to {}; try: paradox check {}",
        files.len(),
        args.out.display(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_audit(args: &crate::cli::AuditArgs) -> Result<ExitCode> {
    use crate::privacy::audit::command::{run, Verdict};
    let mut out = std::io::stdout().lock();
    let verdict = run(&args.report, args.min_cell, &mut out)
        .map_err(|message| ExitError { code: 2, message })?;
    out.flush()?;
    Ok(match verdict {
        Verdict::Clean => ExitCode::SUCCESS,
        Verdict::Violations(_) => ExitCode::from(1),
    })
}

/// A number as the user typed it, at most three decimals: "0.3", "−0.13", "0.05".
fn as_given(x: f64) -> String {
    let s = crate::fmt::num(x, 3);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Words of `text` on lines of at most `width` characters (a word longer than that keeps
/// its own line).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out.push('\n');
    out
}

/// `paradox plan` for people: the two sample sizes per cohort and in total, then how they
/// were computed.
fn plan_text(plan: &crate::analysis::power::Plan) -> String {
    use crate::fmt::{count, pct1};
    let i = &plan.input;
    let cohorts = if i.cohorts == 1 {
        "1 cohort".to_string()
    } else {
        format!("{} cohorts", count(i.cohorts))
    };
    let rows = [
        (
            format!("To detect \u{3c1} = {}:", as_given(i.rho)),
            plan.detect,
        ),
        (
            format!(
                "To show |\u{3c1}| < {} when the true \u{3c1} is 0:",
                as_given(i.sesoi_rho)
            ),
            plan.equivalence,
        ),
    ];
    let label_w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let per_w = rows
        .iter()
        .map(|(_, n)| count(n.per_cohort).len())
        .max()
        .unwrap_or(0);
    let mut text = wrap(
        &format!(
            "Respondents per cohort for Spearman\u{2019}s \u{3c1} between concern and disclosure \
             (\u{3b1} = {}, power {}%, {cohorts}):",
            as_given(i.alpha),
            as_given(i.power * 100.0)
        ),
        WIDTH,
    );
    text.push('\n');
    for (label, need) in &rows {
        let pad = label_w - label.chars().count();
        text.push_str(&format!(
            "  {label}{} {:>per_w$} per cohort, {} in total\n",
            " ".repeat(pad),
            count(need.per_cohort),
            count(need.total)
        ));
    }
    let mut how = format!(
        "Detecting: the two-sided test at \u{3b1} = {a} reaches power {} with {} respondents. \
         Equivalence: two one-sided tests at \u{3b1} = {a} each (Lakens 2017) reach power {} with \
         {} respondents when there is no correlation; below that, a cohort whose \u{3c1} does not \
         differ from 0 is \"inconclusive\", not evidence of the paradox. Both use \
         Fisher\u{2019}s z with the Bonett\u{2013}Wright standard error \
         \u{221a}((1 + \u{3c1}\u{b2}/2)/(n \u{2212} 3)), as every gap block of a report.",
        pct1(plan.detect.power),
        count(plan.detect.per_cohort),
        pct1(plan.equivalence.power),
        count(plan.equivalence.per_cohort),
        a = as_given(i.alpha),
    );
    if let Some(n) = plan.detect_without_factor {
        how.push_str(&format!(
            " Without the factor 1 + \u{3c1}\u{b2}/2 (Cohen 1988; close to R\u{2019}s pwr.r.test) \
             detecting \u{3c1} = {} takes {} per cohort.",
            as_given(i.rho),
            count(n)
        ));
    }
    text.push('\n');
    text.push_str(&wrap(&how, WIDTH));
    text
}

/// The width `paradox plan` wraps its explanation at.
const WIDTH: usize = 88;
