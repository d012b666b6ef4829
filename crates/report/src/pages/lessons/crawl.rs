//! Lesson 9, `crawl`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use minijinja::context;

use super::{Evidence, Experiment, Finding, Lesson};

/// Lesson 9, `crawl`.
pub(super) const LESSON: Lesson = Lesson {
    number: 9,
    name: "crawl",
    claim: "The motivating job: 360,000 article URLs, where collecting the links alone took \
            50 minutes one at a time; concurrency is what makes such a job feasible.",
    source: "the seeds: a crawl of 360,000 article URLs; 50 minutes to collect the links \
             sequentially.",
    experiments: &[Experiment {
        models: &["sequential", "tokio"],
        workload: "quick",
        concurrency: &[100],
        cpu_work: &[0],
        repeat: 1,
        memory_parts: false,
    }],
    waterfall: ("tokio", "quick", 100, 0),
    charts: &["wall-time-quick.svg", "waterfall-quick-10.svg"],
    analyse: crawl,
    slow_because: None,
};

fn crawl(e: &Evidence) -> Option<Finding> {
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
    Some(Finding::from_template(
        "crawl",
        context,
        vec![("sequential_per_s", slow), ("tokio_per_s", fast)],
        fast >= 50.0 * slow,
    ))
}
