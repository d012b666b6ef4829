//! Bad input, end to end: every command refuses what it cannot use with exit code 2 and a
//! message naming what was wrong and what is allowed, before any run, and an output that cannot
//! be written whole replaces nothing.

mod common;

use common::{fanout, stderr};

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
    // A results file whose first run says it completed 50 more requests than it made.
    let contradicts = dir.path().join("contradicts.json");
    let small = std::fs::read_to_string("fixtures/results/small.json").unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&small).unwrap();
    let total = value["runs"][0]["requests"]["total"].as_u64().unwrap();
    value["runs"][0]["requests"]["ok"] = (total + 50).into();
    std::fs::write(&contradicts, value.to_string()).unwrap();
    let contradicts = contradicts.to_str().unwrap();
    let copy = dir.path().join("copy.json");
    std::fs::write(&copy, &small).unwrap();
    let copy = copy.to_str().unwrap();
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
            &["run", "--suite", "nope"],
            &[
                "no suite, part or lesson `nope`",
                "standard.quick",
                "lesson.gil",
            ],
        ),
        (
            &["run", "--suite", "quick", "--models", "tokio"],
            &["--models"],
        ),
        (
            &["list", "--suite", "nope"],
            &["no suite, part or lesson", "allowed"],
        ),
        (
            &["report", "--from", "/nonexistent/results.json"],
            &["cannot read"],
        ),
        (&["report", "--from", wrong_schema], &["schema 99"]),
        (
            &["report", "--from", contradicts],
            &["run 1", "do not add up"],
        ),
        (
            &["compare", contradicts, "fixtures/results/small.json"],
            &["run 1", "do not add up"],
        ),
        (
            &[
                "report",
                "--from",
                "fixtures/results/small.json",
                "fixtures/results/small.json",
            ],
            &["small.json", "the same runs"],
        ),
        (
            &["report", "--from", "fixtures/results/small.json", copy],
            &["copy.json", "the same runs"],
        ),
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
