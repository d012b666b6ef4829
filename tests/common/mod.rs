//! What the end-to-end tests share: running the `fanout` binary, reading its results, and
//! running one model as a worker process, as the harness does. Each test file uses some of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use fanout_core::results::Results;
use fanout_core::{Job, WorkerReport};

/// The `fanout` binary with `args`, ready to adjust and run.
pub fn fanout_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fanout"));
    command.args(args);
    command
}

/// The `fanout` binary with `args`, allowed only the first CPU this process may use: a
/// machine of one core, whatever this one has, so that what follows from the core count is
/// known in advance.
pub fn fanout_on_one_cpu(args: &[&str]) -> Command {
    use std::os::unix::process::CommandExt;

    let mut command = fanout_command(args);
    // SAFETY: sched_getaffinity and sched_setaffinity on a set this closure owns; both are
    // async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_getaffinity(0, size, &mut set) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let first = (0..libc::CPU_SETSIZE as usize)
                .find(|&cpu| libc::CPU_ISSET(cpu, &set))
                .unwrap_or(0);
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(first, &mut one);
            if libc::sched_setaffinity(0, size, &one) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command
}

/// Runs the `fanout` binary with `args`.
pub fn fanout(args: &[&str]) -> Output {
    fanout_command(args)
        .output()
        .expect("the fanout binary runs")
}

/// Runs the binary with `args` and a `--json` file of its own, checks that it succeeded, and
/// returns what it said and the results it wrote.
pub fn run_json(args: &[&str]) -> (Output, Results) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let mut args = args.to_vec();
    args.extend(["--json", json.to_str().unwrap()]);
    let output = fanout(&args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (output, results(&json))
}

/// What a finished command said on standard error.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Reads a results file the binary wrote.
pub fn results(path: &Path) -> Results {
    Results::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `model` on `job` in a worker process and returns its report.
pub fn run_worker(model: &str, job: &Job) -> Result<WorkerReport, String> {
    fanout_core::run_worker(fanout_command(&fanout_core::worker_args(model)), job)
}
