//! Lesson 4, `thread-memory`: its claim, the figure it is held to and its experiment, and the reading
//! of its runs that decides it.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::analysis::slopes::{points, top_slope};
use crate::pages::format::{gib, load_verdict, mib, ms};

/// Lesson 4, `thread-memory`.
pub(super) const LESSON: Lesson = Lesson {
    number: 4,
    name: "thread-memory",
    claim: "OS threads cost memory each; thousands of connections cannot each have a thread.",
    source: "the seeds: \"several MB per thread\"; jimblandy/context-switch measured about \
             9.5 KiB of user memory and 10 KiB of kernel memory per thread against 0.4 KiB \
             per async task.",
    experiments: &[
        Experiment {
            models: &["threads", "tokio"],
            workload: "quick",
            concurrency: &[10, 30, 100],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: false,
        },
        Experiment {
            models: &["threads", "tokio"],
            workload: "hold",
            concurrency: &[100, 400],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: true,
        },
    ],
    waterfall: ("threads", "quick", 10, 0),
    charts: &[
        "memory-quick.svg",
        "threads-quick.svg",
        "lanes-quick-100.svg",
        "in-flight-quick-100.svg",
        "budget-quick-100.svg",
        "budget-c10k-10000.svg",
    ],
    analyse: thread_memory,
    slow_because: None,
};

fn thread_memory(e: &Evidence) -> Option<Finding> {
    // `hold` holds every request out for a second, so its peaks are read while all are out;
    // `quick`'s last only 100 ms.
    let workload =
        if e.series("threads", "hold", 0).len() >= 2 && e.series("tokio", "hold", 0).len() >= 2 {
            "hold"
        } else {
            "quick"
        };
    let threads_vm = slope(e, workload, "threads", |s| s.peak_vm_kib)?;
    let threads_rss = slope(e, workload, "threads", |s| s.peak_rss_kib)?;
    let tokio_vm = slope(e, workload, "tokio", |s| s.peak_vm_kib)?;
    let tokio_rss = slope(e, workload, "tokio", |s| s.peak_rss_kib)?;
    let levels: Vec<String> = e
        .series("threads", workload, 0)
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|s| s.concurrency.to_string())
        .collect();
    let text = format!(
        "What one more request in flight costs, as the slope of peak memory between concurrency \
         {} on `{workload}`: a thread adds {} of reserved address space and {:.0} KiB resident; a \
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
    let mut text = text;
    let mut extra = Vec::new();
    // A thread costs time to start as well as memory: how long each took to have its first
    // 100 requests out, from the records.
    if let (Some(threads), Some(tokio)) = (
        e.data.ramp_ms("threads", "quick", 100, 0),
        e.data.ramp_ms("tokio", "quick", 100, 0),
    ) {
        text.push_str(&format!(
            " {} At concurrency 100 `threads` began its 100th request {} after it started, \
             `tokio` its 100th {} after (first repeat's records; in-flight-quick-100.svg draws \
             the climb): {:.0} µs a request started against {:.0} µs, on {} cores shared with \
             the mock server. The records time the start; they do not split it into making a \
             thread and waiting for a core.",
            if threads > 2.0 * tokio {
                "Starting took the threads longer, too."
            } else {
                "Starting took the threads no more than twice as long."
            },
            ms(threads),
            ms(tokio),
            threads * 1000.0 / 100.0,
            tokio * 1000.0 / 100.0,
            e.cores
        ));
        extra.push(("threads_ramp_ms", threads));
        extra.push(("tokio_ramp_ms", tokio));
    }
    if let Some(words) = parts_words(e) {
        text.push_str(&words);
    }
    if let Some(words) = budget_words(e, "quick", 100, 0) {
        text.push_str(&format!(
            " Where the cores' time went in the runs at 100 (budget-quick-100.svg): {words}."
        ));
    }
    // The verdict is on the first half, the cost; the second half is not this experiment's.
    text.push_str(
        " This experiment tests the claim's first half, what a thread costs; whether thousands \
         fit is not decided by it.",
    );
    let costly = threads_vm >= 1024.0 && threads_vm >= 10.0 * tokio_vm.max(1.0);
    let mut figures = vec![
        ("threads_vm_kib_per_request", threads_vm),
        ("threads_rss_kib_per_request", threads_rss),
        ("tokio_vm_kib_per_request", tokio_vm),
        ("tokio_rss_kib_per_request", tokio_rss),
    ];
    figures.extend(extra);
    let mut finding = Finding::new(
        text,
        figures,
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
             request with {:.0} threads at its peak, {} reserved and {} resident over an \
             idle worker, at efficiency {:.2}: on this 64-bit machine thousands of threads did \
             fit.",
            many.peak_threads,
            gib(many.peak_vm_kib - many.baseline_vm_kib),
            mib(many.peak_rss_kib - many.baseline_rss_kib),
            many.efficiency
        ));
        if let Some(words) = budget_words(e, "c10k", 10_000, 0) {
            finding.beyond = finding.beyond.map(|beyond| {
                format!(
                    "{beyond} Where the cores' time went there (budget-c10k-10000.svg): \
                     {words}."
                )
            });
        }
    }
    Some(finding)
}

