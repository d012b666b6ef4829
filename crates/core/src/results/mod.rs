//! The results file: plain data, written by the harness and read by the report.
//! Field names are fixed; new fields may be added, none renamed.

use serde::{Deserialize, Serialize};

mod run;

pub use run::{ContextSwitches, PythonInfo, RequestCounts, RequestRecord, RssParts, RunRecord};

/// The schema number this build writes and reads.
pub const SCHEMA: u32 = 1;

/// The machine a results file was measured on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// Cores available to the harness that measured the runs.
    pub cores: usize,
    /// The CPU model.
    pub cpu: String,
    /// Total memory, in KiB.
    pub memory_kib: u64,
    /// The operating system's name and version, from `/etc/os-release`.
    pub os: String,
    /// The kernel release.
    pub kernel: String,
    /// The Rust compiler that built fanout.
    pub rustc: String,
}

/// A whole results file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// The schema the file is written in ([`SCHEMA`]).
    pub schema: u32,
    /// The machine the runs were measured on.
    pub machine: Machine,
    /// When the sweep started (RFC 3339, to the second).
    pub started_at: String,
    /// The command line that made the file.
    pub command: String,
    /// What the mock server adds to every request, measured before the runs; `None` in files
    /// written before it was measured, or when the server could not be reached.
    #[serde(default)]
    pub server_floor: Option<ServerFloor>,
    /// Runs of each model made before its first measured one and not recorded (`--warmup`).
    #[serde(default)]
    pub warmup: u32,
    /// The CPUs the started mock server was pinned to (`--pin-server`); empty when it was not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub server_cpus: Vec<usize>,
    /// Every run, in the order it was made.
    pub runs: Vec<RunRecord>,
    /// Per (model, workload, concurrency, CPU work, server instances): the wall time's median
    /// over the successful repeats with its 95% confidence interval, written with the runs by
    /// `fanout run` (the report computes the same from `runs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<GroupSummary>,
}

/// One group's wall time over its repeats, as the results file summarises it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// The model.
    pub model: String,
    /// The workload.
    pub workload: String,
    /// The concurrency.
    pub concurrency: usize,
    /// Units of CPU work per body.
    pub cpu_work: u32,
    /// How many wiremock instances served the runs.
    pub server_instances: usize,
    /// Repeats that completed and passed verification, and those that did not.
    pub runs: usize,
    /// Repeats that failed or did not verify.
    pub failed_runs: usize,
    /// The median wall time of the successful repeats, in ms.
    pub wall_ms_median: f64,
    /// The median's 95% confidence interval (Student t on log times); `None` for one repeat.
    pub wall_ms_ci95: Option<[f64; 2]>,
    /// The fastest successful repeat, in ms.
    pub wall_ms_min: f64,
    /// The slowest successful repeat, in ms.
    pub wall_ms_max: f64,
    /// Repeats outside Tukey's fences (counted from four repeats up).
    pub outliers: usize,
    /// Repeats made while the rest of the machine was busy.
    pub busy_runs: usize,
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
        let results: Results = serde_json::from_value(value)
            .map_err(|err| format!("not a fanout results file: {err}"))?;
        results.check()?;
        Ok(results)
    }

    /// Whether every run's figures agree with each other: its requests add up (`ok` and the
    /// failed of every kind to `total`), and its times are not negative. A file that
    /// contradicts itself is refused, naming the first run that does.
    fn check(&self) -> Result<(), String> {
        for (index, run) in self.runs.iter().enumerate() {
            let requests = &run.requests;
            let failed = requests.failed_total();
            let why = if requests.ok + failed != requests.total {
                format!(
                    "its ok ({}) and failed ({failed}) requests do not add up to its total ({})",
                    requests.ok, requests.total
                )
            } else if !(run.wall_ms >= 0.0 && run.ideal_ms >= 0.0) {
                format!(
                    "its wall time ({}) or ideal time ({}) is negative",
                    run.wall_ms, run.ideal_ms
                )
            } else {
                continue;
            };
            return Err(format!(
                "run {} (`{}` on `{}` at concurrency {}, repeat {}) contradicts itself: {why}",
                index + 1,
                run.model,
                run.workload,
                run.concurrency,
                run.repeat
            ));
        }
        Ok(())
    }
}
