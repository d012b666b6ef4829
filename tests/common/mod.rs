//! What the end-to-end tests share: running the `fanout` binary, reading its results, and
//! running one model as a worker process, as the harness does. Each test file uses some of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use fanout_core::results::Results;
use fanout_core::{Job, WorkerReport};

/// The `fanout` binary with `args`, ready to adjust and run.
pub fn fanout_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fanout"));
    command.args(args);
    command
}

/// Runs the `fanout` binary with `args`.
pub fn fanout(args: &[&str]) -> Output {
    fanout_command(args)
        .output()
        .expect("the fanout binary runs")
}

/// Reads a results file the binary wrote.
pub fn results(path: &Path) -> Results {
    Results::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

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
