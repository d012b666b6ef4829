//! How far to trust a comparison, from the results themselves: what each HTTP client costs on
//! its own, what one core changes, whether the first run after the server starts differs, and
//! what the harness's own watching costs.

use std::fmt::Write as _;

use fanout_core::results::Results;

use crate::analysis::ReportData;
use crate::analysis::summary::{Spread, Summary};

/// The workload that measures each client stack alone.
pub const CLIENTS_WORKLOAD: &str = "clients";

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
        let _ = writeln!(
            out,
            "| {client} | `{}` | {:.0}{interval} | {} |",
            s.model,
            s.wall_ms.median * 1000.0 / n,
            s.cpu_ms
                .map_or("n/a".to_owned(), |cpu| format!("{:.0}", cpu * 1000.0 / n))
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
    let top = ureq.1.max(reqwest.1);
    Some(format!(
        "How this bears on the comparison: the thread models fetch with ureq ({:.0} µs a round \
         trip on its own, the mock server's answer included, and {:.0} µs of its own CPU; \
         medians) and `tokio` with reqwest ({:.0} µs, and {:.0} µs of CPU). Even a whole round \
         trip at the top of either's 95% interval ({top:.0} µs) is {:.2}% of a `quick` \
         request, which waits 100 ms: a gap between `threads` and `tokio` there is their \
         concurrency model, not their clients. On a job with no latency (`ceiling`, `cpu`) the \
         clients are a large part of any gap.",
        ureq.0,
        ureq.2,
        reqwest.0,
        reqwest.2,
        top / 100_000.0 * 100.0
    ))
}

/// "On one core": each pinned group beside the same group run unpinned; `None` without
/// pinned runs.
pub fn one_core_section(data: &ReportData) -> Option<String> {
    if data.pinned.is_empty() {
        return None;
    }
    let mut out = String::from(
        "The same runs with every worker pinned to one CPU (`--pin-workers`) and the mock \
         server to another (`--pin-server`): each model sizes its runtime or pool to the CPUs it \
         may use, so this is each model on a one-core machine beside its server. Wall time, \
         median [95% CI], against the same model on the same job with both cores shared with \
         the server.\n\n| model | workload | conc. | both cores, ms | one core, ms | one core / both |\n|---|---|---|---|---|---|\n",
    );
    let cell = |spread: &Spread| match spread.interval {
        Some((low, high)) => format!("{:.0} [{low:.0}-{high:.0}]", spread.median),
        None => format!("{:.0}", spread.median),
    };
    let mut ratios: Vec<(String, String, f64)> = Vec::new();
    for pinned in data.pinned.iter().filter(|s| !s.failed()) {
        let Some(free) = data.all.iter().find(|s| {
            s.model == pinned.model
                && s.workload == pinned.workload
                && s.concurrency == pinned.concurrency
                && s.cpu_work == pinned.cpu_work
                && !s.failed()
        }) else {
            continue;
        };
        let ratio = pinned.wall_ms.median / free.wall_ms.median;
        ratios.push((pinned.model.clone(), pinned.workload.clone(), ratio));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {ratio:.2} |",
            crate::analysis::models::label(&pinned.model),
            pinned.workload,
            pinned.concurrency,
            cell(&free.wall_ms),
            cell(&pinned.wall_ms)
        );
    }
    out.push('\n');
    for workload in ["quick", "cpu"] {
        let on: Vec<&(String, String, f64)> =
            ratios.iter().filter(|(_, w, _)| w == workload).collect();
        // How much one core changed a model, either way: the size of the log of the ratio.
        let change = |r: &&&(String, String, f64)| r.2.ln().abs();
        let (Some(least), Some(most)) = (
            on.iter().min_by(|a, b| change(a).total_cmp(&change(b))),
            on.iter().max_by(|a, b| change(a).total_cmp(&change(b))),
        ) else {
            continue;
        };
        let _ = write!(
            out,
            "On `{workload}`, one core changed `{}` least ({:.2}x) and `{}` most ({:.2}x), by \
             their medians. ",
            least.0, least.2, most.0, most.2
        );
    }
    out.push('\n');
    Some(out)
}

