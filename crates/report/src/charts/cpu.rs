//! CPU time (user + system) per request, per model.

use super::Chart;
use super::bars::{PairLabels, lighter, pair_chart};
use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;

/// Each model's CPU time per request at the workload's comparison level, user and system.
pub struct CpuPerRequest {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for CpuPerRequest {
    fn file_name(&self) -> String {
        format!("cpu-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("CPU time per request, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        let summaries: Vec<_> = data
            .at_level(&self.workload, level)
            .into_iter()
            .filter(|s| per_request_us(s).is_some())
            .collect();
        pair_chart(
            svg,
            &format!("{} at concurrency {level}", self.title()),
            &summaries,
            |s, colour| {
                let (user, system) = per_request_us(s).unwrap_or_default();
                vec![vec![(user, colour), (system, lighter(colour))]]
            },
            |s| per_request_us(s).map_or(0.0, |(user, system)| user + system),
            0.0,
            PairLabels {
                axis: "CPU over the run per request (µs): user, then system",
                dark: "user (dark)",
                light: "system (light)",
            },
        )
    }
}
