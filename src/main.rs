//! The `paradox` binary: parse the command line, run the library, map errors to exit
//! codes (0 success, 1 analysis could not run, 2 bad input or usage).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = paradox::cli::Cli::parse_from(dashboard_shorthand(std::env::args_os().collect()));
    if let Err(e) = paradox::commands::start_threads() {
        eprintln!("error: {e}");
        return ExitCode::from(e.code);
    }
    match paradox::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`paradox check … | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(paradox::commands::exit_code_of(&e))
        }
    }
}

/// `paradox STUDY` opens the dashboard on STUDY, as `paradox` alone opens it on the sample:
/// a first argument that is no command or option but an existing folder gets `tui` put in
/// front of it. (A folder named like a command is that command; `paradox tui DIR` opens it.)
fn dashboard_shorthand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use clap::CommandFactory;
    let Some(first) = args.get(1) else {
        return args;
    };
    let text = first.to_string_lossy();
    let command = paradox::cli::Cli::command();
    let is_command = command
        .get_subcommands()
        .any(|c| c.get_name() == text || c.get_all_aliases().any(|a| a == text))
        || text == "help";
    if !text.starts_with('-') && !is_command && std::path::Path::new(first).is_dir() {
        args.insert(1, "tui".into());
    }
    args
}
