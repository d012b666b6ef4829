//! # threads: a pool of OS threads sharing a work queue
//!
//! `concurrency` threads, started with the run and joined at its end, take targets from one
//! shared queue and fetch them with blocking `ureq` calls through one shared agent. This is
//! Python's
//!
//! ```python
//! with ThreadPoolExecutor(max_workers=concurrency) as pool:
//!     pages = list(pool.map(fetch, urls))
//! ```
//!
//! without the GIL: Rust threads run truly in parallel, but for I/O-bound work that hardly
//! matters, since each thread spends nearly all its time blocked in the kernel waiting for
//! the server, which is why Python threads help I/O-bound work too.
//!
//! What to expect in the charts: wall time close to the ideal, and one OS thread per unit of
//! concurrency, each with its own stack: peak threads rise one for one with the concurrency,
//! and so do reserved virtual memory and, more slowly, resident memory. Starting the threads is
//! part of the run and shows at high concurrency.

use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;

use fanout_core::{Clock, Job, JobTarget, Outcome, Record, SetupError};
use fanout_http_blocking::BlockingClient;

/// Fetches every target of `job` on a pool of `job.concurrency` threads.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let pool_size = job.concurrency.min(job.targets.len()).max(1);
    let client = BlockingClient::new(job, pool_size);

    // The work queue: every target, in order. Workers take the next one when they are free.
    let (queue_in, queue_out) = mpsc::channel::<&JobTarget>();
    for target in &job.targets {
        queue_in
            .send(target)
            .expect("the receiver is alive until the pool is joined");
    }
    drop(queue_in);
    let queue = Mutex::new(queue_out);

    let worker = || {
        let mut records: Vec<Record> = Vec::new();
        loop {
            // Hold the lock only to receive, never while fetching.
            let next = queue.lock().expect("no worker panics").recv();
            let Ok(target) = next else { return records };
            records.push(clock.record(target, || client.fetch(target)));
        }
    };

    thread::scope(|scope| {
        let mut workers = Vec::with_capacity(pool_size);
        for index in 0..pool_size {
            let spawned = thread::Builder::new()
                .name(format!("fetch-{index}"))
                .spawn_scoped(scope, worker);
            match spawned {
                Ok(handle) => workers.push(handle),
                Err(err) => {
                    // Empty the queue so the threads already started stop after one request.
                    while queue.lock().expect("no worker panics").try_recv().is_ok() {}
                    return Err(SetupError(format!(
                        "could not start thread {} of {pool_size}: {err}",
                        index + 1
                    )));
                }
            }
        }
        let records = workers
            .into_iter()
            .flat_map(|handle| handle.join().expect("workers do not panic"))
            .collect();
        Ok(Outcome::new(records).pinned("fetching", pool_size))
    })
}
