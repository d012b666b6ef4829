//! What became of one target, as a model reports it: a verified body, or a classified failure.

use serde::{Deserialize, Serialize};

use crate::error_kind::ErrorKind;

/// What became of one target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fetch {
    /// A 2xx response whose body was verified; `work` is the result of the job's CPU work on
    /// it, which the harness checks.
    Ok {
        /// The response status.
        status: u16,
        /// The body's size.
        bytes: u64,
        /// The result of the CPU work on the body (see [`crate::work`]).
        work: u64,
    },
    /// A failed request, classified.
    Failed {
        /// Why it failed.
        kind: ErrorKind,
        /// What happened, in words, for a person reading a failure.
        detail: String,
    },
}

impl Fetch {
    /// A failure of `kind`, with what happened in words.
    pub fn failed(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Fetch::Failed {
            kind,
            detail: detail.into(),
        }
    }

    /// The kind of failure; `None` for a success.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self {
            Fetch::Ok { .. } => None,
            Fetch::Failed { kind, .. } => Some(*kind),
        }
    }

    /// `ok`, or the error kind's fixed name: how the results file names an outcome.
    pub fn name(&self) -> &'static str {
        self.error_kind().map_or("ok", ErrorKind::name)
    }
}
