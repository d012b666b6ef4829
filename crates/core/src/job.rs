//! The model contract: the [`Job`] every model runs and the [`Outcome`] it returns.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::workload::Target;

/// One URL to fetch, with what a correct response looks like.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobTarget {
    pub id: u32,
    pub url: String,
    /// The body size a correct response has.
    pub size: u64,
}

/// Where the mock server listens: its instances' addresses (one, or several when it is scaled
/// out), and its fault layer's, which serves the faults wiremock cannot produce (resets,
/// truncated bodies, stalls, trickles).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerUrls {
    /// Never empty; the first is where the control endpoints are.
    pub items: Vec<String>,
    pub faults: String,
}

impl ServerUrls {
    /// A server whose fault layer, if any, is not known: everything goes to `base`.
    pub fn single(base: &str) -> Self {
        let base = base.trim_end_matches('/').to_owned();
        Self {
            items: vec![base.clone()],
            faults: base,
        }
    }

    /// The base URL that serves `target`: the fault layer for the faults only it makes, else
    /// the instances in turn, by target id, so each gets an equal share.
    pub fn base_for(&self, target: &Target) -> &str {
        if target.fault.needs_fault_layer() || self.items.is_empty() {
            &self.faults
        } else {
            &self.items[target.id as usize % self.items.len()]
        }
    }
}

/// A job's two timeouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Time allowed to open a connection.
    pub connect_ms: u64,
    /// Time allowed for the response headers, and again for the body.
    pub receive_ms: u64,
}

/// Everything a model needs to run: the targets in order, the concurrency limit and timeouts.
/// The same job, byte for byte, is given to every model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub targets: Vec<JobTarget>,
    /// At most this many requests in flight at once.
    pub concurrency: usize,
    /// Cores on the machine; async runtimes get this many worker threads.
    pub cores: usize,
    /// Time allowed to open a connection.
    pub connect_timeout_ms: u64,
    /// Time allowed for the response headers once the request is sent, and again for the body.
    pub timeout_ms: u64,
    /// Units of parse-like CPU work to do on each body (see [`crate::work`]).
    #[serde(default)]
    pub cpu_work: u32,
}

impl Job {
    /// The job of fetching `targets` from the mock server at `server`.
    pub fn new(
        targets: &[Target],
        server: &ServerUrls,
        concurrency: usize,
        cores: usize,
        timeouts: Timeouts,
    ) -> Self {
        Job {
            targets: targets
                .iter()
                .map(|target| JobTarget {
                    id: target.id,
                    url: format!("{}{}", server.base_for(target), target.path()),
                    size: target.size,
                })
                .collect(),
            concurrency,
            cores,
            connect_timeout_ms: timeouts.connect_ms,
            timeout_ms: timeouts.receive_ms,
            cpu_work: 0,
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

/// Why a request failed. The names are fixed: reports and scripts rely on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The connection could not be opened (refused, unreachable, connect timeout).
    Connect,
    /// No response, or no complete body, within the timeout.
    Timeout,
    /// The server closed or reset the connection before a response.
    Reset,
    /// A 4xx status.
    #[serde(rename = "http_4xx")]
    Http4xx,
    /// A 5xx status.
    #[serde(rename = "http_5xx")]
    Http5xx,
    /// The body ended before its declared length.
    Truncated,
    /// A complete body that is not the target's body.
    BodyMismatch,
    /// Anything else.
    Other,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Reset,
        ErrorKind::Http4xx,
        ErrorKind::Http5xx,
        ErrorKind::Truncated,
        ErrorKind::BodyMismatch,
        ErrorKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Reset => "reset",
            ErrorKind::Http4xx => "http_4xx",
            ErrorKind::Http5xx => "http_5xx",
            ErrorKind::Truncated => "truncated",
            ErrorKind::BodyMismatch => "body_mismatch",
            ErrorKind::Other => "other",
        }
    }
}

