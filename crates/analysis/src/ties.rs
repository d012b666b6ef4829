//! Which models the data cannot tell apart: their medians' 95% intervals overlap.

use super::stats::overlap;
use super::summary::Summary;

/// The models at the same level as `summary`, among `peers`, whose median wall time the data
/// cannot tell from its own: their 95% intervals overlap. A group whose runs lost requests did
/// not do the whole job, so its time is compared with none.
pub fn indistinguishable<'a>(summary: &Summary, peers: &[&'a Summary]) -> Vec<&'a str> {
    let Some(own) = summary.wall_ms.interval.filter(|_| summary.failed == 0) else {
        return Vec::new();
    };
    peers
        .iter()
        .filter(|p| {
            p.model != summary.model && same_level(p, summary) && !p.failed() && p.failed == 0
        })
        .filter(|p| p.wall_ms.interval.is_some_and(|i| overlap(own, i)))
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
