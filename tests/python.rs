//! The seeds' own Python programs, run as models by the same harness. Most of these tests need
//! the set-up (`scripts/python/setup.sh`, and `--free-threaded` for the free-threaded rows),
//! which `.ci/run` makes: without it they are reported as ignored, counted in the summary
//! line with the reason said above it, never as passed, and `.ci/run` fails on any. Their own
//! harness (libtest-mimic) is what lets a test be ignored for a reason found at run time.

use std::path::Path;
use std::process::{Command, Output};

use fanout_core::{cpu_work, expected_body};
use fanout_registry::{Interpreter, python_dir, python_interpreter};

mod common;

use common::{fanout_command, run_json};
use fanout_core::results::Results;

/// Runs the binary with the Python programs looked for in `python_dir`.
fn fanout_with_python_dir(args: &[&str], python_dir: &Path) -> Output {
    fanout_command(args)
        .env("FANOUT_PYTHON_DIR", python_dir)
        .output()
        .expect("the fanout binary runs")
}

/// The interpreter, or `None` when the Python set-up is missing.
fn python() -> Option<std::path::PathBuf> {
    interpreter(Interpreter::Default)
}

/// `interpreter`, or `None` when its set-up is missing.
fn interpreter(interpreter: Interpreter) -> Option<std::path::PathBuf> {
    python_interpreter(interpreter).ok()
}

/// A small workload of `targets` URLs at `latency_ms`, written into `dir`.
fn small_workload(dir: &Path, targets: usize, latency_ms: u64) -> std::path::PathBuf {
    let path = dir.join("small.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"small\"\ndescription = \"a few URLs\"\nseed = 3\ntargets = {targets}\n\
             concurrency = [4]\ntimeout_ms = 20000\n\
             latency_ms = {{ dist = \"fixed\", value = {latency_ms} }}\n\
             body_bytes = {{ dist = \"uniform\", min = 100, max = 20000 }}\ncpu_work = 2\n"
        ),
    )
    .unwrap();
    path
}

/// Runs `models` on `workload` at `concurrency` once and returns the results, checking that
/// every run completed with every request verified.
fn run_verified(models: &str, workload: &Path, concurrency: &str) -> Results {
    let (_, results) = run_json(&[
        "run",
        "--models",
        models,
        "--workload",
        workload.to_str().unwrap(),
        "--concurrency",
        concurrency,
        "--repeat",
        "1",
    ]);
    for run in &results.runs {
        assert_eq!(run.error, None, "{}", run.model);
        assert!(run.verified, "{}", run.model);
        assert_eq!(run.requests.ok, run.requests.total, "{}", run.model);
    }
    results
}

