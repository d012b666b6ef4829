//! One module per command: each turns its parsed arguments into work and an exit code.

mod compare;
mod lesson;
mod list;
mod measure;
mod report;
mod run;
mod serve;
mod suite;
mod worker;

use std::process::ExitCode;

pub use compare::compare;
pub use lesson::lesson;
pub use list::list;
pub use report::report;
pub use run::run;
pub use serve::serve;
pub use worker::worker;

/// Bad input: say what was wrong and what is allowed, exit 2.
pub fn bad_input(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
