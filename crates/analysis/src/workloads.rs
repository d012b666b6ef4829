//! What a workload's file says beyond its runs: the latency it injects, and the figure an
//! outside source reports for the same job.

use fanout_core::Workload;
use fanout_core::workload::Distribution;

/// The delay the server injects into every request of `workload`, when it is one fixed value:
/// the floor no request can beat.
pub fn injected_delay_ms(workload: &str) -> Option<f64> {
    match Workload::load(workload).ok()?.latency_ms() {
        Distribution::Fixed { value } if *value > 0.0 => Some(*value),
        _ => None,
    }
}

/// The figure a workload reproduces (a seed's or a book's), as a speedup, with its source.
pub fn reference(workload: &str) -> Option<(f64, String)> {
    let workload = Workload::load(workload).ok()?;
    let reference = workload.reference()?;
    Some((
        reference.sequential_ms / reference.concurrent_ms,
        reference.source.clone(),
    ))
}
