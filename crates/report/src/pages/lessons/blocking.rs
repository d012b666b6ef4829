//! Lesson `blocking`, never block inside a coroutine: Rust's tokio with blocking calls, the same in
//! Python (`requests.get` inside coroutines), and CPU work kept in the coroutine against handed
//! to `asyncio.to_thread`, with the GIL on and off. Every sentence that reads a figure is chosen
//! by the figure.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::pages::figures::Name;

/// Lesson `blocking`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "blocking",
    charts: &[Name::Waterfall("quick", 10), Name::InFlight("quick", 100)],
    analyse: blocking,
};

/// Units of Python work a page on `quick` for the `to_thread` comparison.
pub const TO_THREAD_WORK: u32 = 10;

pub fn blocking(e: &Evidence) -> Option<(Value, bool)> {
    let tokio = e.at("tokio", "quick", 100, 0)?;
    let blocked = e.at("blocking-in-async", "quick", 100, 0)?;
    let held = blocked.server_peak_in_flight <= e.cores as f64;
    let runtime_blocked = held && blocked.wall_ms.median >= 5.0 * tokio.wall_ms.median;
    let python =
        e.at("py-asyncio", "quick", 100, 0)
            .zip(e.at("py-blocking-in-asyncio", "quick", 100, 0));
    let stalled = python.is_none_or(|(_, blocked)| blocked.server_peak_in_flight <= 1.0);
    let python = python.map(|(asyncio, blocked)| {
        context! {
            blocked_ms => blocked.wall_ms.median,
            asyncio_ms => asyncio.wall_ms.median,
            blocked_in_flight => blocked.server_peak_in_flight,
            asyncio_in_flight => asyncio.server_peak_in_flight,
            stalled,
        }
    });
    let cpu_bound = e
        .at("blocking-in-async", "cpu", 100, 600)
        .zip(e.at("tokio", "cpu", 100, 600));
    let cpu_bound = cpu_bound.map(|(blocked, tokio)| {
        context! { blocked_ms => blocked.wall_ms.median, tokio_ms => tokio.wall_ms.median }
    });
    let at_work = |model| e.at(model, "quick", 100, TO_THREAD_WORK);
    let offloaded: Vec<_> = [
        "py-asyncio-to-thread",
        "py-asyncio-to-thread-gil",
        "py-asyncio-to-thread-nogil",
    ]
    .into_iter()
    .filter_map(|model| Some(context! { model, wall_ms => at_work(model)?.wall_ms.median }))
    .collect();
    let inline = at_work("py-asyncio").filter(|_| !offloaded.is_empty());
    let to_thread = inline.map(|inline| {
        let lock = at_work("py-asyncio-to-thread-gil").zip(at_work("py-asyncio-to-thread-nogil"));
        let lock = lock.map(|(gil, nogil)| {
            let ratio = gil.wall_ms.median / nogil.wall_ms.median;
            context! { ratio, apart => gil.apart_from(nogil) && ratio > 1.0 }
        });
        context! { work => TO_THREAD_WORK, inline_ms => inline.wall_ms.median, offloaded, lock }
    });
    let context = context! {
        cores => e.cores,
        blocked_ms => blocked.wall_ms.median,
        tokio_ms => tokio.wall_ms.median,
        blocked_in_flight => blocked.server_peak_in_flight,
        tokio_in_flight => tokio.server_peak_in_flight,
        held,
        runtime_blocked,
        python,
        cpu_bound,
        to_thread,
    };
    Some((context, runtime_blocked && stalled))
}
