//! Scale: the workloads swept to thousands of requests in flight, how far each model got on
//! them, and what stopped it.

use super::data::ReportData;
use super::summary::Summary;

/// A workload whose sweep reaches this many requests in flight is a scale workload.
pub const SCALE_LEVEL: usize = 5_000;

/// Workloads swept up to [`SCALE_LEVEL`] or beyond, in the order they were run.
pub fn scale_workloads(data: &ReportData) -> Vec<String> {
    data.workloads()
        .into_iter()
        .filter(|w| data.levels(w).last().is_some_and(|top| *top >= SCALE_LEVEL))
        .collect()
}

/// How far one model got on one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakingPoint {
    /// The model.
    pub model: String,
    /// The highest concurrency at which every repeat completed with every request answered;
    /// `None` if no level did.
    pub completed: Option<usize>,
    /// The first level above that which did not complete, and what stopped it there; `None`
    /// if there is none.
    pub broke: Option<(usize, Cause)>,
    /// Levels below `completed` that did not complete either, and why: a model can lose a
    /// few requests at one level and finish a higher one cleanly.
    pub lower: Vec<(usize, Cause)>,
}

/// Each model's breaking point on `workload`, in legend order.
pub fn breaking_points(data: &ReportData, workload: &str) -> Vec<BreakingPoint> {
    data.models(workload)
        .into_iter()
        .map(|model| {
            let mut levels: Vec<&Summary> = data
                .summaries
                .iter()
                .filter(|s| s.workload == workload && s.model == model)
                .collect();
            levels.sort_by_key(|s| s.concurrency);
            let completed = levels
                .iter()
                .rev()
                .find(|s| clean(s))
                .map(|s| s.concurrency);
            let above = |s: &&&Summary| completed.is_none_or(|c| s.concurrency > c);
            let broke = levels
                .iter()
                .filter(above)
                .find(|s| !clean(s))
                .map(|s| (s.concurrency, cause(s)));
            let lower = levels
                .iter()
                .filter(|s| completed.is_some_and(|c| s.concurrency < c) && !clean(s))
                .map(|s| (s.concurrency, cause(s)))
                .collect();
            BreakingPoint {
                model,
                completed,
                broke,
                lower,
            }
        })
        .collect()
}

/// What stopped a group: the run's error, classified, or its failed requests.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    /// Not started (`not run: ...`): the reason the sweep gave, after its prefix.
    NotRun(String),
    /// Killed at its deadline.
    Deadline,
    /// The process ran out of file descriptors.
    OpenFiles,
    /// Threads were refused; the error.
    Threads(String),
    /// Memory ran out; the error.
    Memory(String),
    /// Any other error.
    Other(String),
    /// Requests failed: the commonest kind, how many of them, and the requests in all.
    Requests {
        /// The error kind.
        kind: String,
        /// Requests that failed with it.
        failed: u64,
        /// Requests over the group's completed repeats.
        total: u64,
    },
    /// Every request answered, but the run failed verification.
    Verification,
}

/// What stopped a group.
pub fn cause(summary: &Summary) -> Cause {
    if let Some(error) = summary.first_error.as_deref() {
        let lower = error.to_lowercase();
        let found = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        return if let Some(rest) = error.strip_prefix("not run: ") {
            Cause::NotRun(rest.to_owned())
        } else if found(&["deadline"]) {
            Cause::Deadline
        } else if found(&["too many open files", "open files", "emfile"]) {
            Cause::OpenFiles
        } else if found(&["thread", "resource temporarily unavailable", "spawn"]) {
            Cause::Threads(error.to_owned())
        } else if found(&["memory", "cannot allocate", "signal 9", "oom"]) {
            Cause::Memory(error.to_owned())
        } else {
            Cause::Other(error.to_owned())
        };
    }
    let most = summary
        .failed_by_kind
        .iter()
        .min_by_key(|(_, n)| std::cmp::Reverse(**n));
    match most {
        Some((kind, n)) => Cause::Requests {
            kind: (*kind).clone(),
            failed: *n,
            total: summary.ok + summary.failed,
        },
        None => Cause::Verification,
    }
}

/// Every level `model` completed on `workload` (every repeat, every request), lowest first.
pub fn completed_levels<'a>(data: &'a ReportData, workload: &str, model: &str) -> Vec<&'a Summary> {
    let mut levels = data.series(workload, model);
    levels.retain(|s| clean(s));
    levels
}

/// The level of `model` on `workload`, among those it completed, where it had the most requests
/// in flight by its own records.
pub fn most_in_flight<'a>(
    data: &'a ReportData,
    workload: &str,
    model: &str,
) -> Option<&'a Summary> {
    completed_levels(data, workload, model)
        .into_iter()
        .max_by(|a, b| in_flight(a).total_cmp(&in_flight(b)))
}

/// Whether `model` was not run at any level of any of the workloads in `points`.
pub fn not_run_anywhere(points: &[Vec<BreakingPoint>], model: &str) -> bool {
    points
        .iter()
        .flatten()
        .filter(|p| p.model == model)
        .all(|p| p.completed.is_none() && matches!(p.broke, Some((_, Cause::NotRun(_)))))
}

/// Every repeat completed with every request answered.
fn clean(summary: &Summary) -> bool {
    summary.failed_runs == 0 && summary.failed == 0 && !summary.failed()
}

/// Resident and reserved memory a run used over an idle worker, in MiB.
pub fn above_idle_mib(summary: &Summary) -> (f64, f64) {
    (
        (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / 1024.0,
        (summary.peak_vm_kib - summary.baseline_vm_kib).max(0.0) / 1024.0,
    )
}

/// The requests a run really had in flight at once (at least 1): the model's own count from
/// its records (a request from its start to its response headers), or, in files written before
/// that was counted, the server's; the concurrency asked for where neither said.
pub fn in_flight(summary: &Summary) -> f64 {
    [summary.client_peak_in_flight, summary.server_peak_in_flight]
        .into_iter()
        .find(|&count| count > 0.0)
        .unwrap_or(summary.concurrency as f64)
        .max(1.0)
}
