//! Lesson `cooperative`: the reading of its runs that decides it.

use minijinja::{Value, context};
use serde::Serialize;

use super::{Check, Evidence};
use crate::analysis::summary::Summary;
use crate::pages::figures::Name;

/// Lesson `cooperative`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "cooperative",
    charts: &[
        Name::Cooperative("quick", 100),
        Name::Lanes("quick", 100, 1000),
        Name::InFlight("quick", 100),
        Name::Budget("quick", 100),
    ],
    analyse: cooperative,
};

/// A group's request times, each timed from its own start: a median far short of the p99
/// (a low spread) is requests finished one by one, a median near it requests finished together.
#[derive(Serialize)]
struct Requests {
    p50_ms: f64,
    p99_ms: f64,
    spread: f64,
    wall_ms: f64,
}

impl Requests {
    fn of(s: &Summary) -> Self {
        Requests {
            p50_ms: s.p50_ms,
            p99_ms: s.p99_ms,
            spread: s.p50_ms / s.p99_ms.max(1e-9),
            wall_ms: s.wall_ms.median,
        }
    }
}

fn cooperative(e: &Evidence) -> Option<(Value, bool)> {
    let work = e
        .series("tokio-current-thread", "quick", 1000)
        .first()
        .map(|_| 1000)?;
    let one_loop = e.at("tokio-current-thread", "quick", 100, work)?;
    let threads = e.at("threads", "quick", 100, work)?;
    let tokio = e.at("tokio", "quick", 100, work);
    let gil = e.at("gil-threads", "quick", 100, work);
    let (one, free) = (Requests::of(one_loop), Requests::of(threads));
    let (one_by_one, together) = (one.spread < 0.75, free.spread > 0.85);
    // Cooperation is not only a hazard: pages finished in turn put the median well before
    // the tail, at a tail no worse than the threads'.
    let median_shortened = tokio.is_some_and(|t| t.p50_ms < 0.8 * threads.p50_ms);
    let ramps = e
        .data
        .ramp_ms("threads", "quick", 100, work)
        .zip(e.data.ramp_ms("tokio", "quick", 100, work));
    // Where the cores' time went, counted as the budget charts count it: both keep the cores
    // busy with pages, which is why their tails meet.
    let busy: Vec<_> = [Some(threads), tokio]
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let budget = s.budget.as_ref()?;
            Some(context! {
                model => s.model,
                cpu_ms => budget.model_ms,
                capacity_ms => budget.capacity_ms(e.cores).max(1e-9),
            })
        })
        .collect();
    let context = context! {
        work,
        cores => e.cores,
        tail_shortened => tokio.is_some_and(|t| t.p99_ms <= 0.6 * one_loop.p99_ms),
        median_shortened,
        same_tail => tokio
            .is_some_and(|t| (t.p99_ms - threads.p99_ms).abs() <= 0.15 * threads.p99_ms),
        one_loop_helps => one_loop.p50_ms < 0.8 * threads.p50_ms,
        ramp_small => ramps.is_some_and(|(t, k)| t.max(k) < 0.1 * threads.p50_ms),
        gil_apart => gil.is_some_and(|g| g.apart_from(one_loop)),
        one_loop => one,
        threads => free,
        tokio => tokio.map(Requests::of),
        gil_ms => gil.map(|g| g.wall_ms.median),
        ramps,
        busy,
        one_by_one,
        together,
    };
    Some((context, one_by_one && together))
}
