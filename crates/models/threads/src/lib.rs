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

#![warn(missing_docs)]

use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_blocking::{BlockingClient, WorkQueue, run_pool};

/// Fetches every target of `job` on a pool of `job.concurrency` threads.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let pool_size = job.concurrency.min(job.targets.len()).max(1);
    let client = BlockingClient::new(job, pool_size);

    let queue = WorkQueue::new(&job.targets);
    let records = run_pool(&queue, pool_size, "fetch", |_| {
        let mut records = Vec::new();
        while let Some(target) = queue.next() {
            records.push(clock.record(target, None, || client.fetch(target, &clock)));
        }
        records
    })?;
    Ok(Outcome::new(records).pinned("fetching", pool_size))
}
