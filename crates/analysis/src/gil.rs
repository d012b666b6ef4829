//! The GIL experiment (lesson 2): the same CPU-bound program on 1, 2 and 4 threads, for
//! Python's threads with the lock forced on and off and on the default interpreter, beside
//! Rust's threads and its simulated lock.

use super::data::ReportData;
use super::summary::Summary;

/// The workload lesson 2 runs on.
pub const WORKLOAD: &str = "cpu";
/// Units of CPU work a page for the Python models.
pub const PYTHON_WORK: u32 = 30;
/// Units of CPU work a page for the Rust models, which do the same work much faster.
pub const RUST_WORK: u32 = 600;

/// The models drawn, each with its units of CPU work a page.
pub const MODELS: &[(&str, u32)] = &[
    ("py-threads-gil", PYTHON_WORK),
    ("py-threads-nogil", PYTHON_WORK),
    ("py-threads", PYTHON_WORK),
    ("threads", RUST_WORK),
    ("gil-threads", RUST_WORK),
];

/// The thread counts drawn.
pub const THREADS: &[usize] = &[1, 2, 4];

/// Each model of the GIL experiment that ran on 1 thread and more: its groups at [`THREADS`],
/// 1 first.
pub fn gil_series(data: &ReportData) -> Vec<(&'static str, Vec<&Summary>)> {
    MODELS
        .iter()
        .filter_map(|&(model, work)| {
            let mut groups = data.series_at_work(model, WORKLOAD, work);
            groups.retain(|s| s.worker_cpus.is_empty() && THREADS.contains(&s.concurrency));
            (groups.len() >= 2 && groups[0].concurrency == 1).then_some((model, groups))
        })
        .collect()
}
