//! Runs grouped by (workload, model, concurrency, CPU work, server instances, pinned CPUs), with
//! medians over repeats. Relative speed is computed here once, for every table and chart.

use std::collections::BTreeMap;

use fanout_core::results::RunRecord;

use super::budget::Budget;

/// Median, minimum and maximum of one measure over the repeats of a group, with the median's
/// 95% confidence interval and the repeats outside Tukey's fences (see [`super::stats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Spread {
    /// The median.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// `None` for a single repeat.
    pub interval: Option<(f64, f64)>,
    /// Values outside Tukey's fences.
    pub outliers: usize,
}

impl Spread {
    /// The spread of `values`.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Self {
        let values: Vec<f64> = values.into_iter().collect();
        let Some(median) = fanout_core::stats::median(&values) else {
            return Self::default();
        };
        Self {
            median,
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            interval: crate::stats::median_interval(&values),
            outliers: crate::stats::outliers(&values),
        }
    }
}

/// One row of every table: a group of repeats (see the module's key).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The group's workload.
    pub workload: String,
    /// Its model.
    pub model: String,
    /// The concurrency asked for.
    pub concurrency: usize,
    /// Units of CPU work a page.
    pub cpu_work: u32,
    /// Wiremock instances the mock server ran (1 unless it was scaled out).
    pub server_instances: usize,
    /// The CPUs the worker was pinned to (`--pin-workers`); empty when it was not.
    pub worker_cpus: Vec<usize>,
    /// Repeats that completed and passed verification; the medians are over these only.
    pub runs: usize,
    /// Repeats that crashed, hung or failed verification, with the first reason.
    pub failed_runs: usize,
    /// The first error of a run that failed as a whole, if any.
    pub first_error: Option<String>,
    /// Wall time over the successful repeats.
    pub wall_ms: Spread,
    /// The ideal makespan: what a client with no overhead would take.
    pub ideal_ms: f64,
    /// Ideal over actual: 1 is a perfect client.
    pub efficiency: f64,
    /// Median wall time of `sequential` on the same workload divided by this median.
    pub speedup: Option<f64>,
    /// CPU time over the run (the same interval as its wall time, start-up excluded): median
    /// of the repeats that measured it, user + system, and each alone; `None` when no repeat
    /// did (a file written before it was measured).
    pub cpu_ms: Option<f64>,
    /// The user part of `cpu_ms`, median over repeats.
    pub cpu_user_ms: Option<f64>,
    /// The system part, median over repeats.
    pub cpu_sys_ms: Option<f64>,
    /// CPU time of the whole worker process (start-up included), from `wait4`: the median.
    pub process_cpu_ms: f64,
    /// For a Python model, the interpreter it ran on, as the program reported it.
    pub python: Option<fanout_core::results::PythonInfo>,
    /// Peak resident memory, median over repeats.
    pub peak_rss_kib: f64,
    /// Resident memory of the idle worker before the run, median over repeats.
    pub baseline_rss_kib: f64,
    /// Reserved (virtual) memory of an idle worker.
    pub baseline_vm_kib: f64,
    /// Peak reserved (virtual) memory.
    pub peak_vm_kib: f64,
    /// Peak threads, median over repeats.
    pub peak_threads: f64,
    /// Processes in the worker's tree at their peak (1 unless the model starts some).
    pub peak_processes: f64,
    /// Each repeat's median request latency, median over repeats.
    pub p50_ms: f64,
    /// Each repeat's 99th percentile request latency, median over repeats.
    pub p99_ms: f64,
    /// Each repeat's median response time (from the request's start on the ideal schedule to
    /// its end; see `RunRecord::response_ms`), median over the repeats that measured it.
    pub response_p50_ms: Option<f64>,
    /// Each repeat's 99th percentile response time, likewise.
    pub response_p99_ms: Option<f64>,
    /// Repeats in which the server added more than [`SERVER_ADDED_LIMIT_MS`] at p99: runs
    /// whose times carry a share of the server's beyond its delay.
    pub server_slow_runs: usize,
    /// The most requests the mock server held at once, median over repeats.
    pub server_peak_in_flight: f64,
    /// Item requests the mock server received in a run, median over repeats (0 where the
    /// server did not say).
    pub server_requests: f64,
    /// Requests failed in some repeat, and in every repeat the server received no more
    /// requests than succeeded: the failed ones never reached it.
    pub failures_unseen_by_server: bool,
    /// The most requests the model had in flight at once by its own records, median over
    /// repeats; 0 in files written before it was counted.
    pub client_peak_in_flight: f64,
    /// What the worker's resident memory was made of at its highest, each part the median over
    /// the repeats that read it (`--memory-parts`); `None` when none did.
    pub rss_parts: Option<fanout_core::results::RssParts>,
    /// Where the core-seconds of the group's middle run went (see [`Budget`]); `None` when it
    /// has no successful run.
    pub budget: Option<Budget>,
    /// The mock server's CPU time per request it served, in microseconds; `None` when the
    /// server did not report it.
    pub server_cpu_us_per_request: Option<f64>,
    /// The 95% interval of that median over the repeats; `None` with fewer than enough.
    pub server_cpu_us_interval: Option<(f64, f64)>,
    /// Requests that succeeded, over the successful repeats.
    pub ok: u64,
    /// Failed requests over the successful repeats.
    pub failed: u64,
    /// Failed requests over the successful repeats, by error kind.
    pub failed_by_kind: BTreeMap<String, u64>,
    /// Each successful repeat's wall time, in the order they ran.
    pub walls: Vec<f64>,
    /// Repeats made while the rest of the machine was busy (see `RunRecord::busy_machine`).
    pub busy_runs: usize,
    /// The medians of the columns a run gives ([`crate::columns::Value::Median`]), by name.
    pub medians: BTreeMap<&'static str, f64>,
}

