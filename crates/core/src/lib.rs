//! The shared vocabulary of fanout: what a workload is, the job a model runs, the records and
//! outcome it returns, how bodies are generated and verified, the worker protocol, what the mock
//! server's control endpoints answer, and the results file with the summaries every report uses.
//!
//! Nothing here does I/O on the network. This crate depends on no other fanout crate; every other
//! crate (models, HTTP clients, mock server, harness, registry, report) depends on it.

#![warn(missing_docs)]

pub mod body;
pub mod clock;
pub mod control;
pub mod cpu_time;
pub mod error_kind;
pub mod fetch;
pub mod ideal;
pub mod in_flight;
pub mod job;
pub mod latency;
pub mod outcome;
pub mod output;
pub mod record;
pub mod results;
pub mod stats;
pub mod suites;
pub mod work;
pub mod worker;
pub mod workload;

pub use body::{expected_body, judge_body, judge_body_with};
pub use clock::{Clock, Exchange};
pub use control::{ServerInfo, ServerStats};
pub use cpu_time::CpuTime;
pub use error_kind::{ErrorKind, Phase};
pub use fetch::Fetch;
pub use ideal::{ideal_makespan_ms, ideal_starts_ms};
pub use job::{Job, JobTarget, ServerUrls, Timeouts};
pub use latency::{LatencyRecorder, LatencySummary};
pub use outcome::{Outcome, SetupError};
pub use record::{Record, thread_index};
pub use work::{cpu_work, cpu_work_with};
pub use worker::{WorkerReport, run_worker, worker_args};
pub use workload::{Distribution, Fault, Target, Workload, WorkloadError};
