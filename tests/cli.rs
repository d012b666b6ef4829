//! The command line, end to end: real server process, real workers, real HTTP on loopback.

use fanout_core::results::RunRecord;

mod common;

use common::{fanout, run_json};

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

/// Reads a results file after a run on one CPU, checking that it succeeded.
fn run_on_one_cpu(args: &[&str]) -> fanout_core::results::Results {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let mut args = args.to_vec();
    args.extend(["--json", json.to_str().unwrap()]);
    let output = common::fanout_on_one_cpu(&args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    common::results(&json)
}

#[test]
fn the_cores_recorded_are_the_ones_the_run_may_use() {
    let results = run_on_one_cpu(&[
        "run",
        "--models",
        "tokio",
        "--workload",
        "quick",
        "--concurrency",
        "100",
        "--repeat",
        "1",
    ]);
    assert_eq!(results.machine.cores, 1);
}

#[test]
fn processes_are_measured_as_a_whole_tree() {
    // On one CPU, `processes` makes one child: the tree is the worker and that child.
    let results = run_on_one_cpu(&[
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
    assert_eq!(run.peak_processes, 2, "the worker and its one child");
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
    // Every instance stamps what it added to each response it wrote, into one log.
    let added = tokio
        .server_added_ms
        .expect("the server's added time is recorded per run");
    assert!(
        added.p50 <= added.p99 && added.p99 <= added.max,
        "{added:?}"
    );
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
