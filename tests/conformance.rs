//! One contract, checked against every model: each registered model runs as a real worker
//! process against the real mock server, and must behave the same way.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

mod common;

use common::run_worker;
use fanout_core::in_flight::most_in_flight;
use fanout_core::workload::limits::MAX_DELAY_MS;
use fanout_core::{ErrorKind, Fetch, Job, JobTarget, WorkerReport, expected_body};
use fanout_harness::sweep::account;
use fanout_mock::MockServer;
use fanout_registry::{ModelEntry, rust_models};

fn job(
    base: &str,
    concurrency: usize,
    targets: impl IntoIterator<Item = (u64, u64, Option<u16>)>,
) -> Job {
    Job {
        targets: targets
            .into_iter()
            .enumerate()
            .map(|(id, (delay_ms, size, status))| JobTarget {
                id: id as u32,
                url: match status {
                    Some(status) => {
                        format!("{base}/item/{id}?delay_ms={delay_ms}&size={size}&status={status}")
                    }
                    None => format!("{base}/item/{id}?delay_ms={delay_ms}&size={size}"),
                },
                size,
            })
            .collect(),
        concurrency,
        cores: 2,
        connect_timeout_ms: 2000,
        timeout_ms: 5000,
        cpu_work: 0,
    }
}

/// The concurrency levels a model is checked at: its fixed one, or 1, 7 and 64.
fn levels(model: &ModelEntry) -> Vec<usize> {
    model
        .fixed_concurrency
        .map_or_else(|| vec![1, 7, 64], |fixed| vec![fixed])
}

/// Runs `check` for every model and reports every model that failed it, not just the first.
fn for_every_model(check: impl Fn(&ModelEntry) -> Result<(), String>) {
    let failures: Vec<String> = rust_models()
        .filter_map(|model| {
            check(model)
                .err()
                .map(|why| format!("{}: {why}", model.name))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn kinds(report: &WorkerReport) -> Vec<Option<ErrorKind>> {
    report
        .outcome
        .records
        .iter()
        .map(|r| r.outcome.error_kind())
        .collect()
}

#[test]
fn every_target_is_fetched_once_and_every_body_verified() {
    let server = MockServer::start_local().unwrap();
    for_every_model(|model| {
        for concurrency in levels(model) {
            // Sizes around line and buffer boundaries, small delays that vary.
            let targets = (0..150u64).map(|i| {
                (
                    i % 7 * 3,
                    [0, 1, 63, 64, 4097, 16384, 70001][(i % 7) as usize],
                    None,
                )
            });
            let job = job(&server.uri(), concurrency, targets);
            server.reset();
            let report = run_worker(model.name, &job)?;
            let counts = account(&job, &report).map_err(|e| format!("at {concurrency}: {e}"))?;
            if counts.ok != 150 {
                return Err(format!(
                    "at {concurrency}: {} of 150 ok: {:?}",
                    counts.ok, counts.failed
                ));
            }
            let requests = server.stats().requests;
            if requests != 150 {
                return Err(format!(
                    "at {concurrency}: the server saw {requests} requests for 150 targets"
                ));
            }
        }
        Ok(())
    });
}

/// How long a gate waits for a model to reach its cap before it lets every request through:
/// only so that a model that never reaches it fails instead of hanging.
const GATE_PATIENCE: Duration = Duration::from_secs(60);

/// A server that holds the first requests it gets until `cap` of them are held together, then
/// answers every request as it arrives, counting the most it ever held at once. Whether a model
/// reaches its cap is then a matter of order, not of speed: its requests meet at the gate or
/// the gate never opens. A request is counted out before its answer is written, so a model
/// that sends its next one only after an answer is never counted over its cap.
struct Gate {
    uri: String,
    state: Arc<(Mutex<GateState>, Condvar)>,
}

#[derive(Default)]
struct GateState {
    held: usize,
    peak: usize,
    open: bool,
}

impl Gate {
    fn start(cap: usize) -> Gate {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let uri = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new((Mutex::new(GateState::default()), Condvar::new()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || Gate::serve(stream, &state, cap));
            }
        });
        Gate { uri, state }
    }

    fn serve(mut stream: TcpStream, state: &(Mutex<GateState>, Condvar), cap: usize) {
        let Some((id, size)) = read_item(&mut stream) else {
            return;
        };
        let (lock, opened) = state;
        let mut gate = lock.lock().unwrap();
        gate.held += 1;
        gate.peak = gate.peak.max(gate.held);
        if gate.held >= cap {
            gate.open = true;
            opened.notify_all();
        }
        let (mut gate, _) = opened
            .wait_timeout_while(gate, GATE_PATIENCE, |gate| !gate.open)
            .unwrap();
        gate.open = true;
        opened.notify_all();
        gate.held -= 1;
        drop(gate);
        let body = expected_body(id, size);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n"
        );
        let _ = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(&body));
    }

    fn peak(&self) -> usize {
        self.state.0.lock().unwrap().peak
    }
}

/// The target id and size of a `GET /item/{id}?..size=..` request read from `stream`.
fn read_item(stream: &mut TcpStream) -> Option<(u32, u64)> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut chunk).ok().filter(|n| *n > 0)?;
        head.extend_from_slice(&chunk[..read]);
    }
    let line = String::from_utf8_lossy(&head);
    let target = line.split_whitespace().nth(1)?;
    let (path, query) = target.strip_prefix("/item/")?.split_once('?')?;
    let size = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("size="))?;
    Some((path.parse().ok()?, size.parse().ok()?))
}

