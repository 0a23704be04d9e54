//! `carefile`: the command-line program. Parses arguments, reads the clock
//! (only here, see `clock`), opens the store and hands over to the library crates.

mod atomic;
mod clock;
mod commands;
mod config;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli, &clock::SystemClock) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`carefile … | head`) is not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
