//! The command line, end to end: real server process, real workers, real HTTP on loopback.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use fanout_core::results::{Results, RunRecord};

mod common;

use common::{fanout, results, run_json};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The hard limit on `resource`, or `None` where there is none.
fn hard_limit(resource: libc::__rlimit_resource_t) -> Option<libc::rlim_t> {
    // SAFETY: getrlimit with a valid pointer to a local.
    let mut limit: libc::rlimit = unsafe { std::mem::zeroed() };
    let known = unsafe { libc::getrlimit(resource, &mut limit) } == 0;
    (known && limit.rlim_max != libc::RLIM_INFINITY).then_some(limit.rlim_max)
}

fn open_files_hard_limit() -> libc::rlim_t {
    hard_limit(libc::RLIMIT_NOFILE).unwrap_or(libc::rlim_t::MAX)
}

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

#[test]
fn sequential_and_threads_verify_every_body_and_the_server_sees_their_concurrency() {
    let (output, results) = run_json(&[
        "run",
        "--models",
        "sequential,threads",
        "--workload",
        "quick",
        "--concurrency",
        "10",
        "--repeat",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("sequential") && stdout.contains("threads"),
        "{stdout}"
    );

    assert_eq!(results.schema, 1);
    assert_eq!(
        results.machine.cores,
        std::thread::available_parallelism().unwrap().get()
    );
    let run =
        |model: &str| -> &RunRecord { results.runs.iter().find(|r| r.model == model).unwrap() };
    for model in ["sequential", "threads"] {
        let run = run(model);
        assert_eq!(run.error, None, "{model}");
        assert!(run.verified, "{model}");
        assert_eq!((run.requests.total, run.requests.ok), (100, 100), "{model}");
        assert!(run.requests.failed.is_empty(), "{model}");
        assert!(
            run.wall_ms >= run.ideal_ms,
            "{model}: faster than a perfect client"
        );
        assert!(
            run.peak_rss_kib > 0 && run.peak_threads > 0 && run.baseline_rss_kib > 0,
            "{model}"
        );
    }
    assert_eq!(run("sequential").concurrency, 1);
    assert_eq!(run("sequential").server_peak_in_flight, 1);
    assert_eq!(run("threads").concurrency, 10);
    // Never more than the concurrency, and together, as the server saw them. How close a wave
    // comes to the concurrency depends on how the machine schedules it; reaching it exactly is
    // the conformance suite's, whose server holds requests until they meet.
    let peak = run("threads").server_peak_in_flight;
    assert!((2..=10).contains(&peak), "{peak}");
    assert!(run("threads").peak_threads >= 10);
}

#[test]
fn a_server_that_is_not_there_gives_connect_failures_for_every_target() {
    let (_, results) = run_json(&[
        "run",
        "--models",
        "threads",
        "--concurrency",
        "4",
        "--repeat",
        "1",
        "--server",
        "http://127.0.0.1:1",
    ]);
    let run = &results.runs[0];
    assert_eq!(run.error, None);
    assert_eq!(run.requests.ok, 0);
    assert_eq!(
        run.requests.failed.get("connect"),
        Some(&100),
        "{:?}",
        run.requests
    );
}

#[test]
fn bad_input_exits_2_and_names_what_was_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let malformed = dir.path().join("malformed.toml");
    std::fs::write(
        &malformed,
        "name = \"m\"\ndescription = \"d\"\nseed = 1\ntargets = \"lots\"\nconcurrency = [1]\n\
         timeout_ms = 100\nlatency_ms = { dist = \"fixed\", value = 1 }\n\
         body_bytes = { dist = \"fixed\", value = 1 }\n",
    )
    .unwrap();
    let workload_file = |name: &str, change: (&str, &str)| {
        let source = std::fs::read_to_string("fixtures/workloads/quick.toml").unwrap();
        assert!(source.contains(change.0), "{}", change.0);
        let path = dir.path().join(name);
        std::fs::write(&path, source.replace(change.0, change.1)).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let unknown_key = workload_file("unknown.toml", ("seed = 1", "seed = 1\nsede = 2"));
    let negative = workload_file("negative.toml", ("targets = 100", "targets = -5"));
    let zero = workload_file("zero.toml", ("targets = 100", "targets = 0"));
    let absurd = workload_file("absurd.toml", ("value = 16384", "value = 99999999999"));
    let too_slow = workload_file("slow.toml", ("value = 100 }", "value = 99999999 }"));
    let faulty = workload_file(
        "rates.toml",
        (
            "body_bytes",
            "faults = { error_rate = 0.7, reset_rate = 0.7 }\nbody_bytes",
        ),
    );
    let bad_status = workload_file(
        "status.toml",
        (
            "body_bytes",
            "faults = { error_rate = 0.1, error_status = 200 }\nbody_bytes",
        ),
    );
    let wrong_schema = dir.path().join("schema.json");
    std::fs::write(&wrong_schema, r#"{"schema": 99, "runs": []}"#).unwrap();
    let malformed = malformed.to_str().unwrap();
    let wrong_schema = wrong_schema.to_str().unwrap();
    let out_dir = dir.path().join("out");
    let out_dir = out_dir.to_str().unwrap();

    let cases: &[(&[&str], &[&str])] = &[
        (
            &["run", "--models", "nope"],
            &["nope", "sequential", "threads"],
        ),
        (
            &["run", "--workload", "nope"],
            &["nope", "quick", "flags-20"],
        ),
        (
            &["run", "--workload", malformed],
            &["malformed.toml", "line 4", "targets"],
        ),
        (
            &["run", "--workload", &unknown_key],
            &["unknown.toml", "sede"],
        ),
        (
            &["run", "--workload", &negative],
            &["negative.toml", "targets"],
        ),
        (
            &["run", "--workload", &zero],
            &["zero.toml", "targets", "allowed: 1 to"],
        ),
        (
            &["run", "--workload", &absurd],
            &["absurd.toml", "body_bytes", "allowed"],
        ),
        (
            &["run", "--workload", &too_slow],
            &["slow.toml", "latency_ms", "allowed"],
        ),
        (
            &["run", "--workload", &faulty],
            &["rates.toml", "faults", "at most 1"],
        ),
        (
            &["run", "--workload", &bad_status],
            &["status.toml", "error_status", "400 to 599"],
        ),
        (&["run", "--models", "threads,nope"], &["nope", "allowed"]),
        (&["run", "--models", ""], &["model"]),
        (
            &["run", "--concurrency", "0"],
            &["--concurrency", "allowed"],
        ),
        (&["run", "--concurrency", "ten"], &["--concurrency", "ten"]),
        (
            &["run", "--concurrency", "-3"],
            &["--concurrency", "allowed"],
        ),
        (&["run", "--concurrency", "1,,5"], &["--concurrency"]),
        (&["run", "--repeat", "0"], &["--repeat"]),
        (&["run", "--timeout-ms", "-5"], &["--timeout-ms"]),
        (
            &["run", "--server", "ftp://127.0.0.1:21"],
            &["--server", "http://"],
        ),
        (&["run", "--server", "not a url"], &["--server"]),
        (&["run", "--bogus"], &["--bogus"]),
        (
            &["report", "--from", "/nonexistent/results.json"],
            &["cannot read"],
        ),
        (&["report", "--from", wrong_schema], &["schema 99"]),
        (&["serve", "--bind", "nowhere"], &["--bind"]),
        (&["serve", "--instances", "0"], &["--instances", "1..=64"]),
        (
            &["run", "--server-instances", "65"],
            &["--server-instances", "1..=64"],
        ),
        (
            &[
                "run",
                "--server-instances",
                "2",
                "--server",
                "http://127.0.0.1:9/",
            ],
            &["--server-instances", "--server"],
        ),
        (&["run", "--max-ideal-s", "0"], &["--max-ideal-s"]),
        (
            &[
                "report",
                "--from",
                "fixtures/results/small.json",
                "--out",
                out_dir,
                "--wrk",
                "/nonexistent/wrk.json",
            ],
            &["/nonexistent/wrk.json", "No such file"],
        ),
        (&["frobnicate"], &["frobnicate"]),
    ];
    for (args, expected) in cases {
        let output = fanout(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        for word in *expected {
            assert!(
                message.contains(word),
                "{args:?}: `{word}` missing from: {message}"
            );
        }
    }
}

#[test]
fn a_concurrency_beyond_the_open_files_limit_is_refused_before_any_request() {
    // The run gets a hard limit of at most 1,024 open files, whatever this machine's is: one
    // that is lower already cannot be raised without privilege, and refuses 5,000 as well.
    let files = open_files_hard_limit().min(1024);
    let mut command =
        common::fanout_command(&["run", "--models", "threads", "--concurrency", "5000"]);
    // SAFETY: setrlimit is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: files,
                rlim_max: files,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("open files"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn list_names_every_model_and_workload() {
    let output = fanout(&["list"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for name in [
        "sequential",
        "threads",
        "quick",
        "flags-20",
        "sites-20",
        "google-6",
    ] {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
}

#[test]
fn a_thread_pool_the_machine_refuses_is_a_failed_run_and_the_sweep_goes_on() {
    // Tokio holds 3,000 connections, and the run needs them under its own limits.
    let needed_files = 3000 + fanout_harness::limits::SPARE_FILES;
    if open_files_hard_limit() < needed_files {
        eprintln!(
            "skipped: the hard open-files limit is {}, under the {needed_files} needed",
            open_files_hard_limit()
        );
        return;
    }
    if let Some(address_space) = hard_limit(libc::RLIMIT_AS)
        && address_space < 2_000_000 * 1024
    {
        eprintln!(
            "skipped: the hard address space limit is {address_space} bytes, under the 2 GB the \
             test sets"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let workload = dir.path().join("many.toml");
    let source = std::fs::read_to_string("fixtures/workloads/quick.toml")
        .unwrap()
        .replace("targets = 100", "targets = 3000")
        .replace("value = 100 }", "value = 0 }")
        // Tokio's 3,000 connections at once must all be answered on a loaded machine too.
        .replace(
            "timeout_ms = 5000",
            "timeout_ms = 60000\nconnect_timeout_ms = 60000",
        );
    std::fs::write(&workload, source).unwrap();
    let json = dir.path().join("out.json");
    // 3,000 thread stacks do not fit in 2 GB of address space; the rest of the run does.
    let script = format!(
        "ulimit -v 2000000; exec '{}' run --models threads,tokio --workload '{}' --concurrency 3000 --repeat 1 --json '{}'",
        env!("CARGO_BIN_EXE_fanout"),
        workload.display(),
        json.display()
    );
    let output = Command::new("sh").args(["-c", &script]).output().unwrap();
    // The sweep went on, and its exit status says a run failed, naming it.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("1 of 2 runs failed"),
        "{}",
        stderr(&output)
    );
    let results = results(&json);
    let threads = results.runs.iter().find(|r| r.model == "threads").unwrap();
    // Where the limit bites first depends on timing and build: a refused thread (a setup
    // error) or a refused allocation in a thread already running (an abort). Either way the
    // run is recorded as failed, with the reason.
    let error = threads.error.as_deref().unwrap();
    assert!(
        error.contains("could not start thread") || error.contains("signal"),
        "{error}"
    );
    assert_eq!(threads.requests.ok + threads.requests.failed_total(), 3000);
    let tokio = results.runs.iter().find(|r| r.model == "tokio").unwrap();
    assert_eq!((tokio.error.as_deref(), tokio.requests.ok), (None, 3000));
}

#[test]
fn processes_are_measured_as_a_whole_tree() {
    let (_, results) = run_json(&[
        "run",
        "--models",
        "processes",
        "--workload",
        "google-6",
        "--repeat",
        "1",
    ]);
    let run = &results.runs[0];
    assert_eq!(run.error, None);
    assert_eq!((run.requests.ok, run.requests.total), (6, 6));
    // One process per core, but never more than the concurrency or the targets.
    let cores = std::thread::available_parallelism().unwrap().get() as u64;
    let children = cores.min(run.concurrency as u64).min(run.requests.total);
    assert_eq!(
        run.peak_processes,
        children + 1,
        "the worker and its children"
    );
    assert!(
        run.peak_rss_kib > run.baseline_rss_kib,
        "the children's memory counts"
    );
}

#[test]
fn a_scaled_out_server_spreads_the_job_and_reports_its_cpu_per_request() {
    let started = std::time::Instant::now();
    let (_, results) = run_json(&[
        "run",
        "--models",
        "tokio,sequential",
        "--workload",
        "quick",
        "--concurrency",
        "50",
        "--repeat",
        "1",
        "--server-instances",
        "3",
        "--max-ideal-s",
        "5",
    ]);
    let ran_ms = started.elapsed().as_secs_f64() * 1000.0;
    let tokio = results.runs.iter().find(|r| r.model == "tokio").unwrap();
    assert!(tokio.verified && tokio.error.is_none(), "{:?}", tokio.error);
    assert_eq!(tokio.server_instances, 3);
    assert_eq!(tokio.server_requests, 100);
    // Targets go to the instances in turn, so no one instance ever holds more than a third of
    // the 50: a peak above that is the shared log adding up every instance.
    let peak = tokio.server_peak_in_flight;
    assert!((50 / 3 + 1..=50).contains(&peak), "{peak}");
    // Milliseconds: no more than every CPU for the whole command, whatever the load.
    let cpu = tokio.server_cpu_ms.unwrap();
    let cpus = std::thread::available_parallelism().unwrap().get() as f64;
    assert!(cpu > 0.0 && cpu <= ran_ms * cpus, "{cpu} ms in {ran_ms} ms");
    // Sequential fetching of quick takes 10 s, over the 5 s allowed: recorded, not run.
    let sequential = results
        .runs
        .iter()
        .find(|r| r.model == "sequential")
        .unwrap();
    let error = sequential.error.as_deref().unwrap();
    assert!(
        error.contains("not run") && error.contains("over the 5 s"),
        "{error}"
    );
    // Not run: no request was sent, none failed.
    assert!(sequential.not_run);
    assert_eq!(
        (
            sequential.requests.total,
            sequential.requests.ok,
            sequential.requests.failed_total()
        ),
        (0, 0, 0)
    );
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

#[test]
fn an_output_that_cannot_be_written_is_refused_before_any_run_with_exit_2() {
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/results/runs/quick.json");
    let server = fanout_mock::MockServer::start_local().unwrap();
    let run = common::fanout(&[
        "run",
        "--models",
        "sequential",
        "--server",
        &server.uri(),
        "--json",
        "/proc/x.json",
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("/proc/x.json"), "{}", stderr(&run));
    // Refused before any run: the server was sent nothing.
    assert_eq!(server.stats().requests, 0);
    let report = common::fanout(&["report", "--from", good, "--out", "/proc/x"]);
    assert_eq!(report.status.code(), Some(2), "{}", stderr(&report));
    assert!(stderr(&report).contains("/proc/x"), "{}", stderr(&report));
    let compare = common::fanout(&["compare", good, good, "--csv", "/proc/x.csv"]);
    assert_eq!(compare.status.code(), Some(2), "{}", stderr(&compare));
    assert!(
        stderr(&compare).contains("/proc/x.csv"),
        "{}",
        stderr(&compare)
    );
    assert!(!String::from_utf8_lossy(&compare.stdout).contains("No regression"));
}

#[test]
fn a_report_that_cannot_be_written_whole_replaces_nothing() {
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/results/runs/quick.json");
    let dir = tempfile::tempdir().unwrap();
    // LESSONS.md, the last file a report writes, cannot be: a directory is in its place.
    std::fs::create_dir(dir.path().join("LESSONS.md")).unwrap();
    std::fs::write(dir.path().join("README.md"), "before").unwrap();
    let output = common::fanout(&[
        "report",
        "--from",
        good,
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("LESSONS.md"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "before"
    );
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left.len(),
        2,
        "no chart and no temporary file was left: {left:?}"
    );
}
