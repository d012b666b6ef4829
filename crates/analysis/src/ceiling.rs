//! The client throughput ceiling's numbers: what a standard load generator (`wrk`) measured
//! against the same server, each model's requests per second, and the groups comparable with
//! it.

use serde::{Deserialize, Serialize};

use super::summary::Summary;

/// What the load generator measured, as `scripts/ceiling.lua` writes it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoadGenerator {
    /// e.g. `wrk 4.1.0`.
    pub tool: String,
    /// The workload whose URLs it requested, and how the server was run.
    pub workload: String,
    /// Mock server instances it was run against.
    pub server_instances: usize,
    /// Its threads.
    pub threads: u32,
    /// Connections it kept open: the concurrency it is compared at.
    pub connections: usize,
    /// How long it ran.
    pub duration_s: f64,
    /// Requests it completed.
    pub requests: u64,
    /// Socket errors and non-2xx answers: a load generator's failures count against it.
    pub errors: u64,
    /// Its throughput.
    pub requests_per_s: f64,
    /// Median latency.
    pub latency_p50_ms: f64,
    /// 99th percentile latency.
    pub latency_p99_ms: f64,
}

impl LoadGenerator {
    /// Reads the figures `scripts/ceiling.lua` writes.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|err| format!("not a load generator's figures: {err}"))
    }
}

/// A model's requests per second: requests per repeat over the median wall time.
pub fn requests_per_s(summary: &Summary) -> f64 {
    summary.requests_per_run() / (summary.wall_ms.median / 1000.0).max(1e-9)
}

/// The comparable groups: the load generator's workload, at its connection count, against a
/// server of the same size, that completed with every request answered; fastest first.
pub fn comparable<'a>(summaries: &'a [Summary], generator: &LoadGenerator) -> Vec<&'a Summary> {
    let mut groups: Vec<&Summary> = summaries
        .iter()
        .filter(|s| {
            s.workload == generator.workload
                && s.concurrency == generator.connections
                && s.server_instances == generator.server_instances
                && !s.failed()
                && s.failed == 0
        })
        .collect();
    groups.sort_by(|a, b| requests_per_s(b).total_cmp(&requests_per_s(a)));
    groups
}
