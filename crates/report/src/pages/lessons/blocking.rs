//! Lesson 6, never block inside a coroutine: Rust's tokio with blocking calls, the same in
//! Python (`requests.get` inside coroutines), and CPU work kept in the coroutine against handed
//! to `asyncio.to_thread`, with the GIL on and off. Every sentence that reads a figure is chosen
//! by the figure.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::pages::format::{ms, s};

/// Lesson 6, `blocking`.
pub(super) const LESSON: Lesson = Lesson {
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
            memory_parts: false,
        },
        Experiment {
            models: &["py-asyncio", "py-blocking-in-asyncio"],
            workload: "quick",
            concurrency: &[100],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: false,
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
            memory_parts: false,
        },
    ],
    waterfall: ("py-blocking-in-asyncio", "quick", 100, 0),
    charts: &["waterfall-quick-10.svg", "in-flight-quick-100.svg"],
    analyse: blocking,
    slow_because: None,
};

/// Units of Python work a page on `quick` for the `to_thread` comparison.
pub const TO_THREAD_WORK: u32 = 10;

pub fn blocking(e: &Evidence) -> Option<Finding> {
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let blocked = e.at("blocking-in-async", "quick", 100, 0)?;
    let held = blocked.server_peak_in_flight <= e.cores as f64;
    let mut text = format!(
        "`blocking-in-async` calls blocking `ureq` from tokio tasks, like `requests.get` inside \
         a coroutine. On `quick` at concurrency 100 it took {} against `tokio`'s {}, and the \
         mock server never saw more than {:.0} requests in flight (`tokio`: {:.0}){}",
        s(blocked.wall_ms.median),
        s(tokio.wall_ms.median),
        blocked.server_peak_in_flight,
        tokio.server_peak_in_flight,
        if held {
            format!(
                ": each blocked call holds one of the {} worker threads, and nothing else runs \
                 there until it returns.",
                e.cores
            )
        } else {
            format!(": more than its {} worker threads.", e.cores)
        }
    );
    let mut figures = vec![
        ("blocking_ms", blocked.wall_ms.median),
        ("tokio_ms", tokio.wall_ms.median),
        ("blocking_in_flight", blocked.server_peak_in_flight),
    ];
    let mut checks = vec![(
        held && blocked.wall_ms.median >= 5.0 * tokio.wall_ms.median,
        "the blocked runtime kept more requests in flight than it has workers, or was not much slower",
    )];
    let python =
        e.at("py-asyncio", "quick", 100, 0)
            .zip(e.at("py-blocking-in-asyncio", "quick", 100, 0));
    if let Some((asyncio, blocked)) = python {
        let stalled = blocked.server_peak_in_flight <= 1.0;
        text.push_str(&format!(
            " In Python, `py-blocking-in-asyncio` is `py-asyncio`'s program with `requests.get` \
             in each coroutine: it took {} against `py-asyncio`'s {}, and the mock server saw at \
             most {:.0} of its requests at once ({:.0} for `py-asyncio`){}",
            s(blocked.wall_ms.median),
            s(asyncio.wall_ms.median),
            blocked.server_peak_in_flight,
            asyncio.server_peak_in_flight,
            if stalled {
                ": one event loop on one thread, stalled by every call until it returns."
            } else {
                "."
            }
        ));
        figures.push(("py_blocking_ms", blocked.wall_ms.median));
        figures.push(("py_asyncio_ms", asyncio.wall_ms.median));
        figures.push(("py_blocking_in_flight", blocked.server_peak_in_flight));
        checks.push((
            stalled,
            "the Python event loop kept more than one blocking request in flight",
        ));
    }
    let cpu_bound = e
        .at("blocking-in-async", "cpu", 100, 600)
        .zip(e.at("tokio", "cpu", 100, 600));
    if let Some((blocked_cpu, tokio_cpu)) = cpu_bound {
        text.push_str(&format!(
            " Where there is nothing to wait for (`cpu`: no latency, 600 units of work a page) \
             `blocking-in-async` took {} against `tokio`'s {}.",
            ms(blocked_cpu.wall_ms.median),
            ms(tokio_cpu.wall_ms.median)
        ));
    }
    if let Some(inline) = e.at("py-asyncio", "quick", 100, TO_THREAD_WORK) {
        let offloaded: Vec<(&str, &crate::Summary)> = [
            ("py-asyncio-to-thread", "on the default interpreter"),
            (
                "py-asyncio-to-thread-gil",
                "on the free-threaded build with the GIL on",
            ),
            ("py-asyncio-to-thread-nogil", "with it off"),
        ]
        .into_iter()
        .filter_map(|(model, on)| Some((on, e.at(model, "quick", 100, TO_THREAD_WORK)?)))
        .collect();
        if !offloaded.is_empty() {
            let list: Vec<String> = offloaded
                .iter()
                .map(|(on, s)| format!("{} {on}", ms(s.wall_ms.median)))
                .collect();
            text.push_str(&format!(
                " With {TO_THREAD_WORK} units of work a page on `quick`, `py-asyncio` processes \
                 each page in its coroutine, on the event loop, and took {}; handing the work \
                 to `asyncio.to_thread` ({} threads) took {}.",
                ms(inline.wall_ms.median),
                e.cores,
                list.join(", ")
            ));
            figures.push(("py_asyncio_inline_ms", inline.wall_ms.median));
            let by_on = |on: &str| offloaded.iter().find(|(o, _)| o.contains(on)).map(|o| o.1);
            if let (Some(gil), Some(nogil)) = (by_on("GIL on"), by_on("it off")) {
                let ratio = gil.wall_ms.median / nogil.wall_ms.median;
                text.push_str(&if gil.apart_from(nogil) && ratio > 1.0 {
                    format!(
                        " On the free-threaded build, the whole run went {ratio:.2}x as fast \
                         without the lock as with it."
                    )
                } else {
                    format!(
                        " The runs cannot tell the lock on from the lock off here ({ratio:.2}x, \
                         within their spread)."
                    )
                });
                figures.push(("to_thread_gil_ms", gil.wall_ms.median));
                figures.push(("to_thread_nogil_ms", nogil.wall_ms.median));
            }
        }
    }
    Some(Finding::from_checks(text, figures, &checks))
}
