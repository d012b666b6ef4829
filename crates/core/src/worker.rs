//! The worker protocol: a worker process reads a [`Job`] as JSON on its standard input and
//! prints a [`WorkerReport`] as JSON. The `processes` model starts its children this way, and
//! the tests start workers this way, as the harness does.

use std::io::Write;
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use crate::job::Job;
use crate::outcome::Outcome;
use crate::results::PythonInfo;

/// What a worker process prints when its model returns: the outcome and the model's wall time,
/// timed inside the worker from the call of the model's entry point to its return.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkerReport {
    /// The model's wall time, in ms, from the call of its entry point to its return.
    pub wall_ms: f64,
    /// User and system CPU time over the same interval as `wall_ms`: the worker process and
    /// the processes it started and waited for within the run. Start-up (a Python
    /// interpreter's, its imports) is left out, as it is from `wall_ms`. `None` from a worker
    /// that does not say.
    #[serde(default)]
    pub run_cpu_user_ms: Option<f64>,
    #[serde(default)]
    /// System CPU time over the same interval (see `run_cpu_user_ms`).
    pub run_cpu_sys_ms: Option<f64>,
    /// The interpreter a Python model ran on, as it says of itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<PythonInfo>,
    /// What the model returned.
    pub outcome: Outcome,
}

/// The arguments that start the `fanout` program as a worker running `model`: its hidden
/// `worker` command, spelled here once for the harness, the `processes` model and the tests.
pub fn worker_args(model: &str) -> [&str; 3] {
    ["worker", "--model", model]
}

/// Starts `command` as a worker, sends it `job`, waits for it and reads its report. A worker
/// that cannot start, fails, or prints no readable report is an error saying which.
pub fn run_worker(mut command: Command, job: &Job) -> Result<WorkerReport, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start a worker process: {err}"))?;
    let input = serde_json::to_vec(job).expect("a job always serialises");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(&input)
        .map_err(|err| format!("cannot send the job to its worker process: {err}"))?;
    let output = child
        .wait_with_output()
        .map_err(|err| format!("a worker process was lost: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "a worker process failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|err| format!("a worker process's report is unreadable: {err}"))
}
