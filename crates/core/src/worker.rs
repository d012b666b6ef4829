//! The worker protocol from the starting side: a worker process reads a [`Job`] as JSON on its
//! standard input and prints a [`WorkerReport`] as JSON. The `processes` model starts its
//! children this way, and the tests start workers this way, as the harness does.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::job::{Job, WorkerReport};

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
