//! Lesson 3, processes: CPython's `ProcessPoolExecutor` (an interpreter, and a GIL, per process)
//! against its threads under one GIL, and the same shape in Rust, where there is no lock to
//! sidestep. Every sentence that reads a figure is chosen by the figure.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::analysis::gil::{PYTHON_WORK, RUST_WORK};
use crate::pages::format::{mib, ms};

/// Lesson 3, `processes`.
pub(super) const LESSON: Lesson = Lesson {
    number: 3,
    name: "processes",
    claim: "Multiprocessing sidesteps the GIL for CPU-bound work, at the cost of memory per \
            process.",
    source: "the seeds, in words only; Real Python (2024): 10.02 s with processes against 35.36 s \
             sequential for CPU-bound work.",
    experiments: &[
        Experiment {
            models: &["py-threads", "py-processes"],
            workload: "cpu",
            concurrency: &[2],
            cpu_work: &[PYTHON_WORK],
            repeat: 3,
            memory_parts: false,
        },
        Experiment {
            models: &["threads", "gil-threads", "processes"],
            workload: "cpu",
            concurrency: &[2],
            cpu_work: &[RUST_WORK],
            repeat: 3,
            memory_parts: false,
        },
    ],
    waterfall: ("py-processes", "cpu", 2, PYTHON_WORK),
    charts: &["wall-time-cpu.svg", "memory-quick.svg"],
    analyse: processes,
    slow_because: None,
};

/// Processes are "faster" below this share of the threads' time, and cost "more memory" above
/// this multiple of their peak.
const FASTER: f64 = 0.75;
const MORE_MEMORY: f64 = 1.5;

pub fn processes(e: &Evidence) -> Option<Finding> {
    let python =
        e.at("py-threads", "cpu", 2, PYTHON_WORK)
            .zip(e.at("py-processes", "cpu", 2, PYTHON_WORK));
    let rust = e
        .at("gil-threads", "cpu", 2, RUST_WORK)
        .zip(e.at("processes", "cpu", 2, RUST_WORK))
        .zip(e.at("threads", "cpu", 2, RUST_WORK));
    if python.is_none() && rust.is_none() {
        return None;
    }
    let mut text = String::new();
    let mut figures = Vec::new();
    let mut checks: Vec<(bool, &str)> = Vec::new();
    if let Some((threads, processes)) = python {
        let faster = processes.wall_ms.median <= FASTER * threads.wall_ms.median;
        let heavier = processes.peak_rss_kib > MORE_MEMORY * threads.peak_rss_kib;
        text.push_str(&format!(
            "On `cpu` at concurrency 2 ({PYTHON_WORK} units of Python work a page), \
             `py-processes` (`ProcessPoolExecutor`, one process per core, each its own \
             interpreter with its own GIL) took {} against `py-threads`' {} (two threads under \
             one GIL){}. The price is memory: {} resident at the peak over {:.0} processes, \
             against {} for the threads' one process{}.",
            ms(processes.wall_ms.median),
            ms(threads.wall_ms.median),
            if faster {
                ": both cores computed"
            } else {
                ", not clearly faster"
            },
            mib(processes.peak_rss_kib),
            processes.peak_processes,
            mib(threads.peak_rss_kib),
            if heavier {
                ": each interpreter is a copy of its own"
            } else {
                ", not much more"
            }
        ));
        figures.push(("py_processes_ms", processes.wall_ms.median));
        figures.push(("py_threads_ms", threads.wall_ms.median));
        figures.push(("py_processes_rss_kib", processes.peak_rss_kib));
        figures.push(("py_threads_rss_kib", threads.peak_rss_kib));
        checks.push((
            faster,
            "Python's processes were not faster than its GIL-bound threads",
        ));
        checks.push((
            heavier,
            "Python's processes used no more memory than its threads",
        ));
    }
    if let Some(((gil, processes), threads)) = rust {
        let faster = processes.wall_ms.median <= FASTER * gil.wall_ms.median;
        let heavier = processes.peak_rss_kib > MORE_MEMORY * threads.peak_rss_kib;
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!(
            "In Rust ({RUST_WORK} units a page), `processes` re-runs the worker as one process \
             per core; it has no lock to sidestep, and took {} against `gil-threads`' {} (a pool \
             under a simulated lock) and `threads`' {}, with {} resident against `threads`' {}.",
            ms(processes.wall_ms.median),
            ms(gil.wall_ms.median),
            ms(threads.wall_ms.median),
            mib(processes.peak_rss_kib),
            mib(threads.peak_rss_kib),
        ));
        figures.push(("processes_ms", processes.wall_ms.median));
        figures.push(("gil_threads_ms", gil.wall_ms.median));
        figures.push(("processes_rss_kib", processes.peak_rss_kib));
        figures.push(("threads_rss_kib", threads.peak_rss_kib));
        if python.is_none() {
            checks.push((
                faster && heavier,
                "processes were not faster than the GIL-bound threads, or used no more memory",
            ));
        }
    }
    Some(Finding::from_checks(text, figures, &checks))
}
