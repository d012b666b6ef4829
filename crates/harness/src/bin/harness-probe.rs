//! A process with known behaviour, for checking what the harness measures.
//!
//! `harness-probe MODE [N]` reads a job from standard input like a worker, behaves as MODE says,
//! then prints a worker report that records every target as failed (it fetches nothing):
//! - `threads N`: starts N threads and stops itself while they all live;
//! - `touch N`: allocates and writes N MiB and stops itself while it holds them;
//! - `crash`: aborts without a report;
//! - `hang`: never finishes;
//! - `idle`: does nothing.
//!
//! With `--idle` after the mode it only reads the job and stops itself until the harness has
//! sampled it, as a worker measuring its baseline does. Stopping is how the other modes are
//! seen too: the harness samples a stopped child before it lets it go on, so what it holds then
//! is measured however late a loaded machine lets the sampler run.

use std::io::Read;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use fanout_core::{ErrorKind, Fetch, Job, Outcome, Record, WorkerReport};

/// Stops this process until the harness, having sampled it, lets it go on.
fn stop_to_be_seen() {
    // SAFETY: raise only sends a signal to this process.
    unsafe { libc::raise(libc::SIGSTOP) };
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("idle");
    let count: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("a job on stdin");
    let job: Job = serde_json::from_str(&input).expect("a readable job");
    let started = Instant::now();
    if args.iter().any(|arg| arg == "--idle") {
        stop_to_be_seen();
        println!(
            "{}",
            serde_json::to_string(&WorkerReport::default()).expect("serialises")
        );
        return;
    }
    match mode {
        "threads" => {
            // Each waits until this thread has been seen with all of them.
            let seen = Barrier::new(count + 1);
            std::thread::scope(|scope| {
                for _ in 0..count {
                    scope.spawn(|| seen.wait());
                }
                stop_to_be_seen();
                seen.wait();
            });
        }
        "touch" => {
            let memory = vec![1u8; count * 1024 * 1024];
            stop_to_be_seen();
            assert_eq!(
                memory.iter().map(|&b| u64::from(b)).sum::<u64>(),
                (count * 1024 * 1024) as u64
            );
        }
        "crash" => std::process::abort(),
        "hang" => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        _ => {}
    }
    let records = job
        .targets
        .iter()
        .map(|target| {
            Record::new(
                target.id,
                0.0,
                0.0,
                Fetch::failed(ErrorKind::Other, "the probe fetches nothing"),
            )
        })
        .collect();
    let report = WorkerReport {
        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
        outcome: Outcome::new(records),
        ..WorkerReport::default()
    };
    println!("{}", serde_json::to_string(&report).expect("serialises"));
}
