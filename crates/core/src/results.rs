//! The results file: plain data, written by the harness and read by the report.
//! Field names are fixed; new fields may be added, none renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::latency::LatencySummary;

/// The schema number this build writes and reads.
pub const SCHEMA: u32 = 1;

/// The machine a results file was measured on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub memory_kib: u64,
    pub os: String,
    pub kernel: String,
    pub rustc: String,
}

/// Request counts of one run: `ok + sum(failed) == total`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestCounts {
    pub total: u64,
    pub ok: u64,
    /// Failures by error kind name; kinds with no failures are left out.
    pub failed: BTreeMap<String, u64>,
}

impl RequestCounts {
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextSwitches {
    pub voluntary: u64,
    pub involuntary: u64,
}

/// One measured run of one model: (model, workload, concurrency, repeat).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub model: String,
    pub workload: String,
    pub concurrency: usize,
    pub repeat: u32,
    pub cpu_work: u32,
    pub requests: RequestCounts,
    /// Every target accounted for exactly once and every 2xx body verified.
    pub verified: bool,
    pub wall_ms: f64,
    pub ideal_ms: f64,
    pub efficiency: f64,
    pub cpu_user_ms: f64,
    pub cpu_sys_ms: f64,
    pub peak_rss_kib: u64,
    pub baseline_rss_kib: u64,
    pub peak_vm_kib: u64,
    pub peak_threads: u64,
    /// Processes in the worker's tree at their peak (1 unless the model starts processes).
    #[serde(default)]
    pub peak_processes: u64,
    /// Virtual size of an idle worker, the counterpart of `baseline_rss_kib`.
    #[serde(default)]
    pub baseline_vm_kib: u64,
    pub ctx_switches: ContextSwitches,
    pub latency_ms: LatencySummary,
    pub server_peak_in_flight: u64,
    /// Why the run failed as a whole (crash, deadline, setup, verification); `None` if it ran.
    pub error: Option<String>,
    /// Thread counts the model gave its runtime or pool, by role.
    #[serde(default)]
    pub pinned_threads: BTreeMap<String, usize>,
    /// Samples of `/proc` taken during the run (how finely peaks were seen).
    #[serde(default)]
    pub samples: u64,
    /// Faults the mock server injected during the run, by kind (see [`ServerStats`]).
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
}

fn one() -> usize {
    1
}

impl RunRecord {
    /// A run that counts: it completed and passed verification.
    pub fn succeeded(&self) -> bool {
        self.error.is_none() && self.verified
    }
}

/// A whole results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub schema: u32,
    pub machine: Machine,
    pub started_at: String,
    pub command: String,
    /// What the mock server adds to every request, measured before the runs; `None` in files
    /// written before it was measured, or when the server could not be reached.
    #[serde(default)]
    pub server_floor: Option<ServerFloor>,
    pub runs: Vec<RunRecord>,
}

/// The mock server's own floor, measured by the harness over one keep-alive connection before
/// the runs: what the ideal (which counts only the injected delays) does not include.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerFloor {
    /// Round trips timed at each delay.
    pub requests: u32,
    /// Median round trip of a request with no delay (a 4 KiB body).
    pub zero_delay_ms: f64,
    /// The delay the second series asks for.
    pub delay_ms: u64,
    /// Median round trip of a request with that delay.
    pub delayed_ms: f64,
}

impl Results {
    /// Parses a results file, refusing another schema with a message that says which.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|err| format!("not valid JSON: {err}"))?;
        match value.get("schema").and_then(serde_json::Value::as_u64) {
            Some(schema) if schema == u64::from(SCHEMA) => {}
            Some(schema) => {
                return Err(format!(
                    "schema {schema} is not supported; this build reads schema {SCHEMA}"
                ));
            }
            None => {
                return Err(format!(
                    "no `schema` field; expected `\"schema\": {SCHEMA}`"
                ));
            }
        }
        serde_json::from_value(value).map_err(|err| format!("not a fanout results file: {err}"))
    }
}

/// The mock server's own view of a run, read from it after the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerStats {
    /// Item requests received since the last reset.
    pub requests: u64,
    /// The most requests the server was holding at once (arrived, response not yet due).
    pub peak_in_flight: u64,
    /// Requests refused with 400 for asking beyond the documented maxima.
    pub refused: u64,
    /// Faults injected, by kind: `http_4xx`, `http_5xx`, `reset`, `truncate`, `stall`,
    /// `trickle`. The oracle for what a client should have recorded.
    #[serde(default)]
    pub injected: BTreeMap<String, u64>,
    /// CPU time the server process spent since the last reset: what it cost to serve the run.
    #[serde(default)]
    pub cpu_user_ms: f64,
    #[serde(default)]
    pub cpu_sys_ms: f64,
}
