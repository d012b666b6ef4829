//! One run as the results file keeps it: its counts, measurements and the server's view
//! (`RunRecord`), the parts it is made of, and its requests (`RequestRecord`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::latency::LatencySummary;
use crate::record::Record;

/// Request counts of one run: `ok + sum(failed) == total`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestCounts {
    /// Requests of the run: one per target.
    pub total: u64,
    /// Requests whose body was verified.
    pub ok: u64,
    /// Failures by error kind name; kinds with no failures are left out.
    pub failed: BTreeMap<String, u64>,
}

impl RequestCounts {
    /// Failed requests, every kind together.
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }
}

/// Context switches of a worker, from `wait4`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextSwitches {
    /// Switches made waiting for something (I/O, a lock).
    pub voluntary: u64,
    /// Switches the kernel forced (time slice used up).
    pub involuntary: u64,
}

/// One measured run of one model: (model, workload, concurrency, repeat).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The model, by its fixed name.
    pub model: String,
    /// The workload's name.
    pub workload: String,
    /// The most requests the model was allowed in flight.
    pub concurrency: usize,
    /// Which repeat this is, from 0.
    pub repeat: u32,
    /// Units of CPU work per body.
    pub cpu_work: u32,
    /// Requests by outcome.
    pub requests: RequestCounts,
    /// Every target accounted for exactly once and every 2xx body verified.
    pub verified: bool,
    /// The model's wall time, in ms, timed inside the worker.
    pub wall_ms: f64,
    /// The ideal makespan at the concurrency, in ms (see `ideal_makespan_ms`).
    pub ideal_ms: f64,
    /// `ideal_ms / wall_ms`: 1 for a perfect client.
    pub efficiency: f64,
    /// CPU time of the whole worker process, from `wait4`: process and interpreter start-up
    /// included.
    pub cpu_user_ms: f64,
    /// System CPU time, likewise.
    pub cpu_sys_ms: f64,
    /// CPU time over the same interval as `wall_ms` (the model's run, start-up excluded),
    /// child processes the model waited for included; `None` in files written before it was
    /// measured, and in runs that did not complete.
    #[serde(default)]
    pub run_cpu_user_ms: Option<f64>,
    #[serde(default)]
    /// System CPU time over the same interval.
    pub run_cpu_sys_ms: Option<f64>,
    /// Peak resident memory of the worker's tree, in KiB.
    pub peak_rss_kib: u64,
    /// Peak resident memory of an idle worker (the job read, nothing run), in KiB.
    pub baseline_rss_kib: u64,
    /// Peak virtual size of the worker's tree, in KiB.
    pub peak_vm_kib: u64,
    /// Threads of the worker's tree at their sampled peak.
    pub peak_threads: u64,
    /// Processes in the worker's tree at their peak (1 unless the model starts processes).
    #[serde(default)]
    pub peak_processes: u64,
    /// Virtual size of an idle worker, the counterpart of `baseline_rss_kib`.
    #[serde(default)]
    pub baseline_vm_kib: u64,
    /// Context switches of the worker.
    pub ctx_switches: ContextSwitches,
    /// Request latencies, from start to end: the service time, once the model began a request.
    pub latency_ms: LatencySummary,
    /// Response times: from when each request would have started on a perfect client with the
    /// same limit (the ideal schedule: FIFO into as many slots, no overhead) to its end. A
    /// request that waited for a turn beyond that schedule counts its wait here, not in
    /// `latency_ms`. `None` in files written before it was measured, and in runs that did not
    /// complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_ms: Option<LatencySummary>,
    /// What the mock server added to each response it wrote, from the end of the injected
    /// delay (its responder saw the request, read and parsed, and the delay ran from there) to
    /// hyper encoding the response in the step that writes it: the server's share of a
    /// request's time beyond its delay, apart from the model's, less the reading and parsing
    /// before its responder. `None` in files written before it was measured, from a server
    /// that does not stamp its responses, and in runs none of whose responses were written by
    /// wiremock (the fault layer's are not stamped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_added_ms: Option<LatencySummary>,
    /// From the first request's arrival at the mock server to the last one's (arrived: read and
    /// parsed, seen by its responder), in ms, by the server's clock. Set beside the model's own starts (`records`), it shows whether the
    /// server took the requests in as fast as the model sent them. `None` in files written
    /// before it was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_arrival_span_ms: Option<f64>,
    /// The most requests the mock server held at once during the run.
    pub server_peak_in_flight: u64,
    /// Why the run failed as a whole (crash, deadline, setup, verification); `None` if it ran.
    pub error: Option<String>,
    /// Thread counts the model gave its runtime or pool, by role.
    #[serde(default)]
    pub pinned_threads: BTreeMap<String, usize>,
    /// Samples of `/proc` taken during the run (how finely peaks were seen).
    #[serde(default)]
    pub samples: u64,
    /// Faults the mock server injected during the run, by kind (see [`crate::control::ServerStats`]).
    #[serde(default)]
    pub server_injected: BTreeMap<String, u64>,
    /// Item requests the mock server received during the run.
    #[serde(default)]
    pub server_requests: u64,
    /// CPU time (user + system) the mock server process spent on the run; `None` when the
    /// server could not say (not a fanout mock server).
    #[serde(default)]
    pub server_cpu_ms: Option<f64>,
    /// How many wiremock instances served the run (1 unless the server was scaled out).
    #[serde(default = "one")]
    pub server_instances: usize,
    /// The most requests the model had in flight at once by its own records (from the start
    /// of a request to its response headers): the client's side of `server_peak_in_flight`.
    #[serde(default)]
    pub client_peak_in_flight: u64,
    /// Which requests `records` holds: `all`, `sample` (every n-th by start, for a run too
    /// large to keep whole) or `none` (records not kept for this run; see the run's command).
    #[serde(default = "records_none")]
    pub records_kept: String,
    /// One entry per request of the run (or the sample `records_kept` names), in start order.
    #[serde(default)]
    pub records: Vec<RequestRecord>,
    /// When `records` is a sample: requests in flight over the run, `[ms, count]`, computed
    /// from every record before sampling (see [`in_flight_curve`]); empty when every record is
    /// kept, as the curve can then be computed from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_flight_curve: Vec<[f64; 2]>,
    /// The run was not started (`error` says why): no request was sent, so `requests` counts
    /// none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
    /// The run was cut off by something outside the model (the mock server stopped
    /// answering): not a measurement. `error` says why; `requests` counts none, and no median,
    /// chart or count of requests includes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unmeasured: bool,
    /// CPU time (user + system) the harness itself spent while the run went on: mostly
    /// sampling `/proc`. `None` in files written before it was measured.
    #[serde(default)]
    pub harness_cpu_ms: Option<f64>,
    /// The worker's whole life as the harness saw it, from its start to its exit, in ms: the
    /// interval its process CPU (`cpu_user_ms`), the server's and the harness's were spent in.
    /// `None` in files written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_elapsed_ms: Option<f64>,
    /// When the worker's thread count first reached `peak_threads`, from its start, as the
    /// sampler saw it (how fast threads rise).
    #[serde(default)]
    pub peak_threads_ms: Option<f64>,
    /// The machine's 1-minute load average just before and just after the run.
    #[serde(default)]
    pub load_before: Option<f64>,
    #[serde(default)]
    /// The machine's 1-minute load average just after the run.
    pub load_after: Option<f64>,
    /// CPU time the rest of the machine spent during the run: every CPU's busy time from
    /// `/proc/stat`, less the worker's, the mock server's and the harness's own. A busy machine
    /// shows here; `None` where it could not be told.
    #[serde(default)]
    pub others_cpu_ms: Option<f64>,
    /// The CPUs the worker was pinned to (`--pin-workers`); empty when it was not pinned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worker_cpus: Vec<usize>,
    /// What the worker's resident memory was made of at the highest resident size read, from
    /// `/proc/PID/smaps` (`--memory-parts`); `None` when not asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rss_parts_kib: Option<RssParts>,
    /// For a Python model, the interpreter it ran on, as the program itself reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<PythonInfo>,
}

