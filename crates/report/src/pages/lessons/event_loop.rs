//! Lesson 8, `event-loop`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::pages::format::ms;

/// Lesson 8, `event-loop`.
pub(super) const LESSON: Lesson = Lesson {
    number: 8,
    name: "event-loop",
    claim: "An async task wraps a coroutine; an event loop schedules them on one thread.",
    source: "the seeds, in words only (no figure).",
    experiments: &[Experiment {
        models: &["tokio", "tokio-current-thread"],
        workload: "quick",
        concurrency: &[100],
        cpu_work: &[0],
        repeat: 1,
        memory_parts: false,
    }],
    waterfall: ("tokio-current-thread", "quick", 100, 0),
    charts: &["lanes-quick-100.svg", "threads-quick.svg"],
    analyse: event_loop,
    slow_because: None,
};

fn event_loop(e: &Evidence) -> Option<Finding> {
    let one_loop = e.at("tokio-current-thread", "quick", 100, 0)?;
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let mut text = format!(
        "`tokio-current-thread` is one thread running one event loop. On `quick` at concurrency \
         100 it finished in {} with {:.0} thread at its peak, against `tokio`'s {} with {:.0} \
         (efficiency {:.2} and {:.2}).",
        ms(one_loop.wall_ms.median),
        one_loop.peak_threads,
        ms(tokio.wall_ms.median),
        tokio.peak_threads,
        one_loop.efficiency,
        tokio.efficiency
    );
    let mut figures = vec![
        ("tokio_current_thread_ms", one_loop.wall_ms.median),
        ("tokio_current_thread_threads", one_loop.peak_threads),
        ("tokio_ms", tokio.wall_ms.median),
    ];
    if let Some(python) = e.at("py-asyncio", "quick", 100, 0) {
        text.push_str(&format!(
            " `py-asyncio`, the seed's program, took {} on {:.0} thread",
            ms(python.wall_ms.median),
            python.peak_threads,
        ));
        if let (Some(python_cpu), Some(rust_cpu)) = (python.cpu_ms, one_loop.cpu_ms) {
            text.push_str(&format!(
                ", with {} of CPU over its run (interpreter start-up left out) against \
                 `tokio-current-thread`'s {}: {:.1} times as much for the same requests",
                ms(python_cpu),
                ms(rust_cpu),
                python_cpu / rust_cpu.max(f64::MIN_POSITIVE)
            ));
            figures.push(("py_asyncio_cpu_ms", python_cpu));
            figures.push(("tokio_current_thread_cpu_ms", rust_cpu));
        }
        text.push('.');
        figures.push(("py_asyncio_ms", python.wall_ms.median));
    }
    let enough = one_loop.peak_threads <= 1.0 && one_loop.efficiency >= 0.8;
    if enough {
        text.push_str(" For I/O-bound work one loop was enough; its limit is CPU (lesson 5).");
    }
    Some(Finding::new(
        text,
        figures,
        enough,
        "the single loop used more than one thread or fell below 0.8 efficiency",
    ))
}
