//! What the mock server's control endpoints answer (`GET /_fanout/stats`, `GET /_fanout/info`),
//! as the server writes it and the harness reads it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::LatencySummary;

/// The mock server's own view of a run, read from it after the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerStats {
    /// Which view this is: the server process's own number (its PID, shifted up) plus the
    /// resets it has had. A view read after a run with another generation than the one read
    /// just after the run's reset was reset, or the server restarted, during the run.
    #[serde(default)]
    pub generation: u64,
    /// Item requests received since the last reset.
    pub requests: u64,
    /// The most requests the server was holding at once (arrived, response not yet due).
    pub peak_in_flight: u64,
    /// Requests refused: with 400 for asking beyond the documented maxima, and with 503 when
    /// the bodies the server holds at once would pass its budget (1 GiB).
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
    /// What the server added to each item response wiremock wrote: from the end of its
    /// injected delay (when the delay's timer was due) to when the response was written, in
    /// ms; `None` when no such response was written since the last reset, or from a server
    /// that does not stamp its responses. The fault layer's responses are not stamped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_added_ms: Option<LatencySummary>,
    /// How many responses `server_added_ms` is made of.
    #[serde(default)]
    pub stamped: u64,
    /// From the first request's arrival since the last reset to the latest one's, in ms (a
    /// request has arrived when the server has read and parsed it). Set beside the client's
    /// own starts, it shows whether the server took the requests in as fast as the client sent
    /// them. `None` before any request arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_span_ms: Option<f64>,
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
