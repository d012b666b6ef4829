//! "Where each model breaks": per scale workload, how far each model got and what stopped it,
//! with what its runs show about threads and waiting beyond that.

use std::fmt::Write as _;

use crate::analysis::ReportData;
use crate::analysis::outside::outside_delay_ms;
use crate::analysis::scale::{Cause, in_flight};
use crate::analysis::summary::Spread;
use crate::pages::format;
use crate::pages::{Section, Sources};

/// A table per scale workload.
pub struct BreakingPoints;

impl Section for BreakingPoints {
    fn write(&self, from: &Sources, out: &mut String) {
        let scale_workloads = crate::analysis::scale::scale_workloads(from.data);
        if !scale_workloads.is_empty() {
            out.push_str("## Where each model breaks\n\n");
            out.push_str(
                "Per model, the highest concurrency at which every repeat finished with every request \
                 answered, its efficiency there, the most requests it had in flight at once by its \
                 own records (from a request's start to its response headers) and the most the \
                 server held in their injected delay at once (each the median of the repeats' \
                 peaks: a model can finish a level without ever having that many in flight), what \
                 stopped it at the next level of the sweep, and any lower level it did not \
                 complete. A run that crashed or passed \
                 its deadline stops its model's higher levels in the same sweep (recorded as not \
                 run); failed requests do not.\n\n",
            );
            for workload in scale_workloads {
                let _ = writeln!(
                    out,
                    "### {workload}\n\n| model | highest completed | efficiency there | most in flight \
                     there, own records | held by the server | what stopped it beyond \
                     |\n|---|---|---|---|---|---|"
                );
                for point in crate::analysis::scale::breaking_points(from.data, &workload) {
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
                    let there = point.completed.and_then(|level| {
                        from.data.summaries.iter().find(|s| {
                            s.workload == workload
                                && s.model == point.model
                                && s.concurrency == level
                        })
                    });
                    let (efficiency, in_flight, held) =
                        there.map_or(("-".into(), "-".into(), "-".into()), |s| {
                            (
                                format!("{:.2}", s.efficiency),
                                format!("{:.0}", crate::analysis::scale::in_flight(s)),
                                format!("{:.0}", s.server_peak_in_flight),
                            )
                        });
                    let _ = writeln!(
                        out,
                        "| {} | {completed} | {efficiency} | {in_flight} | {held} | {stopped} |",
                        crate::analysis::models::label(&point.model)
                    );
                }
                out.push('\n');
                out.push_str(&scale_notes(from.data, &workload));
            }
        }
    }
}

/// Under a scale workload's table: why a thread model's thread count passes the requests it had
/// in flight, and why `py-executor`'s requests take so long, from the runs and their records.
pub fn scale_notes(data: &ReportData, workload: &str) -> String {
    let mut out = String::new();
    let points = crate::analysis::scale::breaking_points(data, workload);
    let at_completed = |model: &str| {
        let level = points.iter().find(|p| p.model == model)?.completed?;
        data.summaries
            .iter()
            .find(|s| s.workload == workload && s.model == model && s.concurrency == level)
    };
    let threaded: Vec<String> = points
        .iter()
        .filter_map(|p| {
            let s = at_completed(&p.model)?;
            let own = in_flight(s);
            (s.peak_threads > 1.2 * own && s.peak_threads >= 100.0).then(|| {
                format!(
                    "`{}` {:.0} threads against {own:.0} requests in flight by its own records \
                     (medians over its repeats)",
                    s.model, s.peak_threads
                )
            })
        })
        .collect();
    if !threaded.is_empty() {
        let _ = write!(
            out,
            "Thread models that peak at more threads than requests in flight: {}. A request is in \
             flight from when it is sent to when its headers arrive; its thread lives from its \
             creation, before it sends, until it exits after reading and checking the body, so \
             threads alive need not be requests out.\n\n",
            threaded.join("; ")
        );
    }
    // Where the model had many more requests out than the server held: the time each spent
    // outside its injected delay, from the records, is what the server's count leaves out.
    let outside: Vec<String> = points
        .iter()
        .filter_map(|p| {
            let s = at_completed(&p.model)?;
            let own = in_flight(s);
            if own < 1.5 * s.server_peak_in_flight.max(1.0) {
                return None;
            }
            let t = data.timeline(&s.model, workload, s.concurrency, s.cpu_work)?;
            let spread = outside_delay_ms(t)?;
            Some(format!(
                "`{}` {own:.0} against {:.0}, its requests {} beyond their delay at the median",
                s.model,
                s.server_peak_in_flight,
                format::ms(spread.median)
            ))
        })
        .collect();
    if !outside.is_empty() {
        let _ = write!(
            out,
            "Models that had many more requests out by their own records than the server ever \
             held (own records against the server, and from each request's start to its \
             headers, less the delay the server injected into it, in the first run's records): \
             {}. The server counts a request only from when it has read it to when it answers; \
             that time beyond the delay (connecting, waiting to be accepted, being read and \
             answered, and waiting for the client to read the answer) it does not see. The \
             records do not split it into those parts.\n\n",
            outside.join("; ")
        );
    }
    // Where requests failed: whether the server ever saw them.
    let unseen: Vec<String> = points
        .iter()
        .filter_map(|p| {
            let (level, Cause::Requests { .. }) = p.broke.as_ref()? else {
                return None;
            };
            let s = data.summaries.iter().find(|s| {
                s.workload == workload && s.model == p.model && s.concurrency == *level
            })?;
            s.failures_unseen_by_server.then(|| {
                format!(
                    "`{}` at {level}: in each run the server received no more requests than \
                     succeeded ({:.0} at the median, of {:.0})",
                    p.model,
                    s.server_requests,
                    s.requests_per_run()
                )
            })
        })
        .collect();
    if !unseen.is_empty() {
        let _ = write!(
            out,
            "Failed requests the server never received: {}. They failed before they reached \
             it, in the client; the runs do not say where.\n\n",
            unseen.join("; ")
        );
    }
    if let (Some(executor), Some(asyncio)) =
        (at_completed("py-executor"), at_completed("py-asyncio"))
    {
        let _ = write!(
            out,
            "`py-executor` at {}: p50 {:.0} ms and p99 {:.0} ms a request, against `py-asyncio`'s \
             {:.0} ms and {:.0} ms at {}. As in seed 004, each coroutine hands `urlopen` to the \
             executor, then hands `response.read` to the same executor, whose queue by then holds \
             every other target's `urlopen` (that is how the program is written): a request waits \
             for a thread twice, the second time behind the whole job.",
            executor.concurrency,
            executor.p50_ms,
            executor.p99_ms,
            asyncio.p50_ms,
            asyncio.p99_ms,
            asyncio.concurrency
        );
        if let Some(t) = data.timeline(
            "py-executor",
            workload,
            executor.concurrency,
            executor.cpu_work,
        ) {
            let reads: Vec<f64> = t
                .records
                .iter()
                .filter_map(|r| Some(r.body_ms? - r.headers_ms?))
                .collect();
            if !reads.is_empty() {
                let _ = write!(
                    out,
                    " Its records: from headers to body read (the wait for a thread again, and \
                     the read itself, which they do not separate) took {:.0} ms (the median of \
                     {} records of its first run).",
                    Spread::of(reads.iter().copied()).median,
                    reads.len()
                );
            }
        }
        out.push_str("\n\n");
    }
    out
}
