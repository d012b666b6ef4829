//! The command line, end to end: real server process, real workers, real HTTP on loopback.

use fanout_core::results::RunRecord;

mod common;

use common::{fanout, run_json, stderr};

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
        (&["run", "--repeat", "5..2"], &["--repeat", "MIN..MAX"]),
        (
            &["run", "--repeat", "3", "--precision", "2"],
            &["--precision", "MIN..MAX"],
        ),
        (
            &["run", "--repeat", "2..5", "--precision", "0"],
            &["--precision", "allowed"],
        ),
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
