//! Lesson 1, `io-bound`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::pages::format::mib;
use crate::pages::format::s;

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
    let ideal = tokio.ideal_ms;
    let text = format!(
        "On `sites-20` (seed 000's job: 5 sites x 4 pages, latencies like its run) `sequential` \
         took {} and `tokio` {}: {speedup:.1}x (the seed: 12.2 s and 2.5 s, 4.9x). A program \
         that waits for one server at a time adds up every wait; a concurrent one can wait for \
         all of them at once, and then takes about as long as its slowest request, {} here. The \
         workload's latencies are chosen so that a perfect client takes the seed's own times; {}",
        s(sequential.wall_ms.median),
        s(tokio.wall_ms.median),
        s(ideal),
        if tokio.efficiency >= 0.8 {
            format!(
                "what the runs show is that `tokio` gets there (efficiency {:.2}).",
                tokio.efficiency
            )
        } else {
            format!(
                "`tokio` did not get there: efficiency {:.2}.",
                tokio.efficiency
            )
        }
    );
    let mut text = text;
    // What is not by construction: how close each model came, and what it cost.
    let costs: Vec<String> = ["sequential", "threads", "tokio"]
        .iter()
        .filter_map(|model| e.at(model, "sites-20", 20, 0))
        .map(|s| {
            format!(
                "`{}` efficiency {:.2}, {:.0} threads at its peak, {} resident over an idle \
                 worker",
                s.model,
                s.efficiency,
                s.peak_threads,
                mib((s.peak_rss_kib - s.baseline_rss_kib).max(0.0))
            )
        })
        .collect();
    if !costs.is_empty() {
        text.push_str(&format!(
            " What the construction does not give, how close each came and what it cost: {}.",
            costs.join("; ")
        ));
    }
    Some(Finding::new(
        text,
        vec![
            ("sequential_ms", sequential.wall_ms.median),
            ("tokio_ms", tokio.wall_ms.median),
            ("speedup", speedup),
        ],
        speedup >= 3.0,
        &format!("the speedup was only {speedup:.1}x"),
    ))
}
