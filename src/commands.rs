//! The subcommands: each turns validated options into library calls and prints for people.
//! Errors carry their exit status: 1 when the analysis could not run, 2 for bad
//! input or usage.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{
    CheckArgs, Cli, CodebookArgs, Command, ImportArgs, ReportArgs, SesoiArgs, StudyArgs, SynthArgs,
    TuiArgs,
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

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => run_tui(&TuiArgs::default()),
        Some(Command::Tui(a)) => run_tui(&a),
        Some(Command::Report(a)) => run_report(&a),
        Some(Command::Import(a)) => run_import(&a),
        Some(Command::Check(a)) => run_check(&a),
        Some(Command::Synth(a)) => run_synth(&a),
        Some(Command::Codebook(a)) => run_codebook(&a),
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

    pub fn load(&self) -> Result<Study, StudyError> {
        import::load_study(self.folder().as_deref(), &self.load_options())
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
    args.sesoi.check()?;
    let mut study = args.study.load()?;
    args.sesoi.apply(&mut study);
    crate::tui::run_dashboard(study)?;
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
