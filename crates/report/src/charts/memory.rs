//! Peak memory against concurrency, and memory per request in flight.

use std::path::Path;

use super::{Chart, ReportData, canvas, draw_error, legend, line_legend, log_log_chart};

pub struct Memory {
    pub workload: String,
}

/// Memory a run added over its idle worker, per request in flight, in KiB.
pub fn per_request_kib(summary: &crate::Summary) -> f64 {
    (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / summary.concurrency as f64
}

impl Chart for Memory {
    fn file_name(&self) -> String {
        format!("memory-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Peak memory vs concurrency, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2);
        let total = data.model_lines(&self.workload, |s| s.peak_rss_kib / 1024.0);
        log_log_chart(&left, "concurrency", "peak RSS (MiB)", &total)?;
        let per_request = data.model_lines(&self.workload, |s| per_request_kib(s).max(0.1));
        log_log_chart(
            &right,
            "concurrency",
            "(peak - idle) RSS per request (KiB)",
            &per_request,
        )?;
        legend(&legend_area, &line_legend(&total))?;
        plot.present().map_err(draw_error)
    }

    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Left: the most resident memory the worker used. Right: what it added over an idle \
             worker, divided by the requests in flight: the cost of one more concurrent request. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let at_level = data.at_level(&self.workload, level);
            let figures: Vec<String> = at_level
                .iter()
                .map(|s| format!("{} {:.0} KiB", s.model, per_request_kib(s)))
                .collect();
            text.push_str(&format!(
                "Per request at concurrency {level}: {}.",
                figures.join(", ")
            ));
        }
        text
    }
}
