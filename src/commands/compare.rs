//! `fanout compare OLD NEW`: a regression gate between two results files.

use std::path::Path;
use std::process::ExitCode;

use fanout_core::results::Results;

use super::bad_input;
use crate::cli::CompareArgs;

fn load(path: &Path) -> Result<Results, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    Results::from_json(&text).map_err(|message| format!("{}: {message}", path.display()))
}

pub fn compare(args: CompareArgs) -> ExitCode {
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(message), _) | (_, Err(message)) => return bad_input(message),
    };
    if let Some(path) = &args.csv
        && let Err(message) = fanout_core::output::check_file(path)
    {
        return bad_input(message);
    }
    let threshold = args.threshold / 100.0;
    let changes = match fanout_report::analysis::regression::compare(&old, &new, threshold) {
        Ok(changes) => changes,
        Err(message) => return bad_input(message),
    };
    print!(
        "{}",
        fanout_report::pages::compare::text(&changes, threshold)
    );
    if let Some(path) = &args.csv
        && let Err(message) = fanout_core::output::write_one(
            path,
            fanout_report::pages::compare::csv(&changes).into_bytes(),
        )
    {
        // Not a regression: an output that cannot be written is exit 2, as bad input is.
        return bad_input(message);
    }
    if changes.iter().any(|c| c.regression) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
