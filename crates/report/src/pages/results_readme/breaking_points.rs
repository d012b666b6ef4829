//! "Where each model breaks": per scale workload, how far each model got and what stopped it,
//! with what its runs show about threads and waiting beyond that.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::outside::outside_delay_ms;
use crate::analysis::scale::{Cause, breaking_points, in_flight, scale_workloads};
use crate::analysis::summary::{Spread, Summary};
use crate::pages::{Section, Sources, format, templates};

/// A table per scale workload; nothing without one.
pub struct BreakingPoints;

impl Section for BreakingPoints {
    fn write(&self, from: &Sources, out: &mut String) {
        let workloads: Vec<Value> = scale_workloads(from.data)
            .iter()
            .map(|workload| scale_workload(from.data, workload))
            .collect();
        if !workloads.is_empty() {
            let context = context! { workloads };
            out.push_str(&templates::render("results/breaking_points.md", context));
        }
    }
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
    let mut table = String::from(
        "| model | highest completed | efficiency there | most in flight there, own records | \
         held by the server | what stopped it beyond |\n|---|---|---|---|---|---|",
    );
    for point in &points {
        let (completed, stopped) = match (&point.completed, &point.broke) {
            (completed, Some((level, cause))) => (
                completed.map_or("none".into(), |c| c.to_string()),
                format!("at {level}: {}", format::cause(cause)),
            ),
            (Some(completed), None) => (
                completed.to_string(),
                "nothing up to the top of the sweep".to_owned(),
            ),
            (None, None) => ("none".into(), "no runs".into()),
        };
        let lower: Vec<String> = point
            .lower
            .iter()
            .map(|(level, cause)| format!("at {level}: {}", format::cause(cause)))
            .collect();
        let stopped = if lower.is_empty() {
            stopped
        } else {
            format!("{stopped}; below it, {}", lower.join("; "))
        };
        let there = point.completed.and_then(|level| at(&point.model, level));
        let (efficiency, in_flight, held) =
            there.map_or(("-".into(), "-".into(), "-".into()), |s| {
                (
                    format!("{:.2}", s.efficiency),
                    format!("{:.0}", in_flight(s)),
                    format!("{:.0}", s.server_peak_in_flight),
                )
            });
        let model = crate::analysis::models::label(&point.model);
        table += &format!(
            "\n| {model} | {completed} | {efficiency} | {in_flight} | {held} | {stopped} |"
        );
    }
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
    context! { name => workload, table, threaded, outside, unseen, executor }
}
