//! Peak threads against concurrency.

use super::Chart;
use super::canvas::canvas;
use super::lines::{end_labels, log_log_chart, model_lines};
use crate::analysis::ReportData;
use crate::charts::notes::hidden_pairs;
use minijinja::{Value, context};

/// Peak threads against concurrency.
pub struct Threads {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for Threads {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let level = data.comparison_level(&self.workload);
        let at_level: Vec<_> = level
            .map_or_else(Vec::new, |level| data.at_level(&self.workload, level))
            .iter()
            .map(|s| context! { model => s.model, threads => s.peak_threads })
            .collect();
        let lines = self.lines(data);
        (
            "threads",
            context! { level, at_level, hidden => hidden_pairs(&lines) },
        )
    }

    fn file_name(&self) -> String {
        format!("threads-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Peak threads vs concurrency, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let lines = self.lines(data);
        let ends = log_log_chart(
            &plot,
            "concurrency asked for",
            "peak threads in the worker",
            &lines,
        )?;
        end_labels(&legend_area, &ends)
    }
}

impl Threads {
    /// Each model's peak threads, at least the one that runs it.
    fn lines(&self, data: &ReportData) -> Vec<super::lines::Line> {
        model_lines(data, &self.workload, |s| s.peak_threads.max(1.0))
    }
}
