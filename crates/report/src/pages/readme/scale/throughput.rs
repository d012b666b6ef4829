//! The client's throughput ceiling beside the load generator's, and the crawl.

use minijinja::{Value, context};

use super::CRAWL;
use crate::analysis::ReportData;
use crate::analysis::ceiling::{LoadGenerator, comparable, requests_per_s};
use crate::analysis::summary::Summary;
use crate::analysis::ties::indistinguishable;

/// The best model's rate with no latency, against the load generator's, and the models the
/// data cannot rank below it.
pub(super) fn ceiling(data: &ReportData, generator: &LoadGenerator) -> Option<Value> {
    let groups = comparable(&data.summaries, generator);
    let best = groups.first()?;
    let wrk = generator.requests_per_s;
    Some(context! {
        workload => generator.workload,
        connections => generator.connections,
        rate => requests_per_s(best),
        model => best.model,
        wrk,
        at_or_above => groups.iter().filter(|s| requests_per_s(s) >= wrk).count(),
        models => groups.len(),
        tied => indistinguishable(best, &groups),
    })
}

/// `crawl-10k` at its top level: who finished, how close to the ideal, and how many were out.
pub(super) fn crawl(data: &ReportData) -> Option<Value> {
    let high = *data.levels(CRAWL).last()?;
    let done: Vec<&Summary> = data
        .summaries
        .iter()
        .filter(|s| s.workload == CRAWL && s.concurrency == high && !s.failed() && s.failed == 0)
        .collect();
    if done.is_empty() {
        return None;
    }
    let ideal_ms = data
        .summaries
        .iter()
        .find(|s| s.workload == CRAWL && s.concurrency == 1)
        .map(|s| s.ideal_ms);
    let tokio = done.iter().find(|s| s.model == "tokio").map(|t| {
        context! {
            wall_ms => t.wall_ms.median,
            server => t.server_peak_in_flight,
            client => data
                .timeline("tokio", CRAWL, high, t.cpu_work)
                .map(|t| t.client_peak_in_flight),
        }
    });
    Some(context! {
        name => CRAWL,
        high,
        done => done.len(),
        efficiencies => done.iter().map(|s| s.efficiency).collect::<Vec<_>>(),
        ideal_ms,
        tokio,
    })
}
