//! README's "Scale" section, from the scale suite's runs: the table of `c10k` at its lowest
//! and highest level, and what the runs show about where each model breaks, what the server
//! costs, the client ceiling and the crawl. Every figure in it is read from the summaries.

mod breaks;
mod costs;
mod throughput;

use std::cmp::Reverse;
use std::collections::BTreeMap;

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::ceiling::LoadGenerator;
use crate::analysis::models::label;
use crate::analysis::scale::{self, in_flight};
use crate::analysis::summary::Summary;
use crate::pages::Sources;
use crate::pages::format;

/// The scale section, when the results hold `c10k` runs; else how to measure them.
pub(super) fn scale(from: &Sources) -> Option<Value> {
    Some(context! { scale => body(from.data, from.generator, from.cores) })
}

const WORKLOAD: &str = "c10k";
const CRAWL: &str = "crawl-10k";

fn body(data: &ReportData, generator: Option<&LoadGenerator>, cores: usize) -> Option<Value> {
    let groups: Vec<&Summary> = data
        .summaries
        .iter()
        .filter(|s| s.workload == WORKLOAD)
        .collect();
    // The levels some model was run at (not only recorded as not run).
    let levels: Vec<usize> = data
        .levels(WORKLOAD)
        .into_iter()
        .filter(|&level| groups.iter().any(|s| s.concurrency == level && !not_run(s)))
        .collect();
    let (&low, &high) = (levels.first()?, levels.last()?);
    let instances = groups.first()?.server_instances;
    let at = |model: &str, level: usize| {
        groups
            .iter()
            .copied()
            .find(|s| s.model == model && s.concurrency == level)
    };
    // The table: each model at the lowest and highest level, but those never run.
    let (mut rows, mut skipped) = (Vec::new(), Vec::new());
    for model in data.models(WORKLOAD) {
        let (at_low, at_high) = (at(&model, low), at(&model, high));
        if [at_low, at_high].iter().flatten().all(|s| not_run(s)) {
            skipped.push(model);
            continue;
        }
        let clean = at_high.filter(|s| !s.failed()).map(|s| {
            context! {
                in_flight => in_flight(s),
                server => s.server_peak_in_flight,
                threads => s.peak_threads,
                rss_kib => s.peak_rss_kib - s.baseline_rss_kib,
                vm_kib => s.peak_vm_kib - s.baseline_vm_kib,
            }
        });
        let (low, high) = (at_low.map(efficiency), at_high.map(efficiency));
        rows.push(context! { label => label(&model), low, high, clean });
    }
    Some(context! {
        workload => WORKLOAD,
        instances,
        cores,
        low,
        high,
        repeats => repeats(&groups, &levels),
        rows,
        breaks => breaks::breaks(data, &groups, high, &skipped),
        costs => costs::server_costs(data, &groups, low, high),
        best => costs::best(&groups, &levels, data.cores.max(1)),
        ceiling => generator.and_then(|generator| throughput::ceiling(data, generator)),
        crawl => throughput::crawl(data),
    })
}

/// A group recorded as not run (`--max-ideal-s`), with nothing measured.
fn not_run(s: &Summary) -> bool {
    s.first_error
        .as_deref()
        .is_some_and(|e| e.starts_with("not run"))
}

/// The levels measured with each number of repeats, most repeats first.
fn repeats(groups: &[&Summary], levels: &[usize]) -> Vec<Value> {
    let mut by_count: BTreeMap<Reverse<usize>, Vec<usize>> = BTreeMap::new();
    for &level in levels {
        let count = groups
            .iter()
            .filter(|s| s.concurrency == level)
            .map(|s| s.runs + s.failed_runs)
            .max()
            .unwrap_or(0);
        by_count.entry(Reverse(count)).or_default().push(level);
    }
    by_count
        .into_iter()
        .map(|(Reverse(count), levels)| context! { count, levels })
        .collect()
}

/// A group's efficiency, and what failed when something did.
fn efficiency(s: &Summary) -> Value {
    context! {
        value => s.efficiency,
        failed => s.failed(),
        runs => s.runs,
        failed_runs => s.failed_runs,
        lost => s.failed > 0,
        cause => format::cause(&scale::cause(s)),
    }
}