fn the_python_port_checks_bodies_and_does_work_exactly_as_core_does() {
    let python = python().expect("the trial runs only with the set-up");
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

fn every_python_model_completes_quick_with_every_body_verified() {
    let results = run_verified(
        "py-sequential,py-threads,py-asyncio,py-executor",
        Path::new("quick"),
        "10",
    );
    assert_eq!(results.runs.len(), 4);
    for run in &results.runs {
        assert_eq!(run.requests.total, 100, "{}", run.model);
        // The mock server's own count: never more in flight than asked for.
        assert!(run.server_peak_in_flight <= 10, "{}", run.model);
    }
}

fn the_lessons_python_twins_fetch_every_target_once_within_their_limits() {
    let dir = tempfile::tempdir().unwrap();
    let workload = small_workload(dir.path(), 24, 30);
    let results = run_verified(
        "py-processes,py-blocking-in-asyncio,py-asyncio-to-thread",
        &workload,
        "6",
    );
    let run = |model: &str| results.runs.iter().find(|r| r.model == model).unwrap();
    let cores = results.machine.cores as u64;
    // The mock server's own count: never more in flight than the model allows.
    let processes = run("py-processes");
    assert!(
        processes.server_peak_in_flight <= cores.min(6),
        "{processes:?}"
    );
    assert_eq!(
        processes.pinned_threads.get("processes"),
        Some(&(cores as usize))
    );
    assert!(
        processes.peak_processes > 1,
        "one interpreter per core, beside the parent"
    );
    assert_eq!(run("py-blocking-in-asyncio").server_peak_in_flight, 1);
    assert_eq!(run("py-blocking-in-asyncio").client_peak_in_flight, 1);
    let to_thread = run("py-asyncio-to-thread");
    assert!(to_thread.server_peak_in_flight <= 6, "{to_thread:?}");
    for run in &results.runs {
        let python = run
            .python
            .as_ref()
            .expect("a Python run says its interpreter");
        assert!(!python.free_threaded && python.gil_enabled, "{python:?}");
    }
}

fn one_event_loop_a_core_fetches_every_target_once_within_the_concurrency() {
    let dir = tempfile::tempdir().unwrap();
    let workload = small_workload(dir.path(), 25, 30);
    let results = run_verified("py-asyncio-loops", &workload, "5");
    let run = &results.runs[0];
    let loops = (results.machine.cores as usize).min(5);
    assert_eq!(run.pinned_threads.get("event loops"), Some(&loops));
    // The loops' shares of the concurrency add up to it, never more.
    assert!(run.server_peak_in_flight <= 5, "{run:?}");
    assert_eq!(run.requests.ok, 25);
    // Each loop is a thread of its own.
    assert!(run.peak_threads >= loops as u64, "{run:?}");
}

fn both_interpreters_run_aiohttps_c_code_and_the_free_threaded_one_with_the_gil_off() {
    let dir = tempfile::tempdir().unwrap();
    let workload = small_workload(dir.path(), 8, 10);
    let results = run_verified("py-asyncio,py-asyncio-nogil", &workload, "4");
    for run in &results.runs {
        let python = run
            .python
            .as_ref()
            .expect("a Python run says its interpreter");
        for accelerator in ["aiohttp_c_parser", "multidict_c", "yarl_c", "propcache_c"] {
            assert!(
                python.accelerators.iter().any(|a| a == accelerator),
                "{} ran without {accelerator}: {python:?} (scripts/python/setup.sh --free-threaded builds it)",
                run.model
            );
        }
    }
    let free = results
        .runs
        .iter()
        .find(|r| r.model == "py-asyncio-nogil")
        .unwrap();
    assert!(!free.python.as_ref().unwrap().gil_enabled);
}

fn an_empty_body_cut_short_is_truncated_for_every_python_client() {
    // The server declares `Content-Length: 1` and closes having sent nothing: the empty body
    // matches the expected empty one, so only the declared length tells it was cut short.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.toml");
    std::fs::write(
        &path,
        "name = \"short\"\ndescription = \"empty bodies promised a byte\"\nseed = 5\n\
         targets = 6\nconcurrency = [3]\ntimeout_ms = 5000\n\
         latency_ms = { dist = \"fixed\", value = 0 }\n\
         body_bytes = { dist = \"fixed\", value = 0 }\n\
         faults = { error_rate = 0.0, error_status = 500, reset_rate = 0.0, truncate_rate = 1.0, \
         stall_rate = 0.0, trickle_rate = 0.0, trickle_ms = 40 }\n",
    )
    .unwrap();
    let (_, results) = run_json(&[
        "run",
        "--models",
        "py-sequential,py-threads,py-asyncio,py-executor",
        "--workload",
        path.to_str().unwrap(),
        "--concurrency",
        "3",
        "--repeat",
        "1",
    ]);
    assert_eq!(results.runs.len(), 4);
    for run in &results.runs {
        assert_eq!(
            run.requests.failed.get("truncated"),
            Some(&6),
            "{}: {:?}",
            run.model,
            run.requests
        );
    }
}

fn the_run_cpu_leaves_the_interpreters_start_out() {
    let dir = tempfile::tempdir().unwrap();
    let workload = small_workload(dir.path(), 1, 0);
    let results = run_verified("py-sequential,sequential", &workload, "1");
    for run in &results.runs {
        let run_cpu = run.run_cpu_ms().expect("the run's CPU is measured");
        let process_cpu = run.cpu_user_ms + run.cpu_sys_ms;
        assert!(
            run_cpu <= process_cpu,
            "{}: {run_cpu} > {process_cpu}",
            run.model
        );
    }
    // Starting CPython and importing requests is most of the process's CPU, and none of the
    // run's.
    let python = results
        .runs
        .iter()
        .find(|r| r.model == "py-sequential")
        .unwrap();
    let run_cpu = python.run_cpu_ms().unwrap();
    assert!(
        python.cpu_user_ms + python.cpu_sys_ms > 2.0 * run_cpu,
        "{} ms for the process against {run_cpu} ms for the run",
        python.cpu_user_ms + python.cpu_sys_ms
    );
}

fn the_free_threaded_rows_run_with_the_gil_as_named_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let workload = small_workload(dir.path(), 12, 20);
    let results = run_verified(
        "py-threads-gil,py-threads-nogil,py-asyncio-to-thread-nogil,py-processes-nogil",
        &workload,
        "4",
    );
    assert_eq!(results.runs.len(), 4);
    for run in &results.runs {
        let python = run
            .python
            .as_ref()
            .expect("a Python run says its interpreter");
        assert!(python.free_threaded, "{}: {python:?}", run.model);
        assert_eq!(
            python.gil_enabled,
            run.model.ends_with("-gil"),
            "{}",
            run.model
        );
        assert!(run.server_peak_in_flight <= 4, "{}", run.model);
    }
}

