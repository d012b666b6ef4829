//! Lesson 7, `executor`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::pages::format::{mib, s};

/// Lesson 7, `executor`.
pub(super) const LESSON: Lesson = Lesson {
    number: 7,
    name: "executor",
    claim: "Blocking calls can be offloaded to a thread pool (`run_in_executor`), which is \
            threads under the hood.",
    source: "seed 004: 6 pages, 4.865 s sequential, 1.484 s with `run_in_executor`.",
    experiments: &[
        Experiment {
            models: &["sequential", "spawn-blocking"],
            workload: "google-6",
            concurrency: &[6],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: false,
        },
        Experiment {
            models: &["threads", "spawn-blocking"],
            workload: "quick",
            concurrency: &[100],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: false,
        },
    ],
    waterfall: ("spawn-blocking", "google-6", 6, 0),
    charts: &["speedup.svg", "waterfall-quick-10.svg", "threads-quick.svg"],
    analyse: executor,
    slow_because: None,
};

fn executor(e: &Evidence) -> Option<Finding> {
    let sequential = e.at("sequential", "google-6", 6, 0)?;
    let offloaded = e.at("spawn-blocking", "google-6", 6, 0)?;
    let speedup = sequential.wall_ms.median / offloaded.wall_ms.median;
    let mut text = format!(
        "`spawn-blocking` does what seed 004 does: blocking calls handed to a pool from async \
         code. On `google-6` (latencies chosen so that a perfect client takes the seed's times) \
         it took {} against `sequential`'s {} ({speedup:.1}x; the seed: 4.865 s and 1.484 s). \
         The construction gives the ideal; how close it came is the runs': efficiency {:.2}, \
         with {:.0} threads at its peak and {} resident over an idle worker.",
        s(offloaded.wall_ms.median),
        s(sequential.wall_ms.median),
        offloaded.efficiency,
        offloaded.peak_threads,
        mib((offloaded.peak_rss_kib - offloaded.baseline_rss_kib).max(0.0))
    );
    let mut figures = vec![
        ("sequential_ms", sequential.wall_ms.median),
        ("spawn_blocking_ms", offloaded.wall_ms.median),
        ("speedup", speedup),
    ];
    let under_the_hood = e
        .at("spawn-blocking", "quick", 100, 0)
        .zip(e.at("threads", "quick", 100, 0));
    if let Some((offloaded, threads)) = under_the_hood {
        text.push_str(&format!(
            " {}: at concurrency 100 on `quick` it ran {:.0} threads and peaked at {} resident, \
             against `threads`' {:.0} and {}.",
            if offloaded.peak_threads >= 100.0 {
                "Under the hood it is threads"
            } else {
                "Under the hood it did not take a thread per call"
            },
            offloaded.peak_threads,
            mib(offloaded.peak_rss_kib),
            threads.peak_threads,
            mib(threads.peak_rss_kib)
        ));
        figures.push(("spawn_blocking_threads", offloaded.peak_threads));
        figures.push(("threads_threads", threads.peak_threads));
    }
    let threads_under = under_the_hood.is_none_or(|(o, _)| o.peak_threads >= 100.0);
    Some(Finding::new(
        text,
        figures,
        speedup >= 2.5 && threads_under,
        "offloading did not speed the job up 2.5 times, or did not use a thread per call",
    ))
}
