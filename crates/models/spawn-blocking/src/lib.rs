//! # spawn-blocking: blocking calls offloaded from async code to a thread pool
//!
//! A tokio runtime whose tasks do not fetch themselves: each hands a blocking `ureq` call to
//! tokio's blocking thread pool with `spawn_blocking` and awaits the result. The pool is allowed
//! `concurrency` threads, so that many requests are in flight and the rest queue for a thread.
//! This is seed 004's program, which turned 4.865 s into 1.484 s:
//!
//! ```python
//! async def fetch(url):
//!     response = await loop.run_in_executor(None, urlopen, url)
//!     return await loop.run_in_executor(None, response.read)
//!
//! await asyncio.gather(*(fetch(url) for url in urls))
//! ```
//!
//! `run_in_executor` is threads under the hood, and so is this.
//!
//! With CPU work on, each page is processed back in the task, on one of the runtime's
//! `cores` workers, exactly as the seed's coroutine calls `len(page)` on the event loop.
//!
//! What to expect in the charts: wall time like `threads`, and threads like `threads` too
//! (one per in-flight request, plus the runtime's workers): offloading makes blocking code
//! usable from async code, it does not make it cheap.

#![warn(missing_docs)]

use fanout_core::{Clock, ErrorKind, Fetch, Job, Outcome, Record, SetupError};
use fanout_http_blocking::BlockingClient;
use tokio::task::JoinSet;

/// Fetches every target of `job` through `spawn_blocking` on a pool of `concurrency` threads.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let blocking_threads = job.concurrency.max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(job.cores)
        .max_blocking_threads(blocking_threads)
        .enable_all()
        .build()
        .map_err(|err| SetupError(format!("cannot build the tokio runtime: {err}")))?;
    let client = BlockingClient::new(job, blocking_threads);
    let records = runtime.block_on(async {
        let mut tasks = JoinSet::new();
        for target in job.targets.clone() {
            let (client, cpu_work, id) = (client.clone(), job.cpu_work, target.id);
            // Taken up now; from here the call waits for a blocking thread to run it.
            let queued_ms = clock.now_ms();
            tasks.spawn(async move {
                // The blocking call runs on the pool; the page comes back to the task, which
                // processes it on the runtime's worker, as the seed's coroutine does.
                let offloaded = tokio::task::spawn_blocking(move || {
                    let start_ms = clock.now_ms();
                    let raw = client.fetch_raw(&target, &clock);
                    (start_ms, raw, target)
                });
                match offloaded.await {
                    Ok((start_ms, raw, target)) => {
                        let exchange = match raw {
                            Ok(response) => response.judge(&target, cpu_work, &mut || {}),
                            Err(failed) => failed,
                        };
                        clock.finish(&target, Some(queued_ms), start_ms, exchange)
                    }
                    Err(err) => Record::new(
                        id,
                        queued_ms,
                        clock.now_ms(),
                        Fetch::failed(
                            ErrorKind::Other,
                            format!("the blocking pool dropped the call: {err}"),
                        ),
                    ),
                }
            });
        }
        tasks.join_all().await
    });
    Ok(Outcome::new(records)
        .pinned("workers", job.cores)
        .pinned("blocking", blocking_threads))
}
