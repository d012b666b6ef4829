//! "Where each model breaks": per scale workload, how far each model got and what stopped it,
//! with what its runs show about threads and waiting beyond that.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::models::label;
use crate::analysis::outside::outside_delay_ms;
use crate::analysis::scale::{Cause, breaking_points, in_flight, scale_workloads};
use crate::analysis::summary::{Spread, Summary};
use crate::pages::{Sources, format};

/// A table per scale workload; nothing without one.
pub(super) fn where_models_break(from: &Sources) -> Option<Value> {
    let workloads: Vec<Value> = scale_workloads(from.data)
        .iter()
        .map(|workload| scale_workload(from.data, workload))
        .collect();
    (!workloads.is_empty()).then(|| context! { workloads })
}

/// One scale workload: its table, and what its runs show beyond it about threads, requests the
/// server did not see and `py-executor`'s long requests.
fn scale_workload(data: &ReportData, workload: &str) -> Value {
    let points = breaking_points(data, workload);
    let at = |model: &str, level: usize| {
        data.summaries
            .iter()
            .find(|s| s.workload == workload && s.model == model && s.concurrency == level)
    };
    let cause = |(level, cause): &(usize, Cause)| (*level, format::cause(cause));
    let rows: Vec<Value> = points
        .iter()
        .map(|p| {
            let there = p.completed.and_then(|level| at(&p.model, level)).map(|s| {
                let held = s.server_peak_in_flight;
                context! { efficiency => s.efficiency, in_flight => in_flight(s), held }
            });
            context! {
                label => label(&p.model),
                completed => p.completed,
                broke => p.broke.as_ref().map(cause),
                lower => p.lower.iter().map(cause).collect::<Vec<_>>(),
                there,
            }
        })
        .collect();
    let completed: Vec<&Summary> = points
        .iter()
        .filter_map(|p| at(&p.model, p.completed?))
        .collect();
    // A thread lives longer than its request is in flight.
    let threaded: Vec<Value> = completed
        .iter()
        .filter(|s| s.peak_threads > 1.2 * in_flight(s) && s.peak_threads >= 100.0)
        .map(
            |s| context! { model => s.model, threads => s.peak_threads, in_flight => in_flight(s) },
        )
        .collect();
    // Where the model had many more requests out than the server held: the time each spent
    // outside its injected delay, from the records, is what the server's count leaves out.
    let outside: Vec<Value> = completed
        .iter()
        .filter(|s| in_flight(s) >= 1.5 * s.server_peak_in_flight.max(1.0))
        .filter_map(|s| {
            let t = data.timeline(&s.model, workload, s.concurrency, s.cpu_work)?;
            let beyond_ms = outside_delay_ms(t)?.median;
            let held = s.server_peak_in_flight;
            Some(context! { model => s.model, own => in_flight(s), held, beyond_ms })
        })
        .collect();
    // Where requests failed: whether the server ever saw them.
    let unseen: Vec<Value> = points
        .iter()
        .filter_map(|p| {
            let (level, Cause::Requests { .. }) = p.broke.as_ref()? else {
                return None;
            };
            let s = at(&p.model, *level)?;
            s.failures_unseen_by_server.then(|| {
                let (received, sent) = (s.server_requests, s.requests_per_run());
                context! { model => p.model, level, received, sent }
            })
        })
        .collect();
    let at_completed =
        |model: &str| at(model, points.iter().find(|p| p.model == model)?.completed?);
    let executor = at_completed("py-executor")
        .zip(at_completed("py-asyncio"))
        .map(|(executor, asyncio)| {
            // From headers to body read: the wait for a thread again, and the read.
            let reads: Vec<f64> = data
                .timeline(
                    "py-executor",
                    workload,
                    executor.concurrency,
                    executor.cpu_work,
                )
                .map(|t| {
                    t.records
                        .iter()
                        .filter_map(|r| Some(r.body_ms? - r.headers_ms?))
                        .collect()
                })
                .unwrap_or_default();
            context! {
                level => executor.concurrency, p50_ms => executor.p50_ms, p99_ms => executor.p99_ms,
                asyncio_level => asyncio.concurrency, asyncio_p50_ms => asyncio.p50_ms,
                asyncio_p99_ms => asyncio.p99_ms,
                read_ms => Spread::of(reads.iter().copied()).median, reads => reads.len(),
            }
        });
    context! { name => workload, rows, threaded, outside, unseen, executor }
}
