//! The blocking HTTP client every thread-based model uses, one `ureq` agent configured once,
//! and the thread pool with its work queue that `threads` and `gil-threads` run it on.
//!
//! Sharing it keeps the thread models honest with each other: `sequential`, `threads` and the
//! others differ only in how they schedule calls to [`BlockingClient::fetch`], never in how a
//! request is made. The agent has no proxy, no TLS, a connection pool as large as the
//! concurrency, and only connect and receive timeouts (a global timeout would make ureq start a
//! resolver thread per connection, which would show up in the thread counts).

#![warn(missing_docs)]

pub mod pool;

use fanout_core::{Clock, ErrorKind, Exchange, Job, JobTarget, Phase, judge_body_with};

pub use pool::{WorkQueue, run_pool};
use ureq::Agent;

/// One `ureq` agent set up for a job.
#[derive(Clone)]
pub struct BlockingClient {
    agent: Agent,
    cpu_work: u32,
}

impl BlockingClient {
    /// An agent for `job` that keeps up to `pool_size` idle connections to the server.
    pub fn new(job: &Job, pool_size: usize) -> Self {
        let agent = Agent::config_builder()
            .proxy(None)
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections(pool_size)
            .max_idle_connections_per_host(pool_size)
            .timeout_connect(Some(job.connect_timeout()))
            .timeout_recv_response(Some(job.timeout()))
            .timeout_recv_body(Some(job.timeout()))
            .build()
            .new_agent();
        Self {
            agent,
            cpu_work: job.cpu_work,
        }
    }

    /// Fetches one target, judges the response and does the job's CPU work on the body, all
    /// on the calling thread, stamping when the headers and the body arrived on `clock`;
    /// never panics, never retries.
    pub fn fetch(&self, target: &JobTarget, clock: &Clock) -> Exchange {
        match self.fetch_raw(target, clock) {
            Ok(response) => response.judge(target, self.cpu_work, &mut || {}),
            Err(failed) => failed,
        }
    }

    /// Fetches one target's status and body without judging them, for models that process
    /// the page elsewhere; a failed request is already an [`Exchange`].
    pub fn fetch_raw(&self, target: &JobTarget, clock: &Clock) -> Result<Response, Exchange> {
        let response = match self.agent.get(&target.url).call() {
            Ok(response) => response,
            Err(err) => {
                return Err(Exchange::failed(
                    classify(&err, Phase::Response),
                    err.to_string(),
                ));
            }
        };
        let headers_ms = clock.now_ms();
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .with_config()
            .limit(target.read_limit())
            .read_to_vec();
        match body {
            Ok(body) => Ok(Response {
                status,
                body,
                headers_ms,
                body_ms: clock.now_ms(),
            }),
            Err(err) => Err(Exchange {
                headers_ms: Some(headers_ms),
                ..Exchange::failed(classify(&err, Phase::Body), err.to_string())
            }),
        }
    }
}

/// A response read whole, not yet judged, with when its headers and body arrived.
pub struct Response {
    /// The response status.
    pub status: u16,
    /// The whole body.
    pub body: Vec<u8>,
    /// When the headers had arrived, on the model's clock.
    pub headers_ms: f64,
    /// When the whole body had been read, on the same clock.
    pub body_ms: f64,
}

impl Response {
    /// Judges the response and does `cpu_work` units of work on it, calling `checkpoint`
    /// between units (see [`fanout_core::judge_body_with`]).
    pub fn judge(
        self,
        target: &JobTarget,
        cpu_work: u32,
        checkpoint: &mut dyn FnMut(),
    ) -> Exchange {
        Exchange {
            fetch: judge_body_with(target, self.status, &self.body, cpu_work, checkpoint),
            headers_ms: Some(self.headers_ms),
            body_ms: Some(self.body_ms),
        }
    }
}

/// Maps a `ureq` error to the fixed error kinds.
pub fn classify(err: &ureq::Error, phase: Phase) -> ErrorKind {
    use ureq::Error;
    use ureq::Timeout;
    match err {
        Error::Timeout(Timeout::Connect | Timeout::Resolve) => ErrorKind::Connect,
        Error::Timeout(_) => ErrorKind::Timeout,
        Error::ConnectionFailed | Error::HostNotFound => ErrorKind::Connect,
        Error::BodyExceedsLimit(_) => ErrorKind::BodyMismatch,
        Error::Io(io_err) => ErrorKind::from_io(io_err, phase),
        Error::Protocol(_) => ErrorKind::closed_early(phase),
        _ => ErrorKind::Other,
    }
}
