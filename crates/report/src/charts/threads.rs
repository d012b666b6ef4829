//! Peak threads against concurrency.

use super::Chart;
use super::canvas::canvas;
use super::lines::{end_labels, hidden_note_end_labelled, log_log_chart, model_lines};
use crate::analysis::ReportData;

pub struct Threads {
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

    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Thread models need one OS thread per request in flight, so their line climbs with the \
             concurrency; async runtimes keep a fixed set of workers however many requests wait. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let at_level = data.at_level(&self.workload, level);
            let figures: Vec<String> = at_level
                .iter()
                .map(|s| format!("{} {:.0}", s.model, s.peak_threads))
                .collect();
            text.push_str(&format!("At concurrency {level}: {}.", figures.join(", ")));
        }
        text.push_str(&hidden_note_end_labelled(&model_lines(
            data,
            &self.workload,
            |s| s.peak_threads.max(1.0),
        )));
        text
    }
}
