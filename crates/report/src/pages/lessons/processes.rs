//! Lesson `processes`: CPython's `ProcessPoolExecutor` (an interpreter, and a GIL, per process)
//! against its threads under one GIL, and the same shape in Rust, where there is no lock to
//! sidestep. Its words are in `templates/lessons/processes.md`.

use minijinja::{Value, context};
use serde::Serialize;

use super::{Check, Evidence};
use crate::analysis::gil::{PYTHON_WORK, RUST_WORK};
use crate::analysis::summary::Summary;
use crate::pages::figures::Name;

/// Lesson `processes`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "processes",
    charts: &[Name::WallTime("cpu"), Name::Memory("quick")],
    analyse: processes,
};

/// Processes are "faster" below this share of the threads' time, and cost "more memory" above
/// this multiple of their peak.
const FASTER: f64 = 0.75;
const MORE_MEMORY: f64 = 1.5;

/// Processes against threads under one lock, for time, and threads, for memory (in Python the
/// same threads).
#[derive(Serialize)]
struct Against {
    processes_ms: f64,
    locked_ms: f64,
    threads_ms: f64,
    processes_rss_kib: f64,
    threads_rss_kib: f64,
    processes: f64,
    faster: bool,
    heavier: bool,
}

impl Against {
    fn of(processes: &Summary, locked: &Summary, threads: &Summary) -> Self {
        Against {
            processes_ms: processes.wall_ms.median,
            locked_ms: locked.wall_ms.median,
            threads_ms: threads.wall_ms.median,
            processes_rss_kib: processes.peak_rss_kib,
            threads_rss_kib: threads.peak_rss_kib,
            processes: processes.peak_processes,
            faster: processes.wall_ms.median <= FASTER * locked.wall_ms.median,
            heavier: processes.peak_rss_kib > MORE_MEMORY * threads.peak_rss_kib,
        }
    }
}

pub fn processes(e: &Evidence) -> Option<(Value, bool)> {
    let python = e
        .at("py-threads", "cpu", 2, PYTHON_WORK)
        .zip(e.at("py-processes", "cpu", 2, PYTHON_WORK))
        .map(|(threads, processes)| Against::of(processes, threads, threads));
    let rust = e
        .at("gil-threads", "cpu", 2, RUST_WORK)
        .zip(e.at("processes", "cpu", 2, RUST_WORK))
        .zip(e.at("threads", "cpu", 2, RUST_WORK))
        .map(|((gil, processes), threads)| Against::of(processes, gil, threads));
    // Python's runs decide when there are some: Rust has no lock to sidestep.
    let decides = python.as_ref().or(rust.as_ref())?;
    let holds = decides.faster && decides.heavier;
    Some((
        context! { python_work => PYTHON_WORK, rust_work => RUST_WORK, python, rust },
        holds,
    ))
}
