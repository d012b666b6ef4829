//! Faults: the share of a workload's targets that fail in each way, and how each one fails.

use serde::{Deserialize, Serialize};

/// Per-target faults: the share of targets, 0 to 1, that fail in each way. Each target draws
/// once, so the shares add up and must not pass 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Answer with `error_status` and no body.
    #[serde(default)]
    pub error_rate: f64,
    /// The status they answer with (Fluent Python's error server uses 418).
    #[serde(default = "default_error_status")]
    pub error_status: u16,
    /// Reset the connection (TCP RST) instead of answering.
    #[serde(default)]
    pub reset_rate: f64,
    /// Declare the full Content-Length, send half the body, close.
    #[serde(default)]
    pub truncate_rate: f64,
    /// Never answer: hold the connection until the client gives up.
    #[serde(default)]
    pub stall_rate: f64,
    /// Send the body slowly, spread over `trickle_ms`.
    #[serde(default)]
    pub trickle_rate: f64,
    #[serde(default = "default_trickle_ms")]
    /// How long a trickled body takes, in ms.
    pub trickle_ms: u64,
}

fn default_error_status() -> u16 {
    500
}

fn default_trickle_ms() -> u64 {
    2_000
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            error_rate: 0.0,
            error_status: default_error_status(),
            reset_rate: 0.0,
            truncate_rate: 0.0,
            stall_rate: 0.0,
            trickle_rate: 0.0,
            trickle_ms: default_trickle_ms(),
        }
    }
}

impl Faults {
    /// The rates by field name, in the order a target's draw walks through them.
    pub(super) fn rates(&self) -> [(&'static str, f64); 5] {
        [
            ("error_rate", self.error_rate),
            ("reset_rate", self.reset_rate),
            ("truncate_rate", self.truncate_rate),
            ("stall_rate", self.stall_rate),
            ("trickle_rate", self.trickle_rate),
        ]
    }

    /// The fault of a target whose uniform draw in [0, 1) is `draw`.
    pub(super) fn pick(&self, draw: f64) -> Fault {
        let faults = [
            Fault::Status(self.error_status),
            Fault::Reset,
            Fault::Truncate,
            Fault::Stall,
            Fault::Trickle {
                ms: self.trickle_ms,
            },
        ];
        let mut threshold = 0.0;
        for ((_, rate), fault) in self.rates().into_iter().zip(faults) {
            threshold += rate;
            if draw < threshold {
                return fault;
            }
        }
        Fault::None
    }
}

/// What the mock server does instead of answering normally.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    #[default]
    /// An answer as asked: the delay, then the body.
    None,
    /// Answer with this HTTP status and an empty body.
    Status(u16),
    /// Reset the connection instead of answering.
    Reset,
    /// Send half the declared body, then close.
    Truncate,
    /// Never answer.
    Stall,
    /// Send the body spread over `ms` milliseconds.
    Trickle {
        /// How long the body takes, in ms.
        ms: u64,
    },
}

impl Fault {
    /// Faults that wiremock cannot produce, served by the mock crate's own fault layer.
    pub fn needs_fault_layer(self) -> bool {
        matches!(
            self,
            Fault::Reset | Fault::Truncate | Fault::Stall | Fault::Trickle { .. }
        )
    }

    /// The name the URL and the server's log use for it.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Fault::None | Fault::Status(_) => None,
            Fault::Reset => Some("reset"),
            Fault::Truncate => Some("truncate"),
            Fault::Stall => Some("stall"),
            Fault::Trickle { .. } => Some("trickle"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::Workload;
    use crate::workload::tests::SMALL;

    #[test]
    fn fault_shares_follow_their_rates() {
        let source = SMALL
            .replace("targets = 50", "targets = 4000")
            .replace(
                "faults = { error_rate = 0.2, error_status = 418 }",
                "faults = { error_rate = 0.1, reset_rate = 0.1, truncate_rate = 0.1, stall_rate = 0.1, trickle_rate = 0.1, trickle_ms = 50 }",
            );
        let targets = Workload::parse(&source, "f.toml").unwrap().targets();
        let share = |wanted: fn(&Fault) -> bool| {
            targets.iter().filter(|t| wanted(&t.fault)).count() as f64 / targets.len() as f64
        };
        for (name, wanted) in [
            (
                "status",
                (|f: &Fault| matches!(f, Fault::Status(500))) as fn(&Fault) -> bool,
            ),
            ("reset", |f| *f == Fault::Reset),
            ("truncate", |f| *f == Fault::Truncate),
            ("stall", |f| *f == Fault::Stall),
            ("trickle", |f| *f == Fault::Trickle { ms: 50 }),
            ("none", |f| *f == Fault::None),
        ] {
            let expected = if name == "none" { 0.5 } else { 0.1 };
            assert!(
                (share(wanted) - expected).abs() < 0.03,
                "{name}: {}",
                share(wanted)
            );
        }
    }
}