/// Resident memory by what it is, in KiB, as the kernel accounts it in `/proc/PID/smaps`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RssParts {
    /// Thread stacks (with each thread's static TLS, which lives at its top) and the main
    /// thread's stack.
    pub stacks_kib: u64,
    /// malloc's heaps: the `brk` heap and the arenas glibc makes for threads.
    pub heap_kib: u64,
    /// Other anonymous memory: large allocations mapped on their own, a runtime's mappings.
    pub other_anon_kib: u64,
    /// Mapped files: the program's code and its libraries.
    pub file_kib: u64,
}

impl RssParts {
    /// Every part together.
    pub fn total_kib(&self) -> u64 {
        self.stacks_kib + self.heap_kib + self.other_anon_kib + self.file_kib
    }
}

/// The interpreter a Python model ran on, asked inside the program: its version, whether it is
/// a free-threaded build (PEP 703), and whether the GIL was enabled while it ran
/// (`sys._is_gil_enabled()`, not the environment it was started with).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonInfo {
    /// The version, e.g. `3.14.0`.
    pub version: String,
    /// Whether it is a free-threaded build.
    pub free_threaded: bool,
    /// Whether the GIL was enabled while the model ran.
    pub gil_enabled: bool,
    /// The C accelerators of the HTTP stack the program loaded, e.g. `aiohttp_c_parser`,
    /// `multidict_c` (where one is missing, its package runs its pure-Python fallback); empty
    /// for a program that loads none, and in files made before it was recorded.
    #[serde(default)]
    pub accelerators: Vec<String>,
}

