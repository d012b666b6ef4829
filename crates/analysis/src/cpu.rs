//! CPU: what a request cost in CPU time, and the sweeps over the job's CPU work a page.

use super::data::ReportData;

/// Microseconds of the run's CPU per request: (user, system), adding up to the median of each
/// repeat's total (the tables' figure), split in the ratio of the median user and system
/// times; `None` for a group whose runs did not measure their run's CPU.
pub fn per_request_us(summary: &crate::Summary) -> Option<(f64, f64)> {
    let requests = summary
        .requests_per_run()
        .max(1.0 / summary.runs.max(1) as f64);
    let total = summary.cpu_ms? * 1000.0 / requests;
    let (user, system) = (summary.cpu_user_ms?, summary.cpu_sys_ms?);
    let user_share = if user + system > 0.0 {
        user / (user + system)
    } else {
        1.0
    };
    Some((total * user_share, total * (1.0 - user_share)))
}

/// The (workload, concurrency) pairs that were run at three levels of CPU work or more.
pub fn sweeps(data: &ReportData) -> Vec<(String, usize)> {
    crate::group_by(&data.all, |s| (s.workload.clone(), s.concurrency))
        .into_iter()
        .filter(|(_, groups)| crate::distinct(groups.iter().map(|s| s.cpu_work)).len() > 2)
        .map(|(key, _)| key)
        .collect()
}
