//! The machine's limits, end to end: a concurrency the open-files limit cannot hold is refused
//! before any request, and a thread pool the machine refuses is a failed run the sweep goes
//! past. Each test runs only where the machine's limits allow it, and says so when they do not.

use std::os::unix::process::CommandExt;
use std::process::Command;

mod common;

use common::{results, stderr};

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

fn a_thread_pool_the_machine_refuses_is_a_failed_run_and_the_sweep_goes_on() {
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

/// Why the machine's own limits leave too little room for the thread-pool test (tokio holds
/// 3,000 connections, and the run sets its own limits under the machine's), or `None`.
fn too_little_room() -> Option<String> {
    let needed_files = 3000 + fanout_harness::limits::SPARE_FILES;
    if open_files_hard_limit() < needed_files {
        return Some(format!(
            "the hard open-files limit is {}, under the {needed_files} the test needs",
            open_files_hard_limit()
        ));
    }
    hard_limit(libc::RLIMIT_AS)
        .filter(|address_space| *address_space < 2_000_000 * 1024)
        .map(|address_space| {
            format!(
                "the hard address space limit is {address_space} bytes, under the 2 GB the test \
                 sets"
            )
        })
}

/// Its own harness (libtest-mimic), so that a test this machine's limits leave no room for is
/// reported as ignored, with the reason said above the summary, never as passed.
fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let room = too_little_room();
    if let Some(reason) = &room {
        println!("ignored for want of room: {reason}");
    }
    let trials = vec![
        libtest_mimic::Trial::test(
            "a_concurrency_beyond_the_open_files_limit_is_refused_before_any_request",
            || {
                a_concurrency_beyond_the_open_files_limit_is_refused_before_any_request();
                Ok(())
            },
        ),
        libtest_mimic::Trial::test(
            "a_thread_pool_the_machine_refuses_is_a_failed_run_and_the_sweep_goes_on",
            || {
                a_thread_pool_the_machine_refuses_is_a_failed_run_and_the_sweep_goes_on();
                Ok(())
            },
        )
        .with_ignored_flag(room.is_some()),
    ];
    libtest_mimic::run(&args, trials).exit_code()
}
