//! Lesson `many-threads`: whether ten thousand requests in flight can each have a thread.

use minijinja::{Value, context};

use super::thread_memory::budgets;
use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `many-threads`' check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "many-threads",
    charts: &[
        Name::MemoryAtScale("c10k", 10000),
        Name::BreakingPoints,
        Name::Budget("c10k", 10000),
    ],
    analyse: many_threads,
};

/// Threads at once that count as thousands.
const THOUSANDS: f64 = 1000.0;

fn many_threads(e: &Evidence) -> Option<(Value, bool)> {
    let threads = e.at("threads", "c10k", 10_000, 0)?;
    let tokio = e.at("tokio", "c10k", 10_000, 0)?;
    let completed = !threads.failed() && threads.failed == 0;
    let thousands = threads.peak_threads >= THOUSANDS;
    let run = |s: &crate::Summary| {
        context! {
            failed_runs => s.failed(),
            wall_ms => s.wall_ms.median,
            efficiency => s.efficiency,
            threads => s.peak_threads,
            in_flight => s.client_peak_in_flight,
            rss_kib => s.peak_rss_kib - s.baseline_rss_kib,
            ok => s.ok_per_run(),
            failed => s.failed_per_run(),
            error => s.first_error.clone(),
        }
    };
    let context = context! {
        cores => e.cores,
        threads => run(threads),
        tokio => run(tokio),
        requests => threads.requests_per_run().max(tokio.requests_per_run()),
        completed,
        thousands,
        budgets => budgets(e, "c10k", 10_000),
    };
    // The claim holds where thousands of threads could not be had, or did not complete.
    let holds = !(completed && thousands);
    Some((context, holds))
}