/// Where in an exchange an error happened: the same I/O error means a reset before the
/// response and a truncated body after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Response,
    Body,
}

impl ErrorKind {
    /// Classifies a response status: `None` for a success, whose body still needs checking.
    /// The one definition shared by the clients' judgement and the workload's expectation, so
    /// the two cannot drift apart.
    pub fn from_status(status: u16) -> Option<ErrorKind> {
        match status {
            200..=299 => None,
            400..=499 => Some(ErrorKind::Http4xx),
            500..=599 => Some(ErrorKind::Http5xx),
            _ => Some(ErrorKind::Other),
        }
    }

    /// Classifies an I/O error; every HTTP client's errors end in one of these.
    pub fn from_io(err: &std::io::Error, phase: Phase) -> ErrorKind {
        use std::io::ErrorKind as Io;
        match err.kind() {
            Io::ConnectionRefused
            | Io::AddrNotAvailable
            | Io::NetworkUnreachable
            | Io::HostUnreachable => ErrorKind::Connect,
            Io::TimedOut | Io::WouldBlock => ErrorKind::Timeout,
            Io::ConnectionReset | Io::ConnectionAborted | Io::BrokenPipe | Io::UnexpectedEof => {
                ErrorKind::closed_early(phase)
            }
            _ => ErrorKind::Other,
        }
    }

    /// The peer closed the connection: a reset before the response, a truncated body after.
    pub fn closed_early(phase: Phase) -> ErrorKind {
        match phase {
            Phase::Response => ErrorKind::Reset,
            Phase::Body => ErrorKind::Truncated,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What became of one target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fetch {
    /// A 2xx response whose body was verified; `work` is the result of the job's CPU work on
    /// it, which the harness checks.
    Ok { status: u16, bytes: u64, work: u64 },
    /// A failed request, classified.
    Failed { kind: ErrorKind, detail: String },
}

impl Fetch {
    pub fn failed(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Fetch::Failed {
            kind,
            detail: detail.into(),
        }
    }

    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self {
            Fetch::Ok { .. } => None,
            Fetch::Failed { kind, .. } => Some(*kind),
        }
    }
}

/// One target's record: when it started and ended (offsets from the model's start), how it
/// went, and the moments in between that show where the time went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: u32,
    /// When the request began (the model had a slot for it).
    pub start_ms: f64,
    /// When the model was done with it: the body verified and its CPU work done, or the error.
    pub end_ms: f64,
    pub fetch: Fetch,
    /// When the model took the target up, before it waited for a slot (a permit, a free
    /// thread): `None` where the target waits for nothing (a thread takes the next one itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_ms: Option<f64>,
    /// When the response headers had arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_ms: Option<f64>,
    /// When the whole body had been read; the CPU work on it runs from then to `end_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_ms: Option<f64>,
    /// The OS thread that finished the request and did its CPU work, as a small index in the
    /// order this process's threads first finished one (see [`thread_index`]).
    #[serde(default)]
    pub thread: u32,
    /// For a model with a global lock (`gil-threads`): each stretch, start and end in ms, in
    /// which this request's thread held the lock after its response arrived, doing its CPU
    /// work. Between stretches it waited for the lock while another thread held it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<[f64; 2]>,
}

impl Record {
    /// A record with no phases, stamped as done on the calling thread.
    pub fn new(id: u32, start_ms: f64, end_ms: f64, fetch: Fetch) -> Self {
        Record {
            id,
            start_ms,
            end_ms,
            fetch,
            queued_ms: None,
            headers_ms: None,
            body_ms: None,
            thread: thread_index(),
            holds: Vec::new(),
        }
    }

