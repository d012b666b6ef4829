//! CPU time (user + system) per request, per model.

use super::Chart;
use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows};
use super::canvas::canvas;
use super::legend::{GREY, boxes, legend};
use crate::analysis::cpu::per_request_us;
use crate::analysis::models::label;
use crate::analysis::{ReportData, Summary};
use minijinja::{Value, context};

/// Each model's CPU time per request at the workload's comparison level, user and system.
pub struct CpuPerRequest {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for CpuPerRequest {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let level = data.comparison_level(&self.workload);
        let summaries = level.map_or_else(Vec::new, |level| data.at_level(&self.workload, level));
        let measured: Vec<_> = summaries
            .iter()
            .filter_map(|s| {
                let (user, system) = per_request_us(s)?;
                Some(context! { label => label(&s.model), us => user + system })
            })
            .collect();
        let unmeasured: Vec<String> = summaries
            .iter()
            .filter(|s| per_request_us(s).is_none())
            .map(|s| label(&s.model))
            .collect();
        ("cpu", context! { level, measured, unmeasured })
    }

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
        let title = format!("{} at concurrency {level}", self.title());
        let (plot, legend_area) = canvas(svg, &title)?;
        let rows = model_rows(&summaries, |s, colour| {
            let (user, system) = per_request_us(s).unwrap_or_default();
            vec![vec![(user, colour), (system, lighter(colour))]]
        });
        let total = |s: &&Summary| per_request_us(s).map_or(0.0, |(user, system)| user + system);
        bar_chart(
            &plot,
            zero_range(summaries.iter().map(total)),
            f64::INFINITY,
            "CPU over the run per request (µs): user, then system",
            &rows,
            &[],
        )?;
        let entries = boxes([("user (dark)", GREY), ("system (light)", lighter(GREY))]);
        legend(&legend_area, &entries)
    }
}
