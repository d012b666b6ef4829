//! The model's clock, and the exchange a client hands it: together they stamp each record.

use std::time::Instant;

use crate::body::judge_body;
use crate::error_kind::ErrorKind;
use crate::fetch::Fetch;
use crate::job::JobTarget;
use crate::record::Record;

/// What a client made of one exchange: how it ended, and when its headers and its whole body
/// had arrived (`None` for a stage it never reached).
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    /// How the exchange ended.
    pub fetch: Fetch,
    /// When the response headers had arrived, on the model's clock.
    pub headers_ms: Option<f64>,
    /// When the whole body had been read, on the same clock.
    pub body_ms: Option<f64>,
}

impl Exchange {
    /// An exchange that failed before the headers arrived.
    pub fn failed(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Fetch::failed(kind, detail).into()
    }

    /// An exchange whose headers (with `status`) arrived at `headers_ms`, and whose body was
    /// then read whole (stamped now, and judged with `cpu_work` units of work) or failed.
    pub fn answered(
        clock: &Clock,
        target: &JobTarget,
        (status, headers_ms): (u16, f64),
        body: Result<impl AsRef<[u8]>, Fetch>,
        cpu_work: u32,
    ) -> Self {
        match body {
            Ok(body) => {
                let body_ms = Some(clock.now_ms());
                Exchange {
                    fetch: judge_body(target, status, body.as_ref(), cpu_work),
                    headers_ms: Some(headers_ms),
                    body_ms,
                }
            }
            Err(failed) => Exchange {
                fetch: failed,
                headers_ms: Some(headers_ms),
                body_ms: None,
            },
        }
    }
}

impl From<Fetch> for Exchange {
    fn from(fetch: Fetch) -> Self {
        Exchange {
            fetch,
            headers_ms: None,
            body_ms: None,
        }
    }
}

/// The model's clock: started when the model starts, it stamps each record's start and end.
#[derive(Clone, Copy, Debug)]
pub struct Clock(Instant);

impl Clock {
    /// A clock that starts now.
    pub fn start() -> Self {
        Self(Instant::now())
    }

    /// Milliseconds since the clock started.
    pub fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }

    /// Milliseconds from the clock's start to `instant`.
    pub fn ms_at(&self, instant: Instant) -> f64 {
        instant.saturating_duration_since(self.0).as_secs_f64() * 1000.0
    }

    /// Runs `fetch` for `target` and stamps the record with its start and end; `queued_ms` is
    /// when the target was taken up, if it then waited for a slot.
    pub fn record(
        &self,
        target: &JobTarget,
        queued_ms: Option<f64>,
        fetch: impl FnOnce() -> Exchange,
    ) -> Record {
        let start_ms = self.now_ms();
        let exchange = fetch();
        self.finish(target, queued_ms, start_ms, exchange)
    }

    /// The same for an async fetch: stamped when it starts and when it completes, on the
    /// thread that completed it.
    pub async fn record_async(
        &self,
        target: &JobTarget,
        queued_ms: Option<f64>,
        fetch: impl Future<Output = Exchange>,
    ) -> Record {
        let start_ms = self.now_ms();
        let exchange = fetch.await;
        self.finish(target, queued_ms, start_ms, exchange)
    }

    /// The record of `exchange`, which began at `start_ms`, ending now on this thread.
    pub fn finish(
        &self,
        target: &JobTarget,
        queued_ms: Option<f64>,
        start_ms: f64,
        exchange: Exchange,
    ) -> Record {
        Record {
            queued_ms,
            headers_ms: exchange.headers_ms,
            body_ms: exchange.body_ms,
            ..Record::new(target.id, start_ms, self.now_ms(), exchange.fetch)
        }
    }
}