impl Summary {
    /// Every repeat failed: there is no measurement to show.
    pub fn failed(&self) -> bool {
        self.runs == 0
    }

    /// Requests in one repeat that completed (ok and failed alike).
    pub fn requests_per_run(&self) -> f64 {
        (self.ok + self.failed) as f64 / self.runs.max(1) as f64
    }

    /// Requests that succeeded in one repeat that completed.
    pub fn ok_per_run(&self) -> f64 {
        self.ok as f64 / self.runs.max(1) as f64
    }

    /// Requests that failed in one repeat that completed.
    pub fn failed_per_run(&self) -> f64 {
        self.failed as f64 / self.runs.max(1) as f64
    }

    /// The results file's form of this group.
    pub fn group_summary(&self) -> fanout_core::results::GroupSummary {
        fanout_core::results::GroupSummary {
            model: self.model.clone(),
            workload: self.workload.clone(),
            concurrency: self.concurrency,
            cpu_work: self.cpu_work,
            server_instances: self.server_instances,
            runs: self.runs,
            failed_runs: self.failed_runs,
            wall_ms_median: self.wall_ms.median,
            wall_ms_ci95: self.wall_ms.interval.map(|(low, high)| [low, high]),
            wall_ms_min: self.wall_ms.min,
            wall_ms_max: self.wall_ms.max,
            outliers: self.wall_ms.outliers,
            busy_runs: self.busy_runs,
        }
    }
}

/// The most the mock server may add to a response at p99, from its delay's end to the
/// response written, before a table flags the run: past it, the server's own time is a visible
/// part of what the run measured.
pub const SERVER_ADDED_LIMIT_MS: f64 = 1.0;

/// Whether the server added more than [`SERVER_ADDED_LIMIT_MS`] at p99 in a run.
pub fn over_limit(added: &fanout_core::LatencySummary) -> bool {
    added.p99 > SERVER_ADDED_LIMIT_MS
}

/// The Rust model every Rust speedup is relative to.
pub const BASELINE_MODEL: &str = "sequential";

