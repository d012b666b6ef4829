//! Lesson `crawl`: the reading of its runs that decides it.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `crawl`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "crawl",
    charts: &[Name::WallTime("quick"), Name::Waterfall("quick", 10)],
    analyse: crawl,
};

fn crawl(e: &Evidence) -> Option<(Value, bool)> {
    let sequential = e.at("sequential", "quick", 1, 0)?;
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let rate = |summary: &crate::Summary| summary.requests_per_run() / summary.wall_ms.median * 1e3;
    let (slow, fast) = (rate(sequential), rate(tokio));
    let urls = 360_000.0;
    let context = context! {
        slow,
        fast,
        hours => urls / slow / 3600.0,
        minutes => urls / fast / 60.0,
    };
    Some((context, fast >= 50.0 * slow))
}
