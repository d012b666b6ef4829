//! The caption of the [`Threads`] chart: the figures for `templates/figures/threads.md`.

use minijinja::{Value, context};

use super::notes::hidden_pairs;
use crate::analysis::ReportData;
use crate::charts::Threads;
use crate::charts::lines::model_lines;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Threads, data: &ReportData) -> Value {
    let level = data.comparison_level(&chart.workload);
    let at_level: Vec<_> = level
        .map_or_else(Vec::new, |level| data.at_level(&chart.workload, level))
        .iter()
        .map(|s| context! { model => s.model, threads => s.peak_threads })
        .collect();
    let lines = model_lines(data, &chart.workload, |s| s.peak_threads.max(1.0));
    context! { level, at_level, hidden => hidden_pairs(&lines) }
}
