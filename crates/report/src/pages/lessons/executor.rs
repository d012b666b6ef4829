//! Lesson `executor`: the reading of its runs that decides it.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `executor`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "executor",
    charts: &[
        Name::Speedup,
        Name::Waterfall("quick", 10),
        Name::Threads("quick"),
    ],
    analyse: executor,
};

fn executor(e: &Evidence) -> Option<(Value, bool)> {
    let sequential = e.at("sequential", "google-6", 6, 0)?;
    let offloaded = e.at("spawn-blocking", "google-6", 6, 0)?;
    let speedup = sequential.wall_ms.median / offloaded.wall_ms.median;
    let under_the_hood = e
        .at("spawn-blocking", "quick", 100, 0)
        .zip(e.at("threads", "quick", 100, 0));
    let threads_under = under_the_hood.is_none_or(|(o, _)| o.peak_threads >= 100.0);
    let under_the_hood = under_the_hood.map(|(offloaded, threads)| {
        context! {
            is_threads => threads_under,
            offloaded_threads => offloaded.peak_threads,
            offloaded_rss_kib => offloaded.peak_rss_kib,
            threads_threads => threads.peak_threads,
            threads_rss_kib => threads.peak_rss_kib,
        }
    });
    let context = context! {
        sequential_ms => sequential.wall_ms.median,
        offloaded_ms => offloaded.wall_ms.median,
        speedup,
        efficiency => offloaded.efficiency,
        peak_threads => offloaded.peak_threads,
        rss_kib => (offloaded.peak_rss_kib - offloaded.baseline_rss_kib).max(0.0),
        under_the_hood,
    };
    let holds = speedup >= 2.5 && threads_under;
    Some((context, holds))
}
