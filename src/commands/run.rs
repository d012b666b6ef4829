//! `fanout run`: measure the chosen models on the chosen workloads and print the comparison.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use fanout_core::Workload;
use fanout_harness::sweep::Until;
use fanout_harness::{Plan, limits, machine};
use fanout_registry::ModelEntry;

use super::measure::{command_line, plan_for, server_floor, start_server, this_program};
use crate::cli::{DEFAULT_PRECISION, RunArgs};

pub fn run(args: RunArgs) -> ExitCode {
    match &args.suite {
        Some(name) => super::suite::run_suite(name, args.json.as_deref()),
        None => ExitCode::from(run_once(args)),
    }
}

/// Bad input: say what was wrong and what is allowed; the exit status 2.
fn bad(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    2
}

/// One run of `args`, to its exit status: 0 every run completed and verified, 1 a run failed
/// or the server stopped, 2 bad input or results that could not be written, 130 or 143 an
/// interrupt.
pub fn run_once(args: RunArgs) -> u8 {
    // Ctrl-C or SIGTERM stops the run in progress and keeps every completed one.
    fanout_harness::interrupt::catch_interrupts();
    let open_files = limits::raise_open_files_limit();
    if let (Some(precision), true) = (args.precision, args.repeat.min == args.repeat.max) {
        return bad(format!(
            "--precision {precision} needs a range of repeats to stop within; allowed: with \
             --repeat MIN..MAX, MIN below MAX (e.g. --repeat 3..10 --precision {precision})"
        ));
    }
    let pythons = fanout_registry::Pythons::find();
    let entries = match crate::selection::select(&args.models, &pythons) {
        Ok((entries, notes)) => {
            for note in notes {
                eprintln!("note: {note}");
            }
            entries
        }
        Err(message) => return bad(message),
    };
    let mut workloads = Vec::new();
    for name in args.workload.split(',').map(str::trim) {
        match Workload::load(name) {
            Ok(workload) => workloads.push(workload),
            Err(err) => return bad(err),
        }
    }
    let highest = args
        .concurrency
        .iter()
        .flatten()
        .chain(
            workloads
                .iter()
                .filter(|_| args.concurrency.is_none())
                .flat_map(|w| w.concurrency()),
        )
        .copied()
        .max()
        .unwrap_or(1);
    if let Err(message) = limits::check_concurrency_fits(highest, open_files) {
        return bad(message);
    }
    if let Some(path) = &args.json
        && let Err(message) = fanout_core::output::check_file(path)
    {
        return bad(message);
    }
    // Held until the run ends: a second run given the same --json is refused at its start.
    let _claim = match args.json.as_deref().map(fanout_core::output::claim) {
        Some(Err(message)) => return bad(message),
        claim => claim,
    };
    let program = match this_program() {
        Ok(program) => program,
        Err(message) => {
            eprintln!("error: {message}");
            return 1;
        }
    };
    let plan = run_plan(&args, &entries, workloads, &program);

    let server_cpus = args.pin_server.clone().map(|c| c.0).unwrap_or_default();
    let _server;
    let server_url = match args.server {
        Some(url) => url,
        None => match start_server(&program, args.server_instances, &server_cpus) {
            Ok(server) => {
                let url = server.url().to_owned();
                _server = server;
                url
            }
            Err(message) => {
                eprintln!("error: {message}");
                return 1;
            }
        },
    };
    let started_at = SystemTime::now();
    let server_floor = server_floor(&server_url);
    let mut results = fanout_harness::results(command_line(), started_at, server_floor, Vec::new());
    results.server_cpus = server_cpus;
    results.warmup = args.warmup;
    // Every completed run is on disk before the next starts: a crash, a kill or a closed
    // terminal loses at most the run in progress.
    let mut write_failed = false;
    let mut keep = |runs: &[fanout_core::results::RunRecord]| {
        let Some(path) = &args.json else { return };
        results.runs = runs.to_vec();
        results.summary = group_summaries(runs);
        if let Err(message) = fanout_harness::write_results(path, &results)
            && !write_failed
        {
            eprintln!("error: {message}");
            write_failed = true;
        }
    };
    let sweep = fanout_harness::run_sweep(&plan, &server_url, &mut keep);
    results.summary = group_summaries(&sweep.runs);
    results.runs = sweep.runs;
    print!(
        "{}",
        fanout_report::pages::table::terminal(&fanout_report::summarise(&results.runs), args.wide)
    );
    let repeats = fanout_report::pages::first_look::Repeats {
        adaptive: plan.until.is_some(),
        precision: args.precision.unwrap_or(DEFAULT_PRECISION),
        budget_s: args.group_budget_s,
    };
    print!(
        "{}",
        fanout_report::pages::first_look::closing(
            &fanout_report::summarise(&results.runs),
            results.machine.cores,
            &repeats,
            results.server_floor.as_ref(),
        )
    );
    // Every outcome is said; the exit status is the first of: a signal (130, 143), results
    // that could not be written (2), a stopped sweep or a failed run (1).
    let mut lost = false;
    if let Some(path) = &args.json {
        match fanout_harness::write_results(path, &results) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(message) => {
                eprintln!("error: {message}");
                lost = true;
            }
        }
    }
    let stopped = sweep.stopped.is_some();
    if let Some(why) = sweep.stopped {
        eprintln!(
            "error: {why}; the sweep stopped after {} of {} runs (the last one recorded as not measured)",
            results.runs.len(),
            planned(&plan)
        );
    }
    let signal = fanout_harness::interrupt::exit_status();
    if signal.is_some() {
        eprintln!(
            "interrupted: {} of {} runs completed; the table above and the results file hold them",
            results.runs.len(),
            planned(&plan)
        );
    }
    let failed: Vec<String> = results
        .runs
        .iter()
        // A run not measured (the server's view reset under it, or stopped at the harness's
        // deadline) is said too: it is no result.
        .filter(|run| !run.not_run && (run.unmeasured || !run.succeeded()))
        .map(|run| {
            format!(
                "  {} on {} at concurrency {}, repeat {}: {}",
                run.model,
                run.workload,
                run.concurrency,
                run.repeat,
                run.error.as_deref().unwrap_or("failed verification")
            )
        })
        .collect();
    if !failed.is_empty() {
        eprintln!(
            "error: {} of {} runs failed or were not measured (recorded so, never as fast):\n{}",
            failed.len(),
            results.runs.len(),
            failed.join("\n")
        );
    }
    match signal {
        Some(status) => status,
        None if lost => 2,
        None if stopped || !failed.is_empty() => 1,
        None => 0,
    }
}

