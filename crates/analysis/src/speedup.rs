//! Speedup over the sequential baseline.

use super::data::ReportData;
use super::stats::reciprocal;
use super::summary::{BASELINE_MODEL, Summary, baseline_of};

/// Each model's speedup at the highest concurrency it completed on `workload`.
pub fn best_level<'a>(data: &'a ReportData, workload: &str) -> Vec<&'a Summary> {
    data.models(workload)
        .iter()
        .filter(|model| **model != baseline_of(model))
        .filter_map(|model| {
            data.series(workload, model)
                .into_iter()
                .rev()
                .find(|s| s.speedup.is_some())
        })
        .collect()
}

/// The 95% interval of `summary`'s speedup: its baseline's median over the ends of this
/// group's wall-time interval. The baseline's own spread is not in it.
pub fn speedup_interval(summary: &Summary) -> Option<(f64, f64)> {
    let baseline = summary.speedup? * summary.wall_ms.median;
    Some(reciprocal(baseline, summary.wall_ms.interval?))
}

/// Whether a run of `sequential` on `workload` was made while the rest of the machine was busy.
pub fn baseline_busy(data: &ReportData, workload: &str) -> bool {
    data.series(workload, BASELINE_MODEL)
        .iter()
        .any(|s| s.busy_runs > 0)
}
