//! # tokio-current-thread: one thread, one event loop
//!
//! The `tokio` model's code, unchanged, on tokio's current-thread runtime: every task, every
//! socket and every timer is driven by the one thread that calls [`run`]. This is exactly
//! Python's asyncio: a single-threaded event loop that switches between coroutines only where
//! they `await`:
//!
//! ```python
//! asyncio.run(main())   # one thread, one loop, many coroutines
//! ```
//!
//! What to expect in the charts: for I/O-bound work, wall time as good as the multi-threaded
//! `tokio` (waiting needs no cores), one thread at every concurrency, and the least memory of the
//! async models. Its limit shows when there is real work per response: everything then queues
//! behind one core.

#![warn(missing_docs)]

use fanout_core::{Job, Outcome, SetupError};
use fanout_tokio::Flavor;

/// Fetches every target of `job` on a current-thread tokio runtime.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    fanout_tokio::run_on(Flavor::CurrentThread, job)
}
