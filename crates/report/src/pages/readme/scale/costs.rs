//! What the scale runs cost: the server's CPU per request at the bottom and top of the sweep,
//! a thread's reserved memory, and the fastest model at each level.

use std::fmt::Write as _;

use super::WORKLOAD;
use crate::analysis::ReportData;
use crate::analysis::slopes::{bottom_slope, points};
use crate::analysis::summary::Summary;
use crate::pages::format;
use crate::pages::format::and_list;

/// MiB of reserved address space per request asked for, between a model's two lowest levels.
pub(super) fn reserved_slope(data: &ReportData, model: &str) -> Option<f64> {
    let series = data.series(WORKLOAD, model);
    Some(bottom_slope(&points(&series, |s| s.peak_vm_kib))? / 1024.0)
}

/// The server's CPU per request at the lowest and highest level, and what scaling it out did.
pub(super) fn server_costs(
    data: &ReportData,
    groups: &[&Summary],
    low: usize,
    high: usize,
) -> Option<String> {
    let per_request = |level: usize| -> Vec<(&str, f64)> {
        groups
            .iter()
            .filter(|s| s.concurrency == level && !s.failed())
            .filter_map(|s| Some((s.model.as_str(), s.server_cpu_us_per_request?)))
            .collect()
    };
    let describe = |costs: &[(&str, f64)]| {
        let lowest = costs.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let highest = costs.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        let (lo, hi) = (
            format!("{:.0} µs", lowest.1),
            format!("{:.0} µs", highest.1),
        );
        Some(if lo == hi {
            lo
        } else {
            format!("from {lo} (`{}`) to {hi} (`{}`)", lowest.0, highest.0)
        })
    };
    let mut out = format!(
        "- **The server's cost.** The mock server spends {} of CPU a request at {low} in \
         flight, and {} at {high}, on the cores the client uses too.",
        describe(&per_request(low))?,
        describe(&per_request(high))?
    );
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
        let each: Vec<String> = sizes
            .iter()
            .map(|s| format!("{:.2} with {}", s.efficiency, s.server_instances))
            .collect();
        let apart = sizes
            .iter()
            .enumerate()
            .any(|(i, a)| sizes[i + 1..].iter().any(|b| a.apart_from(b)));
        scaled.push(format!(
            "`{model}` {}{}",
            and_list(&each),
            if apart {
                ""
            } else {
                " (the intervals overlap: the runs do not tell these apart)"
            }
        ));
    }
    if !scaled.is_empty() {
        let _ = write!(
            out,
            " Efficiency at {high} by wiremock instances (each serves on one thread): {}.",
            scaled.join("; ")
        );
    }
    out.push('\n');
    Some(out)
}

/// The best efficiency at each level, and where the CPU went at the top.
pub(super) fn best(groups: &[&Summary], levels: &[usize], cores: usize) -> String {
    let mut out = String::from("- **How close to the ideal.**");
    let mut each = Vec::new();
    for &level in levels {
        let best = groups
            .iter()
            .filter(|s| s.concurrency == level && !s.failed() && s.failed == 0)
            .map(|s| s.efficiency)
            .fold(f64::NAN, f64::max);
        if best.is_finite() {
            each.push(format!("{best:.2} at {level}"));
        }
    }
    let _ = write!(
        out,
        " The best efficiency any model reached: {} (which model is best at a level, the \
         tables' intervals tell: the top ones often cannot be told apart).",
        and_list(&each)
    );
    let high = levels.last().copied().unwrap_or_default();
    // One run's figures, which add up: the repeat whose wall time is the median.
    if let Some((tokio, budget)) = groups
        .iter()
        .filter(|s| s.model == "tokio" && s.concurrency == high && !s.failed())
        .find_map(|s| Some((s, s.budget.as_ref()?)))
        && let Some(server) = budget.server_ms
    {
        let _ = write!(
            out,
            " At {high}, the run of `tokio` whose wall time is its median took {} for a job \
             whose ideal is {}, and used {} of CPU while the mock server used {}: {:.2} times \
             what {} cores give in the ideal time, {} (results/budget-{}-{high}.svg).",
            format::s(budget.wall_ms),
            format::s(budget.ideal_ms),
            format::s(budget.model_ms),
            format::s(server),
            budget.ideal_load(cores).unwrap_or(0.0),
            cores,
            format::load_verdict(budget.ideal_load(cores).unwrap_or(0.0)),
            tokio.workload
        );
    }
    out.push('\n');
    out
}
