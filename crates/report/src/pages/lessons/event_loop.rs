//! Lesson `event-loop`: the reading of its runs that decides it.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `event-loop`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "event-loop",
    charts: &[Name::Lanes("quick", 100, 0), Name::Threads("quick")],
    analyse: event_loop,
};

fn event_loop(e: &Evidence) -> Option<(Value, bool)> {
    let one_loop = e.at("tokio-current-thread", "quick", 100, 0)?;
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let python = e.at("py-asyncio", "quick", 100, 0).map(|python| {
        let cpu = python
            .cpu_ms
            .zip(one_loop.cpu_ms)
            .map(|(python_ms, rust_ms)| {
                let ratio = python_ms / rust_ms.max(f64::MIN_POSITIVE);
                context! { python_ms, rust_ms, ratio }
            });
        context! { wall_ms => python.wall_ms.median, peak_threads => python.peak_threads, cpu }
    });
    let enough = one_loop.peak_threads <= 1.0 && one_loop.efficiency >= 0.8;
    let run = |s: &crate::Summary| {
        context! {
            wall_ms => s.wall_ms.median,
            peak_threads => s.peak_threads,
            efficiency => s.efficiency,
        }
    };
    let context = context! { one_loop => run(one_loop), tokio => run(tokio), python, enough };
    Some((context, enough))
}
