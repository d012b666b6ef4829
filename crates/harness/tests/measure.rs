//! The harness measures real processes with known behaviour (the `harness-probe` program).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fanout_core::{ServerUrls, Workload};
use fanout_harness::measure::{Exit, run_measured};
use fanout_harness::sweep::{RunSpec, Until};
use fanout_harness::{ModelSpec, Plan, run_sweep};

const PROBE: &str = env!("CARGO_BIN_EXE_harness-probe");

fn tiny_workload() -> Workload {
    Workload::parse(
        r#"
name = "tiny"
description = "three targets"
seed = 1
targets = 3
concurrency = [2]
timeout_ms = 1000
latency_ms = { dist = "fixed", value = 0 }
body_bytes = { dist = "fixed", value = 10 }
"#,
        "tiny.toml",
    )
    .unwrap()
}

fn job_json() -> Vec<u8> {
    let workload = tiny_workload();
    let plan = plan(vec![]);
    let run = RunSpec {
        model: 0,
        workload: 0,
        concurrency: 2,
        cpu_work: 0,
        repeat: 0,
    };
    let server = ServerUrls::single("http://127.0.0.1:9");
    serde_json::to_vec(&plan.job(&workload.targets(), &workload, &run, &server)).unwrap()
}

fn plan(models: Vec<ModelSpec>) -> Plan {
    Plan::new(models, vec![tiny_workload()], 2)
}

fn probe(mode: &[&str]) -> Command {
    let mut command = Command::new(PROBE);
    command.args(mode);
    command
}

fn probe_model(name: &str, mode: &[&str]) -> ModelSpec {
    ModelSpec {
        name: name.into(),
        program: PathBuf::from(PROBE),
        args: mode.iter().map(|s| s.to_string()).collect(),
        fixed_concurrency: None,
        in_flight_cap: None,
    }
}

fn a_worker_with_fifty_threads_is_seen_with_at_least_fifty() {
    let measured = run_measured(
        probe(&["threads", "50"]),
        job_json(),
        Duration::from_secs(30),
    )
    .unwrap();
    assert_eq!(measured.exit, Exit::Code(0));
    assert!(
        measured.peak_threads >= 50,
        "peak threads {}",
        measured.peak_threads
    );
}

fn an_idle_worker_is_sampled_however_soon_it_exits() {
    // An idle worker reads the job and exits within a millisecond or two: before the first
    // sample, unless it stops itself to be seen, as it does.
    for _ in 0..20 {
        let measured = run_measured(
            probe(&["idle", "--idle"]),
            job_json(),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(measured.exit, Exit::Code(0));
        assert!(measured.samples >= 1);
        assert!(
            measured.peak_vm_kib > 0 && measured.peak_rss_kib > 0,
            "{measured:?}"
        );
    }
}

/// Why this machine cannot lend a child `mib` MiB, if it cannot: the address space it may map
/// or the memory free for it.
fn no_room_for(mib: u64) -> Option<String> {
    // Room for the program itself and its allocator beside the memory it touches.
    let needed_kib = (mib + 64) * 1024;
    // SAFETY: getrlimit with a valid pointer to a local.
    let mut limit: libc::rlimit = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0
        && limit.rlim_cur != libc::RLIM_INFINITY
        && limit.rlim_cur / 1024 < needed_kib
    {
        return Some(format!(
            "the address space limit is {} KiB, under the {needed_kib} KiB needed",
            limit.rlim_cur / 1024
        ));
    }
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let available_kib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        });
    match available_kib {
        Some(available) if available >= needed_kib => None,
        Some(available) => Some(format!(
            "{available} KiB of memory available, under the {needed_kib} KiB needed"
        )),
        None => Some("no MemAvailable in /proc/meminfo".into()),
    }
}