#[test]
fn in_flight_never_exceeds_the_concurrency_and_reaches_it() {
    for_every_model(|model| {
        for concurrency in levels(model) {
            // Lesson models that cannot keep the concurrency must keep their own cap.
            let cap = {
                let job = job("", concurrency, []);
                most_in_flight(job.concurrency, model.in_flight.limit(job.cores))
            };
            let gate = Gate::start(cap);
            let mut job = job(&gate.uri, concurrency, (0..3 * cap).map(|_| (0, 100, None)));
            // No client gives up on a held request before the gate does.
            job.timeout_ms = 2 * GATE_PATIENCE.as_millis() as u64;
            run_worker(model.name, &job)?;
            let peak = gate.peak();
            if peak != cap {
                return Err(format!(
                    "{peak} in flight at once at concurrency {concurrency}, expected {cap}"
                ));
            }
        }
        Ok(())
    });
}

#[test]
fn a_slow_server_gives_timeouts_and_the_model_returns_promptly() {
    let server = MockServer::start_local().unwrap();
    for_every_model(|model| {
        let concurrency = model.fixed_concurrency.unwrap_or(4);
        let mut job = job(
            &server.uri(),
            concurrency,
            (0..4).map(|_| (MAX_DELAY_MS, 100, None)),
        );
        job.timeout_ms = 300;
        let started = Instant::now();
        let report = run_worker(model.name, &job)?;
        account(&job, &report)?;
        if kinds(&report)
            .iter()
            .any(|kind| *kind != Some(ErrorKind::Timeout))
        {
            return Err(format!("expected only timeouts, got {:?}", kinds(&report)));
        }
        // No answer leaves the server before its delay: a model that waits for one, after its
        // timeout or at its exit, cannot be back sooner, and any other is, however loaded the
        // machine.
        let elapsed = started.elapsed();
        if elapsed >= Duration::from_millis(MAX_DELAY_MS) {
            return Err(format!(
                "back only after the server answered, {elapsed:?} with a 300 ms timeout"
            ));
        }
        Ok(())
    });
}

#[test]
fn error_statuses_are_recorded_by_kind_and_not_retried() {
    let server = MockServer::start_local().unwrap();
    for_every_model(|model| {
        let concurrency = model.fixed_concurrency.unwrap_or(4);
        let statuses = [Some(404), Some(503), None, Some(404), Some(503), None];
        let job = job(
            &server.uri(),
            concurrency,
            statuses.iter().map(|s| (10, 1000, *s)),
        );
        server.reset();
        let report = run_worker(model.name, &job)?;
        account(&job, &report)?;
        for record in &report.outcome.records {
            let expected = match statuses[record.id as usize] {
                Some(404) => Some(ErrorKind::Http4xx),
                Some(_) => Some(ErrorKind::Http5xx),
                None => None,
            };
            if record.outcome.error_kind() != expected {
                return Err(format!(
                    "target {}: {:?}, expected {expected:?}",
                    record.id, record.outcome
                ));
            }
        }
        let requests = server.stats().requests;
        if requests != 6 {
            return Err(format!(
                "the server saw {requests} requests for 6 targets: retried?"
            ));
        }
        Ok(())
    });
}

#[test]
fn a_server_that_is_not_there_gives_connect_records() {
    for_every_model(|model| {
        let concurrency = model.fixed_concurrency.unwrap_or(4);
        let job = job(
            "http://127.0.0.1:1",
            concurrency,
            (0..8).map(|_| (0, 100, None)),
        );
        let report = run_worker(model.name, &job)?;
        account(&job, &report)?;
        let wrong: Vec<&Fetch> = report
            .outcome
            .records
            .iter()
            .map(|r| &r.outcome)
            .filter(|fetch| fetch.error_kind() != Some(ErrorKind::Connect))
            .collect();
        if !wrong.is_empty() {
            return Err(format!("expected connect failures, got {wrong:?}"));
        }
        Ok(())
    });
}

#[test]
fn every_model_records_its_pinned_threads() {
    let server = MockServer::start_local().unwrap();
    for_every_model(|model| {
        let report = run_worker(
            model.name,
            &job(&server.uri(), 3, (0..3).map(|_| (0, 10, None))),
        )?;
        if report.outcome.pinned_threads.is_empty() {
            return Err("no pinned thread counts recorded".into());
        }
        Ok(())
    });
}

#[test]
fn every_model_does_the_cpu_work_on_every_body() {
    let server = MockServer::start_local().unwrap();
    for_every_model(|model| {
        let concurrency = model.fixed_concurrency.unwrap_or(4);
        let mut job = job(
            &server.uri(),
            concurrency,
            (0..12).map(|i| (5, 1000 + i * 500, None)),
        );
        job.cpu_work = 3;
        let report = run_worker(model.name, &job)?;
        let counts = account(&job, &report)?;
        if counts.ok != 12 {
            return Err(format!(
                "{} of 12 ok with CPU work: {:?}",
                counts.ok, counts.failed
            ));
        }
        Ok(())
    });
}