/// What `args` asks to run: `entries` over `workloads`, started from `program`.
fn run_plan(
    args: &RunArgs,
    entries: &[&ModelEntry],
    workloads: Vec<Workload>,
    program: &Path,
) -> Plan {
    // A pinned worker has only its CPUs: its runtime or pool is sized to them.
    let cores = args
        .pin_workers
        .as_ref()
        .map_or_else(machine::cores, |cpus| cpus.0.len());
    Plan {
        concurrency: args.concurrency.clone(),
        cpu_work: args.cpu_work.clone(),
        repeat: args.repeat.max,
        until: (args.repeat.min < args.repeat.max).then_some(Until {
            min: args.repeat.min,
            share: args.precision.unwrap_or(DEFAULT_PRECISION) / 100.0,
            budget: Some(Duration::from_secs(args.group_budget_s)),
        }),
        timeout_ms: args.timeout_ms,
        max_ideal: args.max_ideal_s.map(Duration::from_secs),
        keep_records: args.records,
        pin_workers: args.pin_workers.clone().map(|c| c.0).unwrap_or_default(),
        warmup: args.warmup,
        memory_parts: args.memory_parts,
        ..plan_for(entries, program, workloads, cores)
    }
}

/// How many runs the plan holds: every one, or at most that many when groups may stop early.
fn planned(plan: &Plan) -> String {
    let runs = plan.runs().len();
    match plan.until {
        None => runs.to_string(),
        Some(_) => format!("at most {runs}"),
    }
}

/// The results file's summary of `runs`, one entry per group.
fn group_summaries(
    runs: &[fanout_core::results::RunRecord],
) -> Vec<fanout_core::results::GroupSummary> {
    fanout_report::summarise(runs)
        .iter()
        .map(fanout_report::Summary::group_summary)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cpus;

    #[test]
    fn a_pinned_worker_is_judged_at_the_cores_its_pool_gets() {
        let args = RunArgs {
            pin_workers: Some(Cpus(vec![0])),
            ..RunArgs::default()
        };
        let entries: Vec<&ModelEntry> = ["blocking-in-async", "processes"]
            .into_iter()
            .map(|name| fanout_registry::find(name).unwrap())
            .collect();
        let plan = run_plan(&args, &entries, Vec::new(), Path::new("fanout"));
        assert_eq!(plan.cores, 1);
        for model in &plan.models {
            assert_eq!(model.in_flight_cap, Some(1), "{}", model.name);
        }
    }
}
