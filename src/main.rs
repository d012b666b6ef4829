//! `fanout`: races concurrency models against each other on the same HTTP fan-out job.
//!
//! This binary is the command line: [`cli`] defines the arguments, [`commands`] has one module per
//! command, [`selection`] reads `--models`. It orchestrates a run (starts the mock server, hands
//! the plan to the harness, prints the report); the models, the measuring and the drawing live in
//! the crates under `crates/`.

mod cli;
mod commands;
mod selection;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Commands, RunArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Commands::Run(RunArgs::default())) {
        Commands::Run(args) => commands::run(args),
        Commands::Serve(args) => commands::serve(args),
        Commands::Report(args) => commands::report(args),
        Commands::Compare(args) => commands::compare(args),
        Commands::Lesson(args) => commands::lesson(args),
        Commands::List(args) => commands::list(args),
        Commands::Worker(args) => commands::worker(args),
    }
}