fn without_the_free_threaded_set_up_its_rows_are_refused_and_listed_with_the_hint() {
    // A copy of the Python directory with the default environment and without `.venv-ft`.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(python_dir()).unwrap().flatten() {
        let name = entry.file_name();
        if name != ".venv-ft" {
            std::os::unix::fs::symlink(entry.path(), dir.path().join(&name)).unwrap();
        }
    }
    let output = fanout_with_python_dir(&["run", "--models", "py-threads-nogil"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("setup.sh --free-threaded"), "{message}");
    let list =
        String::from_utf8_lossy(&fanout_with_python_dir(&["list"], dir.path()).stdout).into_owned();
    let line = |model: &str| {
        list.lines()
            .find(|line| line.split_whitespace().next() == Some(model))
            .unwrap_or_else(|| panic!("{model} is listed: {list}"))
            .to_owned()
    };
    assert!(line("py-threads").contains("[available]"), "{list}");
    assert!(
        line("py-threads-nogil").contains("setup.sh --free-threaded"),
        "{list}"
    );
}

fn without_the_set_up_python_models_are_refused_with_the_hint() {
    let empty = tempfile::tempdir().unwrap();
    let output = fanout_with_python_dir(&["run", "--models", "py-asyncio"], empty.path());
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("scripts/python/setup.sh"), "{message}");
    let list = fanout_with_python_dir(&["list"], empty.path());
    assert!(String::from_utf8_lossy(&list.stdout).contains("not set up"));
}

/// What a test needs set up to run.
#[derive(Clone, Copy)]
enum Needs {
    Nothing,
    Default,
    FreeThreaded,
}

impl Needs {
    /// Why a test with this need cannot run here, or `None` when it can, given why each
    /// set-up is missing (`None` where it is there).
    fn missing(self, default: &Option<String>, free: &Option<String>) -> Option<String> {
        match self {
            Needs::Nothing => None,
            Needs::Default => default.clone(),
            Needs::FreeThreaded => default.clone().or_else(|| free.clone()),
        }
    }
}

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let tests: [(fn(), Needs, &str); 10] = [
        (
            the_python_port_checks_bodies_and_does_work_exactly_as_core_does,
            Needs::Default,
            "the_python_port_checks_bodies_and_does_work_exactly_as_core_does",
        ),
        (
            every_python_model_completes_quick_with_every_body_verified,
            Needs::Default,
            "every_python_model_completes_quick_with_every_body_verified",
        ),
        (
            the_lessons_python_twins_fetch_every_target_once_within_their_limits,
            Needs::Default,
            "the_lessons_python_twins_fetch_every_target_once_within_their_limits",
        ),
        (
            one_event_loop_a_core_fetches_every_target_once_within_the_concurrency,
            Needs::Default,
            "one_event_loop_a_core_fetches_every_target_once_within_the_concurrency",
        ),
        (
            both_interpreters_run_aiohttps_c_code_and_the_free_threaded_one_with_the_gil_off,
            Needs::FreeThreaded,
            "both_interpreters_run_aiohttps_c_code_and_the_free_threaded_one_with_the_gil_off",
        ),
        (
            an_empty_body_cut_short_is_truncated_for_every_python_client,
            Needs::Default,
            "an_empty_body_cut_short_is_truncated_for_every_python_client",
        ),
        (
            the_run_cpu_leaves_the_interpreters_start_out,
            Needs::Default,
            "the_run_cpu_leaves_the_interpreters_start_out",
        ),
        (
            the_free_threaded_rows_run_with_the_gil_as_named_and_say_so,
            Needs::FreeThreaded,
            "the_free_threaded_rows_run_with_the_gil_as_named_and_say_so",
        ),
        (
            without_the_free_threaded_set_up_its_rows_are_refused_and_listed_with_the_hint,
            Needs::Default,
            "without_the_free_threaded_set_up_its_rows_are_refused_and_listed_with_the_hint",
        ),
        (
            without_the_set_up_python_models_are_refused_with_the_hint,
            Needs::Nothing,
            "without_the_set_up_python_models_are_refused_with_the_hint",
        ),
    ];
    // Each set-up is checked once (a check starts its interpreter and imports aiohttp).
    let default = python_interpreter(Interpreter::Default).err();
    let free = python_interpreter(Interpreter::FreeThreaded { gil: false }).err();
    let mut reasons = std::collections::BTreeSet::new();
    let trials = tests
        .into_iter()
        .map(|(test, needs, name)| {
            let missing = needs.missing(&default, &free);
            reasons.extend(missing.clone());
            libtest_mimic::Trial::test(name, move || {
                test();
                Ok(())
            })
            .with_ignored_flag(missing.is_some())
        })
        .collect();
    for reason in &reasons {
        println!("ignored for want of a set-up: {reason}");
    }
    libtest_mimic::run(&args, trials).exit_code()
}