fn a_worker_touching_200_mib_is_seen_above_200_mib() {
    let measured = run_measured(
        probe(&["touch", "200"]),
        job_json(),
        Duration::from_secs(30),
    )
    .unwrap();
    assert_eq!(measured.exit, Exit::Code(0));
    assert!(
        measured.peak_rss_kib > 200 * 1024,
        "peak RSS {} KiB",
        measured.peak_rss_kib
    );
    assert!(
        measured.peak_vm_kib > 200 * 1024,
        "peak VM {} KiB",
        measured.peak_vm_kib
    );
    assert!(measured.cpu_user_ms + measured.cpu_sys_ms > 0.0);
}

fn a_hanging_worker_is_killed_at_its_deadline() {
    let deadline = Duration::from_millis(500);
    let measured = run_measured(probe(&["hang"]), job_json(), deadline).unwrap();
    assert_eq!(measured.exit, Exit::DeadlineExceeded(deadline));
    assert!(measured.failure().unwrap().contains("deadline"));
}

fn a_crashing_worker_becomes_a_failed_run_and_the_sweep_goes_on() {
    let plan = plan(vec![
        probe_model("crasher", &["crash"]),
        probe_model("steady", &["idle"]),
    ]);
    let runs = run_sweep(&plan, "http://127.0.0.1:9", &mut |_| {}).runs;
    assert_eq!(runs.len(), 2);
    let crashed = &runs[0];
    assert_eq!(crashed.model, "crasher");
    assert!(
        crashed.error.as_deref().unwrap().contains("signal"),
        "{:?}",
        crashed.error
    );
    assert!(!crashed.verified);
    assert_eq!(
        crashed.requests.ok + crashed.requests.failed_total(),
        crashed.requests.total
    );
    let steady = &runs[1];
    assert_eq!(steady.error, None);
    assert!(steady.verified);
    assert_eq!(steady.requests.failed.get("other"), Some(&3));
    assert!(steady.baseline_rss_kib > 0);
}

fn a_group_with_nothing_to_narrow_stops_at_its_minimum_and_the_others_go_on() {
    let mut plan = plan(vec![
        probe_model("crasher", &["crash"]),
        probe_model("steady", &["idle"]),
    ]);
    plan.repeat = 5;
    // A precision no run's times reach: the steady one can only stop at its most.
    plan.until = Some(Until {
        min: 2,
        share: 1e-9,
        budget: None,
    });
    let runs = run_sweep(&plan, "http://127.0.0.1:9", &mut |_| {}).runs;
    let count = |model: &str| runs.iter().filter(|r| r.model == model).count();
    // Every run of the crasher fails: two show that, and more would not narrow anything.
    assert_eq!(count("crasher"), 2);
    // The others go on past the crasher's stop, to their own.
    assert_eq!(count("steady"), 5);
    // Repeats stay interleaved and numbered in order.
    let repeats: Vec<u32> = runs
        .iter()
        .filter(|r| r.model == "steady")
        .map(|r| r.repeat)
        .collect();
    assert_eq!(repeats, (0..repeats.len() as u32).collect::<Vec<_>>());
}

fn a_worker_that_hangs_is_killed_at_its_deadline_and_the_sweep_goes_on() {
    let mut plan = plan(vec![
        probe_model("hanger", &["hang"]),
        probe_model("steady", &["idle"]),
    ]);
    // The deadline is every run's: the steady one must start and finish within it on a loaded
    // machine too; the hanging one pays it whole.
    plan.deadline = Some(Duration::from_secs(5));
    let runs = run_sweep(&plan, "http://127.0.0.1:9", &mut |_| {}).runs;
    assert_eq!(runs.len(), 2);
    let hung = runs[0].error.as_deref().unwrap();
    assert!(hung.contains("deadline"), "{hung}");
    assert_eq!(
        runs[0].requests.ok + runs[0].requests.failed_total(),
        runs[0].requests.total
    );
    assert_eq!(runs[1].error, None);
}

