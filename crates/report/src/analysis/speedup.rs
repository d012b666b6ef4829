//! Speedup over the sequential baseline.

use super::data::ReportData;
use super::summary::{BASELINE_MODEL, Summary};

/// Each model's speedup at the highest concurrency it completed on `workload`.
pub fn best_level<'a>(data: &'a ReportData, workload: &str) -> Vec<&'a Summary> {
    data.models(workload)
        .iter()
        .filter(|model| model.as_str() != BASELINE_MODEL)
        .filter_map(|model| {
            data.series(workload, model)
                .into_iter()
                .rev()
                .find(|s| s.speedup.is_some())
        })
        .collect()
}
