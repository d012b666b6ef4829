//! Stopping a sweep from outside, end to end: killed, Ctrl-C, SIGTERM, a mock server that dies
//! and a worker that crashes. Every completed run is kept, and the exit status says what
//! happened.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Output;

use fanout_core::results::Results;

mod common;

use common::{results, stderr};

/// Waits for `child` and what it said; past `within`, kills its group and fails, so a run that
/// never ends fails the test instead of hanging it.
fn exit_within(child: std::process::Child, within: std::time::Duration) -> Output {
    let group = child.id() as libc::pid_t;
    let (done, exited) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match exited.recv_timeout(within) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            // SAFETY: plain syscall on the group this test's run leads.
            unsafe { libc::killpg(group, libc::SIGKILL) };
            panic!("the run had not exited {within:?} later");
        }
    }
}

/// A sweep long enough to stop in the middle (20 runs of about a second), writing `json`, in a
/// process group of its own as a terminal's foreground job would be.
fn long_sweep(json: &Path) -> std::process::Child {
    sweep(json, 20, 10)
}

/// `repeat` runs of `threads` on `quick` at `concurrency` (100 requests of 100 ms: a second at
/// 10, five at 2), writing `json`, in a process group of its own.
fn sweep(json: &Path, repeat: u32, concurrency: u32) -> std::process::Child {
    common::fanout_command(&[
        "run",
        "--models",
        "threads",
        "--workload",
        "quick",
        "--concurrency",
        &concurrency.to_string(),
        "--repeat",
        &repeat.to_string(),
        "--json",
        json.to_str().unwrap(),
    ])
    .process_group(0)
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap()
}

/// Waits (two minutes at most) until `json` holds a completed run, and returns what it holds.
fn first_runs(json: &Path) -> Results {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        if let Ok(text) = std::fs::read_to_string(json)
            && let Ok(results) = Results::from_json(&text)
            && !results.runs.is_empty()
        {
            return results;
        }
        assert!(std::time::Instant::now() < deadline, "no run completed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_run_killed_mid_sweep_leaves_every_completed_run_in_its_results_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let mut child = long_sweep(&json);
    let written = first_runs(&json);
    child.kill().unwrap();
    child.wait().unwrap();
    // What is on disk now is whole and holds at least what was there before the kill.
    let after = results(&json);
    assert!(after.runs.len() >= written.runs.len() && after.runs.len() < 20);
    for run in &after.runs {
        assert!(run.verified, "{:?}", run.error);
        assert_eq!(
            run.requests.ok + run.requests.failed_total(),
            run.requests.total
        );
    }
}

#[test]
fn ctrl_c_keeps_every_completed_run_prints_their_table_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let child = long_sweep(&json);
    let group = child.id() as libc::pid_t;
    first_runs(&json);
    // Ctrl-C goes to the whole foreground group.
    // SAFETY: plain syscall on the child's own group.
    unsafe { libc::killpg(group, libc::SIGINT) };
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("interrupted"),
        "{}",
        stderr(&output)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("threads"), "{table}");
    let kept = results(&json);
    assert!(!kept.runs.is_empty() && kept.runs.len() < 20);
    assert!(
        kept.runs
            .iter()
            .all(|run| run.verified && run.error.is_none())
    );
    // Nothing of the run is left: the harness's group empties, and soon; the deadline only
    // keeps a group that never empties from hanging the test.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    // SAFETY: signal 0 only checks whether the group has members.
    while unsafe { libc::killpg(group, 0) } == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run's processes are still there a minute after it exited"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The `fanout serve` process that the `fanout` process `parent` started.
fn server_of(parent: u32) -> Option<libc::pid_t> {
    child_of(parent, |args| args.contains(&&b"serve"[..]))
}

/// The first process whose parent is `parent` and whose command line's arguments `wanted`
/// accepts.
fn child_of(parent: u32, wanted: impl Fn(&[&[u8]]) -> bool) -> Option<libc::pid_t> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: libc::pid_t = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let parent_of = stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?;
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            (parent_of == parent.to_string() && wanted(&args)).then_some(pid)
        })
}

#[test]
fn a_mock_server_killed_mid_sweep_stops_the_sweep_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let child = long_sweep(&json);
    first_runs(&json);
    let server = server_of(child.id()).expect("the run started its mock server");
    // SAFETY: plain syscall on the server this test's run started.
    unsafe { libc::kill(server, libc::SIGKILL) };
    let output = exit_within(child, std::time::Duration::from_secs(300));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the mock server stopped answering"),
        "{}",
        stderr(&output)
    );
    let kept = results(&json);
    assert!(kept.runs.len() < 20, "the sweep went on");
    // Every run but a last one caught by the server's death is a real measurement.
    let (last, earlier) = kept.runs.split_last().unwrap();
    assert!(
        earlier
            .iter()
            .all(|run| run.verified && run.error.is_none())
    );
    // A run the server's death cut off is no measurement: said so, with no requests counted
    // (a placeholder count of failures would read as one).
    if last.error.is_some() {
        let error = last.error.as_deref().unwrap();
        assert!(
            error.contains("stopped answering") && error.contains("not measured"),
            "{error}"
        );
        assert!(last.unmeasured);
        assert_eq!(
            (last.requests.total, last.requests.ok, last.wall_ms),
            (0, 0, 0.0)
        );
        assert!(
            fanout_report::summarise(&kept.runs)
                .iter()
                .all(|s| s.failed_runs == 0)
        );
    }
}

#[test]
fn sigterm_keeps_every_completed_run_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let child = long_sweep(&json);
    first_runs(&json);
    // SAFETY: plain syscall on the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(143), "{}", stderr(&output));
    let kept = results(&json);
    assert!(!kept.runs.is_empty() && kept.runs.iter().all(|run| run.verified));
}

/// The `fanout worker` process that the `fanout` process `parent` started, once there is one
/// (two minutes at most).
fn worker_of(parent: u32) -> libc::pid_t {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let found = child_of(parent, |args| {
            args.contains(&&b"worker"[..]) && !args.contains(&&b"--idle"[..])
        });
        if let Some(pid) = found {
            return pid;
        }
        assert!(std::time::Instant::now() < deadline, "no worker started");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_sweep_with_a_crashed_worker_exits_1_naming_the_failed_run() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    // Five seconds a run: the worker is found and killed long before it would end.
    let child = sweep(&json, 2, 2);
    let worker = worker_of(child.id());
    // SAFETY: plain syscall on the worker this test's run started.
    unsafe { libc::kill(worker, libc::SIGKILL) };
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("runs failed") && message.contains("threads on quick"),
        "{message}"
    );
    let kept = results(&json);
    assert_eq!(kept.runs.len(), 2, "the sweep went on after the crash");
    assert!(kept.runs.iter().any(|run| !run.succeeded()));
}
