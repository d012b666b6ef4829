//! Scale: the workloads swept to thousands of requests in flight, and their three charts, one
//! module each: where each model breaks, what a request in flight costs at the top of the
//! sweep, and what scaling the mock server out gained.

mod breaking_points;
mod memory_at_scale;
mod server_scale_out;

use super::ReportData;

pub use breaking_points::{BreakingPoint, BreakingPoints, breaking_points, cause};
pub use memory_at_scale::MemoryAtScale;
pub use server_scale_out::ServerScaleOut;

/// A workload whose sweep reaches this many requests in flight is a scale workload.
pub const SCALE_LEVEL: usize = 5_000;

/// Workloads swept up to [`SCALE_LEVEL`] or beyond, in the order they were run.
pub fn scale_workloads(data: &ReportData) -> Vec<String> {
    data.workloads()
        .into_iter()
        .filter(|w| data.levels(w).last().is_some_and(|top| *top >= SCALE_LEVEL))
        .collect()
}
