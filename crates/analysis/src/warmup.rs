//! Warm-up: whether the first repeat of a group, or the first run after the mock server
//! starts, is slower than the others, and how likely chance alone makes what the runs show.

use fanout_core::results::{Results, RunRecord};

use super::stats::at_least_by_chance;
use super::summary::{Spread, group_key};

/// Each results file's very first run, the first after its own mock server started.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FirstRun {
    /// Its wall time over the median of the rest of its group.
    pub ratio: f64,
    /// Whether it was the slowest of its group.
    pub slowest: bool,
    /// Repeats in its group, itself included.
    pub repeats: usize,
}

/// The first repeats of every group of three or more, against the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Warmup {
    /// Each group's first repeat over the median of its other repeats.
    pub ratios: Vec<f64>,
    /// The very first run of each file that started its own server.
    pub firsts: Vec<FirstRun>,
}

impl Warmup {
    /// The first repeats in `results`, one file at a time.
    pub fn of(results: &[Results]) -> Warmup {
        let mut warmup = Warmup::default();
        for result in results {
            // The file's very first run made (runs recorded as not run made nothing): the
            // first after its mock server started, unless the file used a server already
            // running (`--server`).
            let first_made = result.runs.iter().find(|r| !r.not_run);
            let own_server = !result.command.contains("--server ");
            let measured = result.runs.iter().filter(|r| !r.unmeasured);
            for (_, group) in crate::group_by(measured, |r| group_key(r)) {
                let good: Vec<&RunRecord> = group.into_iter().filter(|r| r.succeeded()).collect();
                let first = good.iter().find(|r| r.repeat == 0);
                let others: Vec<f64> = good
                    .iter()
                    .filter(|r| r.repeat > 0)
                    .map(|r| r.wall_ms)
                    .collect();
                let Some(first) = first.filter(|_| good.len() >= 3 && others.len() >= 2) else {
                    continue;
                };
                let ratio = first.wall_ms / Spread::of(others.iter().copied()).median;
                warmup.ratios.push(ratio);
                if own_server && first_made.is_some_and(|made| std::ptr::eq(*first, made)) {
                    warmup.firsts.push(FirstRun {
                        ratio,
                        slowest: others.iter().all(|other| first.wall_ms > *other),
                        repeats: others.len() + 1,
                    });
                }
            }
        }
        warmup
    }

    /// How many of `firsts` were the slowest of their group, how many chance alone would make
    /// so (the first of n repeats is the slowest one time in n), and the probability that
    /// chance makes that many or more.
    pub fn slowest_firsts(firsts: &[FirstRun]) -> (usize, f64, f64) {
        let slowest = firsts.iter().filter(|f| f.slowest).count();
        let chances: Vec<f64> = firsts.iter().map(|f| 1.0 / f.repeats as f64).collect();
        (
            slowest,
            chances.iter().sum(),
            at_least_by_chance(&chances, slowest),
        )
    }
}
