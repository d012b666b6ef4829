//! What the scale runs cost: the server's CPU per request at the bottom and top of the sweep,
//! a thread's reserved memory, and the fastest model at each level.

use minijinja::{Value, context};

use super::WORKLOAD;
use crate::analysis::ReportData;
use crate::analysis::slopes::{bottom_slope, points};
use crate::analysis::summary::Summary;

/// MiB of reserved address space per request asked for, between a model's two lowest levels.
pub(super) fn reserved_slope(data: &ReportData, model: &str) -> Option<f64> {
    let series = data.series(WORKLOAD, model);
    Some(bottom_slope(&points(&series, |s| s.peak_vm_kib))? / 1024.0)
}

/// The server's CPU per request at the lowest and highest level (none unless both have one),
/// and each model's efficiency at the top by server size.
pub(super) fn server_costs(
    data: &ReportData,
    groups: &[&Summary],
    low: usize,
    high: usize,
) -> Option<Value> {
    let per_request = |level: usize| {
        let costs: Vec<(&str, f64)> = groups
            .iter()
            .filter(|s| s.concurrency == level && !s.failed())
            .filter_map(|s| Some((s.model.as_str(), s.server_cpu_us_per_request?)))
            .collect();
        let lowest = costs.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let highest = costs.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        let cost = |(model, us): &(&str, f64)| context! { model, us };
        Some(context! { lowest => cost(lowest), highest => cost(highest) })
    };
    let (at_low, at_high) = (per_request(low)?, per_request(high)?);
    // Scaling out: each model measured at the top level with more than one server size.
    let mut scaled = Vec::new();
    for model in data.models(WORKLOAD) {
        let mut sizes: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| {
                s.workload == WORKLOAD
                    && s.model == model
                    && s.concurrency == high
                    && s.worker_cpus.is_empty()
                    && !s.failed()
            })
            .collect();
        if sizes.len() < 2 {
            continue;
        }
        sizes.sort_by_key(|s| s.server_instances);
        let apart = sizes
            .iter()
            .enumerate()
            .any(|(i, a)| sizes[i + 1..].iter().any(|b| a.apart_from(b)));
        let sizes: Vec<Value> = sizes
            .iter()
            .map(|s| context! { efficiency => s.efficiency, instances => s.server_instances })
            .collect();
        scaled.push(context! { model, sizes, apart });
    }
    Some(context! { at_low, at_high, scaled })
}

/// The best efficiency at each level, and what the CPU of `tokio`'s median run at the top
/// adds up to on `cores`.
pub(super) fn best(groups: &[&Summary], levels: &[usize], cores: usize) -> Value {
    let each: Vec<Value> = levels
        .iter()
        .filter_map(|&level| {
            let best = groups
                .iter()
                .filter(|s| s.concurrency == level && !s.failed() && s.failed == 0)
                .map(|s| s.efficiency)
                .fold(f64::NAN, f64::max);
            best.is_finite().then(|| context! { best, level })
        })
        .collect();
    let high = levels.last().copied().unwrap_or_default();
    // One run's figures, which add up: the repeat whose wall time is the median.
    let budget = groups
        .iter()
        .filter(|s| s.model == "tokio" && s.concurrency == high && !s.failed())
        .find_map(|s| Some((s, s.budget.as_ref()?)))
        .and_then(|(tokio, budget)| {
            let load = budget.ideal_load(cores).unwrap_or(0.0);
            Some(context! {
                wall_ms => budget.wall_ms,
                ideal_ms => budget.ideal_ms,
                model_ms => budget.model_ms,
                server_ms => budget.server_ms?,
                load,
                cores_short => load > 1.0,
                cores,
                workload => tokio.workload,
            })
        });
    context! { each, budget }
}
