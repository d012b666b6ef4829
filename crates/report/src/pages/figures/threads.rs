//! The caption of the [`Threads`] chart: its figures for `templates/figures/threads.md`.

use minijinja::context;

use super::notes::hidden_pairs;
use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::charts::Threads;
use crate::charts::lines::model_lines;

impl Figure for Threads {
    fn caption(&self, data: &ReportData) -> String {
        let level = data.comparison_level(&self.workload);
        let at_level: Vec<_> = level
            .map_or_else(Vec::new, |level| data.at_level(&self.workload, level))
            .iter()
            .map(|s| context! { model => s.model, threads => s.peak_threads })
            .collect();
        let lines = model_lines(data, &self.workload, |s| s.peak_threads.max(1.0));
        caption(
            "threads",
            context! { level, at_level, hidden => hidden_pairs(&lines) },
        )
    }
}
