//! `fanout report`: tables from results files, or charts and pages with `--out`.

use std::process::ExitCode;

use fanout_core::results::Results;

use super::bad_input;
use crate::cli::ReportArgs;

pub fn report(args: ReportArgs) -> ExitCode {
    let mut all = Vec::new();
    for path in &args.from {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => return bad_input(format!("cannot read {}: {err}", path.display())),
        };
        match Results::from_json(&text) {
            Ok(results) => all.push(results),
            Err(message) => return bad_input(format!("{}: {message}", path.display())),
        }
    }
    if let Some(path) = &args.csv {
        let runs: Vec<_> = all.iter().flat_map(|r| r.runs.iter().cloned()).collect();
        let csv = fanout_report::csv_export::summaries(&fanout_report::summarise(&runs));
        if let Err(err) = std::fs::write(path, csv) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    let Some(out) = args.out else {
        let runs: Vec<_> = all.iter().flat_map(|r| r.runs.iter().cloned()).collect();
        print!(
            "{}",
            fanout_report::table::terminal(&fanout_report::summarise(&runs), args.wide)
        );
        return ExitCode::SUCCESS;
    };
    let generator = match &args.wrk {
        None => None,
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|err| err.to_string())
            .and_then(|text| fanout_report::LoadGenerator::from_json(&text))
        {
            Ok(generator) => Some(generator),
            Err(message) => return bad_input(format!("{}: {message}", path.display())),
        },
    };
    match fanout_report::write_report(&all, generator.as_ref(), &out) {
        Ok(files) => println!(
            "wrote {} files to {}: {}",
            files.len(),
            out.display(),
            files.join(", ")
        ),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(readme) = args.readme {
        let charts_dir = relative_dir(&out, &readme);
        if let Err(message) =
            fanout_report::update_readme(&all, generator.as_ref(), &readme, &charts_dir)
        {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
        println!("updated the summary in {}", readme.display());
    }
    ExitCode::SUCCESS
}

/// `dir` as a link from the file `from` (both relative to the same place, or absolute).
fn relative_dir(dir: &std::path::Path, from: &std::path::Path) -> String {
    let base = from.parent().unwrap_or(std::path::Path::new(""));
    dir.strip_prefix(base)
        .unwrap_or(dir)
        .to_string_lossy()
        .trim_end_matches('/')
        .to_owned()
}
