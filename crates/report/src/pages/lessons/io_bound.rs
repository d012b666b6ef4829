//! Lesson `io-bound`: the reading of its runs that decides it.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `io-bound`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "io-bound",
    charts: &[Name::Speedup, Name::Waterfall("quick", 10)],
    analyse: io_bound,
};

fn io_bound(e: &Evidence) -> Option<(Value, bool)> {
    let sequential = e.at("sequential", "sites-20", 20, 0)?;
    let tokio = e.at("tokio", "sites-20", 20, 0)?;
    let speedup = sequential.wall_ms.median / tokio.wall_ms.median;
    // What is not by construction: how close each model came, and what it cost.
    let costs: Vec<_> = ["sequential", "threads", "tokio"]
        .iter()
        .filter_map(|model| e.at(model, "sites-20", 20, 0))
        .map(|s| {
            context! {
                model => s.model,
                efficiency => s.efficiency,
                peak_threads => s.peak_threads,
                rss_kib => (s.peak_rss_kib - s.baseline_rss_kib).max(0.0),
            }
        })
        .collect();
    Some((
        context! {
            sequential_ms => sequential.wall_ms.median,
            tokio_ms => tokio.wall_ms.median,
            speedup,
            ideal_ms => tokio.ideal_ms,
            efficiency => tokio.efficiency,
            tokio_close => tokio.efficiency >= 0.8,
            costs,
        },
        speedup >= 3.0,
    ))
}
