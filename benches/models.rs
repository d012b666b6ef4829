//! Criterion benchmarks of every model, one group per question, every model a function in it,
//! so criterion's report compares them side by side (`target/criterion/report/index.html`).
//!
//! The models run in this process against the mock server, which runs in-process on its own
//! thread, started once. Criterion measures wall time only and compares each run against the
//! last one; `fanout run` measures memory, threads and CPU in a child process per run.
//!
//! Groups: `io-bound`, `io-bound-wide`, `cpu-bound`. `cargo bench`, `cargo bench -- tokio`
//! (only the tokio functions), `cargo bench -- --list`.

use std::sync::OnceLock;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use fanout_core::{Fault, Job, Target, Timeouts};
use fanout_mock::MockServer;
use fanout_registry::{Benches, MODELS, ModelEntry, Runner};

/// The server every benchmark fetches from, started on first use.
fn server() -> &'static MockServer {
    static SERVER: OnceLock<MockServer> = OnceLock::new();
    SERVER.get_or_init(|| MockServer::start_local().expect("the mock server starts on loopback"))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `count` targets of `size` bytes, each answered after `delay_ms`.
fn job(count: u32, delay_ms: u64, size: u64, concurrency: usize) -> Job {
    let targets: Vec<Target> = (0..count)
        .map(|id| Target {
            id,
            delay_ms,
            size,
            fault: Fault::None,
        })
        .collect();
    let timeouts = Timeouts {
        connect_ms: 2_000,
        receive_ms: 10_000,
    };
    Job::new(&targets, &server().urls(), concurrency, cores(), timeouts)
}

/// Runs one model on `job` and checks that every request succeeded: a run that fails is a
/// broken benchmark, never a fast one.
fn run_verified(model: &ModelEntry, job: &Job) {
    let Runner::Rust(run) = fanout_registry::runner(model) else {
        unreachable!("only Rust models run in-process")
    };
    let outcome = run(job).unwrap_or_else(|err| panic!("{} could not start: {err}", model.name));
    let failed = outcome
        .records
        .iter()
        .filter(|r| r.outcome.error_kind().is_some())
        .count();
    assert!(
        failed == 0 && outcome.records.len() == job.targets.len(),
        "{}: {failed} of {} requests failed",
        model.name,
        job.targets.len()
    );
}

/// One group: every model in `models` on `job`, throughput in requests per second.
fn group(
    c: &mut Criterion,
    name: &str,
    job: &Job,
    models: impl Iterator<Item = &'static ModelEntry>,
) {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(job.targets.len() as u64));
    for model in models {
        group.bench_function(BenchmarkId::from_parameter(model.name), |b| {
            b.iter(|| run_verified(model, job))
        });
    }
    group.finish();
}

/// The models the catalogue puts in every group (see each model's `benches` there for why the
/// others are left out).
fn every_group_models() -> impl Iterator<Item = &'static ModelEntry> {
    MODELS
        .iter()
        .filter(|model| model.benches == Benches::Every)
}

/// The models the catalogue puts in the groups other than `io-bound-wide`.
fn narrow_group_models() -> impl Iterator<Item = &'static ModelEntry> {
    MODELS
        .iter()
        .filter(|model| matches!(model.benches, Benches::Every | Benches::NotWide(_)))
}

/// 200 targets, 20 ms latency, 50 in flight: the everyday fan-out (ideal: 80 ms).
/// `sequential` runs too; it takes 200 x 20 ms = 4 s an iteration, the baseline of the rest.
/// `blocking-in-async` keeps only one request per core in flight: about 2 s an iteration.
fn io_bound(c: &mut Criterion) {
    group(
        c,
        "io-bound",
        &job(200, 20, 16 * 1024, 50),
        narrow_group_models(),
    );
}

/// 2,000 targets, 20 ms latency, 1,000 in flight (ideal: 40 ms): where a thread per request
/// starts to cost. The thread models can start 1,000 threads on any machine this runs on, so
/// they stay in; the catalogue says which models are left out and why.
fn io_bound_wide(c: &mut Criterion) {
    group(
        c,
        "io-bound-wide",
        &job(2_000, 20, 4 * 1024, 1_000),
        every_group_models(),
    );
}

/// 100 pages with no latency and 300 units of parse-like work each (about 4 ms a page): where
/// only using more cores helps, and where one event loop or a GIL cannot.
fn cpu_bound(c: &mut Criterion) {
    let mut work = job(100, 0, 8 * 1024, 100);
    work.cpu_work = 300;
    group(c, "cpu-bound", &work, narrow_group_models());
}

fn config() -> Criterion {
    // Every connection needs a descriptor here and another in the in-process server.
    fanout_harness::limits::raise_open_files_limit();
    Criterion::default()
}

criterion_group! {
    name = benches;
    config = config();
    targets = io_bound, io_bound_wide, cpu_bound
}
criterion_main!(benches);
