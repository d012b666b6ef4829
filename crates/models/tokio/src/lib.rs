//! # tokio: async tasks on a multi-threaded runtime, HTTP through reqwest
//!
//! One task per target, spawned up front; a semaphore with `concurrency` permits lets that many
//! requests be in flight, and the rest wait their turn as suspended tasks, not threads. The
//! runtime has one worker thread per core, and one shared `reqwest` client keeps a connection
//! pool as large as the concurrency. This is the seeds' `asyncio` + `aiohttp` program:
//!
//! ```python
//! async def fetch(session, sem, url):
//!     async with sem:
//!         async with session.get(url) as response:
//!             return await response.read()
//!
//! async with aiohttp.ClientSession() as session:
//!     sem = asyncio.Semaphore(concurrency)
//!     pages = await asyncio.gather(*(fetch(session, sem, url) for url in urls))
//! ```
//!
//! with one difference Python cannot have: the tasks run on all cores at once.
//!
//! What to expect in the charts: wall time near the ideal at every concurrency, a thread count
//! that stays at the core count (plus one for the caller) however many requests are in flight,
//! and memory that grows by a few KiB per in-flight request (the task, its socket buffers, the
//! response) instead of a thread stack each.
//!
//! [`run_on`] with [`Flavor::CurrentThread`] runs the same code on one thread: that is the
//! `tokio-current-thread` model.

#![warn(missing_docs)]

use std::sync::Arc;
use std::time::Duration;

use fanout_core::{Clock, ErrorKind, Exchange, Fetch, Job, JobTarget, Outcome, Phase, SetupError};
use fanout_http_futures::{classify, describe};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Which tokio runtime to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// `cores` worker threads, with work stealing between them.
    MultiThread,
    /// Everything on the calling thread: one event loop, like Python's asyncio.
    CurrentThread,
}

/// Fetches every target of `job` on a multi-threaded runtime with one worker per core.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    run_on(Flavor::MultiThread, job)
}

/// Fetches every target of `job` on a runtime of the given flavor.
pub fn run_on(flavor: Flavor, job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let (mut builder, workers) = match flavor {
        Flavor::MultiThread => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(job.cores);
            (builder, job.cores)
        }
        Flavor::CurrentThread => (tokio::runtime::Builder::new_current_thread(), 1),
    };
    let runtime = builder
        .enable_all()
        .build()
        .map_err(|err| SetupError(format!("cannot build the tokio runtime: {err}")))?;
    let records = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .tcp_nodelay(true)
            .pool_max_idle_per_host(job.concurrency)
            .connect_timeout(job.connect_timeout())
            .build()
            .map_err(|err| SetupError(format!("cannot build the reqwest client: {err}")))?;
        let permits = Arc::new(Semaphore::new(job.concurrency));
        let mut tasks = JoinSet::new();
        for target in job.targets.clone() {
            let (client, permits) = (client.clone(), permits.clone());
            let (timeout, cpu_work) = (job.timeout(), job.cpu_work);
            // Taken up now; from here the task waits for a permit and for a worker to run it.
            let queued_ms = clock.now_ms();
            tasks.spawn(async move {
                let _permit = permits
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                let fetching = fetch(&client, &target, timeout, cpu_work, &clock);
                clock.record_async(&target, Some(queued_ms), fetching).await
            });
        }
        Ok(tasks.join_all().await)
    })?;
    Ok(Outcome::new(records).pinned("workers", workers))
}

/// Fetches one target with reqwest and judges the response; never panics, never retries.
/// The page is processed (`cpu_work` units) in the task, on the runtime's worker thread.
pub async fn fetch(
    client: &reqwest::Client,
    target: &JobTarget,
    timeout: Duration,
    cpu_work: u32,
    clock: &Clock,
) -> Exchange {
    let response = match tokio::time::timeout(timeout, client.get(&target.url).send()).await {
        Err(_) => return Exchange::failed(ErrorKind::Timeout, "no response within the timeout"),
        Ok(Err(err)) => {
            return Exchange::failed(classify(&err, Phase::Response), describe(&err));
        }
        Ok(Ok(response)) => response,
    };
    let answered = (response.status().as_u16(), clock.now_ms());
    let limit = target.read_limit() as usize;
    let body = match tokio::time::timeout(timeout, read_body(response, limit)).await {
        Err(_) => Err(Fetch::failed(
            ErrorKind::Timeout,
            "no complete body within the timeout",
        )),
        Ok(body) => body,
    };
    Exchange::answered(clock, target, answered, body, cpu_work)
}

/// Reads a body chunk by chunk, refusing one that runs past `limit`.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Fetch> {
    let mut body =
        Vec::with_capacity(response.content_length().unwrap_or(0).min(limit as u64) as usize);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > limit => {
                return Err(Fetch::failed(
                    ErrorKind::BodyMismatch,
                    format!("body longer than {limit} bytes"),
                ));
            }
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body),
            Err(err) => return Err(Fetch::failed(classify(&err, Phase::Body), describe(&err))),
        }
    }
}
