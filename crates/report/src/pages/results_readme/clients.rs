//! "Each HTTP client alone": what each client stack costs on its own, from the `clients`
//! workload, and the one sentence README's summary draws from it.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::pages::{Sources, templates};

/// The workload that measures each client stack alone.
const CLIENTS_WORKLOAD: &str = "clients";

/// A row per client, from the `clients` workload (one request at a time over one keep-alive
/// connection, no latency); nothing without those runs.
pub(super) fn clients(from: &Sources) -> Option<Value> {
    let rows: Vec<Value> = from
        .data
        .all
        .iter()
        .filter(|s| s.workload == CLIENTS_WORKLOAD && !s.failed())
        .map(|s| {
            context! {
                client => fanout_catalog::find(&s.model).map_or("?", |entry| entry.client),
                model => s.model,
                wall_us => per_request(s, s.wall_ms.median),
                interval => s
                    .wall_ms
                    .interval
                    .map(|(low, high)| (per_request(s, low), per_request(s, high))),
                cpu_us => s.cpu_ms.map(|ms| per_request(s, ms)),
                busy_runs => s.busy_runs,
                runs => s.runs + s.failed_runs,
            }
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let floor_us = from
        .results
        .iter()
        .find(|r| r.runs.iter().any(|run| run.workload == CLIENTS_WORKLOAD))
        .and_then(|r| r.server_floor.as_ref())
        .map(|f| f.zero_delay_ms * 1000.0);
    Some(context! { rows, floor_us, bearing => clients_bearing(from.data) })
}

/// `ms` of one of the group's repeats as microseconds a request.
fn per_request(s: &Summary, ms: f64) -> f64 {
    ms * 1000.0 / s.requests_per_run().max(1.0)
}

/// How the clients' own costs bear on reading the comparison, in a sentence from the
/// `clients` runs; `None` without `sequential` (ureq) and `tokio` (reqwest) there.
fn clients_bearing(data: &ReportData) -> Option<String> {
    // A client's wall and CPU µs a request, medians.
    let client = |model: &str| {
        let s = data
            .all
            .iter()
            .find(|s| s.workload == CLIENTS_WORKLOAD && s.model == model && !s.failed())?;
        Some((per_request(s, s.wall_ms.median), per_request(s, s.cpu_ms?)))
    };
    let (ureq, reqwest) = (client("sequential")?, client("tokio")?);
    // At the headline level the clients' CPU adds up across requests in flight, on cores the
    // server shares: set it beside the gap it might explain.
    let quick = data.comparison_level("quick").and_then(|level| {
        let at = |model: &str| data.group_at(model, "quick", level, 0);
        let (threads, tokio) = (at("threads")?, at("tokio")?);
        let cores = data.cores.max(1);
        let per_wave = |cpu_us: f64| cpu_us * level as f64 / cores as f64 / 1000.0;
        let gap_ms = threads.wall_ms.median - tokio.wall_ms.median;
        // What the records measure of the gap: how much later the threads had all their
        // requests out.
        let ramp = |model: &str| data.ramp_ms(model, "quick", level, 0);
        let ramps = ramp("threads")
            .zip(ramp("tokio"))
            .map(|(threads_ms, tokio_ms)| {
                let later_ms = threads_ms - tokio_ms;
                context! { threads_ms, tokio_ms, later_ms, much => later_ms >= 0.5 * gap_ms }
            });
        Some(context! {
            level, cores, ureq_ms => per_wave(ureq.1), reqwest_ms => per_wave(reqwest.1),
            threads_ms => threads.wall_ms.median, tokio_ms => tokio.wall_ms.median, gap_ms,
            apart => threads.apart_from(tokio), ramps,
        })
    });
    let context = context! {
        ureq_us => ureq.0, ureq_cpu_us => ureq.1,
        reqwest_us => reqwest.0, reqwest_cpu_us => reqwest.1,
        quick,
    };
    Some(templates::render("results/clients_bearing.md", context))
}
