//! What the mock server's control endpoints answer (`GET /_fanout/stats`, `GET /_fanout/info`),
//! as the server writes it and the harness reads it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
    /// User CPU time the server process spent since the last reset: with `cpu_sys_ms`, what
    /// it cost to serve the run.
    #[serde(default)]
    pub cpu_user_ms: f64,
    /// System CPU time the server process spent since the last reset.
    #[serde(default)]
    pub cpu_sys_ms: f64,
}

/// Where the mock server listens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// The fault layer's base URL.
    pub faults: String,
    /// Every wiremock instance's base URL, the first where the control endpoints are; empty
    /// from a server that does not list them.
    #[serde(default)]
    pub items: Vec<String>,
}
