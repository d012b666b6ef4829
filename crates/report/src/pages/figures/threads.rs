//! The caption of the [`Threads`] chart: what it shows, with its figures.

use super::notes::hidden_note_end_labelled;
use crate::analysis::ReportData;
use crate::charts::lines::model_lines;

use super::Figure;
use crate::charts::Threads;

impl Figure for Threads {
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
