//! `fanout run --suite NAME`: the parts of a suite, or a lesson's experiment, from the one list
//! of experiments (`fixtures/suites.toml`), each run as the `fanout run` its flags make.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use fanout_core::suites::{Part, Suites};

use super::run::run_once;
use crate::cli::{Cli, Commands};

/// Runs every part `name` selects, in order. With more than one part, `--json` names a
/// directory that gets one results file per part. A part whose runs failed (exit 1) is a result
/// and the rest go on; bad input, results that cannot be written or an interrupt stop them.
pub fn run_suite(name: &str, json: Option<&Path>) -> ExitCode {
    let selection = match Suites::get().select(name) {
        Ok(selection) => selection,
        Err(message) => return super::bad_input(message),
    };
    let several = selection.parts.len() > 1;
    if let Some(dir) = json.filter(|_| several)
        && let Err(message) =
            fanout_core::output::check_dir(dir).and_then(|()| fanout_core::output::make_dir(dir))
    {
        return super::bad_input(format!(
            "--suite {name} has {} parts, so --json names a directory for their files: {message}",
            selection.parts.len()
        ));
    }
    let own = own_flags();
    let pythons = fanout_registry::Pythons::find();
    let mut status = 0;
    for (index, part) in selection.parts.iter().enumerate() {
        let said = format!(
            "part {} of {}, {}",
            index + 1,
            selection.parts.len(),
            part.name
        );
        if let Some(script) = &part.script {
            eprintln!("== {said}: measured by {script}, not by `fanout run`; skipped");
            continue;
        }
        let Some(part) = set_up(part, &pythons, &said) else {
            continue;
        };
        let mut argv: Vec<OsString> = vec!["fanout".into(), "run".into()];
        argv.extend(
            part.run_args(selection.repeat)
                .into_iter()
                .map(OsString::from),
        );
        argv.extend(own.iter().cloned());
        if let Some(path) = json {
            let file = if several {
                path.join(format!("{}.json", part.name))
            } else {
                path.to_path_buf()
            };
            argv.extend(["--json".into(), file.into_os_string()]);
        }
        let args = match Cli::try_parse_from(&argv) {
            Ok(Cli {
                command: Some(Commands::Run(args)),
            }) => args,
            Ok(_) => unreachable!("the arguments start with `run`"),
            Err(err) => {
                let _ = err.print();
                return ExitCode::from(2);
            }
        };
        eprintln!("== {said}: {}", part.command(selection.repeat));
        match run_once(args) {
            0 => {}
            1 => status = 1,
            stop => return ExitCode::from(stop),
        }
    }
    ExitCode::from(status)
}

/// The part without the models whose interpreter is not set up here, each said; `None`, said,
/// when none is left. A part of every model (`all`) leaves them out by itself.
fn set_up(part: &Part, pythons: &fanout_registry::Pythons, said: &str) -> Option<Part> {
    let mut kept = part.clone();
    kept.models.retain(|name| {
        let Some(entry) = fanout_registry::find(name) else {
            return true; // `fanout run` names the unknown model, with what is allowed
        };
        match pythons.for_model(entry) {
            Ok(()) => true,
            Err(why) => {
                eprintln!("note: {said}: leaving out {name}: {why}");
                false
            }
        }
    });
    if kept.models.is_empty() && !part.models.is_empty() {
        eprintln!("== {said}: skipped, none of its models is set up here");
        return None;
    }
    Some(kept)
}

/// The flags given beside `--suite` on this command line, less `--suite` and `--json`, which
/// the suite sets for each part.
fn own_flags() -> Vec<OsString> {
    let mut own = Vec::new();
    let mut args = std::env::args_os().skip_while(|arg| arg != "run").skip(1);
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--suite" || text == "--json" {
            args.next();
        } else if !text.starts_with("--suite=") && !text.starts_with("--json=") {
            own.push(arg);
        }
    }
    own
}
