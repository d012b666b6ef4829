//! What the tests that run models share: running one model as a worker process, as the
//! harness does.

use std::io::Write;
use std::process::{Command, Stdio};

use fanout_core::{Job, WorkerReport};

/// Runs `model` on `job` in a worker process and returns its report.
pub fn run_worker(model: &str, job: &Job) -> Result<WorkerReport, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fanout"))
        .args(["worker", "--model", model])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start the worker: {err}"))?;
    let input = serde_json::to_vec(job).expect("a job always serialises");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(&input)
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "worker failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|err| format!("unreadable report: {err}"))
}
