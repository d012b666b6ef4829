//! # rayon: a CPU-parallel pool used for I/O
//!
//! `par_iter` over the targets in a rayon pool of `concurrency` threads, each fetching with a
//! blocking call through one shared `ureq` agent. Rayon is built for splitting CPU work across
//! cores; used for I/O, its threads simply block, so it behaves as a thread pool whose work is
//! handed out by work stealing instead of a queue. In Python terms this is
//! `ThreadPoolExecutor.map`, or `multiprocessing.Pool.map` with threads.
//!
//! What to expect in the charts: like `threads`, one thread per unit of concurrency; work
//! stealing splits the targets in halves rather than handing them out one by one, so when
//! latencies vary some threads can run out of work while others still hold a queue, and wall
//! time falls a little short of the ideal.

#![warn(missing_docs)]

use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_blocking::BlockingClient;
use rayon::prelude::*;

/// Fetches every target of `job` with `par_iter` in a pool of `job.concurrency` threads.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let pool_size = job.concurrency.min(job.targets.len()).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(pool_size)
        .thread_name(|index| format!("rayon-{index}"))
        .build()
        .map_err(|err| {
            SetupError(format!(
                "cannot build a rayon pool of {pool_size} threads: {err}"
            ))
        })?;
    let client = BlockingClient::new(job, pool_size);
    let records = pool.install(|| {
        job.targets
            .par_iter()
            .with_max_len(1)
            .map(|target| clock.record(target, None, || client.fetch(target, &clock)))
            .collect()
    });
    Ok(Outcome::new(records).pinned("fetching", pool_size))
}
