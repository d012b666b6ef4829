//! Two results files, group by group, as a regression gate: for every (model, workload,
//! concurrency, CPU work, server instances, pinned CPUs) measured in both, the two median wall
//! times and Welch's t-test on log times (see [`super::stats`]): faster, slower or no change,
//! and whether NEW broke or lost a group.

use fanout_core::results::Results;

use super::stats::{CONFIDENCE, Welch, welch};
use super::summary::{GroupKey, Summary, group_key, summarise_group};

/// What the comparison says of one group.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Verdict {
    /// Significantly faster.
    Faster,
    /// Significantly slower.
    Slower,
    /// No significant change either way.
    NoChange,
    /// Fewer than two successful repeats on a side: no test is possible.
    TooFewRepeats,
    /// In OLD, not in NEW: the model or the level vanished.
    Missing,
    /// In NEW, but broken there: runs that failed as a whole, or more failed requests than in
    /// OLD.
    Broke(Broken),
    /// Only in NEW: listed, not judged.
    New,
}

/// One group of either file.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    /// The group's model.
    pub model: String,
    /// Its workload.
    pub workload: String,
    /// Its concurrency.
    pub concurrency: usize,
    /// Its units of CPU work a page.
    pub cpu_work: u32,
    /// Median wall time of the side's successful repeats; `None` where it has none.
    pub old_median_ms: Option<f64>,
    /// The same for NEW.
    pub new_median_ms: Option<f64>,
    /// Welch's test on log times, where both sides have two repeats or more.
    pub test: Option<Welch>,
    /// What the comparison says.
    pub verdict: Verdict,
    /// Significantly slower by more than the threshold, missing in NEW, or broken there.
    pub regression: bool,
}

/// Each group of `results`, in the order the groups first appear. Runs that were not started
/// (`not_run`, the sweep's own limit) or were cut off by something outside the model
/// (`unmeasured`) count for nothing.
fn groups(results: &Results) -> Vec<(GroupKey, Summary)> {
    let made = results
        .runs
        .iter()
        .filter(|run| !run.not_run && !run.unmeasured);
    crate::group_by(made, |run| group_key(run))
        .into_iter()
        .map(|(key, runs)| (key, summarise_group(&runs)))
        .collect()
}

/// How a group broke in NEW.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Broken {
    /// Runs failed as a whole.
    Runs {
        /// Runs that failed.
        failed: usize,
        /// Runs in all.
        runs: usize,
        /// The first failed run's error, if it gave one.
        first_error: Option<String>,
    },
    /// More failed requests a run than in OLD.
    Requests {
        /// Failed requests per successful run in NEW.
        new_per_run: f64,
        /// The same in OLD.
        old_per_run: f64,
    },
}

/// How `new` broke, if it did: any run that failed as a whole, or more failed requests a run
/// than `old`.
fn broke(old: &Summary, new: &Summary) -> Option<Broken> {
    if new.failed_runs > 0 {
        return Some(Broken::Runs {
            failed: new.failed_runs,
            runs: new.runs + new.failed_runs,
            first_error: new.first_error.clone(),
        });
    }
    if !new.failed() && new.failed_per_run() > old.failed_per_run() {
        return Some(Broken::Requests {
            new_per_run: new.failed_per_run(),
            old_per_run: old.failed_per_run(),
        });
    }
    None
}

/// Compares `new` against `old`. A group of OLD is a regression when NEW has no runs of it,
/// when NEW's runs of it failed (more runs failed as a whole, or more failed requests a run),
/// or when it is significantly slower (p < 0.05) by more than `threshold` (0.05 for 5%).
/// Groups only in NEW are listed as new. Groups that completed no run in OLD have nothing to
/// regress from. An error when the files have no group in common.
pub fn compare(old: &Results, new: &Results, threshold: f64) -> Result<Vec<Change>, String> {
    let old_groups = groups(old);
    let new_groups = groups(new);
    if !old_groups
        .iter()
        .any(|(k, _)| new_groups.iter().any(|(g, _)| g == k))
    {
        return Err(
            "the two files have no (model, workload, concurrency, CPU work) in common; compare \
             runs of the same models and workloads"
                .to_owned(),
        );
    }
    let change = |k: &GroupKey, old: Option<&Summary>, new: Option<&Summary>| {
        let (workload, model, concurrency, cpu_work, _, _) = k.clone();
        let median_of =
            |group: Option<&Summary>| group.filter(|g| !g.failed()).map(|g| g.wall_ms.median);
        Change {
            model,
            workload,
            concurrency,
            cpu_work,
            old_median_ms: median_of(old),
            new_median_ms: median_of(new),
            test: None,
            verdict: Verdict::NoChange,
            regression: false,
        }
    };
    let mut changes = Vec::new();
    for (k, old_group) in old_groups.iter().filter(|(_, g)| !g.failed()) {
        let new_group = new_groups.iter().find(|(g, _)| g == k).map(|(_, g)| g);
        let mut c = change(k, Some(old_group), new_group);
        match new_group {
            None => {
                c.verdict = Verdict::Missing;
                c.regression = true;
            }
            Some(new_group) => {
                if let Some(why) = broke(old_group, new_group) {
                    c.verdict = Verdict::Broke(why);
                    c.regression = true;
                } else {
                    c.test = welch(&old_group.walls, &new_group.walls);
                    c.verdict = match c.test {
                        None => Verdict::TooFewRepeats,
                        Some(t) if t.p < 1.0 - CONFIDENCE && t.ratio > 1.0 => Verdict::Slower,
                        Some(t) if t.p < 1.0 - CONFIDENCE && t.ratio < 1.0 => Verdict::Faster,
                        Some(_) => Verdict::NoChange,
                    };
                    c.regression = c.verdict == Verdict::Slower
                        && c.new_median_ms
                            .zip(c.old_median_ms)
                            .is_some_and(|(new_ms, old_ms)| new_ms > old_ms * (1.0 + threshold));
                }
            }
        }
        changes.push(c);
    }
    for (k, new_group) in &new_groups {
        if !old_groups.iter().any(|(g, _)| g == k) {
            let mut c = change(k, None, Some(new_group));
            c.verdict = Verdict::New;
            changes.push(c);
        }
    }
    Ok(changes)
}
