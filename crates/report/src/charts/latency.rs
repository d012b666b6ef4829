//! Latency p50 and p99 per model at one concurrency.

use crate::analysis::workloads::injected_delay_ms;

use super::Chart;
use super::bars::{PairLabels, lighter, pair_chart};
use crate::analysis::ReportData;

/// Each model's p50 and p99 latency at the workload's comparison level.
pub struct Latency {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for Latency {
    fn file_name(&self) -> String {
        format!("latency-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Request latency p50 and p99, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        pair_chart(
            svg,
            &format!("{} at concurrency {level}", self.title()),
            &data.at_level(&self.workload, level),
            |s, colour| vec![vec![(s.p99_ms, colour)], vec![(s.p50_ms, lighter(colour))]],
            |s| s.p99_ms,
            // Bars start at the injected delay, so what each model adds to it can be seen.
            injected_delay_ms(&self.workload).unwrap_or(0.0),
            PairLabels {
                axis: "latency (ms, median of repeats)",
                dark: "p99 (upper bar)",
                light: "p50 (lower, lighter)",
            },
        )
    }
}
