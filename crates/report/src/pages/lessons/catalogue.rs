//! The nine lessons themselves: for each, the claim, the seeds' figure, the experiment, and
//! the reading of the runs that decides it.

use super::blocking::{TO_THREAD_WORK, blocking};
use super::gil::{PYTHON_WORK, RUST_WORK, gil};
use super::processes::processes;
use super::{Evidence, Experiment, Finding, Lesson};
use crate::analysis::slopes::top_slope;

/// Seconds, for texts.
pub(super) fn s(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

/// Milliseconds, for texts.
pub(super) fn ms(ms: f64) -> String {
    format!("{ms:.0} ms")
}

pub(super) fn mib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

pub static LESSONS: &[Lesson] = &[
    Lesson {
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
        }],
        waterfall: ("tokio", "sites-20", 20, 0),
        charts: &["speedup.svg", "waterfall-quick-10.svg"],
        analyse: io_bound,
        slow_because: None,
    },
    Lesson {
        number: 2,
        name: "gil",
        claim: "The GIL lets one thread run Python at a time: threads help I/O-bound work, not \
                CPU-bound work.",
        source: "the seeds, in words only; Real Python (2024) measured CPU-bound work (fib(35) x 20) at \
                 35.36 s sequential, 39.86 s with threads and 10.02 s with processes.",
        experiments: &[
            Experiment {
                models: &["py-threads-gil", "py-threads-nogil", "py-threads"],
                workload: "cpu",
                concurrency: &[1, 2, 4],
                cpu_work: &[PYTHON_WORK],
                repeat: 3,
            },
            Experiment {
                models: &["threads", "gil-threads"],
                workload: "cpu",
                concurrency: &[1, 2, 4],
                cpu_work: &[RUST_WORK],
                repeat: 3,
            },
            Experiment {
                models: &["threads", "gil-threads"],
                workload: "quick",
                concurrency: &[100],
                cpu_work: &[0],
                repeat: 1,
            },
        ],
        waterfall: ("py-threads-nogil", "cpu", 2, PYTHON_WORK),
        charts: &[
            "gil.svg",
            "lanes-cpu-2-cpu-30.svg",
            "wall-time-cpu.svg",
            "lanes-quick-100-cpu-1000.svg",
        ],
        analyse: gil,
        slow_because: Some(
            "27 runs of the Python program at about 3 to 8 s each, to time 1, 2 and 4 threads three times",
        ),
    },
    Lesson {
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
            },
            Experiment {
                models: &["threads", "gil-threads", "processes"],
                workload: "cpu",
                concurrency: &[2],
                cpu_work: &[RUST_WORK],
                repeat: 3,
            },
        ],
        waterfall: ("py-processes", "cpu", 2, PYTHON_WORK),
        charts: &["wall-time-cpu.svg", "memory-quick.svg"],
        analyse: processes,
        slow_because: None,
    },
    Lesson {
        number: 4,
        name: "thread-memory",
        claim: "OS threads cost memory each; thousands of connections cannot each have a thread.",
        source: "the seeds: \"several MB per thread\"; jimblandy/context-switch measured about \
                 9.5 KiB of user memory and 10 KiB of kernel memory per thread against 0.4 KiB \
                 per async task.",
        experiments: &[Experiment {
            models: &["threads", "tokio"],
            workload: "quick",
            concurrency: &[10, 30, 100],
            cpu_work: &[0],
            repeat: 1,
        }],
        waterfall: ("threads", "quick", 10, 0),
        charts: &[
            "memory-quick.svg",
            "threads-quick.svg",
            "lanes-quick-100.svg",
        ],
        analyse: thread_memory,
        slow_because: None,
    },
    Lesson {
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
        }],
        waterfall: ("tokio-current-thread", "quick", 100, 1000),
        charts: &["cooperative-quick-100.svg", "lanes-quick-100-cpu-1000.svg"],
        analyse: cooperative,
        slow_because: None,
    },
    Lesson {
        number: 6,
        name: "blocking",
        claim: "Never block inside a coroutine: a blocking call stalls the whole event loop.",
        source: "the seeds, in words only: `time.sleep` or blocking HTTP inside a coroutine.",
        experiments: &[
            Experiment {
                models: &["tokio", "blocking-in-async"],
                workload: "quick",
                concurrency: &[100],
                cpu_work: &[0],
                repeat: 1,
            },
            Experiment {
                models: &["py-asyncio", "py-blocking-in-asyncio"],
                workload: "quick",
                concurrency: &[100],
                cpu_work: &[0],
                repeat: 1,
            },
            Experiment {
                models: &[
                    "py-asyncio",
                    "py-asyncio-to-thread",
                    "py-asyncio-to-thread-gil",
                    "py-asyncio-to-thread-nogil",
                ],
                workload: "quick",
                concurrency: &[100],
                cpu_work: &[TO_THREAD_WORK],
                repeat: 1,
            },
        ],
        waterfall: ("py-blocking-in-asyncio", "quick", 100, 0),
        charts: &["waterfall-quick-10.svg", "in-flight-quick-100.svg"],
        analyse: blocking,
        slow_because: None,
    },
    Lesson {
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
            },
            Experiment {
                models: &["threads", "spawn-blocking"],
                workload: "quick",
                concurrency: &[100],
                cpu_work: &[0],
                repeat: 1,
            },
        ],
        waterfall: ("spawn-blocking", "google-6", 6, 0),
        charts: &["speedup.svg", "waterfall-quick-10.svg", "threads-quick.svg"],
        analyse: executor,
        slow_because: None,
    },
    Lesson {
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
        }],
        waterfall: ("tokio-current-thread", "quick", 100, 0),
        charts: &["lanes-quick-100.svg", "threads-quick.svg"],
        analyse: event_loop,
        slow_because: None,
    },
    Lesson {
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
        }],
        waterfall: ("tokio", "quick", 100, 0),
        charts: &["wall-time-quick.svg", "waterfall-quick-10.svg"],
        analyse: crawl,
        slow_because: None,
    },
];

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