/// "Method": the warm-up finding, the harness's own CPU and the busy-machine marks, from the
/// runs.
pub fn method_section(results: &[Results]) -> String {
    let mut out = String::new();
    // Warm-up: the first repeat of each group against the median of the others.
    let mut ratios = Vec::new();
    let mut firsts = Vec::new();
    for result in results {
        let summaries = crate::summarise(&result.runs);
        for summary in summaries.iter().filter(|s| s.walls.len() >= 3) {
            let first = result
                .runs
                .iter()
                .find(|r| r.repeat == 0 && r.succeeded() && summary.holds(r));
            let Some(first) = first else { continue };
            let others: Vec<f64> = result
                .runs
                .iter()
                .filter(|r| r.repeat > 0 && r.succeeded() && summary.holds(r))
                .map(|r| r.wall_ms)
                .collect();
            if others.len() < 2 {
                continue;
            }
            let ratio = first.wall_ms / Spread::of(others.iter().copied()).median;
            ratios.push(ratio);
            // The file's very first run made (runs recorded as not run made nothing): the
            // first after its mock server started, unless the file used a server already
            // running (`--server`). Was it the slowest of its group?
            let first_made = result.runs.iter().find(|r| !r.not_run);
            let own_server = !result.command.contains("--server ");
            if own_server && first_made.is_some_and(|made| std::ptr::eq(first, made)) {
                let slowest = others.iter().all(|other| first.wall_ms > *other);
                firsts.push((ratio, slowest, others.len() + 1));
            }
        }
    }
    if !ratios.is_empty() {
        let spread = Spread::of(ratios.iter().copied());
        let slower = ratios.iter().filter(|r| **r > 1.0).count();
        let _ = write!(
            out,
            "**Warm-up.** Over {} groups of three or more repeats, the first repeat took {:.3} \
             times the median of the others (median; from {:.2} to {:.2}), and was the slower in \
             {slower} of them ({:.0}%).",
            ratios.len(),
            spread.median,
            spread.min,
            spread.max,
            slower as f64 / ratios.len() as f64 * 100.0
        );
        // By chance alone, the first of n repeats is the slowest one time in n.
        let slowest = firsts.iter().filter(|f| f.1).count();
        let expected: f64 = firsts.iter().map(|f| 1.0 / f.2 as f64).sum();
        let by_chance = at_least_by_chance(
            &firsts.iter().map(|f| 1.0 / f.2 as f64).collect::<Vec<_>>(),
            slowest,
        );
        if !firsts.is_empty() {
            let range = Spread::of(firsts.iter().map(|f| f.0));
            let _ = write!(
                out,
                " The very first run of each results file, the first after its mock server \
                 started, took {:.2} to {:.2} times the others' median, and was the slowest of \
                 its group in {slowest} of {} files, where chance alone gives about \
                 {expected:.1} (and {slowest} or more with probability {by_chance:.2}).",
                range.min,
                range.max,
                firsts.len()
            );
        }
        let no_effect = spread.median <= 1.02 && by_chance >= 0.05;
        out.push_str(if no_effect {
            " No warm-up effect shows beyond chance, so `fanout run` makes no warm-up runs \
             unless asked (`--warmup N`).\n\n"
        } else {
            " The first run is slower than chance would make it: pass `--warmup 1` to run each \
             model once, unrecorded, before it is measured.\n\n"
        });
    }
    // The harness's own CPU, and the busy machine.
    let runs: Vec<_> = results
        .iter()
        .flat_map(|r| &r.runs)
        .filter(|r| r.succeeded() && r.wall_ms > 0.0)
        .collect();
    // (harness CPU ms, wall ms) of every run that recorded it.
    let costs: Vec<(f64, f64)> = runs
        .iter()
        .filter_map(|r| Some((r.harness_cpu_ms?, r.wall_ms)))
        .collect();
    if !costs.is_empty() {
        let share = |(cpu, wall): &(f64, f64)| cpu / wall * 100.0;
        let long: Vec<(f64, f64)> = costs.iter().copied().filter(|c| c.1 >= 1000.0).collect();
        let short: Vec<(f64, f64)> = costs.iter().copied().filter(|c| c.1 < 1000.0).collect();
        let (cpu, wall) = costs
            .iter()
            .fold((0.0, 0.0), |(c, w), (cpu, wall)| (c + cpu, w + wall));
        let _ = write!(
            out,
            "**The observer.** While a worker runs, the harness samples `/proc` for its threads \
             and memory: every millisecond while they change (for a run that keeps changing, \
             less often as it grows older: every 10 ms at one second), backing off to every 50 ms \
             while they hold. Its own CPU (from `getrusage`, starting the worker included) was \
             {:.2}% of one core over all {} runs together",
            cpu / wall * 100.0,
            costs.len()
        );
        if !long.is_empty() {
            let _ = write!(
                out,
                "; {:.2}% (median) in the {} runs of a second or more, where sampling is \
                 most of what it does",
                Spread::of(long.iter().map(share)).median,
                long.len()
            );
        }
        if !short.is_empty() {
            let _ = write!(
                out,
                "; in the {} shorter ones the fixed cost of starting a worker and reading its \
                 report, {:.1} ms (median), weighs more: {:.2}% (median), at most {:.1}%",
                short.len(),
                Spread::of(short.iter().map(|(cpu, _)| *cpu)).median,
                Spread::of(short.iter().map(share)).median,
                Spread::of(short.iter().map(share)).max
            );
        }
        out.push('.');
        let busy = runs.iter().filter(|r| r.busy_machine()).count();
        let loads: Vec<f64> = runs.iter().filter_map(|r| r.load_before).collect();
        if !loads.is_empty() {
            let loads = Spread::of(loads);
            let _ = write!(
                out,
                " The load average before a run was {:.2} (median; up to {:.2}), the models' \
                 own load included;",
                loads.median, loads.max
            );
        }
        let _ = write!(
            out,
            " {busy} of {} runs were made while other processes used more than a tenth of a \
             core, and at least 50 ms of CPU in all (marked ! in the tables).\n\n",
            runs.len()
        );
    }
    out
}

/// The probability that at least `k` of independent events with the chances `p` happen: the
/// tail of their count (a Poisson binomial distribution), by adding one event at a time.
fn at_least_by_chance(p: &[f64], k: usize) -> f64 {
    // counts[j]: the probability that exactly j of the events so far happened.
    let mut counts = vec![1.0];
    for &chance in p {
        let mut next = vec![0.0; counts.len() + 1];
        for (j, &q) in counts.iter().enumerate() {
            next[j] += q * (1.0 - chance);
            next[j + 1] += q * chance;
        }
        counts = next;
    }
    counts.iter().skip(k).sum()
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_chance_of_a_count_is_the_binomial_tail() {
        // Nine files of three repeats: four or more first runs slowest by chance.
        let p = super::at_least_by_chance(&[1.0 / 3.0; 9], 4);
        assert!((p - 0.3497).abs() < 1e-3, "{p}");
        assert_eq!(super::at_least_by_chance(&[0.5; 3], 0), 1.0);
        assert!((super::at_least_by_chance(&[0.5; 3], 3) - 0.125).abs() < 1e-12);
    }
}
