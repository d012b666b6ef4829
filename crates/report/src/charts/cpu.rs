//! CPU time (user + system) per request, per model.

use std::path::Path;

use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use super::{Chart, ReportData};

pub struct CpuPerRequest {
    pub workload: String,
}

/// Microseconds of CPU per request: (user, system).
fn per_request_us(summary: &crate::Summary) -> (f64, f64) {
    let requests = summary
        .requests_per_run()
        .max(1.0 / summary.runs.max(1) as f64);
    (
        summary.cpu_user_ms * 1000.0 / requests,
        summary.cpu_sys_ms * 1000.0 / requests,
    )
}

impl Chart for CpuPerRequest {
    fn file_name(&self) -> String {
        format!("cpu-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("CPU time per request, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        let (plot, legend_area) =
            canvas(path, &format!("{} at concurrency {level}", self.title()))?;
        let summaries = data.at_level(&self.workload, level);
        let rows = model_rows(&summaries, |s, colour| {
            let (user, system) = per_request_us(s);
            vec![vec![(user, colour), (system, lighter(colour))]]
        });
        let range = zero_range(summaries.iter().map(|s| {
            let (user, system) = per_request_us(s);
            user + system
        }));
        bar_chart(
            &plot,
            range,
            0.0,
            "CPU per request (us): user, then system",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "user (dark)", "system (light)")
    }

    fn caption(&self, data: &ReportData) -> String {
        let Some(level) = data.comparison_level(&self.workload) else {
            return String::new();
        };
        let summaries = data.at_level(&self.workload, level);
        let figures: Vec<String> = summaries
            .iter()
            .map(|s| {
                let requests = s.requests_per_run().max(1.0);
                format!("{} {:.0} µs", s.model, s.cpu_ms * 1000.0 / requests)
            })
            .collect();
        format!(
            "CPU the worker spent per request, from the kernel's accounting, including starting \
             and stopping its threads or runtime; system time is the kernel's work for the \
             worker (sockets, threads, memory). The bars stack the median user time on the median system time; the \
             totals below are the median of each run's total, as in the tables. At concurrency \
             {level}: {}.",
            figures.join(", ")
        )
    }
}