fn a_model_that_fails_is_not_run_at_higher_concurrency() {
    let mut plan = plan(vec![
        probe_model("crasher", &["crash"]),
        probe_model("steady", &["idle"]),
    ]);
    plan.concurrency = Some(vec![1, 2, 3]);
    let runs = run_sweep(&plan, "http://127.0.0.1:9", &mut |_| {}).runs;
    let crasher: Vec<_> = runs.iter().filter(|r| r.model == "crasher").collect();
    assert_eq!(crasher.len(), 3, "every level is recorded");
    assert!(crasher[0].error.as_deref().unwrap().contains("signal"));
    for skipped in &crasher[1..] {
        let error = skipped.error.as_deref().unwrap();
        assert!(
            error.contains("not run") && error.contains("concurrency 1"),
            "{error}"
        );
        // Not run: no request sent, none counted as failed.
        assert!(skipped.not_run);
        assert_eq!(
            (skipped.requests.total, skipped.requests.failed_total()),
            (0, 0)
        );
    }
    assert!(
        runs.iter()
            .filter(|r| r.model == "steady")
            .all(|r| r.error.is_none())
    );
}

fn runs_whose_ideal_is_over_the_limit_are_not_started() {
    let slow = Workload::parse(
        r#"
name = "slow"
description = "three targets of a second each"
seed = 1
targets = 3
concurrency = [1, 3]
timeout_ms = 5000
latency_ms = { dist = "fixed", value = 1000 }
body_bytes = { dist = "fixed", value = 10 }
"#,
        "slow.toml",
    )
    .unwrap();
    let mut capped = probe_model("capped", &["hang"]);
    capped.in_flight_cap = Some(1);
    let mut plan = plan(vec![capped, probe_model("open", &["idle"])]);
    plan.workloads = vec![slow];
    plan.max_ideal = Some(Duration::from_secs(2));
    let runs = run_sweep(&plan, "http://127.0.0.1:9", &mut |_| {}).runs;
    let outcome = |model: &str, concurrency: usize| {
        runs.iter()
            .find(|r| r.model == model && r.concurrency == concurrency)
            .unwrap()
            .error
            .clone()
    };
    // One in flight: 3 s either way. The hanging probe would have hit its deadline if started.
    for concurrency in [1, 3] {
        let error = outcome("capped", concurrency).unwrap();
        assert!(
            error.contains("not run") && error.contains("at most 1"),
            "{error}"
        );
    }
    assert!(outcome("open", 1).unwrap().contains("3 s, over the 2 s"));
    assert_eq!(outcome("open", 3), None);
}

/// Its own harness (libtest-mimic), so that the memory test, where the machine leaves no room
/// for it, is reported as ignored with the reason, never as passed.
fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let room = no_room_for(200);
    if let Some(why) = &room {
        println!("ignored for want of room: {why}");
    }
    macro_rules! trials {
        ($($test:ident),* $(,)?) => {
            vec![$(libtest_mimic::Trial::test(stringify!($test), || {
                $test();
                Ok(())
            })),*]
        };
    }
    let mut trials = trials![
        a_worker_with_fifty_threads_is_seen_with_at_least_fifty,
        an_idle_worker_is_sampled_however_soon_it_exits,
        a_hanging_worker_is_killed_at_its_deadline,
        a_crashing_worker_becomes_a_failed_run_and_the_sweep_goes_on,
        a_group_with_nothing_to_narrow_stops_at_its_minimum_and_the_others_go_on,
        a_worker_that_hangs_is_killed_at_its_deadline_and_the_sweep_goes_on,
        a_model_that_fails_is_not_run_at_higher_concurrency,
        runs_whose_ideal_is_over_the_limit_are_not_started,
    ];
    trials.push(
        libtest_mimic::Trial::test("a_worker_touching_200_mib_is_seen_above_200_mib", || {
            a_worker_touching_200_mib_is_seen_above_200_mib();
            Ok(())
        })
        .with_ignored_flag(room.is_some()),
    );
    libtest_mimic::run(&args, trials).exit_code()
}
