//! `fanout report`: tables from results files, or charts and pages with `--out`.

use std::process::ExitCode;

use fanout_core::output::{self, OutputFile};
use fanout_core::results::Results;

use super::bad_input;
use crate::cli::ReportArgs;

pub fn report(args: ReportArgs) -> ExitCode {
    let mut all: Vec<Results> = Vec::new();
    for path in &args.from {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => return bad_input(format!("cannot read {}: {err}", path.display())),
        };
        let results = match Results::from_json(&text) {
            Ok(results) => results,
            Err(message) => return bad_input(format!("{}: {message}", path.display())),
        };
        // The same sweep read twice (one file given twice, or a copy of it) would count every
        // run twice and narrow every interval.
        if let Some(earlier) = all
            .iter()
            .position(|r| r.started_at == results.started_at && r.command == results.command)
        {
            return bad_input(format!(
                "{} and {} hold the same runs (the sweep started at {}: `{}`); give each \
                 results file once",
                args.from[earlier].display(),
                path.display(),
                results.started_at,
                results.command
            ));
        }
        all.push(results);
    }
    // Every output is checked before any work, and written all together or not at all.
    let mut checks: Vec<Result<(), String>> = Vec::new();
    checks.extend(args.csv.iter().map(|path| output::check_file(path)));
    checks.extend(args.out.iter().map(|dir| output::check_dir(dir)));
    checks.extend(args.readme.iter().map(|path| output::check_file(path)));
    if let Some(Err(message)) = checks.into_iter().find(Result::is_err) {
        return bad_input(message);
    }
    let runs: Vec<_> = all.iter().flat_map(|r| r.runs.iter().cloned()).collect();
    let mut files: Vec<OutputFile> = Vec::new();
    if let Some(path) = &args.csv {
        let csv = fanout_report::pages::csv_export::summaries(&fanout_report::summarise(&runs));
        files.push(OutputFile {
            path: path.clone(),
            content: csv.into_bytes(),
        });
    }
    let Some(out) = args.out else {
        if let Err(message) = output::write_all(&files) {
            return bad_input(message);
        }
        for file in &files {
            println!("wrote {}", file.path.display());
        }
        print!(
            "{}",
            fanout_report::pages::table::terminal(&fanout_report::summarise(&runs), args.wide)
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
    let report = match fanout_report::render_report(&all, generator.as_ref(), &out) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let names = fanout_report::file_names(&report);
    files.extend(report);
    if let Some(readme) = &args.readme {
        let charts_dir = relative_dir(&out, readme);
        match fanout_report::render_readme(&all, generator.as_ref(), readme, &charts_dir) {
            Ok(file) => files.push(file),
            Err(message) => return bad_input(message),
        }
    }
    if let Err(message) = output::make_dir(&out).and_then(|()| output::write_all(&files)) {
        return bad_input(message);
    }
    println!(
        "wrote {} files to {}: {}",
        names.len(),
        out.display(),
        names.join(", ")
    );
    if let Some(readme) = &args.readme {
        println!("updated the summary in {}", readme.display());
    }
    if let Some(path) = &args.csv {
        println!("wrote {}", path.display());
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