/// The model `model`'s speedup is relative to: the one-at-a-time program of its own language
/// and interpreter (`sequential`, `py-sequential`, `py-sequential-gil`, `py-sequential-nogil`),
/// so that a Python row's speedup is concurrency's, not Python's own cost against Rust.
pub fn baseline_of(model: &str) -> String {
    match model.strip_prefix("py-") {
        None => BASELINE_MODEL.to_owned(),
        Some(rest) => {
            let interpreter = ["-nogil", "-gil"]
                .into_iter()
                .find(|suffix| rest.ends_with(suffix))
                .unwrap_or("");
            format!("py-sequential{interpreter}")
        }
    }
}

/// What makes runs repeats of one another: workload, model, concurrency, CPU work, server
/// instances and the CPUs the worker was pinned to.
pub type GroupKey = (String, String, usize, u32, usize, Vec<usize>);

/// The group `run` is a repeat in.
pub fn group_key(run: &RunRecord) -> GroupKey {
    (
        run.workload.clone(),
        run.model.clone(),
        run.concurrency,
        run.cpu_work,
        run.server_instances,
        run.worker_cpus.clone(),
    )
}

/// Groups runs in the order they first appear and summarises each group.
pub fn summarise(runs: &[RunRecord]) -> Vec<Summary> {
    // A run cut off by something outside the model is no measurement: no group counts it.
    let measured = runs.iter().filter(|r| !r.unmeasured);
    let mut summaries: Vec<Summary> = crate::group_by(measured, |r| group_key(r))
        .iter()
        .map(|(_, group)| summarise_group(group))
        .collect();
    let speedups: Vec<Option<f64>> = summaries
        .iter()
        .map(|s| {
            let baseline_model = baseline_of(&s.model);
            let baseline = summaries.iter().find(|b| {
                b.model == baseline_model
                    && !b.failed()
                    && b.workload == s.workload
                    && b.cpu_work == s.cpu_work
                    && b.worker_cpus == s.worker_cpus
            })?;
            (!s.failed()).then(|| baseline.wall_ms.median / s.wall_ms.median)
        })
        .collect();
    for (summary, speedup) in summaries.iter_mut().zip(speedups) {
        summary.speedup = speedup;
    }
    summaries
}

/// The median of `measure` over the runs that have it; `None` when none does.
pub(crate) fn measured_median(
    runs: &[&RunRecord],
    measure: impl Fn(&RunRecord) -> Option<f64>,
) -> Option<f64> {
    let values: Vec<f64> = runs.iter().filter_map(|r| measure(r)).collect();
    fanout_core::stats::median(&values)
}

/// The run whose wall time is the group's median: for an even count, the faster of the middle
/// two. A run's own figures add up; medians of each figure taken apart need not.
fn middle_run<'a>(good: &[&'a RunRecord]) -> Option<&'a RunRecord> {
    let mut sorted = good.to_vec();
    sorted.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    sorted.get(sorted.len().saturating_sub(1) / 2).copied()
}