    pub fn latency_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// What a client made of one exchange: how it ended, and when its headers and its whole body
/// had arrived (`None` for a stage it never reached).
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    pub fetch: Fetch,
    pub headers_ms: Option<f64>,
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
                    fetch: crate::judge_body(target, status, body.as_ref(), cpu_work),
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

/// A small index for the calling OS thread, the same for the thread's whole life: 0 for the
/// first thread of the process that asks, 1 for the next, and so on. Lets records say which
/// thread did the work without carrying the kernel's thread ids.
pub fn thread_index() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    thread_local! {
        static INDEX: u32 = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.with(|index| *index)
}

/// What a model returns: one record per target, in any order, and the thread counts it gave
/// its runtime or pool (e.g. `{"workers": 2, "blocking": 100}`), so a reader sees what each
/// model was allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub records: Vec<Record>,
    pub pinned_threads: BTreeMap<String, usize>,
}

impl Outcome {
    pub fn new(records: Vec<Record>) -> Self {
        Self {
            records,
            pinned_threads: BTreeMap::new(),
        }
    }

    /// Records that the model gave `count` threads to `role`.
    pub fn pinned(mut self, role: &str, count: usize) -> Self {
        self.pinned_threads.insert(role.to_owned(), count);
        self
    }
}

/// What a worker process prints when its model returns: the outcome and the model's wall time,
/// timed inside the worker from the call of the model's entry point to its return.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkerReport {
    pub wall_ms: f64,
    /// User and system CPU time over the same interval as `wall_ms`: the worker process and
    /// the processes it started and waited for within the run. Start-up (a Python
    /// interpreter's, its imports) is left out, as it is from `wall_ms`. `None` from a worker
    /// that does not say.
    #[serde(default)]
    pub run_cpu_user_ms: Option<f64>,
    #[serde(default)]
    pub run_cpu_sys_ms: Option<f64>,
    /// The interpreter a Python model ran on, as it says of itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<crate::results::PythonInfo>,
    pub outcome: Outcome,
}

/// A model could not start at all (its pool or runtime refused to be built): the whole run
/// fails, as opposed to a request failing, which is a [`Record`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// The model's clock: started when the model starts, it stamps each record's start and end.
#[derive(Clone, Copy, Debug)]
pub struct Clock(Instant);

impl Clock {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_spread_over_the_instances_and_faults_go_to_the_fault_layer() {
        use crate::workload::{Fault, Target};
        let server = ServerUrls {
            items: vec!["http://a".into(), "http://b".into()],
            faults: "http://f".into(),
        };
        let target = |id, fault| Target {
            id,
            delay_ms: 0,
            size: 1,
            fault,
        };
        assert_eq!(server.base_for(&target(0, Fault::None)), "http://a");
        assert_eq!(server.base_for(&target(1, Fault::None)), "http://b");
        assert_eq!(server.base_for(&target(2, Fault::Status(418))), "http://a");
        assert_eq!(server.base_for(&target(3, Fault::Reset)), "http://f");
    }

    #[test]
    fn error_kinds_serialise_to_their_fixed_names() {
        for kind in ErrorKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
    }

    #[test]
    fn statuses_classify_by_their_class() {
        for (status, kind) in [
            (200, None),
            (204, None),
            (299, None),
            (100, Some(ErrorKind::Other)),
            (304, Some(ErrorKind::Other)),
            (400, Some(ErrorKind::Http4xx)),
            (418, Some(ErrorKind::Http4xx)),
            (499, Some(ErrorKind::Http4xx)),
            (500, Some(ErrorKind::Http5xx)),
            (599, Some(ErrorKind::Http5xx)),
            (600, Some(ErrorKind::Other)),
        ] {
            assert_eq!(ErrorKind::from_status(status), kind, "status {status}");
        }
    }

    #[test]
    fn each_thread_keeps_its_own_small_index() {
        let here = thread_index();
        assert_eq!(thread_index(), here);
        let there = std::thread::spawn(thread_index).join().unwrap();
        assert_ne!(there, here);
    }

    #[test]
    fn records_round_trip_through_json() {
        let record = Record {
            headers_ms: Some(2.0),
            ..Record::new(3, 1.5, 2.5, Fetch::failed(ErrorKind::Http5xx, "status 503"))
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
}
