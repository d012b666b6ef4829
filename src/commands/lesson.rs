//! `fanout lesson`: list the lessons, or run one lesson's experiment here and explain it with
//! this machine's figures, the run as a text waterfall, and whether the claim held. Its words
//! are the report's templates (`lessons/terminal_*.txt`).

use std::process::ExitCode;
use std::time::SystemTime;

use fanout_core::Workload;
use fanout_core::results::Results;
use fanout_harness::{Plan, limits, machine};
use fanout_report::analysis::ReportData;
use fanout_report::pages::lessons::{self, Evidence, Lesson};
use fanout_report::pages::text_waterfall::text_waterfall;
use fanout_report::summarise;

use super::bad_input;
use super::measure::{command_line, plan_for, server_floor, start_server, this_program};
use crate::cli::LessonArgs;

/// Columns the text waterfall spans, and the most requests it draws.
const WATERFALL_WIDTH: usize = 72;
const WATERFALL_ROWS: usize = 40;

pub fn lesson(args: LessonArgs) -> ExitCode {
    let Some(key) = args.lesson else {
        return list();
    };
    let Some(lesson) = lessons::find(key.trim()) else {
        let names: Vec<String> = lessons::lessons()
            .iter()
            .map(|l| format!("{} ({})", l.number, l.name()))
            .collect();
        return bad_input(format!("no lesson `{key}`; allowed: {}", names.join(", ")));
    };
    if let Some(out) = &args.out
        && let Err(message) = fanout_core::output::check_dir(out)
    {
        return bad_input(message);
    }
    limits::raise_open_files_limit();
    let program = match this_program() {
        Ok(program) => program,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let server = match start_server(&program, 1, &[]) {
        Ok(server) => server,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", lessons::terminal_head(&lesson));
    let started_at = SystemTime::now();
    let floor = server_floor(server.url());
    let pythons = fanout_registry::Pythons::find();
    let mut runs = Vec::new();
    for part in lesson.parts() {
        let mut entries = Vec::new();
        for name in &part.models {
            match fanout_registry::find(name) {
                Some(entry) => match pythons.for_model(entry) {
                    Ok(()) => entries.push(entry),
                    Err(why) => eprintln!("note: leaving out {name}: {why}"),
                },
                None => {
                    return bad_input(format!("lesson {} names no model `{name}`", lesson.number));
                }
            }
        }
        let workload = match Workload::load(&part.workload[0]) {
            Ok(workload) => workload,
            Err(err) => return bad_input(err),
        };
        let plan = Plan {
            concurrency: Some(part.concurrency.clone()),
            cpu_work: Some(part.cpu_work.clone()),
            repeat: part.repeat.unwrap_or(1),
            memory_parts: part.memory_parts,
            ..plan_for(&entries, &program, vec![workload], machine::cores())
        };
        let sweep = fanout_harness::run_sweep(&plan, server.url(), &mut |_| {});
        runs.extend(sweep.runs);
        if let Some(why) = sweep.stopped {
            eprintln!("error: {why}; the lesson's experiment stopped");
            return ExitCode::FAILURE;
        }
    }
    drop(server);
    let results = fanout_harness::results(command_line(), started_at, floor, runs);
    explain(lesson, &results);
    if let Some(out) = args.out {
        match fanout_report::write_report(std::slice::from_ref(&results), None, &out) {
            Ok(files) => println!("\nwrote {} files to {}", files.len(), out.display()),
            Err(message) => return bad_input(message),
        }
    }
    ExitCode::SUCCESS
}

/// Prints the lesson's finding on `results`, its run as text, and the verdict.
fn explain(lesson: Lesson, results: &Results) {
    let data = ReportData::new(summarise(&results.runs)).with_timelines(&results.runs);
    let evidence = Evidence {
        data: &data,
        cores: results.machine.cores,
    };
    let group = lesson.waterfall();
    let waterfall = data
        .timeline(
            &group.model,
            &group.workload,
            group.concurrency,
            group.cpu_work,
        )
        .map(|timeline| text_waterfall(&timeline.records, WATERFALL_WIDTH, WATERFALL_ROWS));
    print!("{}", lessons::terminal(&lesson, &evidence, waterfall));
}

/// Lists every lesson with the experiment it runs.
fn list() -> ExitCode {
    print!("{}", lessons::terminal_list());
    ExitCode::SUCCESS
}
