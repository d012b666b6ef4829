//! The caption of the [`MemoryAtScale`] chart: its figures for
//! `templates/figures/memory_at_scale.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::analysis::scale::{above_idle_mib, in_flight};
use crate::charts::MemoryAtScale;

impl Figure for MemoryAtScale {
    fn caption(&self, data: &ReportData) -> String {
        let completed: Vec<_> = self
            .completed(data)
            .iter()
            .map(|s| {
                let (resident, reserved) = above_idle_mib(s);
                context! { model => s.model, resident, reserved, in_flight => in_flight(s) }
            })
            .collect();
        caption(
            "memory_at_scale",
            context! { level => self.level, workload => self.workload, completed },
        )
    }
}
