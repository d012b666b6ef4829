//! Latency p50 and p99 per model at one concurrency.

use crate::analysis::workloads::injected_delay_ms;

use super::Chart;
use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use crate::analysis::ReportData;

pub struct Latency {
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
        let (plot, legend_area) = canvas(svg, &format!("{} at concurrency {level}", self.title()))?;
        let summaries = data.at_level(&self.workload, level);
        let rows = model_rows(&summaries, |s, colour| {
            vec![vec![(s.p99_ms, colour)], vec![(s.p50_ms, lighter(colour))]]
        });
        let range = zero_range(summaries.iter().map(|s| s.p99_ms));
        // Bars start at the injected delay, so what each model adds to it can be seen.
        let floor = injected_delay_ms(&self.workload).unwrap_or(0.0);
        bar_chart(
            &plot,
            floor..range.end,
            floor,
            "latency (ms, median of repeats)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "p99 (upper bar)", "p50 (lower, lighter)")
    }
}
