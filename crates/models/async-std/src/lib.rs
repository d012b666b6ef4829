//! # async-std: async tasks on async-std's global executor (deprecated upstream)
//!
//! **async-std was discontinued in 2025**: its README says to use smol instead (RUSTSEC-2025-0052).
//! It stays here because it was asked for and because it is still found in code that people
//! maintain; `fanout list`, the tables and the charts mark it deprecated.
//!
//! One task per target, a semaphore with `concurrency` permits, and HTTP through the hyper client
//! of `fanout-http-futures` over async-std's own `TcpStream`, the same client the `smol` model
//! uses, so the two differ only in their runtime. The executor's thread count is pinned to the
//! core count through `ASYNC_STD_THREAD_COUNT`, set before the runtime first starts. The Python
//! equivalent is the same as for `tokio`: `asyncio.gather` over `aiohttp` requests under an
//! `asyncio.Semaphore`.
//!
//! What to expect in the charts: close to `smol` (today's async-std is built on the same
//! executor and reactor crates), a thread count near the core count, a few KiB per in-flight
//! request.

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

/// Fetches every target of `job` with async-std tasks.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let threads = job.cores.to_string();
    if std::env::var("ASYNC_STD_THREAD_COUNT").ok().as_deref() != Some(threads.as_str()) {
        // SAFETY: the worker is single-threaded until the runtime below starts, and the runtime
        // reads this once, when it first starts. A process that runs models on other threads
        // (the benches) sets it before starting any.
        unsafe { std::env::set_var("ASYNC_STD_THREAD_COUNT", threads) };
    }
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
                async_std::task::spawn(async move {
                    let _permit = permits.acquire_arc().await;
                    clock.record_async(&target, client.fetch(&target)).await
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
