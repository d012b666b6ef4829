//! Lesson `thread-memory`: the reading of its runs that decides it.

use fanout_core::results::RssParts;
use minijinja::{Value, context};
use serde::Serialize;

use super::{Check, Evidence};
use crate::analysis::slopes::{points, top_slope};
use crate::pages::figures::Name;

/// Lesson `thread-memory`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "thread-memory",
    charts: &[
        Name::Memory("quick"),
        Name::Threads("quick"),
        Name::Lanes("quick", 100, 0),
        Name::InFlight("quick", 100),
        Name::Budget("quick", 100),
    ],
    analyse: thread_memory,
};

fn thread_memory(e: &Evidence) -> Option<(Value, bool)> {
    // `hold` holds every request out for a second, so its peaks are read while all are out;
    // `quick`'s last only 100 ms.
    let workload =
        if e.series("threads", "hold", 0).len() >= 2 && e.series("tokio", "hold", 0).len() >= 2 {
            "hold"
        } else {
            "quick"
        };
    let threads_vm = slope(e, workload, "threads", |s| s.peak_vm_kib)?;
    let threads_rss = slope(e, workload, "threads", |s| s.peak_rss_kib)?;
    let tokio_vm = slope(e, workload, "tokio", |s| s.peak_vm_kib)?;
    let tokio_rss = slope(e, workload, "tokio", |s| s.peak_rss_kib)?;
    let series = e.series("threads", workload, 0);
    let levels: Vec<usize> = series
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|s| s.concurrency)
        .collect();
    // A thread costs time to start as well as memory: how long each took to have its first
    // 100 requests out, from the records.
    let ramps = e
        .data
        .ramp_ms("threads", "quick", 100, 0)
        .zip(e.data.ramp_ms("tokio", "quick", 100, 0));
    let threads_parts = Parts::of(e, "threads");
    let context = context! {
        cores => e.cores,
        workload,
        levels,
        threads_vm,
        threads_rss,
        tokio_vm,
        tokio_rss,
        several_mb => threads_vm >= 1024.0 && threads_rss < threads_vm / 2.0,
        ramps,
        ramp_slower => ramps.is_some_and(|(threads, tokio)| threads > 2.0 * tokio),
        // ureq's defaults (its `Config`): a 128 KiB input and a 128 KiB output buffer for each
        // connection, each large enough for glibc to map on its own.
        ureq_buffers => threads_parts
            .as_ref()
            .is_some_and(|p| (p.other - UREQ_BUFFERS_KIB).abs() <= 0.1 * UREQ_BUFFERS_KIB),
        threads_parts,
        tokio_parts => Parts::of(e, "tokio"),
        budgets => budgets(e, "quick", 100),
    };
    let costly = threads_vm >= 1024.0 && threads_vm >= 10.0 * tokio_vm.max(1.0);
    Some((context, costly))
}

/// The size of ureq's two connection buffers, in KiB.
const UREQ_BUFFERS_KIB: f64 = 256.0;

/// The slope of `measure` against concurrency between a model's two highest levels on
/// `workload`.
fn slope(
    e: &Evidence,
    workload: &str,
    model: &str,
    measure: impl Fn(&crate::Summary) -> f64,
) -> Option<f64> {
    top_slope(&points(&e.series(model, workload, 0), measure))
}

/// Where the cores' time went in the middle run of `threads` and `tokio` at `level`: each
/// one's CPU and the mock server's, against what the cores give in the ideal time.
pub(super) fn budgets(e: &Evidence, workload: &str, level: usize) -> Vec<minijinja::Value> {
    ["threads", "tokio"]
        .iter()
        .filter_map(|model| {
            let budget = e.at(model, workload, level, 0)?.budget.as_ref()?;
            Some(context! {
                model,
                cpu_ms => budget.model_ms,
                run_measured => budget.run_measured,
                server_ms => budget.server_ms?,
                load => budget.ideal_load(e.cores)?,
                ideal_ms => budget.ideal_ms,
            })
        })
        .collect()
}

/// What one more request held in flight adds to each part of the worker's resident memory,
/// in KiB, between the lowest and highest of the `hold` runs that read it (`--memory-parts`).
#[derive(Serialize)]
struct Parts {
    low: usize,
    high: usize,
    stacks: f64,
    heap: f64,
    other: f64,
    file: f64,
}

impl Parts {
    fn of(e: &Evidence, model: &str) -> Option<Self> {
        let levels = e.series(model, "hold", 0);
        let (low, high) = (levels.first()?, levels.last()?);
        let (a, b) = (low.rss_parts?, high.rss_parts?);
        let requests = high
            .concurrency
            .checked_sub(low.concurrency)
            .filter(|n| *n > 0)? as f64;
        let slope = |f: fn(&RssParts) -> u64| (f(&b) as f64 - f(&a) as f64) / requests;
        Some(Parts {
            low: low.concurrency,
            high: high.concurrency,
            stacks: slope(|p| p.stacks_kib),
            heap: slope(|p| p.heap_kib),
            other: slope(|p| p.other_anon_kib),
            file: slope(|p| p.file_kib),
        })
    }
}
