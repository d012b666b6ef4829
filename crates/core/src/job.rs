//! The job every model runs: its targets, where the mock server serves them, its concurrency
//! limit and timeouts.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::workload::Target;

/// One URL to fetch, with what a correct response looks like.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobTarget {
    /// The target's id, which its record carries.
    pub id: u32,
    /// Where to fetch it: the mock server instance or fault layer that serves it.
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
    /// The fault layer, for the faults only it produces.
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
    /// Every target, in the order the model is to take them up.
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

    /// The time allowed to open a connection.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }

    /// The time allowed for the response headers, and again for the body.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::Fault;

    #[test]
    fn targets_are_spread_over_the_instances_and_faults_go_to_the_fault_layer() {
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
}
