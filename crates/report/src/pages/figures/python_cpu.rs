//! The caption of the [`PythonCpu`] chart: the figures for `templates/figures/python_cpu.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::ties::indistinguishable;
use crate::analysis::workloads::injected_delay_ms;
use crate::charts::PythonCpu;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &PythonCpu, data: &ReportData) -> Value {
    let summaries = chart.summaries(data);
    let groups: Vec<_> = summaries
        .iter()
        .map(|s| context! { model => s.model, wall_ms => s.wall_ms.median, concurrency => s.concurrency })
        .collect();
    let ties: Vec<_> = summaries
        .iter()
        .filter_map(|s| {
            let same = indistinguishable(s, &summaries);
            (!same.is_empty()).then(|| context! { model => s.model, same })
        })
        .collect();
    context! {
        delay_ms => injected_delay_ms(&chart.workload),
        most_runs => summaries.iter().map(|s| s.runs).max().unwrap_or(0),
        groups,
        ties,
    }
}
