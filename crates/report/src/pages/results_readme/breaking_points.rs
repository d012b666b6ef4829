//! "Where each model breaks": per scale workload, how far each model got and what stopped it,
//! with what its runs show about threads and waiting beyond that.

use std::fmt::Write as _;

use crate::analysis::ReportData;
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
                 answered, its efficiency there and the most requests the server held in their \
                 injected delay at once (the median of each repeat's peak: a model can finish a \
                 level without ever having that many in flight), what stopped it at the next level \
                 of the sweep, and any lower level it did not complete. A run that crashed or passed \
                 its deadline stops its model's higher levels in the same sweep (recorded as not \
                 run); failed requests do not.\n\n",
            );
            for workload in scale_workloads {
                let _ = writeln!(
                    out,
                    "### {workload}\n\n| model | highest completed | efficiency there | most in flight \
                     there | what stopped it beyond |\n|---|---|---|---|---|"
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
                    let (efficiency, in_flight) = there.map_or(("-".into(), "-".into()), |s| {
                        (
                            format!("{:.2}", s.efficiency),
                            format!("{:.0}", s.server_peak_in_flight),
                        )
                    });
                    let _ = writeln!(
                        out,
                        "| {} | {completed} | {efficiency} | {in_flight} | {stopped} |",
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
            (s.peak_threads > 1.2 * s.server_peak_in_flight && s.peak_threads >= 100.0).then(|| {
                let client = data
                    .timeline(&s.model, workload, s.concurrency, s.cpu_work)
                    .map_or(String::new(), |t| {
                        format!(
                            ", and {} in flight by its own records in its first run",
                            t.client_peak_in_flight
                        )
                    });
                format!(
                    "`{}` {:.0} threads against {:.0} in flight at the server (medians over its \
                     repeats){client}",
                    s.model, s.peak_threads, s.server_peak_in_flight
                )
            })
        })
        .collect();
    if !threaded.is_empty() {
        let _ = write!(
            out,
            "Thread models peak at more threads than requests in flight: {}. A request is in \
             flight from when it is sent to when its headers arrive; its thread lives from its \
             creation, before it sends, until it exits after reading and checking the body, so \
             threads alive are not requests out (the chart of requests in flight over time shows \
             how the requests spread out).\n\n",
            threaded.join("; ")
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
             every other target's `urlopen`: a request waits for a thread twice, the second time \
             behind the whole job.",
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
            let mut reads: Vec<f64> = t
                .records
                .iter()
                .filter_map(|r| Some(r.body_ms? - r.headers_ms?))
                .collect();
            if !reads.is_empty() {
                reads.sort_by(f64::total_cmp);
                let _ = write!(
                    out,
                    " Its records: from headers to body read took {:.0} ms (median).",
                    reads[reads.len() / 2]
                );
            }
        }
        out.push_str("\n\n");
    }
    out
}
