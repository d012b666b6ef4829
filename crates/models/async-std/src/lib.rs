//! # async-std: async tasks on async-std's global executor (deprecated upstream)
//!
//! **async-std was discontinued in 2025**: its README says to use smol instead (RUSTSEC-2025-0052).
//! It stays here because it was asked for and because it is still found in code that people
//! maintain; `fanout list`, the tables and the charts mark it deprecated.
//!
//! One task per target, a semaphore with `concurrency` permits, and HTTP through the hyper client
//! of `fanout-http-futures` over async-std's own `TcpStream`, the same client the `smol` model
//! uses, so the two differ only in their runtime. The executor's thread count is pinned to the
//! core count by configuring async-std's global executor (async-global-executor) before it
//! first starts. The Python
//! equivalent is the same as for `tokio`: `asyncio.gather` over `aiohttp` requests under an
//! `asyncio.Semaphore`.
//!
//! What to expect in the charts: close to `smol` (today's async-std is built on the same
//! executor and reactor crates), a thread count near the core count, a few KiB per in-flight
//! request.

#![warn(missing_docs)]

use std::future::Future;
use std::sync::Arc;

use async_lock::Semaphore;
use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_futures::{FuturesClient, connector};

/// Spawns hyper's connection tasks onto async-std's executor.
#[derive(Clone, Copy)]
struct AsyncStdExecutor;

impl<F: Future<Output = ()> + Send + 'static> hyper::rt::Executor<F> for AsyncStdExecutor {
    fn execute(&self, future: F) {
        async_std::task::spawn(future);
    }
}

/// Pins async-std's executor to `threads` threads. async-std starts its global executor
/// (async-global-executor) on first use and configures it only if nobody has yet, so this must
/// run before any async-std task in the process; the first configuration holds for the
/// process's life. The environment variable `ASYNC_GLOBAL_EXECUTOR_THREADS`, if set, still wins,
/// as async-global-executor documents.
fn pin_executor_threads(threads: usize) {
    async_global_executor::init_with_config(
        async_global_executor::GlobalExecutorConfig::default()
            .with_min_threads(threads)
            .with_max_threads(threads)
            .with_thread_name_fn(|| "async-std/runtime".to_owned()),
    );
}

/// Fetches every target of `job` with async-std tasks.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    pin_executor_threads(job.cores);
    let connect = connector(|address| async move {
        let stream = async_std::net::TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    });
    let client = Arc::new(FuturesClient::new(
        job,
        AsyncStdExecutor,
        connect,
        job.concurrency,
    ));
    let permits = Arc::new(Semaphore::new(job.concurrency));
    let records = async_std::task::block_on(async {
        let tasks: Vec<_> = job
            .targets
            .iter()
            .cloned()
            .map(|target| {
                let (client, permits) = (client.clone(), permits.clone());
                // Taken up now; from here the task waits for a permit and for a worker to run it.
                let queued_ms = clock.now_ms();
                async_std::task::spawn(async move {
                    let _permit = permits.acquire_arc().await;
                    let fetching = client.fetch(&target, &clock);
                    clock.record_async(&target, Some(queued_ms), fetching).await
                })
            })
            .collect();
        let mut records = Vec::with_capacity(tasks.len());
        for task in tasks {
            records.push(task.await);
        }
        records
    });
    Ok(Outcome::new(records).pinned("workers", job.cores))
}
