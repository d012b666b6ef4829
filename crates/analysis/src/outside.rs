//! Where a request's time went outside the server's delay: from the request's start to its
//! response headers, less the delay the mock server injected into it. That is the time spent
//! connecting, waiting to be accepted, being read and parsed, and answered: everything the
//! server's own count of requests in flight (from a request read to its response) leaves out.

use fanout_core::Workload;

use super::summary::Spread;
use super::timeline::Timeline;

/// The time outside the injected delay of every record of `timeline` that got its headers,
/// in ms; `None` when the workload is not one this build knows, or no record got headers.
pub fn outside_delay_ms(timeline: &Timeline) -> Option<Spread> {
    let workload = Workload::load(&timeline.workload).ok()?;
    // The delay before the headers (a trickled body comes after them).
    let delays: std::collections::HashMap<u32, f64> = workload
        .targets()
        .iter()
        .map(|t| (t.id, t.delay_ms as f64))
        .collect();
    let outside: Vec<f64> = timeline
        .records
        .iter()
        .filter(|r| r.outcome == "ok")
        .filter_map(|r| Some(r.headers_ms? - r.start_ms - delays.get(&r.id)?))
        .collect();
    (!outside.is_empty()).then(|| Spread::of(outside))
}
