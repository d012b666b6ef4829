//! The caption of the [`MemoryAtScale`] chart: the figures for
//! `templates/figures/memory_at_scale.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::scale::{above_idle_mib, in_flight};
use crate::charts::MemoryAtScale;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &MemoryAtScale, data: &ReportData) -> Value {
    let completed: Vec<_> = chart
        .completed(data)
        .iter()
        .map(|s| {
            let (resident, reserved) = above_idle_mib(s);
            context! { model => s.model, resident, reserved, in_flight => in_flight(s) }
        })
        .collect();
    context! { level => chart.level, workload => chart.workload, completed }
}
