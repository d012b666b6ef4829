//! The caption of the [`PythonCpu`] chart: its figures for `templates/figures/python_cpu.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::analysis::ties::indistinguishable;
use crate::analysis::workloads::injected_delay_ms;
use crate::charts::PythonCpu;

impl Figure for PythonCpu {
    fn caption(&self, data: &ReportData) -> String {
        let summaries = self.summaries(data);
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
        caption(
            "python_cpu",
            context! {
                delay_ms => injected_delay_ms(&self.workload),
                most_runs => summaries.iter().map(|s| s.runs).max().unwrap_or(0),
                groups,
                ties,
            },
        )
    }
}
