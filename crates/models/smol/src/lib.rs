//! # smol: async tasks on a smol executor run by one thread per core
//!
//! A `smol::Executor` is driven by `cores` threads started for the run (and by the calling
//! thread while it waits). One task per target, a semaphore with `concurrency` permits, and HTTP
//! through the hyper client of `fanout-http-futures` over smol's `TcpStream`: the same client as
//! `async-std`, so the two differ only in their runtime. The Python equivalent is the same as
//! for `tokio`: `asyncio.gather` over `aiohttp` requests under an `asyncio.Semaphore`.
//!
//! What to expect in the charts: wall time near the ideal, threads at the core count plus a
//! couple (the caller and async-io's reactor thread), and memory that grows by a few KiB per
//! in-flight request.

#![warn(missing_docs)]

use std::sync::Arc;
use std::thread;

use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_futures::{FuturesClient, connector};
use smol::Executor;
use smol::lock::Semaphore;
use smol_hyper::rt::SmolExecutor;

/// Fetches every target of `job` on a smol executor with one thread per core.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let executor = Arc::new(Executor::new());
    let connect = connector(|address| async move {
        let stream = smol::net::TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(stream)
    });
    let client = Arc::new(FuturesClient::new(
        job,
        SmolExecutor::new(executor.clone()),
        connect,
        job.concurrency,
    ));
    let permits = Arc::new(Semaphore::new(job.concurrency));
    let (stop, stopped) = smol::channel::bounded::<()>(1);

    thread::scope(|scope| {
        for index in 0..job.cores {
            let (executor, stopped) = (executor.clone(), stopped.clone());
            thread::Builder::new()
                .name(format!("smol-{index}"))
                .spawn_scoped(scope, move || smol::block_on(executor.run(stopped.recv())))
                .map_err(|err| {
                    SetupError(format!("cannot start executor thread {index}: {err}"))
                })?;
        }
        let tasks: Vec<_> = job
            .targets
            .iter()
            .cloned()
            .map(|target| {
                let (client, permits) = (client.clone(), permits.clone());
                // Taken up now; from here the task waits for a permit and for a worker to run it.
                let queued_ms = clock.now_ms();
                executor.spawn(async move {
                    let _permit = permits.acquire_arc().await;
                    let fetching = client.fetch(&target, &clock);
                    clock.record_async(&target, Some(queued_ms), fetching).await
                })
            })
            .collect();
        let records = smol::block_on(executor.run(async {
            let mut records = Vec::with_capacity(tasks.len());
            for task in tasks {
                records.push(task.await);
            }
            records
        }));
        // Closing the channel ends every executor thread's `run`.
        drop(stop);
        Ok(Outcome::new(records).pinned("workers", job.cores))
    })
}
