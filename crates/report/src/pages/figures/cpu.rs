//! The caption of the [`CpuPerRequest`] chart: its figures for `templates/figures/cpu.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;
use crate::analysis::models::label;
use crate::charts::CpuPerRequest;

impl Figure for CpuPerRequest {
    fn caption(&self, data: &ReportData) -> String {
        let Some(level) = data.comparison_level(&self.workload) else {
            return String::new();
        };
        let summaries = data.at_level(&self.workload, level);
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
        caption("cpu", context! { level, measured, unmeasured })
    }
}
