//! "Each HTTP client alone": what each client stack costs on its own, from the `clients`
//! workload, and the one sentence README's summary draws from it.

use std::fmt::Write as _;

use fanout_core::results::Results;

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::pages::format;
use crate::pages::{Section, Sources};

/// A row per client.
pub struct Clients;

impl Section for Clients {
    fn write(&self, from: &Sources, out: &mut String) {
        if let Some(clients) = clients_section(from.data, from.results) {
            out.push_str("## Each HTTP client alone\n\n");
            out.push_str(&clients);
            out.push('\n');
        }
    }
}

/// The workload that measures each client stack alone.
const CLIENTS_WORKLOAD: &str = "clients";

/// "Each HTTP client alone": a row per client, from the `clients` workload (one request at a
/// time over one keep-alive connection, no latency); `None` without those runs.
pub fn clients_section(data: &ReportData, results: &[Results]) -> Option<String> {
    let rows: Vec<&Summary> = data
        .all
        .iter()
        .filter(|s| s.workload == CLIENTS_WORKLOAD && !s.failed())
        .collect();
    if rows.is_empty() {
        return None;
    }
    let floor_us = results
        .iter()
        .find(|r| r.runs.iter().any(|run| run.workload == CLIENTS_WORKLOAD))
        .and_then(|r| r.server_floor.as_ref())
        .map(|f| f.zero_delay_ms * 1000.0);
    let mut out = String::from(
        "Each HTTP client library on its own: one request at a time over one keep-alive \
         connection, no injected latency, 4 KiB bodies verified (the `clients` workload), run by \
         the simplest model that uses it. Per request: the wall time (client, loopback and the \
         mock server's answer together) and the worker's CPU over its run (the client's own \
         work, plus its model's bookkeeping; starting the process and the interpreter is not \
         counted).\n\n| client | run by | wall µs a request [95% CI] | CPU µs a request |\n|---|---|---|---|\n",
    );
    let per_request = |s: &Summary| s.requests_per_run().max(1.0);
    for s in &rows {
        let client = fanout_catalog::find(&s.model).map_or("?", |entry| entry.client);
        let n = per_request(s);
        let interval = s.wall_ms.interval.map_or(String::new(), |(low, high)| {
            format!(" [{:.0}-{:.0}]", low * 1000.0 / n, high * 1000.0 / n)
        });
        // Runs made while the rest of the machine was busy are marked, as in every table.
        let busy = if s.busy_runs > 0 {
            format!(" ! ({} of {} runs)", s.busy_runs, s.runs + s.failed_runs)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {client} | `{}` | {:.0}{interval}{busy} | {} |",
            s.model,
            s.wall_ms.median * 1000.0 / n,
            s.cpu_ms
                .map_or("n/a".to_owned(), |cpu| format!("{:.0}", cpu * 1000.0 / n))
        );
    }
    if rows.iter().any(|s| s.busy_runs > 0) {
        out.push_str(
            "\n! marks a client some of whose runs were made while the rest of the machine was \
             busy (more than a tenth of a core, and at least 50 ms of CPU): its figures are less \
             sure than its interval says.\n",
        );
    }
    out.push('\n');
    if let Some(floor) = floor_us {
        let _ = write!(
            out,
            "The mock server's own floor, timed by the harness over one connection before the \
             runs, was {floor:.0} µs a request. "
        );
    }
    if let Some(bearing) = clients_bearing(data) {
        out.push_str(&bearing);
    }
    out.push('\n');
    Some(out)
}

/// How the clients' own costs bear on reading the comparison, in a sentence from the
/// `clients` runs; `None` without `sequential` (ureq) and `tokio` (reqwest) there.
pub fn clients_bearing(data: &ReportData) -> Option<String> {
    let client = |model: &str| {
        let s = data
            .all
            .iter()
            .find(|s| s.workload == CLIENTS_WORKLOAD && s.model == model && !s.failed())?;
        let n = s.requests_per_run().max(1.0);
        let high = s.wall_ms.interval.map_or(s.wall_ms.max, |i| i.1);
        Some((
            s.wall_ms.median * 1000.0 / n,
            high * 1000.0 / n,
            s.cpu_ms? * 1000.0 / n,
        ))
    };
    let (ureq, reqwest) = (client("sequential")?, client("tokio")?);
    let mut text = format!(
        "How this bears on the comparison: the thread models fetch with ureq ({:.0} µs a round \
         trip on its own, the mock server's answer included, and {:.0} µs of its own CPU; \
         medians) and `tokio` with reqwest ({:.0} µs, and {:.0} µs of CPU).",
        ureq.0, ureq.2, reqwest.0, reqwest.2
    );
    // At the headline level the clients' CPU adds up across requests in flight, on cores the
    // server shares: set it beside the gap it might explain.
    let headline = data.comparison_level("quick").and_then(|level| {
        let at = |model: &str| data.group_at(model, "quick", level, 0);
        Some((level, at("threads")?, at("tokio")?))
    });
    if let Some((level, threads, tokio)) = headline {
        let cores = data.cores.max(1) as f64;
        let per_wave = |cpu_us: f64| cpu_us * level as f64 / cores / 1000.0;
        let gap = threads.wall_ms.median - tokio.wall_ms.median;
        let _ = write!(
            text,
            " At `quick`'s concurrency {level} on {cores:.0} cores, {level} requests' worth of \
             client CPU is {:.1} ms of the cores' time with ureq and {:.1} ms with reqwest, while \
             `threads` took {:.0} ms and `tokio` {:.0} ms (medians).",
            per_wave(ureq.2),
            per_wave(reqwest.2),
            threads.wall_ms.median,
            tokio.wall_ms.median
        );
        // What the records measure of the gap: how much later the threads had all their
        // requests out.
        let ramp = |model: &str| data.ramp_ms(model, "quick", level, 0);
        if !threads.apart_from(tokio) {
            text.push_str(" The runs cannot tell `threads` from `tokio` there.");
        } else if let (Some(threads_ramp), Some(tokio_ramp)) = (ramp("threads"), ramp("tokio")) {
            let later = threads_ramp - tokio_ramp;
            let _ = write!(
                text,
                " By their records, `threads` began its {level}th request {} after it started \
                 and `tokio` {} after: {} later, against a gap of {} ({}; lesson 4).",
                format::ms(threads_ramp),
                format::ms(tokio_ramp),
                format::ms(later),
                format::ms(gap),
                if later >= 0.5 * gap {
                    "starting the requests is much of the gap"
                } else {
                    "starting the requests is not most of the gap"
                }
            );
        }
    }
    Some(text)
}
