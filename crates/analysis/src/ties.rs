//! Which models the data cannot tell apart: their medians' 95% intervals overlap; and how one
//! group stands against others where the data can.

use serde::Serialize;

use super::stats::overlap;
use super::summary::Summary;

/// How one group's wall time stands against others' (see [`Summary::against_all`]); a
/// template sees `faster`, `slower` or `untold`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    /// Told apart from each of the others, and below each.
    Faster,
    /// Told apart from one of the others, and above it.
    Slower,
    /// Neither.
    Untold,
}

impl Summary {
    /// Whether the runs tell this group's wall time from `other`'s: both have a 95% interval
    /// and the two do not overlap.
    pub fn apart_from(&self, other: &Summary) -> bool {
        let both = self.wall_ms.interval.zip(other.wall_ms.interval);
        both.is_some_and(|(own, other)| !overlap(own, other))
    }

    /// Whether both have a 95% interval and the two overlap: the runs cannot tell them apart.
    /// (With a single run, neither this nor [`Summary::apart_from`] holds.)
    pub fn overlaps(&self, other: &Summary) -> bool {
        let both = self.wall_ms.interval.zip(other.wall_ms.interval);
        both.is_some_and(|(own, other)| overlap(own, other))
    }

    /// How this group's wall time stands against every one of `others`: faster where the runs
    /// tell it from each and it is below each, slower where they tell it from one it is above,
    /// else untold. With none to stand against, untold.
    pub fn against_all(&self, others: &[&Summary]) -> Standing {
        if !others.is_empty()
            && others
                .iter()
                .all(|o| self.apart_from(o) && self.wall_ms.median < o.wall_ms.median)
        {
            Standing::Faster
        } else if others
            .iter()
            .any(|o| self.apart_from(o) && self.wall_ms.median > o.wall_ms.median)
        {
            Standing::Slower
        } else {
            Standing::Untold
        }
    }
}

/// The models at the same level as `summary`, among `peers`, whose median wall time the data
/// cannot tell from its own: their 95% intervals overlap. A group whose runs lost requests did
/// not do the whole job, so its time is compared with none.
pub fn indistinguishable<'a>(summary: &Summary, peers: &[&'a Summary]) -> Vec<&'a str> {
    peers
        .iter()
        .filter(|p| {
            p.model != summary.model && same_level(p, summary) && !p.failed() && p.failed == 0
        })
        .filter(|p| summary.failed == 0 && summary.overlaps(p))
        .map(|p| p.model.as_str())
        .collect()
}

/// Whether the data cannot tell `summary` from the fastest model at its level (or, for the
/// fastest, from another model there).
pub fn tied_with_fastest(summary: &Summary, peers: &[&Summary]) -> bool {
    let same = indistinguishable(summary, peers);
    let fastest = peers
        .iter()
        .filter(|p| same_level(p, summary) && p.worker_cpus == summary.worker_cpus && !p.failed())
        .min_by(|a, b| a.wall_ms.median.total_cmp(&b.wall_ms.median));
    match fastest {
        Some(fastest) if fastest.model == summary.model => !same.is_empty(),
        Some(fastest) => same.contains(&fastest.model.as_str()),
        None => false,
    }
}

/// Whether two groups ran the same workload at the same concurrency, CPU work and server size.
fn same_level(a: &Summary, b: &Summary) -> bool {
    (&a.workload, a.concurrency, a.cpu_work, a.server_instances)
        == (&b.workload, b.concurrency, b.cpu_work, b.server_instances)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanout_core::results::RunRecord;

    fn run(model: &str, wall_ms: f64) -> RunRecord {
        RunRecord {
            model: model.into(),
            workload: "quick".into(),
            concurrency: 10,
            wall_ms,
            verified: true,
            ..RunRecord::default()
        }
    }

    #[test]
    fn a_group_is_faster_than_others_only_where_the_runs_tell_it_from_each() {
        let group = |model: &str, walls: [f64; 3]| {
            let runs: Vec<_> = walls.iter().map(|&w| run(model, w)).collect();
            crate::summarise(&runs).remove(0)
        };
        let fast = group("tokio", [100.0, 101.0, 102.0]);
        let slow = group("threads", [200.0, 201.0, 202.0]);
        let noisy = group("smol", [90.0, 200.0, 400.0]);
        assert_eq!(fast.against_all(&[&slow]), Standing::Faster);
        assert_eq!(slow.against_all(&[&fast]), Standing::Slower);
        // Below both medians, but the runs cannot tell it from the noisy one.
        assert_eq!(fast.against_all(&[&slow, &noisy]), Standing::Untold);
        assert_eq!(fast.against_all(&[]), Standing::Untold);
    }
}