/// The slope of `measure` against concurrency between a model's two highest levels on
/// `workload`.
fn slope(
    e: &Evidence,
    workload: &str,
    model: &str,
    measure: impl Fn(&crate::Summary) -> f64,
) -> Option<f64> {
    top_slope(&points(&e.series(model, workload, 0), measure))
}

/// Where the cores' time went in the middle run of `threads` and `tokio` at `level`: each
/// one's CPU and the mock server's, against what the cores give in the ideal time.
pub(super) fn budget_words(
    e: &Evidence,
    workload: &str,
    level: usize,
    cpu_work: u32,
) -> Option<String> {
    let words: Vec<String> = ["threads", "tokio"]
        .iter()
        .filter_map(|model| {
            let s = e.at(model, workload, level, cpu_work)?;
            let budget = s.budget.as_ref()?;
            let server = budget.server_ms?;
            let load = budget.ideal_load(e.cores)?;
            Some(format!(
                "`{model}` used {} of CPU {} and the server {} in the same run, {:.2} times what \
                 {} cores give in the ideal {}, {}",
                ms(budget.model_ms),
                if budget.run_measured {
                    "over its run"
                } else {
                    "in all (start-up included: this run did not measure its run's CPU apart)"
                },
                ms(server),
                load,
                e.cores,
                ms(budget.ideal_ms),
                load_verdict(load)
            ))
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// What one more request held in flight adds to each part of the worker's resident memory,
/// from the `hold` runs that read it (`--memory-parts`): per request, between the two levels.
fn parts_words(e: &Evidence) -> Option<String> {
    let per_request = |model: &str| {
        let levels = e.series(model, "hold", 0);
        let (low, high) = (levels.first()?, levels.last()?);
        let (a, b) = (low.rss_parts?, high.rss_parts?);
        let requests = high
            .concurrency
            .checked_sub(low.concurrency)
            .filter(|n| *n > 0)? as f64;
        let slope = |f: fn(&fanout_core::results::RssParts) -> u64| {
            (f(&b) as f64 - f(&a) as f64) / requests
        };
        Some((
            low.concurrency,
            high.concurrency,
            slope(|p| p.stacks_kib),
            slope(|p| p.heap_kib),
            slope(|p| p.other_anon_kib),
            slope(|p| p.file_kib),
        ))
    };
    let (low, high, stacks, heap, other, file) = per_request("threads")?;
    let mut text = format!(
        " What a thread's resident memory is, read from the kernel's map of the worker \
         (`/proc/PID/smaps`) at its peak, on `hold` (every request held a second) between \
         {low} and {high} in flight: per request, {stacks:.0} KiB of thread stack (the pages \
         its calls touched, with its thread-local storage), {heap:.0} KiB of malloc's heaps \
         (its smaller allocations), {other:.0} KiB of other anonymous memory and {file:.0} KiB of files."
    );
    // ureq's defaults (its `Config`): a 128 KiB input and a 128 KiB output buffer for each
    // connection, each large enough for glibc to map on its own.
    const UREQ_BUFFERS_KIB: f64 = 256.0;
    if (other - UREQ_BUFFERS_KIB).abs() <= 0.1 * UREQ_BUFFERS_KIB {
        text.push_str(&format!(
            " The other anonymous part is allocations large enough for glibc to map each on its \
             own; {other:.0} KiB a thread is the size of ureq's two connection buffers, 128 KiB \
             each by its defaults (ureq 3's `Config`), though the map does not say whose they \
             are."
        ));
    }
    if let Some((_, _, t_stacks, t_heap, t_other, _)) = per_request("tokio") {
        text.push_str(&format!(
            " For `tokio`, per task: {t_stacks:.0} KiB of stack, {t_heap:.0} KiB of heap and \
             {t_other:.0} KiB other."
        ));
    }
    Some(text)
}
