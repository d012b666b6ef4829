//! The caption of the [`Memory`] chart: its figures for `templates/figures/memory.md`.

use minijinja::context;

use super::notes::hidden_pairs;
use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::analysis::slopes::marginal_kib;
use crate::charts::Memory;
use crate::charts::lines::model_lines;

impl Figure for Memory {
    fn caption(&self, data: &ReportData) -> String {
        let slopes: Vec<_> = data
            .models(&self.workload)
            .iter()
            .filter_map(|model| {
                let (resident, reserved) = marginal_kib(data, &self.workload, model)?;
                Some(context! { model, resident, reserved })
            })
            .collect();
        let resident = model_lines(data, &self.workload, |s| s.peak_rss_kib / 1024.0);
        let reserved = model_lines(data, &self.workload, |s| s.peak_vm_kib / 1024.0);
        caption(
            "memory",
            context! {
                slopes,
                left => hidden_pairs(&resident),
                right => hidden_pairs(&reserved),
            },
        )
    }
}
