//! # processes: `cores` worker processes, each fetching a share of the targets
//!
//! The shape of Python's `multiprocessing.Pool(cores).map(fetch, urls)`: the run starts one process
//! per core (fewer if the concurrency is lower) (this same binary, re-executed as a `sequential`
//! worker), hands each a share of the targets (every `cores`-th one), and gathers their results.
//! Each process fetches its share one request at a time, so `cores` requests are in flight in all,
//! whatever the concurrency setting.
//!
//! This is how Python sidesteps the GIL for CPU-bound work: each process has its own
//! interpreter and its own lock, so they compute in parallel. The price is a whole process
//! each: its own memory, its own start-up, and results shipped back through a pipe.
//!
//! What to expect in the charts: on `cpu`, close to `threads` (both use every core); on
//! I/O-bound work, only `cores` requests in flight, like a pool of that many threads, with
//! the most memory of all (every process's RSS, summed) and `cores + 1` processes.
//! The harness measures the whole process tree.

#![warn(missing_docs)]

use std::process::Command;
use std::thread;

use fanout_core::{Clock, Job, Outcome, Record, SetupError, run_worker, worker_args};

/// The model each child process runs on its share.
const CHILD_MODEL: &str = "sequential";

/// Fetches every target of `job` in `job.cores` child processes.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let exe = std::env::current_exe().map_err(|err| {
        SetupError(format!(
            "cannot find this program to start its processes: {err}"
        ))
    })?;
    // Never more in flight than the job allows.
    let processes = job
        .cores
        .min(job.concurrency)
        .clamp(1, job.targets.len().max(1));
    let shares: Vec<Job> = (0..processes)
        .map(|index| Job {
            targets: job
                .targets
                .iter()
                .skip(index)
                .step_by(processes)
                .cloned()
                .collect(),
            concurrency: 1,
            ..job.clone()
        })
        .collect();

    let results: Vec<Result<Vec<Record>, String>> = thread::scope(|scope| {
        let handles: Vec<_> = shares
            .iter()
            .enumerate()
            .map(|(index, share)| {
                let exe = &exe;
                scope.spawn(move || run_share(exe, index, share, &clock))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err("a share's thread panicked".into()))
            })
            .collect()
    });
    let mut records = Vec::with_capacity(job.targets.len());
    for result in results {
        records.extend(result.map_err(SetupError)?);
    }
    Ok(Outcome::new(records).pinned("processes", processes))
}

/// Runs share number `share_index` in a child process; its records are moved onto this
/// process's clock.
fn run_share(
    exe: &std::path::Path,
    share_index: usize,
    share: &Job,
    clock: &Clock,
) -> Result<Vec<Record>, String> {
    let started_ms = clock.now_ms();
    let mut command = Command::new(exe);
    command.args(worker_args(CHILD_MODEL));
    let report = run_worker(command, share)?;
    Ok(report
        .outcome
        .records
        .into_iter()
        .map(|record| {
            let shift = |ms: f64| ms + started_ms;
            Record {
                start_ms: shift(record.start_ms),
                end_ms: shift(record.end_ms),
                headers_ms: record.headers_ms.map(shift),
                body_ms: record.body_ms.map(shift),
                // Each child fetches on its one thread: its lane is its share.
                thread: share_index as u32,
                ..record
            }
        })
        .collect())
}
