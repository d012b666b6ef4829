//! Property: for 50 seeded fault mixes, every model accounts for every target and records the
//! failure kind each target's fault calls for. The mock server's own log of what it injected is
//! the oracle. Delays stay far below the timeout, so no outcome depends on the machine's speed.

use std::collections::BTreeMap;
use std::sync::Mutex;

mod common;

use common::run_worker;
use fanout_core::{ErrorKind, Job, Timeouts, Workload};
use fanout_harness::sweep::account;
use fanout_mock::MockServer;
use fanout_registry::{ModelEntry, rust_models};

const MIXES: u64 = 50;
/// Seventy times the slowest answer that should arrive in time, so that a loaded machine keeps
/// every one in time; a stall or a long trickle costs its run this much, so it is no longer.
const TIMEOUT_MS: u64 = 3000;
/// Runs at once: the stalls mostly wait, so many overlap their waiting for little CPU.
const AT_ONCE: usize = 16;

/// A fault mix drawn from `seed`: every kind of fault at a rate of its own.
fn workload(seed: u64) -> Workload {
    let rate = |n: u64, step: f64| (n as f64) * step;
    let source = format!(
        r#"
name = "mix-{seed}"
description = "a seeded fault mix"
seed = {seed}
targets = 12
concurrency = [12]
timeout_ms = {TIMEOUT_MS}
latency_ms = {{ dist = "uniform", min = 0, max = 40 }}
body_bytes = {{ dist = "uniform", min = 0, max = 20000 }}
faults = {{ error_rate = {}, error_status = {}, reset_rate = {}, truncate_rate = {}, stall_rate = {}, trickle_rate = {}, trickle_ms = {} }}
"#,
        rate(seed % 5, 0.04),
        [404, 418, 500, 503][(seed % 4) as usize],
        rate((seed / 5) % 3, 0.05),
        rate((seed / 3) % 4, 0.04),
        rate(seed % 2, 0.05),
        rate((seed + 1) % 3, 0.05),
        if seed.is_multiple_of(2) {
            40
        } else {
            2 * TIMEOUT_MS
        },
    );
    Workload::parse(&source, &format!("mix-{seed}.toml")).unwrap()
}

/// Runs one model on one mix and checks it against both oracles.
fn check(server: &MockServer, model: &ModelEntry, seed: u64) -> Result<(), String> {
    let workload = workload(seed);
    let targets = workload.targets();
    let concurrency = model.fixed_concurrency.unwrap_or(12);
    let timeouts = Timeouts {
        connect_ms: 2000,
        receive_ms: TIMEOUT_MS,
    };
    let job = Job::new(&targets, &server.urls(), concurrency, 2, timeouts);
    server.reset();
    let report = run_worker(model.name, &job)?;
    let counts = account(&job, &report)?;

    // Per target: the kind this target's fault calls for.
    for record in &report.outcome.records {
        let target = &targets[record.id as usize];
        let expected = target.expected(TIMEOUT_MS);
        if record.outcome.error_kind() != expected {
            return Err(format!(
                "target {} ({:?}): {:?}, expected {expected:?}",
                record.id, target.fault, record.outcome
            ));
        }
    }

    // In all: what the server says it injected is what the model recorded.
    let injected = server.stats().injected;
    let said = |kind: &str| injected.get(kind).copied().unwrap_or(0);
    let trickles_past_timeout = if workload.faults().trickle_ms > TIMEOUT_MS {
        said("trickle")
    } else {
        0
    };
    let from_server: BTreeMap<String, u64> = [
        (ErrorKind::Http4xx, said("http_4xx")),
        (ErrorKind::Http5xx, said("http_5xx")),
        (ErrorKind::Reset, said("reset")),
        (ErrorKind::Truncated, said("truncate")),
        (ErrorKind::Timeout, said("stall") + trickles_past_timeout),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(kind, n)| (kind.name().to_owned(), n))
    .collect();
    if counts.failed != from_server {
        return Err(format!(
            "recorded {:?}, the server injected {injected:?}",
            counts.failed
        ));
    }
    Ok(())
}

#[test]
fn every_model_records_exactly_the_faults_the_server_injected() {
    let pairs: Mutex<Vec<(u64, &ModelEntry)>> = Mutex::new(
        (0..MIXES)
            .flat_map(|seed| rust_models().map(move |model| (seed, model)))
            .collect(),
    );
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| {
                // A server per thread, so each run's log is its own.
                let server = MockServer::start_local().unwrap();
                loop {
                    let next = pairs.lock().unwrap().pop();
                    let Some((seed, model)) = next else { break };
                    if let Err(why) = check(&server, model, seed) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{} on mix {seed}: {why}", model.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_mixes_cover_every_kind_of_fault() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..MIXES {
        let workload = workload(seed);
        for target in workload.targets() {
            if let Some(kind) = target.expected(TIMEOUT_MS) {
                seen.insert(kind);
            }
        }
    }
    let wanted = [
        ErrorKind::Http4xx,
        ErrorKind::Http5xx,
        ErrorKind::Reset,
        ErrorKind::Truncated,
        ErrorKind::Timeout,
    ];
    assert!(
        wanted.iter().all(|kind| seen.contains(kind)),
        "only {seen:?}"
    );
}

/// A reset of the server's counters while a run goes on leaves that run not measured, where it
/// was recorded as verified with the server's view of half a run.
#[test]
fn a_run_whose_server_view_was_reset_during_it_is_not_measured() {
    let server = MockServer::start_local().unwrap();
    let first = server.stats().generation;
    let dir = tempfile::tempdir().unwrap();
    let workload = dir.path().join("slow.toml");
    std::fs::write(
        &workload,
        "name = \"slow\"\ndescription = \"four slow answers\"\nseed = 1\ntargets = 4\n\
         concurrency = [1]\ntimeout_ms = 5000\nlatency_ms = { dist = \"fixed\", value = 400 }\n\
         body_bytes = { dist = \"fixed\", value = 100 }\n",
    )
    .unwrap();
    let json = dir.path().join("out.json");
    let url = server.urls().items[0].clone();
    let mut run = common::fanout_command(&[
        "run",
        "--server",
        &url,
        "--models",
        "sequential",
        "--workload",
        workload.to_str().unwrap(),
        "--repeat",
        "1",
        "--json",
        json.to_str().unwrap(),
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    // Once the harness has reset the counters for its run and the run's first request has
    // arrived (the run takes 1.6 s), the counters are reset from outside.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let stats = server.stats();
        if stats.generation != first && stats.requests >= 1 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the run never began");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    server.reset();
    let status = run.wait().unwrap();
    let results = common::results(&json);
    let record = &results.runs[0];
    assert!(record.unmeasured, "{record:?}");
    assert!(
        record.error.as_deref().is_some_and(|e| e.contains("reset")),
        "{:?}",
        record.error
    );
    assert_eq!(status.code(), Some(1));
}
