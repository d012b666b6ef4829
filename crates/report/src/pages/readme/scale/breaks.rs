//! Where each model broke on `c10k`: who reached the top level, who completed it with fewer
//! requests out, who broke and why.

use std::fmt::Write as _;

use super::costs::reserved_slope;
use super::{WORKLOAD, names};
use crate::analysis::ReportData;
use crate::analysis::scale::breaking_points;
use crate::analysis::scale::{Cause, above_idle_mib, in_flight};
use crate::analysis::summary::Summary;
use crate::pages::format;
use crate::pages::format::{and_list, range};

/// Who reached the top level, who completed it with fewer requests out, who broke and why.
pub(super) fn breaks(
    data: &ReportData,
    groups: &[&Summary],
    high: usize,
    not_run: &[String],
) -> String {
    let completed: Vec<&Summary> = groups
        .iter()
        .copied()
        .filter(|s| s.concurrency == high && !s.failed() && s.failed == 0 && s.failed_runs == 0)
        .collect();
    let (reached, short): (Vec<&Summary>, Vec<&Summary>) = completed
        .into_iter()
        .partition(|s| in_flight(s) >= 0.95 * high as f64);
    let mut out = String::from("- **Where each model breaks.**");
    if !reached.is_empty() {
        let _ = write!(
            out,
            " {} had {} of the {high} requests in flight at once by their own records (medians \
             of each run's peak), with at most {:.0} threads and {} KiB resident a request over \
             an idle worker.",
            names(&reached),
            range(reached.iter().map(|s| in_flight(s)), 0),
            reached.iter().map(|s| s.peak_threads).fold(0.0, f64::max),
            range(
                reached
                    .iter()
                    .map(|s| (s.peak_rss_kib - s.baseline_rss_kib) / high as f64),
                0
            ),
        );
    }
    let threaded: Vec<&Summary> = short
        .iter()
        .copied()
        .filter(|s| s.peak_threads >= 0.1 * high as f64)
        .collect();
    if !threaded.is_empty() {
        let _ = write!(
            out,
            " {} completed every request too, with {} threads alive at their peak and {} \
             requests in flight at once by their own records, of which the server held {} \
             (each the median of the runs' peaks; results/README.md says what the server's \
             count leaves out). They held {} MiB resident and {} GiB of reserved address \
             space.",
            names(&threaded),
            range(threaded.iter().map(|s| s.peak_threads), 0),
            range(threaded.iter().map(|s| in_flight(s)), 0),
            range(threaded.iter().map(|s| s.server_peak_in_flight), 0),
            range(threaded.iter().map(|s| above_idle_mib(s).0), 0),
            range(threaded.iter().map(|s| above_idle_mib(s).1 / 1024.0), 1),
        );
        if let Some(slope) = reserved_slope(data, "threads") {
            let _ = write!(
                out,
                " Between the two lowest levels each request asked of `threads` adds {slope:.1} \
                 MiB reserved: a thread's stack (2 MiB in Rust) and a little."
            );
        }
    }
    let others: Vec<&Summary> = short
        .iter()
        .copied()
        .filter(|s| s.peak_threads < 0.1 * high as f64)
        .collect();
    if !others.is_empty() {
        let _ = write!(
            out,
            " {} completed with at most {} requests in flight by their own records.",
            names(&others),
            range(others.iter().map(|s| in_flight(s)), 0)
        );
    }
    let points = breaking_points(data, WORKLOAD);
    let broke: Vec<String> = points
        .iter()
        .filter_map(|p| {
            let (level, why) = p.broke.as_ref()?;
            (!matches!(why, Cause::NotRun(_)))
                .then(|| format!("`{}` at {level} ({})", p.model, format::cause(why)))
        })
        .collect();
    if !broke.is_empty() {
        let _ = write!(
            out,
            " Above the highest level each completed, a run failed or lost requests: {}.",
            and_list(&broke)
        );
    }
    let lower: Vec<String> = points
        .iter()
        .flat_map(|p| {
            p.lower
                .iter()
                .map(|(level, why)| format!("`{}` at {level} ({})", p.model, format::cause(why)))
        })
        .collect();
    if !lower.is_empty() {
        let _ = write!(
            out,
            " Below it, though it completed higher: {}.",
            and_list(&lower)
        );
    }
    if !not_run.is_empty() {
        let _ = write!(
            out,
            " {} {} one or two requests in flight, so the ideal time is over the suite's \
             limit: recorded as not run.",
            and_list(not_run),
            if not_run.len() == 1 { "keeps" } else { "keep" }
        );
    }
    out.push('\n');
    out
}
