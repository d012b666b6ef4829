//! "On one core": each group pinned to one CPU beside the same group unpinned.

use minijinja::{Value, context};

use crate::analysis::models::label;
use crate::pages::Sources;

/// Each pinned group beside its unpinned twin; nothing without pinned runs.
pub(super) fn one_core(from: &Sources) -> Option<Value> {
    let data = from.data;
    if data.pinned.is_empty() {
        return None;
    }
    let pairs: Vec<_> = data
        .pinned
        .iter()
        .filter(|s| !s.failed())
        .filter_map(|pinned| {
            let free = data.all.iter().find(|s| {
                s.model == pinned.model
                    && s.workload == pinned.workload
                    && s.concurrency == pinned.concurrency
                    && s.cpu_work == pinned.cpu_work
                    && !s.failed()
            })?;
            Some((pinned, free, pinned.wall_ms.median / free.wall_ms.median))
        })
        .collect();
    let rows: Vec<_> = pairs
        .iter()
        .map(|(pinned, free, ratio)| {
            context! {
                label => label(&pinned.model),
                workload => pinned.workload,
                concurrency => pinned.concurrency,
                free => free.wall_ms,
                pinned => pinned.wall_ms,
                ratio,
            }
        })
        .collect();
    // How much one core changed a model, either way: the size of the log of the ratio.
    let changes: Vec<_> = ["quick", "cpu"]
        .into_iter()
        .filter_map(|workload| {
            let on = pairs.iter().filter(|(s, _, _)| s.workload == workload);
            let by_change =
                |a: &&(_, _, f64), b: &&(_, _, f64)| a.2.ln().abs().total_cmp(&b.2.ln().abs());
            let (least, most) = (on.clone().min_by(by_change)?, on.max_by(by_change)?);
            Some(context! {
                workload, least => least.0.model, least_ratio => least.2,
                most => most.0.model, most_ratio => most.2,
            })
        })
        .collect();
    Some(context! { rows, changes })
}
