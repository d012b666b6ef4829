//! Lesson 1, `io-bound`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use minijinja::context;

use super::{Evidence, Experiment, Finding, Lesson};

/// Lesson 1, `io-bound`.
pub(super) const LESSON: Lesson = Lesson {
    number: 1,
    name: "io-bound",
    claim: "I/O-bound fetching gains hugely from concurrency.",
    source: "seed 000: 20 URLs, blocking `requests` 12.2 s, `aiohttp` 2.5 s (4.9x); seed 004: \
             6 pages, 4.865 s sequential, 1.484 s with `run_in_executor`; Fluent Python 2e: \
             20 flags, 7.18 s sequential, 1.35 s with asyncio.",
    experiments: &[Experiment {
        models: &["sequential", "threads", "tokio"],
        workload: "sites-20",
        concurrency: &[20],
        cpu_work: &[0],
        repeat: 1,
        memory_parts: false,
    }],
    waterfall: ("tokio", "sites-20", 20, 0),
    charts: &["speedup.svg", "waterfall-quick-10.svg"],
    analyse: io_bound,
    slow_because: None,
};

fn io_bound(e: &Evidence) -> Option<Finding> {
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
    Some(Finding::from_template(
        "io_bound",
        context! {
            sequential_ms => sequential.wall_ms.median,
            tokio_ms => tokio.wall_ms.median,
            speedup,
            ideal_ms => tokio.ideal_ms,
            efficiency => tokio.efficiency,
            tokio_close => tokio.efficiency >= 0.8,
            costs,
        },
        vec![
            ("sequential_ms", sequential.wall_ms.median),
            ("tokio_ms", tokio.wall_ms.median),
            ("speedup", speedup),
        ],
        speedup >= 3.0,
    ))
}
