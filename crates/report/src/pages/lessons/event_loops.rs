//! Lesson `event-loops`: one asyncio event loop against one loop a core, on the default
//! interpreter and on the free-threaded one with the GIL on and off.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use serde::Serialize;

use super::{Check, Evidence};
use crate::analysis::summary::Summary;
use crate::pages::figures::Name;

/// Lesson `event-loops`' check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "event-loops",
    charts: &[Name::PythonCpu("loops", 1000, 1)],
    analyse: event_loops,
};

/// The workload and level the loops are compared at.
const WORKLOAD: &str = "loops";
const LEVEL: usize = 1000;

/// A loop that kept this share of a core busy over its run had run out of it.
const BUSY: f64 = 0.8;
/// A second loop that made the run this much faster helped, unless the two groups' intervals
/// overlap (a run of one repeat, as `fanout lesson` makes, has none to overlap).
const HELPED: f64 = 1.2;

/// Each interpreter by the name the template knows it by, and its models' suffix.
const INTERPRETERS: &[(&str, &str)] = &[("default", ""), ("gil_on", "-gil"), ("gil_off", "-nogil")];

/// One loop against one a core on one interpreter at one amount of work a page.
#[derive(Clone, Serialize)]
struct Pair {
    one_ms: f64,
    loops_ms: f64,
    /// Cores each kept busy: CPU over its run against its wall time.
    one_cores: Option<f64>,
    loops_cores: Option<f64>,
    loops: f64,
    /// Requests each lost over its runs (a saturated loop's connects can time out).
    one_lost: f64,
    loops_lost: f64,
    speedup: f64,
    helped: bool,
    busy: bool,
}

impl Pair {
    fn of(e: &Evidence, suffix: &str, work: u32) -> Option<Pair> {
        let one = e.at(&format!("py-asyncio{suffix}"), WORKLOAD, LEVEL, work)?;
        let loops = e.at(&format!("py-asyncio-loops{suffix}"), WORKLOAD, LEVEL, work)?;
        let cores = |s: &Summary| Some(s.cpu_ms? / s.wall_ms.median);
        let speedup = one.wall_ms.median / loops.wall_ms.median;
        Some(Pair {
            one_ms: one.wall_ms.median,
            loops_ms: loops.wall_ms.median,
            one_cores: cores(one),
            loops_cores: cores(loops),
            loops: loops.peak_threads,
            one_lost: one.failed as f64,
            loops_lost: loops.failed as f64,
            speedup,
            helped: speedup >= HELPED && !one.overlaps(loops),
            busy: cores(one).is_some_and(|c| c >= BUSY),
        })
    }
}

/// Each interpreter's pair at `work` units a page, by name.
fn pairs(e: &Evidence, work: u32) -> BTreeMap<&'static str, Pair> {
    INTERPRETERS
        .iter()
        .filter_map(|(name, suffix)| Some((*name, Pair::of(e, suffix, work)?)))
        .collect()
}

fn event_loops(e: &Evidence) -> Option<(Value, bool)> {
    let idle = pairs(e, 0);
    let default = idle.get("default")?.clone();
    // The most work a page the loops also ran with.
    let work = e.most_work("py-asyncio", WORKLOAD, |work| work > 0);
    let worked = work.map(|work| pairs(e, work)).unwrap_or_default();
    let off = idle.get("gil_off");
    // The claim: one loop ran out of its one core, and a second loop on another core helped
    // only where the two could run at once (with the GIL off; where the free-threaded runs
    // are missing, the GIL's second loop must not have helped).
    let off_helped = off.map(|p| p.helped || worked.get("gil_off").is_some_and(|w| w.helped));
    let holds = default.busy && off_helped.unwrap_or(!default.helped);
    // Ten thousand in flight on `c10k`: what each completed.
    let many: Vec<_> = [
        "py-asyncio",
        "py-asyncio-loops",
        "py-asyncio-nogil",
        "py-asyncio-loops-nogil",
    ]
    .iter()
    .filter_map(|model| {
        let s = e.at(model, "c10k", 10_000, 0)?;
        Some(context! {
            model,
            ok => s.ok_per_run(),
            total => s.requests_per_run(),
            wall_ms => s.wall_ms.median,
            lost => s.failed > 0,
        })
    })
    .collect();
    let context = context! {
        level => LEVEL,
        workload => WORKLOAD,
        idle,
        work,
        worked,
        many,
        holds,
        off_against_stock => e.at("py-asyncio-loops-nogil", WORKLOAD, LEVEL, 0).map(|off| {
            let stock = ["py-asyncio", "py-asyncio-loops"].map(|m| e.at(m, WORKLOAD, LEVEL, 0));
            off.against_all(&stock.into_iter().flatten().collect::<Vec<_>>())
        }),
    };
    Some((context, holds))
}
