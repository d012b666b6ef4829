//! The seeds' own Python programs, run as models by the same harness. These tests need the
//! set-up (`scripts/python/setup.sh`, which `.ci/run` runs); without it, the test that needs it
//! says so and stops, and the one about its absence still runs.

use std::path::Path;
use std::process::{Command, Output};

use fanout_core::{cpu_work, expected_body};
use fanout_registry::{python_dir, python_interpreter};

mod common;

use common::{fanout, fanout_command, results};

/// Runs the binary with the Python programs looked for in `python_dir`.
fn fanout_with_python_dir(args: &[&str], python_dir: &Path) -> Output {
    fanout_command(args)
        .env("FANOUT_PYTHON_DIR", python_dir)
        .output()
        .expect("the fanout binary runs")
}

/// The interpreter, or `None` with a note when the Python set-up is missing.
fn python() -> Option<std::path::PathBuf> {
    match python_interpreter() {
        Ok(python) => Some(python),
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

#[test]
fn the_python_port_checks_bodies_and_does_work_exactly_as_core_does() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cases = [(7u32, 1000u64, 3u32), (0, 0, 1), (42, 70001, 2), (9, 64, 0)];
    let mut script = String::from("import fanout_job\n");
    for (id, size, units) in cases {
        // Rust's body, written out for Python to compare with its own, byte for byte.
        let path = dir.path().join(format!("{id}-{size}"));
        std::fs::write(&path, expected_body(id, size)).unwrap();
        script.push_str(&format!(
            "b = fanout_job.expected_body({id}, {size}); print(b == open({path:?}, 'rb').read(), fanout_job.cpu_work(b, {units}))\n"
        ));
    }
    let output = Command::new(python)
        .current_dir(python_dir())
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    for ((id, size, units), line) in cases.iter().zip(stdout.lines()) {
        let expected = format!("True {}", cpu_work(&expected_body(*id, *size), *units));
        assert_eq!(line, expected, "target {id}, size {size}, {units} units");
    }
}

#[test]
fn every_python_model_completes_quick_with_every_body_verified() {
    if python().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out.json");
    let output = fanout(&[
        "run",
        "--models",
        "py-sequential,py-threads,py-asyncio,py-executor",
        "--workload",
        "quick",
        "--concurrency",
        "10",
        "--repeat",
        "1",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results = results(&json);
    assert_eq!(results.runs.len(), 4);
    for run in &results.runs {
        assert_eq!(run.error, None, "{}", run.model);
        assert!(run.verified, "{}", run.model);
        assert_eq!(
            (run.requests.ok, run.requests.total),
            (100, 100),
            "{}",
            run.model
        );
    }
    for model in ["py-threads", "py-asyncio", "py-executor"] {
        let run = results.runs.iter().find(|r| r.model == model).unwrap();
        assert_eq!(run.server_peak_in_flight, 10, "{model}");
    }
}

#[test]
fn without_the_set_up_python_models_are_refused_with_the_hint() {
    let empty = tempfile::tempdir().unwrap();
    let output = fanout_with_python_dir(&["run", "--models", "py-asyncio"], empty.path());
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("scripts/python/setup.sh"), "{message}");
    let list = fanout_with_python_dir(&["list"], empty.path());
    assert!(String::from_utf8_lossy(&list.stdout).contains("not set up"));
}
