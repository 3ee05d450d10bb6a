//! The `paradox` binary: parse the command line, run the library, map errors to exit
//! codes (0 success, 1 analysis could not run, 2 bad input or usage).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = paradox::cli::Cli::parse();
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
