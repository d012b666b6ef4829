//! Where each model broke on `c10k`: who reached the top level, who completed it with fewer
//! requests out, who broke and why.

use minijinja::{Value, context};

use super::WORKLOAD;
use super::costs::reserved_slope;
use crate::analysis::ReportData;
use crate::analysis::scale::breaking_points;
use crate::analysis::scale::{Cause, above_idle_mib, in_flight};
use crate::analysis::summary::Summary;
use crate::pages::format;

/// Who reached the top level, who completed it with fewer requests out (with many threads or
/// not), who broke and why, and the models never run.
pub(super) fn breaks(
    data: &ReportData,
    groups: &[&Summary],
    high: usize,
    not_run: &[String],
) -> Value {
    let completed = groups
        .iter()
        .copied()
        .filter(|s| s.concurrency == high && !s.failed() && s.failed == 0 && s.failed_runs == 0);
    let (reached, short): (Vec<&Summary>, Vec<&Summary>) =
        completed.partition(|s| in_flight(s) >= 0.95 * high as f64);
    let (threaded, others): (Vec<&Summary>, Vec<&Summary>) = short
        .into_iter()
        .partition(|s| s.peak_threads >= 0.1 * high as f64);
    let figures = |groups: Vec<&Summary>| -> Vec<Value> {
        groups
            .iter()
            .map(|s| {
                context! {
                    model => s.model,
                    in_flight => in_flight(s),
                    threads => s.peak_threads,
                    server => s.server_peak_in_flight,
                    rss_mib => above_idle_mib(s).0,
                    vm_gib => above_idle_mib(s).1 / 1024.0,
                    kib_a_request => (s.peak_rss_kib - s.baseline_rss_kib) / high as f64,
                }
            })
            .collect()
    };
    let failure = |model: &str, level: &usize, why: &Cause| {
        context! { model, level, cause => format::cause(why) }
    };
    let points = breaking_points(data, WORKLOAD);
    let broke: Vec<Value> = points
        .iter()
        .filter_map(|p| {
            let (level, why) = p.broke.as_ref()?;
            (!matches!(why, Cause::NotRun(_))).then(|| failure(&p.model, level, why))
        })
        .collect();
    let lower: Vec<Value> = points
        .iter()
        .flat_map(|p| {
            p.lower
                .iter()
                .map(|(level, why)| failure(&p.model, level, why))
        })
        .collect();
    context! {
        reached => figures(reached),
        threaded => figures(threaded),
        others => figures(others),
        slope => reserved_slope(data, "threads"),
        broke,
        lower,
        not_run,
    }
}
