//! Lesson 5, `cooperative`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::pages::format::ms;

/// Lesson 5, `cooperative`.
pub(super) const LESSON: Lesson = Lesson {
    number: 5,
    name: "cooperative",
    claim: "Threads are preemptive (they switch anywhere); coroutines are cooperative (they \
            switch only at `await`).",
    source: "the seeds, in words only (no figure).",
    experiments: &[Experiment {
        models: &["threads", "tokio", "tokio-current-thread", "gil-threads"],
        workload: "quick",
        concurrency: &[100],
        cpu_work: &[0, 1000],
        repeat: 1,
        memory_parts: false,
    }],
    waterfall: ("tokio-current-thread", "quick", 100, 1000),
    charts: &[
        "cooperative-quick-100.svg",
        "lanes-quick-100-cpu-1000.svg",
        "in-flight-quick-100.svg",
        "budget-quick-100.svg",
    ],
    analyse: cooperative,
    slow_because: None,
};

fn cooperative(e: &Evidence) -> Option<Finding> {
    let work = e
        .series("tokio-current-thread", "quick", 1000)
        .first()
        .map(|_| 1000)?;
    let one_loop = e.at("tokio-current-thread", "quick", 100, work)?;
    let threads = e.at("threads", "quick", 100, work)?;
    let tokio = e.at("tokio", "quick", 100, work);
    let gil = e.at("gil-threads", "quick", 100, work);
    let spread = |summary: &crate::Summary| summary.p50_ms / summary.p99_ms.max(1e-9);
    let (one_by_one, together) = (spread(one_loop) < 0.75, spread(threads) > 0.85);
    let mut text = format!(
        "With {work} units of CPU work on every page (`quick`, concurrency 100), a coroutine \
         that computes keeps its thread until it reaches an `await`: on one event loop the pages \
         are processed one after another, each to its end, while every other request waits. \
         Timing each request from its own start, `tokio-current-thread`'s median request took {} \
         and its p99 {} (the median {:.0}% of \
         the tail){} Threads are switched anywhere: the kernel slices the cores among all of \
         them, and every page progresses a little at a time. `threads`' median took {} and its \
         p99 {} ({:.0}%){}",
        ms(one_loop.p50_ms),
        ms(one_loop.p99_ms),
        100.0 * spread(one_loop),
        if one_by_one {
            ": they finished one by one."
        } else {
            ": their median close to their tail."
        },
        ms(threads.p50_ms),
        ms(threads.p99_ms),
        100.0 * spread(threads),
        if together {
            ": they finished together."
        } else {
            ": their median well short of their tail."
        }
    );
    let mut figures = vec![
        ("tokio_current_thread_p50_ms", one_loop.p50_ms),
        ("tokio_current_thread_p99_ms", one_loop.p99_ms),
        ("threads_p50_ms", threads.p50_ms),
        ("threads_p99_ms", threads.p99_ms),
    ];
    if let Some(tokio) = tokio {
        text.push_str(&format!(
            " `tokio`, one event loop per core, is cooperative too: {} at the median, {} at p99 \
             ({:.0}%){}.",
            ms(tokio.p50_ms),
            ms(tokio.p99_ms),
            100.0 * spread(tokio),
            if tokio.p99_ms <= 0.6 * one_loop.p99_ms {
                format!("; its {} loops shortened the tail", e.cores)
            } else {
                String::new()
            }
        ));
        figures.push(("tokio_p50_ms", tokio.p50_ms));
        // Cooperation is not only a hazard: pages finished in turn put the median well before
        // the tail, at a tail no worse than the threads'.
        let same_tail = (tokio.p99_ms - threads.p99_ms).abs() <= 0.15 * threads.p99_ms;
        if tokio.p50_ms < 0.8 * threads.p50_ms {
            text.push_str(&format!(
                " Cooperation on {} loops helps the median: `tokio`'s median request took {} \
                 against `threads`' {}, {}: its requests finished spread out ({:.0}% of the tail \
                 at the median), the threads' {} ({:.0}%). On one loop{}.",
                e.cores,
                ms(tokio.p50_ms),
                ms(threads.p50_ms),
                if same_tail {
                    format!(
                        "at about the same p99 ({} against {})",
                        ms(tokio.p99_ms),
                        ms(threads.p99_ms)
                    )
                } else {
                    format!("at p99 {} against {}", ms(tokio.p99_ms), ms(threads.p99_ms))
                },
                100.0 * spread(tokio),
                if together { "together" } else { "less so" },
                100.0 * spread(threads),
                if one_loop.p50_ms < 0.8 * threads.p50_ms {
                    format!(
                        " it helps less: `tokio-current-thread`'s median was {}",
                        ms(one_loop.p50_ms)
                    )
                } else {
                    format!(
                        " it does not: `tokio-current-thread`'s median, {}, is no shorter than \
                         the threads'",
                        ms(one_loop.p50_ms)
                    )
                }
            ));
            figures.push(("threads_p50_vs_tokio", threads.p50_ms / tokio.p50_ms));
        }
    }
    if let (Some(threads_ramp), Some(tokio_ramp)) = (
        e.data.ramp_ms("threads", "quick", 100, work),
        e.data.ramp_ms("tokio", "quick", 100, work),
    ) {
        let small = threads_ramp.max(tokio_ramp) < 0.1 * threads.p50_ms;
        text.push_str(&format!(
            " {}: `threads` began its 100th request {} in, `tokio` {} in (first repeat's \
             records; in-flight-quick-100.svg draws the climb without CPU work).",
            if small {
                "Starting the requests is a small part of that"
            } else {
                "Starting the requests is no small part of that"
            },
            ms(threads_ramp),
            ms(tokio_ramp)
        ));
    }
    // Where the cores' time went, counted as the budget charts count it: both keep the cores
    // busy with pages, which is why their tails meet.
    let busy: Vec<String> = [Some(threads), tokio]
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let budget = s.budget.as_ref()?;
            Some(format!(
                "`{}` {} of CPU over its run, {:.0}% of what {} cores give over the worker's \
                 life",
                s.model,
                ms(budget.model_ms),
                100.0 * budget.model_ms / budget.capacity_ms(e.cores).max(1e-9),
                e.cores
            ))
        })
        .collect();
    if !busy.is_empty() {
        text.push_str(&format!(
            " Where the cores' time went at {work} units, counted as budget-quick-100.svg \
             counts it without work: {}.",
            busy.join("; ")
        ));
    }
    if let Some(gil) = gil {
        // An order only where the intervals do not overlap.
        let apart = gil.apart_from(one_loop);
        text.push_str(&format!(
            " Preemption under one lock: `gil-threads` finished in {} against the single loop's \
             {}{}.",
            ms(gil.wall_ms.median),
            ms(one_loop.wall_ms.median),
            if apart {
                ""
            } else {
                " (the runs cannot tell these two apart)"
            }
        ));
        figures.push(("gil_threads_ms", gil.wall_ms.median));
        figures.push(("tokio_current_thread_ms", one_loop.wall_ms.median));
    }
    Some(Finding::new(
        text,
        figures,
        one_by_one && together,
        "the single loop's requests did not finish one after another while the threads' finished together",
    ))
}
