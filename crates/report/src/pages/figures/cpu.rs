//! The caption of the [`CpuPerRequest`] chart: the figures for `templates/figures/cpu.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;
use crate::analysis::models::label;
use crate::charts::CpuPerRequest;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &CpuPerRequest, data: &ReportData) -> Value {
    let level = data.comparison_level(&chart.workload);
    let summaries = level.map_or_else(Vec::new, |level| data.at_level(&chart.workload, level));
    let measured: Vec<_> = summaries
        .iter()
        .filter_map(|s| {
            let (user, system) = per_request_us(s)?;
            Some(context! { label => label(&s.model), us => user + system })
        })
        .collect();
    let unmeasured: Vec<String> = summaries
        .iter()
        .filter(|s| per_request_us(s).is_none())
        .map(|s| label(&s.model))
        .collect();
    context! { level, measured, unmeasured }
}
