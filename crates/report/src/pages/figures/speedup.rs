//! The caption of the [`Speedup`] chart: the figures for `templates/figures/speedup.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::speedup::best_level;
use crate::analysis::ties::indistinguishable;
use crate::analysis::workloads::reference;
use crate::charts::Speedup;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Speedup, data: &ReportData) -> Value {
    let workloads: Vec<_> = chart
        .workloads(data)
        .iter()
        .filter_map(|workload| {
            let best = best_level(data, workload);
            let speedup = |s: &&&crate::Summary| s.speedup.unwrap_or(0.0);
            let top = best
                .iter()
                .max_by(|a, b| speedup(a).total_cmp(&speedup(b)))?;
            Some(context! {
                name => workload,
                speedup => top.speedup.unwrap_or(1.0),
                model => top.model,
                concurrency => top.concurrency,
                same => indistinguishable(top, &best),
                reference => reference(workload).map(|(value, source)| context! { value, source }),
            })
        })
        .collect();
    context! { workloads }
}