/// The summary of one group's repeats.
pub(crate) fn summarise_group(group: &[&RunRecord]) -> Summary {
    let first = group[0];
    let good: Vec<&RunRecord> = group.iter().copied().filter(|r| r.succeeded()).collect();
    let median =
        |measure: fn(&RunRecord) -> f64| Spread::of(good.iter().map(|r| measure(r))).median;
    let server_cpu = {
        let per_request: Vec<f64> = good
            .iter()
            .filter(|r| r.server_requests > 0)
            .filter_map(|r| Some(r.server_cpu_ms? * 1000.0 / r.server_requests as f64))
            .collect();
        (!per_request.is_empty()).then(|| Spread::of(per_request))
    };
    Summary {
        workload: first.workload.clone(),
        model: first.model.clone(),
        concurrency: first.concurrency,
        cpu_work: first.cpu_work,
        server_instances: first.server_instances,
        worker_cpus: first.worker_cpus.clone(),
        runs: good.len(),
        failed_runs: group.len() - good.len(),
        first_error: group.iter().find_map(|r| {
            r.error
                .clone()
                .or_else(|| (!r.verified).then(|| "failed verification".to_owned()))
        }),
        wall_ms: Spread::of(good.iter().map(|r| r.wall_ms)),
        ideal_ms: first.ideal_ms,
        efficiency: median(|r| r.efficiency),
        speedup: None,
        cpu_ms: measured_median(&good, RunRecord::run_cpu_ms),
        cpu_user_ms: measured_median(&good, |r| r.run_cpu_user_ms),
        cpu_sys_ms: measured_median(&good, |r| r.run_cpu_sys_ms),
        process_cpu_ms: median(|r| r.cpu_user_ms + r.cpu_sys_ms),
        python: good.iter().find_map(|r| r.python.clone()),
        peak_rss_kib: median(|r| r.peak_rss_kib as f64),
        baseline_rss_kib: median(|r| r.baseline_rss_kib as f64),
        baseline_vm_kib: median(|r| r.baseline_vm_kib as f64),
        peak_vm_kib: median(|r| r.peak_vm_kib as f64),
        peak_threads: median(|r| r.peak_threads as f64),
        peak_processes: median(|r| r.peak_processes as f64),
        p50_ms: median(|r| r.latency_ms.p50),
        p99_ms: median(|r| r.latency_ms.p99),
        response_p50_ms: measured_median(&good, |r| r.response_ms.map(|l| l.p50)),
        response_p99_ms: measured_median(&good, |r| r.response_ms.map(|l| l.p99)),
        server_slow_runs: good
            .iter()
            .filter(|r| r.server_added_ms.is_some_and(|added| over_limit(&added)))
            .count(),
        server_peak_in_flight: median(|r| r.server_peak_in_flight as f64),
        client_peak_in_flight: median(|r| r.client_peak_in_flight as f64),
        server_requests: median(|r| r.server_requests as f64),
        failures_unseen_by_server: good.iter().any(|r| r.requests.failed_total() > 0)
            && good
                .iter()
                .all(|r| r.server_requests > 0 && r.server_requests <= r.requests.ok),
        budget: middle_run(&good).map(Budget::of),
        rss_parts: {
            let read: Vec<fanout_core::results::RssParts> =
                good.iter().filter_map(|r| r.rss_parts_kib).collect();
            let part = |f: fn(&fanout_core::results::RssParts) -> u64| {
                Spread::of(read.iter().map(|p| f(p) as f64)).median as u64
            };
            (!read.is_empty()).then(|| fanout_core::results::RssParts {
                stacks_kib: part(|p| p.stacks_kib),
                heap_kib: part(|p| p.heap_kib),
                other_anon_kib: part(|p| p.other_anon_kib),
                file_kib: part(|p| p.file_kib),
            })
        },
        server_cpu_us_per_request: server_cpu.map(|spread| spread.median),
        server_cpu_us_interval: server_cpu.and_then(|spread| spread.interval),
        walls: good.iter().map(|r| r.wall_ms).collect(),
        busy_runs: group.iter().filter(|r| r.busy_machine()).count(),
        medians: crate::columns::medians(&good),
        ok: good.iter().map(|r| r.requests.ok).sum(),
        failed: good.iter().map(|r| r.requests.failed_total()).sum(),
        failed_by_kind: good.iter().flat_map(|r| &r.requests.failed).fold(
            BTreeMap::new(),
            |mut all, (kind, n)| {
                *all.entry(kind.clone()).or_default() += n;
                all
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanout_core::results::RequestCounts;

    #[test]
    fn spread_of_odd_and_even_counts() {
        let spread = Spread::of([3.0, 1.0, 2.0]);
        assert_eq!(
            (spread.median, spread.min, spread.max, spread.outliers),
            (2.0, 1.0, 3.0, 0)
        );
        assert!(
            spread
                .interval
                .is_some_and(|(low, high)| low < 2.0 && high > 2.0)
        );
        assert_eq!(Spread::of([4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(Spread::of([]), Spread::default());
    }

    fn run(model: &str, concurrency: usize, wall_ms: f64) -> RunRecord {
        RunRecord {
            model: model.into(),
            workload: "quick".into(),
            concurrency,
            wall_ms,
            verified: true,
            ..RunRecord::default()
        }
    }

    #[test]
    fn speedup_is_relative_to_sequential_on_the_same_workload() {
        let runs = [
            run("sequential", 1, 1000.0),
            run("sequential", 1, 1200.0),
            run("sequential", 1, 1100.0),
            run("threads", 10, 110.0),
            run("threads", 10, 100.0),
            run("threads", 10, 120.0),
        ];
        let summaries = summarise(&runs);
        assert_eq!(summaries.len(), 2);
        let wall = summaries[0].wall_ms;
        assert_eq!((wall.median, wall.min, wall.max), (1100.0, 1000.0, 1200.0));
        assert_eq!(summaries[0].speedup, Some(1.0));
        assert_eq!(summaries[1].speedup, Some(10.0));
    }

    #[test]
    fn a_python_row_is_measured_against_python_one_at_a_time_on_its_own_interpreter() {
        assert_eq!(baseline_of("tokio"), "sequential");
        assert_eq!(baseline_of("py-asyncio"), "py-sequential");
        assert_eq!(baseline_of("py-threads-gil"), "py-sequential-gil");
        assert_eq!(baseline_of("py-threads-nogil"), "py-sequential-nogil");
        let runs = [
            run("sequential", 1, 1000.0),
            run("py-sequential", 1, 4000.0),
            run("py-asyncio", 10, 400.0),
            run("py-threads-nogil", 10, 100.0),
        ];
        let summaries = summarise(&runs);
        let speedup = |model: &str| summaries.iter().find(|s| s.model == model).unwrap().speedup;
        assert_eq!(speedup("py-asyncio"), Some(10.0));
        // No py-sequential-nogil ran: no baseline, so no speedup rather than Rust's.
        assert_eq!(speedup("py-threads-nogil"), None);
    }

    #[test]
    fn failures_the_server_never_saw_are_told_from_those_it_did() {
        let lost = |server_requests| {
            let mut r = run("py-asyncio", 10, 100.0);
            r.requests = RequestCounts {
                total: 10,
                ok: 4,
                failed: BTreeMap::from([("timeout".to_owned(), 6)]),
            };
            r.server_requests = server_requests;
            summarise(&[r])[0].failures_unseen_by_server
        };
        assert!(lost(4));
        // The server saw some of the failed ones: they failed after reaching it.
        assert!(!lost(7));
        // A server that said nothing says nothing of them.
        assert!(!lost(0));
    }

    #[test]
    fn failed_repeats_are_left_out_of_medians_and_counted() {
        let mut broken = run("threads", 10, 1.0);
        broken.error = Some("worker killed by signal 9".into());
        let runs = [run("threads", 10, 100.0), broken];
        let summary = &summarise(&runs)[0];
        assert_eq!((summary.runs, summary.failed_runs), (1, 1));
        assert_eq!(summary.wall_ms.median, 100.0);
        assert_eq!(
            summary.first_error.as_deref(),
            Some("worker killed by signal 9")
        );
    }

    #[test]
    fn runs_where_the_server_added_over_its_limit_are_counted() {
        let added = |p99: f64| {
            Some(fanout_core::LatencySummary {
                p50: 0.2,
                p90: 0.5,
                p99,
                max: p99 * 2.0,
            })
        };
        let runs = [
            RunRecord {
                server_added_ms: added(0.4),
                ..run("tokio", 100, 120.0)
            },
            RunRecord {
                server_added_ms: added(SERVER_ADDED_LIMIT_MS + 0.5),
                ..run("tokio", 100, 125.0)
            },
            // Written before the server stamped its responses: not counted either way.
            run("tokio", 100, 122.0),
        ];
        let summary = &summarise(&runs)[0];
        assert_eq!(summary.server_slow_runs, 1);
        assert_eq!(summary.medians.get("server_added_p99_ms"), Some(&0.95));
    }
}
