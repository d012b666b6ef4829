//! The caption of the [`CpuBudget`] chart: the figures for `templates/figures/budget.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::charts::CpuBudget;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &CpuBudget, data: &ReportData) -> Value {
    let cores = data.cores.max(1);
    let groups = chart.groups(data);
    let budgets = || groups.iter().filter_map(|s| s.budget.as_ref());
    let loads: Vec<_> = groups
        .iter()
        .filter_map(|s| {
            let budget = s.budget.as_ref()?;
            Some((
                &s.model,
                budget.model_ms,
                budget.server_ms?,
                budget.ideal_load(cores)?,
            ))
        })
        .collect();
    context! {
        level => chart.level,
        cores,
        whole_life => budgets().all(|b| b.whole_life),
        outside => budgets().any(|b| b.model_outside_ms.is_some()),
        ideal_ms => budgets().next().map(|b| b.ideal_ms),
        loads => loads
            .iter()
            .map(|&(model, own_ms, server_ms, load)| context! { model, own_ms, server_ms, load })
            .collect::<Vec<_>>(),
        over => loads.iter().filter(|l| l.3 > 1.0).map(|l| l.0).collect::<Vec<_>>(),
        least_load => loads.iter().map(|l| l.3).fold(f64::INFINITY, f64::min),
    }
}
