//! CPU time (user + system) per request, per model.

use super::Chart;
use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;

pub struct CpuPerRequest {
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
        let (plot, legend_area) = canvas(svg, &format!("{} at concurrency {level}", self.title()))?;
        let summaries: Vec<_> = data
            .at_level(&self.workload, level)
            .into_iter()
            .filter(|s| per_request_us(s).is_some())
            .collect();
        let rows = model_rows(&summaries, |s, colour| {
            let (user, system) = per_request_us(s).unwrap_or_default();
            vec![vec![(user, colour), (system, lighter(colour))]]
        });
        let range = zero_range(summaries.iter().filter_map(|s| {
            let (user, system) = per_request_us(s)?;
            Some(user + system)
        }));
        bar_chart(
            &plot,
            range,
            0.0,
            "CPU over the run per request (µs): user, then system",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "user (dark)", "system (light)")
    }
}
