//! `fanout lesson`: list the nine lessons, or run one lesson's experiment here and explain it
//! with this machine's figures, the run as a text waterfall, and whether the claim held.

use std::process::ExitCode;
use std::time::SystemTime;

use fanout_core::Workload;
use fanout_core::results::Results;
use fanout_harness::{Plan, limits, machine};
use fanout_report::analysis::ReportData;
use fanout_report::pages::lessons::{self, Evidence, LESSONS, Lesson};
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
        let names: Vec<String> = LESSONS
            .iter()
            .map(|l| format!("{} ({})", l.number, l.name))
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
    println!("Lesson {}: {}\n", lesson.number, lesson.claim);
    println!("Source: {}\n", lesson.source);
    let started_at = SystemTime::now();
    let floor = server_floor(server.url());
    let pythons = fanout_registry::Pythons::find();
    let mut runs = Vec::new();
    for part in lesson.experiments {
        let mut entries = Vec::new();
        for name in part.models {
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
        let workload = match Workload::load(part.workload) {
            Ok(workload) => workload,
            Err(err) => return bad_input(err),
        };
        let plan = Plan {
            concurrency: Some(part.concurrency.to_vec()),
            cpu_work: Some(part.cpu_work.to_vec()),
            repeat: part.repeat,
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
fn explain(lesson: &Lesson, results: &Results) {
    let data = ReportData::new(summarise(&results.runs)).with_timelines(&results.runs);
    let evidence = Evidence {
        data: &data,
        cores: results.machine.cores,
    };
    let (model, workload, concurrency, cpu_work) = lesson.waterfall;
    if let Some(timeline) = data.timeline(model, workload, concurrency, cpu_work) {
        println!(
            "Every request of `{model}` on `{workload}` at concurrency {} (cpu work {cpu_work}), \
             in the order it started them:\n",
            timeline.concurrency
        );
        print!(
            "{}",
            text_waterfall(&timeline.records, WATERFALL_WIDTH, WATERFALL_ROWS)
        );
        println!();
    }
    match (lesson.analyse)(&evidence) {
        Some(finding) => {
            println!("{}\n", wrap(&finding.text, 96));
            println!("{}", finding.verdict());
            if let Some(beyond) = &finding.beyond {
                println!("\n{}", wrap(beyond, 96));
            }
        }
        None => {
            println!("Not reproduced here: a run the lesson needs failed (see the lines above).")
        }
    }
    println!(
        "\n{} cores, shared by the models and the mock server.",
        results.machine.cores
    );
}

/// Lists every lesson with the experiment it runs.
fn list() -> ExitCode {
    println!("lessons (fanout lesson N, or its name, runs one here and explains it):");
    for lesson in LESSONS {
        println!("  {} {:<14} {}", lesson.number, lesson.name, lesson.claim);
        for command in lessons::experiment_commands(lesson) {
            println!("    {command}");
        }
        if let Some(why) = lesson.slow_because {
            println!("    takes over a minute: {why}");
        }
    }
    ExitCode::SUCCESS
}

/// `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}
