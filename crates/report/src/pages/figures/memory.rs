//! The caption of the [`Memory`] chart: the figures for `templates/figures/memory.md`.

use minijinja::{Value, context};

use super::notes::hidden_pairs;
use crate::analysis::ReportData;
use crate::analysis::slopes::marginal_kib;
use crate::charts::Memory;
use crate::charts::lines::model_lines;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Memory, data: &ReportData) -> Value {
    let data = &chart.family.subset(data);
    let slopes: Vec<_> = data
        .models(&chart.workload)
        .iter()
        .filter_map(|model| {
            let (resident, reserved) = marginal_kib(data, &chart.workload, model)?;
            Some(context! { model, resident, reserved })
        })
        .collect();
    let resident = model_lines(data, &chart.workload, |s| s.peak_rss_kib / 1024.0);
    let reserved = model_lines(data, &chart.workload, |s| s.peak_vm_kib / 1024.0);
    context! {
        slopes,
        left => hidden_pairs(&resident),
        right => hidden_pairs(&reserved),
    }
}
