//! The page's opening and its "Machine" section: the machines the runs were made on, the
//! interpreters the Python models ran on, and what the mock server costs with nothing to do.

use fanout_core::results::{Results, RunRecord, ServerFloor};
use fanout_core::stats::median;
use minijinja::{Value, context};

use crate::analysis::summary::{SERVER_ADDED_LIMIT_MS, Spread, over_limit};
use crate::pages::Sources;

/// The title, what the page is, and the machines.
pub(super) fn machine(from: &Sources) -> Option<Value> {
    let results = from.results;
    let mut pythons = Vec::new();
    for python in results
        .iter()
        .flat_map(|r| &r.runs)
        .filter_map(|run| run.python.as_ref())
    {
        let seen = context! { version => python.version, free_threaded => python.free_threaded };
        if !pythons.contains(&seen) {
            pythons.push(seen);
        }
    }
    // Python runs made before the programs reported their interpreter say nothing of it.
    let unreported = (results.iter().flat_map(|r| &r.runs))
        .filter(|run| run.model.starts_with("py-") && run.python.is_none() && !run.not_run)
        .count();
    Some(context! {
        machines => machines(results),
        pythons,
        unreported,
        floor => server_floor(results),
        added => server_added(results),
    })
}

/// Each machine the results were measured on, with its results files (by their first workload)
/// and the day measured on it: what results/machine_line.md reads.
pub(crate) fn machines(results: &[Results]) -> Vec<Value> {
    let mut machines: Vec<(&fanout_core::results::Machine, Vec<String>)> = Vec::new();
    for file in results {
        let day = file.started_at.get(..10).unwrap_or(&file.started_at);
        let at = match machines.iter().position(|(m, _)| **m == file.machine) {
            Some(at) => at,
            None => {
                machines.push((&file.machine, Vec::new()));
                machines.len() - 1
            }
        };
        for run in &file.runs {
            let what = format!("{} ({day})", run.workload);
            if !machines[at].1.contains(&what) {
                machines[at].1.push(what);
            }
        }
    }
    machines
        .into_iter()
        .map(|(machine, files)| context! { machine, files })
        .collect()
}

/// What the mock server adds to a request, over the results files that measured it: the part
/// of every wall time that the ideal leaves out.
fn server_floor(results: &[Results]) -> Option<Value> {
    let floors: Vec<&ServerFloor> = results
        .iter()
        .filter_map(|r| r.server_floor.as_ref())
        .collect();
    let first = floors.first()?;
    let range = |value: fn(&ServerFloor) -> f64| {
        let Spread { min, max, .. } = Spread::of(floors.iter().map(|f| value(f)));
        context! { low => min, high => max, alike => max - min < 0.005 }
    };
    Some(context! {
        requests => first.requests,
        delay_ms => first.delay_ms,
        files => floors.len(),
        zero => range(|f| f.zero_delay_ms),
        delayed => range(|f| f.delayed_ms),
    })
}

/// What the mock server added to its responses after their delays, by its own stamps, over
/// every run that recorded it; `None` when none did.
fn server_added(results: &[Results]) -> Option<Value> {
    let runs: Vec<&RunRecord> = results
        .iter()
        .flat_map(|r| &r.runs)
        .filter(|run| run.succeeded())
        .collect();
    let added: Vec<(usize, fanout_core::LatencySummary)> = runs
        .iter()
        .filter_map(|run| Some((run.concurrency, run.server_added_ms?)))
        .collect();
    let median_p50 = |at: &dyn Fn(usize) -> bool| {
        let p50s: Vec<f64> = added
            .iter()
            .filter(|(level, _)| at(*level))
            .map(|(_, a)| a.p50)
            .collect();
        median(&p50s)
    };
    let p50 = median_p50(&|_| true)?;
    let p99 = median(&added.iter().map(|(_, a)| a.p99).collect::<Vec<_>>())?;
    let most = added.iter().map(|(level, _)| *level).max()?;
    let alone = median_p50(&|level| level == 1)
        .zip(median_p50(&|level| level == most))
        .filter(|_| most > 1)
        .map(
            |(one, crowded)| context! { one, crowded, most, mostly_alone => one >= 0.8 * crowded },
        );
    Some(context! {
        runs_with => added.len(),
        runs_without => runs.len() - added.len(),
        p50,
        p99,
        highest => added.iter().map(|(_, a)| a.p99).fold(0.0, f64::max),
        // As Rust writes it: "1", not a template's "1.0".
        limit => SERVER_ADDED_LIMIT_MS.to_string(),
        over => added.iter().filter(|(_, a)| over_limit(a)).count(),
        alone,
    })
}
