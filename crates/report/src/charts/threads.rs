//! Peak threads against concurrency.

use super::Chart;
use super::canvas::canvas;
use super::lines::{end_labels, log_log_chart, model_lines};
use crate::analysis::ReportData;

/// Peak threads against concurrency.
pub struct Threads {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for Threads {
    fn file_name(&self) -> String {
        format!("threads-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Peak threads vs concurrency, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let lines = model_lines(data, &self.workload, |s| s.peak_threads.max(1.0));
        let ends = log_log_chart(
            &plot,
            "concurrency asked for",
            "peak threads in the worker",
            &lines,
        )?;
        end_labels(&legend_area, &ends)
    }
}
