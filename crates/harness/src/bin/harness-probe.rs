//! A process with known behaviour, for checking what the harness measures.
//!
//! `harness-probe MODE [N]` reads a job from standard input like a worker, behaves as MODE says,
//! then prints a worker report that records every target as failed (it fetches nothing):
//! - `threads N`: starts N threads that all live for half a second;
//! - `touch N`: allocates and writes N MiB, holding them for half a second;
//! - `crash`: aborts without a report;
//! - `hang`: never finishes;
//! - `idle`: does nothing.
//!
//! With `--idle` after the mode it only reads the job and stops itself until the harness has
//! sampled it, as a worker measuring its baseline does.

use std::io::Read;
use std::time::Duration;

use fanout_core::{ErrorKind, Fetch, Job, Outcome, Record, WorkerReport};

const HOLD: Duration = Duration::from_millis(500);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("idle");
    let count: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .expect("a job on stdin");
    let job: Job = serde_json::from_str(&input).expect("a readable job");
    if args.iter().any(|arg| arg == "--idle") {
        // SAFETY: raise only sends a signal to this process.
        unsafe { libc::raise(libc::SIGSTOP) };
        println!(
            "{}",
            serde_json::to_string(&WorkerReport::default()).expect("serialises")
        );
        return;
    }
    match mode {
        "threads" => {
            let threads: Vec<_> = (0..count)
                .map(|_| std::thread::spawn(|| std::thread::sleep(HOLD)))
                .collect();
            threads
                .into_iter()
                .for_each(|t| t.join().expect("sleeping threads do not panic"));
        }
        "touch" => {
            let memory = vec![1u8; count * 1024 * 1024];
            std::thread::sleep(HOLD);
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
        wall_ms: HOLD.as_secs_f64() * 1000.0,
        outcome: Outcome::new(records),
        ..WorkerReport::default()
    };
    println!("{}", serde_json::to_string(&report).expect("serialises"));
}
