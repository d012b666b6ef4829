//! # sequential: one request at a time
//!
//! The baseline every other model is measured against. One `ureq` agent fetches the targets in
//! order, each request waiting for the previous one to finish, exactly like the seeds' first
//! program:
//!
//! ```python
//! session = requests.Session()
//! for url in urls:
//!     page = session.get(url).content
//! ```
//!
//! What to expect in the charts: wall time is the sum of every latency (100 x 100 ms = 10 s on
//! `quick`), one thread, the least memory and CPU of all, and a server that never sees more
//! than one request at a time. The concurrency setting does not apply: it always runs at 1.

#![warn(missing_docs)]

use fanout_core::{Clock, Job, Outcome, SetupError};
use fanout_http_blocking::BlockingClient;

/// Fetches every target of `job`, one after another.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let clock = Clock::start();
    let client = BlockingClient::new(job, 1);
    let records = job
        .targets
        .iter()
        .map(|target| clock.record(target, None, || client.fetch(target, &clock)))
        .collect();
    Ok(Outcome::new(records).pinned("fetching", 1))
}