/// The slope of `measure` against concurrency between a model's two highest levels on `quick`.
fn slope(e: &Evidence, model: &str, measure: impl Fn(&crate::Summary) -> f64) -> Option<f64> {
    let points: Vec<(f64, f64)> = e
        .series(model, "quick", 0)
        .iter()
        .map(|s| (s.concurrency as f64, measure(s)))
        .collect();
    top_slope(&points)
}

fn thread_memory(e: &Evidence) -> Option<Finding> {
    let threads_vm = slope(e, "threads", |s| s.peak_vm_kib)?;
    let threads_rss = slope(e, "threads", |s| s.peak_rss_kib)?;
    let tokio_vm = slope(e, "tokio", |s| s.peak_vm_kib)?;
    let tokio_rss = slope(e, "tokio", |s| s.peak_rss_kib)?;
    let levels: Vec<String> = e
        .series("threads", "quick", 0)
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|s| s.concurrency.to_string())
        .collect();
    let text = format!(
        "What one more request in flight costs, as the slope of peak memory between concurrency \
         {} on `quick`: a thread adds {} of reserved address space and {:.0} KiB resident; a \
         task on `tokio` adds {:.0} KiB reserved and {:.0} KiB resident. Reserved memory is \
         promised address space (a stack per thread, 2 MiB in Rust); resident memory is the \
         pages actually touched.{}",
        levels.join(" and "),
        mib(threads_vm),
        threads_rss,
        tokio_vm,
        tokio_rss,
        if threads_vm >= 1024.0 && threads_rss < threads_vm / 2.0 {
            " \"Several MB per thread\" is the reserved figure; what fills the RAM is the \
             resident one."
        } else {
            ""
        }
    );
    let costly = threads_vm >= 1024.0 && threads_vm >= 10.0 * tokio_vm.max(1.0);
    let mut finding = Finding::new(
        text,
        vec![
            ("threads_vm_kib_per_request", threads_vm),
            ("threads_rss_kib_per_request", threads_rss),
            ("tokio_vm_kib_per_request", tokio_vm),
            ("tokio_rss_kib_per_request", tokio_rss),
        ],
        costly,
        "a thread did not reserve at least 1 MiB, ten times a task's",
    );
    // The scale suite's runs are not this lesson's experiment: what they show goes beside the
    // verdict, not into it.
    if let Some(many) = e
        .at("threads", "c10k", 10_000, 0)
        .filter(|s| !s.failed() && s.failed == 0)
    {
        finding.beyond = Some(format!(
            "Beside this experiment, the scale suite's runs (not part of it) bear on the claim's \
             second half: asked for 10,000 in flight on `c10k`, `threads` completed every \
             request with {:.0} threads at its peak, {:.1} GiB reserved and {} resident over an \
             idle worker, at efficiency {:.2}: on this 64-bit machine thousands of threads did \
             fit.",
            many.peak_threads,
            (many.peak_vm_kib - many.baseline_vm_kib) / 1024.0 / 1024.0,
            mib(many.peak_rss_kib - many.baseline_rss_kib),
            many.efficiency
        ));
    }
    Some(finding)
}

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
         `tokio-current-thread`'s median request took {} and its p99 {} (the median {:.0}% of \
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

fn executor(e: &Evidence) -> Option<Finding> {
    let sequential = e.at("sequential", "google-6", 6, 0)?;
    let offloaded = e.at("spawn-blocking", "google-6", 6, 0)?;
    let speedup = sequential.wall_ms.median / offloaded.wall_ms.median;
    let mut text = format!(
        "`spawn-blocking` does what seed 004 does: blocking calls handed to a pool from async \
         code. On `google-6` (latencies chosen so that a perfect client takes the seed's times) \
         it took {} against `sequential`'s {} ({speedup:.1}x; the seed: 4.865 s and 1.484 s).",
        s(offloaded.wall_ms.median),
        s(sequential.wall_ms.median)
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

fn crawl(e: &Evidence) -> Option<Finding> {
    let sequential = e.at("sequential", "quick", 1, 0)?;
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let rate = |summary: &crate::Summary| summary.requests_per_run() / summary.wall_ms.median * 1e3;
    let (slow, fast) = (rate(sequential), rate(tokio));
    let urls = 360_000.0;
    let text = format!(
        "At the rates measured on `quick` (requests of 100 ms), `sequential` fetched {slow:.1} \
         requests a second and `tokio` at concurrency 100 {fast:.0}. Were those rates to hold, \
         360,000 such requests would take {:.1} hours one at a time and {:.1} minutes 100 at a \
         time (an extrapolation from runs of 100 requests). The seed does not say how long \
         one of its requests took, so its 50 minutes is not compared with these; what is checked \
         is that 100 at a time fetches at least 50 times as fast as one at a time.",
        urls / slow / 3600.0,
        urls / fast / 60.0
    );
    Some(Finding::new(
        text,
        vec![("sequential_per_s", slow), ("tokio_per_s", fast)],
        fast >= 50.0 * slow,
        "concurrency 100 was not 50 times the rate of one at a time",
    ))
}
