//! # blocking-in-async: blocking calls made straight from async tasks (the mistake)
//!
//! The `tokio` model's shape, one task per target under a semaphore of `concurrency`, but
//! each task calls blocking `ureq` directly instead of awaiting an async client. A blocking call
//! never yields to the runtime: the worker thread that runs the task is stuck in the kernel
//! until the response arrives, and no other task can run on it meanwhile. This is what the
//! seeds warn against:
//!
//! ```python
//! async def fetch(url):
//!     return requests.get(url).content   # blocks the whole event loop
//! # or: time.sleep(1) inside a coroutine, instead of await asyncio.sleep(1)
//! ```
//!
//! What to expect in the charts: however high the concurrency, only as many requests are in
//! flight as the runtime has worker threads (one per core), so wall time is that of a pool of
//! `cores` threads; the server's in-flight count shows the cap directly. The fix is the
//! `tokio` model (an async client) or the `spawn-blocking` model (move the call off the loop).

#![warn(missing_docs)]

use std::sync::Arc;

use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_blocking::BlockingClient;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Fetches every target of `job` with blocking calls inside tokio tasks.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(job.cores)
        .enable_all()
        .build()
        .map_err(|err| SetupError(format!("cannot build the tokio runtime: {err}")))?;
    let client = BlockingClient::new(job, job.concurrency);
    let records = runtime.block_on(async {
        let permits = Arc::new(Semaphore::new(job.concurrency));
        let mut tasks = JoinSet::new();
        for target in job.targets.clone() {
            let (client, permits) = (client.clone(), permits.clone());
            // Taken up now; from here the task waits for a permit and for a worker to run it.
            let queued_ms = clock.now_ms();
            tasks.spawn(async move {
                let _permit = permits
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                // The mistake: a blocking call on the runtime's worker thread.
                clock.record(&target, Some(queued_ms), || client.fetch(&target, &clock))
            });
        }
        tasks.join_all().await
    });
    Ok(Outcome::new(records).pinned("workers", job.cores))
}