fn records_none() -> String {
    "none".to_owned()
}

/// One request of a run, as the results file keeps it: when it was taken up, began, got its
/// headers, had its body and was done (ms from the model's start, to the microsecond; phases a
/// model cannot see are left out), how it ended (`ok`, or the error kind's fixed name), and
/// which of the worker's threads finished it.
pub type RequestRecord = Record<String>;

impl RequestRecord {
    /// The results file's form of a model's record: the outcome by name, times to the
    /// microsecond.
    pub fn from_record(record: &Record) -> Self {
        let micros = |ms: f64| (ms * 1e3).round() / 1e3;
        Record {
            id: record.id,
            start_ms: micros(record.start_ms),
            end_ms: micros(record.end_ms),
            outcome: record.outcome.name().to_owned(),
            thread: record.thread,
            queued_ms: record.queued_ms.map(micros),
            headers_ms: record.headers_ms.map(micros),
            body_ms: record.body_ms.map(micros),
            holds_ms: record
                .holds_ms
                .iter()
                .map(|[from, to]| [micros(*from), micros(*to)])
                .collect(),
            ideal_start_ms: record.ideal_start_ms.map(micros),
        }
    }
}

fn one() -> usize {
    1
}

impl RunRecord {
    /// The run's CPU time (user + system over its wall time), when it was measured.
    pub fn run_cpu_ms(&self) -> Option<f64> {
        Some(self.run_cpu_user_ms? + self.run_cpu_sys_ms?)
    }

    /// Whether the rest of the machine used more than a tenth of a core on average (and at
    /// least 50 ms of CPU) during the run: a figure to read with care.
    pub fn busy_machine(&self) -> bool {
        // A run with no wall time (killed, not run) has nothing to compare with.
        self.wall_ms > 0.0
            && self
                .others_cpu_ms
                .is_some_and(|others| others > 50.0 && others > 0.1 * self.wall_ms)
    }

    /// A run that counts: it completed and passed verification.
    pub fn succeeded(&self) -> bool {
        self.error.is_none() && self.verified
    }
}
